"""The secretary's year through the widgets: registries → plan → eligibility → draw → archive →
decision → 公示 export → backup → restore, asserting the data at each step."""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from qjsc_panel.services import acceptances, panel, registry, review
from qjsc_panel.services.archive import ArchiveQuery, archive_page
from qjsc_panel.services.context import Ctx
from qjsc_panel.store.db import open_database
from qjsc_panel.ui.secretary.workspace import SecretaryWorkspace
from tests.factories import Panel, chair_key, fill
from tests.services.test_plan import GOOD, sheet


def rows_of(table: object) -> list[list[str]]:
    t = table
    return [
        [t.item(r, c).text() if t.item(r, c) else "" for c in range(t.columnCount())]  # type: ignore[attr-defined]
        for r in range(t.rowCount())  # type: ignore[attr-defined]
    ]


def select_row(table: object, text: str) -> None:
    for r, row in enumerate(rows_of(table)):
        if text in row:
            table.selectRow(r)  # type: ignore[attr-defined]
            return
    raise AssertionError(f"{text} not in {rows_of(table)}")


def finished(qtbot: QtBot, tab: object) -> object:
    """Wait for the tab's background operation; its result (None: refused)."""
    qtbot.waitUntil(lambda: tab.running == 0, timeout=30000)  # type: ignore[attr-defined]
    return tab.result  # type: ignore[attr-defined]


def test_secretary_workflow(qtbot: QtBot, tmp_path: Path, _isolated_home: Path) -> None:
    home = _isolated_home
    home.mkdir(parents=True, exist_ok=True)
    (home / "qjsc-panel.ini").write_text("[General]\nlanguage=zh\n", encoding="utf-8")
    db = open_database(home / "qjsc-panel.sqlite3")
    ctx = Ctx(db, actor="秘书甲")
    ws = SecretaryWorkspace(ctx, home)
    qtbot.addWidget(ws)
    ws.resize(1366, 768)
    ws.show()

    # -- registries: a bad credit code is refused and nothing is added ---------------------
    ent = ws.show_tab("enterprises")
    ent.name.setText("深圳市甲电子有限公司")
    ent.code.setText("91440300XXXXXXXXXX")
    qtbot.mouseClick(ent.add_button, Qt.MouseButton.LeftButton)
    assert "校验码" in ent.error.text() and ent.table.rowCount() == 0
    ent.code.setText("914403001922038216")
    ent.industry.setText("C3982")
    ent.established.setDate(QDate(2010, 5, 1))
    qtbot.mouseClick(ent.add_button, Qt.MouseButton.LeftButton)
    assert ent.error.text() == "" and rows_of(ent.table)[0][:4] == [
        "深圳市甲电子有限公司",
        "914403001922038216",
        "福田区",
        "C3982",
    ]

    firms = ws.show_tab("consultancies")
    firms.name.setText("绿源咨询")
    qtbot.mouseClick(firms.add_button, Qt.MouseButton.LeftButton)
    firms.table.selectRow(0)
    for box in firms.conditions.values():
        box.setChecked(True)
    firms.listed.setValue(2026)
    qtbot.mouseClick(firms.record_button, Qt.MouseButton.LeftButton)
    assert rows_of(firms.table)[0][2:4] == ["3/3", "2026"]

    pool = ws.show_tab("pool")
    for i in range(6):
        pool.name.setText(f"专家{i}")
        pool.years.setValue(15)
        pool.industries.setText("C39")
        qtbot.mouseClick(pool.add_button, Qt.MouseButton.LeftButton)
    pool.name.setText("年轻专家")
    pool.level.setCurrentIndex(1)  # intermediate, 5 years: not qualified
    pool.years.setValue(5)
    qtbot.mouseClick(pool.add_button, Qt.MouseButton.LeftButton)
    table = rows_of(pool.table)
    assert len(table) == 7 and table[6][8] == "否" and table[0][8] == "是"

    # -- the plan, eligibility, pre-visit checks, the published list -------------------------
    plan = ws.show_tab("plan")
    plan.year.setValue(2026)
    plan.import_plan(sheet(tmp_path / "plan.xlsx", GOOD))
    assert plan.running == 1 and plan.progress.isVisible() and not plan.import_button.isEnabled()
    assert finished(qtbot, plan) == 3 and plan.notice.text() == "已导入 3 家企业"
    assert not plan.progress.isVisible() and plan.import_button.isEnabled()
    rows = {r[0]: r for r in rows_of(plan.table)}
    assert rows["深圳市甲电子有限公司"][5] == "是" and rows["深圳市乙新材料有限公司"][5] == "否"
    assert "成立时间不足 2 年" in rows["深圳市乙新材料有限公司"][6]
    ent_id = next(r.enterprise_id for r in plan.rows if r.enterprise == "深圳市甲电子有限公司")
    firm_id = 1
    acc = acceptances.create_acceptance(ctx, ent_id, date(2026, 5, 20), consultancy_id=firm_id)  # the chair's step
    plan.reload()
    select_row(plan.table, "深圳市甲电子有限公司")
    qtbot.mouseClick(plan.prelim_ok, Qt.MouseButton.LeftButton)
    select_row(plan.table, "深圳市甲电子有限公司")
    qtbot.mouseClick(plan.penalty_ok, Qt.MouseButton.LeftButton)
    row = {r[0]: r for r in rows_of(plan.table)}["深圳市甲电子有限公司"]
    assert row[8].startswith("通过 · 秘书甲") and row[9].startswith("通过 · 秘书甲")
    plan.publish(tmp_path / "out")
    assert finished(qtbot, plan)
    assert (tmp_path / "out" / "验收计划名单-2026.xlsx").is_file()

    # -- the draw: seed shown, a declining expert replaced by the reserve ---------------------
    draw = ws.show_tab("draw")
    assert draw.acceptance.currentData() == acc
    draw.n.setValue(3)
    draw.reserves.setValue(1)
    draw.seed.setText("2026-05-20")
    qtbot.mouseClick(draw.draw_button, Qt.MouseButton.LeftButton)
    assert "2026-05-20" in draw.seed_label.text() and draw.table.rowCount() == 4
    assert any("年轻专家" in r[0] for r in rows_of(draw.excluded))
    draw.table.selectRow(0)
    draw.reason.setText("出差")
    qtbot.mouseClick(draw.decline_button, Qt.MouseButton.LeftButton)
    statuses = [r[2] for r in rows_of(draw.table)]
    assert statuses == ["谢绝", "抽中", "抽中", "抽中"]

    # The chair's part (outside this workspace): the drawn experts score and the chair finalises.
    from qjsc_panel.services.draw import get_draw

    view = get_draw(ctx, acc)
    assert view is not None
    p = Panel(ctx, acc, acceptances.load_acceptance_form(ctx, acc))
    for i, xid in enumerate(view.selected):
        name = next(n for _, x, n, _, _ in view.picks if x == xid)
        p.members[name] = panel.add_member(ctx, acc, expert_id=xid, is_chair=i == 0)
        if i == 0:  # the chair's decisions need the chair's registered key, unlocked
            p.chair, p.chair_key = name, chair_key(name)
            registry.set_expert_fingerprint(ctx, xid, p.chair_key.fingerprint)
    acceptances.record_prelim(ctx, acc, True)
    for name in p.members:
        fill(p, name, Decimal("0.9"))
    review.finalise(p.chair_ctx, acc)

    # -- the archive: number, decision, overdue highlight, 公示 export ------------------------
    arc = ws.show_tab("archive")
    arc.apply()
    assert arc.model.rowCount() == 1 and arc.model.cell(arc.model.rows[0], 5) == "通过"
    assert arc.model.data(arc.model.index(0, 0), Qt.ItemDataRole.BackgroundRole) is not None  # 2026-06-20 passed
    arc.view.selectRow(0)
    qtbot.mouseClick(arc.number_button, Qt.MouseButton.LeftButton)
    assert arc.model.rows[0].acceptance_no == "深工信清审验〔2026〕第0001号"
    arc.view.selectRow(0)
    arc.decision_date.setDate(QDate(2026, 6, 30))
    qtbot.mouseClick(arc.decision_button, Qt.MouseButton.LeftButton)
    assert arc.model.rows[0].bureau_decision == "approved"
    arc.since.setDate(QDate(2026, 6, 1))
    arc.until.setDate(QDate(2026, 6, 30))
    arc.export_publicity(tmp_path / "pub")
    assert finished(qtbot, arc)
    assert (tmp_path / "pub" / "公示-2026-06-01-2026-06-30.pdf").is_file()
    arc.search.setText("乙新材料")
    qtbot.mouseClick(arc.apply_button, Qt.MouseButton.LeftButton)
    assert arc.model.rowCount() == 0

    # -- backup and restore through the widgets ----------------------------------------------
    bak = ws.show_tab("backup")
    bak.pass1.setText("secretary passphrase")
    bak.pass2.setText("secretary passphrase")
    bak.make_backup(tmp_path / "year.qjscbak")
    assert finished(qtbot, bak) and "已写出备份" in bak.notice.text()
    bak.restore_pass.setText("wrong passphrase!")
    bak.restore(tmp_path / "year.qjscbak", tmp_path / "restored")
    assert finished(qtbot, bak) is None
    assert "口令不正确" in bak.error.text() and not (tmp_path / "restored").exists()
    bak.restore_pass.setText("secretary passphrase")
    bak.restore(tmp_path / "year.qjscbak", tmp_path / "restored")
    assert finished(qtbot, bak) == 2  # database + settings
    restored = Ctx(open_database(tmp_path / "restored" / "qjsc-panel.sqlite3"))
    assert archive_page(restored, ArchiveQuery()) == archive_page(ctx, ArchiveQuery())
    assert (tmp_path / "restored" / "qjsc-panel.ini").read_text(encoding="utf-8") == "[General]\nlanguage=zh\n"
    restored.db.close()
    db.close()


def test_archive_view_fetches_lazily(qtbot: QtBot, tmp_path: Path, _isolated_home: Path) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from bench_archive import generate  # type: ignore[import-not-found]

    path = tmp_path / "many.sqlite3"
    generate(path, 450)
    ctx = Ctx(open_database(path))
    ws = SecretaryWorkspace(ctx, tmp_path)
    qtbot.addWidget(ws)
    arc = ws.show_tab("archive")
    arc.apply()
    model = arc.model
    assert model.total == 450 and model.rowCount() == 200 and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 400 and model.fetches == 2
    model.fetchMore()
    assert model.rowCount() == 450 and not model.canFetchMore()
    visits = [r.visit_date for r in model.rows]
    assert visits == sorted(visits, reverse=True) and len({r.id for r in model.rows}) == 450
    model.sort(0, Qt.SortOrder.AscendingOrder)  # by enterprise name, again lazily
    assert model.rowCount() == 200 and [r.enterprise for r in model.rows] == sorted(r.enterprise for r in model.rows)
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM acceptance").fetchone()[0] == 450
    con.close()
    ctx.db.close()
