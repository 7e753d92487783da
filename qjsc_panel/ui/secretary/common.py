"""Pieces shared by the secretary's tabs: a base with quick and background calls, tables, form
helpers and the words the tabs share (from the one catalogue, context ``secretary``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QFormLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from qjsc_panel import i18n
from qjsc_panel.errors import QjscError
from qjsc_panel.services.context import Ctx
from qjsc_panel.ui.widgets import ErrorLabel

WARN = QColor("#fde2e1")
T = TypeVar("T")


class Tab(QWidget):
    """A tab of the workspace.

    Subclasses set every text in ``retranslate_ui`` with ``self.tr()`` and register it once
    (:func:`qjsc_panel.ui.retranslate.register`) at the end of their constructor.  Quick edits
    run at once (:meth:`run`); imports, exports, backup and bundle intake run in the background
    (:meth:`background`) through the main window's runner, which holds logout and close.
    """

    idle = Signal()  # the tab's last background operation ended

    def __init__(self, ctx: Ctx) -> None:
        super().__init__()
        self.ctx = ctx
        self.error = ErrorLabel()
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setObjectName("opProgress")
        self.progress.setRange(0, 0)  # busy: the services report no steps
        self.progress.setMaximumHeight(12)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.op_buttons: list[QAbstractButton] = []  # disabled while an operation runs
        self.running = 0
        self.result: object = None  # the last background operation's result (None: refused)

    def retranslate_ui(self) -> None:  # overridden; data-derived words are rendered by reload()
        self.reload()

    def reload(self) -> None:  # overridden
        pass

    def run(self, fn: Callable[[], Any], done: str = "") -> Any:
        """Call a quick service; a refusal shows in the error line (nothing changed), success in
        the notice (``done`` is a translated template with ``{result}``)."""
        self.error.clear()
        self.notice.clear()
        try:
            result = fn()
        except QjscError as exc:
            self.error.show_error(exc)
            return None
        if done:
            self.notice.setText(done.format(result=shown(result)))
        self.reload()
        return result if result is not None else True

    def chosen(self, key: Any) -> bool:
        """False (and says so) when the action needs a row of the table and none is selected."""
        if key is None:
            self.notice.clear()
            self.error.setText(i18n.translate("secretary", "请先在表中选择一行"))
        return key is not None

    def background(
        self, fn: Callable[[Ctx], T], done: str, label: str, after: Callable[[T], None] | None = None
    ) -> int:
        """Run ``fn(ctx)`` off the UI thread; the result (or refusal) comes back here."""
        from qjsc_panel.ui.ops import CollectionOp

        ctx = self.ctx
        self.error.clear()
        self.notice.setText(label)
        self.result = None
        self._busy(+1)
        op: CollectionOp[T] = CollectionOp(self, lambda _app: fn(ctx), label=label)
        op.success(lambda r: self._succeeded(r, done, after)).failure(self._refused).finally_(self._ended)
        return op.run_in_background()

    def _succeeded(self, result: T, done: str, after: Callable[[T], None] | None) -> None:
        self.result = result if result is not None else True
        self.notice.setText(done.format(result=shown(result)))
        if after is not None:
            after(result)
        self.reload()

    def _refused(self, exc: QjscError) -> None:
        self.notice.clear()
        self.error.show_error(exc)

    def _ended(self) -> None:
        self._busy(-1)
        if not self.running:
            self.idle.emit()

    def _busy(self, step: int) -> None:
        self.running += step
        self.progress.setVisible(self.running > 0)
        for button in self.op_buttons:
            button.setEnabled(self.running == 0)


def shown(result: object) -> str:
    """A result as the notice line shows it: paths by name, several joined."""
    if isinstance(result, Path):
        return str(result)
    if isinstance(result, tuple | list) and result and all(isinstance(p, Path) for p in result):
        return "、".join(str(p) for p in result)
    return str(result)


W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str) -> W:
    """Give a widget its object name (tests and style sheets find it by that name)."""
    widget.setObjectName(name)
    return widget


def form_rows(form: QFormLayout, fields: Sequence[QWidget]) -> list[QLabel]:
    """One labelled row per field; the labels are returned for ``retranslate_ui`` to fill."""
    labels = []
    for field in fields:
        label = QLabel()
        label.setBuddy(field)
        form.addRow(label, field)
        labels.append(label)
    return labels


def set_texts(widgets: Sequence[QLabel | QAbstractButton], texts: Sequence[str]) -> None:
    for widget, text in zip(widgets, texts, strict=True):
        widget.setText(text)


def table(columns: int, name: str) -> QTableWidget:
    """A read-only table; its header labels are set by the tab's ``retranslate_ui``."""
    t = QTableWidget(0, columns)
    t.setObjectName(name)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().hide()
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def fill(
    t: QTableWidget, rows: Sequence[Sequence[object]], keys: Sequence[object] = (), warn: Sequence[bool] = ()
) -> None:
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


# -- words shared by the tabs (status, result, grade, decision, yes/no), per language ------------
@cache
def _words(lang: str) -> dict[str, str]:
    return {
        "yes": i18n.translate("secretary", "是", lang),
        "no": i18n.translate("secretary", "否", lang),
        "open": i18n.translate("secretary", "进行中", lang),
        "finalised": i18n.translate("secretary", "已定稿", lang),
        "archived": i18n.translate("secretary", "已归档", lang),
        "pass": i18n.translate("secretary", "通过", lang),
        "fail": i18n.translate("secretary", "不通过", lang),
        "excellent": i18n.translate("secretary", "优秀", lang),
        "good": i18n.translate("secretary", "良好", lang),
        "approved": i18n.translate("secretary", "同意", lang),
        "rejected": i18n.translate("secretary", "不同意", lang),
        "active": i18n.translate("secretary", "存续", lang),
        "revoked": i18n.translate("secretary", "吊销", lang),
        "cancelled": i18n.translate("secretary", "注销", lang),
        "senior": i18n.translate("secretary", "高级", lang),
        "intermediate": i18n.translate("secretary", "中级", lang),
        "other": i18n.translate("secretary", "其他", lang),
        "legal_person": i18n.translate("secretary", "独立法人", lang),
        "independent_unit": i18n.translate("secretary", "视同法人的独立核算单位", lang),
        "selected": i18n.translate("secretary", "抽中", lang),
        "reserve": i18n.translate("secretary", "备选", lang),
        "declined": i18n.translate("secretary", "谢绝", lang),
        "lenient": i18n.translate("secretary", "偏宽", lang),
        "severe": i18n.translate("secretary", "偏严", lang),
        "even": i18n.translate("secretary", "适中", lang),
        "any_status": i18n.translate("secretary", "全部状态", lang),
        "any_district": i18n.translate("secretary", "全部区", lang),
        "overdue": i18n.translate("secretary", "逾期", lang),
        "overdue_tip": i18n.translate("secretary", "最终材料逾期（第二十一条：验收后 1 个月内报送）", lang),
    }


def word(key: str | None) -> str:
    """A stored code (status, result, grade, decision, level …) in the current language."""
    if not key:
        return ""
    return _words(i18n.current()).get(key, key)


def yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return word("yes" if value else "no")
