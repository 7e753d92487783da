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
}
