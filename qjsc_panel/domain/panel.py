"""The panel: expert qualification, conflicts and recusal, quorum (第二十条三)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

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
