"""QSettings in one place: window geometry/state and the chosen language.

With a data directory chosen for the run (``--home`` or ``QJSC_HOME``: tests, CI, a portable
copy on a USB stick) the settings live in an INI file next to the data, so nothing leaks into
the user's real profile.  The entry point says which (:func:`configure`); nothing here reads
the environment.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

ORGANIZATION = "qjsc-panel"
APPLICATION = "qjsc-panel"
LANGUAGES = ("zh", "en")


_home: Path | None = None


def configure(home: Path | None) -> None:
    """Keep the settings in ``home/qjsc-panel.ini`` (None: the platform's usual place)."""
    global _home
    _home = home


def settings() -> QSettings:
    if _home is not None:
        _home.mkdir(parents=True, exist_ok=True)
        return QSettings(str(_home / "qjsc-panel.ini"), QSettings.Format.IniFormat)
    return QSettings(ORGANIZATION, APPLICATION)


def language() -> str:
    value = settings().value("language", "zh")
    return value if value in LANGUAGES else "zh"


def set_language(lang: str, data_home: Path | None = None) -> None:
    """Kept in QSettings for the app and, given the data directory, in its settings.json,
    which the CLI reads without Qt."""
    lang = lang if lang in LANGUAGES else "zh"
    settings().setValue("language", lang)
    if data_home is not None:
        from qjsc_panel import i18n

        i18n.save_language(data_home, lang)
