"""Live page preview of the opinion PDF as the project's writer makes it (unsigned draft).

A short pause after the last edit, the tab hands over a job (a function of no widgets) that
renders the PDF; this pane rasterises its pages with pypdfium2 (imported lazily: QtPdf is not
in PySide6-Essentials) in the same background operation and shows them as images.  One render
at a time: edits during a render ask for one more afterwards.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from qjsc_panel.errors import QjscError
from qjsc_panel.ui import retranslate

DELAY_MS = 900  # the pause after typing before a render starts
PDF_POINT_WIDTH_A4 = 595.0

PdfJob = Callable[[], bytes]


def rasterise(pdf: bytes, width: int) -> list[QImage]:
    """Every page scaled to ``width`` pixels (landscape pages as wide); safe off the UI thread."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    images: list[QImage] = []
    try:
        for i in range(len(doc)):
            page = doc[i]
            try:
                scale = width / max(page.get_width(), PDF_POINT_WIDTH_A4)
                bitmap = page.render(scale=scale, prefer_bgrx=True)
                try:
                    # BGRx bytes are QImage's RGB32 on a little-endian machine; copy before the
                    # bitmap's buffer goes away.
                    image = QImage(
                        bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB32
                    )
                    images.append(image.copy())
                finally:
                    bitmap.close()
            finally:
                page.close()
    finally:
        doc.close()
    return images


class PreviewPane(QWidget):
    rendered = Signal(int)  # number of pages shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PreviewPane")
        self.source: Callable[[], PdfJob | None] | None = None
        self.images: list[QImage] = []
        self.running = False
        self.again = False
        self._state: tuple[str, BaseException | None] = ("idle", None)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.pages = QWidget()
        self.pages_layout = QVBoxLayout(self.pages)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.pages.setStyleSheet("background: #808080;")
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.pages)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrows and PgUp/PgDn scroll pages
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.status)
        lay.addWidget(self.scroll, 1)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DELAY_MS)
        self.timer.timeout.connect(self.render_now)
        retranslate.register(self, self._show_state)

    def page_count(self) -> int:
        return len(self.images)

    def schedule(self) -> None:
        """Render after a pause (restarted by each further edit)."""
        self.timer.start()

    def render_now(self) -> None:
        from qjsc_panel.ui.ops import CollectionOp

        self.timer.stop()
        if self.running:
            self.again = True
            return
        job = self.source() if self.source is not None else None
        if job is None:
            return
        width = max(self.scroll.viewport().width() - self.scroll.verticalScrollBar().sizeHint().width() - 24, 240)
        self.running, self.again = True, False
        self._set_state("running")
        CollectionOp(self, lambda _app: rasterise(job(), width), label=self.tr("正在生成预览")).success(
            self._show
        ).failure(self._refused).finally_(self._ended).run_in_background()

    def _ended(self) -> None:
        self.running = False
        if self.again:
            self.schedule()

    def _show(self, images: list[QImage]) -> None:
        self.images = images
        while self.pages_layout.count():
            item = self.pages_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for i, image in enumerate(images):
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setFixedSize(image.size())
            label.setAccessibleName(self.tr("第 {0} 页").format(i + 1))
            self.pages_layout.addWidget(label)
        self._set_state("done")
        self.rendered.emit(len(images))

    def _refused(self, exc: QjscError) -> None:
        self._set_state("refused", exc)

    def _set_state(self, state: str, exc: BaseException | None = None) -> None:
        self._state = (state, exc)
        self._show_state()

    def _show_state(self) -> None:
        from qjsc_panel.ui.backend import message

        state, exc = self._state
        texts = {
            "idle": self.tr("预览：未签名的草稿，按写出 PDF 的同一程序生成。"),
            "running": self.tr("正在生成预览…"),
            "done": self.tr("预览（未签名草稿）：共 {0} 页").format(len(self.images)),
        }
        self.status.setText(message(exc) if state == "refused" and exc is not None else texts.get(state, ""))
