"""The chair's opinion tab driven through its widgets: 绩效表, the opinion by sections, the
PDF preview and the finalise checklist, in Chinese and in English."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QTableView
from pytestqt.qtbot import QtBot

from qjsc_panel.services import opinion
from qjsc_panel.services.status import panel_status
from qjsc_panel.ui import i18n
from qjsc_panel.ui.chair.opinion_tab import OpinionTab
from qjsc_panel.ui.ops import OpRunner, set_default_runner
from tests.factories import Panel, fill, make_panel, new_db
from tests.ui.conftest import type_text

HAN = "\u4e00-\u9fff"


@pytest.fixture(params=["zh", "en"])
def lang(request: pytest.FixtureRequest, qtbot: QtBot) -> Iterator[str]:
    i18n.switch(request.param)
    yield request.param
    i18n.switch("zh")


@pytest.fixture
def panel(tmp_path: Path) -> Panel:
    """Four experts (专家1 chairs); three have submitted: quorum reached, 专家4 still out."""
    p = make_panel(new_db(tmp_path), n_experts=4)
    for name in ("专家1", "专家2", "专家3"):
        fill(p, name)
    return p


def open_tab(qtbot: QtBot, p: Panel, ctx: object | None = None) -> OpinionTab:
    tab = OpinionTab(ctx or p.chair_ctx)  # type: ignore[arg-type]
    qtbot.addWidget(tab)
    tab.resize(1366, 768)
    tab.show()
    tab.set_acceptance(p.acc)
    tab.preview.timer.stop()  # the preview is tested on its own; keep the others quick
    return tab


def type_cell(view: QTableView, row: int, column: int, text: str) -> None:
    """Select a cell, start editing from the keyboard (F2), type, and commit with Enter."""
    from PySide6.QtTest import QTest

    index = view.model().index(row, column)
    view.setFocus()
    view.setCurrentIndex(index)
    QTest.keyClick(view, Qt.Key.Key_F2)
    editors = [e for e in view.viewport().findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1, editors
    editor = editors[0]
    editor.selectAll()
    type_text(editor, text)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # the delegate commits on a queued call
    assert not editor.isVisible()


def test_enter_the_performance_table_through_the_widgets(qtbot: QtBot, panel: Panel, lang: str) -> None:
    from PySide6.QtTest import QTest

    tab = open_tab(qtbot, panel)
    ed = tab.performance
    assert opinion.get_performance(panel.ctx, panel.acc) is None
    QTest.keyClicks(ed.start, "2025-01-01")
    QTest.keyClicks(ed.end, "2025-10-31")
    ed.focus_edit.setFocus()
    type_text(ed.focus_edit, "电镀线节水")
    for col, text in enumerate(["单位产品水耗", "m³/m²", "0.62", "0.55", "0.53"]):
        type_cell(ed.targets_view, 0, col, text)
    met = ed.targets.index(0, 5).data()
    assert met == ("达标" if lang == "zh" else "met")
    # A wrong number is refused in the cell, with a message naming the field.
    type_cell(ed.targets_view, 0, 3, "abc")
    assert not ed.error.isHidden() and "abc" in ed.error.text()
    assert ("单位产品水耗" in ed.error.text()) and ("数字" in ed.error.text()) == (lang == "zh")
    assert ed.targets.rows[0][3] == "0.55"
    for col, text in enumerate(["12", "10", "42.5", "36.8"]):
        type_cell(ed.measures_view, 0, col, text)
    for col, text in enumerate(["3", "2", "685", "212.4"]):
        type_cell(ed.measures_view, 1, col, text)
    type_cell(ed.savings_view, 0, 2, "356.2")
    type_cell(ed.reductions_view, 0, 2, "12.6")
    assert "727.5" in ed.totals.text()
    QTest.mouseClick(ed.save_button, Qt.MouseButton.LeftButton)
    stored = opinion.get_performance(panel.ctx, panel.acc)
    assert stored is not None, ed.error.text()
    assert str(stored.audit_start) == "2025-01-01" and stored.focus == "电镀线节水"
    assert [(t.indicator, t.unit, t.baseline, t.target, t.achieved) for t in stored.targets] == [
        ("单位产品水耗", "m³/m²", Decimal("0.62"), Decimal("0.55"), Decimal("0.53"))
    ]
    assert (stored.low_cost.proposed, stored.low_cost.implemented, stored.low_cost.investment) == (12, 10, Decimal("42.5"))
    assert stored.high_cost.benefit == Decimal("212.4") and stored.total_investment == Decimal("727.5")
    assert stored.savings == {"energy_tce": Decimal("356.2")} and stored.reductions == {"cod": Decimal("12.6")}
    # More implemented than proposed: the report model's rule refuses the save; nothing changes.
    type_cell(ed.measures_view, 1, 1, "5")
    QTest.mouseClick(ed.save_button, Qt.MouseButton.LeftButton)
    assert not ed.error.isHidden() and "5" in ed.error.text()
    assert opinion.get_performance(panel.ctx, panel.acc) == stored


def test_import_and_write_the_excel_template(qtbot: QtBot, panel: Panel, tmp_path: Path, lang: str) -> None:
    from qjsc_panel.reports.performance import write_template
    from tests.reports.sample import sample_performance

    tab = open_tab(qtbot, panel)
    ed = tab.performance
    filled = write_template(tmp_path / "filled.xlsx", sample_performance())
    assert ed.import_file(filled)
    stored = opinion.get_performance(panel.ctx, panel.acc)
    assert stored == sample_performance()
    assert ed.targets.rows[0][0] == "单位产品新鲜水耗" and ed.measures.rows[1][2] == "685"
    assert ed.before.currentText() == "二级" and ed.error.isHidden()
    # The template written from the app carries what is stored.
    out = tmp_path / "template.xlsx"
    assert ed.write_template(out)
    from qjsc_panel.reports.performance import import_template

    assert import_template(out) == stored
    # A file that is not the template is refused and nothing changes.
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    assert not ed.import_file(bad)
    assert not ed.error.isHidden() and "bad.xlsx" in ed.error.text()
    assert opinion.get_performance(panel.ctx, panel.acc) == stored


def test_edit_a_section_the_conclusion_stays_locked(qtbot: QtBot, panel: Panel, lang: str) -> None:
    from PySide6.QtTest import QTest

    tab = open_tab(qtbot, panel)
    ed = tab.opinion
    assert ed.current is not None and ed.current.composite
    issues = ed.edits["issues"]
    issues.clear()
    issues.setFocus()
    type_text(issues, "请补充水平衡测试数据。")
    assert ed.marks["issues"].text() == ("（已修改）" if lang == "zh" else "(edited)")
    QTest.mouseClick(ed.save_button, Qt.MouseButton.LeftButton)
    assert opinion.get_opinion(panel.ctx, panel.acc).sections == {"issues": "请补充水平衡测试数据。"}
    # The computed parts cannot be typed into.
    for locked in (ed.opening, ed.conclusion):
        before = locked.toPlainText()
        assert locked.isReadOnly()
        locked.setFocus()
        type_text(locked, "不合格")
        assert locked.toPlainText() == before
    assert ed.current.composite in ed.conclusion.toPlainText()
    assert ed.score.text() == ed.current.composite
    # A section may not state a result the scores contradict: refused, nothing stored.
    overview = ed.edits["overview"]
    overview.setPlainText("验收结论为不合格。")
    QTest.mouseClick(ed.save_button, Qt.MouseButton.LeftButton)
    assert not ed.error.isHidden() and ("不合格" in ed.error.text())
    assert "overview" not in opinion.get_opinion(panel.ctx, panel.acc).sections
    # Restoring the prefilled text stores the section as "not edited".
    ed.restore_prefill("overview")
    ed.restore_prefill("issues")
    assert ed.save()
    assert opinion.get_opinion(panel.ctx, panel.acc).sections == {}


def test_preview_renders_pages_of_the_demo_acceptance(qtbot: QtBot, tmp_path: Path, lang: str) -> None:
    from qjsc_panel.services.app import App
    from tests.reports.sample import open_demo_acceptance

    db = new_db(tmp_path)
    demo = open_demo_acceptance(db, tmp_path)
    tab = OpinionTab(App(db, actor=demo.chair, key=demo.chair_key))
    qtbot.addWidget(tab)
    set_default_runner(OpRunner(lambda: None, tab))
    tab.resize(1366, 768)
    tab.show()
    tab.set_acceptance(demo.acceptance)
    with qtbot.waitSignal(tab.preview.rendered, timeout=60000) as blocker:
        tab.preview.render_now()
    assert blocker.args is not None and blocker.args[0] >= 1
    first = tab.preview.images[0]
    assert not first.isNull() and first.width() > 200 and first.height() > first.width()
    # Not a blank page: the writer's black text is on it.
    assert any(first.pixelColor(x, y).value() < 100 for x in range(0, first.width(), 4) for y in range(0, 200, 4))
    assert str(blocker.args[0]) in tab.preview.status.text()
    # A typed (unsaved) section goes into the next render without being stored.
    tab.opinion.edits["issues"].setPlainText("预览中的新文字。")
    with qtbot.waitSignal(tab.preview.rendered, timeout=60000):
        tab.preview.render_now()
    assert opinion.get_opinion(tab.ctx, demo.acceptance).sections.get("issues") != "预览中的新文字。"


def test_a_checklist_item_leads_to_the_tab_that_clears_it(qtbot: QtBot, tmp_path: Path, lang: str) -> None:
    from PySide6.QtTest import QTest

    p = make_panel(new_db(tmp_path), n_experts=4)
    fill(p, "专家1")  # one sheet: quorum short
    tab = open_tab(qtbot, p)
    tab.show_part("checklist")
    cl = tab.checklist
    tabs = [cl.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(cl.list.count())]
    assert "collect" in tabs and "opinion" in tabs
    row = tabs.index("collect")
    text = cl.list.item(row).text()
    assert text.startswith("✗") and (("法定人数" in text) == (lang == "zh"))
    cl.list.setFocus()
    cl.list.setCurrentRow(row)
    with qtbot.waitSignal(tab.goto, timeout=1000) as blocker:
        QTest.keyClick(cl.list, Qt.Key.Key_Return)
    assert blocker.args == ["collect"]
    # The performance table's to-do stays inside this tab: it opens the 绩效表 page.
    perf_row = next(i for i in range(cl.list.count()) if cl.list.item(i).data(Qt.ItemDataRole.UserRole + 1))
    with qtbot.assertNotEmitted(tab.goto):
        cl._activated(cl.list.item(perf_row))
    assert tab.parts.currentWidget() is tab.performance


def test_finalise_refused_while_blockers_remain_then_allowed(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    from PySide6.QtTest import QTest

    p = make_panel(new_db(tmp_path), n_experts=4)
    fill(p, "专家1")
    tab = open_tab(qtbot, p)
    cl = tab.checklist
    assert cl.blocking and not cl.finalise_button.isEnabled()
    assert not cl.finalise()  # the service refuses too
    assert not cl.error.isHidden() and panel_status(p.ctx, p.acc).acceptance.status != "finalised"
    for name in ("专家2", "专家3"):
        fill(p, name)
    cl.refresh()
    assert not cl.blocking and cl.finalise_button.isEnabled()
    # Without the chair's key (a session that only bears a name) the service refuses.
    other = open_tab(qtbot, p, p.as_(p.chair))
    assert not other.checklist.finalise() and not other.checklist.error.isHidden()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(cl.finalised, timeout=5000):
        QTest.mouseClick(cl.finalise_button, Qt.MouseButton.LeftButton)
    assert panel_status(p.ctx, p.acc).acceptance.status == "finalised"
    assert not cl.finalise_button.isEnabled() and cl.done
    assert tab.opinion.edits["issues"].isReadOnly()
