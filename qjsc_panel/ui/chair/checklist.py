"""定稿清单: what still stands between the chair and finalising, each line leading to the place
that clears it (Enter or double-click), and the 定稿 button once nothing blocks.

The lines come from :func:`qjsc_panel.services.opinion_draft.checklist` (the blockers are
``PanelStatus.blockers``, the ones the finalise service refuses on); nothing here decides.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qjsc_panel.errors import QjscError
from qjsc_panel.services.context import Ctx
from qjsc_panel.services.opinion_draft import CheckItem
from qjsc_panel.ui import retranslate
from qjsc_panel.ui.chair.performance_models import Refusal

TAB_ROLE = Qt.ItemDataRole.UserRole
PART_ROLE = Qt.ItemDataRole.UserRole + 1


class FinaliseChecklist(QWidget):
    goto = Signal(str)  # a workspace tab key
    goto_part = Signal(str)  # inside the opinion tab: performance | opinion
    finalised = Signal()

    def __init__(self, ctx: Ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FinaliseChecklist")
        self.ctx = ctx
        self.acceptance = ""
        self.items: list[CheckItem] = []
        self.heading = QLabel()
        self.heading.setStyleSheet("font-weight: bold; font-size: 13pt;")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(self._activated)
        self.heading.setBuddy(self.list)
        self.error = Refusal()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        self.finalise_button = QPushButton()
        self.finalise_button.clicked.connect(self._finalise_clicked)
        actions = QHBoxLayout()
        actions.addWidget(self.refresh_button)
        actions.addStretch(1)
        actions.addWidget(self.finalise_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.heading)
        lay.addWidget(self.hint)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.summary)
        lay.addWidget(self.error)
        lay.addLayout(actions)
        retranslate.register(self, self.retranslate_ui)

    def retranslate_ui(self) -> None:
        self.heading.setText(self.tr("定稿清单(&L)"))
        self.hint.setText(
            self.tr(
                "✗ 必须先解决才能定稿，! 建议完成，✓ 已满足。选中一行按回车或双击，转到处理该事项的页面。"
            )
        )
        self.refresh_button.setText(self.tr("刷新(&F)"))
        self.finalise_button.setText(self.tr("定稿(&Z)…"))
        self._fill()

    def tab_name(self, key: str) -> str:
        return {
            "setup": self.tr("验收设置"),
            "panel": self.tr("专家组"),
            "collect": self.tr("收取评分表"),
            "review": self.tr("评议与决定"),
            "opinion": self.tr("绩效表与验收意见"),
            "sign": self.tr("定稿与签名"),
        }.get(key, key)

    # -- content ----------------------------------------------------------------------------------
    def set_acceptance(self, uuid: str) -> None:
        self.acceptance = uuid
        self.refresh()

    def refresh(self) -> None:
        from qjsc_panel.services.opinion_draft import checklist

        self.error.clear()
        self.items = checklist(self.ctx, self.acceptance) if self.acceptance else []
        self._fill()

    @property
    def blocking(self) -> list[CheckItem]:
        return [i for i in self.items if i.blocking]

    @property
    def todo(self) -> list[CheckItem]:
        return [i for i in self.items if i.state == "todo"]

    @property
    def done(self) -> bool:
        return any(i.key == "acceptance.finalised" for i in self.items)

    def _fill(self) -> None:
        from qjsc_panel.ui.backend import message

        self.list.clear()
        marks = {"blocker": "✗", "todo": "!", "ok": "✓", "done": "✓"}
        colours = {"blocker": "#b00020", "todo": "#9a6700", "ok": "#1e7b34", "done": "#1e7b34"}
        for item in self.items:
            text = f"{marks[item.state]}  {message(item.text)}  →  {self.tab_name(item.tab)}"
            row = QListWidgetItem(text)
            row.setData(TAB_ROLE, item.tab)
            row.setData(PART_ROLE, item.part)
            row.setForeground(QBrush(QColor(colours[item.state])))
            self.list.addItem(row)
        if self.list.count():
            self.list.setCurrentRow(0)
        if self.done:
            self.summary.setText(self.tr("本次验收已定稿；下一步：导出、签名和报送材料。"))
        elif self.blocking:
            self.summary.setText(self.tr("还有 {0} 项必须解决才能定稿。").format(len(self.blocking)))
        elif self.todo:
            self.summary.setText(self.tr("没有阻止定稿的问题；仍有 {0} 项建议完成的事项。").format(len(self.todo)))
        else:
            self.summary.setText(self.tr("全部条件已满足，可以定稿。"))
        self.finalise_button.setEnabled(bool(self.acceptance) and not self.blocking and not self.done)

    def _activated(self, row: QListWidgetItem) -> None:
        tab, part = row.data(TAB_ROLE), row.data(PART_ROLE)
        if part:
            self.goto_part.emit(str(part))
        self.goto.emit(str(tab))

    # -- finalising -------------------------------------------------------------------------------
    def _finalise_clicked(self) -> None:
        from qjsc_panel.ui.backend import message

        todo = "\n".join("• " + message(i.text) for i in self.todo)
        text = self.tr("定稿后评分、决定和验收意见都将冻结，不能再修改。确定定稿吗？")
        if todo:
            text += "\n\n" + self.tr("以下建议事项尚未完成：") + "\n" + todo
        answer = QMessageBox.question(self, self.tr("定稿"), text)
        if answer == QMessageBox.StandardButton.Yes:
            self.finalise()

    def finalise(self) -> bool:
        """Ask the finalise service (chair's key required; refused while blockers remain)."""
        from qjsc_panel.services.review import finalise

        try:
            finalise(self.ctx, self.acceptance)
        except QjscError as exc:
            self.refresh()
            self.error.show_error(exc)
            return False
        self.refresh()
        self.finalised.emit()
        return True
