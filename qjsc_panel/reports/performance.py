"""The audit performance table (清洁生产审核绩效表, domain.md §6) as data.

Typed in by the secretary or imported from an XLSX template the enterprise fills.  The
template carries a stable key in a narrow column A on every input row, so reordering rows
or retitling labels in the template does not break the import.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from qjsc_panel.errors import QjscError

# The rows' keys and labels live in a module without pydantic (the PDF needs them, not the model).
from qjsc_panel.reports.perf_terms import COST_CLASSES as COST_CLASSES
from qjsc_panel.reports.perf_terms import MEASURE_FIELDS as MEASURE_FIELDS
from qjsc_panel.reports.perf_terms import REDUCTIONS as REDUCTIONS
from qjsc_panel.reports.perf_terms import SAVINGS as SAVINGS
from qjsc_panel.reports.perf_view import target_met, total_benefit, total_investment


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Target(_M):
    indicator: str
    unit: str = ""
    baseline: Decimal | None = None
    target: Decimal | None = None
    achieved: Decimal | None = None

    @property
    def met(self) -> bool | None:
        """Whether the achieved figure reaches the target (lower is better when target < baseline)."""
        return target_met(self.baseline, self.target, self.achieved)


class Measures(_M):
    proposed: int = 0
    implemented: int = 0
    investment: Decimal = Decimal(0)  # 万元
    benefit: Decimal = Decimal(0)  # 万元/a


class PerformanceTable(_M):
    audit_start: date | None = None
    audit_end: date | None = None
    focus: str = ""
    targets: list[Target] = Field(default_factory=list)
    low_cost: Measures = Field(default_factory=Measures)
    high_cost: Measures = Field(default_factory=Measures)
    savings: dict[str, Decimal] = Field(default_factory=dict)
    reductions: dict[str, Decimal] = Field(default_factory=dict)
    level_before: str = ""
    level_after: str = ""

    @property
    def total_investment(self) -> Decimal:
        return total_investment(self.low_cost, self.high_cost)

    @property
    def total_benefit(self) -> Decimal:
        return total_benefit(self.low_cost, self.high_cost)

    def check(self) -> None:
        known_s = {k for k, *_ in SAVINGS}
        known_r = {k for k, *_ in REDUCTIONS}
        for key in self.savings:
            if key not in known_s:
                raise QjscError("reports.perf_unknown_key", key=key)
        for key in self.reductions:
            if key not in known_r:
                raise QjscError("reports.perf_unknown_key", key=key)
        for name, m in (("low_cost", self.low_cost), ("high_cost", self.high_cost)):
            if m.implemented > m.proposed:
                raise QjscError(
                    "reports.perf_implemented_gt_proposed", cls=name, implemented=m.implemented, proposed=m.proposed
                )
            if m.investment < 0 or m.benefit < 0 or m.proposed < 0:
                raise QjscError("reports.perf_negative", cls=name)
        if self.audit_start and self.audit_end and self.audit_end < self.audit_start:
            raise QjscError("reports.perf_bad_period")


def parse_table(data: Any) -> PerformanceTable:
    from pydantic import ValidationError

    try:
        table = PerformanceTable.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise QjscError("reports.perf_invalid", where=where, detail=first["msg"]) from None
    table.check()
    return table


# -- XLSX template -------------------------------------------------------------------

TEMPLATE_SHEET = "绩效表"
TARGET_ROWS = 8


def write_template(path: Path, table: PerformanceTable | None = None) -> Path:
    """An XLSX the enterprise fills in (optionally prefilled with ``table``)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    t = table or PerformanceTable()
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = TEMPLATE_SHEET
    w = _TemplateWriter(ws)
    ws.column_dimensions["A"].width = 4
    ws.column_dimensions["A"].hidden = True  # keys: not for people
    for letter, width in zip("BCDEFG", (30, 14, 14, 14, 14, 14), strict=True):
        ws.column_dimensions[letter].width = width
    ws["B1"] = "清洁生产审核绩效表（请在黄色单元格内填写，勿改动 A 列）"
    ws["B1"].font = w.head
    _write_overview(w, t)
    _write_targets(w, t)
    _write_measures(w, t)
    w.label("四、节能降耗（年）")
    for key, text, _, unit in SAVINGS:
        w.field_row(f"savings.{key}", text, t.savings.get(key), unit)
    w.row += 1
    w.label("五、污染物及碳减排（年）")
    for key, text, _, unit in REDUCTIONS:
        w.field_row(f"reductions.{key}", text, t.reductions.get(key), unit)
    for r in ws.iter_rows(min_row=1, max_row=w.row, min_col=2, max_col=7):
        for c in r:
            c.alignment = Alignment(vertical="center", wrap_text=True)
    ws.freeze_panes = "B3"
    wb.save(path)
    return path


class _TemplateWriter:
    """The template sheet being written, row by row, with its fonts, border and fill."""

    def __init__(self, ws: Any) -> None:
        from openpyxl.styles import Border, Font, PatternFill, Side

        from qjsc_panel.reports.fonts import SHEET_BODY as FAMILY

        self.ws = ws
        self.row = 3
        self.font = Font(name=FAMILY, size=11)
        self.bold = Font(name=FAMILY, size=11, bold=True)
        self.head = Font(name=FAMILY, size=14, bold=True)
        thin = Side(style="thin", color="000000")
        self.box = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.fill = PatternFill("solid", fgColor="FFF7D6")  # the cells to fill in

    def label(self, text: str) -> None:
        self.ws.cell(row=self.row, column=2, value=text).font = self.bold
        self.row += 1

    def field_row(self, key: str, text: str, value: Any, unit: str = "") -> None:
        ws, row = self.ws, self.row
        ws.cell(row=row, column=1, value=key)
        ws.cell(row=row, column=2, value=text + (f"（{unit}）" if unit else "")).font = self.font
        c = self.input_cell(row, 3, value)
        if isinstance(value, date) or key.startswith("audit_"):
            c.number_format = "yyyy-mm-dd"
        self.row += 1

    def input_cell(self, row: int, column: int, value: Any) -> Any:
        c = self.ws.cell(row=row, column=column, value=value)
        c.font, c.fill, c.border = self.font, self.fill, self.box
        return c

    def headings(self, texts: Any, start: int) -> None:
        for col, text in enumerate(texts, start=start):
            self.ws.cell(row=self.row, column=col, value=text).font = self.bold
            self.ws.cell(row=self.row, column=col).border = self.box
        self.row += 1


def _write_overview(w: _TemplateWriter, t: PerformanceTable) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    w.label("一、审核概况")
    w.field_row("audit_start", "审核开始日期", t.audit_start)
    w.field_row("audit_end", "审核完成日期", t.audit_end)
    w.field_row("focus", "审核重点", t.focus or None)
    w.field_row("level_before", "审核前清洁生产水平", t.level_before or None)
    w.field_row("level_after", "审核后清洁生产水平", t.level_after or None)
    dv = DataValidation(type="list", formula1='"一级,二级,三级,三级以下"', allow_blank=True)
    w.ws.add_data_validation(dv)
    dv.add(f"C{w.row - 2}:C{w.row - 1}")
    w.row += 1


def _write_targets(w: _TemplateWriter, t: PerformanceTable) -> None:
    w.label("二、清洁生产目标")
    w.headings(("指标", "单位", "审核前（基准）", "目标值", "实际完成"), start=2)
    for i in range(max(TARGET_ROWS, len(t.targets))):
        tg = t.targets[i] if i < len(t.targets) else None
        w.ws.cell(row=w.row, column=1, value="target")
        values = [tg.indicator, tg.unit, tg.baseline, tg.target, tg.achieved] if tg else [None] * 5
        for col, v in enumerate(values, start=2):
            w.input_cell(w.row, col, v)
        w.row += 1
    w.row += 1


def _write_measures(w: _TemplateWriter, t: PerformanceTable) -> None:
    w.label("三、清洁生产方案")
    w.headings([text for _, text, _, _ in MEASURE_FIELDS], start=3)
    for key, text, _ in COST_CLASSES:
        m: Measures = getattr(t, key)
        w.ws.cell(row=w.row, column=1, value=f"measures.{key}")
        w.ws.cell(row=w.row, column=2, value=text).font = w.font
        for col, mv in enumerate((m.proposed, m.implemented, m.investment, m.benefit), start=3):
            w.input_cell(w.row, col, mv)
        w.row += 1
    w.row += 1


def _num(value: Any, cell: str) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise QjscError("reports.perf_bad_number", cell=cell, value=value)
    if isinstance(value, float):
        # Excel stores numbers as binary doubles; go through repr so 0.1 stays 0.1.
        return Decimal(repr(value))
    try:
        return Decimal(str(value).strip().replace(",", "").replace("，", ""))
    except InvalidOperation:
        raise QjscError("reports.perf_bad_number", cell=cell, value=value) from None


def _int(value: Any, cell: str) -> int:
    n = _num(value, cell)
    if n is None:
        return 0
    if n != n.to_integral_value():
        raise QjscError("reports.perf_bad_number", cell=cell, value=value)
    return int(n)


def _date(value: Any, cell: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise QjscError("reports.perf_bad_date", cell=cell, value=value) from None


def import_template(path: Path) -> PerformanceTable:
    """Read a filled template; a broken file or a wrong cell is named, nothing is stored."""
    ws = _template_sheet(path)
    data: dict[str, Any] = {"targets": [], "savings": {}, "reductions": {}}
    for r in ws.iter_rows(min_row=1):
        key = r[0].value
        if not isinstance(key, str) or not key:
            continue
        cells: list[Any] = [c.value for c in r[1:7]] + [None] * 6
        _read_row(data, key, cells, r[0].row)
    return parse_table(data)


def _template_sheet(path: Path) -> Any:
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(path, data_only=True, read_only=False)
    except (OSError, BadZipFile, InvalidFileException, KeyError, ValueError) as exc:
        raise QjscError("reports.perf_unreadable", path=str(path), detail=str(exc)) from None
    if TEMPLATE_SHEET not in wb.sheetnames:
        raise QjscError("reports.perf_no_sheet", path=str(path), sheet=TEMPLATE_SHEET)
    return wb[TEMPLATE_SHEET]


def _read_row(data: dict[str, Any], key: str, cells: list[Any], row: Any) -> None:
    """One keyed row of the template (column A names the field) into ``data``."""
    ref = f"C{row}"
    if key in ("audit_start", "audit_end"):
        data[key] = _date(cells[1], ref)
    elif key in ("focus", "level_before", "level_after"):
        data[key] = "" if cells[1] is None else str(cells[1]).strip()
    elif key == "target":
        # Target rows use columns B..F (indicator, unit, baseline, target, achieved).
        if cells[0] is not None and str(cells[0]).strip():
            data["targets"].append(_target(cells, row))
    elif key.startswith("measures."):
        data[key.split(".", 1)[1]] = {
            "proposed": _int(cells[1], f"C{row}"),
            "implemented": _int(cells[2], f"D{row}"),
            "investment": _num(cells[3], f"E{row}") or Decimal(0),
            "benefit": _num(cells[4], f"F{row}") or Decimal(0),
        }
    elif key.startswith(("savings.", "reductions.")):
        group, name = key.split(".", 1)
        value = _num(cells[1], ref)
        if value is not None:
            data[group][name] = value


def _target(cells: list[Any], row: Any) -> dict[str, Any]:
    return {
        "indicator": str(cells[0]).strip(),
        "unit": "" if cells[1] is None else str(cells[1]).strip(),
        "baseline": _num(cells[2], f"D{row}"),
        "target": _num(cells[3], f"E{row}"),
        "achieved": _num(cells[4], f"F{row}"),
    }


def to_json(table: PerformanceTable) -> str:
    return table.model_dump_json()


def from_json(text: str) -> PerformanceTable:
    return PerformanceTable.model_validate_json(text)
