"""The app's own refusals and notices (codes ``ui.*``), zh and en."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "ui.passphrase_short": ("口令至少需要 {n} 个字符", "the passphrase needs at least {n} characters"),
    "ui.passphrase_mismatch": ("两次输入的口令不一致", "the two passphrases differ"),
    "ui.no_profile": ("请先选择专家档案", "choose an expert profile first"),
    "ui.no_folder": (
        "请选择保存签名评分文件的文件夹（如 U 盘）",
        "choose a folder (e.g. a USB stick) for the signed sheet",
    ),
    "ui.folder_missing": ("文件夹不存在或不可写：{path}", "the folder does not exist or cannot be written: {path}"),
    "ui.saved": ("已保存：第 {item} 项 {value}", "saved: item {item} = {value}"),
    "ui.cleared": ("已清除：第 {item} 项", "cleared: item {item}"),
    "ui.comment_saved": ("已保存第 {item} 项评语", "comment on item {item} saved"),
}
