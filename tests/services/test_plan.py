"""The year's plan from the 征集表 and the mandatory list: errors by row and column, eligibility on
entry, the pre-visit checks with who and when, and the published 验收计划名单."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from qjsc_panel.errors import QjscError
from qjsc_panel.services import acceptances, firms, plan, registry
from qjsc_panel.services.context import Ctx
from tests.factories import dump, open_db

GOOD = [
    (
        1,
        "深圳市甲电子有限公司",
        "914403001922038216",
        "南山区",
        "C3982",
        "2010-05-01",
        "独立法人",
        "绿源咨询",
        5,
        "张三",
    ),
    (2, "深圳市乙新材料有限公司", "91440300708461136T", "深汕特别合作区", "C2641", date(2025, 8, 1), "", "", "", ""),
    (3, "深圳市丙电路有限公司", "91440300MA5F123452", "宝安区", "C3971", "2012-01-01", "独立法人", "", 9, ""),
]


def sheet(path: Path, rows: Sequence[Sequence[object]], headers: tuple[str, ...] = plan.PLAN_HEADERS) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["深圳市自愿性清洁生产审核计划征集表"])
    ws.append(list(headers))
    for r in rows:
        ws.append(list(r))
    wb.save(path)
    return path


@pytest.fixture
def ctx(db_url: Path | str, tmp_path: Path) -> Ctx:
    c = Ctx(open_db(db_url, tmp_path), actor="秘书甲")
    registry.add_consultancy(c, "绿源咨询", "91440300MA5DEMC02G")
    return c


def test_errors_are_named_by_row_and_column_and_nothing_is_stored(ctx: Ctx, tmp_path: Path) -> None:
    bad = [
        GOOD[0],
        (2, "", "91440300MA5DEMO01K", "广州市", "X99", "去年", "分公司", "无名咨询", 13, ""),
        (3, "深圳市丁有限公司", "914403001922038216", "龙岗区", "C39", "2010-01-01", "", "", "", ""),
    ]
    before = dump(ctx.db)
    with pytest.raises(plan.ImportError_) as err:
        plan.import_plan(ctx, sheet(tmp_path / "bad.xlsx", bad), 2026)
    where = {(p.row, p.column) for p in err.value.problems}
    assert where == {(4, "B"), (4, "C"), (4, "D"), (4, "E"), (4, "F"), (4, "G"), (4, "H"), (4, "I"), (5, "C")}
    text = err.value.render("zh")
    assert "第 4 行 C 列（统一社会信用代码）" in text and "与第 3 行重复" in text
    assert "row 4, column D" in err.value.render("en")
    assert dump(ctx.db) == before


def test_import_computes_eligibility_and_publishes_the_list(ctx: Ctx, tmp_path: Path) -> None:
    assert plan.import_plan(ctx, sheet(tmp_path / "plan.xlsx", GOOD), 2026) == 3
    rows = {r.enterprise: r for r in plan.list_plan(ctx, 2026)}
    assert rows["深圳市甲电子有限公司"].eligible and rows["深圳市甲电子有限公司"].consultancy == "绿源咨询"
    young = rows["深圳市乙新材料有限公司"]
    assert not young.eligible and young.reasons == ("eligibility.too_young",)
    assert "成立时间不足 2 年" in young.reasons_text("zh") and "less than 2 years" in young.reasons_text("en")
    # The mandatory list arrives later: the third enterprise is no longer eligible; unknown codes come back.
    wb = sheet(
        tmp_path / "m.xlsx",
        [(1, "丙", "91440300MA5F123452"), (2, "未登记", "91440300MA5DEMC01D")],
        plan.MANDATORY_HEADERS,
    )
    assert plan.import_mandatory(ctx, wb, 2026) == (1, ["91440300MA5DEMC01D"])
    rows = {r.enterprise: r for r in plan.list_plan(ctx, 2026)}
    assert rows["深圳市丙电路有限公司"].reasons == ("eligibility.mandatory_list",)
    # Pre-visit checks recorded with who and when show in the plan.
    ent = rows["深圳市甲电子有限公司"].enterprise_id
    acc = acceptances.create_acceptance(ctx, ent, date(2026, 5, 20))
    acceptances.record_prelim(Ctx(ctx.db, actor="区工信 李"), acc, True, "材料齐全")
    acceptances.record_penalty_check(ctx, acc, True)
    row = {r.enterprise: r for r in plan.list_plan(ctx, 2026)}["深圳市甲电子有限公司"]
    assert row.acceptance == acc and row.prelim and row.prelim_by == "区工信 李" and row.prelim_at is not None
    assert row.penalty_clean and row.penalty_by == "秘书甲"
    xlsx, pdf = plan.publish_plan(ctx, 2026, tmp_path / "out")
    from openpyxl import load_workbook

    ws = load_workbook(xlsx).active
    assert ws is not None
    names = [c.value for c in ws["B"]][2:]
    assert names == ["深圳市甲电子有限公司"]  # only the eligible
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "深圳市甲电子有限公司" in text and "深圳市乙新材料有限公司" not in text
    with pytest.raises(QjscError):
        plan.add_plan_entry(ctx, 2026, ent)  # already in the plan


def test_not_a_workbook_and_no_header(ctx: Ctx, tmp_path: Path) -> None:
    junk = tmp_path / "junk.xlsx"
    junk.write_text("not a workbook")
    with pytest.raises(QjscError) as err:
        plan.import_plan(ctx, junk, 2026)
    assert err.value.code == "secretary.not_xlsx"
    with pytest.raises(QjscError) as err:
        plan.import_plan(ctx, sheet(tmp_path / "h.xlsx", GOOD, ("a", "b", "c")), 2026)
    assert err.value.code == "secretary.no_header"


def test_enterprise_details_history_and_consultancy_list(ctx: Ctx) -> None:
    ent = registry.add_enterprise(ctx, "甲", "914403001922038216", "南山区", "legal_person", date(2010, 1, 1))
    firms.set_enterprise_details(ctx, ent, industry_code_="c3982", legal_status="active")
    with pytest.raises(QjscError) as err:
        firms.set_enterprise_details(ctx, ent, industry_code_="3982")
    assert "GB/T 4754" in err.value.render("en")
    assert registry.list_enterprises(ctx)[0]["id"] == ent
    acc = acceptances.create_acceptance(ctx, ent, date(2026, 3, 1))
    (h,) = firms.enterprise_history(ctx, ent)
    assert h.uuid == acc and h.status == "open"
    firm = registry.list_consultancies(ctx)[0]["id"]
    with pytest.raises(QjscError):
        firms.set_consultancy_record(ctx, firm, ["legal_person"], 2026)
    firms.set_consultancy_record(ctx, firm, ["staff", "legal_person", "equipment"], 2026, "深工信〔2026〕1号")
    assert [f["name"] for f in firms.published_list(ctx, 2026)] == ["绿源咨询"]
    assert firms.published_list(ctx, 2025) == []
