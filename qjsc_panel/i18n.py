"""One catalogue for every text a person reads, for every layer (no Qt here).

The source language is Chinese: widget texts are written in Chinese in the code
(``self.tr("文件(&F)")``) and refusals are Chinese templates keyed by a stable code
(``qjsc_panel/messages.py``).  English lives in one gettext catalogue,
``qjsc_panel/locale/en.po`` (compiled to ``en.mo``), keyed by (context, Chinese text): the
context is the widget class for ``tr()``, the message code for a refusal.  The Qt side feeds
the same catalogue to Qt through a ``QTranslator`` (:mod:`qjsc_panel.ui.i18n`); the CLI and the
services render through :func:`translate` directly.

The chosen language is kept in ``settings.json`` in the data directory, so the CLI can follow
the app's choice without importing Qt (``--lang`` overrides).  Refresh the catalogue with
``python scripts/i18n.py`` (extract, check, compile).
"""

from __future__ import annotations

import gettext
import json
from functools import cache
from pathlib import Path

LANGUAGES = ("zh", "en")
SOURCE = "zh"
SETTINGS_FILE = "settings.json"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_current = SOURCE


def current() -> str:
    return _current


def set_current(lang: str) -> str:
    """Use ``lang`` for everything rendered from now on (unknown: Chinese); returns it."""
    global _current
    _current = lang if lang in LANGUAGES and (lang == SOURCE or catalogue(lang) is not None) else SOURCE
    return _current


@cache
def catalogue(lang: str) -> gettext.GNUTranslations | None:
    path = LOCALE_DIR / f"{lang}.mo"
    try:
        with path.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    except OSError:
        return None


def translate(context: str, text: str, lang: str | None = None) -> str:
    """``text`` (Chinese source) in ``lang`` (default: the current language).

    Untranslated text stays Chinese: the extractor's check keeps that from shipping.
    """
    lang = lang or _current
    if lang == SOURCE:
        return text
    cat = catalogue(lang)
    if cat is None:
        return text
    found = cat.pgettext(context, text)
    return found or text


def has_translation(context: str, text: str, lang: str = "en") -> bool:
    cat = catalogue(lang)
    if cat is None:
        return False
    # pgettext returns its argument when the entry is missing (or empty).
    return cat.pgettext(context, text) != text or text == ""


# -- the saved language, shared by the app and the CLI --------------------------------------
def settings_path(data_dir: Path) -> Path:
    return data_dir / SETTINGS_FILE


def saved_language(data_dir: Path) -> str:
    """The language the app last saved in this data directory (Chinese if none)."""
    try:
        value = json.loads(settings_path(data_dir).read_text(encoding="utf-8")).get("language")
    except (OSError, ValueError, AttributeError):
        return SOURCE
    return value if value in LANGUAGES else SOURCE


def save_language(data_dir: Path, lang: str) -> None:
    path = settings_path(data_dir)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            data = {}
    except (OSError, ValueError):
        data = {}
    data["language"] = lang if lang in LANGUAGES else SOURCE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass  # a read-only data directory: the app still switches, the CLI keeps Chinese
