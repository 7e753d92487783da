"""Shared fixtures: every test gets its own data directory and a real SQLite file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.pg import PgServer

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data directory per test.  The environment variable is for the entry points a test
    runs (``main([...])``, subprocesses); the app's settings and crash log are told directly,
    as :mod:`qjsc_panel.ui.app` tells them, so nothing reaches the real user profile."""
    home = tmp_path / "home"
    monkeypatch.setenv("QJSC_HOME", str(home))
    from qjsc_panel.ui import crash, settings

    monkeypatch.setattr(settings, "_home", home)
    monkeypatch.setattr(crash, "_log_home", home)
    return home


# --- pg: a throw-away PostgreSQL server per session (tests/pg.py); db_url runs a test on both ---
@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """Started once (initdb + pg_ctl, ~2 s) with a template database migrated to head."""
    from tests.pg import PgServer, missing_reason

    reason = missing_reason()
    if reason is not None:
        pytest.skip(f"PostgreSQL tests skipped: {reason}")
    server = PgServer()
    server.start()
    try:
        server.make_template()
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path | str]:
    """Where a test's database lives: an SQLite file, or a fresh PostgreSQL database (a copy
    of the migrated template).  Either goes to ``tests.factories.open_db`` (which this fixture
    closes afterwards), ``open_database`` or ``App(db_path=…)``."""
    from tests.factories import close_opened

    if request.param == "sqlite":
        yield tmp_path / "db.sqlite3"
    else:
        server: PgServer = request.getfixturevalue("pg_server")
        yield server.fresh()
    close_opened()
