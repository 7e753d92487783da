"""The archive as a Qt model that fetches lazily: pages of 200 rows, one SELECT each, as the
view scrolls (canFetchMore/fetchMore).  10,000 acceptances never load at once."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from qjsc_panel import i18n
from qjsc_panel.services.archive import ArchiveQuery, ArchiveRow, archive_count, archive_page
from qjsc_panel.services.context import Ctx
from qjsc_panel.ui.secretary.common import word

_Index = QModelIndex | QPersistentModelIndex
OVERDUE = QColor("#fde2e1")
PAGE = 200

# The sort key of each column (None: not sortable); the headers are in headers().
COLUMNS: tuple[str | None, ...] = (
    "enterprise",
    "visit_date",
    "district",
    None,
    "status",
    "result",
    None,
    "deadline",
    None,
    "acceptance_no",
)


def headers() -> tuple[str, ...]:
    return (
        i18n.translate("ArchiveModel", "企业"),
        i18n.translate("ArchiveModel", "验收日期"),
        i18n.translate("ArchiveModel", "所在区"),
        i18n.translate("ArchiveModel", "行业"),
        i18n.translate("ArchiveModel", "状态"),
        i18n.translate("ArchiveModel", "结果"),
        i18n.translate("ArchiveModel", "等级"),
        i18n.translate("ArchiveModel", "材料期限"),
        i18n.translate("ArchiveModel", "审定"),
        i18n.translate("ArchiveModel", "验收编号"),
    )


class ArchiveModel(QAbstractTableModel):
    def __init__(self, ctx: Ctx, today: date | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.today = today or date.today()
        self.query = ArchiveQuery()
        self.rows: list[ArchiveRow] = []
        self.total = 0
        self.fetches = 0  # pages loaded since the last reset (tests and the status line read it)

    def set_query(self, query: ArchiveQuery) -> None:
        self.beginResetModel()
        self.query = query
        self.rows = []
        self.total = archive_count(self.ctx, query)
        self.fetches = 0
        self.endResetModel()
        if self.canFetchMore():
            self.fetchMore()

    def refresh(self) -> None:
        self.set_query(self.query)

    # -- lazy loading -------------------------------------------------------------------------
    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        page = archive_page(self.ctx, self.query, len(self.rows), PAGE)
        if not page:
            self.total = len(self.rows)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page) - 1)
        self.rows.extend(page)
        self.fetches += 1
        self.endInsertRows()

    # -- the table ----------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return headers()[section]
        return None

    def cell(self, r: ArchiveRow, column: int) -> str:
        overdue = r.overdue(self.today)
        values = (
            r.enterprise,
            r.visit_date.isoformat(),
            r.district,
            r.industry_code,
            word(r.status),
            word(r.result),
            word(r.grade) if r.result == "pass" else "",
            r.deadline.isoformat() + (" " + word("overdue") if overdue else ""),
            word(r.bureau_decision),
            r.acceptance_no or "",
        )
        return values[column]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        r = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(r, index.column())
        if role == Qt.ItemDataRole.BackgroundRole and r.overdue(self.today):
            return QBrush(OVERDUE)
        if role == Qt.ItemDataRole.ToolTipRole and r.overdue(self.today):
            return word("overdue_tip")
        if role == Qt.ItemDataRole.UserRole:
            return r.uuid
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column]
        if key is None:
            return
        self.set_query(replace(self.query, sort=key, descending=order == Qt.SortOrder.DescendingOrder))

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(COLUMNS) - 1))
