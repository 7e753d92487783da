"""The agreement figures on the chair's dashboard come with their reading and an explanation
(what the value means, what range is good, which ICC form), in Chinese and in English."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pytestqt.qtbot import QtBot

if TYPE_CHECKING:
    from qjsc_panel.demo.run import Demo
    from qjsc_panel.store.db import Database

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture
def open_demo(tmp_path: Path) -> Iterator[tuple[Demo, Database]]:
    from qjsc_panel.store.db import open_database
    from tests.reports.sample import open_demo_acceptance

    db = open_database(tmp_path / "x.sqlite3")
    demo = open_demo_acceptance(db, tmp_path)
    yield demo, db
    db.close()


WORDS = {
    "zh": {"low": "（弱）", "moderate": "（中等）", "good": "（良好）", "excellent": "（很好）"},
    "en": {"low": " (weak)", "moderate": " (moderate)", "good": " (good)", "excellent": " (excellent)"},
}
FORM = {
    "zh": ("双向随机效应、绝对一致、单个评分者", "0.75–0.9 良好"),
    "en": ("two-way random effects", "0.75–0.9 good"),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_agreement_figures_are_explained(
    qtbot: QtBot, open_demo: tuple[Demo, Database], lang: str, tmp_path: Path
) -> None:
    from qjsc_panel.services.app import App
    from qjsc_panel.ui import i18n
    from qjsc_panel.ui.app import make_app
    from qjsc_panel.ui.dashboard import ChairDashboard

    make_app()
    demo, db = open_demo
    i18n.switch(lang)
    try:
        w = ChairDashboard(App(db, actor="陈建华", key=demo.chair_key), demo.acceptance)
        qtbot.addWidget(w)
        w.resize(1366, 768)
        w.show()
        assert w.dashboard is not None
        a = w.dashboard.agreement
        assert a["kendalls_w"] and a["icc_2_1"] and a["kendalls_w_band"] and a["icc_2_1_band"]
        text = w.agreement.text()
        assert f"Kendall W = {a['kendalls_w']}{WORDS[lang][str(a['kendalls_w_band'])]}" in text
        assert f"ICC(2,1) = {a['icc_2_1']}{WORDS[lang][str(a['icc_2_1_band'])]}" in text
        tip = w.agreement.toolTip()
        assert tip == w.agreement.whatsThis()
        for needle in (*FORM[lang], "Kendall W", "ICC(2,1)", "Shrout"):
            assert needle in tip, needle
        w.grab().save(str(tmp_path / f"agreement-{lang}.png"))
    finally:
        i18n.switch("zh")


def test_undefined_figures_show_a_dash(qtbot: QtBot, tmp_path: Path) -> None:
    """One sheet: no agreement to speak of; a dash and no reading word."""
    from qjsc_panel.store.db import open_database
    from qjsc_panel.ui.dashboard import ChairDashboard
    from tests.factories import fill, make_panel

    p = make_panel(open_database(tmp_path / "q.sqlite3"), 3)
    fill(p, "专家1")
    w = ChairDashboard(p.chair_ctx, p.acc)
    qtbot.addWidget(w)
    assert "Kendall W = —\n" in w.agreement.text() and "ICC(2,1) = —\n" in w.agreement.text()
    p.ctx.db.close()
