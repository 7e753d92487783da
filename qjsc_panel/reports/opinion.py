"""The opinion's text (domain.md §5): prefilled sections the panel may edit, and a conclusion
that is computed and cannot be edited into contradiction with the score and the vetoes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from qjsc_panel.errors import QjscError
from qjsc_panel.reports.model import Compilation, fmt1
from qjsc_panel.reports.perf_terms import REDUCTIONS, SAVINGS
from qjsc_panel.reports.texts import CONFLICT_ZH, ROLE_ZH

if TYPE_CHECKING:  # the model (pydantic) is not needed to read a table
    from qjsc_panel.reports.performance import PerformanceTable

SECTIONS: list[tuple[str, str]] = [
    ("overview", "一、企业概况"),
    ("process", "二、审核过程"),
    ("measures", "三、方案实施情况"),
    ("performance", "四、清洁生产绩效"),
    ("level", "五、清洁生产水平"),
    ("issues", "六、存在问题及建议"),
]
CONCLUSION_TITLE = "七、验收结论"
SECTION_KEYS = [k for k, _ in SECTIONS]
GRADE_ZH = {"excellent": "优秀", "good": "良好"}
RESULT_ZH = {"pass": "合格", "fail": "不合格"}
METHOD_ZH = {
    "mean": "各评分项取全体有效评分专家的算术平均值，综合得分为各项平均分之和，最终四舍五入保留一位小数",
    "trimmed": "专家人数不少于5名时去掉一个最高总分和一个最低总分后取算术平均，综合得分四舍五入保留一位小数",
}


@dataclass
class OpinionText:
    """What the panel typed.  ``None`` for a section means "use the prefilled text"."""

    sections: dict[str, str] = field(default_factory=dict)
    organiser: str = ""  # e.g. 深圳市工业和信息化局会同宝安区工业和信息化局
    signed_on: date | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "sections": dict(self.sections),
            "organiser": self.organiser,
            "signed_on": self.signed_on.isoformat() if self.signed_on else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> OpinionText:
        sections = data.get("sections") or {}
        signed = data.get("signed_on")
        return cls(
            sections={str(k): str(v) for k, v in dict(sections).items()},  # type: ignore[call-overload]
            organiser=str(data.get("organiser") or ""),
            signed_on=date.fromisoformat(str(signed)) if signed else None,
        )


def cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _n(value: Decimal | None, unit: str = "") -> str:
    if value is None:
        return "—"
    text = format(value.normalize(), "f") if value == value.to_integral_value() else str(value)
    return f"{text}{unit}"


def organiser(comp: Compilation, text: OpinionText) -> str:
    if text.organiser:
        return text.organiser
    base = "深圳市工业和信息化局"
    return f"{base}会同{comp.district}工业和信息化主管部门" if comp.district else base


def form_name(comp: Compilation) -> str:
    """The form's official name: its title without the app's own qualifier such as "（默认）"."""
    title = comp.form_title or "深圳市自愿实施清洁生产审核验收评分表"
    return re.sub(r"\s*[（(](默认|default)[)）]\s*$", "", title)


def panel_sentence(comp: Compilation) -> str:
    """How many experts came, who leads, who recused and why, and which staff attended."""
    came = comp.experts
    recused = [m for m in came if m.recused]
    chair = comp.chair
    text = f"验收专家组由{len(came)}名专家组成"
    text += f"，{chair.name}任组长" if chair else "，组长未指定"
    for m in recused:
        why = m.recusal_reason or "、".join(CONFLICT_ZH.get(c, c) for c in m.conflicts) or "申报利益冲突"
        text += f"；{m.name}因{why.rstrip('。')}回避，未参与评议和评分"
    if recused:
        text += f"，实际参与评分专家{len(came) - len(recused)}名"
    staff = [m for m in comp.members if m.role != "expert"]
    if staff:
        text += "。" + "、".join(f"{ROLE_ZH.get(m.role, m.role)}{m.name}" for m in staff) + "列席会议"
    return text + "。"


def checks_sentence(comp: Compilation) -> str:
    """第二十条一、二: the district's preliminary review and the last-year penalty check."""
    parts = []
    if comp.prelim_passed is not None:
        parts.append(
            "区工业和信息化主管部门对验收材料进行了初审，"
            + ("初审通过" if comp.prelim_passed else "初审未通过")
            + (f"（{comp.prelim_note.rstrip('。')}）" if comp.prelim_note else "")
        )
    if comp.penalty_clean is not None:
        parts.append(
            "经核查，企业近一年"
            + ("未受到环境行政处罚" if comp.penalty_clean else "受到过环境行政处罚")
            + (f"（{comp.penalty_note.rstrip('。')}）" if comp.penalty_note else "")
        )
    return ("验收前，" + "；".join(parts) + "。") if parts else ""


def opening(comp: Compilation, text: OpinionText) -> str:
    place = comp.place or comp.address or comp.enterprise_name
    return (
        f"{cn_date(comp.visit_date)}，{organiser(comp, text)}在{place}组织召开"
        f"{comp.enterprise_name}自愿性清洁生产审核验收会。{checks_sentence(comp)}{panel_sentence(comp)}"
        f"专家组听取了企业清洁生产审核工作汇报，审查了审核报告和绩效表等材料，"
        f"进行了现场核查，经询问答辩，按照《{form_name(comp)}》"
        f"进行了评分，形成验收意见如下："
    )


def _empty_table() -> PerformanceTable:
    from qjsc_panel.reports.performance import PerformanceTable

    return PerformanceTable()


def prefill(comp: Compilation, perf: PerformanceTable | None) -> dict[str, str]:
    """Draft text of sections 一 to 六 from the enterprise record and the performance table."""
    p = perf if perf is not None else _empty_table()
    lc, hc = p.low_cost, p.high_cost
    return {
        "overview": _overview(comp),
        "process": _process(comp, p),
        "measures": (
            f"审核共提出无/低费方案{lc.proposed}项，已实施{lc.implemented}项，投资{_n(lc.investment)}万元；"
            f"中/高费方案{hc.proposed}项，已实施{hc.implemented}项，投资{_n(hc.investment)}万元。"
            f"方案合计投资{_n(p.total_investment)}万元。"
        ),
        "performance": _performance(p),
        "level": _level(p),
        "issues": (
            "1．进一步完善清洁生产管理制度，建立持续清洁生产长效机制。\n"
            "2．按本意见修改完善审核报告和绩效表，并于验收后1个月内通过服务平台提交终稿材料。"
        ),
    }


def _overview(comp: Compilation) -> str:
    # Generated text sets numbers without blanks (投资42.5万元); what the user typed about the
    # enterprise is only trimmed, never rewritten.
    parts = [f"{comp.enterprise_name}（统一社会信用代码{comp.credit_code}）位于{comp.district or '深圳市'}"]
    industry, products, scale = (x.strip().rstrip("。；，") for x in (comp.industry, comp.products, comp.scale))
    if industry:
        parts.append(f"，属{industry}行业")
    if products:
        parts.append(f"，主要产品为{products}")
    if scale:
        parts.append(f"，{scale}")
    return "".join(parts) + "。"


def _process(comp: Compilation, p: PerformanceTable) -> str:
    proc = []
    if comp.consultancy:
        proc.append(f"企业委托{comp.consultancy}协助开展清洁生产审核")
    else:
        proc.append("企业自行组织开展清洁生产审核")
    if p.audit_start and p.audit_end:
        proc.append(f"，审核期为{cn_date(p.audit_start)}至{cn_date(p.audit_end)}")
    if p.focus:
        proc.append(f"，审核重点为{p.focus}")
    if p.targets:
        proc.append(f"，设定清洁生产目标{len(p.targets)}项")
    return "".join(proc) + "。"


def _performance(p: PerformanceTable) -> str:
    perf_parts: list[str] = []
    saved = [f"{label}{_n(p.savings[k])}{unit}" for k, label, _, unit in SAVINGS if k in p.savings]
    if saved:
        perf_parts.append("方案实施后年" + "、".join(saved))
    reduced = [f"{label}{_n(p.reductions[k])}{unit}" for k, label, _, unit in REDUCTIONS if k in p.reductions]
    if reduced:
        perf_parts.append("年削减" + "、".join(reduced))
    if p.total_benefit:
        perf_parts.append(f"年经济效益{_n(p.total_benefit)}万元")
    met = [t for t in p.targets if t.met]
    if p.targets:
        perf_parts.append(f"{len(p.targets)}项清洁生产目标中{len(met)}项已完成")
    return ("；".join(perf_parts) + "。") if perf_parts else "（待填写绩效表）"


def _level(p: PerformanceTable) -> str:
    if p.level_before or p.level_after:
        return (
            f"对照行业清洁生产评价指标体系，企业清洁生产水平由审核前的"
            f"{p.level_before or '—'}提升至审核后的{p.level_after or '—'}。"
        )
    return "（待填写绩效表中的审核前后清洁生产水平）"


def sections(comp: Compilation, perf: PerformanceTable | None, text: OpinionText) -> list[tuple[str, str, str]]:
    """(key, title, body) for sections 一 to 六: the edited text where the panel edited it."""
    pre = prefill(comp, perf)
    return [(k, title, text.sections.get(k) or pre[k]) for k, title in SECTIONS]


def conclusion(comp: Compilation) -> str:
    if comp.composite is None or comp.result is None:
        return "（评分未完成，尚不能形成验收结论）"
    method = METHOD_ZH.get(comp.method, comp.method)
    head = f"经专家组评议，{comp.enterprise_name}自愿性清洁生产审核验收综合得分为{fmt1(comp.composite)}分（{method}）。"
    head += outlier_sentence(comp)
    confirmed = comp.confirmed_vetoes
    if confirmed:
        found = "；".join(f"{v.veto_text}（{v.reason}）" if v.reason else v.veto_text for v in confirmed)
        return head + f"经核查，企业存在下列直接判定不合格的情形：{found}。验收结论为：不合格。"
    vetoes = "经核查，企业不存在第二十二条所列直接判定不合格的情形。"
    if comp.result == "pass":
        grade = GRADE_ZH.get(comp.grade or "", "")
        return head + vetoes + f"验收结论为：合格，等级为{grade}。"
    return head + vetoes + f"综合得分低于{fmt1(comp.pass_mark)}分，验收结论为：不合格。"


def outlier_sentence(comp: Compilation) -> str:
    """The outlying sheets and the chair's justification for keeping (or dropping) each."""
    out = []
    share = fmt1(comp.outlier_share * 100)
    for sh in comp.outlier_sheets:
        dev = sh.outlier_deviation or Decimal(0)
        word = "高于" if dev > 0 else "低于"
        text = f"{sh.name}的评分总分{word}全体有效评分专家平均总分{fmt1(abs(dev) * 100)}%，超过{share}%的提示界限"
        if sh.outlier_note:
            text += f"，经组长核实，说明理由为：{sh.outlier_note.rstrip('。')}"
        text += "，该评分表计入平均" if sh.counted else "，该评分表未计入平均"
        out.append(text)
    return ("；".join(out) + "。") if out else ""


# Phrases that state a result; a section may not state one the scores and vetoes contradict.
_RESULT_PHRASES = re.compile(r"(验收)?(结论|结果)?(为|：|:)?\s*(不合格|合格|优秀|良好)")


def check_section(comp: Compilation, key: str, body: str) -> None:
    """Refuse an edit that names the result differently from the computed conclusion."""
    if key not in SECTION_KEYS:
        raise QjscError("reports.section_unknown", key=key, known="、".join(SECTION_KEYS))
    if len(body) > 20000:
        raise QjscError("reports.section_too_long", key=key)
    stated = {m.group(4) for m in _RESULT_PHRASES.finditer(body) if m.group(1) or m.group(2)}
    if not stated:
        return
    allowed: set[str] = set()
    if comp.result == "pass":
        allowed = {"合格", GRADE_ZH.get(comp.grade or "", "")}
    elif comp.result == "fail":
        allowed = {"不合格"}
    wrong = stated - allowed
    if wrong:
        raise QjscError(
            "reports.section_contradicts",
            key=key,
            stated="、".join(sorted(wrong)),
            result=RESULT_ZH.get(comp.result or "", "未定"),
        )
