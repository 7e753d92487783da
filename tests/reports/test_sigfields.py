"""The light signature-field writer: pyHanko sees the fields, signs one, and the signature validates."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest

from qjsc_panel.reports.sigfields import UnsupportedPdf, add_fields


@dataclass
class _Box:
    field: str
    page: int
    box: tuple[float, float, float, float]


def _two_pages() -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf)
    c.drawString(72, 720, "one")
    c.showPage()
    c.drawString(72, 720, "two")
    c.showPage()
    c.save()
    return buf.getvalue()


def test_fields_land_on_their_pages_and_the_original_bytes_stay() -> None:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields

    data = _two_pages()
    out = add_fields(data, [_Box("sig-chair", 1, (80, 500, 216, 566)), _Box("sig-m2", 1, (230, 500, 366, 566))])
    assert out.startswith(data)  # an incremental update: the rendered revision is untouched
    reader = PdfFileReader(io.BytesIO(out))
    names = [name for name, _value, _ref in enumerate_sig_fields(reader)]
    assert names == ["sig-chair", "sig-m2"]
    page = reader.root["/Pages"]["/Kids"][1].get_object()
    assert len(page["/Annots"]) == 2
    first = reader.root["/Pages"]["/Kids"][0].get_object()
    assert "/Annots" not in first
    widget = page["/Annots"][0].get_object()
    assert [int(v) for v in widget["/Rect"]] == [80, 500, 216, 566]


def test_a_field_is_signable_and_the_signature_is_intact() -> None:
    from qjsc_panel.demo.testca import DemoCA
    from qjsc_panel.reports.signing import sign_pdf, validate_pdf

    ca = DemoCA()
    who = ca.issue("某人")[0]
    data = add_fields(_two_pages(), [_Box("sig-chair", 0, (80, 500, 216, 566))])
    signed = sign_pdf(data, "sig-chair", who, "组长")
    checks = validate_pdf(signed, [ca.cert])
    assert len(checks) == 1 and checks[0].ok


def test_anything_but_a_classic_xref_is_refused() -> None:
    with pytest.raises(UnsupportedPdf):
        add_fields(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\nstartxref\n9\n%%EOF\n", [_Box("f", 0, (0, 0, 1, 1))])
