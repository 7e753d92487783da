"""Start screen: choose your expert profile on this laptop and unlock it with your passphrase.

Several experts may share one laptop; each profile is a signing key protected by its own
passphrase, and nothing of an expert's sheet is shown before that passphrase is given.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qjsc_panel.errors import QjscError
from qjsc_panel.ui import retranslate
from qjsc_panel.ui.backend import Profile
from qjsc_panel.ui.widgets import ErrorLabel

if TYPE_CHECKING:
    from qjsc_panel.ui.main_window import MainWindow


class LoginScreen(QWidget):
    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.setObjectName("LoginScreen")
        self.window_ = window
        self.title = QLabel()
        self.title.setObjectName("screenTitle")
        self.title.setStyleSheet("font-size: 20pt; font-weight: bold;")
        self.hint = QLabel()
        self.hint.setWordWrap(True)

        self.login_box = QGroupBox()
        self.profiles = QListWidget()
        self.profiles.setObjectName("profiles")
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.returnPressed.connect(self.login)
        self.login_button = QPushButton()
        self.login_button.setObjectName("loginButton")
        self.login_button.setDefault(True)
        self.login_button.clicked.connect(self.login)
        self.pass_label = QLabel()
        form = QFormLayout()
        form.addRow(self.pass_label, self.passphrase)
        box = QVBoxLayout(self.login_box)
        box.addWidget(self.profiles)
        box.addLayout(form)
        box.addWidget(self.login_button, alignment=Qt.AlignmentFlag.AlignRight)

        self.new_box = QGroupBox()
        self.new_name = QLineEdit()
        self.new_name.setObjectName("newName")
        self.new_pass = QLineEdit()
        self.new_pass.setObjectName("newPassphrase")
        self.new_pass.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_repeat = QLineEdit()
        self.new_repeat.setObjectName("newRepeat")
        self.new_repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.create_button = QPushButton()
        self.create_button.setObjectName("createButton")
        self.create_button.clicked.connect(self.create_profile)
        self.name_label, self.newpass_label, self.repeat_label = QLabel(), QLabel(), QLabel()
        nf = QFormLayout(self.new_box)
        nf.addRow(self.name_label, self.new_name)
        nf.addRow(self.newpass_label, self.new_pass)
        nf.addRow(self.repeat_label, self.new_repeat)
        nf.addRow("", self.create_button)

        self.error = ErrorLabel()

        columns = QHBoxLayout()
        columns.addWidget(self.login_box, 3)
        columns.addWidget(self.new_box, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 30, 40, 30)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addLayout(columns, 1)
        layout.addWidget(self.error)
        retranslate.register(self, self.retranslate_ui)

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("专家登录"))
        self.hint.setText(
            self.tr("请选择您在本机的专家档案并输入口令。多位专家共用一台电脑时，每人的评分只有凭本人口令才能打开。")
        )
        self.login_box.setTitle(self.tr("本机的专家档案"))
        self.pass_label.setText(self.tr("口令："))
        self.login_button.setText(self.tr("登录"))
        self.new_box.setTitle(self.tr("首次使用：新建专家档案"))
        self.name_label.setText(self.tr("姓名："))
        self.newpass_label.setText(self.tr("口令："))
        self.repeat_label.setText(self.tr("再次输入："))
        self.create_button.setText(self.tr("新建档案"))

    def reload(self) -> None:
        self.profiles.clear()
        self.passphrase.clear()
        self.error.clear()
        try:
            found = self.window_.backend.profiles()
        except QjscError as exc:  # a broken key file is reported, the others stay usable
            self.error.show_error(exc)
            found = []
        for p in found:
            item = QListWidgetItem(f"{p.name}    ({p.short})")
            item.setData(Qt.ItemDataRole.UserRole, p)
            self.profiles.addItem(item)
        if found:
            self.profiles.setCurrentRow(0)
            self.passphrase.setFocus()
        else:
            self.new_name.setFocus()

    def select(self, name: str) -> None:
        for row in range(self.profiles.count()):
            p = self.profiles.item(row).data(Qt.ItemDataRole.UserRole)
            if p.name == name:
                self.profiles.setCurrentRow(row)

    def login(self) -> None:
        item = self.profiles.currentItem()
        if item is None:
            self.error.show_error(QjscError("ui.no_profile"))
            return
        profile: Profile = item.data(Qt.ItemDataRole.UserRole)
        try:
            self.window_.backend.login(profile, self.passphrase.text())
        except QjscError as exc:
            self.error.show_error(exc)
            self.passphrase.selectAll()
            return
        self.passphrase.clear()
        self.error.clear()
        self.window_.statusBar().showMessage(self.tr("欢迎，{0}").format(profile.name), 5000)
        self.window_.show_home()

    def create_profile(self) -> None:
        try:
            profile = self.window_.backend.create_profile(
                self.new_name.text(), self.new_pass.text(), self.new_repeat.text()
            )
        except QjscError as exc:
            self.error.show_error(exc)
            return
        for w in (self.new_name, self.new_pass, self.new_repeat):
            w.clear()
        self.reload()
        self.select(profile.name)
        self.window_.statusBar().showMessage(
            self.tr("已新建档案：{0}（指纹 {1}）").format(profile.name, profile.short), 8000
        )
