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

    from qjsc_panel.exchange import crypto, keys
    from qjsc_panel.services.app import App
    from qjsc_panel.services.chair import chaired_by
    from qjsc_panel.store.db import open_database
    from qjsc_panel.ui.app import make_app
    from qjsc_panel.ui.dashboard import ChairDashboard
    from qjsc_panel.ui.main_window import MainWindow

    monkeypatch.setattr(crypto, "SCRYPT_N", 2**10)
    db_path = tmp_path / "chair.sqlite3"
    p = make_panel(open_database(db_path), 3)
    for name in p.members:
        fill(p, name)
    assert p.chair_key is not None
    own = keys.init_key(tmp_path, "专家1", "chair-passphrase-1")  # the chair's key file, registered
    [row] = chaired_by(p.ctx, p.chair_key.fingerprint)
    _register(p, own.fingerprint)
    assert chaired_by(p.ctx, p.chair_key.fingerprint) == [] and chaired_by(p.ctx, own.fingerprint) == [row]
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
    assert w.open_dashboard() is None  # nobody logged in: no chair dashboard
    w.backend.login(next(x for x in w.backend.profiles() if x.fingerprint == own.fingerprint), "chair-passphrase-1")
    w._update_actions()
    assert w.act_dashboard.isVisible()
    w.act_dashboard.trigger()
    assert len(offered) == 1 and p.acc[:8] in offered[0]
    view = w._dashboards[-1]
    assert isinstance(view, ChairDashboard)
    qtbot.addWidget(view)
    assert view.isVisible() and view.acceptance == p.acc
    assert "3/3" in view.headline.text() and "合格" in view.headline.text()
    assert view.matrix_model.rowCount() > 0
    w.backend.close()


def _register(p: object, fingerprint: str) -> None:
    from qjsc_panel.services import registry
    from qjsc_panel.store.models import Expert

    with p.ctx.db.session() as s:  # type: ignore[attr-defined]
        expert = s.query(Expert).filter(Expert.name == "专家1").one()
        expert_id = expert.id
    registry.set_expert_fingerprint(p.ctx, expert_id, fingerprint)  # type: ignore[attr-defined]
