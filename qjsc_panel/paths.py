"""Where the app finds its shipped files (forms, fonts, translations) and keeps the user's data.

Shipped files live at the top of the source tree (``forms/``, ``resources/``); a PyInstaller
build puts them under ``sys._MEIPASS``.  ``QJSC_HOME`` overrides the data directory (tests, CI);
only the entry points ask for it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "qjsc-panel"


def bundle_root() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def forms_dir() -> Path:
    return bundle_root() / "forms"


def resources_dir() -> Path:
    return bundle_root() / "resources"


def default_form_path() -> Path:
    return forms_dir() / "default-2025.json"


def home_override(option: Path | None = None) -> Path | None:
    """A data directory chosen for this run (``--home``, else ``$QJSC_HOME``), if any."""
    chosen = option or os.environ.get("QJSC_HOME")
    return Path(chosen) if chosen else None


def data_dir(option: Path | None = None) -> Path:
    """The user's data directory: ``option`` (``--home``), else ``$QJSC_HOME``, else the
    platform's.  Called only by the entry points, which pass the result down in the
    application object; nothing else reads the environment."""
    override = home_override(option)
    if override is not None:
        path = override
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path
