"""Empty signature fields written as one incremental update, without pyHanko.

pyHanko's ``append_signature_field`` imports its whole signing stack (aiohttp, the certificate
validator, asn1crypto …): about a second of a ``qjsc-panel pdf`` process that signs nothing.
The update it writes is small and fixed, so this module writes the same objects itself: per box
a widget annotation ``/FT /Sig`` with an empty appearance, the page's ``/Annots`` and the
catalog's ``/AcroForm``.  It reads only what reportlab writes (a classic cross-reference table,
uncompressed object dictionaries); any other input is refused so that a caller notices.
pyHanko later signs these fields as it signs its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

_REF = rb"(\d+) 0 R"


class Box(Protocol):
    @property
    def field(self) -> str: ...
    @property
    def page(self) -> int: ...
    @property
    def box(self) -> tuple[float, float, float, float]: ...


class UnsupportedPdf(ValueError):
    """The input is not the simple file reportlab writes (this module's only input)."""


def _xref(data: bytes) -> tuple[dict[int, int], bytes, int]:
    """Object offsets, the trailer dictionary and the offset of the cross-reference table."""
    start = int(data[data.rindex(b"startxref") + 9 :].split()[0])
    if not data.startswith(b"xref", start):
        raise UnsupportedPdf("no classic cross-reference table")
    pos, offsets = start + 4, {}
    trailer_at = data.index(b"trailer", pos)
    lines = data[pos:trailer_at].split(b"\n")
    i = 0
    while i < len(lines):
        head = lines[i].split()
        i += 1
        if len(head) != 2:
            continue
        first, count = int(head[0]), int(head[1])
        for k in range(count):
            off, _gen, kind = lines[i + k].split()[:3]
            if kind == b"n":
                offsets[first + k] = int(off)
        i += count
    trailer = data[trailer_at : data.index(b"startxref", trailer_at)]
    return offsets, trailer, start


def _body(data: bytes, offsets: dict[int, int], num: int) -> bytes:
    """The dictionary text of object ``num`` (``<< … >>``, no stream)."""
    at = offsets[num]
    head = f"{num} 0 obj".encode()
    if not data.startswith(head, at):
        raise UnsupportedPdf(f"object {num} is not at its offset")
    end = data.index(b"endobj", at)
    body = data[at + len(head) : end].strip()
    if b"stream" in body or not body.startswith(b"<<"):
        raise UnsupportedPdf(f"object {num} is not a plain dictionary")
    return body


def _ref(body: bytes, key: bytes) -> int:
    m = re.search(rb"/" + key + rb"\s+" + _REF, body)
    if m is None:
        raise UnsupportedPdf(f"/{key.decode()} missing")
    return int(m.group(1))


def _pages(data: bytes, offsets: dict[int, int], node: int) -> list[int]:
    body = _body(data, offsets, node)
    if re.search(rb"/Type\s*/Page\b(?!s)", body):
        return [node]
    kids = re.search(rb"/Kids\s*\[([^\]]*)\]", body)
    if kids is None:
        raise UnsupportedPdf("page tree without /Kids")
    out: list[int] = []
    for m in re.finditer(_REF, kids.group(1)):
        out += _pages(data, offsets, int(m.group(1)))
    return out


def _with_entry(body: bytes, key: bytes, refs: list[int]) -> bytes:
    """``body`` with ``refs`` added to its array ``key`` (created if absent)."""
    text = b" ".join(f"{r} 0 R".encode() for r in refs)
    m = re.search(rb"/" + key + rb"\s*\[", body)
    if m is not None:
        return body[: m.end()] + text + b" " + body[m.end() :]
    if re.search(rb"/" + key + rb"\b", body):
        raise UnsupportedPdf(f"/{key.decode()} is not a direct array")
    end = body.rindex(b">>")
    return body[:end] + b"/" + key + b" [ " + text + b" ]\n" + body[end:]


def _literal(s: str) -> bytes:
    return b"(" + s.encode("ascii").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def add_fields(data: bytes, boxes: Sequence[Box]) -> bytes:
    """``data`` plus one incremental update holding an empty signature field per box."""
    if not boxes:
        return data
    offsets, trailer, prev = _xref(data)
    root = _ref(trailer, b"Root")
    size = int(re.search(rb"/Size\s+(\d+)", trailer).group(1))  # type: ignore[union-attr]
    catalog = _body(data, offsets, root)
    if b"/AcroForm" in catalog:
        raise UnsupportedPdf("the document already has a form")
    pages = _pages(data, offsets, _ref(catalog, b"Pages"))
    objects: dict[int, bytes] = {}
    form, nxt = size, size + 1
    fields: list[int] = []
    page_annots: dict[int, list[int]] = {}
    for b in boxes:
        x0, y0, x1, y1 = (int(v) for v in b.box)
        widget, appearance = nxt, nxt + 1
        nxt += 2
        fields.append(widget)
        page = pages[b.page]
        page_annots.setdefault(page, []).append(widget)
        objects[widget] = (
            b"<<\n/FT /Sig\n/T "
            + _literal(b.field)
            + b"\n/Type /Annot\n/Subtype /Widget\n/F 132\n"
            + f"/Rect [ {x0} {y0} {x1} {y1} ]\n/P {page} 0 R\n/AP <<\n/N {appearance} 0 R\n>>\n>>".encode()
        )
        objects[appearance] = (
            f"<<\n/BBox [ 0 0 {x1 - x0} {y1 - y0} ]\n/Resources <<\n>>\n/Type /XObject\n/Subtype /Form\n"
            "/Length 0\n>>\nstream\n\nendstream"
        ).encode()
    for page, refs in page_annots.items():
        objects[page] = _with_entry(_body(data, offsets, page), b"Annots", refs)
    objects[form] = _with_entry(b"<<\n/SigFlags 1\n>>", b"Fields", fields)
    end = catalog.rindex(b">>")
    objects[root] = catalog[:end] + f"/AcroForm {form} 0 R\n".encode() + catalog[end:]
    sep = b"" if data.endswith(b"\n") else b"\n"
    return data + sep + _update(objects, len(data) + len(sep), trailer, prev, nxt)


def _update(objects: dict[int, bytes], at: int, trailer: bytes, prev: int, size: int) -> bytes:
    out = bytearray()
    start = at
    where: dict[int, int] = {}
    for num in sorted(objects):
        where[num] = start + len(out)
        out += f"{num} 0 obj\n".encode() + objects[num] + b"\nendobj\n"
    xref_at = start + len(out)
    out += b"xref\n0 1\n0000000000 65535 f \n"
    nums = sorted(where)
    i = 0
    while i < len(nums):  # contiguous runs, one subsection each
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        out += f"{nums[i]} {j - i + 1}\n".encode()
        out += b"".join(f"{where[n]:010d} 00000 n \n".encode() for n in nums[i : j + 1])
        i = j + 1
    keep = b"".join(m.group(0) + b"\n" for m in re.finditer(rb"/(Root|Info)\s+\d+ 0 R|/ID\s*\[[^\]]*\]", trailer))
    out += b"trailer\n<<\n" + keep + f"/Size {size}\n/Prev {prev}\n>>\nstartxref\n{xref_at}\n%%EOF\n".encode()
    return bytes(out)
