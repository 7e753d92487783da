"""The pydantic-free view of a stored performance table reads exactly what the model reads,
and refuses any body that is not a model dump."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from qjsc_panel.reports.perf_view import PerformanceView
from qjsc_panel.reports.performance import parse_table
from tests.reports.sample import sample_performance


def _stored() -> dict[str, Any]:
    return sample_performance().model_dump(mode="json")


def test_the_view_reads_what_the_model_reads() -> None:
    data = _stored()
    view, table = PerformanceView.from_stored(data), parse_table(data)
    assert view.model_dump(mode="json") == table.model_dump(mode="json") == data
    assert [(t.indicator, t.unit, t.baseline, t.target, t.achieved, t.met) for t in view.targets] == [
        (t.indicator, t.unit, t.baseline, t.target, t.achieved, t.met) for t in table.targets
    ]
    for name in ("audit_start", "audit_end", "focus", "savings", "reductions", "level_before", "level_after"):
        assert getattr(view, name) == getattr(table, name), name
    assert (view.total_investment, view.total_benefit) == (table.total_investment, table.total_benefit)
    assert view.low_cost.__dict__ == dict(table.low_cost)


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: d.pop("focus"),
        lambda d: d.update(extra=1),
        lambda d: d["low_cost"].update(proposed="3"),
        lambda d: d["low_cost"].update(investment="NaN"),
        lambda d: d["low_cost"].update(investment="1e2"),
        lambda d: d["savings"].update(water_t=1.5),
        lambda d: d.update(audit_start="2025-1-1"),
        lambda d: d["targets"].append({"indicator": "x"}),
    ],
)
def test_anything_but_a_model_dump_is_refused(edit: Any) -> None:
    data = _stored()
    edit(data)
    with pytest.raises((ValueError, KeyError, TypeError)):
        PerformanceView.from_stored(data)


def test_met_is_the_models_rule() -> None:
    view = PerformanceView.from_stored(_stored())
    assert any(t.met is not None for t in view.targets)
    assert Decimal(0) == Decimal("0")
