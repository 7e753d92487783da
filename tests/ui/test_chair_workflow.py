"""The chair's whole job through the widgets: from an empty data directory to the bureau bundle.

Four laptops, each its own data directory and database: the chair's and three experts'. Only
files travel between them (on "sticks", folders here): each expert's public key to the chair,
the invitations to the experts, the signed score packages back, the opinion PDF for signature
out and back.  Every step a person takes goes through the widgets of the app that person
runs — the chair's workspace (registry, setup, panel, collect, review tabs) and the expert's
screens (login, 我的公钥, invitation, profile, declaration, scoring by keyboard, submit) —
and the chair's 绩效表/意见 and 定稿与签名 tabs with the expert's 签署验收意见 screen.  The numbers are checked against
an independent calculation at each place the chair sees them, and the final PDF's signatures
against poppler's ``pdfsig``.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from datetime import date
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from qjsc_panel.domain.credit_code import with_check
from qjsc_panel.services.app import App
from tests.ui.conftest import type_text
from tests.ui.test_expert_flow import create_and_login, type_cell

CHAIR = "陈组长"
CHAIR_PASS = "chair-passphrase-1"
PANEL_PASS = "panel-passphrase-1"
EXPERT_PASS = "expert-passphrase-1"
# Each expert scores every item at this share of its maximum (on the item's step).
EXPERTS = {"李专家": Decimal("0.9"), "王专家": Decimal("0.8"), "赵专家": Decimal("0.85")}
ENTERPRISE = "深圳市某电路有限公司"
VISIT = date(2026, 12, 10)
# Thresholds of the default form (forms/default-2025.json): 合格 from 60, 优秀 from 75.
PASS_AT, EXCELLENT_AT = Decimal(60), Decimal(75)


@pytest.fixture(autouse=True)
def fast_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    from qjsc_panel.exchange import crypto

    monkeypatch.setattr(crypto, "SCRYPT_N", 2**10)


def laptop(qtbot: QtBot, home: Path) -> Any:
    """The app as the entry point builds it on one laptop, at 1366×768."""
    from qjsc_panel.ui.app import make_app
    from qjsc_panel.ui.main_window import MainWindow

    make_app()
    w = MainWindow(App(home=home, db_path=home / "qjsc-panel.sqlite3"))
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    w.start_backend()
    return w


def pick(combo: Any, text: str) -> None:
    combo.setCurrentIndex(next(i for i in range(combo.count()) if text in combo.itemText(i)))


def select_row(table: Any, text: str) -> None:
    row = next(r for r in range(table.rowCount()) if table.item(r, 0) and table.item(r, 0).text() == text)
    table.setCurrentCell(row, 0)


def score_of(item: Any, share: Decimal) -> Decimal:
    """The expert's score of an item: ``share`` of the maximum, down to the item's step."""
    top, step = Decimal(item.max_points), Decimal(item.step)
    return (top * share / step).to_integral_value(rounding=ROUND_FLOOR) * step


def fill_registry(qtbot: QtBot, ctx: App) -> None:
    """A chair without a secretary registers the enterprise, the consultancy and the pool."""
    from qjsc_panel.ui.chair.setup_tab import RegistryDialog

    reg = RegistryDialog(ctx)
    qtbot.addWidget(reg)
    ents: Any = reg.pages["enterprises"]
    ents.name.setText(ENTERPRISE)
    ents.code.setText(with_check("91440300MA5F12345"))
    ents.established.setDate(date(2012, 6, 18))
    qtbot.mouseClick(ents.add_button, Qt.MouseButton.LeftButton)
    firms: Any = reg.pages["consultancies"]
    firms.name.setText("某咨询公司")
    qtbot.mouseClick(firms.add_button, Qt.MouseButton.LeftButton)
    pool: Any = reg.pages["pool"]
    for name, years in ((CHAIR, 25), *((n, 15) for n in EXPERTS)):
        pool.name.setText(name)
        pool.level.setCurrentIndex(pool.level.findData("senior"))
        pool.years.setValue(years)
        pool.employer.setText("某研究院")
        qtbot.mouseClick(pool.add_button, Qt.MouseButton.LeftButton)
    assert pool.table.rowCount() == 4 and ents.table.rowCount() == 1 and firms.table.rowCount() == 1
    reg.close()


def expert_signs_up(qtbot: QtBot, root: Path, name: str) -> tuple[Any, Path]:
    """An expert's laptop: a profile, then 我的公钥 → export the public key to the stick."""
    w = laptop(qtbot, root / f"laptop-{name}")
    create_and_login(qtbot, w, name, EXPERT_PASS)
    w.show_my_key()
    page = w.page("mykey")
    assert page.name.text().endswith(name) and len(page.fingerprint.text()) > 40
    out = root / "stick-keys" / f"{name}-public-key.pem"
    out.parent.mkdir(exist_ok=True)
    page.export(out)
    assert page.written == out and out.read_text(encoding="ascii").startswith("-----BEGIN")
    return w, out


def bring_forward(qtbot: QtBot, w: Any) -> None:
    """Four laptops' windows live in one process here: keys go to the active one."""
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=5000)


def expert_scores_and_submits(qtbot: QtBot, w: Any, invitation: Path, share: Decimal, usb: Path) -> Decimal:
    """Join, confirm the profile, declare, type every score, submit to the stick; the total."""
    bring_forward(qtbot, w)
    w.page("home").import_invitation(invitation)
    qtbot.waitUntil(lambda: w.current_page().objectName() == "ProfileScreen", timeout=10000)
    profile = w.page("profile")
    qtbot.keyClick(profile.confirm_button, Qt.Key.Key_Return)
    declaration = w.current_page()
    assert declaration.objectName() == "DeclarationScreen"
    declaration.confidential.setFocus()
    qtbot.keyClick(declaration.confidential, Qt.Key.Key_Space)
    qtbot.mouseClick(declaration.sign_button, Qt.MouseButton.LeftButton)
    scoring = w.current_page()
    assert scoring.objectName() == "ScoringScreen", declaration.error.text()
    table, model = scoring.table, scoring.model
    table.setFocus()
    wanted = {item.id: score_of(item, share) for item in model.form.items}
    for item in model.form.items:
        assert model.rows[table.currentIndex().row()].item.id == item.id
        type_cell(qtbot, table, f"{wanted[item.id].normalize():f}")
        assert scoring.error.text() == "", scoring.error.text()
    total = sum(wanted.values(), Decimal(0))
    assert model.total == total
    qtbot.mouseClick(scoring.submit_button, Qt.MouseButton.LeftButton)
    submit = w.current_page()
    assert submit.objectName() == "SubmitScreen"
    qtbot.keyClicks(submit.folder, str(usb))
    qtbot.keyClicks(submit.passphrase, EXPERT_PASS)
    qtbot.keyClick(submit.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: submit.written is not None, timeout=20000)
    assert submit.written.parent == usb
    return total


def answer_yes() -> None:
    """The chair presses 是 on the question box that is open now."""
    box = QApplication.activeModalWidget()
    assert isinstance(box, QMessageBox), box
    box.button(QMessageBox.StandardButton.Yes).click()


def workspace_tab(ws: Any, key: str, cls: str) -> Any:
    """The workspace's tab ``key``, shown, and checked to be the real tab (class ``cls``)."""
    tab = ws.show_tab(key)
    assert type(tab).__name__ == cls, type(tab)
    return tab


def test_a_chair_goes_from_an_empty_laptop_to_the_bundle(qtbot: QtBot, tmp_path: Path) -> None:
    from qjsc_panel.reports.bundle import verify_bundle
    from qjsc_panel.reports.performance import write_template
    from qjsc_panel.services import exchange, review
    from qjsc_panel.services.chair import chaired_by
    from tests.reports.sample import sample_performance

    # -- the chair's empty laptop: a profile, the registry, the acceptance ------------------
    w = laptop(qtbot, tmp_path / "chair")
    create_and_login(qtbot, w, CHAIR, CHAIR_PASS)
    ctx: App = w.backend.ctx
    me = w.backend.profile
    fill_registry(qtbot, ctx)

    ws = w.show_chair_workspace()
    setup = ws.pages["setup"]
    setup.reload_choices()
    pick(setup.enterprise, ENTERPRISE)
    pick(setup.consultancy, "某咨询公司")
    setup.visit.setDate(VISIT)
    type_text(setup.place, "宝安区福永街道某工业园")
    qtbot.mouseClick(setup.create_button, Qt.MouseButton.LeftButton)
    assert setup.create_error.text() == ""
    [row] = chaired_by(ctx, me.fingerprint)
    acc = str(row["uuid"])
    assert ws.acceptance == acc
    setup.prelim_note.setText("材料齐全")
    qtbot.mouseClick(setup.prelim_pass, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(setup.penalty_clean, Qt.MouseButton.LeftButton)
    assert "均已通过" in setup.gate.text()

    # -- the panel: three experts from the pool, a bureau officer, the panel key --------------
    qtbot.mouseClick(setup.to_panel, Qt.MouseButton.LeftButton)
    panel = ws.pages["panel"]
    assert ws.current_key() == "panel"
    for name in EXPERTS:
        select_row(panel.pool, name)
        qtbot.mouseClick(panel.add_expert_button, Qt.MouseButton.LeftButton)
        assert panel.pool_error.text() == ""
    panel.staff_role.setCurrentIndex(panel.staff_role.findData("bureau"))
    panel.staff_name.setText("黄海燕")
    panel.staff_employer.setText("深圳市工业和信息化局")
    qtbot.mouseClick(panel.add_staff_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(panel.passphrase, PANEL_PASS)
    qtbot.keyClicks(panel.repeat, PANEL_PASS)
    qtbot.mouseClick(panel.key_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.busy and exchange.has_panel_key(ctx, acc), timeout=20000)

    # -- enrolment: each expert exports his key on his own laptop; the chair checks it --------
    experts = {name: expert_signs_up(qtbot, tmp_path, name) for name in EXPERTS}
    seen: list[str] = []

    def confirm_in_dialog() -> None:
        dlg = panel.enrol_dialog
        seen.append(dlg.fingerprint.text())
        assert not dlg.ok.isEnabled()  # nothing enrolled before the face-to-face check
        dlg.confirm.setChecked(True)
        qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)

    ws = w.show_chair_workspace()
    ws.show_tab("panel")
    for name, (ew, pem) in experts.items():
        select_row(panel.members, name)
        QTimer.singleShot(0, confirm_in_dialog)
        panel.enrol_selected(pem)
        qtbot.waitUntil(lambda: not panel.busy, timeout=10000)
        assert panel.panel_error.text() == ""
        # The fingerprint the chair confirmed is the one the expert's 我的公钥 shows.
        ew.show_my_key()
        assert seen[-1] == ew.page("mykey").fingerprint.text()
    # The chair's own key is the session's: enrolled without a file.
    select_row(panel.members, CHAIR)
    panel.enrol_selected()
    qtbot.waitUntil(lambda: not panel.busy, timeout=10000)
    assert panel.panel_error.text() == ""
    enrolled = {e.name: e.fingerprint for e in exchange.enrolments(ctx, acc)}
    assert enrolled == {CHAIR: me.fingerprint, **{n: ew.backend.profile.fingerprint for n, (ew, _) in experts.items()}}
    invitations = tmp_path / "stick-invitations"
    invitations.mkdir()
    panel.write_invitations(invitations)
    qtbot.waitUntil(lambda: not panel.busy, timeout=10000)
    assert panel.panel_error.text() == "" and len(list(invitations.iterdir())) == 3  # the experts'

    # -- each expert, on his laptop, joins, declares, scores and submits ---------------------
    usb = tmp_path / "stick-sheets"
    usb.mkdir()
    totals = {
        name: expert_scores_and_submits(
            qtbot, ew, next(invitations.glob(f"*-{name}-*.qjsc-invite")), EXPERTS[name], usb
        )
        for name, (ew, _) in experts.items()
    }
    assert len(list(usb.glob("*.qjsc"))) == 3

    # -- the chair collects the stick in one batch ---------------------------------------------
    ws = w.show_chair_workspace()
    collect = ws.show_tab("collect").inner
    collect.add_paths([usb])
    qtbot.keyClicks(collect.passphrase, PANEL_PASS)
    qtbot.mouseClick(collect.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not collect.running and "导入 3" in collect.summary.text(), timeout=20000)
    assert "拒收 0" in collect.summary.text()
    assert sorted(r.status for r in collect.results.values()) == ["imported"] * 3
    assert {r.expert: r.total for r in collect.results.values()} == totals
    # The same stick again: every file a duplicate, nothing changes.
    collect.add_paths([usb])
    qtbot.keyClicks(collect.passphrase, PANEL_PASS)
    qtbot.mouseClick(collect.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not collect.running and "重复 3" in collect.summary.text(), timeout=20000)

    # -- the dashboard: the composite and the grade, computed here independently ------------
    mean = sum(totals.values(), Decimal(0)) / 3
    composite = mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    assert composite >= PASS_AT
    grade = "合格（优秀）" if composite >= EXCELLENT_AT else "合格（良好）"
    dash = ws.show_tab("review").inner
    dash.refresh()
    head = dash.headline.text()
    assert ENTERPRISE in head and "3/3" in head and f"<b>{composite}</b>" in head and grade in head, head
    assert "暂定" not in head
    assert dash.dashboard is not None and not dash.dashboard.blockers and not dash.dashboard.outliers
    assert {n: Decimal(v) for n, v in dash.dashboard.totals.items()} == totals
    assert "Kendall W" in dash.agreement.text() and dash.agreement.toolTip()

    # -- 绩效表 from the enterprise's Excel template, then the finalise checklist ------------
    opinion_tab = workspace_tab(ws, "opinion", "OpinionTab")
    opinion_tab.preview.timer.stop()  # the live preview renders on its own timer; not needed here
    template = write_template(tmp_path / "绩效表.xlsx", sample_performance())
    assert opinion_tab.performance.import_file(template), opinion_tab.performance.error.text()
    opinion_tab.show_part("checklist")
    checklist = opinion_tab.checklist
    checklist.refresh()
    assert not checklist.blocking and checklist.finalise_button.isEnabled()
    QTimer.singleShot(0, answer_yes)  # the confirmation names what finalising freezes
    with qtbot.waitSignal(checklist.finalised, timeout=10000):
        qtbot.mouseClick(checklist.finalise_button, Qt.MouseButton.LeftButton)
    record = review.result(ctx, acc)
    assert record["status"] == "finalised" and Decimal(record["composite"]) == composite
    assert record["result"] == "pass" and record["grade"] == ("excellent" if composite >= EXCELLENT_AT else "good")
    dash.refresh()
    assert "已定稿" in dash.headline.text()

    # -- the signature round: the chair's tab exports, each expert signs on his laptop --------
    sign_tab = workspace_tab(ws, "sign", "SignTab")
    out = tmp_path / "stick-opinion"
    out.mkdir()
    sign_tab.export_for_signature(out)
    qtbot.waitUntil(lambda: not sign_tab.busy, timeout=30000)
    [copy] = out.glob("*.pdf")
    for name, (ew, _) in experts.items():  # the roster's order; any order would do
        bring_forward(qtbot, ew)
        ew.show_sign_opinion()
        screen = ew.page("sign_opinion")
        screen.open_file(copy)
        qtbot.waitUntil(lambda s=screen: not s.loading, timeout=30000)  # type: ignore[misc]
        o = screen.opened
        assert o is not None, screen.status.text()
        assert o.me.name == name and screen.differing_rows() == []
        # What the expert signs: the composite and his own sheet as the chair received it.
        assert Decimal(o.round.composite) == composite and o.received_total == totals[name]
        screen.passphrase.setFocus()
        qtbot.keyClicks(screen.passphrase, EXPERT_PASS)
        qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
        # Signed, written back, then the copy is read again (in the background) to show it signed.
        qtbot.waitUntil(lambda s=screen: not s.busy and not s.loading, timeout=30000)  # type: ignore[misc]
        assert screen.opened is not None and screen.opened.already_signed, screen.status.text()
    sign_tab.gather([copy])
    qtbot.waitUntil(lambda: not sign_tab.busy, timeout=30000)
    assert sign_tab.outputs_button.isEnabled(), sign_tab.round_summary.text()
    final = tmp_path / "final"
    final.mkdir()
    sign_tab.export_outputs(final)
    qtbot.waitUntil(lambda: not sign_tab.busy, timeout=30000)
    [pdf] = final.glob("*.pdf")
    [workbook] = final.glob("*.xlsx")
    assert workbook.stat().st_size > 0
    sign_tab.write_bundle(final, [usb])
    qtbot.waitUntil(lambda: not sign_tab.busy, timeout=30000)
    [bundle] = final.glob("*.zip")
    with zipfile.ZipFile(bundle) as z:
        names = z.namelist()
        assert sum(n.endswith(".qjsc") for n in names) == 3
        pdf_in = next(n for n in names if n.endswith(".pdf"))
        assert z.read(pdf_in) == pdf.read_bytes()
    # Checked from outside as the bureau would: sums, every signature (against the panel CA in
    # the bundle), the audit entries.  This panel was not appointed through a bureau root, so
    # that one check is reported as not done, and nothing else.
    checked = verify_bundle(bundle)
    assert checked.acceptance == acc and checked.audit_entries > 0
    assert [code for code, _ in checked.problems] == ["exchange.bureau_no_root"], checked.render("zh")
    sigs = [s for s in checked.signatures if s["file"] == pdf_in]
    assert len(sigs) == 4 and all(s["intact"] and s["valid"] for s in sigs), sigs
    assert {s["signer"] for s in sigs} == {CHAIR, *EXPERTS}
    if shutil.which("pdfsig") is None:
        pytest.skip("poppler-utils (pdfsig) not installed")
    report = subprocess.run(["pdfsig", str(pdf)], capture_output=True, text=True, check=False).stdout
    assert report.count("Signature is Valid") == 4, report  # the chair and the three experts
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=False).stdout
    assert ENTERPRISE in text and str(composite) in text
    for ew, _ in experts.values():
        ew.backend.close()
    w.backend.close()
