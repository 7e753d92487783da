"""The chair workspace's "opinion" tab: 绩效表, 验收意见 by sections, 定稿清单, and beside them a
live preview of the PDF.  Follows the workspace tab contract (``OpinionTab(ctx, parent)``,
``set_acceptance(uuid)``, ``goto = Signal(str)``) and also works as a window of its own.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout, QWidget

from qjsc_panel.services.context import Ctx
from qjsc_panel.ui import retranslate
from qjsc_panel.ui.chair.checklist import FinaliseChecklist
from qjsc_panel.ui.chair.opinion_editor import OpinionEditor
from qjsc_panel.ui.chair.performance_editor import PerformanceEditor
from qjsc_panel.ui.chair.preview import PdfJob, PreviewPane
from qjsc_panel.ui.ops import OpRunner

PARTS = ("performance", "opinion", "checklist")


class OpinionTab(QWidget):
    goto = Signal(str)
    ops: OpRunner  # only when standalone (see _ensure_runner)

    def __init__(self, ctx: Ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("OpinionTab")
        self.ctx = ctx
        self.acceptance = ""
        self.performance = PerformanceEditor(ctx)
        self.opinion = OpinionEditor(ctx)
        self.checklist = FinaliseChecklist(ctx)
        self.preview = PreviewPane()
        self.preview.source = self._preview_job
        self.parts = QTabWidget()
        for page in (self.performance, self.opinion, self.checklist):
            self.parts.addTab(page, "")
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.parts)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([780, 520])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.splitter)
        self.performance.changed.connect(self.preview.schedule)
        self.opinion.changed.connect(self.preview.schedule)
        self.performance.saved.connect(self._perf_saved)
        self.opinion.saved.connect(self.checklist.refresh)
        self.checklist.goto.connect(self._goto)
        self.checklist.goto_part.connect(self.show_part)
        self.checklist.finalised.connect(self._finalised)
        self.parts.currentChanged.connect(self._part_changed)
        retranslate.register(self, self.retranslate_ui)
        self._ensure_runner()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("绩效表与验收意见"))
        self.parts.setTabText(0, self.tr("绩效表(&1)"))
        self.parts.setTabText(1, self.tr("验收意见(&2)"))
        self.parts.setTabText(2, self.tr("定稿清单(&3)"))

    def _ensure_runner(self) -> None:
        """Standalone (no main window), the tab runs its own background operations."""
        from qjsc_panel.ui.ops import runner_for

        try:
            runner_for(self)
        except LookupError:
            self.ops = OpRunner(lambda: self.ctx, self)

    # -- the contract -----------------------------------------------------------------------------
    def set_acceptance(self, uuid: str) -> None:
        self.acceptance = uuid
        self.performance.set_acceptance(uuid)
        self.opinion.set_acceptance(uuid)
        self.checklist.set_acceptance(uuid)
        self.preview.schedule()

    def show_part(self, part: str) -> None:
        if part in PARTS:
            self.parts.setCurrentIndex(PARTS.index(part))

    def _goto(self, tab: str) -> None:
        if tab != "opinion":
            self.goto.emit(tab)

    def showEvent(self, event: QShowEvent) -> None:
        # Decisions taken in other tabs change the blockers and the computed conclusion.
        super().showEvent(event)
        if self.acceptance and not event.spontaneous():
            self.refresh()

    def refresh(self) -> None:
        self.checklist.refresh()
        if not self.opinion.pending():
            self.opinion.load()
        self.preview.schedule()

    def _part_changed(self, index: int) -> None:
        if self.acceptance and PARTS[index] == "checklist":
            self.checklist.refresh()

    def _perf_saved(self) -> None:
        self.opinion.load()  # the prefilled sections follow the table
        self.checklist.refresh()
        self.preview.schedule()

    def _finalised(self) -> None:
        self.opinion.load()
        self.preview.schedule()

    # -- the preview ------------------------------------------------------------------------------
    def _preview_job(self) -> PdfJob | None:
        """A render of what the widgets show now, as a function of no widgets (for the worker)."""
        from qjsc_panel.services.opinion_draft import preview_pdf

        if not self.acceptance:
            return None
        ctx, acc = self.ctx, self.acceptance
        sections = self.opinion.typed_sections() or None
        perf = self.performance.valid_table() if self.performance.dirty else None
        return lambda: preview_pdf(ctx, acc, sections, perf)
