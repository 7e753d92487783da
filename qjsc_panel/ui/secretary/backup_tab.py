"""Backup and restore of the whole data directory, encrypted under a passphrase."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QFormLayout, QGroupBox, QLineEdit, QPushButton, QVBoxLayout

from qjsc_panel.services import backup
from qjsc_panel.services.context import Ctx
from qjsc_panel.ui.i18n import text
from qjsc_panel.ui.secretary.common import Tab, named


class BackupTab(Tab):
    def __init__(self, ctx: Ctx, data_dir: Path) -> None:
        super().__init__(ctx)
        self.data_dir = data_dir
        self.pass1 = named(QLineEdit(), "backupPass")
        self.pass2 = named(QLineEdit(), "backupPass2")
        self.restore_pass = named(QLineEdit(), "restorePass")
        for w in (self.pass1, self.pass2, self.restore_pass):
            w.setEchoMode(QLineEdit.EchoMode.Password)
        self.backup_button = named(QPushButton(), "backupButton")
        self.backup_button.clicked.connect(self.choose_backup)
        self.restore_button = named(QPushButton(), "restoreButton")
        self.restore_button.clicked.connect(self.choose_restore)
        self.make_box, self.restore_box = QGroupBox(), QGroupBox()
        make = QFormLayout(self.make_box)
        for zh, en, w in (("口令", "Passphrase", self.pass1), ("再次输入", "Repeat", self.pass2)):
            make.addRow(zh, w)
            self.tr2(make.labelForField(w).setText, zh, en)  # type: ignore[attr-defined]
        make.addRow(self.backup_button)
        rest = QFormLayout(self.restore_box)
        rest.addRow("口令", self.restore_pass)
        self.tr2(rest.labelForField(self.restore_pass).setText, "口令", "Passphrase")  # type: ignore[attr-defined]
        rest.addRow(self.restore_button)
        self.tr2(
            self.make_box.setTitle,
            "备份（数据库、密钥、登记信息和设置，加密为一个文件）",
            "Backup (database, keys, enrolments, settings — one encrypted file)",
        )
        self.tr2(
            self.restore_box.setTitle,
            "恢复（先完整校验，只恢复到空目录）",
            "Restore (fully checked first; only into an empty folder)",
        )
        self.tr2(self.backup_button.setText, "写出备份…", "Write backup…")
        self.tr2(self.restore_button.setText, "从备份恢复…", "Restore from backup…")
        layout = QVBoxLayout(self)
        layout.addWidget(self.make_box)
        layout.addWidget(self.restore_box)
        layout.addStretch()
        layout.addWidget(self.error)
        layout.addWidget(self.notice)
        self.retranslate_ui()

    def choose_backup(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, text("保存备份", "Save backup"), "", "qjsc backup (*.qjscbak)")
        if path:
            self.make_backup(Path(path))

    def make_backup(self, path: Path) -> object:
        from qjsc_panel.errors import QjscError

        def do() -> str:
            if self.pass1.text() != self.pass2.text():
                raise QjscError("ui.passphrase_mismatch")
            info = backup.create_backup(self.data_dir, self.ctx.db.path, path, self.pass1.text())
            return f"{info.path} ({info.files})"

        return self.run(do, "已写出备份 {result}", "Backup written: {result}")

    def choose_restore(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, text("选择备份", "Choose backup"), "", "qjsc backup (*.qjscbak)")
        if not path:
            return
        folder = QFileDialog.getExistingDirectory(self, text("选择空目录", "Choose an empty folder"))
        if folder:
            self.restore(Path(path), Path(folder))

    def restore(self, path: Path, folder: Path) -> object:
        return self.run(
            lambda: backup.restore_backup(path, self.restore_pass.text(), folder),
            "已恢复 {result} 个文件；以该目录为数据目录启动即可使用",
            "Restored {result} files; start with that folder as the data directory",
        )
