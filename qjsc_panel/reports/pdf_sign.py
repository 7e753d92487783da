"""The signature page: one box per signer (one border, one label), then how to verify the
document — its number, the result digest and a QR code holding the same — and the enrolment
of the signing certificates with their fingerprints (the only place they appear)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qjsc_panel.reports import texts
from qjsc_panel.reports.fonts import BODY, LATIN
from qjsc_panel.reports.marks import grouped, number, qr_payload, result_digest
from qjsc_panel.reports.model import Compilation
from qjsc_panel.reports.pdf_style import FRAME_W, MM, PAGE_H, draw_text, fit, para, styles, table

BOX_W, BOX_H, BOX_GAP = 48 * MM, 22 * MM, 5 * MM
LABEL_H = 8 * MM
PER_ROW = 3


@dataclass(frozen=True)
class SignatureBox:
    """A signer's box on the signature page, in PDF points from the page's lower left."""

    field: str  # sig-chair | sig-m<member id>
    member_id: int
    name: str
    role_zh: str
    page: int  # 0-based
    box: tuple[float, float, float, float]


def signer_order(comp: Compilation, include_experts: bool = True) -> list[tuple[str, int, str, str]]:
    """(field, member id, name, role) in signing order: the chair first, then the experts."""
    chair = comp.chair
    out: list[tuple[str, int, str, str]] = []
    if chair:
        out.append(("sig-chair", chair.id, chair.name, texts.SIGN_CHAIR))
    if include_experts:
        for m in comp.experts:
            if m.recused or (chair and m.id == chair.id):
                continue
            out.append((f"sig-m{m.id}", m.id, m.name, texts.SIGN_MEMBER))
    return out


def box_row(signers: list[tuple[str, int, str, str]], out: list[SignatureBox]) -> Any:
    """A flowable holding one row of signature boxes; it records where each box landed."""
    from reportlab.platypus import Flowable

    class BoxRow(Flowable):  # type: ignore[misc]
        def wrap(self, aw: float, ah: float) -> tuple[float, float]:
            return aw, LABEL_H + BOX_H + BOX_GAP

        def draw(self) -> None:
            canv = self.canv
            page0 = canv.getPageNumber() - 1
            for k, (fld, mid, name, role) in enumerate(signers):
                x = k * (BOX_W + BOX_GAP)
                label = fit(f"{role}：{name}", BODY, 11, BOX_W)
                draw_text(canv, x, BOX_GAP + BOX_H + 2.5 * MM, label, BODY, 11)
                canv.setLineWidth(0.6)
                canv.rect(x, BOX_GAP, BOX_W, BOX_H)
                ax, ay = canv.absolutePosition(x, BOX_GAP)
                out.append(SignatureBox(fld, mid, name, role, page0, (ax, ay, ax + BOX_W, ay + BOX_H)))

    return BoxRow()


def qr_matrix(text: str) -> list[list[bool]]:
    """The QR code of ``text`` (UTF-8, level M, no quiet zone), rows top to bottom."""
    import qrcode  # type: ignore[import-untyped]

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(text.encode("utf-8"))
    code.make(fit=True)
    return [[bool(m) for m in row] for row in code.get_matrix()]


def qr_operators(matrix: list[list[bool]]) -> str:
    """PDF path operators filling the dark modules, one rectangle per horizontal run, in
    module units with the origin at the lower left (integers: nothing to format)."""
    n = len(matrix)
    ops = ["0 g"]
    for r, row in enumerate(matrix):
        y = n - 1 - r
        c = 0
        while c < n:
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                ops.append(f"{start} {y} {c - start} 1 re")
            else:
                c += 1
    ops.append("f")
    return "\n".join(ops)


def qr_flowable(text: str, size: float) -> Any:
    """The QR code as a form XObject: encoded once, defined once per document, and placed
    (scaled) wherever it appears."""
    import hashlib

    from reportlab.platypus import Flowable

    matrix = qr_matrix(text)
    n = len(matrix)
    name = "QJSCQR" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    class Qr(Flowable):  # type: ignore[misc]
        def wrap(self, aw: float, ah: float) -> tuple[float, float]:
            return size, size

        def draw(self) -> None:
            canv = self.canv
            if not canv.hasForm(name):
                canv.beginForm(name, 0, 0, n, n)
                canv.addLiteral(qr_operators(matrix))
                canv.endForm()
            canv.saveState()
            canv.scale(size / n, size / n)
            canv.doForm(name)
            canv.restoreState()

    return Qr()


def pages(comp: Compilation, include_experts: bool, boxes: list[SignatureBox]) -> list[Any]:
    from reportlab.platypus import KeepTogether, Spacer

    st = styles()
    signers = signer_order(comp, include_experts)
    out: list[Any] = [
        para(texts.SIGN_TITLE, st.att_title, bookmark=(texts.SIGN_TITLE, 0)),
        para(f"{texts.NUMBER_LABEL}：{number(comp)}", st.number),
        para(texts.SIGN_INTRO, st.note),
        Spacer(1, 5 * MM),
    ]
    for start in range(0, len(signers), PER_ROW):
        out.append(box_row(signers[start : start + PER_ROW], boxes))
    # Who holds which certificate belongs with the boxes; the verification section, with its
    # own heading, follows and may start a page, so no table is ever left alone on the last one.
    out += enrolment(comp)
    out.append(KeepTogether(verification(comp)))
    return out


def verification(comp: Compilation) -> list[Any]:
    from reportlab.platypus import Spacer, Table, TableStyle

    st = styles()
    digest = result_digest(comp)
    facts = [
        para(f"{texts.NUMBER_LABEL}：{number(comp)}", st.note),
        para(f"验收标识：{comp.acceptance_uuid}", st.note),
        para(f"结果摘要（验收结果.json 的 SHA-256）：{grouped(digest)}", st.note),
        para(texts.QR_NOTE, st.note),
    ]
    qr = qr_flowable(qr_payload(comp), 30 * MM)
    t = Table([[facts, qr]], colWidths=[FRAME_W - 34 * MM, 34 * MM])
    t.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), LATIN),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [Spacer(1, 2 * MM), para(texts.VERIFY_TITLE, st.h1), t, Spacer(1, 2 * MM), para(texts.VERIFY_STEPS, st.note)]


def enrolment(comp: Compilation) -> list[Any]:
    """Who holds which certificate: enrolled face to face; fingerprints as enrolled."""
    from reportlab.platypus import Spacer

    st = styles()
    rows: list[list[Any]] = [[para(h, st.small_head) for h in ("姓名", "身份", "证书指纹（SHA-256 前 16 位）")]]
    for m in comp.experts:
        if m.recused or not m.key_fingerprint:
            continue
        fp = m.key_fingerprint[:16].upper()
        role = texts.SIGN_CHAIR if m.is_chair else texts.SIGN_MEMBER
        rows.append(
            [
                para(m.name, st.small),
                para(role, st.small),
                para(" ".join(fp[i : i + 4] for i in range(0, 16, 4)), st.small),
            ]
        )
    if len(rows) == 1:
        return []
    t = table(rows, [40, 40, 76], extra=[("FONTNAME", (0, 0), (-1, -1), LATIN)])
    note, gap = para(texts.CERT_NOTE, st.note), Spacer(1, 1.5 * MM)
    # Kept with its note and at least its head and two rows; when more room than that is left
    # (a large panel), the table splits, repeating its head, instead of leaving the page.
    t.wrap(FRAME_W, PAGE_H)
    least = note.wrap(FRAME_W, PAGE_H)[1] + gap.height + sum(t._rowHeights[:3])
    return [_keep_start([note, gap, t], least)]


def _keep_start(content: list[Any], least: float) -> Any:
    """``content`` kept together when it fits the space left; else split there when at
    least ``least`` points of it fit, else moved whole to the next frame.  (reportlab's
    ``KeepTogether(maxHeight=)`` means something else: it never breaks in short spaces.)"""
    from reportlab.platypus import KeepTogether
    from reportlab.platypus.doctemplate import FrameBreak

    class KeepStart(KeepTogether):  # type: ignore[misc]
        def split(self, aw: float, ah: float) -> list[Any]:
            if getattr(self, "_wrapInfo", None) != (aw, ah):
                self.wrap(aw, ah)
            if ah >= self._H or ah >= least:
                return list(self._content)
            return [FrameBreak(), *self._content]

    return KeepStart(content)
