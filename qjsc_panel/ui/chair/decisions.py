"""The chair's decision dialogs: what is being decided, the evidence, and the consequence.

A veto: the finding and who proposed it; confirming fails the acceptance (第二十二条),
dismissing leaves the result to the scores.  An outlier: the total and its deviation; the chair
either keeps it with a justification, or sends it back for a re-score (the expert's correction
then replaces the flagged sheet).  Both need a written reason.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)


class _Decision(QDialog):
    def __init__(self, title: str, facts: str, options: list[tuple[str, str]], parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.facts = QLabel(facts)
        self.facts.setWordWrap(True)
        self.facts.setStyleSheet("background: #f5f5f5; padding: 6px;")
        self.group = QButtonGroup(self)
        self.options: list[QRadioButton] = []
        lay = QVBoxLayout(self)
        lay.addWidget(self.facts)
        for i, (label, consequence) in enumerate(options):
            button = QRadioButton(label)
            note = QLabel(consequence)
            note.setWordWrap(True)
            note.setStyleSheet("color: #555; margin-left: 22px;")
            self.group.addButton(button, i)
            self.options.append(button)
            lay.addWidget(button)
            lay.addWidget(note)
        self.options[0].setChecked(True)
        # Looked up as "_Decision" (PySide's self.tr would use the subclass's name, VetoDialog).
        self.reason_label = QLabel(QCoreApplication.translate("_Decision", "理由（必填，记入审计日志）："))
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason_label.setBuddy(self.reason)
        lay.addWidget(self.reason_label)
        lay.addWidget(self.reason, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(560, 420)

    @property
    def choice(self) -> int:
        return self.group.checkedId()

    @property
    def text(self) -> str:
        return self.reason.toPlainText()


class VetoDialog(_Decision):
    def __init__(self, proposal: dict[str, object], parent: QWidget | None = None) -> None:
        facts = self.tr("否决项 {0}（提议人：{1}）\n事实依据：{2}").format(
            proposal["item"], proposal["proposer"], proposal["evidence"]
        )
        super().__init__(
            self.tr("处理否决项提议"),
            facts,
            [
                (self.tr("驳回"), self.tr("该提议不影响结论，验收结果仍按评分确定。")),
                (self.tr("确认否决"), self.tr("确认后本次验收结论为“不合格”（第二十二条），不论得分多少。")),
            ],
            parent,
        )

    @property
    def confirm(self) -> bool:
        return self.choice == 1


class OutlierDialog(_Decision):
    def __init__(self, outlier: dict[str, object], parent: QWidget | None = None) -> None:
        facts = self.tr("{0} 的总分 {1}，偏离 {2}，超出允许范围。").format(
            outlier["name"], outlier["total"], outlier["deviation"]
        )
        super().__init__(
            self.tr("处理异常评分"),
            facts,
            [
                (self.tr("保留该评分并说明理由"), self.tr("该评分照常计入平均分，理由写入验收记录。")),
                (
                    self.tr("要求该专家重新评分"),
                    self.tr("记录组长的要求；专家提交更正版本后取代该评分，届时重新判断是否异常。"),
                ),
            ],
            parent,
        )

    @property
    def send_back(self) -> bool:
        return self.choice == 1
