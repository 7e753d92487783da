"""Who may apply (第十四、十五条) and the final-materials deadline (第二十一条)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from qjsc_panel.domain.eligibility import (
    EnterpriseFacts,
    LegalForm,
    add_months,
    check_eligibility,
    final_materials_due,
    is_first_application,
)

ON = date(2026, 11, 20)


def facts(**kw: object) -> EnterpriseFacts:
    base: dict[str, object] = dict(in_shenzhen=True, legal_form=LegalForm.LEGAL_PERSON, established=date(2020, 1, 1))
    base.update(kw)
    return EnterpriseFacts(**base)  # type: ignore[arg-type]


def test_eligible_enterprise() -> None:
    result = check_eligibility(facts(), ON)
    assert result.eligible and result.first_application


@pytest.mark.parametrize(
    "kw, reason",
    [
        ({"in_shenzhen": False}, "eligibility.not_in_shenzhen"),
        ({"legal_form": LegalForm.OTHER}, "eligibility.not_independent"),
        ({"industrial": False}, "eligibility.not_industrial"),
        ({"established": date(2024, 11, 21)}, "eligibility.too_young"),
        ({"mandatory_years": frozenset({2026})}, "eligibility.mandatory_list"),
    ],
)
def test_each_condition_of_article_15(kw: dict[str, Any], reason: str) -> None:
    assert check_eligibility(facts(**kw), ON).reasons == (reason,)


def test_two_years_exactly_is_enough_and_independent_unit_counts() -> None:
    assert check_eligibility(facts(established=date(2024, 11, 20)), ON).eligible
    assert check_eligibility(facts(legal_form=LegalForm.INDEPENDENT_UNIT), ON).eligible
    assert check_eligibility(facts(mandatory_years=frozenset({2025})), ON).eligible


def test_acceptance_more_than_five_years_ago_counts_as_first() -> None:
    assert is_first_application([date(2021, 11, 19)], ON)
    assert not is_first_application([date(2021, 11, 20)], ON)
    assert not is_first_application([date(2024, 5, 1)], ON)
    assert is_first_application([], ON)


def test_final_materials_due_one_month_later() -> None:
    assert final_materials_due(date(2026, 11, 20)) == date(2026, 12, 20)
    assert final_materials_due(date(2026, 1, 31)) == date(2026, 2, 28)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
