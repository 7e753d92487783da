"""Messages of the bureau's trust root and of checks against it (codes ``exchange.bureau_*``)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
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
        "the request is for acceptance {acceptance} with chair {chair}, which does not match the roster; "
        "nothing was changed",
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
        "the panel of acceptance {acceptance} is not yet certified by the bureau "
        "(panel-key request, bureau appoint, panel-key certify)",
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
        "every signature chains to the bureau root {root}; the composite recomputed from the packages, "
        "{composite}, matches what the bundle states",
    ),
}
