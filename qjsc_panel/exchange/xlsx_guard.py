"""Checks on an .xlsx file before openpyxl reads it (issue 12, item 7).

A workbook is a zip of XML parts.  Before any XML is parsed: the file size, the number of parts
and their declared uncompressed sizes are bounded (a worksheet padded to 600 MB is refused from
its zip directory, not read into memory), every part's prolog is searched for a DTD or entity
declaration (an "XML entity" or "billion laughs" file is refused by name), and the worksheets'
row and column numbers are bounded while streaming.  openpyxl then parses with defusedxml, which
it uses whenever it is installed (a dependency), as a second line.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

from qjsc_panel.errors import QjscError

MAX_FILE_BYTES = 5_000_000  # a filled template is ~30 KB
MAX_PARTS = 200
MAX_PART_BYTES = 8_000_000  # declared, uncompressed
MAX_TOTAL_BYTES = 16_000_000
MAX_ROWS = 2_000  # the longest form has well under 200 items
MAX_COLUMNS = 64
PROLOG_BYTES = 4096
_CHUNK = 1 << 16
_MARKERS = tuple(
    m.encode(enc) for m in ("<!DOCTYPE", "<!ENTITY", "<!doctype") for enc in ("utf-8", "utf-16-le", "utf-16-be")
)
_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d{1,12})"')
_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,8})\d')


def check_xlsx(path: Path) -> None:
    """Raise a clear :class:`QjscError` naming the file if it must not be opened."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise QjscError("exchange.unreadable", file=str(path), detail=exc.strerror or "") from None
    check_zip(path, path.name, size)


def check_xlsx_bytes(data: bytes, name: str) -> None:
    """:func:`check_xlsx` for a workbook held in memory (e.g. inside a bundle)."""
    import io

    check_zip(io.BytesIO(data), name, len(data))


def check_zip(source: Path | BinaryIO, name: str, size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise QjscError("exchange.xlsx_too_large", file=name, detail=f"{size:,} B > {MAX_FILE_BYTES:,} B")
    try:
        with zipfile.ZipFile(source) as z:
            infos = z.infolist()
            if len(infos) > MAX_PARTS:
                raise QjscError("exchange.xlsx_too_large", file=name, detail=f"{len(infos)} parts")
            total = sum(i.file_size for i in infos)
            big = max(infos, key=lambda i: i.file_size, default=None)
            if big is not None and big.file_size > MAX_PART_BYTES:
                raise QjscError("exchange.xlsx_too_large", file=name, detail=f"{big.filename}: {big.file_size:,} B")
            if total > MAX_TOTAL_BYTES:
                raise QjscError("exchange.xlsx_too_large", file=name, detail=f"{total:,} B")
            for info in infos:
                if info.filename.endswith((".xml", ".rels", ".vml")) or "." not in info.filename.rsplit("/", 1)[-1]:
                    _scan_part(z, info, name)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError):
        # zlib.error: a damaged deflate stream in a part
        raise QjscError("exchange.xlsx_unreadable", file=name) from None


def _scan_part(z: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> None:
    """Stream one part: no DTD in the prolog; rows and columns within bounds."""
    worksheet = info.filename.startswith("xl/worksheets/")
    read = 0
    tail = b""
    with z.open(info) as fh:
        while True:
            chunk = fh.read(_CHUNK)
            if not chunk:
                break
            if read < PROLOG_BYTES or b"<!" in chunk:
                window = tail + chunk
                if any(m in window for m in _MARKERS):
                    raise QjscError("exchange.xlsx_entities", file=name, part=info.filename)
            read += len(chunk)
            if read > info.file_size or read > MAX_PART_BYTES:  # the directory lied about the size
                raise QjscError("exchange.xlsx_too_large", file=name, detail=info.filename)
            if worksheet:
                _check_bounds(tail + chunk, name)
            tail = chunk[-256:]


def _check_bounds(window: bytes, name: str) -> None:
    """No row number beyond MAX_ROWS and no column beyond MAX_COLUMNS in this stretch of XML."""
    rows = (int(m.group(1)) for m in _ROW.finditer(window))
    columns = (_column_number(m.group(1)) for m in _CELL.finditer(window))
    if any(r > MAX_ROWS for r in rows) or any(c > MAX_COLUMNS for c in columns):
        raise QjscError("exchange.xlsx_too_many", file=name, rows=MAX_ROWS, columns=MAX_COLUMNS)


def _column_number(letters: bytes) -> int:
    n = 0
    for c in letters:
        n = n * 26 + (c - 64)
    return n
