"""Inter-rater agreement, shown to the chair for information only (it changes no result).

Scores are normalised to the item's maximum (得分率) so that a 15-point item does not dominate
a 3-point one.  Plain float arithmetic: these are descriptive statistics, not the composite.
"""

from __future__ import annotations

from collections.abc import Sequence


def _ranks(values: Sequence[float]) -> tuple[list[float], float]:
    """Average ranks (1 = lowest) and the tie correction sum(t^3 - t)."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    ties = 0.0
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        avg = (i + j) / 2 + 1
        for k in range(i, j + 1):
            ranks[order[k]] = avg
        t = j - i + 1
        ties += t**3 - t
        i = j + 1
    return ranks, ties


def kendalls_w(matrix: Sequence[Sequence[float]]) -> float | None:
    """Kendall's coefficient of concordance; ``matrix[r][i]`` = rater r's score of item i.

    None when undefined (fewer than 2 raters or items, or every rater ties every item).
    """
    m = len(matrix)
    n = len(matrix[0]) if m else 0
    if m < 2 or n < 2:
        return None
    sums = [0.0] * n
    tie_total = 0.0
    for row in matrix:
        ranks, ties = _ranks(row)
        tie_total += ties
        for i, r in enumerate(ranks):
            sums[i] += r
    mean = sum(sums) / n
    s = sum((r - mean) ** 2 for r in sums)
    denom = m * m * (n**3 - n) - m * tie_total
    if denom <= 0:
        return None
    return 12 * s / denom


def icc_2_1(matrix: Sequence[Sequence[float]]) -> float | None:
    """ICC(2,1): two-way random effects, absolute agreement, single rater (Shrout & Fleiss).

    ``matrix[r][i]`` = rater r's score of item i (items are the "targets").
    """
    k = len(matrix)
    n = len(matrix[0]) if k else 0
    if k < 2 or n < 2:
        return None
    grand = sum(sum(row) for row in matrix) / (n * k)
    item_means = [sum(matrix[r][i] for r in range(k)) / k for i in range(n)]
    rater_means = [sum(row) / n for row in matrix]
    ss_rows = k * sum((mi - grand) ** 2 for mi in item_means)
    ss_cols = n * sum((mr - grand) ** 2 for mr in rater_means)
    ss_total = sum((matrix[r][i] - grand) ** 2 for r in range(k) for i in range(n))
    ss_err = ss_total - ss_rows - ss_cols
    msr = ss_rows / (n - 1)
    msc = ss_cols / (k - 1)
    mse = ss_err / ((n - 1) * (k - 1))
    denom = msr + (k - 1) * mse + k * (msc - mse) / n
    if denom == 0:
        return None
    return (msr - mse) / denom


# Bands for reading the figures (shown beside them, for information only).  Kendall W after
# Schmidt (1997): 0.5 moderate, 0.7 strong, 0.9 very strong agreement; ICC after Koo & Li (2016):
# below 0.5 poor, 0.5–0.75 moderate, 0.75–0.9 good, above 0.9 excellent.
_BANDS: dict[str, tuple[float, float, float]] = {"kendalls_w": (0.5, 0.7, 0.9), "icc_2_1": (0.5, 0.75, 0.9)}


def band(measure: str, value: float | str | None) -> str | None:
    """``low``, ``moderate``, ``good`` or ``excellent`` for a figure of ``measure``
    (``kendalls_w`` or ``icc_2_1``); None when the figure is undefined."""
    if value is None or value == "":
        return None
    x = float(value)
    moderate, good, excellent = _BANDS[measure]
    if x >= excellent:
        return "excellent"
    if x >= good:
        return "good"
    return "moderate" if x >= moderate else "low"
