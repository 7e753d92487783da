"""Messages of the offline exchange (codes ``exchange.*``): Chinese templates; English in locale/en.po."""

from __future__ import annotations

_NOTHING_ZH = "；未做任何修改"

MESSAGES: dict[str, str | tuple[str, str]] = {
    "exchange.passphrase_empty": "口令不能为空",
    "exchange.passphrase_mismatch": "两次输入的口令不一致",
    "exchange.passphrase_needed": "需要口令：请用 --passphrase-file 或环境变量 QJSC_PASSPHRASE 提供",
    "exchange.bad_passphrase": "口令错误，无法打开密钥 {what}",
    "exchange.key_file_broken": "密钥或记录文件 {what} 已损坏或不是本软件的文件",
    "exchange.key_choose": "本机有多位专家的密钥，请用 --key 指明指纹：{keys}",
    "exchange.key_exists": "本机已有 {name} 的签名密钥 {fingerprint}，无需再生成",
    "exchange.no_key": "本机还没有签名密钥，请先运行 key init",
    "exchange.key_not_found": "找不到指纹为 {fingerprint} 的密钥",
    "exchange.name_required": "请填写姓名",
    "exchange.bad_public_key": "不是有效的 P-256 公钥文件（PEM）",
    "exchange.bad_certificate": "证书无效",
    "exchange.no_certificate": "密钥 {fingerprint} 还没有专家组颁发的证书（先由组长登记并导入邀请文件）",
    "exchange.key_created": "已生成签名密钥，指纹 {fingerprint}（请抄在签到表上，并交组长核对）",
    "exchange.panel_key_exists": "验收 {acceptance} 已有专家组密钥",
    "exchange.no_panel_key": "本机没有验收 {acceptance} 的专家组密钥（只有组长的电脑能导入评分包）",
    "exchange.panel_key_created": "已生成专家组证书颁发机构，CA 指纹 {fingerprint}",
    "exchange.enrolled": "已登记 {name} 的公钥 {fingerprint}，并颁发证书",
    "exchange.not_enrolled": "{name} 的公钥尚未登记（先运行 enrol）",
    "exchange.invitation_written": "已写出邀请文件 {file}",
    "exchange.not_invitation": "{file} 不是有效的专家组邀请文件",
    "exchange.invitation_bad_signature": "邀请文件 {file} 的签名无效或内容被改动",
    "exchange.invitation_other_key": "该邀请发给 {name}（密钥 {fingerprint}），不是本机的密钥",
    "exchange.joined": "已加入验收：{enterprise}，{date}；本机验收编号 {acceptance}，CA 指纹 {ca}（请与组长核对）",
    "exchange.already_joined": "已经加入过该验收（本机编号 {acceptance}）",
    "exchange.not_joined": "验收 {acceptance} 不是通过邀请文件加入的，无法导出评分包",
    "exchange.nothing_submitted": "{name} 还没有提交评分表，无法导出",
    "exchange.exported": "已导出评分包 {file}（第 {version} 版，总分 {total}）",
    "exchange.unreadable": "无法读取 {file}：{detail}；未做任何修改",
    "exchange.not_package": "{file} 不是评分包文件（或已截断）；未做任何修改",
    "exchange.package_format": "{file} 的格式版本为 {found}，本软件读取 {want}；未做任何修改",
    "exchange.corrupt": "{file} 已损坏（{detail}）；未做任何修改",
    "exchange.bad_signature": "{file} 的签名无效：文件被改动或不是该专家签署的；未做任何修改",
    "exchange.not_panel_certificate": "{file} 的签名证书不是本专家组颁发的；未做任何修改",
    "exchange.import_failed": (
        "{file} 导入时出现意外错误（{detail}），该文件未导入，详情见日志；未做任何修改",
        "{file}: unexpected error while importing ({detail}); this file was not imported, details in the log. Nothing was changed",
    ),
    "exchange.name_not_signer": (
        "{file} 写的是 {name}，但签名证书属于 {signer}；未做任何修改",
        "{file} names {name} but is signed with the certificate of {signer}. Nothing was changed",
    ),
    "exchange.not_enrolled_key": "{file}：签名人 {name}（密钥 {fingerprint}）不是本专家组登记的专家；未做任何修改",
    "exchange.other_panel": "{file} 属于另一次验收（{panel}），不是本机的专家组；未做任何修改",
    "exchange.not_for_this_chair": "{file} 不是加密给本专家组组长的；未做任何修改",
    "exchange.decrypt_failed": "{file} 无法解密：内容被改动或不是给本组长的；未做任何修改",
    "exchange.header_mismatch": "{file} 的封面信息与加密内容不一致；未做任何修改",
    "exchange.other_form": "{file} 用的评分表版本是 {found}，本次验收使用 {want}；未做任何修改",
    "exchange.status.imported": "已导入",
    "exchange.status.superseded": "已导入（取代旧版本）",
    "exchange.status.duplicate": "重复：已导入过，未做修改",
    "exchange.status.valid": "有效，可以导入",
    "exchange.status.signature_ok": "签名有效（本机无组长密钥，未检查内容）",
    "exchange.status.refused": "拒绝",
    "exchange.summary": "共 {total} 个文件：导入 {imported}，重复 {duplicate}，拒绝 {refused}",
    "exchange.xlsx_written": "已写出 Excel 评分表 {file}",
    "exchange.xlsx_unreadable": "{file} 不是可读取的 Excel 文件（.xlsx）；未做任何修改",
    "exchange.xlsx_too_large": (
        "{file} 过大，不予读取（{detail}）；未做任何修改",
        "{file} is too large to read ({detail}). Nothing was changed",
    ),
    "exchange.xlsx_too_many": (
        "{file} 的行或列超出评分表的范围（最多 {rows} 行、{columns} 列）；未做任何修改",
        "{file} has rows or columns beyond a score sheet's (at most {rows} rows, {columns} columns). Nothing was changed",
    ),
    "exchange.xlsx_entities": (
        "{file} 含有 XML 实体或 DTD 声明（{part}），可能是恶意文件，不予读取；未做任何修改",
        "{file} contains XML entity or DTD declarations ({part}), a sign of a malicious file; it is not read. Nothing was changed",
    ),
    "exchange.xlsx_member_required": (
        "请指明 {file} 是哪位专家的评分表（--member 成员编号或姓名）；未做任何修改",
        "say whose sheet {file} is (--member id or name). Nothing was changed",
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
        "{file}：{name} 已有签名评分包（第 {version} 版）；Excel 评分表只有在组长说明理由后才能取代它（--reason）；未做任何修改",
        "{file}: {name} has a signed package (version {version}); an Excel sheet replaces it only with the chair's stated reason (--reason). Nothing was changed",
    ),
    "exchange.xlsx_reason_required": (
        "{file}：{name} 已有第 {version} 版评分表；取代它须说明理由（--reason）；未做任何修改",
        "{file}: {name} already has version {version}; replacing it needs a reason (--reason). Nothing was changed",
    ),
    "exchange.xlsx_not_template": "{file} 不是本软件生成的评分表模板；未做任何修改",
    "exchange.xlsx_problems": "{file} 有 {count} 处问题；未做任何修改：",
    "exchange.xlsx_text": "单元格 {cell}（第 {item} 项）：“{value}”不是数字",
    "exchange.xlsx_range": "单元格 {cell}（第 {item} 项）：{value} 超出 0 至 {max}",
    "exchange.xlsx_step": "单元格 {cell}（第 {item} 项）：{value} 不符合步长 {step}",
    "exchange.xlsx_missing": "单元格 {cell}（第 {item} 项）：未填分数",
    "exchange.xlsx_item_missing": "评分表中缺少第 {item} 项（其行被删除或改动）",
    "exchange.xlsx_other_form": "单元格 {cell}：该表按评分表 {found} 生成，本次验收使用 {want}",
    "exchange.xlsx_other_panel": "单元格 {cell}：该表属于另一次验收或另一位专家",
    "exchange.xlsx_imported": "已导入 {name} 的 Excel 评分表（未签名，总分 {total}）；组长须对照签字纸质件确认后才计入：sheet confirm-paper {sheet}",
    "exchange.bureau_exists": (
        "本机已有市局根证书（指纹 {fingerprint}），不能再生成",
        "this machine already holds the bureau's root CA (fingerprint {fingerprint})",
    ),
    "exchange.bureau_none": (
        "本机没有市局根证书（在秘书的电脑上运行 bureau init）",
        "this machine holds no bureau root CA (run 'bureau init' on the secretary's machine)",
    ),
    "exchange.bureau_created": (
        "已生成市局根证书，指纹 {fingerprint}（公布此指纹，供各方核对）",
        "bureau root CA made, fingerprint {fingerprint} (publish it so that others can check it)",
    ),
    "exchange.bureau_bad_request": (
        "不是有效的专家组 CA 认证申请文件；未做任何修改",
        "not a valid panel CA certification request; nothing was changed",
    ),
    "exchange.bureau_request_mismatch": (
        "申请文件属于验收 {acceptance}、组长 {chair}，与秘书库中的名单不符；未做任何修改",
        "the request is for acceptance {acceptance} with chair {chair}, which does not match the roster; nothing was changed",
    ),
    "exchange.bureau_appointed": (
        "已认证专家组 CA（序列号 {serial}）并签发名单：组长 {chair}，专家 {experts} 人；写出 {file}",
        "panel CA certified (serial {serial}) and roster signed: chair {chair}, {experts} expert(s); wrote {file}",
    ),
    "exchange.bureau_bad_appointment": ("不是有效的市局任命文件", "not a valid appointment file from the bureau"),
    "exchange.bureau_bad_roster": (
        "专家组名单的签名无效或不是本根证书签发的",
        "the panel roster's signature is invalid or not made by this root",
    ),
    "exchange.bureau_other_root": (
        "文件所依据的根证书（{found}）不是本机信任的市局根证书",
        "the file rests on a root ({found}) that is not the bureau root this machine trusts",
    ),
    "exchange.bureau_not_this_panel": (
        "该任命文件认证的不是本机验收 {acceptance} 的专家组密钥",
        "the appointment certifies a key other than this laptop's panel key for acceptance {acceptance}",
    ),
    "exchange.bureau_certified": (
        "市局已认证本专家组 CA；根证书指纹 {fingerprint}（请与市局公布的核对）",
        "the bureau has certified this panel's CA; root fingerprint {fingerprint} (check it with the bureau's)",
    ),
    "exchange.bureau_request_written": (
        "已写出认证申请 {file}，请交秘书办理（bureau appoint）",
        "certification request written to {file}; hand it to the secretary (bureau appoint)",
    ),
    "exchange.bureau_not_certified": (
        "{subject} 不是市局根证书认证的",
        "{subject} is not certified by the bureau root",
    ),
    "exchange.bureau_expired": (
        "{subject} 不在有效期内（{start} 至 {end}）",
        "{subject} is outside its validity period ({start} to {end})",
    ),
    "exchange.bureau_revoked": (
        "{subject} 已被市局吊销（自 {since} 起）",
        "{subject} was revoked by the bureau (since {since})",
    ),
    "exchange.bureau_bad_crl": (
        "吊销列表无效或不是市局根证书签发的",
        "the revocation list is invalid or not signed by the bureau root",
    ),
    "exchange.bureau_not_root": ("不是有效的根证书", "not a valid root certificate"),
    "exchange.bureau_not_issued": (
        "找不到由市局认证的专家组 CA：{ref}（或不唯一）",
        "no (unique) panel CA certified by the bureau matches {ref}",
    ),
    "exchange.bureau_bad_reason": ("吊销原因 {reason} 无效，可选：{known}", "unknown reason {reason}; one of: {known}"),
    "exchange.bureau_bad_date": ("日期时间格式无效：{value}", "invalid date and time: {value}"),
    "exchange.bureau_revoked_done": (
        "已吊销专家组 CA {serial}（验收 {acceptance}），并重新签发吊销列表",
        "revoked panel CA {serial} (acceptance {acceptance}) and re-issued the revocation list",
    ),
    "exchange.bureau_crl_written": ("已写出吊销列表 {file}", "revocation list written to {file}"),
    "exchange.bureau_root_written": (
        "已写出根证书 {file}，指纹 {fingerprint}",
        "root certificate written to {file}, fingerprint {fingerprint}",
    ),
    "exchange.bureau_root_installed": (
        "已安装市局根证书，指纹 {fingerprint}（请与市局公布的核对）",
        "bureau root installed, fingerprint {fingerprint} (check it against the one the bureau publishes)",
    ),
    "exchange.bureau_no_root": (
        "未验证是否由市局根证书签发：本机没有安装根证书（bureau install-root 或 --root）",
        "not verified against the bureau root: none is installed here (bureau install-root, or --root)",
    ),
    "exchange.bureau_not_appointed": (
        "验收 {acceptance} 的专家组尚未经市局认证（panel-key request / bureau appoint / panel-key certify）",
        "the panel of acceptance {acceptance} is not yet certified by the bureau (panel-key request, bureau appoint, panel-key certify)",
    ),
    "exchange.bundle_missing_trust": ("报送包缺少 {name}", "the bundle lacks {name}"),
    "exchange.bundle_manifest_unsigned": (
        "报送包的清单没有组长签名",
        "the bundle's manifest is not signed by the chair",
    ),
    "exchange.bundle_manifest_not_chair": (
        "清单的签名人不是市局名单上的组长 {chair}",
        "the manifest is not signed by the roster's chair {chair}",
    ),
    "exchange.bundle_manifest_bad_signature": (
        "清单的签名无效：清单或其所列文件在签名后被改动",
        "the manifest's signature is invalid: it (or a file it lists) was changed after signing",
    ),
    "exchange.bundle_package_refused": (
        "评分包 {name} 未通过校验（{reason_code}）",
        "package {name} fails ({reason_code})",
    ),
    "exchange.bundle_package_not_roster": (
        "评分包 {name}（{expert}）的签名人不是市局名单上的该专家",
        "package {name} ({expert}) is not signed by that expert of the roster",
    ),
    "exchange.bundle_package_not_logged": (
        "评分包 {name} 的哈希不在审计日志的导入记录中",
        "package {name}'s hash is not in the audit log's import entries",
    ),
    "exchange.bundle_cannot_recompute": (
        "无法根据评分包重新计算结果（缺少计入的评分包、密钥或评分表）",
        "the result cannot be recomputed from the packages (counted packages, keys or the form are missing)",
    ),
    "exchange.bundle_other_form": (
        "报送包中的评分表与市局名单上的评分表哈希不一致",
        "the bundle's form does not match the form hash on the roster",
    ),
    "exchange.bundle_counted_missing": (
        "计入的评分表 {sheet} 没有对应的已签名评分包",
        "counted sheet {sheet} has no signed package in the bundle",
    ),
    "exchange.bundle_package_unreadable": (
        "评分包 {name} 无法用报送包中的密钥解密",
        "package {name} cannot be decrypted with the key the bundle discloses",
    ),
    "exchange.bundle_number_differs": (
        "{what} 为 {found}，根据评分包重新计算应为 {want}",
        "{what} is {found}; recomputed from the packages it is {want}",
    ),
    "exchange.bundle_signer_not_panel": (
        "{name} 中有不属于本专家组的签名人：{signer}",
        "{name} is signed by {signer}, who is not the chair or a scoring expert of this panel",
    ),
    "exchange.bundle_signer_missing": ("{name} 缺少 {signer} 的签名", "{name} lacks the signature of {signer}"),
    "exchange.bundle_signer_twice": ("{name} 中同一人签名两次", "{name} carries two signatures by one person"),
    "exchange.bundle_untrusted_pdf": (
        "{name} 的签名 {field}（{signer}）不能追溯到市局根证书",
        "{name}: signature {field} ({signer}) does not chain to the bureau root",
    ),
    "exchange.bundle_hash_not_printed": (
        "{name} 上印的内容哈希与清单不一致",
        "the content hash printed on {name} does not match the manifest",
    ),
    "exchange.bundle_trusted": (
        "全部签名可追溯到市局根证书 {root}；根据评分包重新计算的综合得分 {composite} 与报送内容一致",
        "every signature chains to the bureau root {root}; the composite recomputed from the packages, {composite}, matches what the bundle states",
    ),
    "exchange.recused": "{file}：{name} 已回避（{reason}），其评分不能计入；未做任何修改",
    "exchange.not_declared": "{file}：{name} 未签署利益冲突与保密声明；未做任何修改",
    "exchange.stale_version": "{file} 是第 {version} 版，已有更新的第 {current} 版：旧版本或重放的文件；未做任何修改",
    "exchange.superseded_version": "{file}（第 {version} 版）已被第 {current} 版取代；未做任何修改",
    "exchange.chain_broken": "{file} 是第 {version} 版，但应先导入第 {expected} 版（版本链不连续）；未做任何修改",
}
