"""A realistic acceptance, run end to end through the services (``qjsc-panel demo``).

The enterprise, firm and people are invented.  Steps are separate functions so that later
stages (signed packages, PDF, workbook) plug in without touching the rest.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from qjsc_panel.domain.form import Form
from qjsc_panel.services import acceptances, panel, registry, review, vetoes
from qjsc_panel.services.app import App

VISIT = date(2026, 11, 20)
SECRETARY = "林晓"

# name, title, level, years, employer, speciality, phone, share of each item's maximum
EXPERTS = [
    ("陈建华", "教授级高级工程师", "senior", 28, "深圳市环境科学研究院", "电镀与线路板污染防治", "13800000001", "0.86"),
    ("李明远", "高级工程师", "senior", 19, "哈尔滨工业大学（深圳）", "清洁生产与节能", "13800000002", "0.83"),
    ("王秀兰", "高级工程师", "senior", 22, "深圳市节能中心", "能源审计", "13800000003", "0.80"),
    ("刘志强", "工程师", "intermediate", 14, "深圳市某检测技术有限公司", "水污染治理", "13800000004", "0.60"),
    ("周立新", "高级工程师", "senior", 16, "深圳市华南清洁生产技术研究所", "固体废物管理", "13800000005", "0.82"),
]
RECUSED = "周立新"  # worked for the consultancy until last year


@dataclass
class Demo:
    ctx: App  # the chair's laptop: the demo database, data directory DIR/laptops/chair
    out: Path
    acceptance: str = ""
    members: dict[str, int] = field(default_factory=dict)  # name -> member id
    chair: str = EXPERTS[0][0]
    form: Form | None = None


def as_actor(ctx: App, actor: str) -> App:
    return ctx.as_actor(actor)


def set_up(demo: Demo) -> None:
    """The secretary registers the enterprise, the firm and the experts, and opens the panel."""
    ctx = as_actor(demo.ctx, SECRETARY)
    firm = registry.add_consultancy(ctx, "深圳市绿源环境技术咨询有限公司", "91440300MA5DEMO02X")
    ent = registry.add_enterprise(
        ctx,
        "深圳市恒泰精密电路有限公司",
        "91440300MA5DEMO01K",
        "宝安区",
        "legal_person",
        date(2012, 6, 18),
        address="深圳市宝安区福海街道和平社区工业路 88 号",
        industry="印制电路板制造（C3982）",
        products="双面及多层印制电路板，年产 60 万平方米",
        scale="员工 860 人，年产值 4.2 亿元",
    )
    demo.acceptance = acceptances.create_acceptance(
        ctx,
        ent,
        VISIT,
        consultancy_id=firm,
        place="企业三楼会议室",
        method="mean",
    )
    acceptances.record_prelim(ctx, demo.acceptance, True, "宝安区工业和信息化局初审通过")
    acceptances.record_penalty_check(ctx, demo.acceptance, True, "经查询，近一年无环境行政处罚记录")
    for i, (name, title, level, years, employer, spec, phone, _) in enumerate(EXPERTS):
        xid = registry.add_expert(ctx, name, level, years, employer=employer, title=title, speciality=spec, phone=phone)
        demo.members[name] = panel.add_member(ctx, demo.acceptance, expert_id=xid, is_chair=(i == 0))
    panel.add_member(
        ctx, demo.acceptance, role="bureau", name="黄海燕", employer="深圳市工业和信息化局", title="一级主任科员"
    )
    panel.add_member(
        ctx, demo.acceptance, role="district", name="吴卫东", employer="宝安区工业和信息化局", title="科长"
    )
    demo.form = acceptances.load_acceptance_form(ctx, demo.acceptance)


def declare(demo: Demo) -> None:
    for name, member in demo.members.items():
        ctx = as_actor(demo.ctx, name)
        if name == RECUSED:
            panel.declare(ctx, member, ["employed_by_consultancy"], "2019—2025 年在该咨询机构任技术负责人")
        else:
            panel.declare(ctx, member, [])


def plausible_scores(form: Form, share: Decimal, seed: int) -> dict[str, Decimal]:
    """Scores near ``share`` of each maximum, on the item's step, varied per item."""
    rng = random.Random(seed)
    scores = {}
    for item in form.items:
        ratio = share + Decimal(rng.randint(-8, 8)) / 100
        raw = item.max_points * max(Decimal(0), min(Decimal(1), ratio))
        steps = (raw / item.step).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        scores[item.id] = steps * item.step
    return scores


def demo_scores(demo: Demo) -> dict[str, dict[str, Decimal]]:
    assert demo.form is not None
    return {
        name: plausible_scores(demo.form, Decimal(share), seed)
        for seed, (name, *_rest, share) in enumerate(EXPERTS)
        if name != RECUSED
    }


def score_on_laptops(demo: Demo) -> None:
    """Each expert scores on his or her own (simulated) laptop; the signed, encrypted packages
    reach the chair's laptop as files in ``DIR/sheets/`` and are imported there."""
    from qjsc_panel.demo.laptops import exchange_sheets

    scores = demo_scores(demo)
    comment = {"4.2": "含铜废水回用率偏低，建议增设膜处理回用系统"}
    exchange_sheets(
        as_actor(demo.ctx, demo.chair),
        demo.acceptance,
        demo.members,
        scores,
        demo.out,
        comments={name: comment for name in scores},
    )


def review_and_finalise(demo: Demo) -> dict[str, Any]:
    """A veto is proposed and dismissed, the outlier is explained, the chair finalises."""
    proposer = as_actor(demo.ctx, "李明远")
    proposal = vetoes.propose_veto(
        proposer,
        demo.members["李明远"],
        "V4",
        "现场查看发现废水总排口旁地面有疑似溢流痕迹，需核实近一年是否发生污染事件",
    )
    chair = as_actor(demo.ctx, demo.chair)
    vetoes.decide_veto(
        chair,
        proposal,
        False,
        "经核查为雨水管网冲洗痕迹；企业提供的近一年在线监测数据均达标，"
        "宝安区生态环境部门出具无处罚证明，不构成否决情形",
    )
    review.justify_outlier(
        chair,
        demo.acceptance,
        "刘志强",
        "刘志强专家对废水回用和清洁生产方案实施情况评价偏严，经组内讨论，其评分依据充分，予以保留",
    )
    return review.finalise(chair, demo.acceptance)


def write_outputs(demo: Demo, record: dict[str, Any]) -> list[Path]:
    path = demo.out / "result.json"
    path.write_text(json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    # The chair's outputs (reports): the signed opinion PDF, the workbook and the bundle.
    from qjsc_panel.demo.outputs import demo_outputs

    return [path, *demo_outputs(as_actor(demo.ctx, demo.chair), demo.acceptance, demo.out)]


def run_demo(out: Path, lang: str = "zh") -> tuple[dict[str, Any], list[Path]]:
    out.mkdir(parents=True, exist_ok=True)
    db_path = out / "demo.sqlite3"
    for stale in out.glob("demo.sqlite3*"):
        stale.unlink()
    # The database the secretary and the chair work on; the chair's keys live on "the chair's
    # laptop", a data directory of its own next to the experts'.
    app = App(home=out / "laptops" / "chair", db_path=db_path, actor=SECRETARY, lang=lang)
    try:
        demo = Demo(app, out)
        set_up(demo)
        declare(demo)
        score_on_laptops(demo)
        # The chair enters the performance table (绩效表) the opinion quotes, then closes.
        from qjsc_panel.demo.documents import fill_demo_documents

        fill_demo_documents(as_actor(demo.ctx, demo.chair), demo.acceptance)
        record = review_and_finalise(demo)
        written = write_outputs(demo, record)
        return record, [db_path, *written]
    finally:
        app.close()
