"""After login: the acceptances this expert sits on, and importing the chair's invitation."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qjsc_panel.errors import QjscError
from qjsc_panel.ui import retranslate
from qjsc_panel.ui.backend import Membership
from qjsc_panel.ui.ops import CollectionOp
from qjsc_panel.ui.widgets import ErrorLabel

if TYPE_CHECKING:
    from qjsc_panel.ui.main_window import MainWindow


class HomeScreen(QWidget):
    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.setObjectName("HomeScreen")
        self.window_ = window
        self.rows: list[Membership] = []
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 20pt; font-weight: bold;")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("memberships")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            self.table.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.activated.connect(lambda _i: self.open_selected())
        self.open_button = QPushButton()
        self.open_button.setObjectName("openButton")
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.open_selected)
        self.import_button = QPushButton()
        self.import_button.setObjectName("importButton")
        self.import_button.clicked.connect(self.import_invitation)
        self.key_button = QPushButton()
        self.key_button.setObjectName("myKeyButton")
        self.key_button.clicked.connect(self.window_.show_my_key)
        # chairws: a chair starts here too (新建验收, or the workspace of the acceptances chaired)
        self.chair_button = QPushButton()
        self.chair_button.setObjectName("chairButton")
        self.chair_button.clicked.connect(lambda: self.window_.show_chair_workspace())
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.error = ErrorLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.key_button)
        buttons.addWidget(self.chair_button)
        buttons.addWidget(self.progress, 1)
        buttons.addStretch()
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 30, 40, 30)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        retranslate.register(self, self.retranslate_ui)

    def retranslate_ui(self) -> None:
        name = self.window_.backend.profile.name if self.window_.backend.profile else ""
        self.title.setText(self.tr("{0}，您好").format(name))
        self.hint.setText(
            self.tr(
                "下面是您参加的验收。收到组长发来的验收邀请文件后，请点“导入验收邀请”。"
                "组长还没有您的公钥时，请先点“我的公钥”导出并当面核对指纹。"
            )
        )
        if self.window_.backend.chaired():
            self.chair_button.setText(self.tr("组长工作台(&W)"))
        else:
            self.chair_button.setText(self.tr("担任组长：新建验收(&N)…"))
            if not self.rows:
                self.hint.setText(
                    self.tr(
                        "您还没有参加的验收。作为专家：收到组长发来的验收邀请文件后，请点“导入验收邀请”，"
                        "组长还没有您的公钥时先点“我的公钥”。作为组长：请点“担任组长：新建验收”。"
                    )
                )
        self.table.setHorizontalHeaderLabels(
            [self.tr("企业"), self.tr("验收日期"), self.tr("状态"), self.tr("验收编号")]
        )
        self.open_button.setText(self.tr("打开(&O)"))
        self.import_button.setText(self.tr("导入验收邀请(&I)…"))
        self.key_button.setText(self.tr("我的公钥(&K)…"))
        self._fill()

    def state_text(self, m: Membership) -> str:
        if m.finalised:
            return self.tr("已定稿")
        if m.recused:
            return self.tr("已回避")
        if not m.declared:
            return self.tr("待签署声明")
        if m.sheet_status == "submitted":
            return self.tr("已提交")
        if m.sheet_status == "draft":
            return self.tr("评分中")
        return self.tr("待评分")

    def reload(self) -> None:
        self.error.clear()
        try:
            self.rows = self.window_.backend.memberships()
        except QjscError as exc:
            self.rows = []
            self.error.show_error(exc)
        self.retranslate_ui()
        if self.rows:
            self.table.selectRow(0)
            self.table.setFocus()

    def _fill(self) -> None:
        self.table.setRowCount(len(self.rows))
        for r, m in enumerate(self.rows):
            for c, text in enumerate((m.enterprise, m.visit_date, self.state_text(m), m.acceptance[:8])):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(r, c, item)

    def open_selected(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.rows):
            self.window_.open_membership(self.rows[row])

    def open_acceptance(self, acceptance: str) -> None:
        for m in self.rows:
            if m.acceptance == acceptance:
                self.window_.open_membership(m)

    def import_invitation(self, path: Path | None = None) -> None:
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self, self.tr("选择验收邀请文件"), "", self.tr("验收邀请 (*.qjsc-invite *.json);;所有文件 (*)")
            )
            if not chosen:
                return
            path = Path(chosen)
        self.progress.show()
        self.import_button.setEnabled(False)
        CollectionOp(self, lambda app: app.import_invitation(path), label=self.tr("正在导入验收邀请")).success(
            self._imported
        ).failure(self.error.show_error).finally_(self._import_ended).run_in_background()

    def _import_ended(self) -> None:
        self.progress.hide()
        self.import_button.setEnabled(True)

    def _imported(self, acceptance: object) -> None:
        self.reload()
        self.window_.statusBar().showMessage(self.tr("已导入验收邀请"), 8000)
        self.open_acceptance(str(acceptance))
