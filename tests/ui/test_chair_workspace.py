"""组长工作台 driven through its widgets: from an empty data directory to the invitations.

The chair's laptop is one data directory; each expert's laptop is another (its own key file and
database), and only files travel between them: the exported public key one way, the
invitation the other.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot

from qjsc_panel.domain.credit_code import with_check
from qjsc_panel.services.app import App

CHAIR = "陈组长"
CHAIR_PASS = "chair-passphrase-1"
PANEL_PASS = "panel-passphrase-1"
EXPERT_PASS = "expert-passphrase-1"
EXPERTS = ("李专家", "王专家", "赵专家")


@pytest.fixture(autouse=True)
def fast_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    from qjsc_panel.exchange import crypto

    monkeypatch.setattr(crypto, "SCRYPT_N", 2**10)


def chair_window(qtbot: QtBot, home: Path) -> Any:
    from qjsc_panel.ui.app import make_app
    from qjsc_panel.ui.main_window import MainWindow

    make_app()
    w = MainWindow(App(home=home, db_path=home / "chair.sqlite3"))
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    w.start_backend()
    return w


def login(qtbot: QtBot, w: Any, fingerprint: str, passphrase: str) -> None:
    page = w.page("login")
    page.reload()
    rows = [page.profiles.item(r).data(Qt.ItemDataRole.UserRole) for r in range(page.profiles.count())]
    page.profiles.setCurrentRow(next(i for i, p in enumerate(rows) if p.fingerprint == fingerprint))
    qtbot.keyClicks(page.passphrase, passphrase)
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    assert w.backend.profile is not None and w.backend.profile.fingerprint == fingerprint


def expert_laptop(root: Path, name: str) -> tuple[Any, Path]:
    """A second laptop: the expert makes a key and exports the public half from 我的公钥."""
    from qjsc_panel.ui.backend import Backend

    home = root / f"laptop-{name}"
    b = Backend(App(home=home, db_path=home / "expert.sqlite3"))
    profile = b.create_profile(name, EXPERT_PASS, EXPERT_PASS)
    b.login(profile, EXPERT_PASS)
    out = root / "stick" / f"{name}-public-key.pem"
    out.parent.mkdir(exist_ok=True)
    return b, b.export_public_key(out)


def pick(combo: Any, text: str) -> None:
    """Choose the combo entry that names ``text`` (as the chair would by typing or arrows)."""
    combo.setCurrentIndex(next(i for i in range(combo.count()) if text in combo.itemText(i)))


def select_row(table: Any, text: str) -> None:
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == text)
    table.setCurrentCell(row, 0)


def test_a_chair_goes_from_an_empty_laptop_to_the_invitations(qtbot: QtBot, tmp_path: Path) -> None:
    from qjsc_panel.services import exchange, registry
    from qjsc_panel.services.chair import chaired_by
    from qjsc_panel.services.status import panel_status
    from qjsc_panel.ui.backend import grouped_fingerprint
    from qjsc_panel.ui.chair.embedded import ReviewTab
    from qjsc_panel.ui.chair.setup_tab import RegistryDialog
    from qjsc_panel.ui.dashboard import ChairDashboard

    home = tmp_path / "chair"
    w = chair_window(qtbot, home)
    me = w.backend.create_profile(CHAIR, CHAIR_PASS, CHAIR_PASS)
    login(qtbot, w, me.fingerprint, CHAIR_PASS)
    ctx: App = w.backend.ctx
    # No acceptance chaired yet: no workspace entry, but 新建验收 on the menu and the home screen.
    assert not w.act_chair.isVisible() and w.act_new_acceptance.isVisible()
    assert "新建验收" in w.page("home").chair_button.text()

    # The registry, as a chair without a secretary fills it (the enterprise through the dialog).
    reg = RegistryDialog(ctx)
    qtbot.addWidget(reg)
    ents = reg.pages["enterprises"]
    young = with_check("91440300MA5G00001")
    ents.name.setText("深圳市新成立科技有限公司")
    ents.code.setText(young)
    ents.established.setDate(date(2025, 6, 1))
    ents.add_button.click()
    ents.name.setText("深圳市某电路有限公司")
    ents.code.setText(with_check("91440300MA5F12345"))
    ents.established.setDate(date(2012, 6, 18))
    ents.add_button.click()
    assert [e["name"] for e in registry.list_enterprises(ctx)] == ["深圳市新成立科技有限公司", "深圳市某电路有限公司"]
    registry.add_consultancy(ctx, "某咨询公司")
    chair_xid = registry.add_expert(ctx, CHAIR, "senior", 25, employer="深圳大学")
    ids = {n: registry.add_expert(ctx, n, "senior", 15, employer="某研究院") for n in EXPERTS}
    ids["孙专家"] = registry.add_expert(ctx, "孙专家", "intermediate", 8, employer="某公司")

    ws = w.show_chair_workspace()
    assert w.current_page() is ws and ws.current_key() == "setup"
    assert ws.empty.isVisible() and not ws.tabs.isTabEnabled(1)  # panel waits for an acceptance
    setup = ws.pages["setup"]
    setup.reload_choices()
    assert setup.chair.currentData() == chair_xid  # the record bearing the profile's name

    # An enterprise established less than two years before the visit is refused where it arises.
    pick(setup.enterprise, "深圳市新成立科技有限公司")
    setup.visit.setDate(date(2026, 12, 10))
    setup.create_button.click()
    assert "成立时间不足 2 年" in setup.create_error.text()
    assert chaired_by(ctx, me.fingerprint) == []

    pick(setup.enterprise, "深圳市某电路有限公司")
    pick(setup.consultancy, "某咨询公司")
    setup.place.setText("宝安区福永街道某工业园")
    setup.create_button.click()
    assert setup.create_error.text() == ""
    [row] = chaired_by(ctx, me.fingerprint)  # seated as chair by the key, not by the name
    acc = str(row["uuid"])
    assert ws.acceptance == acc and ws.table.isVisible() and ws.tabs.isTabEnabled(1)
    assert ws.table.item(0, 3).text() == "记录初审和近一年环境处罚核查"
    assert w.act_chair.isVisible()
    st = panel_status(ctx, acc)
    assert st.acceptance.place == "宝安区福永街道某工业园"
    assert st.acceptance.consultancy is not None and st.acceptance.consultancy.name == "某咨询公司"
    assert [(m.name, m.is_chair) for m in st.members] == [(CHAIR, True)]
    assert "尚未记录初审结果" in setup.gate.text() or "初审" in setup.gate.text()

    # The panel tab says that nothing goes out before the checks; invitations are disabled.
    panel = ws.show_tab("panel")
    assert "方可发出验收邀请" in panel.gate.text()
    assert not panel.invite_button.isEnabled()

    # 初审 and the penalty check, recorded from the setup tab (who and when shown).
    ws.show_tab("setup")
    setup.prelim_note.setText("材料齐全")
    setup.prelim_pass.click()
    setup.penalty_clean.click()
    st = panel_status(ctx, acc)
    assert st.acceptance.prelim_passed is True and st.acceptance.prelim_by == CHAIR
    assert st.acceptance.prelim_note == "材料齐全" and st.acceptance.penalty_clean is True
    assert "记录人：陈组长" in setup.prelim_state.text()
    assert "均已通过" in setup.gate.text()
    assert ws.table.item(0, 3).text() == "组建专家组（至少 3 名合格专家）"

    # The panel: three qualified experts, a bureau officer; the unqualified expert is refused.
    setup.to_panel.click()
    assert ws.current_key() == "panel"
    for name in EXPERTS:
        select_row(panel.pool, name)
        panel.add_expert_button.click()
        assert panel.pool_error.text() == ""
    select_row(panel.pool, "孙专家")
    assert "不符合" in panel.pool.item(panel.pool.currentRow(), 3).text()
    panel.add_expert_button.click()
    assert "不能把 孙专家 加入专家组" in panel.pool_error.text()
    assert panel.pool_error.isVisible()
    w.set_language("en")  # the same refusal, in English throughout
    panel.add_expert_button.click()
    assert "cannot be seated" in panel.pool_error.text() and "中级" not in panel.pool_error.text()
    assert ws.tabs.tabText(1) == "&2 Panel"
    w.set_language("zh")
    assert "不能把 孙专家 加入专家组" in panel.pool_error.text()
    panel.staff_role.setCurrentIndex(panel.staff_role.findData("bureau"))
    panel.staff_name.setText("黄海燕")
    panel.staff_employer.setText("深圳市工业和信息化局")
    panel.add_staff_button.click()
    st = panel_status(ctx, acc)
    assert sorted((m.name, m.role) for m in st.members) == sorted(
        [(CHAIR, "expert"), *((n, "expert") for n in EXPERTS), ("黄海燕", "bureau")]
    )
    assert ws.table.item(0, 3).text() == "生成专家组密钥"

    # The panel key, made in the background.
    qtbot.keyClicks(panel.passphrase, PANEL_PASS)
    qtbot.keyClicks(panel.repeat, PANEL_PASS)
    panel.key_button.click()
    qtbot.waitUntil(lambda: not panel.busy and exchange.has_panel_key(ctx, acc), timeout=10000)
    assert panel.panel_error.text() == ""
    assert not panel.key_button.isEnabled() and panel.enrol_button.isEnabled()

    # Enrolment: each expert's public key file from his own laptop; the first through the dialog,
    # whose large fingerprint is what the expert's 我的公钥 shows.
    laptops = {n: expert_laptop(tmp_path, n) for n in EXPERTS}
    li_backend, li_pem = laptops["李专家"]
    _, shown_on_expert_laptop, _ = li_backend.public_key()
    seen: list[str] = []

    def confirm_in_dialog() -> None:
        dlg = panel.enrol_dialog
        seen.append(dlg.fingerprint.text())
        assert not dlg.ok.isEnabled()  # no enrolment before the confirmation
        dlg.confirm.setChecked(True)
        dlg.ok.click()

    select_row(panel.members, "李专家")
    QTimer.singleShot(0, confirm_in_dialog)
    panel.enrol_selected(li_pem)
    qtbot.waitUntil(lambda: not panel.busy, timeout=10000)
    assert seen == [shown_on_expert_laptop]
    assert seen[0] == grouped_fingerprint(li_backend.profile.fingerprint)
    # Not confirmed: refused, nothing enrolled.
    select_row(panel.members, "王专家")
    panel.enrol_selected(laptops["王专家"][1], confirmed=False)
    assert "核对指纹" in panel.panel_error.text()
    for name in ("王专家", "赵专家"):
        select_row(panel.members, name)
        panel.enrol_selected(laptops[name][1], confirmed=True)
        qtbot.waitUntil(lambda: not panel.busy, timeout=10000)
        assert panel.panel_error.text() == ""
    # The chair's own key is the session's: enrolled without a file or a comparison.
    select_row(panel.members, CHAIR)
    panel.enrol_selected()
    qtbot.waitUntil(lambda: not panel.busy, timeout=10000)
    assert panel.panel_error.text() == ""
    enrolled = {e.name: e.fingerprint for e in exchange.enrolments(ctx, acc)}
    assert enrolled == {
        CHAIR: me.fingerprint,
        **{n: laptops[n][0].profile.fingerprint for n in EXPERTS},
    }
    assert "未登记" not in [panel.members.item(r, 3).text() for r in range(panel.members.rowCount())][:4]
    assert ws.table.item(0, 3).text() == "发出验收邀请，收取评分表"

    # Every expert's invitation to one folder (the USB stick) at once; the chair scores here.
    stick = tmp_path / "stick" / "invitations"
    stick.mkdir()
    assert panel.invite_button.isEnabled()
    panel.write_invitations(stick)
    qtbot.waitUntil(lambda: not panel.busy, timeout=10000)
    assert panel.panel_error.text() == ""
    files = sorted(p.name for p in stick.iterdir())
    assert len(files) == 3 and all(f.endswith(".qjsc-invite") for f in files)
    assert {n for n in (CHAIR, *EXPERTS) if any(n in f for f in files)} == set(EXPERTS)
    assert "已写出 3 份验收邀请" in panel.done.text()
    # Each expert's laptop joins its own invitation and then sits on the same acceptance.
    for name in EXPERTS:
        backend = laptops[name][0]
        invitation = next(stick.glob(f"*-{name}-*.qjsc-invite"))
        backend.import_invitation(invitation)
        [membership] = backend.memberships()
        assert membership.enterprise == "深圳市某电路有限公司" and membership.visit_date == "2026-12-10"
        backend.close()

    # The dashboard and the collect dialog live in the workspace as tabs.
    review = ws.show_tab("review")
    assert isinstance(review, ReviewTab) and isinstance(review.inner, ChairDashboard)
    assert "深圳市某电路有限公司" in review.inner.headline.text()
    collect = ws.show_tab("collect")
    assert collect.inner is not None and collect.inner.isVisible() and not collect.inner.close_button.isVisible()
    w.backend.close()


def test_the_workspace_lists_only_what_this_key_chairs(qtbot: QtBot, tmp_path: Path) -> None:
    """A profile bearing the chair's name but another key, and an expert-only profile, see no
    chair actions on the acceptance: the list is by key."""
    import shutil

    from qjsc_panel.exchange import keys
    from qjsc_panel.services import acceptances, panel, registry

    home = tmp_path / "chair"
    w = chair_window(qtbot, home)
    real = w.backend.create_profile(CHAIR, CHAIR_PASS, CHAIR_PASS)
    # The impostor: a key named like the chair, made on another machine and copied in.
    impostor = keys.init_key(tmp_path / "elsewhere", CHAIR, "other-passphrase")
    shutil.copy(impostor.path, home / "keys" / impostor.path.name)
    ctx = w.backend.ctx
    ent = registry.add_enterprise(
        ctx, "深圳市某电路有限公司", with_check("91440300MA5F12345"), "宝安区", "legal_person", date(2012, 6, 18)
    )
    acc = acceptances.create_acceptance(ctx, ent, date(2026, 12, 10))
    xid = registry.add_expert(ctx, CHAIR, "senior", 25)
    registry.set_expert_fingerprint(ctx, xid, real.fingerprint)
    panel.add_member(ctx, acc, expert_id=xid, is_chair=True)

    login(qtbot, w, impostor.fingerprint, "other-passphrase")
    assert not w.act_chair.isVisible()
    ws = w.show_chair_workspace()
    assert ws.rows == [] and ws.acceptance is None and ws.empty.isVisible()
    ws.select(acc)  # even asked directly: no chair actions on an acceptance this key does not chair
    assert ws.acceptance is None and not ws.tabs.isTabEnabled(1)
    # The impostor may not pick the real chair's pool record for a new acceptance either.
    setup = ws.pages["setup"]
    setup.reload_choices()
    assert setup.chair.findData(xid) < 0

    w.logout()
    login(qtbot, w, real.fingerprint, CHAIR_PASS)
    assert w.act_chair.isVisible()
    assert w.page("home").chair_button.text() == "组长工作台(&W)"
    ws = w.show_chair_workspace()
    assert [r["uuid"] for r in ws.rows] == [acc] and ws.acceptance == acc
    w.backend.close()
