"""The published lists (验收计划名单, 公示名单): fonts a bureau PC has, nothing the PDF does not embed."""

from __future__ import annotations

import subprocess
from pathlib import Path

from qjsc_panel.reports.tables import write_pdf, write_xlsx

HEADERS = ("序号", "企业名称", "统一社会信用代码")
ROWS = [(1, "深圳市甲电子有限公司", "91440300MA5DEMC01D"), (2, "深圳市乙新材料有限公司", None)]


def test_the_list_pdf_embeds_every_font_it_names(tmp_path: Path) -> None:
    pdf = write_pdf(tmp_path / "名单.pdf", "2026年验收计划名单", HEADERS, ROWS, note="注：按申报顺序排列。")
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:]]
    assert rows and all(r[-5] == "yes" for r in rows), fonts  # emb column
    assert "Helvetica" not in fonts and all(r[0].split("+")[-1].startswith("QJSC-") for r in rows), fonts
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "2026年验收计划名单" in info and "深圳市工业和信息化局" in info


def test_the_list_workbook_names_windows_faces_and_has_a_title(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(write_xlsx(tmp_path / "名单.xlsx", "2026年验收计划名单", HEADERS, ROWS))
    ws = wb.active
    assert ws is not None
    fonts = {c.font.name for row in ws.iter_rows() for c in row if c.value is not None}
    assert fonts == {"黑体", "仿宋"}
    assert wb.properties.title == "2026年验收计划名单" and wb.properties.creator == "深圳市工业和信息化局"
