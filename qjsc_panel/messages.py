"""Every user-facing refusal and notice: its Chinese template, keyed by a stable code.

Subsystems keep their own templates in ``qjsc_panel/<area>/messages.py`` (a ``MESSAGES`` dict);
a code ``area.something`` not found here is looked up there, imported on first use.  The
English of every template is in the one catalogue (``qjsc_panel/locale/en.po``, context = the
code), see :mod:`qjsc_panel.i18n`.
"""

from __future__ import annotations

import importlib
from typing import Any

from qjsc_panel import i18n

MESSAGES: dict[str, str] = {
    "form.invalid": "评分表文件有 {count} 处问题：",
    "form.unreadable": "无法读取文件：{detail}",
    "form.not_json": "不是有效的 JSON：{detail}",
    "form.bad_format": "格式版本为 {found}，本软件支持 {want}",
    "form.missing_zh": "缺少中文文本",
    "form.empty_id": "编号为空",
    "form.duplicate_id": "编号 {id} 重复（首次出现于 {first}）",
    "form.no_items": "没有评分项",
    "form.category_sum": "类别 {id} 声明 {declared} 分，但各项合计 {actual} 分",
    "form.total_sum": "总分声明为 {declared}，但各类别合计 {actual}",
    "form.thresholds": "分数线不合理：合格 {pass_}、优秀 {excellent}，应满足 0 < 合格 ≤ 优秀 ≤ 总分 {total}",
    "form.bad_step": "步长 {step} 必须大于 0",
    "form.bad_max": "分值 {max} 必须大于 0",
    "form.max_off_step": "分值 {max} 不是步长 {step} 的整数倍",
    "form.field_missing": "缺少必填字段",
    "form.field_unknown": "未知字段",
    "form.not_a_number": "应为数字",
    "form.not_text": "应为文本",
    "form.not_integer": "应为整数",
    "form.not_list": "应为列表",
    "form.not_object": "应为对象",
    "form.not_bool": "应为 true/false",
    "form.field_invalid": "取值无效：{detail}",
    "form.valid": "评分表有效：{title}（{id} {version}），{items} 个评分项，总分 {total}，内容哈希 {hash}",
    "score.not_a_number": "第 {item} 项：“{value}”不是数字",
    "score.out_of_range": "第 {item} 项：{value} 超出范围，应在 0 至 {max} 之间",
    "score.off_step": "第 {item} 项：{value} 不符合步长 {step}",
    "score.unknown_item": "评分表中没有第 {item} 项",
    "sheet.incomplete": "专家 {expert} 的评分表未填完：{items}",
    "sheet.submitted": "评分表已提交，不能修改；如需更正，请创建新版本并说明原因",
    "sheet.no_draft": "{name} 没有草稿评分表",
    "sheet.none": "{name} 还没有提交评分表",
    "sheet.draft_exists": "{name} 已有未提交的草稿（版本 {version}）",
    "sheet.reason_required": "更正必须说明原因",
    "sheet.not_found": "找不到评分表 {sheet}",
    "panel.not_expert": "{name} 不是评分专家（{role}），不能评分",
    "panel.unqualified": "{name} 不具备评分资格：需高级职称，或中级职称且从业满 10 年",
    "panel.recused": "{name} 已回避（{reason}），不能评分",
    "panel.not_declared": "{name} 尚未签署利益冲突与保密声明",
    "panel.no_confidentiality": "必须承诺保密（第十二条）",
    "panel.already_member": "{name} 已是本次验收的成员",
    "panel.chair_exists": "本次验收已有组长：{name}",
    "panel.chair_must_be_expert": "组长必须是评分专家",
    "panel.no_chair": "本次验收尚未指定组长",
    "panel.not_chair": "只有组长 {chair} 可以执行此操作，且须解锁组长本人的签名密钥（以组长的密钥登录，或在命令行提供组长密钥的口令）",
    "authority.chair_key_unregistered": "组长 {chair} 的签名密钥尚未登记：请先用专家组密钥登记组长本人的公钥（enrol）",
    "authority.wrong_key": "当前密钥 {fingerprint} 不是组长 {chair} 登记的密钥（{registered}）：同名不等于组长，此操作被拒绝",
    "authority.chair_key_absent": "本机没有组长 {chair} 登记的密钥（{fingerprint}），不能执行组长的决定",
    "panel.member_not_found": "本次验收中没有成员 {member}",
    "panel.reason_required": "回避必须说明原因",
    "panel.already_recused": "{name} 已回避",
    "quorum.none": "没有已提交的评分表",
    "quorum.short": "法定人数不足：有效评分专家 {counted} 名，至少需要 {needed} 名",
    "veto.unknown_item": "评分表中没有否决项 {item}",
    "veto.evidence_required": "提出否决项必须附事实依据",
    "veto.not_found": "找不到否决项提议 {proposal}",
    "veto.already_decided": "该否决项提议已处理",
    "veto.reason_required": "处理否决项必须说明理由",
    "veto.open": "有 {count} 项否决项提议待组长确认或驳回",
    "outlier.unexplained": "专家 {name} 的总分 {total} 偏离平均分 {deviation}，需组长说明理由或重新评分",
    "outlier.not_flagged": "{name} 的评分不是异常值",
    "outlier.reason_required": "必须说明理由",
    "finalise.recused_scored": "{name} 已回避，但其评分表仍在有效记录中，需先将其剔除",
    "finalise.prerequisites": "初审或近一年环境行政处罚核查尚未通过，不能开始验收（第二十条一、二）",
    "acceptance.checks_pending_both": "尚未记录初审结果和近一年环境行政处罚核查：两项均通过并记录后，方可发出验收邀请、开始评分（第二十条一、二）",
    "acceptance.checks_pending_prelim": "尚未记录初审结果：初审通过并记录后，方可发出验收邀请、开始评分（第二十条一）",
    "acceptance.checks_pending_penalty": "尚未记录近一年环境行政处罚核查：核查通过并记录后，方可发出验收邀请、开始评分（第二十条二）",
    "acceptance.prelim_failed": "初审未通过：不能发出验收邀请或评分（第二十条一）",
    "acceptance.penalised": "企业近一年受到环境行政处罚：不能发出验收邀请或评分（第二十条二）",
    "panel.unqualified_seat": "不能把 {name} 加入专家组：{title}、从业 {years} 年。评分专家须具高级职称，或中级职称且从业满 10 年；如专家库记录有误，请先更正职称或年限",
    "veto.already_proposed": "{name} 已就否决项 {item} 提出过提议（#{proposal}），不能重复提出",
    "batch.xlsx_other_member": "{file} 是 {owner} 的评分表，不是 {picked} 的：请选择正确的成员",
    "batch.paper_unconfirmed": "请先与 {name} 签字的纸质评分表逐项核对，并勾选确认",
    "export.unwritable": "无法写入 {file}：{detail}",
    "invitation.not_yours": "这份验收邀请是发给 {name}（指纹 {fingerprint}）的，不是您的（{me}，指纹 {mine}）。请让 {name} 用自己的档案登录后导入；未导入任何内容。",
    "acceptance.finalised": "本次验收已定稿，不能再修改",
    "acceptance.not_finalised": "本次验收尚未定稿",
    "acceptance.not_found": "找不到验收 {acceptance}",
    "acceptance.form_mismatch": "评分表版本不符：本次验收使用 {want}，收到的是 {found}",
    "acceptance.reason_required": "必须说明理由",
    "enterprise.not_found": "找不到企业 {enterprise}",
    "enterprise.duplicate": "统一社会信用代码 {credit_code} 已登记",
    "consultancy.not_found": "找不到咨询服务机构 {consultancy}",
    "expert.not_found": "找不到专家 {expert}",
    "eligibility.refused": "该企业不符合验收条件（第十五条）：{reasons}",
    "eligibility.not_in_shenzhen": "未在深圳（含深汕特别合作区）实际经营",
    "eligibility.not_independent": "不是独立法人或视同法人的独立核算单位",
    "eligibility.not_industrial": "不属于工业和信息化领域",
    "eligibility.too_young": "成立时间不足 2 年",
    "eligibility.mandatory_list": "列入本年度强制性清洁生产审核名单",
    "db.locked": "数据库 {path} 被另一个程序占用，请稍后重试；未做任何修改",
    "db.unreadable": "无法打开数据库 {path}：{detail}",
    "db.error": "数据库 {path} 出错：{detail}；未做任何修改",
    "db.too_new": "数据库 {path} 的版本 {revision} 比本软件新，请升级软件",
    "db.immutable": "已提交的评分表和审计日志不能修改：{detail}",
    "log.ok": "审计日志完整：{count} 条记录，哈希链无断裂",
    "log.changed": "第 {seq} 条记录被改动",
    "log.deleted": "第 {seq} 条记录被删除",
    "log.inserted": "第 {seq} 条记录是在程序之外插入的",
    "log.tail_deleted": "日志末尾自第 {seq} 条起的记录被删除",
    "log.broken": "审计日志被篡改，发现 {count} 处问题",
    "role.expert": "专家",
    "role.bureau": "市工信局",
    "role.district": "区工信部门",
    "role_full.expert": "专家",
    "role_full.bureau": "市工业和信息化局",
    "role_full.district": "区工业和信息化主管部门",
    "conflict.employed_by_enterprise": "在被验收企业任职或曾任职",
    "conflict.consulted_for_enterprise": "为被验收企业提供过咨询服务",
    "conflict.employed_by_consultancy": "在该企业的咨询服务机构任职或曾任职",
    "conflict.consulted_for_consultancy": "与该咨询服务机构有业务往来",
    "conflict.kinship": "与企业或咨询机构负责人有亲属关系",
    "conflict.financial_interest": "与企业或咨询机构有经济利益关系",
    "conflict.other": "其他可能影响公正的关系",
    "sheet.unconfirmed": "{name} 的 Excel 评分表尚未经组长与签字纸质件核对确认",
    "sheet.correction_pending": "{name} 的更正版本（版本 {version}）尚未提交",
    "sheet.not_unsigned": "该评分表是签名的电子评分表，无需纸质核对",
    "sheet.already_excluded": "该评分表已被剔除",
    "sheet.stale_version": "收到的版本 {version} 不比已有版本 {current} 新",
    "sheet.superseded_version": "第 {version} 版已被第 {current} 版取代（旧版本或重放的文件），未作任何更改",
    "sheet.chain_broken": "收到第 {version} 版，但下一版应是第 {expected} 版（版本链不连续）",
    "sheet.uuid_reused": "评分表编号 {sheet} 已用于其他内容",
    "finalise.blocked": "还不能定稿，尚有 {count} 个问题：\n{reasons}",
    "finalise.done": "已定稿：{conclusion}",
    "result.pass_excellent": "综合得分 {composite} 分，验收合格，等级为优秀",
    "result.pass_good": "综合得分 {composite} 分，验收合格，等级为良好",
    "result.fail": "综合得分 {composite} 分，未达合格线，验收不合格",
    "result.vetoed": "存在一票否决情形（{items}），验收不合格（综合得分 {composite} 分不计）",
    "word.qualified": "符合资格",
    "word.unqualified": "不符合资格",
    "word.on_time": "按期报送",
    "word.late": "逾期报送（超过验收后 1 个月）",
    "word.recused": "已声明利益冲突，已回避，不参与评分",
    "word.declared": "已签署声明，无利益冲突",
    "status.quorum": "法定人数：有效 {counted} / 至少 {needed}",
    "status.live": "当前综合得分 {composite}（{result}）",
    "status.ready": "可以定稿",
    "state.staff": "不评分",
    "state.recused": "已回避",
    "state.unqualified": "资格不符",
    "state.counted": "已提交",
    "state.submitted_not_counted": "已提交未计入",
    "state.scoring": "评分中",
    "state.declared": "已声明",
    "state.not_declared": "未声明",
    "state.result_pass": "合格",
    "state.result_fail": "不合格",
    "input.required": "缺少 {field}",
    "input.bad_date": "日期格式应为 YYYY-MM-DD：{value}",
    "input.bad_value": "{field} 的取值无效：{value}",
    # chairws: the chair's workspace in the app
    "chair_ws.no_key": "请先以组长本人的密钥登录，再新建验收",
    "chair_ws.unreadable": "无法读取 {file}：{detail}",
    "chair_ws.expert_has_other_key": "专家库中 {name} 的记录已登记了另一把密钥：请选择您本人的记录",
    "chair_ws.not_enrolled": "以下专家的公钥尚未登记，不能发出邀请：{names}",
    "chair_ws.fingerprint_unconfirmed": "请先与专家当面核对指纹并勾选确认",
    "chair_ws.no_panel_key": "尚未生成专家组密钥",
    # --- signround: the opinion's signature round (services/signround.py) ---
    "signround.not_a_round": "这不是本软件导出的待签验收意见（文件中没有签署轮次的数据）",
    "signround.unreadable": "无法读取 {path}：{detail}",
    "signround.modified": "文件在签名后被改动过（{detail}）：签名不再成立，请使用组长导出的文件",
    "signround.not_on_roster": "{name} 不是本验收专家组中需要签署的成员（不在名单上或已回避）",
    "signround.key_not_enrolled": "{name} 的签名密钥不是组长登记的密钥，签名被拒绝",
    "signround.signed_twice": "{name} 已经签署过这份文件，不能重复签名",
    "signround.wrong_acceptance": "这份验收意见属于另一个验收（{enterprise} {number}），不是本机参加的验收",
    "signround.not_finalised": "验收尚未定稿：定稿后才能导出验收意见供签署",
    "signround.not_exported": "尚未导出待签的验收意见",
    "signround.incomplete": "还有专家未签署最新的文件：{names}",
    "signround.exported": "已导出待签文件：{path}",
    "signround.signed": "已签署并写回：{path}",
    "signround.state": "已签署：{signed}；未签署：{missing}；需在最新文件上重新签署：{resign}",
    # opinion tab: the finalise checklist's to-dos and the performance editor's refusals
    "checklist.sheets_missing": "尚有 {count} 名专家未提交评分表：{names}",
    "checklist.targets_incomplete": "绩效表的清洁生产目标未填写完整（缺目标值或实际完成值）：{names}",
    "checklist.no_targets": "绩效表尚未填写清洁生产目标",
    "checklist.sections_placeholder": "验收意见以下部分仍是待填写的占位文字：{sections}",
    "checklist.ok_prerequisites": "初审已通过，近一年环境行政处罚核查无处罚（第二十条一、二）",
    "checklist.ok_chair": "组长已指定",
    "checklist.ok_quorum": "法定人数已满足：有效评分专家 {counted} 名（至少 {needed} 名）",
    "checklist.ok_sheets": "评分表均已核对，无待完成的更正，回避专家无有效评分",
    "checklist.ok_vetoes": "否决项提议均已处理",
    "checklist.ok_outliers": "异常评分均已说明或处理",
    "checklist.ok_submitted": "全体评分专家均已提交评分表",
    "checklist.ok_performance": "绩效表已录入（清洁生产目标 {count} 项）",
    "checklist.ok_opinion": "验收意见各部分均已填写",
    "perf.bad_number": "{field}应为数字，实际为“{value}”",
    "perf.bad_count": "{field}应为不小于 0 的整数，实际为“{value}”",
    "perf.bad_date": "{field}应为日期（YYYY-MM-DD），实际为“{value}”",
    "perf.no_indicator": "第 {row} 个目标缺少指标名称",
}
_loaded: set[str] = set()


def _lookup(code: str) -> str | tuple[str, str] | None:
    found = MESSAGES.get(code)
    if found is None and "." in code:
        area = code.split(".", 1)[0]
        if area not in _loaded:
            _loaded.add(area)
            try:
                module = importlib.import_module(f"qjsc_panel.{area}.messages")
            except ImportError:
                return None
            MESSAGES.update(getattr(module, "MESSAGES", {}))
            found = MESSAGES.get(code)
    return found


def template(code: str, lang: str = "zh") -> str | None:
    """The template of ``code`` in ``lang``, or None for an unknown code."""
    found = _lookup(code)
    if found is None:
        return None
    # A (zh, en) pair is the old form, still read so a branch that adds one keeps working;
    # the extractor (scripts/i18n.py) reports it until its English is moved into en.po.
    zh, legacy_en = found if isinstance(found, tuple) else (found, "")
    if lang == "zh":
        return zh
    if legacy_en and not i18n.has_translation(code, zh, lang):
        return legacy_en
    return i18n.translate(code, zh, lang)


def render(code: str, lang: str = "zh", **params: Any) -> str:
    text = template(code, lang)
    if text is None:
        return f"{code} {params}" if params else code
    try:
        return text.format(**params)
    except (KeyError, IndexError):
        return text
