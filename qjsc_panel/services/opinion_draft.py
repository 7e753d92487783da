"""What the chair's opinion tab shows and does: the opinion draft by sections with its computed
(locked) parts, the performance table's template round trip, the unsigned preview PDF, and
the finalise checklist.

The rules stay where they are: the checklist's blocking items are
:attr:`PanelStatus.blockers` (the ones :func:`qjsc_panel.services.review.finalise` refuses on);
this module only names the tab that clears each.  The UI reaches the report model through here
(the ui layer does not import ``reports``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from qjsc_panel.reports.opinion import CONCLUSION_TITLE, SECTIONS
from qjsc_panel.reports.performance import (
    COST_CLASSES,
    MEASURE_FIELDS,
    REDUCTIONS,
    SAVINGS,
    Measures,
    PerformanceTable,
    Target,
)
from qjsc_panel.services.context import Ctx

if TYPE_CHECKING:
    from qjsc_panel.errors import QjscError

__all__ = [
    "CONCLUSION_TITLE",
    "COST_CLASSES",
    "MEASURE_FIELDS",
    "REDUCTIONS",
    "SAVINGS",
    "SECTIONS",
    "CheckItem",
    "Draft",
    "Measures",
    "PerformanceTable",
    "Target",
    "checklist",
    "draft",
    "import_performance",
    "preview_pdf",
    "write_performance_template",
]

# Which tab of the chair workspace clears each blocker code of PanelStatus.blockers.
BLOCKER_TAB: dict[str, str] = {
    "finalise.prerequisites": "setup",
    "panel.no_chair": "panel",
    "quorum.short": "collect",
    "sheet.correction_pending": "collect",
    "sheet.unconfirmed": "collect",
    "finalise.recused_scored": "review",
    "veto.open": "review",
    "outlier.unexplained": "review",
}


@dataclass(frozen=True)
class DraftSection:
    key: str
    title: str
    prefilled: str
    edited: str | None  # None: the section follows the prefilled text

    @property
    def body(self) -> str:
        return self.edited or self.prefilled


@dataclass(frozen=True)
class Draft:
    """The opinion as the PDF states it; ``opening`` and ``conclusion`` are computed."""

    title: str
    organiser: str
    organiser_default: str
    opening: str
    sections: list[DraftSection]
    conclusion: str
    composite: str  # one decimal, "" before any counted sheet
    result: str | None  # pass | fail
    grade: str | None  # excellent | good
    provisional: bool  # quorum not reached or blockers open: the result may still change
    finalised: bool


def draft(ctx: Ctx, acc_ref: str) -> Draft:
    from qjsc_panel.reports import opinion as op
    from qjsc_panel.reports.model import fmt1
    from qjsc_panel.reports.opinion import OpinionText
    from qjsc_panel.services.outputs import load_sources
    from qjsc_panel.services.status import panel_status

    src = load_sources(ctx, acc_ref)  # type: ignore[arg-type]
    comp, text, perf = src.comp, src.text, src.perf
    pre = op.prefill(comp, perf)
    st = panel_status(ctx, acc_ref)
    return Draft(
        title=f"{comp.enterprise_name}自愿性清洁生产审核验收意见",
        organiser=text.organiser,
        organiser_default=op.organiser(comp, OpinionText()),
        opening=op.opening(comp, text),
        sections=[DraftSection(k, t, pre[k], text.sections.get(k)) for k, t in SECTIONS],
        conclusion=op.conclusion(comp),
        composite="" if comp.composite is None else fmt1(comp.composite),
        result=comp.result,
        grade=comp.grade,
        provisional=bool(st.blockers),
        finalised=st.acceptance.status == "finalised",
    )


def preview_pdf(
    ctx: Ctx, acc_ref: str, sections: dict[str, str] | None = None, perf: PerformanceTable | None = None
) -> bytes:
    """The unsigned opinion PDF as the writer makes it, with unsaved section texts and an
    unsaved performance table applied (nothing is stored)."""
    from dataclasses import replace

    from qjsc_panel.reports.opinion import OpinionText
    from qjsc_panel.reports.outputs import Sources, render
    from qjsc_panel.services.outputs import load_sources

    src = load_sources(ctx, acc_ref)  # type: ignore[arg-type]
    if sections is not None:
        merged = dict(src.text.sections)
        for key, body in sections.items():
            if body.strip():
                merged[key] = body.strip()
            else:
                merged.pop(key, None)
        src = Sources(src.comp, OpinionText(merged, src.text.organiser, src.text.signed_on), src.perf)
    if perf is not None:
        src = replace(src, perf=perf)
    return render(src).data


def write_performance_template(ctx: Ctx, acc_ref: str, path: Path) -> Path:
    """The XLSX template for the enterprise, prefilled with what is stored."""
    from qjsc_panel.reports.performance import write_template
    from qjsc_panel.services.opinion import get_performance

    return write_template(path, get_performance(ctx, acc_ref))


def import_performance(ctx: Ctx, acc_ref: str, path: Path) -> PerformanceTable:
    """Read a filled template and store it (nothing is stored if any cell is wrong)."""
    from qjsc_panel.reports.performance import import_template
    from qjsc_panel.services.opinion import set_performance

    table = import_template(path)
    set_performance(ctx, acc_ref, table, source=f"xlsx:{path.name}")
    return table


# (code when satisfied, tab, blocker codes that mean it is not) for the ✓ lines of the checklist.
CONDITIONS: list[tuple[str, str, tuple[str, ...]]] = [
    ("checklist.ok_prerequisites", "setup", ("finalise.prerequisites",)),
    ("checklist.ok_chair", "panel", ("panel.no_chair",)),
    ("checklist.ok_quorum", "collect", ("quorum.short",)),
    ("checklist.ok_sheets", "collect", ("sheet.correction_pending", "sheet.unconfirmed", "finalise.recused_scored")),
    ("checklist.ok_vetoes", "review", ("veto.open",)),
    ("checklist.ok_outliers", "review", ("outlier.unexplained",)),
]


@dataclass(frozen=True)
class CheckItem:
    """One line of the finalise checklist.

    ``state``: blocker (finalising is refused), todo (recommended), ok (satisfied), or done
    (the acceptance is finalised)."""

    key: str
    tab: str  # the workspace tab that clears it
    text: QjscError  # what to say, rendered in the user's language
    state: str = "blocker"
    part: str = ""  # inside the opinion tab: performance | opinion

    @property
    def blocking(self) -> bool:
        return self.state in ("blocker", "done")


def checklist(ctx: Ctx, acc_ref: str) -> list[CheckItem]:
    """Blockers first (:attr:`PanelStatus.blockers`: finalising is refused while any remains),
    then the opinion's own to-dos (experts still out, a missing or incomplete performance
    table, sections still showing their placeholder), then the conditions already met."""
    from qjsc_panel.errors import QjscError
    from qjsc_panel.services.opinion import get_performance
    from qjsc_panel.services.status import panel_status

    st = panel_status(ctx, acc_ref)
    if st.acceptance.status == "finalised":
        return [CheckItem("acceptance.finalised", "sign", QjscError("acceptance.finalised"), "done")]
    items = [CheckItem(b.code, BLOCKER_TAB.get(b.code, "review"), b) for b in st.blockers]
    codes = {b.code for b in st.blockers}
    oks: list[CheckItem] = []
    for code, tab, blockers in CONDITIONS:
        if not codes.intersection(blockers):
            params = {"counted": st.quorum.counted, "needed": st.quorum.needed} if tab == "collect" else {}
            oks.append(CheckItem(code, tab, QjscError(code, **params), "ok"))
    missing = [
        m.name
        for m in st.members
        if m.role == "expert" and not m.recused and m.qualified and m.submitted is None and m.counted is None
    ]
    if missing:
        err = QjscError("checklist.sheets_missing", names="、".join(missing), count=len(missing))
        items.append(CheckItem(err.code, "collect", err, "todo"))
    else:
        oks.append(CheckItem("checklist.ok_submitted", "collect", QjscError("checklist.ok_submitted"), "ok"))
    items += _performance_items(get_performance(ctx, acc_ref))
    d = draft(ctx, acc_ref)
    empty = [s.title for s in d.sections if s.edited is None and s.prefilled.startswith("（")]
    if empty:
        err = QjscError("checklist.sections_placeholder", sections="、".join(empty))
        items.append(CheckItem(err.code, "opinion", err, "todo", "opinion"))
    else:
        oks.append(CheckItem("checklist.ok_opinion", "opinion", QjscError("checklist.ok_opinion"), "ok", "opinion"))
    return items + oks


def _performance_items(perf: PerformanceTable | None) -> list[CheckItem]:
    from qjsc_panel.errors import QjscError

    if perf is None:
        err = QjscError("reports.perf_missing")
    elif not perf.targets:
        err = QjscError("checklist.no_targets")
    elif gaps := [t.indicator for t in perf.targets if t.achieved is None or t.target is None]:
        err = QjscError("checklist.targets_incomplete", names="、".join(gaps))
    else:
        ok = QjscError("checklist.ok_performance", count=len(perf.targets))
        return [CheckItem(ok.code, "opinion", ok, "ok", "performance")]
    return [CheckItem(err.code, "opinion", err, "todo", "performance")]
