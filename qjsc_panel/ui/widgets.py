"""Small widgets shared by the screens."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from qjsc_panel.ui import retranslate
from qjsc_panel.ui.backend import message


class ErrorLabel(QLabel):
    """Shows a refusal in red, and re-renders it when the language changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("error")
        self.setWordWrap(True)
        self.setStyleSheet("color: #b00020; font-weight: bold;")
        self._exc: BaseException | None = None
        retranslate.register(self, self._rerender, now=False)

    def show_error(self, exc: BaseException) -> None:
        self._exc = exc
        self.setText(message(exc))

    def clear(self) -> None:
        self._exc = None
        super().clear()

    def _rerender(self) -> None:
        if self._exc is not None:
            self.setText(message(self._exc))
