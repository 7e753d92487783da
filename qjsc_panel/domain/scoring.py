"""Scores, aggregation and the result (第二十二、二十三条; domain.md §4).

Decimal arithmetic throughout; the composite is rounded half-up to one decimal only at the
very end, and the result is decided on that rounded figure, so the opinion never prints
"60.0 分, 不合格".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from typing import TYPE_CHECKING

from qjsc_panel.errors import RuleViolation

if TYPE_CHECKING:  # annotations only: parsing a score needs no pydantic (the CLI's light path)
    from qjsc_panel.domain.form import Form, Item

ONE_DECIMAL = Decimal("0.1")
MEAN_QUANTUM = Decimal("0.01")  # item means as printed in every output
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


def parse_score(item: Item, value: object) -> Decimal:
    """A score typed by a person or read from a file, checked against the item.

    Floats are refused: 0.1 + 0.2 must never reach an opinion.
    """
    if isinstance(value, bool | float):
        raise RuleViolation("score.not_a_number", item=item.id, value=value)
    if isinstance(value, Decimal):
        score = value
    elif isinstance(value, int):
        score = Decimal(value)
    elif isinstance(value, str):
        text = value.strip().replace("，", ".").replace("。", ".")
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


def round_half_up(value: Decimal, quantum: Decimal = ONE_DECIMAL) -> Decimal:
    return value.quantize(quantum, rounding=ROUND_HALF_UP)


def score_text(value: Decimal) -> str:
    """A score as a person writes it: 3.50 → "3.5", 4.0 → "4", 100 → "100" (never 1E+2)."""
    return format(value.normalize(), "f")


@dataclass(frozen=True)
class Sheet:
    """One expert's complete, submitted scores: the unit of aggregation."""

    expert: str  # a stable key (member id) used to report outliers and trims
    scores: Mapping[str, Decimal]

    @property
    def total(self) -> Decimal:
        return sum(self.scores.values(), Decimal(0))


def missing_items(form: Form, scores: Mapping[str, Decimal]) -> list[str]:
    return [i.id for i in form.items if i.id not in scores]


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
        missing = missing_items(form, s.scores)
        if missing:
            raise RuleViolation("sheet.incomplete", expert=s.expert, items=", ".join(missing))
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
        composite=round_half_up(mean_total),
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
    composite = round_half_up(composite)
    if confirmed_vetoes:
        return Outcome(Result.FAIL, None, composite, tuple(confirmed_vetoes))
    if composite >= form.thresholds.pass_:
        grade = Grade.EXCELLENT if composite >= form.thresholds.excellent else Grade.GOOD
        return Outcome(Result.PASS, grade, composite, ())
    return Outcome(Result.FAIL, None, composite, ())
