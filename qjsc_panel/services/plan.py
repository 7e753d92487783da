"""The year's plan (第十六条 征集表) and mandatory-audit list (第十五条二), imported from XLSX;
eligibility (第十四、十五条) computed on entry; the 验收计划名单 published as XLSX and PDF.

An import is all or nothing: every problem is named by row and column, and nothing is stored
until the whole sheet is clean.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qjsc_panel.domain import credit_code as gb32100
from qjsc_panel.domain.eligibility import EnterpriseFacts, LegalForm, check_eligibility
from qjsc_panel.errors import QjscError
from qjsc_panel.services.common import log
from qjsc_panel.services.context import Ctx
from qjsc_panel.services.firms import INDUSTRY_CODE
from qjsc_panel.store.models import Acceptance, Consultancy, Enterprise, MandatoryListing, PlanEntry

# 《深圳市自愿性清洁生产审核计划征集表》 columns, in order.
PLAN_HEADERS = (
    "序号",
    "企业名称",
    "统一社会信用代码",
    "所在区",
    "行业代码（GB/T 4754）",
    "成立日期",
    "单位性质",
    "咨询服务机构",
    "计划验收月份",
    "联系人及电话",
)
MANDATORY_HEADERS = ("序号", "企业名称", "统一社会信用代码")
LEGAL_FORMS = {"独立法人": "legal_person", "视同法人的独立核算单位": "independent_unit", "其他": "other"}
from qjsc_panel.domain.eligibility import DISTRICTS as DISTRICTS  # noqa: E402  # re-exported


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class CellProblem:
    row: int  # as Excel numbers it
    column: str  # A, B, …
    header: str
    code: str
    params: dict[str, Any]

    def render(self, lang: str = "zh") -> str:
        from qjsc_panel.messages import render

        where = (
            f"第 {self.row} 行 {self.column} 列（{self.header}）"
            if lang != "en"
            else f"row {self.row}, column {self.column} ({self.header})"
        )
        return f"{where}: {render(self.code, lang, **self.params)}"


class ImportError_(QjscError):
    """The sheet has problems; ``problems`` names each by row and column.  Nothing was stored."""

    def __init__(self, problems: list[CellProblem]) -> None:
        self.problems = problems
        super().__init__("secretary.import_failed", count=len(problems))

    def render(self, lang: str = "zh") -> str:
        return "\n".join([super().render(lang), *(f"  - {p.render(lang)}" for p in self.problems)])


def write_plan_template(path: Path) -> Path:
    from qjsc_panel.reports.tables import write_xlsx

    return write_xlsx(path, "深圳市自愿性清洁生产审核计划征集表", PLAN_HEADERS, [])


def _sheet_rows(path: Path, headers: tuple[str, ...]) -> list[tuple[int, list[Any]]]:
    """Data rows with their Excel row numbers; the header row is found by its first cells."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # not a workbook, damaged, wrong format
        raise QjscError("secretary.not_xlsx", path=str(path), detail=str(exc)) from None
    ws = wb.worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    wb.close()
    for i, row in enumerate(rows):
        cells = [str(c).strip() if c is not None else "" for c in row[: len(headers)]]
        if cells[:3] == list(headers[:3]):
            start = i + 1
            break
    else:
        raise QjscError("secretary.no_header", first=headers[1], path=str(path))
    out = []
    for j, row in enumerate(rows[start:], start=start + 1):
        values = list(row[: len(headers)]) + [None] * (len(headers) - len(row))
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        out.append((j, values))
    return out


def _text(v: Any) -> str:
    return "" if v is None else str(v).strip()


def _date(v: Any) -> date | None:
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    try:
        return date.fromisoformat(_text(v).replace("/", "-").replace(".", "-"))
    except ValueError:
        return None


def _facts(s: Session, ent: Enterprise) -> EnterpriseFacts:
    from qjsc_panel.services.acceptances import _passed_on

    mandatory = frozenset(s.scalars(select(MandatoryListing.year).where(MandatoryListing.enterprise_id == ent.id)))
    return EnterpriseFacts(
        in_shenzhen=ent.in_shenzhen,
        legal_form=LegalForm(ent.legal_form),
        established=ent.established,
        industrial=ent.industrial,
        mandatory_years=mandatory,
        accepted_on=_passed_on(s, ent.id),
    )


def _plan_day(year: int, month: int | None) -> date:
    return date(year, month or 12, 1)


def _enter(
    s: Session, ctx: Ctx, year: int, ent: Enterprise, consultancy_id: int | None, month: int | None
) -> PlanEntry:
    on = _plan_day(year, month)
    result = check_eligibility(_facts(s, ent), on)
    entry = PlanEntry(
        year=year,
        enterprise_id=ent.id,
        consultancy_id=consultancy_id,
        planned_month=month,
        eligible=result.eligible,
        reasons=list(result.reasons),
        first_application=result.first_application,
        checked_on=on,
        entered_by=ctx.actor,
        entered_at=_now(),
    )
    s.add(entry)
    s.flush()
    log(s, ctx, "plan.add", None, year=year, enterprise=ent.id, eligible=result.eligible, reasons=list(result.reasons))
    return entry


def add_plan_entry(
    ctx: Ctx, year: int, enterprise_id: int, consultancy_id: int | None = None, month: int | None = None
) -> int:
    if month is not None and not 1 <= month <= 12:
        raise QjscError("input.bad_value", field="month", value=month)
    with ctx.db.session() as s:
        ent = s.get(Enterprise, enterprise_id)
        if ent is None:
            raise QjscError("enterprise.not_found", enterprise=enterprise_id)
        if s.scalar(select(PlanEntry.id).where(PlanEntry.year == year, PlanEntry.enterprise_id == ent.id)):
            raise QjscError("secretary.plan_duplicate", name=ent.name, year=year)
        return _enter(s, ctx, year, ent, consultancy_id, month).id


class _PlanRowChecker:
    """Checks one row of a 征集表, collecting every problem by row and column."""

    def __init__(self, s: Session, year: int) -> None:
        self.s = s
        self.year = year
        self.firms = {name: cid for cid, name in s.execute(select(Consultancy.id, Consultancy.name))}
        self.seen: dict[str, int] = {}
        self.problems: list[CellProblem] = []

    def bad(self, r: int, col: int, code: str, **params: Any) -> None:
        self.problems.append(CellProblem(r, chr(ord("A") + col), PLAN_HEADERS[col], code, params))

    def identity(self, r: int, v: list[Any]) -> tuple[str, str, Enterprise | None]:
        name = _text(v[1])
        if not name:
            self.bad(r, 1, "input.required", field=PLAN_HEADERS[1])
        code = gb32100.normalise(_text(v[2]))
        why = gb32100.problem(code)
        if why:
            self.bad(r, 2, f"secretary.{why}", value=code, length=len(code))
            return name, code, None
        if code in self.seen:
            self.bad(r, 2, "secretary.duplicate_row", other=self.seen[code])
        self.seen.setdefault(code, r)
        existing = self.s.scalar(select(Enterprise).where(Enterprise.credit_code == code))
        if existing is not None and self.s.scalar(
            select(PlanEntry.id).where(PlanEntry.year == self.year, PlanEntry.enterprise_id == existing.id)
        ):
            self.bad(r, 2, "secretary.plan_duplicate", name=existing.name, year=self.year)
        return name, code, existing

    def details(self, r: int, v: list[Any]) -> tuple[str, str, date | None, str | None]:
        district = _text(v[3])
        if district not in DISTRICTS:
            self.bad(r, 3, "secretary.district", value=district)
        industry = _text(v[4]).upper()
        if industry and not INDUSTRY_CODE.match(industry):
            self.bad(r, 4, "secretary.industry_code", value=industry)
        established = _date(v[5])
        if established is None:
            self.bad(r, 5, "input.bad_date", value=_text(v[5]))
        form = LEGAL_FORMS.get(_text(v[6]) or "独立法人")
        if form is None:
            self.bad(r, 6, "secretary.legal_form", value=_text(v[6]), choices="、".join(LEGAL_FORMS))
        return district, industry, established, form

    def planning(self, r: int, v: list[Any]) -> tuple[int | None, int | None]:
        firm = _text(v[7])
        if firm and firm not in self.firms:
            self.bad(r, 7, "secretary.consultancy_unknown", value=firm)
        if not _text(v[8]):
            return self.firms.get(firm), None
        try:
            month = int(float(_text(v[8])))
        except ValueError:
            month = 0
        if not 1 <= month <= 12:
            self.bad(r, 8, "secretary.month", value=_text(v[8]))
        return self.firms.get(firm), month

    def row(self, r: int, v: list[Any]) -> dict[str, Any]:
        name, code, existing = self.identity(r, v)
        district, industry, established, form = self.details(r, v)
        firm, month = self.planning(r, v)
        return {
            "row": r,
            "name": name,
            "code": code,
            "district": district,
            "industry": industry,
            "established": established,
            "form": form,
            "firm": firm,
            "month": month,
            "contact": _text(v[9]),
            "existing": existing,
        }


def import_plan(ctx: Ctx, path: Path, year: int) -> int:
    """Import a 征集表; returns how many entries were added (enterprises registered as needed)."""
    rows = _sheet_rows(path, PLAN_HEADERS)
    with ctx.db.session() as s:
        checker = _PlanRowChecker(s, year)
        parsed = [checker.row(r, v) for r, v in rows]
        if checker.problems:
            raise ImportError_(checker.problems)
        for item in parsed:
            ent = item["existing"]
            if ent is None:
                ent = Enterprise(
                    name=item["name"],
                    credit_code=item["code"],
                    district=item["district"],
                    legal_form=item["form"],
                    established=item["established"],
                    industry_code=item["industry"],
                    contact=item["contact"],
                )
                s.add(ent)
                s.flush()
                log(
                    s,
                    ctx,
                    "enterprise.add",
                    None,
                    id=ent.id,
                    name=ent.name,
                    credit_code=ent.credit_code,
                    row=item["row"],
                )
            _enter(s, ctx, year, ent, item["firm"], item["month"])
        log(s, ctx, "plan.import", None, year=year, file=path.name, rows=len(parsed))
    return len(parsed)


def import_mandatory(ctx: Ctx, path: Path, year: int) -> tuple[int, list[str]]:
    """Import the year's mandatory-audit list; returns (listed, codes not in the registry).

    Codes not yet registered are named back so the secretary sees them; eligibility is
    refused for a listed enterprise from then on (第十五条二)."""
    rows = _sheet_rows(path, MANDATORY_HEADERS)
    problems: list[CellProblem] = []
    codes: list[tuple[int, str]] = []
    for r, v in rows:
        code = gb32100.normalise(_text(v[2]))
        why = gb32100.problem(code)
        if why:
            problems.append(
                CellProblem(r, "C", MANDATORY_HEADERS[2], f"secretary.{why}", {"value": code, "length": len(code)})
            )
        codes.append((r, code))
    if problems:
        raise ImportError_(problems)
    listed, unknown = 0, []
    with ctx.db.session() as s:
        ids: dict[str, int] = {c: i for c, i in s.execute(select(Enterprise.credit_code, Enterprise.id))}
        already = set(s.scalars(select(MandatoryListing.enterprise_id).where(MandatoryListing.year == year)))
        for _r, code in codes:
            eid = ids.get(code)
            if eid is None:
                unknown.append(code)
            elif eid not in already:
                s.add(MandatoryListing(enterprise_id=eid, year=year))
                already.add(eid)
                listed += 1
        log(s, ctx, "mandatory.import", None, year=year, file=path.name, listed=listed, unknown=len(unknown))
        # Plan entries of that year are re-checked: an enterprise newly listed is no longer eligible.
        s.flush()
        for entry in s.scalars(select(PlanEntry).where(PlanEntry.year == year)):
            ent = s.get(Enterprise, entry.enterprise_id)
            assert ent is not None
            result = check_eligibility(_facts(s, ent), entry.checked_on)
            entry.eligible, entry.reasons = result.eligible, list(result.reasons)
    return listed, unknown


@dataclass(frozen=True)
class PlanRow:
    id: int
    enterprise_id: int
    enterprise: str
    credit_code: str
    district: str
    industry_code: str
    consultancy: str
    planned_month: int | None
    eligible: bool
    reasons: tuple[str, ...]
    first_application: bool
    acceptance: str | None
    prelim: bool | None
    prelim_by: str
    prelim_at: datetime | None
    penalty_clean: bool | None
    penalty_by: str
    penalty_at: datetime | None

    def reasons_text(self, lang: str = "zh") -> str:
        from qjsc_panel.messages import render

        return ("；" if lang != "en" else "; ").join(render(r, lang) for r in self.reasons)


def list_plan(ctx: Ctx, year: int) -> list[PlanRow]:
    """The plan with eligibility and the pre-visit checks (第二十条一、二) of that year's acceptance."""
    acc = (
        select(Acceptance)
        .where(
            Acceptance.enterprise_id == PlanEntry.enterprise_id,
            Acceptance.visit_date >= date(year, 1, 1),
            Acceptance.visit_date <= date(year, 12, 31),
        )
        .order_by(Acceptance.id.desc())
        .limit(1)
        .correlate(PlanEntry)
    )
    acc_id = acc.with_only_columns(Acceptance.id).scalar_subquery()
    stmt = (
        select(
            PlanEntry.id,
            Enterprise.id,
            Enterprise.name,
            Enterprise.credit_code,
            Enterprise.district,
            Enterprise.industry_code,
            Consultancy.name,
            PlanEntry.planned_month,
            PlanEntry.eligible,
            PlanEntry.reasons,
            PlanEntry.first_application,
            Acceptance.uuid,
            Acceptance.prelim_passed,
            Acceptance.prelim_by,
            Acceptance.prelim_at,
            Acceptance.penalty_clean,
            Acceptance.penalty_by,
            Acceptance.penalty_at,
        )
        .join(Enterprise, Enterprise.id == PlanEntry.enterprise_id)
        .outerjoin(Consultancy, Consultancy.id == PlanEntry.consultancy_id)
        .outerjoin(Acceptance, Acceptance.id == acc_id)
        .where(PlanEntry.year == year)
        .order_by(PlanEntry.planned_month, PlanEntry.id)
    )
    with ctx.db.read() as conn:
        out = []
        for r in conn.execute(stmt):
            vals = list(r)
            vals[6] = vals[6] or ""
            vals[9] = tuple(vals[9] or ())
            vals[13] = vals[13] or ""
            vals[16] = vals[16] or ""
            out.append(PlanRow(*vals))
        return out


def publish_plan(ctx: Ctx, year: int, out_dir: Path) -> tuple[Path, Path]:
    """验收计划名单: the eligible entries of ``year`` as XLSX and PDF."""
    from qjsc_panel.reports.tables import write_pdf, write_xlsx

    rows = [r for r in list_plan(ctx, year) if r.eligible]
    if not rows:
        raise QjscError("secretary.plan_empty", year=year)
    title = f"{year}年深圳市自愿性清洁生产审核验收计划名单"
    headers = ("序号", "企业名称", "统一社会信用代码", "所在区", "行业代码", "咨询服务机构", "计划验收月份", "首次申报")
    table = [
        (
            i,
            r.enterprise,
            r.credit_code,
            r.district,
            r.industry_code,
            r.consultancy,
            f"{r.planned_month}月" if r.planned_month else "",
            "是" if r.first_application else "否",
        )
        for i, r in enumerate(rows, 1)
    ]
    out_dir.mkdir(parents=True, exist_ok=True)
    xlsx = write_xlsx(out_dir / f"验收计划名单-{year}.xlsx", title, headers, table)
    pdf = write_pdf(out_dir / f"验收计划名单-{year}.pdf", title, headers, table)
    with ctx.db.session() as s:
        log(s, ctx, "plan.publish", None, year=year, entries=len(rows))
    return xlsx, pdf
