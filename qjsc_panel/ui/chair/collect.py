"""收取评分表: drop or choose many .qjsc / .xlsx files or a folder; one background batch.

Packages go through :func:`qjsc_panel.services.batch_import.import_batch` (one unlock, one
transaction) with a progress bar and a result row per file.  An Excel sheet is unsigned: its
row asks the chair to pick the member and to tick that it was checked against the member's
signed paper copy; only ticked sheets are imported (with the chair's key, as a decision).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
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

from qjsc_panel.services.context import Ctx
from qjsc_panel.ui import retranslate

COLS = 5  # file, expert / member, status, total, reason


class _Progress(QObject):
    step = Signal(int, int, str)


class CollectDialog(QDialog):
    collected = Signal()  # a batch ended (the chair's workspace re-reads the next step)

    def __init__(self, ctx: Ctx, acceptance: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CollectDialog")
        self.ctx, self.acceptance = ctx, acceptance
        self.packages: list[Path] = []
        self.sheets: list[Path] = []
        self.results: dict[Path, Any] = {}
        self.xlsx_rows: dict[Path, tuple[QComboBox, QCheckBox]] = {}
        self.running = False
        self.setAcceptDrops(True)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.choose_files = QPushButton()
        self.choose_files.clicked.connect(self._pick_files)
        self.choose_folder = QPushButton()
        self.choose_folder.clicked.connect(self._pick_folder)
        self.table = QTableWidget(0, COLS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.pass_label = QLabel()
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.pass_label.setBuddy(self.passphrase)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.run_button = QPushButton()
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.run)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.choose_files)
        top.addWidget(self.choose_folder)
        top.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.pass_label)
        bottom.addWidget(self.passphrase, 1)
        bottom.addWidget(self.run_button)
        bottom.addWidget(self.close_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.hint)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.progress)
        lay.addWidget(self.summary)
        lay.addLayout(bottom)
        self._signals = _Progress()
        self._signals.step.connect(self._on_step)
        # Re-worded on a language switch too (embedded in the workspace it stays open across one).
        retranslate.register(self, self.retranslate_ui)
        self.resize(1000, 560)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("收取评分表"))
        self.hint.setText(
            self.tr(
                "把专家的评分包（.qjsc）和 Excel 评分表（.xlsx）拖到这里，或选择文件、整个文件夹（U 盘）。"
                "评分包在一次导入中逐个核验签名与加密；Excel 表未签名，须选定成员并与其签字的纸质件逐项核对后勾选。"
            )
        )
        self.choose_files.setText(self.tr("选择文件(&F)…"))
        self.choose_folder.setText(self.tr("选择文件夹(&D)…"))
        self.pass_label.setText(self.tr("专家组密钥口令(&P)："))
        self.run_button.setText(self.tr("导入(&I)"))
        self.close_button.setText(self.tr("关闭"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("文件"), self.tr("专家 / 成员"), self.tr("结果"), self.tr("总分"), self.tr("说明")]
        )

    # -- choosing files ----------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        self.add_paths([Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()])
        event.acceptProposedAction()

    def _pick_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("选择评分包或 Excel 评分表"), "", self.tr("评分表 (*.qjsc *.xlsx)")
        )
        self.add_paths([Path(n) for n in names])

    def _pick_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择文件夹"))
        if folder:
            self.add_paths([Path(folder)])

    def add_paths(self, paths: list[Path]) -> None:
        from qjsc_panel.services.batch_import import collect

        packages, sheets, other = collect(paths)
        for p in packages:
            if p not in self.packages:
                self.packages.append(p)
                self._row(p, "", self.tr("待导入"))
        for p in sheets:
            if p not in self.sheets:
                self.sheets.append(p)
                self._xlsx_row(p)
        for p in other:
            self._row(p, "", self.tr("不受理"), reason=self.tr("不是评分包（.qjsc）或 Excel 评分表（.xlsx）"))
        self.progress.setRange(0, max(1, len(self.packages) + len(self.sheets)))
        self.progress.setValue(0)

    def _row(self, path: Path, who: str, status: str, total: str = "", reason: str = "") -> int:
        row = self.row_of(path)
        if row < 0:
            row = self.table.rowCount()
            self.table.insertRow(row)
            item = QTableWidgetItem(path.name)
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(str(path))
            self.table.setItem(row, 0, item)
        if who or self.table.cellWidget(row, 1) is None:
            self.table.setItem(row, 1, QTableWidgetItem(who))
        for col, text in ((2, status), (3, total), (4, reason)):
            self.table.setItem(row, col, QTableWidgetItem(text))
        return row

    def row_of(self, path: Path) -> int:
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == str(path):
                return r
        return -1

    def _xlsx_row(self, path: Path) -> None:
        from qjsc_panel.services.batch_import import preview_xlsx
        from qjsc_panel.services.status import panel_status

        combo = QComboBox()
        for m in panel_status(self.ctx, self.acceptance).members:
            if m.role == "expert":
                combo.addItem(m.name, m.id)
        confirm = QCheckBox(self.tr("已与签字纸质件逐项核对"))
        holder = QWidget()
        lay = QHBoxLayout(holder)
        lay.setContentsMargins(2, 0, 2, 0)
        lay.addWidget(combo, 1)
        lay.addWidget(confirm)
        try:
            preview = preview_xlsx(self.ctx, path)
        except Exception as exc:
            from qjsc_panel.ui.backend import message

            self._row(path, "", self.tr("不受理"), reason=message(exc))
            return
        index = combo.findData(preview.member_id)
        combo.setCurrentIndex(max(index, 0))
        row = self._row(path, "", self.tr("待核对（Excel）"), total=str(preview.total))
        self.table.setCellWidget(row, 1, holder)
        self.table.setRowHeight(row, max(self.table.rowHeight(row), holder.sizeHint().height()))
        self.table.setColumnWidth(1, max(self.table.columnWidth(1), holder.sizeHint().width()))
        self.xlsx_rows[path] = (combo, confirm)

    # -- running -----------------------------------------------------------------------------
    def run(self) -> None:
        from qjsc_panel.ui.ops import CollectionOp

        if self.running or not (self.packages or self.sheets):
            return
        if self.packages and not self.passphrase.text():
            self.summary.setText(self.tr("请输入专家组密钥的口令"))
            self.passphrase.setFocus()
            return
        self.running = True
        self.run_button.setEnabled(False)
        self.progress.setRange(0, len(self.packages) + len(self.sheets))
        packages, passphrase = list(self.packages), self.passphrase.text()
        picks = {p: (combo.currentData(), box.isChecked()) for p, (combo, box) in self.xlsx_rows.items()}
        # Counted by the main window's runner: logout and close wait for the batch to end.
        CollectionOp(
            self, lambda _app: self._work(packages, passphrase, picks), label=self.tr("正在收取评分表")
        ).success(self._done).failure(self._failed).run_in_background()

    def _work(self, packages: list[Path], passphrase: str, picks: dict[Path, tuple[int, bool]]) -> list[Any]:
        """Off the UI thread: the batch, then each Excel sheet; progress comes back by signal."""
        from qjsc_panel.services.batch_import import FileResult, import_batch, import_xlsx_confirmed

        out: list[Any] = []
        if packages:
            out += import_batch(self.ctx, packages, passphrase, lambda d, t, n: self._signals.step.emit(d, t, n))
        done = len(packages)
        for path, (member_id, confirmed) in picks.items():
            from qjsc_panel.errors import QjscError

            try:
                out.append(import_xlsx_confirmed(self.ctx, path, int(member_id), confirmed))
            except QjscError as exc:
                out.append(FileResult(path, "refused", error=exc))
            done += 1
            self._signals.step.emit(done, len(packages) + len(picks), path.name)
        return out

    def _on_step(self, done: int, total: int, name: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _done(self, results: list[Any]) -> None:
        from qjsc_panel.ui import i18n

        lang = i18n.current()
        labels = {
            "imported": self.tr("已导入"),
            "superseded": self.tr("已导入（更正版本）"),
            "duplicate": self.tr("重复，未改变"),
            "refused": self.tr("拒收"),
        }
        for r in results:
            self.results[r.path] = r
            version = f" v{r.version}" if r.version else ""
            total = "" if r.total is None else str(r.total)
            self._row(r.path, (r.expert + version).strip(), labels.get(r.status, r.status), total, r.reason(lang))
        counts = {k: sum(1 for r in results if r.status == k) for k in labels}
        self.summary.setText(
            self.tr("共 {0} 个文件：导入 {1}，重复 {2}，拒收 {3}").format(
                len(results), counts["imported"] + counts["superseded"], counts["duplicate"], counts["refused"]
            )
        )
        self.progress.setValue(self.progress.maximum())
        self.running = False
        self.run_button.setEnabled(True)
        self.passphrase.clear()
        self.collected.emit()

    def _failed(self, exc: BaseException) -> None:
        from qjsc_panel.ui.backend import message

        self.summary.setText(message(exc))
        self.running = False
        self.run_button.setEnabled(True)
        self.passphrase.selectAll()
        self.passphrase.setFocus()
