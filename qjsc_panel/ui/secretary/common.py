"""Pieces shared by the secretary's tabs: a retranslating base, tables, small form helpers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from qjsc_panel.services.context import Ctx
from qjsc_panel.ui.i18n import text
from qjsc_panel.ui.widgets import ErrorLabel

WARN = QColor("#fde2e1")


class Tab(QWidget):
    """A tab of the workspace: texts come as (zh, en) pairs and are set again on a language change."""

    def __init__(self, ctx: Ctx) -> None:
        super().__init__()
        self.ctx = ctx
        self.error = ErrorLabel()
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self._texts: list[tuple[Callable[[str], None], str, str]] = []

    def tr2(self, setter: Callable[[str], None], zh: str, en: str) -> None:
        self._texts.append((setter, zh, en))
        setter(text(zh, en))

    def retranslate_ui(self) -> None:
        for setter, zh, en in self._texts:
            setter(text(zh, en))
        self.reload()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def reload(self) -> None:  # overridden
        pass

    def run(self, fn: Callable[[], Any], done_zh: str = "", done_en: str = "") -> Any:
        """Call a service; a refusal shows in the error line (nothing changed), success in the notice."""
        self.error.clear()
        self.notice.clear()
        try:
            result = fn()
        except Exception as exc:
            self.error.show_error(exc)
            return None
        if done_zh:
            self.notice.setText(text(done_zh, done_en).format(result=result))
        self.reload()
        return result if result is not None else True


W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str) -> W:
    """Give a widget its object name (tests and style sheets find it by that name)."""
    widget.setObjectName(name)
    return widget


def table(headers: Sequence[tuple[str, str]], name: str) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setObjectName(name)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().hide()
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    t.setProperty("headers", list(headers))
    return t


def fill(
    t: QTableWidget, rows: Sequence[Sequence[object]], keys: Sequence[object] = (), warn: Sequence[bool] = ()
) -> None:
    headers: list[tuple[str, str]] = t.property("headers")
    t.setHorizontalHeaderLabels([text(zh, en) for zh, en in headers])
    t.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem("" if value is None else str(value))
            if keys:
                item.setData(Qt.ItemDataRole.UserRole, keys[r])
            if warn and warn[r]:
                item.setBackground(WARN)
            t.setItem(r, c, item)


def selected_key(t: QTableWidget) -> Any:
    item = t.item(t.currentRow(), 0) if t.currentRow() >= 0 else None
    return None if item is None else item.data(Qt.ItemDataRole.UserRole)


def yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return text("是", "yes") if value else text("否", "no")
