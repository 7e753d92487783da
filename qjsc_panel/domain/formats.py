"""The written form of every figure and label that more than one output shows.

One function per kind of figure, used by the result JSON, ``status``, the app, the dashboard,
the PDF, the workbook and the packages, so that a number reads the same everywhere:

=================  ==============================  ==========================
figure             rule                            examples
=================  ==============================  ==========================
a score, a sum of  exact, no trailing zeros        ``4``, ``3.5``, ``86.5``,
scores (an         (scores are on the item's       ``100``
expert's total,    step, so nothing is lost)
maximum points)
an item mean       half-up to two decimals         ``4.25``, ``4.00``
the composite      half-up to one decimal          ``77.8``, ``80.0``
(第二十三条)
a deviation        signed per cent, one decimal    ``-22.2%``, ``+5.0%``
=================  ==============================  ==========================
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from qjsc_panel.messages import render

ONE_DECIMAL = Decimal("0.1")
MEAN_QUANTUM = Decimal("0.01")  # item means as printed in every output
HUNDRED = Decimal(100)


def round_half_up(value: Decimal, quantum: Decimal = ONE_DECIMAL) -> Decimal:
    return value.quantize(quantum, rounding=ROUND_HALF_UP)


def score_text(value: Decimal) -> str:
    """A score or a sum of scores: 3.50 → "3.5", 4.0 → "4", 100 → "100" (never 1E+2)."""
    return format(value.normalize(), "f")


def mean_text(value: Decimal) -> str:
    """An item mean (or the unrounded mean total): two decimals, half-up."""
    return str(round_half_up(value, MEAN_QUANTUM))


def composite_text(value: Decimal) -> str:
    """The composite score: one decimal, half-up (the result is decided on this figure)."""
    return str(round_half_up(value, ONE_DECIMAL))


def percent_text(fraction: Decimal) -> str:
    """A relative deviation as a signed percentage: -0.22187 → "-22.2%"."""
    figure = round_half_up(fraction * HUNDRED, ONE_DECIMAL)
    return f"{'+' if figure >= 0 else ''}{figure}%"


def role_label(role: str, lang: str = "zh", *, full: bool = False) -> str:
    """专家 / 市工信局 / 区工信部门 (the catalogue's ``role.*``); ``full``: the formal name the
    opinion uses (市工业和信息化局, ``role_full.*``)."""
    return render(f"role_full.{role}" if full else f"role.{role}", lang)


def conflict_label(conflict: str, lang: str = "zh") -> str:
    """A declared conflict of interest as the declaration screen words it (``conflict.*``)."""
    return render(f"conflict.{conflict}", lang)
