"""File names inside the bureau bundle (one place: the writer, the trust files and every verifier
import these) and what each is, for 说明.txt."""

from __future__ import annotations

OPINION_PDF = "验收意见.pdf"
WORKBOOK = "评分汇总表.xlsx"
AUDIT_LOG = "审计日志.jsonl"
RESULT_JSON = "验收结果.json"
PANEL_CA = "专家组CA证书.pem"
PACKAGES_DIR = "评分包/"
README = "说明.txt"
MANIFEST = "清单.json"
# Bundles written before the manifest had a Chinese name; verifiers still read them.
LEGACY_MANIFEST = "manifest.json"
# The trust files (exchange.bundle_trust, docs/trust.md).
ROSTER = "专家组名单.json"
PACKAGE_KEYS = "评分包密钥.json"
FORM = "评分表.json"
MANIFEST_SIG = "清单签名.json"
SIGNED_HEADS = "审计日志签名.json"

# What each file is, for 说明.txt (file name -> description).
DESCRIPTIONS = {
    OPINION_PDF: "验收意见（PDF），含附件1–5和专家组签署页，已由专家组组长和专家电子签名。",
    WORKBOOK: "评分汇总表（Excel），与验收意见中的数字一致；数据表已保护。",
    RESULT_JSON: "验收结果（JSON）：综合得分、各项平均分、结论、否决情形及所用评分包的 SHA-256。"
    "验收意见签署页印有本文件的 SHA-256（结果摘要）。",
    AUDIT_LOG: "本次验收的审计日志（每行一条，含前后哈希链）。",
    PANEL_CA: "专家组 CA 证书：市工业和信息化局为本专家组签发，用于签发各专家的签名证书。",
    PACKAGES_DIR: "各专家提交的已签名电子评分包（.qjsc），即计入结果的评分表原件。",
    ROSTER: "专家组名单：市工业和信息化局签署的专家组成员、组长及所用评分表的摘要。",
    PACKAGE_KEYS: "评分包密钥：打开上述评分包所需的密钥，供核验方重新计算得分。",
    FORM: "本次验收所用的评分表（评分项、分值），其摘要与专家组名单中的一致。",
    SIGNED_HEADS: "审计日志签名：专家组组长对审计日志各关键节点（各项决定、定稿）的电子签名。",
    README: "本说明。",
    MANIFEST: "清单：本包每个文件的 SHA-256 和字节数。",
    MANIFEST_SIG: "清单签名：专家组组长对清单的电子签名（含其签名证书）。",
}
