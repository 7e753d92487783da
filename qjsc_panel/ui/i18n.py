"""Runtime language switch.  Source strings are Chinese; English comes from a Qt Linguist .qm.

After a switch :func:`notifier` emits ``changed``; widgets follow it through
:func:`qjsc_panel.ui.retranslate.register`.  Messages rendered from
:class:`~qjsc_panel.errors.QjscError` use :func:`current` too.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QObject, QTranslator, Signal

from qjsc_panel.paths import resources_dir

_current = "zh"
_installed: list[QTranslator] = []


class _Notifier(QObject):
    changed = Signal(str)  # the new language, after the translators are in place


_notifier: _Notifier | None = None


def notifier() -> _Notifier:
    global _notifier
    if _notifier is None:
        _notifier = _Notifier()
    return _notifier


def current() -> str:
    return _current


def qm_path(lang: str) -> str:
    return str(resources_dir() / "i18n" / f"qjsc_panel_{lang}.qm")


def switch(lang: str) -> bool:
    """Install the translators for ``lang``; False if the app's .qm could not be loaded."""
    global _current
    app = QCoreApplication.instance()
    if app is None:
        return False
    for tr in _installed:
        app.removeTranslator(tr)
    _installed.clear()
    ok = True
    if lang == "en":
        own = QTranslator(app)
        ok = own.load(qm_path("en"))
        if ok:
            app.installTranslator(own)
            _installed.append(own)
    else:
        # Qt's own strings (dialog buttons, context menus) in Chinese as well.
        qt = QTranslator(app)
        if qt.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt)
            _installed.append(qt)
    _current = lang if ok else "zh"
    notifier().changed.emit(_current)
    return ok


def text(zh: str, en: str) -> str:
    """Pick a data string (form items come with both texts) in the current language."""
    return en if _current == "en" and en else zh
