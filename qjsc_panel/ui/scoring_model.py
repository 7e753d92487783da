"""The score sheet as a Qt table model over ``services.scoring``, with undo/redo.

Each accepted edit is saved by the service before the model changes (so what the expert sees
is what is on disk); a refused value leaves the cell as it was and emits :attr:`rejected`
with the reason.  The model holds only the logged-in expert's own sheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QUndoCommand, QUndoStack

from qjsc_panel.errors import QjscError
from qjsc_panel.messages import render
from qjsc_panel.ui import i18n
from qjsc_panel.ui.backend import Backend

if TYPE_CHECKING:
    from qjsc_panel.domain.form import Category, Form, Item

COL_ID, COL_TEXT, COL_MAX, COL_SCORE, COL_COMMENT = range(5)
EDITABLE = (COL_SCORE, COL_COMMENT)
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Row:
    category: Category
    item: Item | None  # None: the category's heading row


class _SetCell(QUndoCommand):
    """One accepted edit; already applied when pushed, so the first redo does nothing."""

    def __init__(self, model: ScoringModel, item_id: str, column: int, old: str, new: str) -> None:
        super().__init__(f"{item_id}: {old!r} → {new!r}")
        self.model, self.item_id, self.column = model, item_id, column
        self.old, self.new = old, new
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self.model.apply(self.item_id, self.column, self.new)

    def undo(self) -> None:
        self.model.apply(self.item_id, self.column, self.old)


class ScoringModel(QAbstractTableModel):
    rejected = Signal(object, object)  # (QModelIndex, the refusal: rendered by the view)
    saved = Signal(str)  # status-bar text
    totals_changed = Signal()

    def __init__(self, backend: Backend, form: Form, member_id: int) -> None:
        super().__init__()
        self.backend = backend
        self.form = form
        self.member_id = member_id
        self.rows: list[Row] = []
        for cat in form.categories:
            self.rows.append(Row(cat, None))
            self.rows.extend(Row(cat, item) for item in cat.items)
        self.scores: dict[str, Decimal] = {}
        self.comments: dict[str, str] = {}
        self.read_only = False
        self.undo_stack = QUndoStack(self)
        self.reload()

    # -- loading ------------------------------------------------------------------------------
    def reload(self) -> None:
        self.beginResetModel()
        view = self.backend.sheet(self.member_id)
        self.sheet = view
        self.scores = dict(view.scores) if view else {}
        self.comments = dict(view.comments) if view else {}
        self.read_only = view is not None and view.status == "submitted"
        self.endResetModel()
        self.undo_stack.clear()
        self.totals_changed.emit()

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COL_COMMENT)
        self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, COL_COMMENT))

    # -- totals -------------------------------------------------------------------------------
    @property
    def total(self) -> Decimal:
        from qjsc_panel.domain.scoring import sheet_total

        return sheet_total(self.scores)

    @property
    def filled(self) -> int:
        return sum(1 for i in self.form.items if i.id in self.scores)

    def item_rows(self) -> list[int]:
        return [r for r, row in enumerate(self.rows) if row.item is not None]

    def row_of(self, item_id: str) -> int:
        return next(r for r, row in enumerate(self.rows) if row.item and row.item.id == item_id)

    # -- Qt model API ---------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("编号"), self.tr("评分项"), self.tr("分值"), self.tr("得分"), self.tr("评语"))[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        row = self.rows[index.row()]
        if row.item is None:
            return Qt.ItemFlag.ItemIsEnabled
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in EDITABLE and not self.read_only:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = self.rows[index.row()], index.column()
        lang = i18n.current()
        if row.item is None:
            return self._category_data(row, col, role, lang)
        return self._item_data(row.item, col, role, lang)

    def _category_data(self, row: Row, col: int, role: int, lang: str) -> Any:
        """A category's heading row: its title and points, shaded and bold."""
        if role == Qt.ItemDataRole.DisplayRole and col == 0:
            return self.tr("{0}（{1} 分）").format(row.category.title.get(lang), _fmt(row.category.points))
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor("#e8eef5"))
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _item_data(self, item: Item, col: int, role: int, lang: str) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._item_text(item, col, lang)
        if role == Qt.ItemDataRole.ToolTipRole and col in (COL_TEXT, COL_SCORE):
            tip = item.checkpoints.get(lang)
            rule = self.tr("0 至 {0} 分，步长 {1}").format(_fmt(item.max_points), _fmt(item.step))
            return f"{tip}\n{rule}" if tip else rule
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_ID, COL_MAX, COL_SCORE):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole and col == COL_SCORE and not self.read_only:
            return QBrush(QColor("#fffbe6" if item.id not in self.scores else "#eef8ee"))
        return None

    def _item_text(self, item: Item, col: int, lang: str) -> str | None:
        if col == COL_ID:
            return item.id
        if col == COL_TEXT:
            return item.text.get(lang)
        if col == COL_MAX:
            return _fmt(item.max_points)
        if col in (COL_SCORE, COL_COMMENT):
            return self._cell(item.id, col)
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        row = self.rows[index.row()]
        if role != Qt.ItemDataRole.EditRole or row.item is None or index.column() not in EDITABLE:
            return False
        col, item_id = index.column(), row.item.id
        new = str(value if value is not None else "").strip()
        old = self._cell(item_id, col)
        if new == old:
            return True
        try:
            self._save(item_id, col, new)
        except QjscError as exc:  # refused: the cell keeps its saved value
            self.rejected.emit(self.index(index.row(), index.column()), exc)
            return False
        self.undo_stack.push(_SetCell(self, item_id, col, old, self._cell(item_id, col)))
        return True

    # -- saving ---------------------------------------------------------------------------------
    def _cell(self, item_id: str, col: int) -> str:
        if col == COL_SCORE:
            return _fmt(self.scores[item_id]) if item_id in self.scores else ""
        return self.comments.get(item_id, "")

    def _save(self, item_id: str, col: int, text: str) -> None:
        if col == COL_SCORE:
            score = self.backend.set_score(self.member_id, item_id, text or None)
            if score is None:
                self.scores.pop(item_id, None)
                self.saved.emit(render("ui.cleared", i18n.current(), item=item_id))
            else:
                self.scores[item_id] = score
                self.saved.emit(render("ui.saved", i18n.current(), item=item_id, value=_fmt(score)))
            self.totals_changed.emit()
        else:
            self.backend.set_comment(self.member_id, item_id, text)
            self.comments[item_id] = text
            self.saved.emit(render("ui.comment_saved", i18n.current(), item=item_id))
        r = self.row_of(item_id)
        self.dataChanged.emit(self.index(r, col), self.index(r, col))

    def apply(self, item_id: str, col: int, text: str) -> None:
        """Undo/redo: saved through the service like a typed edit."""
        try:
            self._save(item_id, col, text)
        except QjscError as exc:
            r = self.row_of(item_id)
            self.rejected.emit(self.index(r, col), exc)


def _fmt(value: Decimal) -> str:
    """3.50 → "3.5", 4.0 → "4": as an expert would write it."""
    from qjsc_panel.domain.scoring import score_text

    return score_text(value)
