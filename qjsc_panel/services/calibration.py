"""How each expert in the pool scores compared with the panels they sat on.

For every acceptance an expert scored (their counted sheet: the latest submitted version, not
excluded): the deviation of their total from the panel's mean total, in points.  Per expert: the
mean deviation (negative = severe, positive = lenient), its spread (sample standard deviation),
how often they were an outlier by the domain's own rule (:func:`qjsc_panel.domain.scoring.outliers`
with the acceptance's share), and how many corrections of their sheets were made (a chair sending
a sheet back shows as a new version).  One aggregate query over the sheets.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select

from qjsc_panel.domain.scoring import outliers
from qjsc_panel.services.context import Ctx
from qjsc_panel.store.models import Acceptance, PanelMember, ScoreEntry, ScoreSheet


@dataclass(frozen=True)
class Calibration:
    expert_id: int
    acceptances: int
    mean_deviation: Decimal
    spread: Decimal
    outliers: int
    sent_back: int

    @property
    def tendency(self) -> str:
        """lenient | severe | even: beyond one point on average counts as a tendency."""
        if self.mean_deviation > 1:
            return "lenient"
        if self.mean_deviation < -1:
            return "severe"
        return "even"

    def cells(self) -> tuple[str, str, str, str]:
        return (f"{self.mean_deviation:+.2f}", f"{self.spread:.2f}", str(self.outliers), str(self.sent_back))


def calibration(ctx: Ctx) -> dict[int, Calibration]:
    latest = (
        select(func.max(ScoreSheet.version))
        .where(ScoreSheet.member_id == PanelMember.id, ScoreSheet.status == "submitted")
        .correlate(PanelMember)
        .scalar_subquery()
    )
    totals_stmt = (
        select(
            ScoreSheet.acceptance_id,
            PanelMember.expert_id,
            func.sum(ScoreEntry.score),
            Acceptance.outlier_share,
            ScoreSheet.version,
        )
        .join(PanelMember, PanelMember.id == ScoreSheet.member_id)
        .join(ScoreEntry, ScoreEntry.sheet_id == ScoreSheet.id)
        .join(Acceptance, Acceptance.id == ScoreSheet.acceptance_id)
        .where(
            ScoreSheet.status == "submitted",
            ScoreSheet.excluded_reason == "",
            ScoreSheet.version == latest,
            PanelMember.expert_id.is_not(None),
        )
        # Every selected column named (PostgreSQL requires it; each is one value per sheet).
        .group_by(ScoreSheet.id, PanelMember.expert_id, Acceptance.outlier_share)
    )
    panels: dict[int, dict[int, Decimal]] = defaultdict(dict)
    shares: dict[int, Decimal] = {}
    sent_back: dict[int, int] = defaultdict(int)
    with ctx.db.read() as conn:
        for acc_id, expert_id, total, share, version in conn.execute(totals_stmt):
            assert expert_id is not None  # filtered in the query
            panels[acc_id][expert_id] = Decimal(str(total or 0))
            shares[acc_id] = Decimal(str(share))
            sent_back[expert_id] += version - 1
    deviations: dict[int, list[Decimal]] = defaultdict(list)
    outlier_count: dict[int, int] = defaultdict(int)
    for acc_id, totals in panels.items():
        if len(totals) < 2:
            continue
        mean = sum(totals.values(), Decimal(0)) / len(totals)
        for expert_id, total in totals.items():
            deviations[expert_id].append(total - mean)
        for key in outliers({str(k): v for k, v in totals.items()}, shares[acc_id]):
            outlier_count[int(key)] += 1
    q = Decimal("0.01")
    return {
        x: Calibration(
            x,
            len(devs),
            (sum(devs, Decimal(0)) / len(devs)).quantize(q),
            Decimal(str(statistics.stdev(devs))).quantize(q) if len(devs) > 1 else Decimal(0).quantize(q),
            outlier_count[x],
            sent_back[x],
        )
        for x, devs in deviations.items()
    }
