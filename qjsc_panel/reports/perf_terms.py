"""The performance table's row keys and labels (domain.md §6), without the model.

Kept apart from :mod:`qjsc_panel.reports.performance` (a pydantic model, 0.1–0.3 s to import)
so that rendering a document, which only reads a table it is handed, never imports pydantic.
"""

from __future__ import annotations

# (key, zh label, en label, unit)
SAVINGS: list[tuple[str, str, str, str]] = [
    ("energy_tce", "节约标准煤", "energy saved", "tce/a"),
    ("electricity_kwh", "节电", "electricity saved", "kWh/a"),
    ("water_t", "节水", "water saved", "t/a"),
    ("materials_t", "节约物料", "materials saved", "t/a"),
]
REDUCTIONS: list[tuple[str, str, str, str]] = [
    ("cod", "化学需氧量（COD）", "COD", "t/a"),
    ("nh3n", "氨氮（NH3-N）", "NH3-N", "t/a"),
    ("so2", "二氧化硫（SO2）", "SO2", "t/a"),
    ("nox", "氮氧化物（NOx）", "NOx", "t/a"),
    ("vocs", "挥发性有机物（VOCs）", "VOCs", "t/a"),
    ("particulates", "颗粒物", "particulates", "t/a"),
    ("hazardous_waste", "危险废物", "hazardous waste", "t/a"),
    ("solid_waste", "一般工业固体废物", "general solid waste", "t/a"),
    ("co2", "二氧化碳（CO2）", "CO2", "t/a"),
]
MEASURE_FIELDS: list[tuple[str, str, str, str]] = [
    ("proposed", "提出（项）", "proposed", "项"),
    ("implemented", "已实施（项）", "implemented", "项"),
    ("investment", "投资（万元）", "investment", "万元"),
    ("benefit", "年经济效益（万元/年）", "annual benefit", "万元/a"),
]
COST_CLASSES: list[tuple[str, str, str]] = [
    ("low_cost", "无/低费方案", "no/low-cost measures"),
    ("high_cost", "中/高费方案", "medium/high-cost measures"),
]
