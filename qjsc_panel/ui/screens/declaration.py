"""The conflict-of-interest and confidentiality declaration (第二十条三, 第十二条).

Any conflict ticked recuses the expert (the service decides; this screen only collects the
answers) and the scoring view stays closed to him or her.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qjsc_panel.errors import QjscError
from qjsc_panel.messages import render
from qjsc_panel.ui import i18n, retranslate
from qjsc_panel.ui.backend import Membership
from qjsc_panel.ui.widgets import ErrorLabel

if TYPE_CHECKING:
    from qjsc_panel.ui.main_window import MainWindow

CONFLICTS = (
    "employed_by_enterprise",
    "consulted_for_enterprise",
    "employed_by_consultancy",
    "consulted_for_consultancy",
    "kinship",
    "financial_interest",
    "other",
)  # the values of domain.panel.Conflict, kept here so the screen needs no domain import


class DeclarationScreen(QWidget):
    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.setObjectName("DeclarationScreen")
        self.window_ = window
        self.membership: Membership | None = None
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 20pt; font-weight: bold;")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.box = QGroupBox()
        self.boxes: dict[str, QCheckBox] = {}
        inner = QVBoxLayout(self.box)
        for code in CONFLICTS:
            cb = QCheckBox()
            cb.setObjectName(f"conflict_{code}")
            self.boxes[code] = cb
            inner.addWidget(cb)
        self.note_label = QLabel()
        self.note = QPlainTextEdit()
        self.note.setObjectName("note")
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(90)
        inner.addWidget(self.note_label)
        inner.addWidget(self.note)
        self.confidential = QCheckBox()
        self.confidential.setObjectName("confidentiality")
        self.confidential.setStyleSheet("font-weight: bold;")
        self.sign_button = QPushButton()
        self.sign_button.setObjectName("signButton")
        self.sign_button.setDefault(True)
        self.sign_button.clicked.connect(self.sign)
        self.back_button = QPushButton()
        self.back_button.clicked.connect(self.window_.show_home)
        self.recused = QLabel()
        self.recused.setObjectName("recusedNotice")
        self.recused.setWordWrap(True)
        self.recused.setStyleSheet("font-size: 14pt; color: #7a4b00; background: #fff4e0; padding: 12px;")
        self.error = ErrorLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch()
        buttons.addWidget(self.sign_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 30, 40, 30)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addWidget(self.box)
        layout.addWidget(self.confidential)
        layout.addWidget(self.recused)
        layout.addWidget(self.error)
        layout.addStretch()
        layout.addLayout(buttons)
        retranslate.register(self, self.retranslate_ui)

    def retranslate_ui(self) -> None:
        m = self.membership
        self.title.setText(self.tr("利益冲突与保密声明"))
        self.intro.setText(
            self.tr(
                "验收企业：{0}。请如实勾选您与该企业或其咨询服务机构之间存在的关系。"
                "勾选任何一项即须回避，不参加本次评分。"
            ).format(m.enterprise if m else "")
        )
        self.box.setTitle(self.tr("利益关系（没有则不勾选）"))
        for code, cb in self.boxes.items():
            cb.setText(render(f"conflict.{code}", i18n.current()))
        self.note_label.setText(self.tr("说明（勾选“其他”时必填）："))
        self.confidential.setText(self.tr("本人承诺对验收中知悉的企业技术和商业秘密保密（第十二条）"))
        self.sign_button.setText(self.tr("签署声明(&S)"))
        self.back_button.setText(self.tr("返回"))
        if m is not None and m.recused:
            self.recused.setText(
                self.tr("您已回避本次验收（{0}），不能评分。您的声明已记录，请告知组长。").format(m.recusal_reason)
            )

    def load(self, m: Membership) -> None:
        self.membership = m
        self.error.clear()
        done = m.declared
        for cb in self.boxes.values():
            cb.setChecked(False)
            cb.setEnabled(not done)
        self.note.setEnabled(not done)
        self.confidential.setEnabled(not done)
        self.confidential.setChecked(done)
        self.sign_button.setVisible(not done)
        self.recused.setVisible(m.recused)
        self.retranslate_ui()
        if not done:
            self.boxes[CONFLICTS[0]].setFocus()

    def sign(self) -> None:
        m = self.membership
        assert m is not None
        conflicts = [code for code, cb in self.boxes.items() if cb.isChecked()]
        try:
            self.window_.backend.declare(m.member_id, conflicts, self.note.toPlainText(), self.confidential.isChecked())
        except QjscError as exc:
            self.error.show_error(exc)
            return
        updated = next(x for x in self.window_.backend.memberships() if x.member_id == m.member_id)
        self.window_.statusBar().showMessage(self.tr("声明已签署并保存"), 8000)
        self.window_.open_membership(updated)
