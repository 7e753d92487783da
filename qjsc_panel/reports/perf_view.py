"""A stored performance table read without pydantic, for the light ``pdf`` path.

:class:`PerformanceView` has the attributes the documents read from
:class:`qjsc_panel.reports.performance.PerformanceTable` and the same ``model_dump(mode="json")``
(the stored body itself), so the renderer and the document hash cannot tell them apart.  It
does not validate: build it only from a body known to be what ``set_performance`` wrote after
validating it (see :func:`qjsc_panel.services.outputs_light.trusted_performance`).  The rules
both share live here: whether a target is met, the totals.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Protocol


class _Measures(Protocol):
    @property
    def investment(self) -> Decimal: ...
    @property
    def benefit(self) -> Decimal: ...


def target_met(baseline: Decimal | None, target: Decimal | None, achieved: Decimal | None) -> bool | None:
    """Whether the achieved figure reaches the target (lower is better when target < baseline)."""
    if achieved is None or target is None:
        return None
    if baseline is not None and target < baseline:
        return achieved <= target
    return achieved >= target


def total_investment(low: _Measures, high: _Measures) -> Decimal:
    return low.investment + high.investment


def total_benefit(low: _Measures, high: _Measures) -> Decimal:
    return low.benefit + high.benefit


@dataclass(frozen=True)
class TargetView:
    indicator: str
    unit: str
    baseline: Decimal | None
    target: Decimal | None
    achieved: Decimal | None

    @property
    def met(self) -> bool | None:
        return target_met(self.baseline, self.target, self.achieved)


@dataclass(frozen=True)
class MeasuresView:
    proposed: int
    implemented: int
    investment: Decimal
    benefit: Decimal


@dataclass(frozen=True)
class PerformanceView:
    audit_start: date | None
    audit_end: date | None
    focus: str
    targets: list[TargetView]
    low_cost: MeasuresView
    high_cost: MeasuresView
    savings: dict[str, Decimal]
    reductions: dict[str, Decimal]
    level_before: str
    level_after: str
    stored: dict[str, Any]

    @property
    def total_investment(self) -> Decimal:
        return total_investment(self.low_cost, self.high_cost)

    @property
    def total_benefit(self) -> Decimal:
        return total_benefit(self.low_cost, self.high_cost)

    def model_dump(self, mode: str = "json") -> dict[str, Any]:
        """The stored body: what ``PerformanceTable.model_dump(mode="json")`` gave when saved."""
        if mode != "json":
            raise ValueError(mode)
        return copy.deepcopy(self.stored)

    @classmethod
    def from_stored(cls, data: dict[str, Any]) -> PerformanceView:
        """From a stored body (``model_dump(mode="json")``: every field present, numbers as
        strings).  Raises ValueError, KeyError or TypeError on any other shape."""
        if set(data) != _FIELDS:
            raise KeyError(sorted(set(data) ^ _FIELDS))
        return cls(
            audit_start=_date(data["audit_start"]),
            audit_end=_date(data["audit_end"]),
            focus=_str(data["focus"]),
            targets=[_target(t) for t in data["targets"]],
            low_cost=_measures(data["low_cost"]),
            high_cost=_measures(data["high_cost"]),
            savings={_str(k): _dec(v) for k, v in data["savings"].items()},
            reductions={_str(k): _dec(v) for k, v in data["reductions"].items()},
            level_before=_str(data["level_before"]),
            level_after=_str(data["level_after"]),
            stored=copy.deepcopy(data),
        )


_FIELDS = {
    "audit_start",
    "audit_end",
    "focus",
    "targets",
    "low_cost",
    "high_cost",
    "savings",
    "reductions",
    "level_before",
    "level_after",
}


def _str(v: Any) -> str:
    if not isinstance(v, str):
        raise TypeError(v)
    return v


def _dec(v: Any) -> Decimal:
    """A decimal as pydantic dumps it: a string that reads back to itself, finite."""
    d = Decimal(_str(v))
    if not d.is_finite() or str(d) != v:
        raise ValueError(v)
    return d


def _opt_dec(v: Any) -> Decimal | None:
    return None if v is None else _dec(v)


def _date(v: Any) -> date | None:
    if v is None:
        return None
    d = date.fromisoformat(_str(v))
    if d.isoformat() != v:
        raise ValueError(v)
    return d


def _int(v: Any) -> int:
    if type(v) is not int:
        raise TypeError(v)
    return v


def _target(t: dict[str, Any]) -> TargetView:
    if set(t) != {"indicator", "unit", "baseline", "target", "achieved"}:
        raise KeyError(sorted(t))
    return TargetView(
        _str(t["indicator"]), _str(t["unit"]), _opt_dec(t["baseline"]), _opt_dec(t["target"]), _opt_dec(t["achieved"])
    )


def _measures(m: dict[str, Any]) -> MeasuresView:
    if set(m) != {"proposed", "implemented", "investment", "benefit"}:
        raise KeyError(sorted(m))
    return MeasuresView(_int(m["proposed"]), _int(m["implemented"]), _dec(m["investment"]), _dec(m["benefit"]))
