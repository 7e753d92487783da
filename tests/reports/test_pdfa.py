"""PDF/A-2b groundwork, checked rule by rule (tests/reports/pdfa_rules.py lists which rules; no
full ISO 19005 validation is available here), and the signature stamps' face and time zone."""

from __future__ import annotations

import io
import re
import subprocess
from typing import Any

import pikepdf
import pytest

from tests.reports.conftest import Built
from tests.reports.pdfa_rules import problems


def _revisions(data: bytes) -> list[bytes]:
    """The file as it stood at the end of each revision (rendered, fields added, each signature)."""
    return [data[: m.end()] for m in re.finditer(rb"%%EOF\r?\n", data)]


def test_the_demo_pdf_meets_every_checked_rule_in_every_revision(built: Built) -> None:
    data = built.written.pdf.read_bytes()
    revisions = _revisions(data)
    assert len(revisions) == 2 + len(built.written.signed_by)  # rendered, fields, one per signer
    assert revisions[-1] == data
    for n, rev in enumerate(revisions):
        assert problems(rev) == [], f"revision {n + 1}"
    with pikepdf.open(io.BytesIO(data)) as pdf:
        meta = pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False)
        assert meta.pdfa_status == "2B"
        assert str(pdf.Root.Lang) == "zh-CN"
        assert pdf.pdf_version == "1.7"
        assert "/ISO_" not in pdf.Root.get("/Extensions", {})  # no PDF 2.0 extension declared
        assert len(pdf.Root.Outlines.First.keys()) > 0  # bookmarks
        assert str(pdf.docinfo["/Author"]) == "陈建华"  # the chair


def test_the_checker_finds_what_an_unprepared_file_breaks(built: Built) -> None:
    """Negative controls: a bare reportlab page (Helvetica, no intent, no XMP) and the demo's
    rendered file signed by stock pyHanko (PDF 2.0, XMP Producer differing from Info)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from reportlab.pdfgen.canvas import Canvas

    from qjsc_panel.demo.testca import DemoCA

    buf = io.BytesIO()
    c = Canvas(buf)
    c.drawString(72, 720, "Helvetica")
    c.showPage()
    c.save()
    bare = "\n".join(problems(buf.getvalue()))
    assert "Helvetica: not embedded" in bare and "no output intent" in bare and "no XMP metadata" in bare

    with pikepdf.open(io.BytesIO(_revisions(built.written.pdf.read_bytes())[0])) as pdf:
        font = next(iter(pdf.pages[0].Resources.Font.values()))
        font.Widths[40] = int(font.Widths[40]) + 100
        font.FontDescriptor.Flags = 32  # non-symbolic, yet no WinAnsi/MacRoman encoding
        pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
        tampered = io.BytesIO()
        pdf.save(tampered)
    found = "\n".join(problems(tampered.getvalue()))
    assert "/Widths differ from the program at codes" in found
    assert "non-symbolic TrueType encoding None" in found
    assert "action /JavaScript" in found

    rendered_with_fields = _revisions(built.written.pdf.read_bytes())[1]
    who = DemoCA().issue("某人")[0]
    writer = IncrementalPdfFileWriter(io.BytesIO(rendered_with_fields), strict=False)
    meta = signers.PdfSignatureMetadata(field_name="sig-chair", subfilter=fields.SigSeedSubFilter.PADES)
    out = io.BytesIO()
    signers.PdfSigner(meta, signer=who.signer).sign_pdf(writer, output=out)
    stock = "\n".join(problems(out.getvalue()))
    assert "catalog /Version /2.0" in stock
    assert "Info /Producer" in stock


def _stamp_fonts(data: bytes) -> list[str]:
    names = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for annot in page.obj.get("/Annots", []):
                ap: Any = annot.get("/AP", {})
                normal = ap.get("/N")
                stack: list[Any] = [normal]
                while stack:
                    form = stack.pop()
                    res = form.get("/Resources", {}) if form is not None else {}
                    names += [str(f.get("/BaseFont")) for f in res.get("/Font", {}).values()]
                    stack += [x for x in res.get("/XObject", {}).values() if str(x.get("/Subtype")) == "/Form"]
    return names


def test_signature_stamps_are_set_in_the_documents_fangsong_and_wenkai_is_nowhere(built: Built) -> None:
    data = built.written.pdf.read_bytes()
    fonts = _stamp_fonts(data)
    assert len(fonts) >= len(built.written.signed_by)
    assert all(re.fullmatch(r"/[A-Z]{6}\+QJSC-Fang-Identity-H", f) for f in fonts), fonts
    listed = subprocess.run(["pdffonts", str(built.written.pdf)], capture_output=True, text=True, check=True).stdout
    assert "WenKai" not in listed and b"WenKai" not in data


def test_a_name_outside_gb2312_gets_its_glyph_and_the_rest_stays_fangsong() -> None:
    from fontTools.ttLib import TTFont

    from qjsc_panel.reports.fonts import BODY, face_path
    from qjsc_panel.reports.signing import _stamp_subset

    text = "已电子签名：王喆镕2026-11-28 09:59 北京时间"
    stamp = TTFont(io.BytesIO(_stamp_subset(text)))
    cmap = stamp.getBestCmap()
    assert all(ord(c) in cmap for c in text if c != " ")
    with TTFont(str(face_path(BODY))) as fang:
        theirs = fang.getBestCmap()
        assert ord("喆") not in theirs  # the case this covers
        for ch in "王9":  # a hanzi and a digit drawn exactly as the body face draws them
            mine = stamp["glyf"][cmap[ord(ch)]].getCoordinates(stamp["glyf"])[0]
            body = fang["glyf"][theirs[ord(ch)]].getCoordinates(fang["glyf"])[0]
            assert list(mine) == list(body)
    assert stamp["glyf"][cmap[ord("喆")]].numberOfContours > 0 and stamp["hmtx"][cmap[ord("喆")]][0] > 0


@pytest.mark.parametrize(
    ("ts", "shown"),
    [
        ("2026-11-28T00:58:07+0000", "2026-11-28 08:58 北京时间"),
        ("2026-11-28T17:30:00+0000", "2026-11-29 01:30 北京时间"),
    ],
)
def test_the_stamp_prints_the_signing_time_in_beijing_time(ts: str, shown: str) -> None:
    from qjsc_panel.reports.signing import _stamp_style

    stamp = _stamp_style(None).create_stamp(None, None, {"ts": ts, "name": "陈建华"})
    assert stamp.text_params["ts"] == shown


def test_the_signature_round_copy_declares_pdfa3_with_its_data_associated(built: Built) -> None:
    from qjsc_panel.demo.testca import DemoCA
    from qjsc_panel.reports.round_pdf import embed, embedded, signatures
    from qjsc_panel.reports.signing import sign_pdf

    with_fields = _revisions(built.written.pdf.read_bytes())[1]
    files = {"qjsc-signround.json": b'{"round": 1}', "qjsc-result.json": b"{}"}
    copy = embed(with_fields, files)
    assert embedded(copy) == files
    assert "embedded files (PDF/A-2 admits only PDF/A attachments)" in problems(copy, part=2)
    assert problems(copy, part=3) == []
    signed = sign_pdf(copy, "sig-chair", DemoCA().issue("陈建华")[0], "专家组组长")
    assert problems(signed, part=3) == []
    assert [s.untouched for s in signatures(signed)] == [True]
