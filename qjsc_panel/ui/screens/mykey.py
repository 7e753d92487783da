"""我的公钥: the expert's public key for the chair, with the fingerprint shown large.

Enrolment starts here: the expert writes the public key to a file (a USB stick) and, face to
face, reads the fingerprint aloud while the chair compares it with what the chair's app shows.
No passphrase is needed: the public half is not a secret.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from qjsc_panel.ui.widgets import ErrorLabel

if TYPE_CHECKING:
    from qjsc_panel.ui.main_window import MainWindow


class MyKeyScreen(QWidget):
    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.setObjectName("MyKeyScreen")
        self.window_ = window
        self.written: Path | None = None
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 20pt; font-weight: bold;")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.name = QLabel()
        self.name.setStyleSheet("font-size: 16pt;")
        self.fp_label = QLabel()
        self.fingerprint = QLabel()
        self.fingerprint.setObjectName("bigFingerprint")
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint.setStyleSheet("font-family: monospace; font-size: 22pt; font-weight: bold; padding: 8px;")
        self.done = QLabel()
        self.done.setObjectName("done")
        self.done.setWordWrap(True)
        self.done.setStyleSheet("color: #1b5e20; font-weight: bold;")
        self.error = ErrorLabel()
        self.export_button = QPushButton()
        self.export_button.setObjectName("exportKeyButton")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(lambda: self.export())
        self.back_button = QPushButton()
        self.back_button.clicked.connect(self.window_.show_home)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch()
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 30, 40, 30)
        for w in (self.title, self.hint, self.name, self.fp_label, self.fingerprint, self.done, self.error):
            layout.addWidget(w)
        layout.addStretch()
        layout.addLayout(buttons)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("我的公钥"))
        self.hint.setText(
            self.tr(
                "组长登记您的公钥后，才能向您发出验收邀请。请把公钥文件导出到 U 盘交给组长，"
                "并当面逐组念出下面的指纹，请组长与其屏幕上显示的指纹核对一致。公钥不是秘密，无需口令。"
            )
        )
        self.fp_label.setText(self.tr("密钥指纹（SHA-256）："))
        self.export_button.setText(self.tr("导出公钥文件(&E)…"))
        self.back_button.setText(self.tr("返回"))
        self.reload()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def reload(self) -> None:
        if self.window_.backend.profile is None:
            return
        name, grouped, _pem = self.window_.backend.public_key()
        self.name.setText(self.tr("姓名：{0}").format(name))
        self.fingerprint.setText(grouped)

    def export(self, target: Path | None = None) -> None:
        if target is None:
            name = self.window_.backend.profile.name if self.window_.backend.profile else "key"
            chosen, _ = QFileDialog.getSaveFileName(
                self, self.tr("导出公钥文件"), f"{name}-public-key.pem", self.tr("公钥 (*.pem)")
            )
            if not chosen:
                return
            target = Path(chosen)
        try:
            self.written = self.window_.backend.export_public_key(target)
        except Exception as exc:
            self.error.show_error(exc)
            return
        self.error.clear()
        self.done.setText(self.tr("公钥已导出：{0}。请交给组长，并当面核对指纹。").format(self.written))
