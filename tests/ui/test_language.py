"""With English chosen, no text a widget shows is Chinese — every screen, the chair's dashboard
included — and no raw status code (open / dismissed / confirmed …) shows in either language.
Data the people typed (names, enterprise, evidence) is left out of the check: it is not ours."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QListWidget,
    QMainWindow,
    QMenu,
    QTableView,
    QTableWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tests.ui.conftest import Laptops, invite
from tests.ui.test_expert_flow import create_and_login, join

if TYPE_CHECKING:
    from qjsc_panel.demo.run import Demo
    from qjsc_panel.store.db import Database

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
RAW_CODE = re.compile(r"\b(open|dismissed|confirmed|draft|submitted|finalised|excellent|good|pass|fail)\b")


def _table_texts(root: QWidget) -> list[str]:
    out: list[str] = []
    for view in root.findChildren(QTableView) + root.findChildren(QTableWidget):
        m = view.model()
        if not view.isVisible() or m is None:
            continue
        out.extend(str(m.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(m.columnCount()))
        for r in range(m.rowCount()):
            out.extend(str(m.index(r, c).data() or "") for c in range(m.columnCount()))
    return out


def _menu_texts(root: QWidget) -> list[str]:
    if not isinstance(root, QMainWindow):
        return []
    out: list[str] = []
    for menu_action in root.menuBar().actions():
        out.append(menu_action.text())
        menu = menu_action.menu()
        if isinstance(menu, QMenu):
            out.extend(a.text() for a in menu.actions() if a.text() != "中文")  # the way back to Chinese
    return out


def widget_texts(root: QWidget) -> list[str]:
    """The texts a person reads on the visible widgets under ``root`` (not typed input)."""
    out: list[str] = [root.windowTitle()]
    out.extend(w.text() for w in root.findChildren(QLabel) if w.isVisible())
    out.extend(w.text() for w in root.findChildren(QAbstractButton) if w.isVisible())
    out.extend(w.title() for w in root.findChildren(QGroupBox) if w.isVisible())
    for lst in root.findChildren(QListWidget):
        if lst.isVisible():
            out.extend(lst.item(i).text() for i in range(lst.count()))
    out.extend(_table_texts(root))
    out.extend(_menu_texts(root))
    return [t for t in out if t]


def without(texts: Iterable[str], data: Iterable[str]) -> list[str]:
    cleaned = []
    for text in texts:
        for d in sorted(data, key=len, reverse=True):
            text = text.replace(d, "")
        cleaned.append(text)
    return cleaned


def assert_english(texts: Iterable[str], where: str) -> None:
    chinese = [t for t in texts if HAN.search(t)]
    assert not chinese, f"{where}: {chinese}"


def test_every_expert_screen_in_english_shows_no_chinese(
    qtbot: QtBot, window: object, chair: object, laptops: Laptops, tmp_path: Path
) -> None:
    w = window
    assert isinstance(w, QMainWindow)
    data = {*chair.members, "深圳市测试电路有限公司"}  # type: ignore[attr-defined]
    w.set_language("en")  # type: ignore[attr-defined]
    try:
        assert_english(without(widget_texts(w), data), "login")
        create_and_login(qtbot, w, "专家2", "passphrase-2")
        join(qtbot, w, invite(laptops, chair, "专家2", tmp_path / "invite.json"))  # type: ignore[arg-type]
        assert_english(without(widget_texts(w), data), "profile")
        w.page("profile").confirm()  # type: ignore[attr-defined]
        declaration = w.current_page()  # type: ignore[attr-defined]
        assert_english(without(widget_texts(w), data), "declaration")
        declaration.confidential.setChecked(True)
        declaration.sign()
        scoring = w.current_page()  # type: ignore[attr-defined]
        assert scoring.objectName() == "ScoringScreen"
        assert_english(without(widget_texts(w), data), "scoring")
        # The item pane follows a switch: chosen in Chinese, shown again in English.
        w.set_language("zh")  # type: ignore[attr-defined]
        scoring.table.setCurrentIndex(scoring.model.index(1, 1))
        assert HAN.search(scoring.detail.text())
        w.set_language("en")  # type: ignore[attr-defined]
        assert scoring.detail.text() and not HAN.search(scoring.detail.text()), scoring.detail.text()
        w.show_home()  # type: ignore[attr-defined]
        assert_english(without(widget_texts(w), data), "home")
        w.show_submit(scoring.membership)  # type: ignore[attr-defined]
        assert_english(without(widget_texts(w), data), "submit")
    finally:
        w.set_language("zh")  # type: ignore[attr-defined]


@pytest.fixture
def open_demo(tmp_path: Path) -> Iterator[tuple[Demo, Database]]:
    from qjsc_panel.store.db import open_database
    from tests.reports.sample import open_demo_acceptance

    db = open_database(tmp_path / "x.sqlite3")
    demo = open_demo_acceptance(db, tmp_path)
    yield demo, db
    db.close()


EVIDENCE = ("疑似溢流痕迹", "台账缺失", "现场有渗漏")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_chair_dashboard_is_translated_and_shows_no_raw_status_code(
    qtbot: QtBot, open_demo: tuple[Demo, Database], lang: str
) -> None:
    from qjsc_panel.services import vetoes
    from qjsc_panel.services.app import App
    from qjsc_panel.ui import i18n
    from qjsc_panel.ui.app import make_app
    from qjsc_panel.ui.dashboard import ChairDashboard

    make_app()
    demo, db = open_demo
    acc, members = demo.acceptance, demo.members
    proposer = next(n for n in members if n != "陈建华")
    _open, dismissed, confirmed = (
        vetoes.propose_veto(App(db, actor=proposer), members[proposer], v, e)
        for v, e in zip(("V2", "V3", "V4"), EVIDENCE, strict=True)
    )
    chair = App(db, actor="陈建华", key=demo.chair_key)
    vetoes.decide_veto(chair, dismissed, False, "经核查不成立")
    vetoes.decide_veto(chair, confirmed, True, "经核查属实")
    i18n.switch(lang)
    try:
        w = ChairDashboard(App(db, actor="陈建华", key=demo.chair_key), acc)
        qtbot.addWidget(w)
        w.show()
        texts = widget_texts(w)
        veto_lines = [t for t in texts if "#" in t and ("V2" in t or "V3" in t or "V4" in t)]
        assert len(veto_lines) == 3
        assert w.dashboard is not None
        # Data: every member's name, and a recusal reason as the declaration stored it (its
        # conflict words are stored rendered in Chinese by the declaration service today).
        people = {str(m["name"]) for m in w.dashboard.members}
        reasons = {str(m["recusal_reason"]) for m in w.dashboard.members if m["recused"]}
        enterprise = "深圳市恒泰精密电路有限公司"  # the demo's enterprise, named in the headline
        data = {*members, *people, *reasons, *EVIDENCE, "经核查不成立", "经核查属实", enterprise}
        shown = without(texts, data)
        if lang == "en":
            assert_english(shown, "dashboard")
            assert any("awaiting the chair" in t for t in veto_lines)
            assert any("dismissed by the chair" in t for t in veto_lines)
            assert any("confirmed by the chair" in t for t in veto_lines)
            assert "Quorum" in w.headline.text() and w.members_model.headerData(0, Qt.Orientation.Horizontal) == "Name"
        else:
            raw = [t for t in shown if RAW_CODE.search(t)]
            assert not raw, raw
            assert any("已驳回" in t for t in veto_lines) and any("已确认" in t for t in veto_lines)
        # A switch while the dashboard is open re-renders it in the other language.
        i18n.switch("zh" if lang == "en" else "en")
        after = without(widget_texts(w), data)
        assert bool([t for t in after if HAN.search(t)]) == (lang == "en")
    finally:
        i18n.switch("zh")
