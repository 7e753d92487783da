"""Scores, aggregation and the result (第二十二、二十三条; domain.md §4).

Decimal arithmetic throughout; the composite is rounded half-up to one decimal only at the
very end, and the result is decided on that rounded figure, so the opinion never prints
"60.0 分, 不合格".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import TYPE_CHECKING

from qjsc_panel.errors import RuleViolation

if TYPE_CHECKING:  # annotations only: parsing a score needs no pydantic (the CLI's light path)
    from qjsc_panel.domain.form import Form, Item

from qjsc_panel.domain.formats import MEAN_QUANTUM as MEAN_QUANTUM  # re-exported: older imports
from qjsc_panel.domain.formats import ONE_DECIMAL as ONE_DECIMAL
from qjsc_panel.domain.formats import round_half_up as round_half_up
from qjsc_panel.domain.formats import score_text as score_text

MIN_EXPERTS_FOR_TRIM = 5
DEFAULT_OUTLIER_SHARE = Decimal("0.20")


class Method(StrEnum):
    MEAN = "mean"  # composite = mean of all totals = sum of item means
    TRIMMED = "trimmed"  # with >= 5 experts, drop the single highest and lowest total


class Result(StrEnum):
    PASS = "pass"
    FAIL = "fail"


class Grade(StrEnum):
    EXCELLENT = "excellent"
    GOOD = "good"


# The one number grammar of scores in files: ASCII digits with at most one point.  Python's
# Decimal() alone also takes "５", "٣", "1_0" and "1E+1" (issue 12).
_CANONICAL = re.compile(r"[0-9]+(?:\.[0-9]+)?\Z")
_SIGNED = re.compile(r"-?[0-9]+(?:\.[0-9]+)?\Z")
# What a person may type besides: full-width digits and point, and the comma or full stop an
# IME gives for the point; they become ASCII before the grammar applies.
_TYPED = str.maketrans({**{chr(0xFF10 + d): str(d) for d in range(10)}, "．": ".", "，": ".", "。": ".", "－": "-"})


def is_canonical_number(text: object) -> bool:
    """True for the strict form a package must carry (``"3"``, ``"2.5"``; no sign, no spaces)."""
    return isinstance(text, str) and _CANONICAL.match(text) is not None


def normalise_typed(text: str) -> str:
    """A typed score in ASCII: full-width digits and points normalised, spaces trimmed."""
    return text.strip().translate(_TYPED)


def parse_score(item: Item, value: object) -> Decimal:
    """A score typed by a person or read from a file, checked against the item.

    Floats are refused: 0.1 + 0.2 must never reach an opinion.  Text must follow the number
    grammar after :func:`normalise_typed` (a sign is let through so that "-1" is reported as
    out of range rather than as not a number).
    """
    if isinstance(value, bool | float):
        raise RuleViolation("score.not_a_number", item=item.id, value=value)
    if isinstance(value, Decimal):
        score = value
    elif isinstance(value, int):
        score = Decimal(value)
    elif isinstance(value, str):
        text = normalise_typed(value)
        if _SIGNED.match(text) is None:
            raise RuleViolation("score.not_a_number", item=item.id, value=value)
        try:
            score = Decimal(text)
        except InvalidOperation:
            raise RuleViolation("score.not_a_number", item=item.id, value=value) from None
    else:
        raise RuleViolation("score.not_a_number", item=item.id, value=value)
    if not score.is_finite():
        raise RuleViolation("score.not_a_number", item=item.id, value=value)
    if score < 0 or score > item.max_points:
        raise RuleViolation("score.out_of_range", item=item.id, value=score, max=item.max_points)
    if (score / item.step) != (score / item.step).to_integral_value():
        raise RuleViolation("score.off_step", item=item.id, value=score, step=item.step)
    # Normalise "3.50" and "3.5" to one representation.
    exponent = min(int(item.step.normalize().as_tuple().exponent), 0)
    return score.quantize(Decimal(1).scaleb(exponent))


def sheet_total(scores: Mapping[str, Decimal]) -> Decimal:
    """An expert's total: the sum of the item scores (the one place it is summed)."""
    return sum(scores.values(), Decimal(0))


def composite_of(mean_total: Decimal) -> Decimal:
    """The composite: the mean total rounded half-up to one decimal, only at the very end."""
    return round_half_up(mean_total, ONE_DECIMAL)


@dataclass(frozen=True)
class Sheet:
    """One expert's complete, submitted scores: the unit of aggregation."""

    expert: str  # a stable key (member id) used to report outliers and trims
    scores: Mapping[str, Decimal]

    @property
    def total(self) -> Decimal:
        return sheet_total(self.scores)


def missing_items(form: Form, scores: Mapping[str, object]) -> list[str]:
    return [i.id for i in form.items if i.id not in scores]


def require_complete(form: Form, scores: Mapping[str, object], expert: str) -> None:
    """A sheet is complete when it scores every item of its form and nothing else."""
    for item_id in scores:
        if item_id not in form.item_by_id:
            raise RuleViolation("score.unknown_item", item=item_id)
    missing = missing_items(form, scores)
    if missing:
        raise RuleViolation("sheet.incomplete", expert=expert, items=", ".join(missing))


def check_veto_proposal(form: Form, veto_item_id: str, evidence: str) -> str:
    """第二十二条: a proposal names one of the form's veto items and gives evidence; returns the
    evidence as recorded."""
    if veto_item_id not in form.veto_by_id:
        raise RuleViolation("veto.unknown_item", item=veto_item_id)
    if not evidence.strip():
        raise RuleViolation("veto.evidence_required")
    return evidence.strip()


def parse_sheet(form: Form, raw: Mapping[str, object], expert: str) -> dict[str, Decimal]:
    """A whole sheet scored elsewhere (a package, an Excel file): every score checked against
    its item, and the sheet complete."""
    for item_id in raw:
        if item_id not in form.item_by_id:
            raise RuleViolation("score.unknown_item", item=item_id)
    scores = {item_id: parse_score(form.item_by_id[item_id], value) for item_id, value in raw.items()}
    require_complete(form, scores, expert)
    return scores


@dataclass(frozen=True)
class Aggregate:
    method: Method
    item_means: dict[str, Decimal]  # unrounded, over the retained sheets
    totals: dict[str, Decimal]  # every sheet's total
    retained: tuple[str, ...]  # experts whose sheets count
    dropped: tuple[str, ...]  # trimmed away (highest, lowest)
    mean_total: Decimal  # unrounded composite
    composite: Decimal  # rounded half-up to one decimal
    item_min: dict[str, Decimal] = field(default_factory=dict)
    item_max: dict[str, Decimal] = field(default_factory=dict)


def aggregate(form: Form, sheets: Sequence[Sheet], method: Method = Method.MEAN) -> Aggregate:
    """Panel item means and the composite.  Sheets must be complete (checked at submission)."""
    if not sheets:
        raise RuleViolation("quorum.none")
    for s in sheets:
        require_complete(form, s.scores, s.expert)
    totals = {s.expert: s.total for s in sheets}
    retained = list(sheets)
    dropped: list[str] = []
    effective = method
    if method is Method.TRIMMED:
        if len(sheets) >= MIN_EXPERTS_FOR_TRIM:
            # Ties broken by expert key so that the same panel always drops the same sheets.
            ordered = sorted(sheets, key=lambda s: (s.total, s.expert))
            dropped = [ordered[0].expert, ordered[-1].expert]
            retained = ordered[1:-1]
        else:
            effective = Method.MEAN
    n = Decimal(len(retained))
    item_means = {i.id: sum((s.scores[i.id] for s in retained), Decimal(0)) / n for i in form.items}
    mean_total = sum((s.total for s in retained), Decimal(0)) / n
    return Aggregate(
        method=effective,
        item_means=item_means,
        totals=totals,
        retained=tuple(s.expert for s in retained),
        dropped=tuple(dropped),
        mean_total=mean_total,
        composite=composite_of(mean_total),
        item_min={i.id: min(s.scores[i.id] for s in sheets) for i in form.items},
        item_max={i.id: max(s.scores[i.id] for s in sheets) for i in form.items},
    )


def outliers(totals: Mapping[str, Decimal], share: Decimal = DEFAULT_OUTLIER_SHARE) -> dict[str, Decimal]:
    """Experts whose total deviates from the panel mean by more than ``share`` of that mean.

    Returns expert -> signed relative deviation.  Nothing is dropped; the chair must explain.
    """
    if len(totals) < 2:
        return {}
    mean = sum(totals.values(), Decimal(0)) / Decimal(len(totals))
    if mean == 0:
        return {}
    out: dict[str, Decimal] = {}
    for expert, total in totals.items():
        deviation = (total - mean) / mean
        if abs(deviation) > share:
            out[expert] = deviation
    return out


@dataclass(frozen=True)
class Outcome:
    result: Result
    grade: Grade | None
    composite: Decimal
    vetoed_by: tuple[str, ...]


def decide(form: Form, composite: Decimal, confirmed_vetoes: Sequence[str] = ()) -> Outcome:
    """第二十二条: any confirmed veto fails outright; else >= pass threshold passes.
    第二十三条: a pass is 优秀 at >= the excellent threshold, 良好 below it."""
    composite = composite_of(composite)
    if confirmed_vetoes:
        return Outcome(Result.FAIL, None, composite, tuple(confirmed_vetoes))
    if composite >= form.thresholds.pass_:
        grade = Grade.EXCELLENT if composite >= form.thresholds.excellent else Grade.GOOD
        return Outcome(Result.PASS, grade, composite, ())
    return Outcome(Result.FAIL, None, composite, ())
