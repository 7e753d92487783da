"""Messages of :mod:`qjsc_panel.trust` (codes ``trust.*``)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "trust.unexpected": "程序遇到意外错误（{kind}：{detail}），操作未完成。详情已写入日志：{log}",
    "trust.bad_argument": "参数不是有效的 UTF-8 文本：{value}",
    "trust.os_error": "无法读写文件 {path}：{detail}",
    "trust.db_missing": "数据库文件不存在：{path}（本命令不会新建数据库；请检查 --db 路径）",
    "trust.form_official": "这是官方评分表 {id} {version}，内容与发布版本一致。",
    "trust.form_custom": "这不是已知的官方评分表版本（自定义评分表；新建验收时须加 --custom-form）。",
    "trust.form_modified": "评分表自称官方版本 {id} {version}，但内容已被改动（与发布版本的哈希不一致），不能使用。",
    "trust.form_not_official": "评分表 {id} {version} 不是已知的官方版本；如确需使用自定义评分表，请加 --custom-form。",
    "trust.form_hash_mismatch": "本验收保存的评分表已被改动（哈希应为 {want}…，实为 {found}…），拒绝使用。",
    "trust.frozen_mismatch": "验收 {acceptance} 已定稿，但数据库中的数据与定稿结果不一致（{fields}）：数据在定稿后被改动，拒绝输出。请用 verify-log 检查，并以报送的定稿材料为准。",
    "trust.replay_mismatch": "表 {table} 的 {row}（{field}）与审计日志不一致：数据库中为「{found}」，日志所记为「{want}」（第 {seq} 条）",
    "trust.replay_unreadable": "第 {seq} 条记录的内容不是本程序写入的格式",
    "trust.head_signature_invalid": "组长对第 {seq} 条处日志头的签名与日志不符：记录被改动、删除或插入，或签名是伪造的",
    "trust.head_not_in_log": "组长签名的日志头（第 {seq} 条）与日志中该条记录的哈希不一致：哈希链被重算过",
    "trust.head_wrong_signer": "第 {seq} 条处的签名不是本验收组长的密钥所签",
    "trust.head_bad_certificate": "第 {seq} 条处签名的证书无法读取",
    "trust.head_unsigned": "第 {seq} 条定稿记录没有组长签名（组长有密钥，定稿时必须签名）",
    "trust.result_signature_mismatch": "定稿结果与组长在第 {seq} 条处签名的结果不一致",
    "trust.no_head": "审计日志为空，无可签名的日志头",
    "trust.chair_passphrase_needed": "组长 {name} 已有签名密钥：定稿和组长决定须用其口令签名（--passphrase-file 或 QJSC_PASSPHRASE）",
    "trust.db_locked_by_passphrase": "数据库 {path} 已加密，口令不对（或文件已损坏）：无法打开",
    "trust.db_passphrase_needed": "数据库 {path} 用本人口令加密：请提供口令（--passphrase-file 或 QJSC_PASSPHRASE）",
    "trust.bundle_heads_missing": "报送包中没有组长签名的审计日志头（{name}）：无法证明审计日志未被删改",
    "trust.bundle_final_head_missing": "报送包中没有组长在定稿时对审计日志头和定稿结果的有效签名：无法证明日志和结果未被删改",
    "trust.bundle_decision_unsigned": "审计日志第 {seq} 条组长决定（{action}）没有对应的组长签名：签名被删去或日志被改动",
    "trust.bundle_frozen_differs": "组长签名的定稿结果与由评分包重算的结果不一致（{what}）",
    "trust.profile_db_exists": "本档案已有自己的加密数据库 {path}，无需再迁移",
    "trust.cipher_unavailable": "本机未安装 SQLCipher（sqlcipher3），无法打开或新建加密数据库 {path}",
}
