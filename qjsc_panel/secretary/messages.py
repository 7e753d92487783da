"""Messages of the secretary's workspace (codes ``secretary.*``), in Chinese and English."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "secretary.credit_code.length": (
        "统一社会信用代码“{value}”应为 18 位，实为 {length} 位",
        "the unified social credit code '{value}' must have 18 characters, not {length}",
    ),
    "secretary.credit_code.alphabet": (
        "统一社会信用代码“{value}”含有不允许的字符（只用数字和除 I、O、Z、S、V 以外的大写字母）",
        "the unified social credit code '{value}' has a character outside its alphabet "
        "(digits and capital letters except I, O, Z, S, V)",
    ),
    "secretary.credit_code.check": (
        "统一社会信用代码“{value}”的校验码不正确（GB 32100-2015）",
        "the check character of the unified social credit code '{value}' is wrong (GB 32100-2015)",
    ),
    "secretary.already_archived": ("该验收已归档，验收编号 {number}", "already archived as {number}"),
    "secretary.industry_code": (
        "行业代码“{value}”不符合 GB/T 4754（门类字母加 2–4 位数字，如 C3982）",
        "industry code '{value}' is not GB/T 4754 (a section letter and 2–4 digits, e.g. C3982)",
    ),
    "secretary.list_needs_conditions": (
        "只有核实第十条全部条件的机构才能列入名单（第十一条）",
        "only a firm verified against every condition of Art. 10 can be on the list (Art. 11)",
    ),
    "secretary.import_failed": (
        "表格有 {count} 处问题，未导入任何内容：",
        "the sheet has {count} problem(s); nothing was imported:",
    ),
    "secretary.not_xlsx": ("无法读取 Excel 文件 {path}：{detail}", "cannot read the Excel file {path}: {detail}"),
    "secretary.no_header": (
        "{path} 中找不到表头（应有“序号”“{first}”等列）",
        "no header row in {path} (expected columns 序号, {first}, …)",
    ),
    "secretary.duplicate_row": ("与第 {other} 行重复", "repeats row {other}"),
    "secretary.district": (
        "“{value}”不是深圳的区（含深汕特别合作区）",
        "'{value}' is not a district of Shenzhen (incl. Shenshan)",
    ),
    "secretary.legal_form": ("单位性质“{value}”应为：{choices}", "legal form '{value}' must be one of: {choices}"),
    "secretary.consultancy_unknown": (
        "咨询服务机构“{value}”未登记，请先登记",
        "consultancy '{value}' is not registered; register it first",
    ),
    "secretary.month": ("计划验收月份“{value}”应为 1–12", "planned month '{value}' must be 1–12"),
    "secretary.plan_duplicate": ("{name} 已在 {year} 年计划中", "{name} is already in the {year} plan"),
    "secretary.plan_empty": ("{year} 年计划中没有符合条件的企业", "no eligible enterprise in the {year} plan"),
    "secretary.publicity_empty": (
        "{since} 至 {until} 期间没有已审定的验收",
        "no acceptance was decided by the bureau between {since} and {until}",
    ),
    "secretary.overdue": ("逾期", "OVERDUE"),
    "secretary.deadline_short": ("材料期限", "due"),
    "secretary.imported": ("已导入 {count} 家企业", "imported {count} enterprise(s)"),
    "secretary.mandatory_imported": (
        "已列入 {listed} 家；{unknown} 家尚未登记（登记后按名单处理）",
        "{listed} listed; {unknown} not yet registered",
    ),
    "secretary.eligible": ("符合条件", "eligible"),
    "secretary.ineligible": ("不符合条件", "not eligible"),
    "secretary.certificate_unreadable": (
        "无法读取证书（应为 PEM 格式的 X.509 证书）",
        "cannot read the certificate (PEM X.509 expected)",
    ),
    "secretary.certificate_other_key": (
        "{expert} 已登记另一把密钥，证书的公钥与之不符",
        "{expert} already has another key on record; the certificate's public key differs",
    ),
    "secretary.relation_target": ("请指定企业或咨询服务机构之一", "name either an enterprise or a consultancy"),
    "secretary.draw_exists": (
        "本次验收已抽取过专家；如有专家不能参加，请登记谢绝，由备选专家递补",
        "experts were already drawn for this acceptance; record a refusal and the next reserve steps in",
    ),
    "secretary.draw_pool_small": (
        "符合条件的专家只有 {eligible} 名，不足 {n} 名",
        "only {eligible} eligible expert(s) in the pool; {n} needed",
    ),
    "secretary.no_draw": ("本次验收尚未抽取专家", "no experts have been drawn for this acceptance"),
    "secretary.not_drawn": ("专家 {expert} 不是本次抽中的专家", "expert {expert} is not among those drawn"),
    "secretary.draw.unavailable": ("暂不可参加", "unavailable"),
    "secretary.draw.unqualified": ("职称或年限不符合第二十条三", "title or years short of Art. 20(3)"),
    "secretary.draw.employed_by_enterprise": ("受雇于被验收企业", "employed by the enterprise"),
    "secretary.draw.employed_by_consultancy": ("受雇于咨询服务机构", "employed by the consultancy"),
    "secretary.draw.relation": ("登记有利害关系", "a recorded past relation"),
    "secretary.draw.previous_panel": ("曾参加该企业上次验收", "on this enterprise's previous panel"),
    "secretary.draw.already_member": ("已是本专家组成员", "already on this panel"),
    "secretary.draw.no_match": ("行业或专业不符", "industry or speciality does not match"),
    "secretary.backup_unreadable": ("无法读取备份文件 {path}：{detail}", "cannot read the backup {path}: {detail}"),
    "secretary.backup_not_ours": ("{path} 不是本软件的备份文件", "{path} is not a backup of this program"),
    "secretary.backup_wrong_or_damaged": (
        "口令不正确，或备份文件已损坏；未做任何修改",
        "wrong passphrase, or the backup is damaged; nothing was changed",
    ),
    "secretary.backup_incomplete": (
        "备份文件内容不完整或已被改动；未做任何修改",
        "the backup is incomplete or altered; nothing was changed",
    ),
    "secretary.restore_not_empty": (
        "恢复目标 {path} 不是空目录；为免覆盖现有数据，请选择一个空目录",
        "the restore target {path} is not empty; choose an empty directory so nothing is overwritten",
    ),
    "secretary.bundle_invalid": (
        "专家组材料包未通过校验，未归档：{problems}",
        "the bundle failed verification and was not archived: {problems}",
    ),
    "secretary.bundle_duplicate_content": (
        "同样内容的材料包已归档（验收 {acceptance}）",
        "a bundle with the same content is already archived (acceptance {acceptance})",
    ),
    "secretary.bundle_duplicate_acceptance": (
        "验收 {acceptance} 已有归档的材料包",
        "acceptance {acceptance} already has an archived bundle",
    ),
    "secretary.bundle_not_found": ("找不到材料包 {bundle}", "no bundle {bundle}"),
    "secretary.bundle_altered": (
        "材料包 {bundle} 的存档内容与其哈希不符",
        "stored bundle {bundle} no longer matches its hash",
    ),
}
