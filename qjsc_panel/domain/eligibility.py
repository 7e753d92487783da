"""Who may be accepted (第十四、十五条) and the deadline for final materials (第二十一条)."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

MIN_YEARS_ESTABLISHED = 2
RESTART_AFTER_YEARS = 5


class LegalForm(StrEnum):
    LEGAL_PERSON = "legal_person"  # 独立法人
    INDEPENDENT_UNIT = "independent_unit"  # 视同法人的独立核算单位
    OTHER = "other"  # e.g. a branch without independent accounts


@dataclass(frozen=True)
class EnterpriseFacts:
    in_shenzhen: bool  # 在深圳（含深汕特别合作区）实际经营
    legal_form: LegalForm
    established: date
    industrial: bool = True  # 工业和信息化领域，从事实际生产和服务活动
    mandatory_years: frozenset[int] = frozenset()  # years on the mandatory-audit list
    accepted_on: tuple[date, ...] = ()  # earlier passed acceptances


def add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def add_months(d: date, months: int) -> date:
    month = d.month - 1 + months
    year = d.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Eligibility:
    reasons: tuple[str, ...]  # message codes of each failed condition
    first_application: bool

    @property
    def eligible(self) -> bool:
        return not self.reasons


def check_eligibility(facts: EnterpriseFacts, on: date) -> Eligibility:
    reasons: list[str] = []
    if not facts.in_shenzhen:
        reasons.append("eligibility.not_in_shenzhen")
    if facts.legal_form is LegalForm.OTHER:
        reasons.append("eligibility.not_independent")
    if not facts.industrial:
        reasons.append("eligibility.not_industrial")
    if add_years(facts.established, MIN_YEARS_ESTABLISHED) > on:
        reasons.append("eligibility.too_young")
    if on.year in facts.mandatory_years:
        reasons.append("eligibility.mandatory_list")
    return Eligibility(tuple(reasons), is_first_application(facts.accepted_on, on))


def is_first_application(accepted_on: Iterable[date], on: date) -> bool:
    """第十四条: an acceptance passed 5 years or more ago ("5年以上", which includes the
    number itself) counts as a first application — so does exactly five years to the day."""
    recent = [d for d in accepted_on if d <= on and add_years(d, RESTART_AFTER_YEARS) > on]
    return not recent


def final_materials_due(acceptance_day: date) -> date:
    """第二十一条: revised performance table and final report within 1 month of the acceptance."""
    return add_months(acceptance_day, 1)


# The districts of 第十五条 "operating in Shenzhen", 深汕特别合作区 included.
DISTRICTS = (
    "福田区",
    "罗湖区",
    "南山区",
    "盐田区",
    "宝安区",
    "龙岗区",
    "龙华区",
    "坪山区",
    "光明区",
    "大鹏新区",
    "深汕特别合作区",
)
