"""File names inside the bureau bundle (one place: the writer and every verifier import these)."""

from __future__ import annotations

OPINION_PDF = "验收意见.pdf"
WORKBOOK = "评分汇总表.xlsx"
AUDIT_LOG = "审计日志.jsonl"
RESULT_JSON = "验收结果.json"
PANEL_CA = "专家组CA证书.pem"
PACKAGES_DIR = "评分包/"
README = "说明.txt"
MANIFEST = "manifest.json"

# What each file is, for 说明.txt (file name -> description).
DESCRIPTIONS = {
    OPINION_PDF: "验收意见（PDF），含附件1–5和专家组签署页，已由专家组组长和专家电子签名。",
    WORKBOOK: "评分汇总表（Excel），与验收意见中的数字一致；数据表已保护。",
    RESULT_JSON: "验收结果（JSON）：综合得分、各项平均分、结论、否决情形及所用评分包的 SHA-256。"
    "验收意见签署页印有本文件的 SHA-256（结果摘要）。",
    AUDIT_LOG: "本次验收的审计日志（每行一条，含前后哈希链）。",
    PANEL_CA: "专家组 CA 证书：签发各专家签名证书的证书。",
    PACKAGES_DIR: "各专家提交的已签名电子评分包（.qjsc）。",
    MANIFEST: "清单：本包每个文件的 SHA-256 和字节数。",
}
