"""The opinion as a PDF laid out after GB/T 9704-2012 (geometry and styles: :mod:`pdf_style`).

The opinion (:mod:`pdf_body`), attachments 1–5 (:mod:`pdf_attach`, 4 and 5 landscape) and the
signature page (:mod:`pdf_sign`).  Every style and table names a bundled TrueType face, so
pdffonts lists only embedded subsets.  The document information carries the real date (the
finalisation), the title, the chair as author, zh-CN and the result digest; each section and
attachment has a bookmark.  :func:`add_signature_fields` turns the signature boxes into PDF
signature fields that :mod:`qjsc_panel.reports.signing` fills, chair first.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from qjsc_panel.reports import marks, texts
from qjsc_panel.reports.fonts import BODY, LATIN
from qjsc_panel.reports.model import Compilation
from qjsc_panel.reports.opinion import GRADE_ZH, RESULT_ZH, OpinionText
from qjsc_panel.reports.pdf_sign import SignatureBox, signer_order
from qjsc_panel.reports.pdf_style import (
    BOTTOM,
    LAND_BOTTOM,
    LAND_H,
    LAND_TOP,
    LAND_W,
    LEFT,
    MM,
    PAGE_H,
    PAGE_NO_PT,
    PAGE_W,
    RIGHT,
    TOP,
)

if TYPE_CHECKING:  # the model (pydantic) is not needed to read a table
    from qjsc_panel.reports.performance import PerformanceTable

__all__ = ["RenderedPdf", "SignatureBox", "add_signature_fields", "render_pdf", "result_words", "signer_order"]


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    document_hash: str
    boxes: list[SignatureBox]
    pages: int
    result_digest: str = ""


def render_pdf(
    comp: Compilation,
    text: OpinionText,
    perf: PerformanceTable | None,
    document_hash: str,
    include_experts: bool = True,
) -> RenderedPdf:
    from reportlab.platypus import NextPageTemplate, PageBreak

    from qjsc_panel.reports import pdf_attach, pdf_body, pdf_sign

    boxes: list[SignatureBox] = []
    story: list[Any] = pdf_body.story(comp, text, perf)
    for part in (pdf_attach.signin, pdf_attach.recusals, pdf_attach.vetoes):
        story += [PageBreak(), *part(comp)]
    story += [NextPageTemplate("landscape"), PageBreak(), *pdf_attach.scores(comp)]
    story += [PageBreak(), *pdf_attach.chart(comp)]
    story += [NextPageTemplate("portrait"), PageBreak(), *pdf_sign.pages(comp, include_experts, boxes)]
    buf = io.BytesIO()
    doc = _document(buf, comp, text)
    doc.build(story)
    return RenderedPdf(buf.getvalue(), document_hash, boxes, doc.page, marks.result_digest(comp))


def _page_number(canv: Any, doc: Any) -> None:
    """ "— n —" in 4号, 7 mm below the type area; odd pages right, even pages left, one
    character in from the edge of the type area (GB/T 9704 §7.5)."""
    from qjsc_panel.reports.pdf_style import draw_text

    w, _h = canv._pagesize
    bottom = LAND_BOTTOM if w > PAGE_W else BOTTOM
    y = bottom - 7 * MM - PAGE_NO_PT * 0.8
    label = f"— {doc.page} —"
    canv.saveState()
    if doc.page % 2:
        draw_text(canv, w - RIGHT - PAGE_NO_PT, y, label, LATIN, PAGE_NO_PT, anchor="right")
    else:
        draw_text(canv, LEFT + PAGE_NO_PT, y, label, LATIN, PAGE_NO_PT)
    canv.restoreState()


def _document(buf: io.BytesIO, comp: Compilation, text: OpinionText) -> Any:
    from reportlab.platypus import Frame, PageTemplate

    def frame(fid: str, x: float, y: float, w: float, h: float) -> Frame:
        return Frame(x, y, w, h, id=fid, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    chair = comp.chair
    digest = marks.result_digest(comp)
    doc = _OpinionDoc(
        buf,
        pagesize=(PAGE_W, PAGE_H),
        title=comp.enterprise_name + texts.TITLE_SUFFIX,
        author=chair.name if chair else "",
        subject=f"{texts.NUMBER_LABEL} {marks.number(comp)}；验收结果.json SHA-256 {digest}",
        keywords="自愿性清洁生产审核验收意见",
        creator="qjsc-panel",
        lang="zh-CN",
        invariant=1,
        # Else the canvas opens every page with Helvetica (a font that is never embedded).
        initialFontName=BODY,
        initialFontSize=16,
    )
    doc.qjsc_stamp = _stamp(comp)
    doc.qjsc_digest = digest
    doc.addPageTemplates(
        [
            PageTemplate(
                "portrait",
                [frame("p", LEFT, BOTTOM, PAGE_W - LEFT - RIGHT, PAGE_H - TOP - BOTTOM)],
                onPage=_page_number,
                pagesize=(PAGE_W, PAGE_H),
            ),
            PageTemplate(
                "landscape",
                [frame("l", LEFT, LAND_BOTTOM, LAND_W - LEFT - RIGHT, LAND_H - LAND_TOP - LAND_BOTTOM)],
                onPage=_page_number,
                pagesize=(LAND_W, LAND_H),
            ),
        ]
    )
    return doc


def _stamp(comp: Compilation) -> Any:
    """reportlab's time stamp at the finalisation (Beijing time); before it, the present."""
    from calendar import timegm
    from datetime import timedelta

    from reportlab.pdfbase.pdfdoc import TimeStamp

    stamp = TimeStamp(invariant=0)
    try:
        utc = datetime.fromisoformat(comp.finalised_at) if comp.finalised_at else None
    except ValueError:
        utc = None
    if utc is not None:
        bj = (utc.replace(tzinfo=None) if utc.tzinfo is None else utc.astimezone(UTC).replace(tzinfo=None)) + timedelta(
            hours=8
        )
        stamp.t = timegm((bj - timedelta(hours=8)).timetuple())
        stamp.lt = bj.timetuple()
        stamp.YMDhms = tuple(bj.timetuple())[:6]
        stamp.dhh, stamp.dmm, stamp.tzname = 8, 0, "CST"
    return stamp


def _stamp_time(stamp: Any) -> datetime:
    """The instant reportlab writes as CreationDate/ModDate, with its offset."""
    from datetime import timedelta, timezone

    zone = timezone(timedelta(hours=stamp.dhh, minutes=stamp.dmm))
    y, mo, d, h, mi, s = stamp.YMDhms[:6]
    return datetime(y, mo, d, h, mi, s, tzinfo=zone)


def _doc_class() -> type:
    from reportlab.platypus import BaseDocTemplate

    class OpinionDoc(BaseDocTemplate):  # type: ignore[misc]
        qjsc_stamp: Any = None
        qjsc_digest: str = ""

        def beforeDocument(self) -> None:
            doc = self.canv._doc
            if self.qjsc_stamp is not None:
                doc._timeStamp = self.qjsc_stamp
            doc.info.qjsc_digest = self.qjsc_digest
            self.canv.showOutline()
            from qjsc_panel.reports import pdfa

            pdfa.install(self.canv, _stamp_time(doc._timeStamp))

        def afterFlowable(self, flowable: Any) -> None:
            mark = getattr(flowable, "_qjsc_bookmark", None)
            if mark is None:
                return
            title, level = mark
            key = f"b{id(flowable)}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(title, key, level=level, closed=False)

    return OpinionDoc


def _OpinionDoc(buf: io.BytesIO, **kw: Any) -> Any:
    _patch_info()
    return _doc_class()(buf, **kw)


_info_patched = False


def _patch_info() -> None:
    """Add the result digest to the document information (``/QJSCResultSHA256``)."""
    global _info_patched
    if _info_patched:
        return
    from reportlab.pdfbase import pdfdoc

    original = pdfdoc.PDFInfo.format

    def format_with_digest(self: Any, document: Any) -> Any:
        digest = getattr(self, "qjsc_digest", "")
        if not digest:
            return original(self, document)
        saved = self.keywords
        body = original(self, document)
        self.keywords = saved
        # Insert our key into the dictionary reportlab wrote ("<< ... >>").
        entry = f"/{marks.INFO_KEY} ({digest})".encode("ascii")
        end = body.rindex(b">>")
        return body[:end] + entry + b" " + body[end:]

    pdfdoc.PDFInfo.format = format_with_digest
    _info_patched = True


def result_words(comp: Compilation) -> str:
    """ "合格（优秀）" / "不合格": the words the PDF and workbook print for the result."""
    if comp.result is None:
        return "未定"
    if comp.result == "pass":
        return f"合格（{GRADE_ZH.get(comp.grade or '', '')}）"
    return RESULT_ZH["fail"]


def add_signature_fields(data: bytes, boxes: list[SignatureBox]) -> bytes:
    """Add an empty signature field per box (an unsigned incremental update, before any signing)."""
    from qjsc_panel.reports.sigfields import add_fields

    return add_fields(data, boxes)
