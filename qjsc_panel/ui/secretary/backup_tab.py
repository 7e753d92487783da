"""Backup and restore of the whole data directory, encrypted under a passphrase (in the background)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QFormLayout, QGroupBox, QLineEdit, QPushButton, QVBoxLayout

from qjsc_panel.errors import QjscError
from qjsc_panel.services import backup
from qjsc_panel.services.context import Ctx
from qjsc_panel.ui import retranslate
from qjsc_panel.ui.secretary.common import Tab, form_rows, named, set_texts


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
        self.op_buttons = [self.backup_button, self.restore_button]
        self.make_box, self.restore_box = QGroupBox(), QGroupBox()
        make = QFormLayout(self.make_box)
        self.make_labels = form_rows(make, [self.pass1, self.pass2])
        make.addRow(self.backup_button)
        rest = QFormLayout(self.restore_box)
        self.restore_labels = form_rows(rest, [self.restore_pass])
        rest.addRow(self.restore_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.make_box)
        layout.addWidget(self.restore_box)
        layout.addStretch()
        layout.addWidget(self.progress)
        layout.addWidget(self.error)
        layout.addWidget(self.notice)
        retranslate.register(self, self.retranslate_ui)

    def retranslate_ui(self) -> None:
        set_texts(self.make_labels, [self.tr("口令"), self.tr("再次输入")])
        set_texts(self.restore_labels, [self.tr("口令")])
        self.make_box.setTitle(self.tr("备份（数据库、密钥、登记信息和设置，加密为一个文件）"))
        self.restore_box.setTitle(self.tr("恢复（先完整校验，只恢复到空目录）"))
        self.backup_button.setText(self.tr("写出备份…"))
        self.restore_button.setText(self.tr("从备份恢复…"))

    def choose_backup(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("保存备份"), "", "qjsc backup (*.qjscbak)")
        if path:
            self.make_backup(Path(path))

    def make_backup(self, path: Path) -> int | None:
        """Start writing the backup; the result shows in the notice line (``self.result``)."""
        if self.pass1.text() != self.pass2.text():
            self.notice.clear()
            self.error.show_error(QjscError("ui.passphrase_mismatch"))
            return None
        data_dir, passphrase = self.data_dir, self.pass1.text()

        def write(ctx: Ctx) -> str:
            info = backup.create_backup(data_dir, ctx.db.path, path, passphrase)
            return f"{info.path} ({info.files})"

        return self.background(write, self.tr("已写出备份 {result}"), self.tr("正在写出备份……"))

    def choose_restore(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择备份"), "", "qjsc backup (*.qjscbak)")
        if not path:
            return
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择空目录"))
        if folder:
            self.restore(Path(path), Path(folder))

    def restore(self, path: Path, folder: Path) -> int:
        """Start checking and restoring; the number of files restored ends up in ``self.result``."""
        passphrase = self.restore_pass.text()
        return self.background(
            lambda _ctx: backup.restore_backup(path, passphrase, folder),
            self.tr("已恢复 {result} 个文件；以该目录为数据目录启动即可使用"),
            self.tr("正在校验并恢复备份……"),
        )
