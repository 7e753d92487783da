"""Performance table (typed or from the XLSX template) and the opinion editor's guard rails,
on a real database through the services."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from qjsc_panel.errors import QjscError
from qjsc_panel.reports.agreement import icc_2_1, kendalls_w
from qjsc_panel.reports.performance import import_template, write_template
from tests.reports.sample import sample_performance

if TYPE_CHECKING:
    from qjsc_panel.services.context import Ctx


@pytest.fixture
def open_acc(tmp_path: Path) -> Iterator[tuple[Ctx, str]]:
    """The demo up to (not including) finalisation: an open acceptance with scores."""
    from qjsc_panel.services.app import App
    from qjsc_panel.store.db import open_database
    from tests.reports.sample import open_demo_acceptance

    db = open_database(tmp_path / "x.sqlite3")
    demo = open_demo_acceptance(db, tmp_path)
    yield App(db, actor=demo.chair), demo.acceptance
    db.close()


def test_template_round_trip(tmp_path: Path) -> None:
    path = write_template(tmp_path / "t.xlsx", sample_performance())
    back = import_template(path)
    assert back == sample_performance()


def test_a_wrong_cell_is_named_and_nothing_is_stored(tmp_path: Path, open_acc: tuple[Ctx, str]) -> None:
    from openpyxl import load_workbook

    from qjsc_panel.services.opinion import get_performance, set_performance

    ctx, acc = open_acc
    path = write_template(tmp_path / "t.xlsx", sample_performance())
    wb = load_workbook(path)
    ws = wb["绩效表"]
    row = next(r[0].row for r in ws.iter_rows() if r[0].value == "savings.water_t")
    ws.cell(row=row, column=3, value="八万六千")
    wb.save(path)
    with pytest.raises(QjscError) as e:
        import_template(path)
    assert e.value.code == "reports.perf_bad_number" and e.value.params["cell"] == f"C{row}"
    assert "八万六千" in e.value.render("zh")
    assert get_performance(ctx, acc) is None
    with pytest.raises(QjscError) as e:
        import_template(tmp_path / "missing.xlsx")
    assert e.value.code == "reports.perf_unreadable"
    set_performance(ctx, acc, sample_performance())
    assert get_performance(ctx, acc) == sample_performance()


def test_performance_feeds_the_opinion_and_edits_are_audited(open_acc: tuple[Ctx, str]) -> None:
    from sqlalchemy import select

    from qjsc_panel.reports.opinion import sections
    from qjsc_panel.services.opinion import edit_opinion, set_performance
    from qjsc_panel.services.outputs import load_sources
    from qjsc_panel.store.models import AuditEntry

    ctx, acc = open_acc
    set_performance(ctx, acc, sample_performance())
    src = load_sources(ctx, acc)
    body = dict((k, b) for k, _t, b in sections(src.comp, src.perf, src.text))
    assert "中/高费方案4项，已实施4项，投资685万元" in body["measures"]
    assert "二级提升至审核后的一级" in body["level"]
    edit_opinion(ctx, acc, {"issues": "1．补充电镀线水平衡测试数据。"})
    src2 = load_sources(ctx, acc)
    assert src2.text.sections["issues"] == "1．补充电镀线水平衡测试数据。"
    assert src2.document_hash != src.document_hash
    with ctx.db.session() as s:
        actions = list(s.scalars(select(AuditEntry.action)))
    assert "opinion.edit" in actions and "performance.set" in actions


def test_the_conclusion_cannot_be_edited_into_contradiction(open_acc: tuple[Ctx, str]) -> None:
    from qjsc_panel.services.opinion import compilation, edit_opinion

    ctx, acc = open_acc
    comp = compilation(ctx, acc)
    assert comp.result == "pass" and comp.grade == "excellent"
    with pytest.raises(QjscError) as e:
        edit_opinion(ctx, acc, {"issues": "综上，验收结论为不合格。"})
    assert e.value.code == "reports.section_contradicts"
    with pytest.raises(QjscError) as e:
        edit_opinion(ctx, acc, {"level": "验收结果：良好"})
    assert e.value.code == "reports.section_contradicts"
    with pytest.raises(QjscError) as e:
        edit_opinion(ctx, acc, {"conclusion": "合格"})
    assert e.value.code == "reports.section_unknown"
    edit_opinion(ctx, acc, {"issues": "企业清洁生产水平合格率有待提高。"})


def test_agreement_statistics() -> None:
    # Shrout & Fleiss (1979), 6 targets x 4 judges: ICC(2,1) = 0.29
    data = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
    raters = [[float(data[i][j]) for i in range(6)] for j in range(4)]
    icc = icc_2_1(raters)
    assert icc is not None and round(icc, 2) == 0.29
    same = [[1.0, 2.0, 3.0], [1.0, 2.0, 3.0], [1.0, 2.0, 3.0]]
    assert kendalls_w(same) == pytest.approx(1.0)
    assert kendalls_w([[1.0, 2.0]]) is None
    _ = Decimal
