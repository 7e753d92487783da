"""The verification QR code: encoded once, defined once per document as a form XObject,
and drawn module for module as the encoder made it."""

from __future__ import annotations

import re
import subprocess
import zlib
from pathlib import Path

from PIL import Image

from qjsc_panel.reports.pdf_sign import qr_flowable, qr_matrix, qr_operators
from qjsc_panel.reports.pdf_style import MM

PAYLOAD = "QJSC1|暂编20261120-B1051EDC|b1051edc-18aa-4b28-bdce-69ab5a9f8a0a|" + "e2d27b82" * 8
SIZE = 30 * MM
DPI = 300


def two_pages(path: Path) -> None:
    """The same QR code on two pages, at a known place (bottom left of the frame)."""
    from reportlab.platypus import PageBreak, SimpleDocTemplate

    doc = SimpleDocTemplate(str(path), leftMargin=20 * MM, bottomMargin=20 * MM, pageCompression=0, invariant=1)
    doc.build([qr_flowable(PAYLOAD, SIZE), PageBreak(), qr_flowable(PAYLOAD, SIZE)])


def test_the_operators_fill_exactly_the_dark_modules() -> None:
    matrix = qr_matrix(PAYLOAD)
    n = len(matrix)
    grid = [[False] * n for _ in range(n)]
    for x, y, w, h in re.findall(r"(\d+) (\d+) (\d+) (\d+) re", qr_operators(matrix)):
        assert int(h) == 1
        for c in range(int(x), int(x) + int(w)):
            assert not grid[n - 1 - int(y)][c], "a module filled twice"
            grid[n - 1 - int(y)][c] = True
    assert grid == matrix


def test_one_form_xobject_serves_every_page(tmp_path: Path) -> None:
    pdf = tmp_path / "qr.pdf"
    two_pages(pdf)
    raw = pdf.read_bytes()
    assert len(re.findall(rb"/Subtype /Form", raw)) == 1
    uses = re.findall(rb"/FormXob\.\w+ Do", raw)  # uncompressed page streams
    assert len(uses) == 2 and uses[0] == uses[1]
    # the form's own stream holds the rectangles once
    streams = [zlib.decompress(m) for m in re.findall(rb"stream\r?\n(.*?)endstream", raw, re.S) if m[:2] == b"x\x9c"]
    assert sum(s.count(b" re") > 100 for s in streams) <= 1


def test_the_drawn_code_is_the_encoded_code(tmp_path: Path) -> None:
    """Sample the centre of every module on both rendered pages."""
    pdf = tmp_path / "qr.pdf"
    two_pages(pdf)
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", str(pdf), str(tmp_path / "p")], check=True)
    matrix = qr_matrix(PAYLOAD)
    n = len(matrix)
    px = DPI / 72
    for page in sorted(tmp_path.glob("p-*.png")):
        img = Image.open(page).convert("L")
        left = (20 * MM + 6) * px  # the frame's left edge and its padding
        found = _sample(img, n, left, _top_of_code(img, left), px)
        assert found == matrix, page.name


def _top_of_code(img: Image.Image, left: float) -> float:
    """The first dark row at the code's left edge (its finder pattern starts there)."""
    x = int(left + 5)
    for y in range(img.height):
        pixel = img.getpixel((x, y))
        assert isinstance(pixel, int)
        if pixel < 128:
            return float(y)
    raise AssertionError("no code on the page")


def _sample(img: Image.Image, n: int, left: float, top: float, px: float) -> list[list[bool]]:
    cell = SIZE * px / n
    rows: list[list[bool]] = []
    for r in range(n):
        row: list[bool] = []
        for c in range(n):
            pixel = img.getpixel((int(left + (c + 0.5) * cell), int(top + (r + 0.5) * cell)))
            assert isinstance(pixel, int)
            row.append(pixel < 128)
        rows.append(row)
    return rows
