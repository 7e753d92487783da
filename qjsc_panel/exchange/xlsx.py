"""The Excel route, for an expert without the app: a per-expert template and its import.

The template lists the form's items with maximum points and checkpoints; only the score and
comment cells are unlocked, the sheet is protected, each score cell carries data validation
(range and step) and a defined name (``S_1_1`` for item 1.1).  A very hidden sheet ``_qjsc``
holds the acceptance, member and form hash, so a sheet made for another panel or another
form version is refused naming the cell.  An imported sheet is unsigned: it counts only after
the chair confirms it against the expert's signed paper copy (``sheet confirm-paper``).
Workbooks in and out only; :mod:`qjsc_panel.services.exchange` looks up and records.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qjsc_panel.errors import QjscError

if TYPE_CHECKING:
    from qjsc_panel.domain.form import Form

FONT = "LXGW WenKai"
META_SHEET = "_qjsc"
KIND = "qjsc-xlsx-sheet"
# Rows of the hidden sheet (column B holds the value); named in problems as ``_qjsc!B<row>``.
META_ROWS = {"kind": 1, "format": 2, "acceptance": 3, "member": 4, "expert": 5, "form_hash": 6, "form": 7}
XLSX_NAMESPACE = uuid.UUID("8f0f7a52-4a36-4d55-9a5c-2f8f3c1d2e10")
COL_ID, COL_TEXT, COL_CHECK, COL_MAX, COL_SCORE, COL_COMMENT = "A", "B", "C", "D", "E", "F"


def score_name(item_id: str) -> str:
    """The defined name of an item's score cell: letters, digits and underscores only."""
    return "S_" + "".join(c if c.isalnum() else "_" for c in item_id)


class XlsxProblems(QjscError):
    """Every problem found in one workbook, each naming its cell."""

    def __init__(self, file: str, problems: list[QjscError]) -> None:
        self.problems = problems
        super().__init__("exchange.xlsx_problems", file=file, count=len(problems))

    def render(self, lang: str = "zh") -> str:
        head = super().render(lang)
        return "\n".join([head, *(f"  - {p.render(lang)}" for p in self.problems)])


# --- template ------------------------------------------------------------------------------


def write_template(form: Form, facts: dict[str, Any], out: Path) -> Path:
    """The expert's workbook for ``form``; ``facts``: enterprise, date, acc (uuid), member (id),
    name, hash (the form's content hash)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "评分表"
    thin = Side(style="thin", color="808080")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    base, bold = Font(name=FONT, size=10), Font(name=FONT, size=10, bold=True)
    for col, width in zip("ABCDEF", (6, 26, 40, 7, 8, 30), strict=True):
        ws.column_dimensions[col].width = width

    ws.merge_cells("A1:F1")
    ws["A1"] = form.title.zh
    ws["A1"].font = Font(name=FONT, size=14, bold=True)
    ws["A1"].alignment = center
    ws.row_dimensions[1].height = 28
    info = [
        ("企业 / Enterprise", facts["enterprise"]),
        ("验收日期 / Date", facts["date"]),
        ("专家 / Expert", facts["name"]),
        ("评分表 / Form", f"{form.id} {form.version}（{facts['hash'][:12]}）"),
    ]
    for i, (label, value) in enumerate(info, start=2):
        ws[f"A{i}"] = label
        ws.merge_cells(f"A{i}:B{i}")
        ws[f"C{i}"] = value
        ws.merge_cells(f"C{i}:F{i}")
        ws[f"A{i}"].font, ws[f"C{i}"].font = bold, base
    note_row = 2 + len(info)
    ws.merge_cells(f"A{note_row}:F{note_row}")
    ws[f"A{note_row}"] = (
        "只在黄色单元格填写得分与评语；得分须在 0 至分值之间，并符合步长。"
        " Fill in only the yellow cells: score within 0 to max, on the step."
    )
    ws[f"A{note_row}"].font = Font(name=FONT, size=9, italic=True)
    ws[f"A{note_row}"].alignment = wrap
    ws.row_dimensions[note_row].height = 26

    header = note_row + 1
    for col, text in zip(
        "ABCDEF",
        ("编号\nNo.", "评分项\nItem", "检查要点\nCheckpoints", "分值\nMax", "得分\nScore", "评语\nComment"),
        strict=True,
    ):
        cell = ws[f"{col}{header}"]
        cell.value, cell.font, cell.alignment, cell.border = text, bold, center, box
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
    ws.row_dimensions[header].height = 30

    fill = PatternFill("solid", fgColor="FFF2CC")
    row = header + 1
    score_cells: list[str] = []
    for cat in form.categories:
        ws.merge_cells(f"A{row}:F{row}")
        ws[f"A{row}"] = f"{cat.title.zh}（{cat.points} 分）"
        ws[f"A{row}"].font = bold
        ws[f"A{row}"].fill = PatternFill("solid", fgColor="EDEDED")
        row += 1
        for item in cat.items:
            values = (item.id, f"{item.text.zh}\n{item.text.en}", item.checkpoints.zh, float(item.max_points))
            for col, value in zip("ABCD", values, strict=True):
                cell = ws[f"{col}{row}"]
                cell.value, cell.font, cell.border = value, base, box
                cell.alignment = center if col in "AD" else wrap
            for col in (COL_SCORE, COL_COMMENT):
                cell = ws[f"{col}{row}"]
                cell.protection = Protection(locked=False)
                cell.fill, cell.border, cell.font = fill, box, base
                cell.alignment = center if col == COL_SCORE else wrap
            ref = f"{COL_SCORE}{row}"
            ws[ref].number_format = "0.0#"
            score_cells.append(ref)
            dv = DataValidation(
                type="custom",
                allow_blank=True,
                showErrorMessage=True,
                showInputMessage=True,
                formula1=(
                    f"AND(ISNUMBER({ref}),{ref}>=0,{ref}<={item.max_points},MOD(ROUND({ref}/{item.step},6),1)=0)"
                ),
                errorTitle="得分无效 / Invalid score",
                error=f"0–{item.max_points}，步长 {item.step} / 0 to {item.max_points}, step {item.step}",
                promptTitle=f"{item.id}",
                prompt=f"0–{item.max_points}，步长 {item.step}",
            )
            dv.add(ref)
            ws.add_data_validation(dv)
            wb.defined_names[score_name(item.id)] = DefinedName(
                score_name(item.id), attr_text=f"'{ws.title}'!${COL_SCORE}${row}"
            )
            ws.row_dimensions[row].height = 13.5 * _lines(item.text.zh, item.text.en, item.checkpoints.zh)
            row += 1
    ws[f"C{row}"] = "合计 / Total"
    ws[f"D{row}"] = float(form.total)
    ws[f"E{row}"] = f"=SUM({','.join(score_cells)})"
    for col in "CDE":
        ws[f"{col}{row}"].font, ws[f"{col}{row}"].border = bold, box
        ws[f"{col}{row}"].alignment = center
    row += 2
    ws.merge_cells(f"A{row}:F{row}")
    ws[f"A{row}"] = (
        "本人与被验收企业及其咨询服务机构无利益关系，并对企业技术和商业秘密保密（第十二条）。"
        "\n专家签字 / Signature：____________________    日期 / Date：______________"
    )
    ws[f"A{row}"].font, ws[f"A{row}"].alignment = base, wrap
    ws.row_dimensions[row].height = 44

    ws.protection.sheet = True
    ws.protection.formatColumns = False  # the expert may widen a column to read
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header}:{header}"
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "&P / &N"

    meta = wb.create_sheet(META_SHEET)
    meta_values: dict[str, Any] = {
        "kind": KIND,
        "format": 1,
        "acceptance": facts["acc"],
        "member": facts["member"],
        "expert": facts["name"],
        "form_hash": facts["hash"],
        "form": f"{form.id} {form.version}",
    }
    for key, r in META_ROWS.items():
        meta[f"A{r}"], meta[f"B{r}"] = key, meta_values[key]
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True
    wb.active = 0
    tmp = out.with_name(out.name + ".part")
    wb.save(tmp)
    tmp.replace(out)
    return out


def _lines(zh: str, en: str, checkpoints: str) -> int:
    """Rough line count for the row height: a CJK character takes two columns' width."""

    def wide(text: str, width: int) -> int:
        cols = sum(2 if ord(c) > 0x2E7F else 1 for c in text)
        return -(-cols // width)

    return max(2, wide(zh, 24) + wide(en, 24), wide(checkpoints, 38))


# --- import --------------------------------------------------------------------------------


@dataclass(frozen=True)
class XlsxResult:
    status: str  # imported | superseded | duplicate
    sheet_uuid: str
    member_id: int
    name: str
    total: Decimal


def _cell_number(value: Any) -> Decimal | None:
    """A typed number (or numeric text); None for anything else.  Floats go through str()."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        text = repr(value) if isinstance(value, float) else str(value)
    elif isinstance(value, str):
        text = value.strip().replace("，", ".").replace("。", ".")
    else:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


@dataclass(frozen=True)
class Template:
    """A workbook that says it is one of our templates; its cells are not trusted yet."""

    name: str
    workbook: Any
    meta: dict[str, Any]


def meta_cell(key: str) -> str:
    return f"{META_SHEET}!B{META_ROWS[key]}"


def open_template(path: Path) -> Template:
    """Open a filled template and read its identifying cells (acceptance, member, form)."""
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    from qjsc_panel.exchange.xlsx_guard import check_xlsx

    name = path.name
    check_xlsx(path)  # sizes, entities, rows and columns — before any XML is parsed
    try:
        # Our own handle, closed here: openpyxl leaves its zip open when a damaged part raises.
        with path.open("rb") as fh:
            wb = load_workbook(fh, data_only=False)
    except (OSError, zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError):
        raise QjscError("exchange.xlsx_unreadable", file=name) from None
    except Exception:  # a damaged part (bad XML, bad deflate stream, ...): unreadable, not a crash
        raise QjscError("exchange.xlsx_unreadable", file=name) from None
    if META_SHEET not in wb.sheetnames:
        raise QjscError("exchange.xlsx_not_template", file=name)
    sheet = wb[META_SHEET]
    meta = {key: sheet[f"B{row}"].value for key, row in META_ROWS.items()}
    if meta.get("kind") != KIND or meta.get("format") != 1:
        raise QjscError("exchange.xlsx_not_template", file=name)
    return Template(name, wb, meta)


EXPERT_CELL = "C4"  # the visible 专家 / Expert row of the template


def stated_names(t: Template) -> list[tuple[str, str]]:
    """Every place the workbook names its expert, as ``(cell, text)``: the visible row and the
    hidden sheet.  The chair's choice of member must match all of them."""
    out = [(meta_cell("expert"), str(t.meta.get("expert") or "").strip())]
    try:
        ws = t.workbook.worksheets[0]
        out.append((f"{ws.title}!{EXPERT_CELL}", str(ws[EXPERT_CELL].value or "").strip()))
    except (IndexError, KeyError, ValueError, AttributeError):
        out.append((EXPERT_CELL, ""))
    return out


def read_scores(t: Template, form: Form) -> tuple[dict[str, Decimal], dict[str, str]]:
    """Every item's score and comment, validated against ``form``.

    Raises :class:`XlsxProblems` listing every problem with its cell.
    """
    from qjsc_panel.domain.scoring import parse_score

    wb = t.workbook
    problems: list[QjscError] = []
    scores: dict[str, Decimal] = {}
    comments: dict[str, str] = {}
    for item in form.items:
        found = _locate(wb, score_name(item.id))
        if found is None:
            problems.append(QjscError("exchange.xlsx_item_missing", item=item.id))
            continue
        ws, ref, row = found
        if str(ws[f"{COL_ID}{row}"].value or "").strip() != item.id:
            problems.append(QjscError("exchange.xlsx_item_missing", item=item.id))
            continue
        value = ws[ref].value
        comment = ws[f"{COL_COMMENT}{row}"].value
        if comment is not None and str(comment).strip():
            comments[item.id] = str(comment).strip()
        if value is None or (isinstance(value, str) and not value.strip()):
            problems.append(QjscError("exchange.xlsx_missing", cell=ref, item=item.id))
            continue
        number = _cell_number(value)
        if number is None:
            problems.append(QjscError("exchange.xlsx_text", cell=ref, item=item.id, value=value))
        elif number < 0 or number > item.max_points:
            problems.append(QjscError("exchange.xlsx_range", cell=ref, item=item.id, value=number, max=item.max_points))
        elif (number / item.step) != (number / item.step).to_integral_value():
            problems.append(QjscError("exchange.xlsx_step", cell=ref, item=item.id, value=number, step=item.step))
        else:
            scores[item.id] = parse_score(item, str(number))
    if problems:
        raise XlsxProblems(t.name, problems)
    return scores, comments


def _locate(wb: Any, defined: str) -> tuple[Any, str, int] | None:
    """The sheet, cell reference (``E12``) and row of a defined name, if it is a single cell."""
    from openpyxl.utils.cell import coordinate_from_string

    dn = wb.defined_names.get(defined)
    if dn is None:
        return None
    try:
        destinations = list(dn.destinations)
        if len(destinations) != 1:
            return None
        title, ref = destinations[0]
        ref = ref.replace("$", "")
        _, row = coordinate_from_string(ref)
        if title not in wb.sheetnames:
            return None
        return wb[title], ref, int(row)
    except (ValueError, TypeError, KeyError):
        return None
