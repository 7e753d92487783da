"""Qt models of the performance table (绩效表): targets, measures (schemes) and the yearly figures.

Cells hold the text the chair typed; a number that does not parse is refused in ``setData``
with a message naming the field (``refused`` signal), so a wrong cell never reaches the table.
Whether a target is met is the report model's rule (:attr:`Target.met`), shown read-only.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from qjsc_panel.errors import QjscError
from qjsc_panel.services.opinion_draft import COST_CLASSES, Measures, Target
from qjsc_panel.ui import i18n, retranslate
from qjsc_panel.ui.widgets import ErrorLabel

_Index = QModelIndex | QPersistentModelIndex
_EDIT = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsEditable
_READ = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled


def parse_decimal(text: str, field: str) -> Decimal | None:
    """"" is no value; thousands separators are accepted; anything else is refused."""
    raw = text.strip().replace(",", "").replace("，", "")
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise QjscError("perf.bad_number", field=field, value=text.strip()) from None
    if not value.is_finite():
        raise QjscError("perf.bad_number", field=field, value=text.strip())
    return value


def parse_count(text: str, field: str) -> int:
    value = parse_decimal(text, field) if text.strip() else Decimal(0)
    if value is None or value < 0 or value != value.to_integral_value():
        raise QjscError("perf.bad_count", field=field, value=text.strip())
    return int(value)


def number_text(value: Decimal | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)


class Refusal(ErrorLabel):
    """An error line that takes no room while there is nothing to say."""

    def __init__(self) -> None:
        super().__init__()
        self.hide()

    def show_error(self, exc: BaseException) -> None:
        super().show_error(exc)
        self.show()

    def clear(self) -> None:
        super().clear()
        self.hide()


class _TextModel(QAbstractTableModel):
    """A table of texts; subclasses say which columns edit and how a cell is checked."""

    refused = Signal(object)  # QjscError
    edited = Signal()

    def __init__(self, columns: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self.rows: list[list[str]] = []
        retranslate.register(self, self._retranslated, now=False)

    def _retranslated(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columns - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, self.columns - 1))

    def headers(self) -> list[str]:
        raise NotImplementedError

    def check(self, row: int, column: int, text: str) -> None:
        """Raise a QjscError if ``text`` cannot go into the cell."""

    def editable(self, column: int) -> bool:
        return True

    def display(self, row: int, column: int) -> str:
        return self.rows[row][column]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008  # Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.columns

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers()[section]
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return _EDIT if self.editable(index.column()) else _READ

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self.display(index.row(), index.column())
        if role == Qt.ItemDataRole.BackgroundRole and not self.editable(index.column()):
            from PySide6.QtGui import QColor

            return QColor("#f0f0f0")
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not self.editable(index.column()):
            return False
        text = "" if value is None else str(value)
        try:
            self.check(index.row(), index.column(), text)
        except QjscError as exc:
            self.refused.emit(exc)
            return False
        self.rows[index.row()][index.column()] = text.strip()
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), self.columns - 1))
        self.edited.emit()
        return True

    def set_rows(self, rows: list[list[str]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()


class TargetsModel(_TextModel):
    """清洁生产目标: indicator, unit, baseline, target, achieved, and whether it is met."""

    NUMBERS = (2, 3, 4)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(6, parent)

    def headers(self) -> list[str]:
        return [
            self.tr("指标"),
            self.tr("单位"),
            self.tr("审核前（基准）"),
            self.tr("目标值"),
            self.tr("实际完成"),
            self.tr("是否达标"),
        ]

    def editable(self, column: int) -> bool:
        return column != 5

    def field(self, row: int, column: int) -> str:
        name = self.rows[row][0] or self.tr("第 {0} 个目标").format(row + 1)
        return f"{name}·{self.headers()[column]}"

    def check(self, row: int, column: int, text: str) -> None:
        if column in self.NUMBERS:
            parse_decimal(text, self.field(row, column))

    def display(self, row: int, column: int) -> str:
        if column != 5:
            return self.rows[row][column]
        try:
            met = self._target(row).met
        except QjscError:
            return ""
        return "" if met is None else (self.tr("达标") if met else self.tr("未达标"))

    def _target(self, row: int) -> Target:
        cells = self.rows[row]
        nums = [parse_decimal(cells[c], self.field(row, c)) for c in self.NUMBERS]
        return Target(indicator=cells[0], unit=cells[1], baseline=nums[0], target=nums[1], achieved=nums[2])

    def set_targets(self, targets: list[Target]) -> None:
        self.set_rows(
            [
                [t.indicator, t.unit, number_text(t.baseline), number_text(t.target), number_text(t.achieved), ""]
                for t in targets
            ]
        )

    def targets(self) -> list[Target]:
        """The typed targets; fully empty rows are skipped, a row without a name is refused."""
        out = []
        for row, cells in enumerate(self.rows):
            if not any(c.strip() for c in cells[:5]):
                continue
            if not cells[0].strip():
                raise QjscError("perf.no_indicator", row=row + 1)
            out.append(self._target(row))
        return out

    def add_row(self) -> int:
        row = len(self.rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self.rows.append([""] * 6)
        self.endInsertRows()
        self.edited.emit()
        return row

    def remove_row(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.rows[row]
            self.endRemoveRows()
            self.edited.emit()


class MeasuresModel(_TextModel):
    """清洁生产方案: one row per cost class; proposed, implemented (counts), investment, benefit."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(4, parent)
        self.set_rows([["0", "0", "0", "0"] for _ in COST_CLASSES])

    def headers(self) -> list[str]:
        return [self.tr("提出（项）"), self.tr("已实施（项）"), self.tr("投资（万元）"), self.tr("年经济效益（万元/年）")]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Vertical:
            return self.class_name(section)
        return super().headerData(section, orientation, role)

    def class_name(self, row: int) -> str:
        _key, zh, en = COST_CLASSES[row]
        return i18n.text(zh, en)

    def check(self, row: int, column: int, text: str) -> None:
        field = f"{self.class_name(row)}·{self.headers()[column]}"
        if column < 2:
            parse_count(text, field)
        else:
            value = parse_decimal(text, field)
            if value is not None and value < 0:
                raise QjscError("perf.bad_number", field=field, value=text.strip())

    def set_measures(self, measures: list[Measures]) -> None:
        self.set_rows(
            [[str(m.proposed), str(m.implemented), number_text(m.investment), number_text(m.benefit)] for m in measures]
        )

    def measures(self) -> list[Measures]:
        out = []
        for row, cells in enumerate(self.rows):
            for col in range(4):
                self.check(row, col, cells[col])
            out.append(
                Measures(
                    proposed=int(cells[0] or 0),
                    implemented=int(cells[1] or 0),
                    investment=parse_decimal(cells[2], "") or Decimal(0),
                    benefit=parse_decimal(cells[3], "") or Decimal(0),
                )
            )
        return out


class FiguresModel(_TextModel):
    """Yearly savings or reductions: label and unit fixed, the value typed (empty: not stated)."""

    def __init__(self, keys: list[tuple[str, str, str, str]], parent: QObject | None = None) -> None:
        super().__init__(3, parent)
        self.keys = keys
        self.set_rows([["", unit, ""] for _k, _zh, _en, unit in keys])

    def headers(self) -> list[str]:
        return [self.tr("项目"), self.tr("单位"), self.tr("数值")]

    def editable(self, column: int) -> bool:
        return column == 2

    def display(self, row: int, column: int) -> str:
        if column == 0:
            _k, zh, en, _u = self.keys[row]
            return i18n.text(zh, en)
        return self.rows[row][column]

    def check(self, row: int, column: int, text: str) -> None:
        value = parse_decimal(text, self.display(row, 0))
        if value is not None and value < 0:
            raise QjscError("perf.bad_number", field=self.display(row, 0), value=text.strip())

    def set_values(self, values: dict[str, Decimal]) -> None:
        self.set_rows([["", unit, number_text(values.get(k))] for k, _zh, _en, unit in self.keys])

    def values(self) -> dict[str, Decimal]:
        out = {}
        for row, (key, *_rest) in enumerate(self.keys):
            value = parse_decimal(self.rows[row][2], self.display(row, 0))
            if value is not None:
                out[key] = value
        return out
