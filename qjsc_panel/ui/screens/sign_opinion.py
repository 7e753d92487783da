"""签署验收意见 (the expert's side of the signature round): open the copy the chair exported,
see what is signed — the composite, the grade and the expert's own sheet as the chair received
it, item by item beside what this laptop submitted, differences in red — then sign with the
expert's key and write the file back (:mod:`qjsc_panel.services.signround`).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qjsc_panel.ui import i18n as ui_i18n
from qjsc_panel.ui import retranslate

if TYPE_CHECKING:
    from qjsc_panel.services.app import App
    from qjsc_panel.services.signround import Opened

DIFF_BG = "#ffd7d7"
RED, GREEN = "#b71c1c", "#1b5e20"


class SignOpinionScreen(QWidget):
    back = Signal()
    signed = Signal(str)  # the file written back

    def __init__(self, ctx: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SignOpinionScreen")
        self.ctx = ctx
        self.opened: Opened | None = None
        self.busy = False  # signing
        self.loading = False  # checking a copy
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.open_button = QPushButton()
        self.open_button.setObjectName("openCopy")
        self.open_button.clicked.connect(lambda: self.open_file())
        self.file_label = QLabel()
        self.about = QLabel()
        self.about.setObjectName("aboutCopy")
        self.about.setWordWrap(True)
        self.about.setStyleSheet("font-size: 12pt;")
        self.banner = QLabel()
        self.banner.setObjectName("diffBanner")
        self.banner.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("sheetTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            head.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.confirm = QCheckBox()
        self.confirm.setObjectName("confirmDifferences")
        self.confirm.toggled.connect(lambda _on: self._update_buttons())
        self.pass_label = QLabel()
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("signPassphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.returnPressed.connect(lambda: self.sign())
        self.pass_label.setBuddy(self.passphrase)
        self.sign_button = QPushButton()
        self.sign_button.setObjectName("signButton")
        self.sign_button.setDefault(True)
        self.sign_button.clicked.connect(lambda: self.sign())
        self.back_button = QPushButton()
        self.back_button.clicked.connect(self.back.emit)
        self.status = QLabel()
        self.status.setObjectName("signResult")
        self.status.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.open_button)
        top.addWidget(self.file_label, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.back_button)
        bottom.addStretch(1)
        bottom.addWidget(self.pass_label)
        bottom.addWidget(self.passphrase)
        bottom.addWidget(self.sign_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(24, 16, 24, 16)
        lay.addWidget(self.title)
        lay.addWidget(self.hint)
        lay.addLayout(top)
        lay.addWidget(self.about)
        lay.addWidget(self.banner)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.confirm)
        lay.addWidget(self.status)
        lay.addLayout(bottom)
        retranslate.register(self, self.retranslate_ui)

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("签署验收意见"))
        self.hint.setText(
            self.tr(
                "打开组长导出的待签文件（如 U 盘上的“验收意见-待签.pdf”，请用手上最新的一份）。"
                "请核对综合得分、等级，以及组长收到的您的评分表；与本机提交的不一致之处以红色标出。"
                "签署后文件写回原处，再交给下一位专家或组长。"
            )
        )
        self.open_button.setText(self.tr("打开待签文件(&O)…"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("评分项"), self.tr("满分"), self.tr("组长收到的得分"), self.tr("本机提交的得分")]
        )
        self.confirm.setText(self.tr("我已与组长核实上述差异，仍然签署(&C)"))
        self.pass_label.setText(self.tr("我的口令(&P)："))
        self.sign_button.setText(self.tr("签署并写回(&S)"))
        self.back_button.setText(self.tr("返回"))
        self._show()

    # -- opening -------------------------------------------------------------------------------
    def open_file(self, path: Path | None = None) -> None:
        from qjsc_panel.services import signround

        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self, self.tr("打开待签文件"), signround.FOR_SIGNATURE, self.tr("PDF 文件 (*.pdf)")
            )
            if not chosen:
                return
            path = Path(chosen)
        self.load(path, keep_status=False)

    def load(self, path: Path, keep_status: bool = True) -> None:
        """Check the copy in the background (every signature is verified), then show it."""
        from qjsc_panel.services import signround
        from qjsc_panel.ui.ops import CollectionOp

        if not keep_status:
            self.status.clear()
        self.confirm.setChecked(False)
        self.loading = True
        self.open_button.setEnabled(False)
        self._update_buttons()

        def shown(opened: Opened) -> None:
            self.opened = opened
            self._show()
            self.passphrase.setFocus()

        def refused(exc: BaseException) -> None:
            self.opened = None
            self._show()
            self.file_label.setText(path.name)
            self._say(exc)

        def finish() -> None:
            self.loading = False
            self.open_button.setEnabled(True)
            self._update_buttons()

        CollectionOp(self, lambda _app: signround.open_copy(self.ctx, path), label=self.tr("正在核验文件")).success(
            shown
        ).failure(refused).finally_(finish).run_in_background()

    def _show(self) -> None:
        o = self.opened
        self.table.setVisible(o is not None)
        self.banner.setVisible(o is not None)
        self.confirm.setVisible(bool(o and o.differences))
        if o is None:
            self.about.setText("")
            self.file_label.setText("")
            self.table.setRowCount(0)
            self._update_buttons()
            return
        rnd = o.round
        grade = {"excellent": self.tr("优秀"), "good": self.tr("良好")}.get(rnd.grade, "")
        result = {"pass": self.tr("合格"), "fail": self.tr("不合格")}.get(rnd.result, rnd.result)
        sep = self.tr("、")
        self.file_label.setText(str(o.path))
        self.about.setText(
            "\n".join(
                [
                    self.tr("{0}　{1}　现场验收 {2}").format(rnd.enterprise, rnd.number, rnd.visit_date),
                    self.tr("综合得分 {0}　结论：{1}").format(
                        rnd.composite, result + (f"（{grade}）" if grade else "")
                    ),
                    self.tr("您以“{0}”签署。已签署：{1}；尚未签署：{2}").format(
                        o.me.name, sep.join(o.signed) or "—", sep.join(o.missing) or "—"
                    ),
                ]
            )
        )
        if o.already_signed:
            self._banner(self.tr("您已签署过这份文件，无需再签。"), GREEN)
        elif o.differences:
            self._banner(
                self.tr(
                    "组长收到的评分表（第 {0} 版，合计 {1}）与本机提交的（第 {2} 版，合计 {3}）"
                    "有 {4} 处不同，已用红色标出。请先与组长核实。"
                ).format(
                    o.received_version or "—",
                    _text(o.received_total),
                    o.local_version or "—",
                    _text(o.local_total),
                    len(o.differences),
                ),
                RED,
            )
        else:
            self._banner(
                self.tr("组长收到的评分表（第 {0} 版，合计 {1}）与本机提交的一致。").format(
                    o.received_version or "—", _text(o.received_total)
                ),
                GREEN,
            )
        self.table.setRowCount(len(o.lines))
        bold = QFont()
        bold.setBold(True)
        lang = ui_i18n.current()
        for r, line in enumerate(o.lines):
            name = line.name(lang)
            label = f"{line.item}　{name}" if name else line.item
            cells = [label, _text(Decimal(line.max_points)), _text(line.received), _text(line.local)]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if line.differs:
                    item.setBackground(QBrush(QColor(DIFF_BG)))
                    item.setForeground(QBrush(QColor(RED)))
                    item.setFont(bold)
                    item.setToolTip(self.tr("与本机提交的不同"))
                if c == 0:
                    item.setToolTip(name)
                self.table.setItem(r, c, item)
        if o.differences:  # the first difference in view without scrolling
            first = self.table.item(self.differing_rows()[0], 0)
            if first is not None:
                self.table.scrollToItem(first)
        self._update_buttons()

    def _banner(self, text: str, colour: str) -> None:
        self.banner.setText(text)
        self.banner.setStyleSheet(f"color: {colour}; font-weight: bold;")

    def differing_rows(self) -> list[int]:
        """Rows shown as differences (for tests and screen readers)."""
        if self.opened is None:
            return []
        return [r for r, line in enumerate(self.opened.lines) if line.differs]

    def _update_buttons(self) -> None:
        o = self.opened
        ready = bool(o and not o.already_signed and (not o.differences or self.confirm.isChecked()))
        self.sign_button.setEnabled(ready and not self.busy and not self.loading)
        self.passphrase.setEnabled(ready)

    # -- signing -------------------------------------------------------------------------------
    def sign(self) -> None:
        from qjsc_panel.services import signround
        from qjsc_panel.ui.ops import CollectionOp

        o = self.opened
        if o is None or self.busy or not self.sign_button.isEnabled():
            return
        if not self.passphrase.text():
            self.status.setStyleSheet(f"color: {RED};")
            self.status.setText(self.tr("请输入您的口令"))
            self.passphrase.setFocus()
            return
        self.busy = True
        self._update_buttons()
        path, secret = o.path, self.passphrase.text()

        def ok(written: Path) -> None:
            self.passphrase.clear()
            self.load(written)
            self.status.setStyleSheet(f"color: {GREEN};")
            self.status.setText(self.tr("已签署并写回：{0}。请把文件交给下一位专家或组长。").format(written))
            self.signed.emit(str(written))

        def failed(exc: BaseException) -> None:
            self._say(exc)
            self.passphrase.selectAll()
            self.passphrase.setFocus()

        def finish() -> None:
            self.busy = False
            self._update_buttons()

        CollectionOp(self, lambda _app: signround.sign_copy(self.ctx, path, secret), label=self.tr("正在签署")).success(
            ok
        ).failure(failed).finally_(finish).run_in_background()

    def _say(self, exc: BaseException) -> None:
        from qjsc_panel.ui.backend import message

        self.status.setStyleSheet(f"color: {RED};")
        self.status.setText(message(exc))


def _text(value: Decimal | None) -> str:
    """Scores as the expert typed them: 4, 2.5 (a database's 4.00 and a file's 4 read alike)."""
    if value is None:
        return "—"
    return format(value.normalize(), "f")
