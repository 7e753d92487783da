"""The chair reaches the dashboard from the main window's File menu."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.factories import fill, make_panel


def test_file_menu_opens_the_chair_dashboard_for_a_chosen_acceptance(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QInputDialog, QWidget

    from qjsc_panel.services.app import App
    from qjsc_panel.store.db import open_database
    from qjsc_panel.ui.app import make_app
    from qjsc_panel.ui.dashboard import ChairDashboard
    from qjsc_panel.ui.main_window import MainWindow

    db_path = tmp_path / "chair.sqlite3"
    p = make_panel(open_database(db_path), 3)
    for name in p.members:
        fill(p, name)
    p.ctx.db.close()

    make_app()
    w = MainWindow(App(home=tmp_path, db_path=db_path))
    qtbot.addWidget(w)
    w.show()
    w.start_backend()
    offered: list[str] = []

    def choose(
        parent: QWidget, title: str, label: str, items: list[str], current: int, editable: bool
    ) -> tuple[str, bool]:
        offered.extend(items)
        return items[current], True

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(choose))
    w.act_dashboard.trigger()
    assert len(offered) == 1 and p.acc[:8] in offered[0]
    view = w._dashboards[-1]
    assert isinstance(view, ChairDashboard)
    qtbot.addWidget(view)
    assert view.isVisible() and view.acceptance == p.acc
    assert "3/3" in view.headline.text() and "合格" in view.headline.text()
    assert view.matrix_model.rowCount() > 0
    w.backend.close()
