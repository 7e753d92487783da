"""Runtime language switch for the app, fed by the one catalogue (:mod:`qjsc_panel.i18n`).

Source strings are Chinese.  For English a :class:`CatalogueTranslator` (a ``QTranslator``
whose ``translate`` reads ``qjsc_panel/locale/en.mo``) serves every ``self.tr()``; for Chinese,
Qt's own ``qtbase_zh_CN`` translates Qt's dialog buttons.  After a switch :func:`notifier` emits
``changed``; widgets follow it through :func:`qjsc_panel.ui.retranslate.register`.  Refusals
rendered from :class:`~qjsc_panel.errors.QjscError` use :func:`current` too.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QObject, QTranslator, Signal

from qjsc_panel import i18n as catalogue

_installed: list[QTranslator] = []


class CatalogueTranslator(QTranslator):
    """Qt's ``tr()`` answered from the gettext catalogue (context = the class, as lupdate has it)."""

    def __init__(self, lang: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lang = lang

    def translate(  # None is Qt's "not found"
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        found = catalogue.translate(context, source, self.lang)
        # None (a null QString) lets Qt try the next translator and then keep the source text;
        # "" would be taken as the translation, leaving Qt's own OK/Cancel buttons blank.
        return None if found == source else found

    def isEmpty(self) -> bool:
        return catalogue.catalogue(self.lang) is None


class _Notifier(QObject):
    changed = Signal(str)  # the new language, after the translators are in place


_notifier: _Notifier | None = None


def notifier() -> _Notifier:
    global _notifier
    if _notifier is None:
        _notifier = _Notifier()
    return _notifier


def current() -> str:
    return catalogue.current()


def switch(lang: str) -> bool:
    """Install the translators for ``lang``; False if its catalogue could not be loaded."""
    app = QCoreApplication.instance()
    if app is None:
        return False
    for tr in _installed:
        app.removeTranslator(tr)
    _installed.clear()
    ok = catalogue.set_current(lang) == lang
    if catalogue.current() != catalogue.SOURCE:
        own = CatalogueTranslator(catalogue.current(), app)
        app.installTranslator(own)
        _installed.append(own)
    else:
        # Qt's own strings (dialog buttons, context menus) in Chinese as well.
        qt = QTranslator(app)
        if qt.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt)
            _installed.append(qt)
    notifier().changed.emit(catalogue.current())
    return ok


def text(zh: str, en: str) -> str:
    """Pick a data string (form items come with both texts) in the current language."""
    return en if catalogue.current() == "en" and en else zh
