"""A hand-built compilation for the renderer tests (no database needed)."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from qjsc_panel.domain.form import load_form
from qjsc_panel.domain.scoring import Sheet, aggregate, decide
from qjsc_panel.paths import default_form_path
from qjsc_panel.reports.model import (
    Compilation,
    ItemInfo,
    Member,
    SheetInfo,
    VetoInfo,
    VetoItemInfo,
)
from qjsc_panel.reports.opinion import OpinionText
from qjsc_panel.reports.performance import Measures, PerformanceTable, Target

if TYPE_CHECKING:
    from qjsc_panel.demo.run import Demo
    from qjsc_panel.store.db import Database

NAMES = [
    "王建国",
    "李晓梅",
    "张志强",
    "陈丽华",
    "刘洋",
    "赵永红",
    "孙海涛",
    "周敏",
    "吴俊峰",
    "郑晓东",
    "黄立新",
    "何振宇",
    "林静",
    "高峰",
    "马文博",
    "罗锐",
]


def sample_compilation(n_experts: int = 5, seed: int = 7, veto: bool = False) -> Compilation:
    form = load_form(default_form_path())
    rng = random.Random(seed)
    members = [
        Member(
            id=i + 1,
            name=NAMES[i],
            role="expert",
            is_chair=(i == 0),
            employer=[
                "深圳市环境科学研究院",
                "哈尔滨工业大学（深圳）",
                "深圳市节能环保协会",
                "广东省环境保护工程研究设计院",
                "深圳职业技术大学",
            ][i % 5],
            title="高级工程师" if i % 3 else "教授级高级工程师",
            title_level="senior",
            years=15 + i,
            speciality=["清洁生产", "节能", "水处理", "大气污染防治", "固体废物"][i % 5],
            phone=f"1380013{8000 + i:04d}",
            key_fingerprint=f"{rng.getrandbits(256):064x}",
            declared=True,
        )
        for i in range(n_experts)
    ]
    members.append(
        Member(
            id=90,
            name="罗锐",
            role="expert",
            employer="某咨询公司",
            title="高级工程师",
            declared=True,
            conflicts=("employed_by_consultancy",),
            recused=True,
            recusal_reason="本人受雇于承担本项目审核的咨询服务机构",
            key_fingerprint=f"{rng.getrandbits(256):064x}",
        )
    )
    members.append(
        Member(
            id=91, name="何振宇", role="bureau", employer="深圳市工业和信息化局", title="四级主任科员", declared=True
        )
    )
    members.append(
        Member(id=92, name="林静", role="district", employer="宝安区工业和信息化局", title="科员", declared=True)
    )
    sheets: list[SheetInfo] = []
    dom_sheets = []
    for m in members[:n_experts]:
        scores = {}
        for it in form.items:
            steps = int(it.max_points / it.step)
            scores[it.id] = it.step * rng.randint(int(steps * 0.6), steps)
        dom_sheets.append(Sheet(str(m.id), scores))
        sheets.append(
            SheetInfo(
                member_id=m.id,
                name=m.name,
                uuid=f"00000000-0000-0000-0000-{m.id:012d}",
                version=1,
                status="submitted",
                scores=scores,
                source="package",
                signed=True,
                signer_fingerprint=m.key_fingerprint,
                counted=True,
            )
        )
    agg = aggregate(form, dom_sheets)
    vetoes = [
        VetoInfo(
            1,
            "V4",
            form.veto_by_id["V4"].text.zh,
            NAMES[2],
            "企业2024年曾因废水超标受到行政处罚",
            "confirmed" if veto else "dismissed",
            "经核查处罚决定书，该处罚发生于验收前13个月，不在近一年内" if not veto else "处罚发生于近一年内",
            NAMES[0],
        )
    ]
    outcome = decide(form, agg.composite, ["V4"] if veto else [])
    return Compilation(
        acceptance_uuid="3f1c2b9e-8a4d-4c7e-9b1a-2d5e6f7a8b9c",
        status="finalised",
        enterprise_name="深圳市鹏程电路科技有限公司",
        credit_code="91440300MA5F123456",
        district="宝安区",
        visit_date=date(2025, 11, 20),
        place="企业会议室",
        address="深圳市宝安区福海街道",
        industry="印制电路板制造",
        products="多层印制电路板、HDI板",
        scale="年产印制电路板120万平方米，员工860人",
        consultancy="深圳市绿源环保咨询有限公司",
        form_title=form.title.zh,
        form_id=form.id,
        form_version=form.version,
        form_hash=form.content_hash,
        total_points=form.total,
        pass_mark=form.thresholds.pass_,
        excellent_mark=form.thresholds.excellent,
        items=[
            ItemInfo(
                i.id,
                (form.category_of(i.id).title.zh if form.category_of(i.id) else ""),  # type: ignore[union-attr]
                i.text.zh,
                i.max_points,
            )
            for i in form.items
        ],
        veto_items=[VetoItemInfo(v.id, v.text.zh, v.article) for v in form.veto_items],
        members=members,
        sheets=sheets,
        vetoes=vetoes,
        item_means=agg.item_means,
        composite=agg.composite,
        result=outcome.result.value,
        grade=outcome.grade.value if outcome.grade else None,
        quorum_counted=n_experts,
    )


def sample_performance() -> PerformanceTable:
    return PerformanceTable(
        audit_start=date(2024, 9, 1),
        audit_end=date(2025, 8, 31),
        focus="沉铜、电镀工序的水耗和铜排放",
        targets=[
            Target(
                indicator="单位产品新鲜水耗",
                unit="m³/m²",
                baseline=Decimal("0.62"),
                target=Decimal("0.55"),
                achieved=Decimal("0.53"),
            ),
            Target(
                indicator="单位产品综合能耗",
                unit="kgce/m²",
                baseline=Decimal("9.8"),
                target=Decimal("9.0"),
                achieved=Decimal("8.9"),
            ),
        ],
        low_cost=Measures(proposed=18, implemented=18, investment=Decimal("42.5"), benefit=Decimal("36.8")),
        high_cost=Measures(proposed=4, implemented=4, investment=Decimal("685"), benefit=Decimal("212.4")),
        savings={"energy_tce": Decimal("356.2"), "electricity_kwh": Decimal("2898000"), "water_t": Decimal("86500")},
        reductions={"cod": Decimal("12.6"), "nh3n": Decimal("1.35"), "vocs": Decimal("3.2"), "co2": Decimal("1654")},
        level_before="二级",
        level_after="一级",
    )


def sample_text() -> OpinionText:
    return OpinionText(
        sections={
            "issues": "1．进一步核实电镀线节水改造后的水平衡数据，补充计量台账。\n"
            "2．完善持续清洁生产计划，明确下一轮审核目标和责任部门。\n"
            "3．按本意见修改完善审核报告和绩效表，于验收后1个月内通过服务平台提交终稿。"
        }
    )


def open_demo_acceptance(db: Database, out: Path) -> Demo:
    """The lead's demo up to (not including) finalisation, with the experts scoring on this
    laptop directly (fast: no simulated laptops or packages)."""
    from qjsc_panel.demo import run as d
    from qjsc_panel.services import scoring
    from qjsc_panel.services.app import App

    demo = d.Demo(App(db, actor=d.SECRETARY), out)
    d.set_up(demo)
    d.declare(demo)
    for name, scores in d.demo_scores(demo).items():
        ctx = d.as_actor(demo.ctx, name)
        member = demo.members[name]
        for item_id, value in scores.items():
            scoring.set_score(ctx, member, item_id, value)
        scoring.submit(ctx, member)
    return demo
