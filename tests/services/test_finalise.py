"""Closing an acceptance: every refusal of 第二十条 and of the panel's own rules, and the result."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from qjsc_panel.errors import QjscError
from qjsc_panel.services import acceptances, panel, registry, review, scoring, status, vetoes
from qjsc_panel.services.app import App
from tests.factories import Panel, dump, fill, make_panel, open_db


def refused(p: Panel, code: str, fn: Callable[..., object], *args: object, **kw: object) -> QjscError:
    before = dump(p.ctx.db)
    with pytest.raises(QjscError) as err:
        fn(*args, **kw)
    assert err.value.code == code, err.value.render("en")
    assert dump(p.ctx.db) == before
    return err.value


def blockers(p: Panel) -> set[str]:
    return {b.code for b in status.panel_status(p.ctx, p.acc).blockers}


@pytest.fixture
def p(db_url: Path | str, tmp_path: Path) -> Panel:
    return make_panel(open_db(db_url, tmp_path), 4)


def test_full_flow_to_result(p: Panel) -> None:
    for name, share in [("专家1", "0.9"), ("专家2", "0.8"), ("专家3", "0.8"), ("专家4", "0.75")]:
        fill(p, name, Decimal(share))
    st = status.panel_status(p.ctx, p.acc)
    assert st.quorum.reached and st.finalisable
    refused(p, "panel.not_chair", review.finalise, p.as_("专家2"), p.acc)
    record = review.finalise(p.chair_ctx, p.acc)
    assert record["status"] == "finalised" and record["result"] == "pass"
    means = {k: Decimal(v) for k, v in record["item_means"].items()}
    assert Decimal(record["mean_total"]) == pytest.approx(sum(means.values()), abs=Decimal("0.1"))
    assert record["composite"] == str(st.outcome.composite)  # type: ignore[union-attr]
    assert record["grade"] == ("excellent" if Decimal(record["composite"]) >= 75 else "good")
    again = review.result(p.ctx, p.acc)
    assert again["composite"] == record["composite"] and again["status"] == "finalised"
    # The acceptance is locked.
    refused(p, "acceptance.finalised", scoring.correct, p.as_("专家2"), p.members["专家2"], "late")
    refused(p, "acceptance.finalised", review.finalise, p.chair_ctx, p.acc)
    refused(p, "acceptance.finalised", panel.add_member, p.ctx, p.acc, role="bureau", name="x")
    en = review.result(App(p.ctx.db, lang="en"), p.acc)
    assert "pass" in en["conclusion"]


def test_no_quorum(p: Panel) -> None:
    fill(p, "专家1")
    fill(p, "专家2")
    err = refused(p, "quorum.short", review.finalise, p.chair_ctx, p.acc)
    assert "2" in err.render("zh") and "3" in err.render("zh")


def test_prerequisites_of_article_20(db_url: Path | str, tmp_path: Path) -> None:
    p = make_panel(open_db(db_url, tmp_path), 3, checks=False)
    # 第二十条: the visit follows 初审 and the penalty check, so no scoring before both.
    member = p.members["专家2"]
    panel.declare(p.as_("专家2"), member, [])
    refused(p, "acceptance.checks_pending_both", scoring.set_score, p.as_("专家2"), member, "1.1", "1")
    assert "finalise.prerequisites" in blockers(p)
    acceptances.record_prelim(p.ctx, p.acc, True)
    refused(p, "acceptance.checks_pending_penalty", scoring.set_score, p.as_("专家2"), member, "1.1", "1")
    acceptances.record_penalty_check(p.ctx, p.acc, False, "2026 年 3 月受到行政处罚")
    err = refused(p, "acceptance.penalised", scoring.set_score, p.as_("专家2"), member, "1.1", "1")
    assert "第二十条" in err.render("zh")
    assert "finalise.prerequisites" in blockers(p)
    acceptances.record_penalty_check(p.ctx, p.acc, True)
    for name in p.members:
        fill(p, name, declare=name != "专家2")
    assert review.finalise(p.chair_ctx, p.acc)["result"] == "pass"


def test_veto_must_be_decided_by_the_chair_with_a_reason(p: Panel) -> None:
    for name in p.members:
        fill(p, name)
    ctx2 = p.as_("专家2")
    refused(p, "veto.evidence_required", vetoes.propose_veto, ctx2, p.members["专家2"], "V1", " ")
    refused(p, "veto.unknown_item", vetoes.propose_veto, ctx2, p.members["专家2"], "V9", "x")
    pid = vetoes.propose_veto(ctx2, p.members["专家2"], "V3", "清洁生产水平低于三级")
    # The same proposal a second time (a double click) is refused and adds nothing.
    err = refused(
        p, "veto.already_proposed", vetoes.propose_veto, ctx2, p.members["专家2"], "V3", "清洁生产水平低于三级"
    )
    assert f"#{pid}" in err.render("zh")
    assert len(vetoes.list_vetoes(p.ctx, p.acc)) == 1
    refused(p, "veto.open", review.finalise, p.chair_ctx, p.acc)
    refused(p, "panel.not_chair", vetoes.decide_veto, ctx2, pid, True, "x")
    refused(p, "veto.reason_required", vetoes.decide_veto, p.chair_ctx, pid, True, "")
    vetoes.decide_veto(p.chair_ctx, pid, True, "经核实，单位产品能耗高于三级基准值")
    refused(p, "veto.already_decided", vetoes.decide_veto, p.chair_ctx, pid, False, "x")
    record = review.finalise(p.chair_ctx, p.acc)
    assert record["result"] == "fail" and record["grade"] is None and record["vetoed_by"] == ["V3"]
    assert "否决" in record["conclusion"]


def test_dismissed_veto_does_not_fail(p: Panel) -> None:
    for name in p.members:
        fill(p, name)
    pid = vetoes.propose_veto(p.as_("专家3"), p.members["专家3"], "V4", "疑似溢流")
    vetoes.decide_veto(p.chair_ctx, pid, False, "经核实为雨水")
    assert review.finalise(p.chair_ctx, p.acc)["result"] == "pass"


def test_outlier_needs_a_justification_or_a_rescore(p: Panel) -> None:
    for name in ["专家1", "专家2", "专家3"]:
        fill(p, name, Decimal("0.9"))
    fill(p, "专家4", Decimal("0.5"))
    err = refused(p, "outlier.unexplained", review.finalise, p.chair_ctx, p.acc)
    assert "专家4" in err.render("zh")
    refused(p, "outlier.not_flagged", review.justify_outlier, p.chair_ctx, p.acc, "专家2", "x")
    refused(p, "outlier.reason_required", review.justify_outlier, p.chair_ctx, p.acc, "专家4", "")
    # Re-scoring: a correction with higher scores clears the flag.
    scoring.correct(p.as_("专家4"), p.members["专家4"], "复核后重新评分")
    assert "sheet.correction_pending" in blockers(p)
    fill(p, "专家4", Decimal("0.85"), declare=False)
    assert blockers(p) == set()


def test_outlier_justified(p: Panel) -> None:
    for name in ["专家1", "专家2", "专家3"]:
        fill(p, name, Decimal("0.9"))
    fill(p, "专家4", Decimal("0.5"))
    review.justify_outlier(p.chair_ctx, p.acc, "专家4", "依据充分")
    record = review.finalise(p.chair_ctx, p.acc)
    assert record["outliers"][0]["member"] == "专家4" and record["outliers"][0]["note"] == "依据充分"


def test_recusal_after_scoring_blocks_until_the_sheet_is_excluded(p: Panel) -> None:
    for name in p.members:
        fill(p, name)
    registry_ctx = p.ctx
    panel.recuse(registry_ctx, p.members["专家4"], "评分后发现曾为该咨询机构提供服务")
    refused(p, "finalise.recused_scored", review.finalise, p.chair_ctx, p.acc)
    sheet = scoring.sheet_view(p.ctx, p.members["专家4"])
    assert sheet is not None
    refused(p, "panel.not_chair", scoring.exclude_sheet, p.ctx, sheet.uuid, "回避")
    scoring.exclude_sheet(p.chair_ctx, sheet.uuid, "专家回避，其评分不计入")
    record = review.finalise(p.chair_ctx, p.acc)
    assert record["quorum"]["counted"] == 3
    assert [m["name"] for m in record["members"] if m["recused"]] == ["专家4"]


def test_unsigned_excel_sheet_counts_only_after_paper_check(p: Panel) -> None:
    for name in ["专家1", "专家2", "专家3"]:
        fill(p, name)
    member = p.members["专家4"]
    panel.declare(p.as_("专家4"), member, [])
    scores = {i.id: (i.max_points * Decimal("0.8") / i.step).to_integral_value() * i.step for i in p.form.items}
    scoring.import_sheet(
        p.chair_ctx,
        member,
        sheet_uuid="x" * 36,
        version=1,
        supersedes_uuid=None,
        reason="",
        scores=scores,
        comments={},
        form_hash=p.form.content_hash,
        source="xlsx",
        signed=False,
    )
    st = status.panel_status(p.ctx, p.acc)
    assert st.quorum.counted == 3 and "sheet.unconfirmed" in {b.code for b in st.blockers}
    refused(p, "panel.not_chair", scoring.confirm_paper, p.ctx, "x" * 36)
    scoring.confirm_paper(p.chair_ctx, "x" * 36)
    assert status.panel_status(p.ctx, p.acc).quorum.counted == 4
    assert review.finalise(p.chair_ctx, p.acc)["quorum"]["counted"] == 4


def test_trimmed_method_with_five_experts(db_url: Path | str, tmp_path: Path) -> None:
    p = make_panel(open_db(db_url, tmp_path), 5, method="trimmed")
    for name, share in zip(p.members, ["0.9", "0.8", "0.8", "0.8", "0.7"], strict=True):
        fill(p, name, Decimal(share))
    record = review.finalise(p.chair_ctx, p.acc)
    assert record["method"] == "trimmed"
    assert set(record["dropped"]) == {"专家1", "专家5"}
    assert record["retained"] == ["专家2", "专家3", "专家4"]


def test_eligibility_is_checked_when_an_acceptance_opens(db_url: Path | str, tmp_path: Path) -> None:
    db = open_db(db_url, tmp_path)
    ctx = App(db, actor="secretary")
    young = registry.add_enterprise(ctx, "新公司", "91440300MA5YNG001Y", "南山区", "legal_person", date(2025, 6, 1))
    with pytest.raises(QjscError) as err:
        acceptances.create_acceptance(ctx, young, date(2026, 11, 20))
    assert err.value.code == "eligibility.refused" and "2 年" in err.value.render("zh")
    listed = registry.add_enterprise(ctx, "强审企业", "91440300MA5L1T001T", "龙岗区", "legal_person", date(2010, 1, 1))
    registry.add_mandatory_listing(ctx, listed, 2026)
    with pytest.raises(QjscError) as err:
        acceptances.create_acceptance(ctx, listed, date(2026, 11, 20))
    assert "强制性" in err.value.render("zh")
    acceptances.create_acceptance(ctx, listed, date(2027, 3, 1))  # next year it may apply
    with pytest.raises(QjscError) as err:
        registry.add_enterprise(ctx, "重复", "91440300ma5l1t001t", "龙岗区", "legal_person", date(2010, 1, 1))
    assert err.value.code == "enterprise.duplicate"


def test_first_application_after_five_years(db_url: Path | str, tmp_path: Path) -> None:
    db = open_db(db_url, tmp_path)
    p = make_panel(db, 3)
    for name in p.members:
        fill(p, name)
    review.finalise(p.chair_ctx, p.acc)
    ent = json.loads(json.dumps(review.result(p.ctx, p.acc)))["enterprise"]["credit_code"]
    ctx = p.ctx
    ent_id = next(e["id"] for e in registry.list_enterprises(ctx) if e["credit_code"] == ent)
    soon = acceptances.create_acceptance(ctx, ent_id, date(2029, 1, 1))
    later = acceptances.create_acceptance(ctx, ent_id, date(2031, 12, 1))
    firsts = {a: review.result(ctx, a)["first_application"] for a in (soon, later)}
    assert firsts == {soon: False, later: True}


def test_final_materials_and_bureau_decision(p: Panel) -> None:
    refused(
        p, "acceptance.not_finalised", acceptances.record_bureau_decision, p.ctx, p.acc, "approved", date(2026, 12, 10)
    )
    for name in p.members:
        fill(p, name)
    review.finalise(p.chair_ctx, p.acc)
    assert acceptances.record_final_materials(p.ctx, p.acc, date(2026, 12, 20)) is True
    assert acceptances.record_final_materials(p.ctx, p.acc, date(2026, 12, 21)) is False
    acceptances.record_bureau_decision(p.ctx, p.acc, "approved", date(2026, 12, 30))
    assert review.result(p.ctx, p.acc)["bureau_decision"] == "approved"
