"""Scores, aggregation, outliers and the decision, with the boundaries pinned by hypothesis."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qjsc_panel.domain.form import Form, Item, load_form
from qjsc_panel.domain.scoring import (
    Grade,
    Method,
    Result,
    Sheet,
    aggregate,
    decide,
    outliers,
    parse_score,
    round_half_up,
)
from qjsc_panel.errors import RuleViolation
from qjsc_panel.paths import default_form_path

FORM: Form = load_form(default_form_path())
ITEM = FORM.item_by_id["1.1"]  # max 3, step 0.5


@pytest.mark.parametrize(
    "value, expected", [("2.5", "2.5"), ("3", "3.0"), (2, "2.0"), (Decimal("0.50"), "0.5"), (" 1，5 ", "1.5")]
)
def test_valid_scores(value: object, expected: str) -> None:
    assert parse_score(ITEM, value) == Decimal(expected)
    assert str(parse_score(ITEM, value)) == expected


@pytest.mark.parametrize(
    "value, code",
    [
        ("abc", "score.not_a_number"),
        (2.5, "score.not_a_number"),
        (True, "score.not_a_number"),
        ("NaN", "score.not_a_number"),
        ("3.5", "score.out_of_range"),
        ("-0.5", "score.out_of_range"),
        ("1.2", "score.off_step"),
        ("0.25", "score.off_step"),
    ],
)
def test_invalid_scores_are_refused_with_reason(value: object, code: str) -> None:
    with pytest.raises(RuleViolation) as err:
        parse_score(ITEM, value)
    assert err.value.code == code
    assert "1.1" in err.value.render("zh")


@pytest.mark.parametrize(
    "composite, result, grade",
    [
        ("59.94", Result.FAIL, None),
        ("59.95", Result.PASS, Grade.GOOD),
        ("60.0", Result.PASS, Grade.GOOD),
        ("74.94", Result.PASS, Grade.GOOD),
        ("74.95", Result.PASS, Grade.EXCELLENT),
        ("75.0", Result.PASS, Grade.EXCELLENT),
        ("100", Result.PASS, Grade.EXCELLENT),
        ("0", Result.FAIL, None),
    ],
)
def test_boundaries(composite: str, result: Result, grade: Grade | None) -> None:
    outcome = decide(FORM, Decimal(composite))
    assert (outcome.result, outcome.grade) == (result, grade)


def test_confirmed_veto_fails_whatever_the_score() -> None:
    outcome = decide(FORM, Decimal("95"), ["V2"])
    assert outcome.result is Result.FAIL and outcome.grade is None and outcome.vetoed_by == ("V2",)


hundredths = st.integers(min_value=0, max_value=10000).map(lambda n: Decimal(n) / 100)


@given(hundredths)
def test_decision_follows_the_rounded_composite(value: Decimal) -> None:
    outcome = decide(FORM, value)
    shown = round_half_up(value)
    assert outcome.composite == shown
    assert (outcome.result is Result.PASS) == (shown >= 60)
    assert (outcome.grade is Grade.EXCELLENT) == (shown >= 75)


def _sheet_strategy(key: str) -> st.SearchStrategy[Sheet]:
    def one(item: Item) -> st.SearchStrategy[Decimal]:
        steps = int(item.max_points / item.step)
        return st.integers(0, steps).map(lambda n: Decimal(n) * item.step)

    return st.fixed_dictionaries({i.id: one(i) for i in FORM.items}).map(lambda s: Sheet(key, s))


panels = st.integers(min_value=3, max_value=15).flatmap(
    lambda n: st.tuples(*[_sheet_strategy(f"e{k:02d}") for k in range(n)])
)


@settings(max_examples=60, deadline=None)
@given(panels)
def test_mean_is_sum_of_item_means_and_within_range(sheets: tuple[Sheet, ...]) -> None:
    agg = aggregate(FORM, sheets, Method.MEAN)
    assert agg.mean_total == sum(agg.item_means.values(), Decimal(0)) or abs(
        agg.mean_total - sum(agg.item_means.values(), Decimal(0))
    ) < Decimal("1e-20")
    totals = [s.total for s in sheets]
    assert min(totals) <= agg.mean_total <= max(totals)
    assert agg.composite == round_half_up(agg.mean_total)
    assert agg.retained == tuple(s.expert for s in sheets) and agg.dropped == ()


@settings(max_examples=60, deadline=None)
@given(panels)
def test_trimmed_mean_drops_one_highest_and_one_lowest_from_five(sheets: tuple[Sheet, ...]) -> None:
    agg = aggregate(FORM, sheets, Method.TRIMMED)
    if len(sheets) < 5:
        assert agg.method is Method.MEAN and agg.dropped == ()
        return
    assert agg.method is Method.TRIMMED and len(agg.dropped) == 2
    ordered = sorted(sheets, key=lambda s: (s.total, s.expert))
    assert set(agg.dropped) == {ordered[0].expert, ordered[-1].expert}
    kept = [s.total for s in ordered[1:-1]]
    assert agg.mean_total == sum(kept, Decimal(0)) / len(kept)
    assert ordered[1].total <= agg.mean_total <= ordered[-2].total


def test_trimmed_differs_from_mean_when_an_extreme_sheet_pulls() -> None:
    full = {i.id: i.max_points for i in FORM.items}
    zero = {i.id: Decimal(0) for i in FORM.items}
    mid = {i.id: (i.max_points / 2 / i.step).to_integral_value() * i.step for i in FORM.items}
    sheets = [Sheet("a", full), Sheet("b", mid), Sheet("c", mid), Sheet("d", mid), Sheet("e", zero)]
    mean = aggregate(FORM, sheets, Method.MEAN)
    trimmed = aggregate(FORM, sheets, Method.TRIMMED)
    assert trimmed.dropped == ("e", "a")
    assert trimmed.mean_total == Sheet("b", mid).total
    assert mean.mean_total == (Decimal(100) + 3 * Sheet("b", mid).total) / 5


def test_incomplete_sheet_is_refused() -> None:
    partial = {i.id: Decimal(0) for i in FORM.items[:-1]}
    with pytest.raises(RuleViolation) as err:
        aggregate(FORM, [Sheet("a", partial)])
    assert err.value.code == "sheet.incomplete"


def test_outliers_flag_more_than_the_share() -> None:
    totals = {"a": Decimal(80), "b": Decimal(80), "c": Decimal(80), "d": Decimal(56)}
    flagged = outliers(totals, Decimal("0.20"))  # mean 74: d is 24.3 % below
    assert set(flagged) == {"d"} and flagged["d"] < 0
    assert outliers(totals, Decimal("0.25")) == {}
    assert outliers({"a": Decimal(0), "b": Decimal(0), "c": Decimal(0)}) == {}
