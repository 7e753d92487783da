"""Kendall W and ICC(2,1) as the dashboard computes them, checked against pingouin.

pingouin's ``intraclass_corr`` (row ICC(A,1), formerly ICC2: two-way random effects, absolute
agreement, single rater) and ``friedman`` (column W: Kendall's coefficient of concordance, from the tie-corrected
Friedman statistic) are independent implementations.  The panels are random, scored on each
item's step as experts do, so ties within a rater's row are common (the tie correction matters).
"""

from __future__ import annotations

import random
import warnings
from pathlib import Path

import pandas as pd
import pingouin
import pytest

from qjsc_panel.reports.agreement import band, icc_2_1, kendalls_w

Matrix = list[list[float]]


def reference(matrix: Matrix) -> tuple[float, float]:
    """(Kendall W, ICC(2,1)) by pingouin; ``matrix[r][i]`` = rater r's score of item i."""
    rows = [{"rater": r, "item": i, "score": score} for r, row in enumerate(matrix) for i, score in enumerate(row)]
    data = pd.DataFrame(rows)
    with warnings.catch_warnings():  # pingouin 0.7 calls pandas APIs that pandas 3 deprecates
        warnings.simplefilter("ignore")
        icc = pingouin.intraclass_corr(data=data, targets="item", raters="rater", ratings="score")
        # Friedman: the raters are the blocks ("subject"), the items the treatments ("within").
        fr = pingouin.friedman(data=data, dv="score", within="item", subject="rater")
    by_type = icc.set_index("Type")["ICC"]
    # ICC(2,1) of Shrout & Fleiss = McGraw & Wong's ICC(A,1); pingouin < 0.7 named it "ICC2".
    icc2 = float(by_type["ICC(A,1)"] if "ICC(A,1)" in by_type.index else by_type["ICC2"])
    w = float(fr["W"].iloc[0])
    return w, icc2


def random_panel(rng: random.Random, raters: int, items: int) -> Matrix:
    """Shares of each item's maximum, scored on a 0.5 step as the forms do (so many ties)."""
    maxima = [rng.choice([2, 3, 4, 5, 6, 8, 10, 15]) for _ in range(items)]
    quality = [rng.uniform(0.4, 1.0) for _ in range(items)]  # the items differ: agreement is possible
    matrix = []
    for _ in range(raters):
        row = []
        for mx, q in zip(maxima, quality, strict=True):
            raw = min(mx, max(0.0, q * mx + rng.gauss(0, mx * rng.choice([0.05, 0.2, 0.5]))))
            row.append(round(raw * 2) / 2 / mx)
        matrix.append(row)
    return matrix


@pytest.mark.parametrize("seed", range(12))
def test_random_panels_match_pingouin(seed: int) -> None:
    rng = random.Random(seed)
    matrix = random_panel(rng, rng.randint(3, 7), rng.randint(5, 18))
    assert any(len(set(row)) < len(row) for row in matrix)  # ties within a rater's row
    w, icc = kendalls_w(matrix), icc_2_1(matrix)
    ref_w, ref_icc = reference(matrix)
    assert w == pytest.approx(ref_w, abs=1e-9)
    assert icc == pytest.approx(ref_icc, abs=1e-9)


def test_heavy_ties_and_coarse_scores_match_pingouin() -> None:
    """Whole-point scores on 3-point items: most of each row ties (the correction dominates)."""
    rng = random.Random(7)
    matrix = [[rng.choice([1, 2, 2, 3, 3, 3]) / 3 for _ in range(10)] for _ in range(5)]
    ref_w, ref_icc = reference(matrix)
    assert kendalls_w(matrix) == pytest.approx(ref_w, abs=1e-9)
    assert icc_2_1(matrix) == pytest.approx(ref_icc, abs=1e-9)


def test_bands_read_the_figures() -> None:
    assert [band("kendalls_w", x) for x in (0.2, 0.5, 0.75, 0.95)] == ["low", "moderate", "good", "excellent"]
    assert [band("icc_2_1", x) for x in ("0.400", "0.600", "0.800", "0.950")] == [
        "low",
        "moderate",
        "good",
        "excellent",
    ]
    assert band("icc_2_1", None) is None


def test_dashboard_figures_match_pingouin(tmp_path: Path) -> None:
    """The figures the chair sees, for the demo acceptance, are pingouin's on the counted sheets."""
    from qjsc_panel.services.app import App
    from qjsc_panel.services.opinion import compilation
    from qjsc_panel.services.outputs import dashboard_outcome
    from qjsc_panel.store.db import open_database
    from tests.reports.sample import open_demo_acceptance

    db = open_database(tmp_path / "x.sqlite3")
    try:
        demo = open_demo_acceptance(db, tmp_path)
        ctx = App(db, actor="陈建华")
        comp = compilation(ctx, demo.acceptance)
        matrix = [[float(s.scores[i.id] / i.max_points) for i in comp.items] for s in comp.counted_sheets]
        assert len(matrix) >= 3
        d, _, _ = dashboard_outcome(ctx, demo.acceptance)
        ref_w, ref_icc = reference(matrix)
        assert d.agreement["kendalls_w"] == f"{ref_w:.3f}"
        assert d.agreement["icc_2_1"] == f"{ref_icc:.3f}"
        assert d.agreement["icc_2_1_band"] == band("icc_2_1", ref_icc)
    finally:
        db.close()
