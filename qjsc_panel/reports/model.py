"""What the chair's outputs show, as plain data: one :class:`Compilation` per acceptance.

Built once from the database (:mod:`qjsc_panel.reports.collect`) and read by the dashboard,
the PDF, the workbook and the bundle, so they cannot disagree about a number.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from qjsc_panel.domain.form import canonical_json
from qjsc_panel.domain.formats import (
    MEAN_QUANTUM,
    ONE_DECIMAL,
    composite_text,
    mean_text,
    percent_text,
    score_text,
)
from qjsc_panel.domain.scoring import sheet_total

TWO = MEAN_QUANTUM
ONE = ONE_DECIMAL


# The outputs' shorthands for the written forms of qjsc_panel.domain.formats ("" for no value).
def fmt2(value: Decimal | None) -> str:
    """An item mean: two decimals, half-up."""
    return "" if value is None else mean_text(value)


def fmt1(value: Decimal | None) -> str:
    """The composite: one decimal, half-up."""
    return "" if value is None else composite_text(value)


def fmt_score(value: Decimal | None) -> str:
    """A score or an expert's total, exactly, without trailing zeros."""
    return "" if value is None else score_text(value)


def fmt_percent(value: Decimal | None) -> str:
    """A deviation: signed per cent, one decimal."""
    return "" if value is None else percent_text(value)


@dataclass(frozen=True)
class Member:
    id: int
    name: str
    role: str  # expert | bureau | district
    is_chair: bool = False
    employer: str = ""
    title: str = ""
    title_level: str = ""
    years: int = 0
    speciality: str = ""
    phone: str = ""
    qualified: bool = True
    key_fingerprint: str = ""
    declared: bool = False
    conflicts: tuple[str, ...] = ()
    conflict_note: str = ""
    recused: bool = False
    recusal_reason: str = ""

    @property
    def scores(self) -> bool:
        return self.role == "expert"


@dataclass(frozen=True)
class ItemInfo:
    id: str
    category: str  # category title
    text: str
    max_points: Decimal


@dataclass(frozen=True)
class VetoItemInfo:
    id: str
    text: str
    article: str = ""


@dataclass(frozen=True)
class SheetInfo:
    member_id: int
    name: str
    uuid: str
    version: int
    status: str  # draft | submitted
    scores: dict[str, Decimal]
    source: str = "local"  # local | package | xlsx
    signed: bool = False
    signer_fingerprint: str = ""
    package_sha256: str = ""
    counted: bool = False  # in the aggregate
    dropped: bool = False  # trimmed away (highest/lowest total)
    outlier_deviation: Decimal | None = None  # signed share, e.g. -0.23
    outlier_note: str = ""
    excluded_reason: str = ""
    paper_confirmed: bool = False
    superseded: tuple[str, ...] = ()  # earlier versions' uuids, kept in the record

    @property
    def total(self) -> Decimal:
        return sheet_total(self.scores)


@dataclass(frozen=True)
class VetoInfo:
    id: int
    veto_item_id: str
    veto_text: str
    proposer: str
    evidence: str
    status: str  # open | confirmed | dismissed
    reason: str = ""
    decided_by: str = ""


@dataclass
class Compilation:
    acceptance_uuid: str
    status: str  # open | finalised
    enterprise_name: str
    credit_code: str
    district: str
    visit_date: date
    place: str = ""
    address: str = ""
    industry: str = ""
    products: str = ""
    scale: str = ""
    consultancy: str = ""
    form_title: str = ""
    form_id: str = ""
    form_version: str = ""
    form_hash: str = ""
    total_points: Decimal = Decimal(100)
    pass_mark: Decimal = Decimal(60)
    excellent_mark: Decimal = Decimal(75)
    method: str = "mean"
    outlier_share: Decimal = Decimal("0.20")
    items: list[ItemInfo] = field(default_factory=list)
    veto_items: list[VetoItemInfo] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    sheets: list[SheetInfo] = field(default_factory=list)
    vetoes: list[VetoInfo] = field(default_factory=list)
    item_means: dict[str, Decimal] = field(default_factory=dict)  # unrounded
    composite: Decimal | None = None  # rounded to one decimal
    result: str | None = None  # pass | fail
    grade: str | None = None  # excellent | good
    quorum_counted: int = 0
    quorum_needed: int = 3
    blockers: list[str] = field(default_factory=list)  # rendered messages
    finalised_at: str = ""
    finalised_by: str = ""
    bureau_decision: str | None = None
    bureau_decision_at: date | None = None
    bureau_decision_note: str = ""
    # Printed on the documents (issue 13): the bureau's number once the archive assigns it
    # (else a provisional one, :func:`qjsc_panel.reports.marks.number`), the checks of 第二十条.
    number: str = ""
    prelim_passed: bool | None = None
    prelim_note: str = ""
    penalty_clean: bool | None = None
    penalty_note: str = ""

    # -- derived views -------------------------------------------------------------
    @property
    def chair(self) -> Member | None:
        return next((m for m in self.members if m.is_chair), None)

    @property
    def experts(self) -> list[Member]:
        return [m for m in self.members if m.role == "expert"]

    @property
    def counted_sheets(self) -> list[SheetInfo]:
        return [s for s in self.sheets if s.counted]

    @property
    def confirmed_vetoes(self) -> list[VetoInfo]:
        return [v for v in self.vetoes if v.status == "confirmed"]

    def item_stats(self, item_id: str) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
        """(min, max, spread) over the counted sheets."""
        values = [s.scores[item_id] for s in self.counted_sheets if item_id in s.scores]
        if not values:
            return None, None, None
        lo, hi = min(values), max(values)
        return lo, hi, hi - lo

    @property
    def outlier_sheets(self) -> list[SheetInfo]:
        """Counted sheets whose total strays from the others beyond the outlier share."""
        return [s for s in self.sheets if s.outlier_deviation is not None]

    def member(self, member_id: int) -> Member | None:
        return next((m for m in self.members if m.id == member_id), None)

    def canonical(self) -> dict[str, Any]:
        """The content that the document hash covers: everything the opinion states."""
        data = asdict(self)
        data.pop("blockers", None)
        out: dict[str, Any] = _jsonable(data)
        return out


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return score_text(value)  # "3.50" and "3.5" hash the same
    if isinstance(value, date):
        return value.isoformat()
    return value


def content_hash(*parts: Any) -> str:
    """SHA-256 over the canonical JSON of the given parts (compilation, opinion, performance)."""
    return hashlib.sha256(canonical_json(_jsonable(list(parts)))).hexdigest()
