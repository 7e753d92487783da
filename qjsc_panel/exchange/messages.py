"""Messages of the offline exchange, in Chinese and English (looked up for codes ``exchange.*``)."""

from __future__ import annotations

_NOTHING_ZH = "；未做任何修改"
_NOTHING_EN = ". Nothing was changed"

MESSAGES: dict[str, tuple[str, str]] = {
    # Keys and passphrases
    "exchange.passphrase_empty": ("口令不能为空", "the passphrase must not be empty"),
    "exchange.passphrase_mismatch": ("两次输入的口令不一致", "the two passphrases differ"),
    "exchange.passphrase_needed": (
        "需要口令：请用 --passphrase-file 或环境变量 QJSC_PASSPHRASE 提供",
        "a passphrase is needed: give --passphrase-file or set QJSC_PASSPHRASE",
    ),
    "exchange.bad_passphrase": ("口令错误，无法打开密钥 {what}", "wrong passphrase for the key {what}"),
    "exchange.key_file_broken": (
        "密钥或记录文件 {what} 已损坏或不是本软件的文件",
        "the key or record file {what} is damaged or not ours",
    ),
    "exchange.key_choose": (
        "本机有多位专家的密钥，请用 --key 指明指纹：{keys}",
        "this laptop holds several experts' keys; name one with --key: {keys}",
    ),
    "exchange.key_exists": (
        "本机已有 {name} 的签名密钥 {fingerprint}，无需再生成",
        "this laptop already has a signing key for {name}: {fingerprint}",
    ),
    "exchange.no_key": (
        "本机还没有签名密钥，请先运行 key init",
        "this laptop has no signing key yet; run 'key init' first",
    ),
    "exchange.key_not_found": ("找不到指纹为 {fingerprint} 的密钥", "no key with fingerprint {fingerprint}"),
    "exchange.name_required": ("请填写姓名", "a name is required"),
    "exchange.bad_public_key": ("不是有效的 P-256 公钥文件（PEM）", "not a valid P-256 public key file (PEM)"),
    "exchange.bad_certificate": ("证书无效", "the certificate is invalid"),
    "exchange.no_certificate": (
        "密钥 {fingerprint} 还没有专家组颁发的证书（先由组长登记并导入邀请文件）",
        "key {fingerprint} has no certificate from a panel yet (the chair enrols it; then join the invitation)",
    ),
    "exchange.key_created": (
        "已生成签名密钥，指纹 {fingerprint}（请抄在签到表上，并交组长核对）",
        "signing key made, fingerprint {fingerprint} (write it on the sign-in sheet and let the chair check it)",
    ),
    # Panel key, enrolment, invitation
    "exchange.panel_key_exists": (
        "验收 {acceptance} 已有专家组密钥",
        "acceptance {acceptance} already has a panel key",
    ),
    "exchange.no_panel_key": (
        "本机没有验收 {acceptance} 的专家组密钥（只有组长的电脑能导入评分包）",
        "this laptop holds no panel key for acceptance {acceptance} (only the chair's laptop imports packages)",
    ),
    "exchange.panel_key_created": (
        "已生成专家组证书颁发机构，CA 指纹 {fingerprint}",
        "panel certificate authority made, CA fingerprint {fingerprint}",
    ),
    "exchange.enrolled": (
        "已登记 {name} 的公钥 {fingerprint}，并颁发证书",
        "enrolled {name}'s key {fingerprint} and issued a certificate",
    ),
    "exchange.not_enrolled": (
        "{name} 的公钥尚未登记（先运行 enrol）",
        "{name}'s key is not enrolled yet (run 'enrol' first)",
    ),
    "exchange.invitation_written": ("已写出邀请文件 {file}", "invitation written to {file}"),
    "exchange.not_invitation": ("{file} 不是有效的专家组邀请文件", "{file} is not a valid panel invitation"),
    "exchange.invitation_bad_signature": (
        "邀请文件 {file} 的签名无效或内容被改动",
        "the invitation {file} has a bad signature or was altered",
    ),
    "exchange.invitation_other_key": (
        "该邀请发给 {name}（密钥 {fingerprint}），不是本机的密钥",
        "this invitation is for {name} (key {fingerprint}), not for this laptop's key",
    ),
    "exchange.joined": (
        "已加入验收：{enterprise}，{date}；本机验收编号 {acceptance}，CA 指纹 {ca}（请与组长核对）",
        "joined the acceptance: {enterprise}, {date}; local acceptance {acceptance}, "
        "CA fingerprint {ca} (check it with the chair)",
    ),
    "exchange.already_joined": (
        "已经加入过该验收（本机编号 {acceptance}）",
        "already joined this acceptance (local {acceptance})",
    ),
    "exchange.not_joined": (
        "验收 {acceptance} 不是通过邀请文件加入的，无法导出评分包",
        "acceptance {acceptance} was not joined from an invitation; no package can be made",
    ),
    "exchange.nothing_submitted": (
        "{name} 还没有提交评分表，无法导出",
        "{name} has not submitted a sheet; nothing to export",
    ),
    "exchange.exported": (
        "已导出评分包 {file}（第 {version} 版，总分 {total}）",
        "package written to {file} (version {version}, total {total})",
    ),
    # Packages: every refusal says nothing was changed
    "exchange.unreadable": ("无法读取 {file}：{detail}" + _NOTHING_ZH, "cannot read {file}: {detail}" + _NOTHING_EN),
    "exchange.not_package": (
        "{file} 不是评分包文件（或已截断）" + _NOTHING_ZH,
        "{file} is not a score-sheet package (or is truncated)" + _NOTHING_EN,
    ),
    "exchange.package_format": (
        "{file} 的格式版本为 {found}，本软件读取 {want}" + _NOTHING_ZH,
        "{file} has format version {found}; this software reads {want}" + _NOTHING_EN,
    ),
    "exchange.corrupt": ("{file} 已损坏（{detail}）" + _NOTHING_ZH, "{file} is damaged ({detail})" + _NOTHING_EN),
    "exchange.bad_signature": (
        "{file} 的签名无效：文件被改动或不是该专家签署的" + _NOTHING_ZH,
        "{file}: the signature is invalid — the file was altered or not signed by that expert" + _NOTHING_EN,
    ),
    "exchange.not_panel_certificate": (
        "{file} 的签名证书不是本专家组颁发的" + _NOTHING_ZH,
        "{file} is signed with a certificate this panel did not issue" + _NOTHING_EN,
    ),
    "exchange.import_failed": (
        "{file} 导入时出现意外错误（{detail}），该文件未导入，详情见日志" + _NOTHING_ZH,
        "{file}: unexpected error while importing ({detail}); this file was not imported, details in the log"
        + _NOTHING_EN,
    ),
    "exchange.name_not_signer": (
        "{file} 写的是 {name}，但签名证书属于 {signer}" + _NOTHING_ZH,
        "{file} names {name} but is signed with the certificate of {signer}" + _NOTHING_EN,
    ),
    "exchange.not_enrolled_key": (
        "{file}：签名人 {name}（密钥 {fingerprint}）不是本专家组登记的专家" + _NOTHING_ZH,
        "{file}: the signer {name} (key {fingerprint}) is not an expert enrolled on this panel" + _NOTHING_EN,
    ),
    "exchange.other_panel": (
        "{file} 属于另一次验收（{panel}），不是本机的专家组" + _NOTHING_ZH,
        "{file} belongs to another acceptance ({panel}), not a panel on this laptop" + _NOTHING_EN,
    ),
    "exchange.not_for_this_chair": (
        "{file} 不是加密给本专家组组长的" + _NOTHING_ZH,
        "{file} was not encrypted for this panel's chair" + _NOTHING_EN,
    ),
    "exchange.decrypt_failed": (
        "{file} 无法解密：内容被改动或不是给本组长的" + _NOTHING_ZH,
        "{file} cannot be decrypted: altered, or not meant for this chair" + _NOTHING_EN,
    ),
    "exchange.header_mismatch": (
        "{file} 的封面信息与加密内容不一致" + _NOTHING_ZH,
        "{file}: the outer header does not match the encrypted content" + _NOTHING_EN,
    ),
    "exchange.other_form": (
        "{file} 用的评分表版本是 {found}，本次验收使用 {want}" + _NOTHING_ZH,
        "{file} was scored on form {found}; this acceptance uses {want}" + _NOTHING_EN,
    ),
    # Import/verify outcomes
    "exchange.status.imported": ("已导入", "imported"),
    "exchange.status.superseded": ("已导入（取代旧版本）", "imported (supersedes the older version)"),
    "exchange.status.duplicate": ("重复：已导入过，未做修改", "duplicate: already imported, nothing changed"),
    "exchange.status.valid": ("有效，可以导入", "valid; would be imported"),
    "exchange.status.signature_ok": (
        "签名有效（本机无组长密钥，未检查内容）",
        "signature valid (no chair key here; content not checked)",
    ),
    "exchange.status.refused": ("拒绝", "refused"),
    "exchange.summary": (
        "共 {total} 个文件：导入 {imported}，重复 {duplicate}，拒绝 {refused}",
        "{total} file(s): {imported} imported, {duplicate} duplicate, {refused} refused",
    ),
    # Excel route
    "exchange.xlsx_written": ("已写出 Excel 评分表 {file}", "Excel score sheet written to {file}"),
    "exchange.xlsx_unreadable": (
        "{file} 不是可读取的 Excel 文件（.xlsx）" + _NOTHING_ZH,
        "{file} is not a readable Excel workbook (.xlsx)" + _NOTHING_EN,
    ),
    "exchange.xlsx_too_large": (
        "{file} 过大，不予读取（{detail}）" + _NOTHING_ZH,
        "{file} is too large to read ({detail})" + _NOTHING_EN,
    ),
    "exchange.xlsx_too_many": (
        "{file} 的行或列超出评分表的范围（最多 {rows} 行、{columns} 列）" + _NOTHING_ZH,
        "{file} has rows or columns beyond a score sheet's (at most {rows} rows, {columns} columns)" + _NOTHING_EN,
    ),
    "exchange.xlsx_entities": (
        "{file} 含有 XML 实体或 DTD 声明（{part}），可能是恶意文件，不予读取" + _NOTHING_ZH,
        "{file} contains XML entity or DTD declarations ({part}), a sign of a malicious file; "
        "it is not read" + _NOTHING_EN,
    ),
    "exchange.xlsx_member_required": (
        "请指明 {file} 是哪位专家的评分表（--member 成员编号或姓名）" + _NOTHING_ZH,
        "say whose sheet {file} is (--member id or name)" + _NOTHING_EN,
    ),
    "exchange.xlsx_other_member": (
        "单元格 {cell}：该表不是为 {chosen} 生成的",
        "cell {cell}: the sheet was not made for {chosen}",
    ),
    "exchange.xlsx_name_mismatch": (
        "单元格 {cell}：表上的姓名为“{found}”，与所选专家 {chosen} 不符",
        "cell {cell}: the sheet names '{found}', not the chosen expert {chosen}",
    ),
    "exchange.xlsx_supersedes_signed": (
        "{file}：{name} 已有签名评分包（第 {version} 版）；Excel 评分表只有在组长说明理由后才能取代它"
        "（--reason）" + _NOTHING_ZH,
        "{file}: {name} has a signed package (version {version}); an Excel sheet replaces it only with the "
        "chair's stated reason (--reason)" + _NOTHING_EN,
    ),
    "exchange.xlsx_reason_required": (
        "{file}：{name} 已有第 {version} 版评分表；取代它须说明理由（--reason）" + _NOTHING_ZH,
        "{file}: {name} already has version {version}; replacing it needs a reason (--reason)" + _NOTHING_EN,
    ),
    "exchange.xlsx_not_template": (
        "{file} 不是本软件生成的评分表模板" + _NOTHING_ZH,
        "{file} is not a score-sheet template made by this software" + _NOTHING_EN,
    ),
    "exchange.xlsx_problems": (
        "{file} 有 {count} 处问题" + _NOTHING_ZH + "：",
        "{file} has {count} problem(s)" + _NOTHING_EN + ":",
    ),
    "exchange.xlsx_text": (
        "单元格 {cell}（第 {item} 项）：“{value}”不是数字",
        "cell {cell} (item {item}): '{value}' is not a number",
    ),
    "exchange.xlsx_range": (
        "单元格 {cell}（第 {item} 项）：{value} 超出 0 至 {max}",
        "cell {cell} (item {item}): {value} is outside 0 to {max}",
    ),
    "exchange.xlsx_step": (
        "单元格 {cell}（第 {item} 项）：{value} 不符合步长 {step}",
        "cell {cell} (item {item}): {value} is not on the step of {step}",
    ),
    "exchange.xlsx_missing": ("单元格 {cell}（第 {item} 项）：未填分数", "cell {cell} (item {item}): no score"),
    "exchange.xlsx_item_missing": (
        "评分表中缺少第 {item} 项（其行被删除或改动）",
        "item {item} is missing from the sheet (its row was removed or changed)",
    ),
    "exchange.xlsx_other_form": (
        "单元格 {cell}：该表按评分表 {found} 生成，本次验收使用 {want}",
        "cell {cell}: the sheet was made for form {found}; this acceptance uses {want}",
    ),
    "exchange.xlsx_other_panel": (
        "单元格 {cell}：该表属于另一次验收或另一位专家",
        "cell {cell}: the sheet belongs to another acceptance or expert",
    ),
    "exchange.xlsx_imported": (
        "已导入 {name} 的 Excel 评分表（未签名，总分 {total}）；组长须对照签字纸质件确认后才计入：sheet confirm-paper {sheet}",
        "imported {name}'s Excel sheet (unsigned, total {total}); it counts "
        "only after the chair checks it against the signed paper copy: "
        "sheet confirm-paper {sheet}",
    ),
}


def _more() -> None:
    from qjsc_panel.exchange.bureau_messages import MESSAGES as bureau

    MESSAGES.update(bureau)


_more()
