"""The bureau's archive: every acceptance in one query, filtered, sorted and paged.

Built for 10,000 acceptances: the list selects only the columns it shows (never the form or the
frozen result JSON), joins the enterprise once, and pages with LIMIT/OFFSET so a view can fetch
lazily.  Deadlines (第二十一条) are computed per row in Python from the visit date.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, NamedTuple, cast

from sqlalchemy import Select, String, and_, bindparam, case, func, or_, select
from sqlalchemy import cast as cast_
from sqlalchemy.orm import Session

from qjsc_panel import i18n
from qjsc_panel.domain.eligibility import final_materials_due
from qjsc_panel.errors import QjscError
from qjsc_panel.services.archive_keys import SORT_KEYS as SORT_KEYS
from qjsc_panel.services.archive_keys import STATUSES as STATUSES
from qjsc_panel.services.common import get_acceptance, log
from qjsc_panel.services.context import Ctx
from qjsc_panel.store.models import Acceptance, Enterprise, Expert, PanelMember, ScoreSheet


@dataclass(frozen=True)
class ArchiveQuery:
    text: str = ""  # part of the enterprise name, its credit code or the acceptance number
    status: str = ""  # "" | open | finalised | archived
    district: str = ""
    industry: str = ""  # GB/T 4754 code prefix, e.g. C39
    result: str = ""  # "" | pass | fail
    since: date | None = None
    until: date | None = None
    overdue_only: bool = False  # final materials late or missing past the deadline (on ``today``)
    sort: str = "visit_date"
    descending: bool = True


class ArchiveRow(NamedTuple):
    """One line of the archive, in the order of :data:`_COLUMNS` (a tuple: 10,000 of them are cheap)."""

    id: int
    uuid: str
    acceptance_no: str | None
    enterprise: str
    credit_code: str
    district: str
    industry_code: str
    visit_date: date
    status: str  # open | finalised | archived
    result: str | None
    grade: str | None
    composite: str | None
    bureau_decision: str | None
    bureau_decision_at: date | None
    final_materials_at: date | None
    materials_due: date | None

    @property
    def deadline(self) -> date:
        return self.materials_due or final_materials_due(self.visit_date)

    def overdue(self, today: date) -> bool:
        """Final materials in late, or still missing after the month of 第二十一条."""
        if self.final_materials_at is not None:
            return self.final_materials_at > self.deadline
        return self.status != "open" and today > self.deadline


def _status_expr() -> Any:
    return case((Acceptance.archived_at.is_not(None), "archived"), else_=Acceptance.status)


_COLUMNS = (
    Acceptance.id,
    Acceptance.uuid,
    Acceptance.acceptance_no,
    Enterprise.name,
    Enterprise.credit_code,
    Acceptance.district,
    Enterprise.industry_code,
    Acceptance.visit_date,
    _status_expr().label("status"),
    Acceptance.result,
    Acceptance.grade,
    Acceptance.composite,
    Acceptance.bureau_decision,
    Acceptance.bureau_decision_at,
    Acceptance.final_materials_at,
    Acceptance.materials_due,
)


def _filtered(q: ArchiveQuery, stmt: Select[Any], today: date) -> Select[Any]:
    conds: list[Any] = []
    text = q.text.strip()
    if text:
        conds.append(
            or_(
                Enterprise.name.contains(text, autoescape=True),
                Enterprise.credit_code == text.upper(),
                Acceptance.acceptance_no.contains(text, autoescape=True),
            )
        )
    if q.status == "archived":
        conds.append(Acceptance.archived_at.is_not(None))
    elif q.status:
        conds.append(and_(Acceptance.status == q.status, Acceptance.archived_at.is_(None)))
    if q.district:
        conds.append(Acceptance.district == q.district)
    if q.industry:
        conds.append(Enterprise.industry_code.startswith(q.industry.upper(), autoescape=True))
    if q.result:
        conds.append(Acceptance.result == q.result)
    if q.since:
        conds.append(Acceptance.visit_date >= q.since)
    if q.until:
        conds.append(Acceptance.visit_date <= q.until)
    if q.overdue_only:
        conds.append(
            or_(
                and_(
                    Acceptance.final_materials_at.is_(None),
                    Acceptance.status != "open",
                    Acceptance.materials_due < today,
                ),
                Acceptance.final_materials_at > Acceptance.materials_due,
            )
        )
    return stmt.where(*conds) if conds else stmt


def _order(q: ArchiveQuery) -> list[Any]:
    if q.sort not in SORT_KEYS:
        raise QjscError("input.bad_value", field="sort", value=q.sort)
    key = {
        "visit_date": Acceptance.visit_date,
        "enterprise": Enterprise.name,
        "district": Acceptance.district,
        "status": _status_expr(),
        "result": Acceptance.result,
        "deadline": Acceptance.materials_due,
        "acceptance_no": Acceptance.acceptance_no,
    }[q.sort]
    tie = Acceptance.id.desc() if q.descending else Acceptance.id
    return [key.desc() if q.descending else key, tie]


def archive_statement(q: ArchiveQuery, today: date | None = None) -> Select[Any]:
    stmt = cast(Select[Any], select(*_COLUMNS)).join(Enterprise, Enterprise.id == Acceptance.enterprise_id)
    return _filtered(q, stmt, today or date.today()).order_by(*_order(q))


@functools.lru_cache(maxsize=32)
def _cached_statement(q: ArchiveQuery, today: date) -> Select[Any]:
    # The same statement object for every page of a query: building one, and SQLAlchemy matching
    # a new but equal one to its cached compilation, cost ten times the query on the index.
    return archive_statement(q, today).offset(bindparam("page_offset")).limit(bindparam("page_limit"))


def archive_page(ctx: Ctx, q: ArchiveQuery, offset: int = 0, limit: int = 200) -> list[ArchiveRow]:
    """One page of the archive: one SELECT on a read connection."""
    stmt = _cached_statement(q, date.today())
    with ctx.db.read() as conn:
        rows = conn.execute(stmt, {"page_offset": offset, "page_limit": limit}).all()
    return list(map(ArchiveRow._make, rows))


def archive_count(ctx: Ctx, q: ArchiveQuery) -> int:
    base: Select[Any] = select(func.count(Acceptance.id)).join(Enterprise)
    stmt = _filtered(q, base, date.today())
    with ctx.db.read() as conn:
        return int(conn.scalar(stmt) or 0)


# -- the home lists ---------------------------------------------------------------------------


class HomeRow(NamedTuple):
    """One acceptance on an expert's start screen: one query for all of them."""

    acceptance: str
    enterprise: str
    visit_date: str
    member_id: int
    declared: bool
    recused: bool
    recusal_reason: str
    sheet_status: str | None
    finalised: bool


@functools.lru_cache(maxsize=1)
def _expert_home_statement() -> Select[Any]:
    latest = (
        select(ScoreSheet.status)
        .where(ScoreSheet.member_id == PanelMember.id)
        .order_by(ScoreSheet.version.desc())
        .limit(1)
        .correlate(PanelMember)
        .scalar_subquery()
    )
    return (
        select(
            Acceptance.uuid,
            Enterprise.name,
            Acceptance.visit_date,
            PanelMember.id,
            PanelMember.declared_at,
            PanelMember.recused,
            PanelMember.recusal_reason,
            latest,
            Acceptance.status,
        )
        .select_from(PanelMember)
        .join(Acceptance, Acceptance.id == PanelMember.acceptance_id)
        .join(Enterprise, Enterprise.id == Acceptance.enterprise_id)
        # IN, not a join from expert: SQLite then starts from ix_panel_member_expert_id
        .where(PanelMember.expert_id.in_(select(Expert.id).where(Expert.key_fingerprint == bindparam("fingerprint"))))
        .order_by(Acceptance.visit_date, Acceptance.id)
    )


def expert_home(ctx: Ctx, fingerprint: str) -> list[HomeRow]:
    """The acceptances on which the key ``fingerprint`` sits, with the member's own state."""
    stmt = _expert_home_statement()
    with ctx.db.read() as conn:
        return [
            HomeRow(u, name, v.isoformat(), mid, d is not None, rec, why, st, status == "finalised")
            for u, name, v, mid, d, rec, why, st, status in conn.execute(stmt, {"fingerprint": fingerprint}).all()
        ]


class ChairRow(NamedTuple):
    acceptance: str
    enterprise: str
    visit_date: str
    status: str
    experts: int
    submitted: int


@functools.lru_cache(maxsize=4)
def _chair_home_statement(by_chair: bool, limited: bool) -> Select[Any]:
    submitted = (
        select(func.count(func.distinct(ScoreSheet.member_id)))
        .where(ScoreSheet.acceptance_id == Acceptance.id, ScoreSheet.status == "submitted")
        .correlate(Acceptance)
        .scalar_subquery()
    )
    experts = (
        select(func.count(PanelMember.id))
        .where(PanelMember.acceptance_id == Acceptance.id, PanelMember.role == "expert")
        .correlate(Acceptance)
        .scalar_subquery()
    )
    # The visit date as the ISO text the row carries (SQLite stores it so; PostgreSQL's ISO
    # DateStyle prints it so): no date object made and formatted back for each of 10,000 rows.
    visit = cast_(Acceptance.visit_date, String)
    stmt = select(Acceptance.uuid, Enterprise.name, visit, Acceptance.status, experts, submitted).join(
        Enterprise, Enterprise.id == Acceptance.enterprise_id
    )
    if by_chair:
        chaired = select(PanelMember.acceptance_id).where(
            PanelMember.is_chair.is_(True), PanelMember.name == bindparam("chair")
        )
        stmt = stmt.where(Acceptance.id.in_(chaired))
    stmt = stmt.order_by(Acceptance.visit_date.desc(), Acceptance.id.desc())
    if limited:
        stmt = stmt.limit(bindparam("limit"))
    return stmt


def chair_home(ctx: Ctx, chair: str | None = None, limit: int | None = None) -> list[ChairRow]:
    """Acceptances (those ``chair`` chairs, or all) with how many experts have submitted."""
    stmt = _chair_home_statement(chair is not None, limit is not None)
    params = {"chair": chair, "limit": limit}
    with ctx.db.read() as conn:
        rows = conn.execute(stmt, {k: v for k, v in params.items() if v is not None}).all()
    return list(map(ChairRow._make, rows))


# -- the bureau's decision and number ---------------------------------------------------------

NUMBER_FORMAT = "深工信清审验〔{year}〕第{seq:04d}号"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def next_acceptance_no(s: Session, year: int) -> str:
    prefix = NUMBER_FORMAT.format(year=year, seq=0)[: -len("0000号")]
    last = s.scalar(
        select(func.max(Acceptance.acceptance_no)).where(
            Acceptance.acceptance_no.startswith(prefix), func.length(Acceptance.acceptance_no) == len(prefix) + 5
        )
    )
    seq = int(last[len(prefix) : len(prefix) + 4]) + 1 if last else 1
    return NUMBER_FORMAT.format(year=year, seq=seq)


def archive(ctx: Ctx, acc_ref: str, year: int | None = None) -> str:
    """Archive a finalised acceptance: assign and store the bureau's acceptance number."""
    with ctx.db.session() as s:
        acc = get_acceptance(s, acc_ref)
        if acc.status != "finalised":
            raise QjscError("acceptance.not_finalised")
        if acc.acceptance_no:
            raise QjscError("secretary.already_archived", number=acc.acceptance_no)
        acc.acceptance_no = next_acceptance_no(s, year or acc.visit_date.year)
        acc.archived_at = _now()
        log(s, ctx, "acceptance.archive", acc, number=acc.acceptance_no)
        return acc.acceptance_no


# -- the 公示 list --------------------------------------------------------------------------


# The 公示 list's words, from the one catalogue (context ``publicity``); Chinese is what is filed.
def _words(lang: str) -> dict[str | None, str]:
    return {
        "pass": i18n.translate("publicity", "通过", lang),
        "fail": i18n.translate("publicity", "不通过", lang),
        "excellent": i18n.translate("publicity", "优秀", lang),
        "good": i18n.translate("publicity", "良好", lang),
        None: "",
    }


def publicity_headers(lang: str) -> tuple[str, ...]:
    return (
        i18n.translate("publicity", "序号", lang),
        i18n.translate("publicity", "企业名称", lang),
        i18n.translate("publicity", "统一社会信用代码", lang),
        i18n.translate("publicity", "所在区", lang),
        i18n.translate("publicity", "验收结果", lang),
        i18n.translate("publicity", "等级", lang),
        i18n.translate("publicity", "审定日期", lang),
        i18n.translate("publicity", "验收编号", lang),
    )


def publicity_rows(ctx: Ctx, since: date, until: date, lang: str = "zh") -> list[tuple[object, ...]]:
    """The acceptances the bureau decided on within [since, until] (第二十条四), for 公示."""
    stmt = (
        select(
            Enterprise.name,
            Enterprise.credit_code,
            Acceptance.district,
            Acceptance.result,
            Acceptance.grade,
            Acceptance.bureau_decision_at,
            Acceptance.acceptance_no,
        )
        .join(Enterprise, Enterprise.id == Acceptance.enterprise_id)
        .where(
            Acceptance.bureau_decision.is_not(None),
            Acceptance.bureau_decision_at >= since,
            Acceptance.bureau_decision_at <= until,
        )
        .order_by(Acceptance.bureau_decision_at, Acceptance.acceptance_no, Acceptance.id)
    )
    words = _words(lang)
    with ctx.db.read() as conn:
        return [
            (
                i,
                name,
                code,
                district,
                words[result],
                words[grade] if result == "pass" else "",
                on.isoformat() if on else "",
                no or "",
            )
            for i, (name, code, district, result, grade, on, no) in enumerate(conn.execute(stmt), 1)
        ]


def export_publicity(ctx: Ctx, since: date, until: date, out_dir: Path, lang: str = "zh") -> tuple[Path, Path]:
    from qjsc_panel.reports.tables import write_pdf, write_xlsx

    if since > until:
        raise QjscError("input.bad_value", field="since", value=since)
    rows = publicity_rows(ctx, since, until, lang)
    if not rows:
        raise QjscError("secretary.publicity_empty", since=since, until=until)
    title = i18n.translate("publicity", "深圳市自愿性清洁生产审核验收结果公示（{since} 至 {until}）", lang).format(
        since=since.isoformat(), until=until.isoformat()
    )
    headers = publicity_headers(lang)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"公示-{since.isoformat()}-{until.isoformat()}"
    xlsx = write_xlsx(out_dir / f"{stem}.xlsx", title, headers, rows)
    pdf = write_pdf(out_dir / f"{stem}.pdf", title, headers, rows)
    with ctx.db.session() as s:
        log(s, ctx, "archive.publicity", None, since=since, until=until, entries=len(rows))
    return xlsx, pdf
