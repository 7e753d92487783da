"""Shared fixtures: every test gets its own data directory and a real SQLite file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
