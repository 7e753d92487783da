"""The Excel route: template structure, filled-in round trip, and each problem named by cell."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from qjsc_panel.errors import QjscError
from qjsc_panel.exchange import xlsx
from qjsc_panel.services import exchange, panel, scoring
from qjsc_panel.services.status import panel_status
from tests.exchange.conftest import World


@pytest.fixture
def template(world: World) -> Path:
    panel.declare(world.chair_ctx, world.member_ids["王专家"], [])  # on paper, recorded
    return exchange.write_template(world.chair_ctx, world.acc, "王专家", world.root / "王专家.xlsx")


def fill(
    path: Path,
    world: World,
    values: dict[str, Any] | None = None,
    comments: dict[str, str] | None = None,
    out: Path | None = None,
) -> Path:
    wb = load_workbook(path)
    for item in world.form.items:
        sheet, ref = next(iter(wb.defined_names[xlsx.score_name(item.id)].destinations))
        value: Any = float(item.max_points - item.step)
        if values and item.id in values:
            value = values[item.id]
        wb[sheet][ref.replace("$", "")] = value
        if comments and item.id in comments:
            wb[sheet][f"F{ref.replace('$', '')[1:]}"] = comments[item.id]
    target = out or path.with_name("filled-" + path.name)
    wb.save(target)
    return target


def test_template_structure(world: World, template: Path) -> None:
    wb = load_workbook(template)
    ws = wb["评分表"]
    assert ws.protection.sheet is True
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4) and ws.page_setup.orientation == "portrait"
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert wb[xlsx.META_SHEET].sheet_state == "veryHidden"
    unlocked = {c.coordinate for row in ws.iter_rows() for c in row if not c.protection.locked}
    items = world.form.items
    assert len(unlocked) == 2 * len(items)  # exactly score + comment per item
    assert {c[0] for c in unlocked} == {"E", "F"}
    for item in items:
        dn = wb.defined_names[xlsx.score_name(item.id)]
        _, ref = next(iter(dn.destinations))
        row = int(ref.replace("$", "")[1:])
        assert ws[f"A{row}"].value == item.id
        assert Decimal(str(ws[f"D{row}"].value)) == item.max_points
        assert f"E{row}" in unlocked
    assert len(ws.data_validations.dataValidation) == len(items)
    assert ws["A1"].font.name == "LXGW WenKai" and "评分表" in ws["A1"].value


def test_round_trip_is_unsigned_until_paper_confirmed(world: World, template: Path) -> None:
    filled = fill(template, world, {"1.1": 2.5, "3.4": "12"}, {"1.1": "培训记录不全"})
    result = exchange.import_xlsx(world.chair_ctx, filled)
    assert result.status == "imported" and result.name == "王专家"
    view = scoring.sheet_view(world.chair_ctx, world.member_ids["王专家"])
    assert view is not None and view.source == "xlsx" and not view.signed
    assert view.scores["1.1"] == Decimal("2.5") and view.scores["3.4"] == Decimal(12)
    assert view.comments["1.1"] == "培训记录不全"
    row = panel_status(world.chair_ctx, world.acc).member(world.member_ids["王专家"])
    assert row.submitted is not None and row.counted is None  # unsigned: not yet counted
    scoring.confirm_paper(world.chair_ctx, result.sheet_uuid)
    row = panel_status(world.chair_ctx, world.acc).member(world.member_ids["王专家"])
    assert row.counted is not None and row.counted.uuid == result.sheet_uuid
    # Importing the same workbook again changes nothing and says so.
    before = world.db_hash()
    assert exchange.import_xlsx(world.chair_ctx, filled).status == "duplicate"
    assert world.db_hash() == before


def problems_of(world: World, path: Path) -> list[QjscError]:
    before = world.db_hash()
    with pytest.raises(QjscError) as caught:
        exchange.import_xlsx(world.chair_ctx, path)
    assert world.db_hash() == before
    error = caught.value
    if error.code.startswith("exchange."):
        assert "未做任何修改" in error.render("zh") and "Nothing was changed" in error.render("en")
    return list(getattr(error, "problems", [error]))


def test_each_bad_cell_is_named(world: World, template: Path) -> None:
    filled = fill(template, world, {"1.1": "三分", "1.2": 4.5, "1.3": 2.3, "1.4": None})
    found = {(p.code, p.params.get("cell"), p.params.get("item")) for p in problems_of(world, filled)}
    cell = {item: _score_cell(template, item) for item in ("1.1", "1.2", "1.3", "1.4")}
    assert found == {
        ("exchange.xlsx_text", cell["1.1"], "1.1"),
        ("exchange.xlsx_range", cell["1.2"], "1.2"),
        ("exchange.xlsx_step", cell["1.3"], "1.3"),
        ("exchange.xlsx_missing", cell["1.4"], "1.4"),
    }


def _score_cell(path: Path, item_id: str) -> str:
    wb = load_workbook(path)
    _, ref = next(iter(wb.defined_names[xlsx.score_name(item_id)].destinations))
    return str(ref.replace("$", ""))


def test_missing_item(world: World, template: Path) -> None:
    filled = fill(template, world)
    wb = load_workbook(filled)
    del wb.defined_names[xlsx.score_name("5.4")]
    wb.save(filled)
    (problem,) = problems_of(world, filled)
    assert problem.code == "exchange.xlsx_item_missing" and problem.params["item"] == "5.4"


def test_other_form_version(world: World, template: Path) -> None:
    filled = fill(template, world)
    wb = load_workbook(filled)
    meta = wb[xlsx.META_SHEET]
    meta[f"B{xlsx.META_ROWS['form_hash']}"] = "0" * 64
    meta[f"B{xlsx.META_ROWS['form']}"] = "sz-qjsc-acceptance 2024.1"
    wb.save(filled)
    (problem,) = problems_of(world, filled)
    assert problem.code == "exchange.xlsx_other_form"
    assert problem.params["cell"] == f"_qjsc!B{xlsx.META_ROWS['form_hash']}"
    assert "2024.1" in problem.render("zh")


def test_not_a_workbook_and_not_a_template(world: World) -> None:
    junk = world.root / "junk.xlsx"
    junk.write_bytes(b"PK\x03\x04 not really")
    (problem,) = problems_of(world, junk)
    assert problem.code == "exchange.xlsx_unreadable"
    from openpyxl import Workbook

    plain = world.root / "plain.xlsx"
    Workbook().save(plain)
    (problem,) = problems_of(world, plain)
    assert problem.code == "exchange.xlsx_not_template"


def test_recused_expert_cannot_be_imported(world: World, template: Path) -> None:
    filled = fill(template, world)
    panel.recuse(world.chair_ctx, world.member_ids["王专家"], "亲属在企业任职")
    (problem,) = problems_of(world, filled)
    assert problem.code == "panel.recused"
