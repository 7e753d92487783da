"""The app's own refusals and notices (codes ``ui.*``): Chinese templates; English in locale/en.po."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "ui.passphrase_short": "口令至少需要 {n} 个字符",
    "ui.passphrase_mismatch": "两次输入的口令不一致",
    "ui.no_profile": "请先选择专家档案",
    "ui.no_folder": "请选择保存签名评分文件的文件夹（如 U 盘）",
    "ui.folder_missing": "文件夹不存在或不可写：{path}",
    "ui.saved": "已保存：第 {item} 项 {value}",
    "ui.cleared": "已清除：第 {item} 项",
    "ui.comment_saved": "已保存第 {item} 项评语",
}
