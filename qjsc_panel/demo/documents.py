"""Demo content for the chair's documents: the PCB plant's performance table and the panel's
remarks, entered through the services before finalisation (``qjsc-panel demo``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from qjsc_panel.reports.performance import Measures, PerformanceTable, Target
from qjsc_panel.services.app import App

DEMO_PERFORMANCE = PerformanceTable(
    audit_start=date(2025, 9, 1),
    audit_end=date(2026, 8, 31),
    focus="沉铜、电镀工序的水耗与含铜废水",
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
        Target(
            indicator="含铜废水回用率", unit="%", baseline=Decimal("35"), target=Decimal("50"), achieved=Decimal("46")
        ),
    ],
    low_cost=Measures(proposed=18, implemented=18, investment=Decimal("42.5"), benefit=Decimal("36.8")),
    high_cost=Measures(proposed=4, implemented=4, investment=Decimal("685"), benefit=Decimal("212.4")),
    savings={"energy_tce": Decimal("356.2"), "electricity_kwh": Decimal("2898000"), "water_t": Decimal("86500")},
    reductions={
        "cod": Decimal("12.6"),
        "nh3n": Decimal("1.35"),
        "vocs": Decimal("3.2"),
        "hazardous_waste": Decimal("48.5"),
        "co2": Decimal("1654"),
    },
    level_before="二级",
    level_after="一级",
)

DEMO_ISSUES = (
    "1．含铜废水回用率（46%）未达到50%的目标，建议增设膜处理回用系统，补充回用水量计量台账。\n"
    "2．进一步核实电镀线节水改造后的水平衡数据，完善能源和水计量器具配备。\n"
    "3．完善持续清洁生产计划，明确下一轮审核目标、责任部门和完成时限。\n"
    "4．按本意见修改完善审核报告和绩效表，于验收后1个月内通过服务平台提交终稿材料。"
)


def fill_demo_documents(ctx: App, acc_uuid: str) -> None:
    """Performance table and the panel's remarks, as the secretary and the chair would type them."""
    from qjsc_panel.services.opinion import edit_opinion, set_performance

    set_performance(ctx, acc_uuid, DEMO_PERFORMANCE, source="demo")
    edit_opinion(ctx, acc_uuid, {"issues": DEMO_ISSUES})
