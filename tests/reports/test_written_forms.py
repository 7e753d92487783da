"""Every expert total, item mean, the composite and each deviation reads the same in every
output of the demo acceptance: result JSON (``result`` and the demo's result.json), ``status``
(JSON and text), the dashboard (its model and the Qt matrix the chair sees), the PDF text and
the workbook cells as Excel shows them.  The expected text comes from the domain's written
forms applied to the panel status — the one computation."""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from qjsc_panel.cli import main
from qjsc_panel.domain.formats import composite_text, mean_text, percent_text, score_text
from tests.reports.conftest import Built


@dataclass(frozen=True)
class Expected:
    totals: dict[str, str]  # expert name -> total
    means: dict[str, str]  # item id -> mean
    composite: str
    deviations: dict[str, str]  # expert name -> deviation


@pytest.fixture(scope="module")
def expected(built: Built) -> Expected:
    from qjsc_panel.services.app import App
    from qjsc_panel.services.status import panel_status

    app = App(db_path=built.db_path)
    try:
        st = panel_status(app, built.acceptance)
    finally:
        app.close()
    assert st.aggregate is not None and st.outcome is not None
    names = {str(m.id): m.name for m in st.members}
    return Expected(
        totals={m.name: score_text(m.counted.total) for m in st.members if m.counted},
        means={k: mean_text(v) for k, v in st.aggregate.item_means.items()},
        composite=composite_text(st.outcome.composite),
        deviations={names[k]: percent_text(v) for k, v in st.outliers.items()},
    )


def _cli(built: Built, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["--db", str(built.db_path), *args]) == 0
    return capsys.readouterr().out


def test_the_demo_has_figures_worth_pinning(expected: Expected) -> None:
    assert len(expected.totals) == 4 and len(expected.means) == 18
    assert expected.deviations, "the demo's outlier"
    assert all(re.fullmatch(r"\d+(\.\d*[1-9])?", t) for t in expected.totals.values())  # no trailing zeros
    assert re.fullmatch(r"\d+\.\d", expected.composite)
    assert all(re.fullmatch(r"\d+\.\d\d", m) for m in expected.means.values())
    assert all(re.fullmatch(r"[+-]\d+\.\d%", d) for d in expected.deviations.values())


def test_result_json(built: Built, expected: Expected, capsys: pytest.CaptureFixture[str]) -> None:
    for record in (
        json.loads(_cli(built, capsys, "--json", "result", built.acceptance)),
        json.loads((built.out / "result.json").read_text(encoding="utf-8")),
    ):
        totals = {m["name"]: m["sheet"]["total"] for m in record["members"] if m["sheet"]}
        assert totals == expected.totals
        assert record["item_means"] == expected.means
        assert record["composite"] == expected.composite
        assert {o["member"]: o["deviation"] for o in record["outliers"]} == expected.deviations


def test_status(built: Built, expected: Expected, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(_cli(built, capsys, "--json", "status", built.acceptance))
    rows = {m["name"]: m for m in data["members"]}
    assert {n: rows[n]["total"] for n in expected.totals} == expected.totals
    assert {n: m["outlier"] for n, m in rows.items() if m["outlier"]} == expected.deviations
    assert data["composite"] == expected.composite
    text = _cli(built, capsys, "status", built.acceptance)
    for name, total in expected.totals.items():
        line = next(ln for ln in text.splitlines() if f" {name} " in ln)
        assert f" {total}" in line and (expected.deviations.get(name, "⚑") in line) == (name in expected.deviations)
    assert expected.composite in text


def test_dashboard_model_and_the_matrix_the_chair_sees(built: Built, expected: Expected, qtbot: Any) -> None:
    from PySide6.QtCore import Qt

    from qjsc_panel.services.app import App
    from qjsc_panel.services.outputs import dashboard
    from qjsc_panel.ui.chair.models import MatrixModel

    app = App(db_path=built.db_path)
    try:
        d = dashboard(app, built.acceptance)
    finally:
        app.close()
    assert d.totals == expected.totals
    assert {it["id"]: it["mean"] for it in d.items} == expected.means
    assert d.composite == expected.composite
    assert {o["name"]: o["deviation"] for o in d.outliers} == expected.deviations
    assert {m["name"]: m["sheet"]["total"] for m in d.members if m["sheet"] and m["sheet"]["counted"]} == (
        expected.totals
    )
    model = MatrixModel()
    model.set_dashboard(d)
    shown = [
        [model.data(model.index(r, c), Qt.ItemDataRole.DisplayRole) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]
    n = len(d.experts)
    assert dict(zip(d.experts, shown[-1][2 : 2 + n], strict=True)) == expected.totals
    assert shown[-1][2 + n] == expected.composite
    assert {row[0].split()[0]: row[2 + n] for row in shown[:-1]} == expected.means


def test_pdf_text(built: Built, expected: Expected) -> None:
    text = subprocess.run(
        ["pdftotext", "-layout", str(built.written.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    rows: dict[str, list[str]] = {}
    for ln in text.splitlines():  # the score table (附件4) comes before the chart's axis labels
        words = ln.split()
        if words and words[0] in expected.means:
            rows.setdefault(words[0], words)
        elif words and words[0] == "合计" and len(rows) == len(expected.means):
            rows.setdefault("合计", words)  # the score table's total row, right after its items
    assert {k: rows[k][-1] for k in expected.means} == expected.means
    total_row = rows["合计"]
    assert total_row[-1] == expected.composite
    assert sorted(total_row[2:-1]) == sorted(expected.totals.values())  # 合计, maximum, each expert, composite
    flat = text.replace(" ", "").replace("\n", "")
    assert f"综合得分为{expected.composite}分" in flat


def _as_excel_shows(cell: Any) -> str:
    """The text Excel displays for a number cell under its number format."""
    value = Decimal(str(cell.value))
    places = {"0.0": "0.1", "0.00": "0.01"}.get(cell.number_format)
    if places is None:
        assert cell.number_format == "General", cell.number_format
        return score_text(value)  # General: shortest form, no trailing zeros
    return str(value.quantize(Decimal(places)))


def test_workbook_cells(built: Built, expected: Expected) -> None:
    from openpyxl import load_workbook

    ws = load_workbook(built.written.workbook)["评分汇总"]
    header = [c.value for c in ws[3]]
    mean_col = header.index("平均分")
    experts = [h.rstrip("＊") for h in header[3:mean_col]]
    means: dict[str, str] = {}
    for row in ws.iter_rows(min_row=4):
        if row[0].value == "合计":
            totals = {e: _as_excel_shows(row[3 + i]) for i, e in enumerate(experts)}
            assert totals == expected.totals
            assert _as_excel_shows(row[mean_col]) == expected.composite
            break
        means[str(row[0].value)] = _as_excel_shows(row[mean_col])
    assert means == expected.means
    summary = {r[0].value: r[1] for r in load_workbook(built.written.workbook)["验收意见"].iter_rows(min_row=3)}
    assert _as_excel_shows(summary["综合得分"]) == expected.composite


def test_score_set_echoes_what_score_show_prints(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.factories import make_panel, new_db

    p = make_panel(new_db(tmp_path), 3)
    p.ctx.db.close()
    db = str(p.ctx.db_path)
    assert main(["--db", db, "panel", "declare", p.acc, "专家2"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "score", "set", p.acc, "专家2", "2.1", "4.00"]) == 0
    echoed = capsys.readouterr().out.strip()
    assert main(["--db", db, "score", "show", p.acc, "专家2"]) == 0
    shown = next(ln for ln in capsys.readouterr().out.splitlines() if ln.strip().startswith("2.1"))
    assert echoed == "2.1 = 4" and shown.split()[1].startswith("4/")
    assert main(["--db", db, "--json", "score", "show", p.acc, "专家2"]) == 0
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    assert data["scores"]["2.1"] == "4" and data["total"] == "4"
