"""Hostile Excel files (issue 12, item 7): refused with a clear message before any XML is
parsed, in bounded memory, and the database unchanged."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest

from qjsc_panel.errors import QjscError
from qjsc_panel.exchange import xlsx, xlsx_guard
from qjsc_panel.services import exchange
from tests.exchange.conftest import World
from tests.exchange.test_xlsx import fill, template

__all__ = ["template"]

BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10))
    + b']>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
)
EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>'
)


def _replace_part(src: Path, out: Path, part: str, data: bytes) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, data if info.filename == part else zin.read(info))
    return out


def _import_refused(world: World, path: Path) -> QjscError:
    before = world.db_hash()
    with pytest.raises(QjscError) as caught:
        exchange.import_xlsx(world.chair_ctx, path, member="王专家")
    assert world.db_hash() == before
    text = caught.value.render("zh")
    assert path.name in text and "未做任何修改" in text and "{" not in caught.value.render("en")
    return caught.value


@pytest.mark.parametrize("payload", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["billion-laughs", "external-entity"])
def test_xml_entities_are_refused(world: World, template: Path, payload: bytes) -> None:
    bad = _replace_part(fill(template, world), world.root / "entities.xlsx", "xl/worksheets/sheet1.xml", payload)
    assert _import_refused(world, bad).code == "exchange.xlsx_entities"


def test_entity_in_a_utf16_part_is_refused(world: World, template: Path) -> None:
    payload = EXTERNAL_ENTITY.replace(b'<?xml version="1.0"?>', b'<?xml version="1.0" encoding="UTF-16"?>')
    data = b"\xff\xfe" + payload.decode().encode("utf-16-le")
    bad = _replace_part(fill(template, world), world.root / "utf16.xlsx", "xl/workbook.xml", data)
    assert _import_refused(world, bad).code == "exchange.xlsx_entities"


def test_padded_worksheet_is_refused_from_the_zip_directory(world: World, template: Path) -> None:
    """A worksheet padded to 600 MB (compressed to ~600 KB) is refused from its declared size;
    the padding is never decompressed (peak memory stays small)."""
    import tracemalloc

    filled = fill(template, world)
    bad = world.root / "padded.xlsx"
    with zipfile.ZipFile(filled) as zin, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                with zout.open(info.filename, "w", force_zip64=True) as fh:
                    fh.write(data.replace(b"</worksheet>", b""))
                    pad = b" " * (1 << 20)
                    for _ in range(600):
                        fh.write(pad)
                    fh.write(b"</worksheet>")
            else:
                zout.writestr(info.filename, data)
    assert bad.stat().st_size < xlsx_guard.MAX_FILE_BYTES
    tracemalloc.start()
    try:
        error = _import_refused(world, bad)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert error.code == "exchange.xlsx_too_large"
    assert peak < 50_000_000


def test_too_many_rows_or_columns(world: World, template: Path) -> None:
    filled = fill(template, world)
    with zipfile.ZipFile(filled) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    far_row = sheet.replace(b"</sheetData>", b'<row r="1048576"><c r="A1048576"><v>1</v></c></row></sheetData>')
    bad = _replace_part(filled, world.root / "rows.xlsx", "xl/worksheets/sheet1.xml", far_row)
    assert _import_refused(world, bad).code == "exchange.xlsx_too_many"
    far_col = sheet.replace(b"</sheetData>", b'<row r="300"><c r="XFD300"><v>1</v></c></row></sheetData>')
    bad = _replace_part(filled, world.root / "cols.xlsx", "xl/worksheets/sheet1.xml", far_col)
    assert _import_refused(world, bad).code == "exchange.xlsx_too_many"


def test_oversized_file(world: World, tmp_path: Path) -> None:
    big = tmp_path / "big.xlsx"
    with zipfile.ZipFile(big, "w", zipfile.ZIP_STORED) as z:
        z.writestr("junk.bin", b"\x00" * (xlsx_guard.MAX_FILE_BYTES + 10))
    assert _import_refused(world, big).code == "exchange.xlsx_too_large"


def test_defusedxml_is_what_openpyxl_parses_with() -> None:
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True


def test_a_genuine_sheet_still_passes_the_guard(world: World, template: Path) -> None:
    xlsx_guard.check_xlsx(fill(template, world))


def _set_hidden(path: Path, out: Path, cell: str, value: Any) -> Path:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    wb[xlsx.META_SHEET][cell] = value
    wb.save(out)
    return out


def test_the_chair_chooses_the_member_and_the_names_must_match(world: World, template: Path) -> None:
    """A hidden cell changed to another member's id no longer files the sheet under that member:
    the chair names the member, and the visible and hidden names must be that member's."""
    filled = fill(template, world)
    li = world.member_ids["李专家"]
    moved = _set_hidden(filled, world.root / "moved.xlsx", f"B{xlsx.META_ROWS['member']}", li)
    error = _import_refused_any(world, moved, "李专家")
    codes = [p.code for p in getattr(error, "problems", [error])]
    assert codes.count("exchange.xlsx_name_mismatch") == 2  # hidden and visible names say 王专家
    error = _import_refused_any(world, moved, "王专家")
    assert [p.code for p in getattr(error, "problems", [error])] == ["exchange.xlsx_other_member"]
    # Without the chair's choice nothing is read.
    with pytest.raises(QjscError) as caught:
        exchange.import_xlsx(world.chair_ctx, filled)
    assert caught.value.code == "exchange.xlsx_member_required"
    assert exchange.import_xlsx(world.chair_ctx, filled, member="王专家").status == "imported"


def test_excel_never_supersedes_a_signed_package_without_a_reason(world: World, template: Path) -> None:
    world.join("王专家")
    world.score("王专家")
    assert [v.status for v in world.import_(world.export("王专家"))] == ["imported"]
    filled = fill(template, world)
    error = _import_refused_any(world, filled, "王专家")
    assert error.code == "exchange.xlsx_supersedes_signed" and "--reason" in error.render("zh")
    done = exchange.import_xlsx(world.chair_ctx, filled, "专家现场改用纸质评分表，已核对签字", member="王专家")
    assert done.status == "superseded"


def _import_refused_any(world: World, path: Path, member: str) -> QjscError:
    before = world.db_hash()
    with pytest.raises(QjscError) as caught:
        exchange.import_xlsx(world.chair_ctx, path, member=member)
    assert world.db_hash() == before
    assert "{" not in caught.value.render("en")
    return caught.value
