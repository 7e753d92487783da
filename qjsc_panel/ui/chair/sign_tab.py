"""签署与报送 (the chair workspace's "sign" tab): export the chair-signed opinion for signature,
follow the round (who signed the newest copy, who is missing, who signed only a parallel copy
and must sign again), gather the returned copies, then the final PDF, the workbook and the
bureau bundle.  The round itself is :mod:`qjsc_panel.services.signround`; every file operation
runs in the background (:mod:`qjsc_panel.ui.ops`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGridLayout,
    QGroupBox,
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

from qjsc_panel.ui import retranslate

if TYPE_CHECKING:
    from qjsc_panel.services.app import App
    from qjsc_panel.services.signround import RoundState, Verdict

GREEN, AMBER, RED = "#1b5e20", "#8a5a00", "#b71c1c"


class SignTab(QWidget):
    goto = Signal(str)
    changed = Signal()

    def __init__(self, ctx: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SignTab")
        self.ctx = ctx
        self.acceptance = ""
        self.state: RoundState | None = None
        self.verdicts: list[Verdict] = []
        self.written: list[Path] = []
        self.busy = False
        self.heading = QLabel()
        self.heading.setObjectName("signHeading")
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.not_final = QLabel()
        self.not_final.setWordWrap(True)
        self.not_final.setStyleSheet(f"color: {RED};")
        self.to_opinion = QPushButton()
        self.to_opinion.clicked.connect(lambda: self.goto.emit("opinion"))
        # 1. for signature
        self.export_box = QGroupBox()
        self.export_hint = QLabel()
        self.export_hint.setWordWrap(True)
        self.export_button = QPushButton()
        self.export_button.setObjectName("exportForSignature")
        self.export_button.clicked.connect(lambda: self.export_for_signature())
        ex = QVBoxLayout(self.export_box)
        ex.addWidget(self.export_hint)
        row = QHBoxLayout()
        row.addWidget(self.export_button)
        row.addStretch(1)
        ex.addLayout(row)
        # 2. the round
        self.round_box = QGroupBox()
        self.signers = QTableWidget(0, 2)
        self.signers.setObjectName("signersTable")
        self.signers.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.signers.verticalHeader().hide()
        self.signers.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.round_summary = QLabel()
        self.round_summary.setObjectName("roundSummary")
        self.round_summary.setWordWrap(True)
        self.gather_files = QPushButton()
        self.gather_files.clicked.connect(self._pick_files)
        self.gather_folder = QPushButton()
        self.gather_folder.clicked.connect(self._pick_folder)
        self.results = QTableWidget(0, 3)
        self.results.setObjectName("gatherResults")
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.verticalHeader().hide()
        self.results.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        rb = QGridLayout(self.round_box)
        rb.addWidget(self.signers, 0, 0)
        right = QVBoxLayout()
        buttons = QHBoxLayout()
        buttons.addWidget(self.gather_files)
        buttons.addWidget(self.gather_folder)
        buttons.addStretch(1)
        right.addLayout(buttons)
        right.addWidget(self.results, 1)
        rb.addLayout(right, 0, 1)
        rb.addWidget(self.round_summary, 1, 0, 1, 2)
        rb.setColumnStretch(0, 2)
        rb.setColumnStretch(1, 3)
        # 3. outputs
        self.out_box = QGroupBox()
        self.outputs_button = QPushButton()
        self.outputs_button.setObjectName("exportOutputs")
        self.outputs_button.clicked.connect(lambda: self.export_outputs())
        self.pass_label = QLabel()
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.pass_label.setBuddy(self.passphrase)
        self.bundle_button = QPushButton()
        self.bundle_button.setObjectName("writeBundle")
        self.bundle_button.clicked.connect(lambda: self.write_bundle())
        ob = QHBoxLayout(self.out_box)
        ob.addWidget(self.outputs_button)
        ob.addSpacing(16)
        ob.addWidget(self.pass_label)
        ob.addWidget(self.passphrase, 1)
        ob.addWidget(self.bundle_button)
        self.status = QLabel()
        self.status.setObjectName("signStatus")
        self.status.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.not_final, 1)
        top.addWidget(self.to_opinion)
        lay = QVBoxLayout(self)
        lay.addWidget(self.heading)
        lay.addLayout(top)
        lay.addWidget(self.export_box)
        lay.addWidget(self.round_box, 1)
        lay.addWidget(self.out_box)
        lay.addWidget(self.status)
        retranslate.register(self, self.retranslate_ui)

    def retranslate_ui(self) -> None:
        self.export_box.setTitle(self.tr("1. 导出待签文件"))
        self.export_hint.setText(
            self.tr(
                "导出组长已签名的验收意见（验收意见-待签.pdf）到 U 盘或共享文件夹。专家不必按固定顺序签署："
                "每位专家在本人电脑上打开手上最新的一份，核对后签署并写回。文件可依次传递；"
                "若复制成几份同时签署，收回时保留签名最多的一份，并列出需在该份上重新签署的专家。"
            )
        )
        self.export_button.setText(self.tr("导出待签文件(&E)…"))
        self.to_opinion.setText(self.tr("前往定稿检查(&O)"))
        self.round_box.setTitle(self.tr("2. 签署情况与收回签署件"))
        self.signers.setHorizontalHeaderLabels([self.tr("签署人"), self.tr("状态")])
        self.results.setHorizontalHeaderLabels([self.tr("文件"), self.tr("结果"), self.tr("说明")])
        self.gather_files.setText(self.tr("收回签署件(&G)…"))
        self.gather_folder.setText(self.tr("从文件夹收回(&D)…"))
        self.out_box.setTitle(self.tr("3. 最终文件与报送包"))
        self.outputs_button.setText(self.tr("导出 PDF 和工作簿(&W)…"))
        self.pass_label.setText(self.tr("组长口令(&P)："))
        self.bundle_button.setText(self.tr("生成报送包(&B)…"))
        self._show_state()
        self._show_verdicts()

    # -- the contract --------------------------------------------------------------------------
    def set_acceptance(self, uuid: str) -> None:
        self.acceptance = uuid
        self.verdicts = []
        self.status.clear()
        self.reload()

    def reload(self) -> None:
        if not self.acceptance:
            self.state = None
            self._show_state()
            return
        from qjsc_panel.services.signround import round_state

        try:
            self.state = round_state(self.ctx, self.acceptance)
        except Exception as exc:  # a refusal shown where the chair looks
            self.state = None
            self._say(exc)
        self._show_state()

    # -- showing -------------------------------------------------------------------------------
    def _show_state(self) -> None:
        st = self.state
        final = bool(st and st.finalised)
        self.not_final.setVisible(st is not None and not final)
        self.to_opinion.setVisible(st is not None and not final)
        self.not_final.setText(self.tr("验收尚未定稿：定稿后才能导出验收意见供签署。"))
        self.export_button.setEnabled(final and not self.busy)
        for b in (self.gather_files, self.gather_folder):
            b.setEnabled(bool(st and st.exported) and not self.busy)
        done = bool(st and st.complete)
        self.outputs_button.setEnabled(done and not self.busy)
        self.bundle_button.setEnabled(done and not self.busy)
        self.passphrase.setEnabled(done)
        if st is None:
            self.heading.setText(self.tr("请先选择一个验收。"))
            self.signers.setRowCount(0)
            self.round_summary.clear()
            return
        grade = {"excellent": self.tr("优秀"), "good": self.tr("良好")}.get(st.grade, "")
        result = {"pass": self.tr("合格"), "fail": self.tr("不合格")}.get(st.result, "")
        outcome = result + (f"（{grade}）" if grade else "")
        self.heading.setText(
            self.tr("{0}（{1}）　综合得分 {2}　{3}").format(st.enterprise, st.visit_date, st.composite or "—", outcome)
        )
        rows: list[tuple[str, str, str]] = []
        if st.chair:
            rows.append((self.tr("{0}（组长）").format(st.chair), *self._chair_cell(st)))
        for name in st.signed:
            rows.append((name, self.tr("已签署"), GREEN))
        for name in st.missing:
            if name in st.resign:
                rows.append((name, self.tr("须在最新文件上重新签署（签在了并行的副本上）"), RED))
            else:
                rows.append((name, self.tr("未签署"), AMBER))
        self.signers.setRowCount(len(rows))
        for r, (name, text, colour) in enumerate(rows):
            self.signers.setItem(r, 0, QTableWidgetItem(name))
            cell = QTableWidgetItem(text)
            cell.setForeground(QBrush(QColor(colour)))
            self.signers.setItem(r, 1, cell)
        self.signers.resizeColumnToContents(0)
        self.round_summary.setText(self._summary(st))

    def _chair_cell(self, st: RoundState) -> tuple[str, str]:
        if st.exported:
            return self.tr("已签署（导出时）"), GREEN
        return self.tr("导出时签署"), AMBER

    def _summary(self, st: RoundState) -> str:
        if not st.finalised:
            return ""
        if not st.exported:
            return self.tr("尚未导出待签文件。")
        sep = self.tr("、")
        total = len(st.signed) + len(st.missing)
        text = self.tr("最新文件上已有 {0}/{1} 位专家签名。").format(len(st.signed), total)
        if st.resign:
            text += " " + self.tr("出现并行副本：{0} 须在最新文件上重新签署（请把最新文件交给他们）。").format(
                sep.join(st.resign)
            )
        if st.complete:
            text += " " + self.tr("全部签署完毕，可以导出最终 PDF、工作簿和报送包。")
        elif st.missing:
            text += " " + self.tr("尚缺：{0}。").format(sep.join(st.missing))
        return text

    def _show_verdicts(self) -> None:
        labels = {
            "newest": (self.tr("最新，已保留"), GREEN),
            "included": (self.tr("已包含在最新文件中"), GREEN),
            "fork": (self.tr("并行副本，未采用"), RED),
            "refused": (self.tr("拒收"), RED),
        }
        self.results.setRowCount(len(self.verdicts))
        for r, v in enumerate(self.verdicts):
            text, colour = labels.get(v.status, (v.status, AMBER))
            self.results.setItem(r, 0, QTableWidgetItem(v.path.name))
            cell = QTableWidgetItem(text)
            cell.setForeground(QBrush(QColor(colour)))
            self.results.setItem(r, 1, cell)
            note = v.message if v.status == "refused" else self.tr("、").join(v.signed)
            self.results.setItem(r, 2, QTableWidgetItem(note))
            self.results.item(r, 0).setToolTip(str(v.path))
        self.results.resizeColumnToContents(0)

    def _say(self, exc: BaseException) -> None:
        from qjsc_panel.ui.backend import message

        self.status.setStyleSheet(f"color: {RED};")
        self.status.setText(message(exc))

    def _done(self, text: str) -> None:
        self.status.setStyleSheet(f"color: {GREEN};")
        self.status.setText(text)

    # -- actions (each in the background) ------------------------------------------------------
    def _run(self, fn: Callable[[], Any], ok: Callable[[Any], None], label: str) -> None:
        from qjsc_panel.ui.ops import CollectionOp

        if self.busy:
            return
        self.busy = True
        self._show_state()

        def finish() -> None:
            self.busy = False
            self.reload()
            self.changed.emit()

        CollectionOp(self, lambda _app: fn(), label=label).success(ok).failure(self._say).finally_(
            finish
        ).run_in_background()

    def _folder(self, title: str) -> Path | None:
        chosen = QFileDialog.getExistingDirectory(self, title)
        return Path(chosen) if chosen else None

    def export_for_signature(self, folder: Path | None = None) -> None:
        from qjsc_panel.services import signround

        folder = folder or self._folder(self.tr("导出待签文件到"))
        if folder is None or not self.acceptance:
            return
        acc = self.acceptance

        def ok(path: Path) -> None:
            self.written = [path]
            self._done(self.tr("已导出待签文件：{0}").format(path))

        self._run(lambda: signround.export_for_signature(self.ctx, acc, folder), ok, self.tr("正在导出待签文件"))

    def _pick_files(self) -> None:
        chosen, _ = QFileDialog.getOpenFileNames(self, self.tr("选择签署件"), "", self.tr("PDF 文件 (*.pdf)"))
        if chosen:
            self.gather([Path(p) for p in chosen])

    def _pick_folder(self) -> None:
        folder = self._folder(self.tr("选择存放签署件的文件夹"))
        if folder is not None:
            self.gather([folder])

    def gather(self, paths: list[Path]) -> None:
        from qjsc_panel.services import signround

        acc = self.acceptance

        def ok(result: tuple[list[Verdict], RoundState]) -> None:
            self.verdicts = result[0]
            self._show_verdicts()
            refused = sum(1 for v in self.verdicts if v.status == "refused")
            self._done(self.tr("已收回 {0} 个文件，拒收 {1} 个。").format(len(self.verdicts), refused))

        self._run(lambda: signround.gather(self.ctx, acc, paths), ok, self.tr("正在核验签署件"))

    def export_outputs(self, folder: Path | None = None) -> None:
        from qjsc_panel.services import signround

        folder = folder or self._folder(self.tr("导出 PDF 和工作簿到"))
        if folder is None:
            return
        acc = self.acceptance

        def ok(paths: tuple[Path, Path]) -> None:
            self.written = list(paths)
            self._done(self.tr("已写出：{0}").format("；".join(p.name for p in paths)))

        self._run(lambda: signround.export_outputs(self.ctx, acc, folder), ok, self.tr("正在写出 PDF 和工作簿"))

    def write_bundle(self, folder: Path | None = None, packages: list[Path] | None = None) -> None:
        from qjsc_panel.services import signround

        if packages is None:
            found = self._folder(self.tr("选择存放评分包（.qjsc）的文件夹"))
            if found is None:
                return
            packages = [found]
        folder = folder or self._folder(self.tr("报送包写到"))
        if folder is None:
            return
        acc, secret, chosen = self.acceptance, self.passphrase.text(), list(packages)

        def ok(path: Path) -> None:
            self.written = [path]
            self.passphrase.clear()
            self._done(self.tr("已生成报送包：{0}").format(path))

        self._run(lambda: signround.write_bundle(self.ctx, acc, folder, chosen, secret), ok, self.tr("正在生成报送包"))
