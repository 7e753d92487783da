"""Table models of the chair's dashboard: members, and the experts × items score matrix."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

if TYPE_CHECKING:
    from qjsc_panel.services.outputs import Dashboard

_Index = QModelIndex | QPersistentModelIndex
WARN = QColor("#fde2e1")
STAT = QColor("#eeeeee")


class MatrixModel(QAbstractTableModel):
    """Rows: items (+ a total row); columns: item, max, each expert, mean, min, max, spread."""

    def __init__(self) -> None:
        super().__init__()
        self.d: Dashboard | None = None

    def set_dashboard(self, d: Dashboard) -> None:
        self.beginResetModel()
        self.d = d
        self.endResetModel()

    def _headers(self) -> list[str]:
        experts = self.d.experts if self.d else []
        return [
            self.tr("评分项"),
            self.tr("分值"),
            *experts,
            self.tr("平均"),
            self.tr("最低"),
            self.tr("最高"),
            self.tr("极差"),
        ]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if self.d is None or parent.isValid() else len(self.d.items) + 1

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers())

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers()[section]
        return None

    def _row(self, r: int) -> list[str]:
        assert self.d is not None
        if r == len(self.d.items):
            return [self.tr("合计"), "", *[self.d.totals[e] for e in self.d.experts], self.d.composite, "", "", ""]
        it = self.d.items[r]
        return [
            f"{it['id']} {it['text']}",
            it["max"],
            *it["scores"],
            it["mean"],
            it["min"],
            it["max_score"],
            it["spread"],
        ]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.d is None or not index.isValid():
            return None
        r, c = index.row(), index.column()
        n = len(self.d.experts)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._row(r)[c]
        if role == Qt.ItemDataRole.TextAlignmentRole and c > 0:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if c >= 2 + n:
                return QBrush(STAT)
            if r < len(self.d.items) and 2 <= c < 2 + n:
                it = self.d.items[r]
                # A wide spread on an item is worth a look by the chair.
                try:
                    if float(it["spread"] or 0) > float(it["max"]) * 0.4:
                        return QBrush(WARN)
                except ValueError:
                    return None
        return None


class MembersModel(QAbstractTableModel):
    COLUMNS = 9

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, Any]] = []

    def set_dashboard(self, d: Dashboard) -> None:
        self.beginResetModel()
        self.rows = d.members
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.heads()[section]
        return None

    def heads(self) -> list[str]:
        return [
            self.tr("姓名"),
            self.tr("身份"),
            self.tr("资格"),
            self.tr("声明"),
            self.tr("回避"),
            self.tr("评分表"),
            self.tr("签名"),
            self.tr("密钥指纹"),
            self.tr("总分"),
        ]

    def role_text(self, m: dict[str, Any]) -> str:
        words = {"expert": self.tr("专家"), "bureau": self.tr("市工信局"), "district": self.tr("区工信部门")}
        text = words.get(m["role"], str(m["role"]))
        return text + self.tr("（组长）") if m["chair"] else text

    def sheet_text(self, s: dict[str, Any]) -> str:
        if not s:
            return ""
        state = self.tr("已提交") if s["status"] == "submitted" else self.tr("草稿")
        return f"{state} v{s['version']}" + ("" if s["counted"] else self.tr("（不计入）"))

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        m = self.rows[index.row()]
        s = m["sheet"] or {}
        values = [
            m["name"],
            self.role_text(m),
            "" if m["role"] != "expert" else (self.tr("符合") if m["qualified"] else self.tr("不符合")),
            self.tr("已签署") if m["declared"] else self.tr("未签署"),
            m["recusal_reason"] if m["recused"] else "",
            self.sheet_text(s),
            "" if not s else (self.tr("有效签名包") if s["signed"] else self.tr("未签名")),
            s.get("fingerprint", "") if s else "",
            s.get("total", "") if s else "",
        ]
        if role == Qt.ItemDataRole.DisplayRole:
            return values[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and (m["recused"] or (m["role"] == "expert" and not m["qualified"])):
            return QBrush(WARN)
        return None
