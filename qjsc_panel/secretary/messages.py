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
}
