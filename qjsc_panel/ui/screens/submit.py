"""Submitting: a summary to confirm, the passphrase, then the signed package written to the
folder the expert chooses (a USB stick).  Signing and writing run in a worker thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qjsc_panel.errors import QjscError
from qjsc_panel.ui import i18n, retranslate
from qjsc_panel.ui.backend import Membership
from qjsc_panel.ui.ops import CollectionOp
from qjsc_panel.ui.scoring_model import _fmt
from qjsc_panel.ui.widgets import ErrorLabel

if TYPE_CHECKING:
    from qjsc_panel.ui.main_window import MainWindow


class SubmitScreen(QWidget):
    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.setObjectName("SubmitScreen")
        self.window_ = window
        self.membership: Membership | None = None
        self.written: Path | None = None
        self.submitted = False  # the sheet was submitted before: this page only exports it again
        self.missing: list[str] = []
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 20pt; font-weight: bold;")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.summary = QTableWidget(0, 4)
        self.summary.setObjectName("summary")
        self.summary.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.summary.verticalHeader().hide()
        header = self.summary.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col in (0, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.total = QLabel()
        self.total.setObjectName("summaryTotal")
        self.total.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("submitPassphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.folder = QLineEdit()
        self.folder.setObjectName("folder")
        self.browse = QPushButton()
        self.browse.clicked.connect(self.choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse)
        self.pass_label, self.folder_label = QLabel(), QLabel()
        form = QFormLayout()
        form.addRow(self.folder_label, folder_row)
        form.addRow(self.pass_label, self.passphrase)
        self.progress = QProgressBar()
        self.progress.setObjectName("progress")
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.error = ErrorLabel()
        self.done = QLabel()
        self.done.setObjectName("done")
        self.done.setWordWrap(True)
        self.done.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.done.setStyleSheet("color: #1b5e20; font-weight: bold;")
        self.submit_button = QPushButton()
        self.submit_button.setObjectName("confirmSubmit")
        self.submit_button.setDefault(True)
        self.submit_button.clicked.connect(self.submit)
        self.passphrase.returnPressed.connect(self.submit)
        self.back_button = QPushButton()
        self.back_button.setObjectName("backToSheet")
        self.back_button.clicked.connect(self.back)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 24, 40, 24)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.total)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.done)
        layout.addLayout(buttons)
        retranslate.register(self, self.retranslate_ui)

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("提交评分表"))
        self.hint.setText(
            self.tr(
                "请核对下列得分。提交后评分表不能再修改（更正须说明原因并生成新版本）。"
                "签名评分文件将写入您选择的文件夹（如 U 盘），请交给组长。"
            )
        )
        self.summary.setHorizontalHeaderLabels([self.tr("编号"), self.tr("评分项"), self.tr("分值"), self.tr("得分")])
        self.folder_label.setText(self.tr("保存到文件夹："))
        self.pass_label.setText(self.tr("口令："))
        self.browse.setText(self.tr("浏览…"))
        self._button_texts()
        if self.membership is not None:
            self._fill()

    def _button_texts(self) -> None:
        if self.written is not None:  # submitted: nothing to change any more, only to leave
            self.back_button.setText(self.tr("返回(&B)"))
        elif self.submitted:
            self.submit_button.setText(self.tr("再次导出签名文件(&E)"))
            self.back_button.setText(self.tr("返回"))
        else:
            self.submit_button.setText(self.tr("确认提交并签名(&S)"))
            self.back_button.setText(self.tr("返回修改"))

    def load(self, m: Membership) -> None:
        self.membership = m
        self.written = None
        self.error.clear()
        self.done.clear()
        self.passphrase.clear()
        self.submit_button.show()
        self._fill()
        self._button_texts()
        (self.passphrase if self.folder.text() else self.folder).setFocus()

    def _fill(self) -> None:
        assert self.membership is not None
        backend = self.window_.backend
        form = backend.form_for(self.membership.acceptance)
        sheet = backend.sheet(self.membership.member_id)
        scores = sheet.scores if sheet else {}
        self.submitted = sheet is not None and sheet.status == "submitted"
        lang = i18n.current()
        self.summary.setRowCount(len(form.items))
        for r, item in enumerate(form.items):
            value = _fmt(scores[item.id]) if item.id in scores else self.tr("未评")
            for c, text in enumerate((item.id, item.text.get(lang), _fmt(item.max_points), value)):
                cell = QTableWidgetItem(text)
                if c != 1:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.summary.setItem(r, c, cell)
            cell_ = self.summary.item(r, 3)
            if item.id not in scores and cell_ is not None:
                cell_.setBackground(QColor("#fde2e1"))
        from qjsc_panel.domain.scoring import sheet_total

        total = sheet_total(scores)
        self.total.setText(self.tr("合计 {0} / {1} 分").format(_fmt(total), _fmt(form.total)))
        # What is missing is said first: no passphrase is asked for a sheet that cannot go.
        self.missing = [item.id for item in form.items if item.id not in scores]
        ready = not self.missing
        self.passphrase.setEnabled(ready)
        self.submit_button.setEnabled(ready and self.written is None)
        if not ready:
            self.error.setText(
                self.tr("还有 {0} 项未评分：{1}。请返回补全后再提交。").format(
                    len(self.missing), "、".join(self.missing)
                )
            )

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("选择保存签名评分文件的文件夹"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)
            self.passphrase.setFocus()

    def submit(self) -> None:
        m = self.membership
        assert m is not None
        if not self.folder.text().strip():
            self.error.show_error(QjscError("ui.no_folder"))
            return
        folder, passphrase = Path(self.folder.text().strip()), self.passphrase.text()
        self.error.clear()
        self.progress.show()
        self.submit_button.setEnabled(False)
        # The operation gets the application object; nothing of this screen runs off the UI thread.
        CollectionOp(
            self, lambda app: app.submit(m.acceptance, m.member_id, passphrase, folder), label=self.tr("正在提交评分表")
        ).success(self._written).failure(self._failed).finally_(self.progress.hide).run_in_background()

    def _written(self, path: object) -> None:
        self.passphrase.clear()
        self.written = Path(str(path))
        self.submitted = True
        self.submit_button.hide()
        self.passphrase.setEnabled(False)
        self._button_texts()
        self.done.setText(self.tr("评分表已提交并签名，文件已保存：{0}").format(self.written))
        self.window_.statusBar().showMessage(self.tr("评分表已提交"), 10000)

    def _failed(self, exc: QjscError) -> None:
        self.submit_button.setEnabled(True)
        self.error.show_error(exc)
        self.passphrase.selectAll()

    def back(self) -> None:
        assert self.membership is not None
        self.window_.reopen(self.membership)
