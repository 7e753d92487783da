"""QSettings in one place: window geometry/state and the chosen language.

With ``QJSC_HOME`` set (tests, CI, a portable copy on a USB stick) the settings live in an
INI file next to the data, so nothing leaks into the user's real profile.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings

ORGANIZATION = "qjsc-panel"
APPLICATION = "qjsc-panel"
LANGUAGES = ("zh", "en")


def settings() -> QSettings:
    home = os.environ.get("QJSC_HOME")
    if home:
        Path(home).mkdir(parents=True, exist_ok=True)
        return QSettings(str(Path(home) / "qjsc-panel.ini"), QSettings.Format.IniFormat)
    return QSettings(ORGANIZATION, APPLICATION)


def language() -> str:
    value = settings().value("language", "zh")
    return value if value in LANGUAGES else "zh"


def set_language(lang: str) -> None:
    """Kept in QSettings for the app and in the data directory's settings.json for the CLI."""
    from qjsc_panel import i18n
    from qjsc_panel.paths import data_dir

    lang = lang if lang in LANGUAGES else "zh"
    settings().setValue("language", lang)
    i18n.save_language(data_dir(), lang)
