"""The expert's profile as the invitation carried it: name, employer, title and years,
speciality, phone.  The expert confirms it before the declaration; the qualification rule
(高级职称, or 中级 with ≥ 10 years) is the service's, shown here only as its verdict.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qjsc_panel.errors import QjscError
from qjsc_panel.ui import retranslate
from qjsc_panel.ui.backend import Membership
from qjsc_panel.ui.widgets import ErrorLabel

if TYPE_CHECKING:
    from qjsc_panel.ui.main_window import MainWindow


class ProfileScreen(QWidget):
    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.setObjectName("ProfileScreen")
        self.window_ = window
        self.membership: Membership | None = None
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 20pt; font-weight: bold;")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.fields: dict[str, QLineEdit] = {}
        self.labels: dict[str, QLabel] = {}
        form = QFormLayout()
        for key in ("name", "employer", "title", "level", "years", "speciality", "phone"):
            edit = QLineEdit()
            edit.setObjectName(f"profile_{key}")
            edit.setReadOnly(True)
            label = QLabel()
            self.fields[key], self.labels[key] = edit, label
            form.addRow(label, edit)
        self.error = ErrorLabel()
        self.confirm_button = QPushButton()
        self.confirm_button.setObjectName("confirmButton")
        self.confirm_button.setDefault(True)
        self.confirm_button.clicked.connect(self.confirm)
        self.back_button = QPushButton()
        self.back_button.clicked.connect(self.window_.show_home)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch()
        buttons.addWidget(self.confirm_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 30, 40, 30)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch()
        layout.addLayout(buttons)
        retranslate.register(self, self.retranslate_ui)

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("核对个人信息"))
        self.hint.setText(
            self.tr("以下信息来自组长的验收邀请，将印在专家签到表上。如有错误，请告知组长更正后重新发送邀请。")
        )
        names = {
            "name": self.tr("姓名"),
            "employer": self.tr("工作单位"),
            "title": self.tr("职称"),
            "level": self.tr("职称级别"),
            "years": self.tr("从业年限"),
            "speciality": self.tr("专业"),
            "phone": self.tr("电话"),
        }
        for key, label in self.labels.items():
            label.setText(names[key] + self.tr("："))
        self.confirm_button.setText(self.tr("信息无误，下一步(&N)"))
        self.back_button.setText(self.tr("返回"))
        if self.membership is not None:
            self._fill()

    def level_text(self, level: str) -> str:
        return {"senior": self.tr("高级"), "intermediate": self.tr("中级")}.get(level, self.tr("其他"))

    def load(self, m: Membership) -> None:
        self.membership = m
        self.error.clear()
        self._fill()
        self.confirm_button.setFocus()

    def _fill(self) -> None:
        assert self.membership is not None
        try:
            p = self.window_.backend.expert_profile(self.membership.acceptance, self.membership.member_id)
        except QjscError as exc:
            self.error.show_error(exc)
            return
        values = {
            "name": p.name,
            "employer": p.employer,
            "title": p.title,
            "level": self.level_text(p.title_level),
            "years": str(p.years),
            "speciality": p.speciality,
            "phone": p.phone,
        }
        for key, edit in self.fields.items():
            edit.setText(values[key])

    def confirm(self) -> None:
        assert self.membership is not None
        self.window_.show_declaration(self.membership)
