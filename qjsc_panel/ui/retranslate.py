"""The one way a widget follows a language switch: ``retranslate.register(self, self.retranslate_ui)``.

The function runs once at once and again after every switch (:data:`qjsc_panel.ui.i18n.changed`).
The hook is a child of the widget, so a deleted widget is never called back; no screen
overrides ``changeEvent`` for this.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from qjsc_panel.ui import i18n


class _Hook(QObject):
    def __init__(self, owner: QObject, fn: Callable[[], None]) -> None:
        super().__init__(owner)
        self.setObjectName("retranslateHook")
        self._fn = fn
        i18n.notifier().changed.connect(self._run)

    def _run(self, _lang: str) -> None:
        self._fn()


def register(owner: QObject, fn: Callable[[], None], *, now: bool = True) -> None:
    """Call ``fn`` after every language switch while ``owner`` lives (and now, unless told)."""
    _Hook(owner, fn)
    if now:
        fn()
