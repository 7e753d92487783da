"""Messages of the reports area (looked up by qjsc_panel.messages for codes ``reports.*``)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "reports.font_missing": (
        "缺少中文字体文件 {path}，无法生成文档；请重新安装本软件",
        "the Chinese font file {path} is missing; documents cannot be made. Reinstall the software",
    ),
    "reports.font_broken": ("中文字体文件损坏：{detail}", "the Chinese font file is damaged: {detail}"),
    "reports.no_result": (
        "尚无有效评分，不能生成验收意见",
        "there are no counted score sheets yet; no opinion can be made",
    ),
    "reports.pdf_unreadable": ("PDF 文件无法读取或已损坏：{detail}", "the PDF cannot be read or is damaged: {detail}"),
    "reports.no_such_field": (
        "PDF 中没有签名栏 {field}（现有：{known}）",
        "the PDF has no signature field {field} (it has: {known})",
    ),
    "reports.field_signed": ("签名栏 {field} 已签署", "signature field {field} is already signed"),
    "reports.not_signer": ("{name} 不是本意见的签署人", "{name} is not a signer of this opinion"),
    "reports.chair_first": ("组长须先签署", "the chair signs first"),
    "reports.section_unknown": ("没有段落 {key}（可编辑：{known}）", "no section {key} (editable: {known})"),
    "reports.section_too_long": ("段落 {key} 过长", "section {key} is too long"),
    "reports.section_contradicts": (
        "段落 {key} 写明“{stated}”，与评分和否决项得出的结论（{result}）矛盾；结论由系统计算，不能改写",
        "section {key} states '{stated}', contradicting the result computed from the scores and vetoes ({result}); the conclusion cannot be rewritten",
    ),
    "reports.perf_invalid": ("绩效表数据无效：{where}：{detail}", "invalid performance table: {where}: {detail}"),
    "reports.perf_unknown_key": ("绩效表中没有指标 {key}", "the performance table has no figure {key}"),
    "reports.perf_implemented_gt_proposed": (
        "{cls}：已实施 {implemented} 项多于提出的 {proposed} 项",
        "{cls}: {implemented} implemented is more than {proposed} proposed",
    ),
    "reports.perf_negative": ("{cls}：数量和金额不能为负", "{cls}: counts and amounts cannot be negative"),
    "reports.perf_bad_period": ("审核完成日期早于开始日期", "the audit ends before it starts"),
    "reports.perf_bad_number": (
        "单元格 {cell} 应为数字，实际为“{value}”；未导入任何数据",
        "cell {cell} should be a number, found '{value}'; nothing was imported",
    ),
    "reports.perf_bad_date": (
        "单元格 {cell} 应为日期（YYYY-MM-DD），实际为“{value}”；未导入任何数据",
        "cell {cell} should be a date (YYYY-MM-DD), found '{value}'; nothing was imported",
    ),
    "reports.perf_unreadable": (
        "无法读取绩效表文件 {path}：{detail}",
        "cannot read the performance table {path}: {detail}",
    ),
    "reports.perf_no_sheet": (
        "文件 {path} 中没有“{sheet}”工作表，请使用本软件生成的模板",
        "{path} has no sheet '{sheet}'; use the template this software makes",
    ),
    "reports.perf_saved": ("绩效表已保存", "performance table saved"),
    "reports.perf_missing": ("尚未录入绩效表", "no performance table yet"),
    "reports.package_not_imported": (
        "评分包 {path} 不是本次验收已导入的评分表",
        "the package {path} is not one imported for this acceptance",
    ),
    "reports.result_digest": (
        "结果摘要（验收结果.json 的 SHA-256，签署页印有同一值）：{digest}",
        "result digest (SHA-256 of 验收结果.json, printed on the signature page): {digest}",
    ),
    "reports.bundle_digest_mismatch": (
        "验收结果.json 的 SHA-256 为 {actual}，与验收意见印出的结果摘要 {printed} 不一致",
        "验收结果.json hashes to {actual}, not to the digest {printed} the opinion prints",
    ),
    "reports.bundle_unreadable": ("无法读取报送包 {path}：{detail}", "cannot read the bundle {path}: {detail}"),
    "reports.bundle_no_manifest": (
        "报送包 {path} 缺少或损坏了清单 manifest.json：{detail}",
        "the bundle {path} has no readable manifest.json: {detail}",
    ),
    "reports.bundle_extra_file": (
        "报送包中有清单未列出的文件 {name}",
        "the bundle holds {name}, which the manifest does not list",
    ),
    "reports.bundle_missing_file": (
        "清单列出的文件 {name} 不在报送包中",
        "{name} is listed in the manifest but missing",
    ),
    "reports.bundle_damaged": ("文件 {name} 已损坏：{detail}", "{name} is damaged: {detail}"),
    "reports.bundle_sum_mismatch": (
        "文件 {name} 的 SHA-256 与清单不符，内容被改动",
        "{name} does not match its SHA-256 in the manifest: it was changed",
    ),
    "reports.bundle_bad_ca": (
        "报送包中的专家组 CA 证书无法读取",
        "the panel CA certificate in the bundle cannot be read",
    ),
    "reports.bundle_pdf_unreadable": ("{name} 无法读取：{detail}", "{name} cannot be read: {detail}"),
    "reports.bundle_unsigned": ("{name} 没有电子签名", "{name} carries no signature"),
    "reports.bundle_bad_signature": (
        "{name} 中 {signer} 的签名（{field}）无效：文件在签署后被改动",
        "{signer}'s signature ({field}) in {name} is not valid: the file changed after signing",
    ),
    "reports.bundle_untrusted": (
        "{name} 中 {signer} 的签名证书不是本专家组 CA 签发的",
        "{signer}'s certificate in {name} was not issued by the panel CA",
    ),
    "reports.audit_line_broken": ("审计日志第 {line} 行无法解析", "audit log line {line} cannot be read"),
    "reports.audit_entry_changed": ("审计日志第 {seq} 条记录被改动", "audit entry {seq} was changed"),
    "reports.audit_out_of_order": ("审计日志第 {seq} 条记录顺序错误", "audit entry {seq} is out of order"),
    "reports.audit_link_broken": (
        "审计日志第 {seq} 条记录与前一条的哈希链断裂",
        "audit entry {seq} does not link to the one before",
    ),
    "reports.bundle_ok": (
        "报送包完整：{files} 个文件校验和一致，{sigs} 个签名有效，审计日志 {entries} 条记录哈希一致",
        "bundle intact: {files} files match their sums, {sigs} signatures valid, {entries} audit entries hash correctly",
    ),
    "reports.bundle_bad": (
        "报送包校验未通过，发现 {count} 处问题：",
        "the bundle failed verification with {count} problem(s):",
    ),
    "reports.written": ("已生成：{path}", "written: {path}"),
    "reports.signed": ("{name} 已签署（{field}）", "{name} signed ({field})"),
    "reports.opinion_saved": ("验收意见已保存", "opinion saved"),
}
