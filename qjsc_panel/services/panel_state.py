"""Where a panel stands, computed from rows already read: members, sheets, quorum, vetoes,
outliers, the live result, and what still blocks finalisation.

The compute half of :func:`qjsc_panel.services.status.compute_status`, without SQLAlchemy or
pydantic, so the light ``pdf`` path (:mod:`qjsc_panel.services.outputs_light`, plain sqlite3)
runs this same code on its own row objects: one implementation of the rules.  The acceptance
and its members are read by attribute (the ORM objects, or light objects with the same names).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from qjsc_panel.domain.formats import percent_text, score_text
from qjsc_panel.domain.panel import MemberState, Quorum, Role, is_qualified, quorum
from qjsc_panel.domain.scoring import Aggregate, Method, Outcome, Sheet, aggregate, decide, outliers, sheet_total
from qjsc_panel.errors import QjscError

if TYPE_CHECKING:
    from qjsc_panel.domain.form import Form
    from qjsc_panel.store.models import Acceptance


@dataclass(frozen=True)
class SheetRow:
    id: int
    uuid: str
    version: int
    status: str
    source: str
    signed: bool
    fingerprint: str | None
    excluded_reason: str
    paper_confirmed_by: str
    outlier_note: str
    correction_reason: str
    scores: dict[str, Decimal]
    comments: dict[str, str]

    @property
    def total(self) -> Decimal:
        return sheet_total(self.scores)


@dataclass(frozen=True)
class MemberRow:
    id: int
    name: str
    role: str
    is_chair: bool
    employer: str
    title: str
    phone: str
    title_level: str | None
    years: int | None
    qualified: bool
    declared: bool
    conflicts: list[str]
    recused: bool
    recusal_reason: str
    fingerprint: str | None
    sheets: list[SheetRow]
    counted: SheetRow | None  # the sheet that counts, if any

    @property
    def latest(self) -> SheetRow | None:
        return self.sheets[-1] if self.sheets else None

    @property
    def submitted(self) -> SheetRow | None:
        done = [x for x in self.sheets if x.status == "submitted"]
        return done[-1] if done else None


@dataclass(frozen=True)
class VetoRow:
    id: int
    item: str
    proposer: str
    evidence: str
    status: str
    reason: str


@dataclass
class PanelStatus:
    acceptance: Acceptance
    form: Form
    members: list[MemberRow]
    quorum: Quorum
    vetoes: list[VetoRow]
    aggregate: Aggregate | None
    outcome: Outcome | None
    outliers: dict[str, Decimal]  # member id (as str) -> relative deviation
    blockers: list[QjscError] = field(default_factory=list)

    @property
    def finalisable(self) -> bool:
        return not self.blockers

    def member(self, member_id: int) -> MemberRow:
        return next(m for m in self.members if m.id == member_id)


def sheet_rows(sheets: Iterable[Any], entries: Iterable[tuple[int, str, Any, str | None]]) -> dict[int, list[SheetRow]]:
    """Sheets (ORM or light objects, in member then version order) and their entries as
    (sheet id, item id, score or None, comment) -> each member's sheet rows."""
    sheets = list(sheets)
    scores: dict[int, dict[str, Decimal]] = {sh.id: {} for sh in sheets}
    comments: dict[int, dict[str, str]] = {sh.id: {} for sh in sheets}
    for sheet_id, item_id, score, comment in entries:
        if score is not None:
            scores[sheet_id][item_id] = Decimal(score)
        if comment:
            comments[sheet_id][item_id] = comment
    rows: dict[int, list[SheetRow]] = {}
    for sh in sheets:
        rows.setdefault(sh.member_id, []).append(
            SheetRow(
                sh.id,
                sh.uuid,
                sh.version,
                sh.status,
                sh.source,
                sh.signed,
                sh.signer_fingerprint,
                sh.excluded_reason,
                sh.paper_confirmed_by,
                sh.outlier_note,
                sh.correction_reason,
                scores[sh.id],
                comments[sh.id],
            )
        )
    return rows


def _counted(member: Any, qualified: bool, sheets: list[SheetRow]) -> SheetRow | None:
    if member.role != Role.EXPERT.value or not qualified or member.recused:
        return None
    done = [x for x in sheets if x.status == "submitted"]
    if not done:
        return None
    sheet = done[-1]
    if sheet.excluded_reason:
        return None
    if not sheet.signed and sheet.source == "xlsx" and not sheet.paper_confirmed_by:
        return None
    return sheet


def assess(acc: Any, form: Any, all_sheets: dict[int, list[SheetRow]], vetoes: Sequence[VetoRow]) -> PanelStatus:
    """The panel's state from the acceptance (ORM or light object), its form and its rows."""
    members = [_member_row(m, all_sheets.get(m.id, [])) for m in acc.members]
    blockers = [b for row in members for b in _member_blockers(row)]
    q = quorum([MemberState(str(r.id), Role(r.role), r.qualified, r.recused, r.counted is not None) for r in members])
    vetoes = list(vetoes)
    counted_sheets = [Sheet(str(m.id), m.counted.scores) for m in members if m.counted]
    agg = aggregate(form, counted_sheets, Method(acc.method)) if counted_sheets else None
    confirmed = [v.item for v in vetoes if v.status == "confirmed"]
    outcome = decide(form, agg.composite, confirmed) if agg else None
    flagged = outliers(agg.totals, Decimal(acc.outlier_share)) if agg else {}
    # Prerequisites of 第二十条一、二 come first: without them there is no acceptance to finalise.
    if not (acc.prelim_passed and acc.penalty_clean):
        blockers.insert(0, QjscError("finalise.prerequisites"))
    blockers += _panel_blockers(members, q, vetoes)
    blockers += _outlier_blockers(members, flagged)
    return PanelStatus(acc, form, members, q, vetoes, agg, outcome, flagged, blockers)


def is_frozen(acc: Any) -> bool:
    """Finalised, or stamped as if (then every output must be the frozen result: trust.frozen)."""
    return bool(acc.status == "finalised" or acc.finalised_at is not None or acc.result_json is not None)


def _member_row(m: Any, sheets: list[SheetRow]) -> MemberRow:
    exp = m.expert
    qualified = exp is not None and is_qualified(exp.title_level, exp.years)
    return MemberRow(
        m.id,
        m.name,
        m.role,
        m.is_chair,
        m.employer,
        m.title,
        m.phone,
        exp.title_level if exp else None,
        exp.years if exp else None,
        qualified,
        m.declared_at is not None,
        list(m.conflicts or []),
        m.recused,
        m.recusal_reason,
        exp.key_fingerprint if exp else None,
        sheets,
        _counted(m, qualified, sheets),
    )


def _member_blockers(row: MemberRow) -> list[QjscError]:
    """What one member's sheets still stand in the way of finalising."""
    out: list[QjscError] = []
    sub = row.submitted
    if sub is None:
        return out
    if row.recused and not sub.excluded_reason:
        out.append(QjscError("finalise.recused_scored", name=row.name))
    if not row.recused and row.latest is not None and row.latest.status == "draft":
        out.append(QjscError("sheet.correction_pending", name=row.name, version=row.latest.version))
    unconfirmed_xlsx = sub.source == "xlsx" and not sub.signed and not sub.paper_confirmed_by
    if not row.recused and not sub.excluded_reason and unconfirmed_xlsx:
        out.append(QjscError("sheet.unconfirmed", name=row.name))
    return out


def _panel_blockers(members: list[MemberRow], q: Quorum, vetoes: list[VetoRow]) -> list[QjscError]:
    out: list[QjscError] = []
    if not any(m.is_chair for m in members):
        out.append(QjscError("panel.no_chair"))
    if not q.reached:
        out.append(QjscError("quorum.short", counted=q.counted, needed=q.needed))
    open_vetoes = sum(1 for v in vetoes if v.status == "open")
    if open_vetoes:
        out.append(QjscError("veto.open", count=open_vetoes))
    return out


def _outlier_blockers(members: list[MemberRow], flagged: dict[str, Decimal]) -> list[QjscError]:
    """Each flagged expert total needs the chair's note (the deviation is shown with it)."""
    out: list[QjscError] = []
    for key, deviation in flagged.items():
        row = next(m for m in members if str(m.id) == key)
        if row.counted is not None and not row.counted.outlier_note:
            out.append(
                QjscError(
                    "outlier.unexplained",
                    name=row.name,
                    total=score_text(row.counted.total),
                    deviation=percent_text(deviation),
                )
            )
    return out
