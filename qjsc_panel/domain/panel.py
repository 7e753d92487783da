"""The panel: expert qualification, conflicts and recusal, quorum (第二十条三)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from qjsc_panel.errors import QjscError, RuleViolation

MIN_EXPERTS = 3
MIN_YEARS_INTERMEDIATE = 10


class TitleLevel(StrEnum):
    SENIOR = "senior"  # 高级职称 (incl. 正高级)
    INTERMEDIATE = "intermediate"  # 中级职称
    OTHER = "other"


class Role(StrEnum):
    EXPERT = "expert"
    BUREAU = "bureau"  # 市工业和信息化局人员: signs, does not score
    DISTRICT = "district"  # 区工信部门人员: signs, does not score


class Conflict(StrEnum):
    EMPLOYED_BY_ENTERPRISE = "employed_by_enterprise"
    CONSULTED_FOR_ENTERPRISE = "consulted_for_enterprise"
    EMPLOYED_BY_CONSULTANCY = "employed_by_consultancy"
    CONSULTED_FOR_CONSULTANCY = "consulted_for_consultancy"
    KINSHIP = "kinship"
    FINANCIAL_INTEREST = "financial_interest"
    OTHER = "other"


def is_qualified(level: TitleLevel | str, years: int) -> bool:
    """高级职称, or 中级职称 with at least 10 years of practice."""
    level = TitleLevel(level)
    if level is TitleLevel.SENIOR:
        return True
    return level is TitleLevel.INTERMEDIATE and years >= MIN_YEARS_INTERMEDIATE


def check_may_score(
    name: str,
    role: str,
    title_level: str | None,
    years: int | None,
    recused: bool,
    recusal_reason: str = "",
    declared: bool | None = None,
) -> None:
    """第二十条三: only a qualified expert who is not recused scores (or proposes a veto), and
    only after signing the conflict-of-interest and confidentiality declaration.

    ``declared``: None where the declaration is not known here yet (enrolling an expert who
    will declare on his or her own laptop)."""
    if role != Role.EXPERT.value:
        raise RuleViolation("panel.not_expert", name=name, role=role)
    if recused:
        raise RuleViolation("panel.recused", name=name, reason=recusal_reason)
    if title_level is None or not is_qualified(title_level, years or 0):
        raise RuleViolation("panel.unqualified", name=name)
    if declared is False:
        raise RuleViolation("panel.not_declared", name=name)


@dataclass(frozen=True)
class Declaration:
    conflicts: frozenset[Conflict]
    note: str = ""
    confidentiality: bool = True

    @property
    def requires_recusal(self) -> bool:
        return bool(self.conflicts)


@dataclass(frozen=True)
class MemberState:
    """What the quorum rule needs to know about one panel member."""

    key: str
    role: Role
    qualified: bool
    recused: bool
    submitted: bool
    excluded: bool = False

    @property
    def counts(self) -> bool:
        return self.role is Role.EXPERT and self.qualified and not self.recused and self.submitted and not self.excluded


@dataclass(frozen=True)
class Quorum:
    counted: int
    needed: int

    @property
    def reached(self) -> bool:
        return self.counted >= self.needed


def quorum(members: Iterable[MemberState], needed: int = MIN_EXPERTS) -> Quorum:
    return Quorum(sum(1 for m in members if m.counts), max(needed, MIN_EXPERTS))


def require_checks(prelim_passed: bool | int | None, penalty_clean: bool | int | None) -> None:
    """第二十条: the visit follows 初审 and the penalty check.  No invitation goes out and no
    sheet is scored or imported before both are recorded as passed."""
    # Plain SQL hands booleans over as 0/1: test for "recorded and false", not "is False".
    if prelim_passed is not None and not prelim_passed:
        raise QjscError("acceptance.prelim_failed")
    if penalty_clean is not None and not penalty_clean:
        raise QjscError("acceptance.penalised")
    if prelim_passed is None and penalty_clean is None:
        raise QjscError("acceptance.checks_pending_both")
    if prelim_passed is None:
        raise QjscError("acceptance.checks_pending_prelim")
    if penalty_clean is None:
        raise QjscError("acceptance.checks_pending_penalty")
