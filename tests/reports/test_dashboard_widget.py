"""The chair's dashboard widget on a real open acceptance: the same numbers as the CLI, and
the chair's decisions go through the services (and are refused for anyone else)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pytestqt.qtbot import QtBot

from qjsc_panel.errors import QjscError

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


def test_dashboard_shows_and_settles_the_panel(qtbot: QtBot, open_demo: tuple[Demo, Database], tmp_path: Path) -> None:
    from qjsc_panel.services import vetoes
    from qjsc_panel.services.app import App
    from qjsc_panel.ui.dashboard import ChairDashboard

    demo, db = open_demo
    acc = demo.acceptance
    members = demo.members
    proposal = vetoes.propose_veto(App(db, actor="李明远"), members["李明远"], "V4", "疑似溢流痕迹")
    w = ChairDashboard(App(db, actor="陈建华", key=demo.chair_key), acc)
    qtbot.addWidget(w)
    w.resize(1400, 860)
    w.show()
    d = w.dashboard
    assert d is not None and d.status == "open"
    assert w.matrix_model.rowCount() == 19 and w.matrix_model.columnCount() == 2 + 4 + 4
    assert w.matrix_model.index(18, 2 + 4).data() == d.composite  # the total row's mean column
    assert "77.8" in w.headline.text() and "4/3" in w.headline.text()
    pending = [w.pending.item(i).text() for i in range(w.pending.count())]
    assert any("刘志强" in t and "需说明理由" in t for t in pending)
    assert any("待组长确认" in t and "否决项" in t for t in pending)
    # Each veto and each outlier once (the blocker lines that repeat them are left out).
    assert sum("刘志强" in t for t in pending) == 1 and sum("否决项" in t for t in pending) == 1
    assert not any("open" in t or "dismissed" in t for t in pending)  # no raw codes
    assert "深圳市恒泰精密电路有限公司" in w.headline.text() and "2026-11-20" in w.headline.text()
    assert any(w.members_model.index(r, 4).data() for r in range(w.members_model.rowCount()))  # recusal shown
    w.grab().save(str(tmp_path / "dashboard.png"))

    w.decide_veto(proposal, False, "经核查为雨水管网冲洗痕迹")
    w.justify_outlier("刘志强", "评价偏严但依据充分")
    assert w.dashboard is not None and not w.dashboard.blockers
    assert w.dashboard.outliers[0]["note"] == "评价偏严但依据充分"

    other = ChairDashboard(App(db, actor="李明远"), acc)
    qtbot.addWidget(other)
    with pytest.raises(QjscError) as e:
        other.justify_outlier("刘志强", "x")
    assert e.value.code == "panel.not_chair"


def test_conclusion_is_provisional_until_quorum(qtbot: QtBot, tmp_path: Path) -> None:
    from qjsc_panel.store.db import open_database
    from qjsc_panel.ui.dashboard import ChairDashboard
    from tests.factories import fill, make_panel

    p = make_panel(open_database(tmp_path / "q.sqlite3"), 3)
    fill(p, "专家1")
    fill(p, "专家2")
    w = ChairDashboard(p.chair_ctx, p.acc)
    qtbot.addWidget(w)
    assert "2/3" in w.headline.text() and "暂定" in w.headline.text()
    fill(p, "专家3")
    w.refresh()
    assert "3/3" in w.headline.text() and "暂定" not in w.headline.text()
    p.ctx.db.close()
