"""Refusals of the database layer on a PostgreSQL server (the bureau's shared archive)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "store.server_no_encryption": (
        "服务器数据库 {path} 不能用本软件加密（SQLCipher 只加密 SQLite 文件）：请依靠服务器的访问控制和磁盘加密，"
        "或去掉加密选项"
    ),
    "store.server_unsupported": "不支持的数据库地址 {url}：请用 SQLite 文件或 postgresql+psycopg://…",
    "store.server_unreachable": "无法连接数据库服务器 {path}：{detail}",
    "store.server_driver_missing": (
        "要使用 PostgreSQL 上的档案库 {path}，需先安装驱动：pip install 'qjsc-panel[server]'（即 psycopg）"
    ),
    "store.server_no_backup": (
        "数据库 {path} 在 PostgreSQL 服务器上：本软件的备份只复制 SQLite 文件，服务器请由管理员用 pg_dump 备份；"
        "密钥和设置仍可单独备份数据目录"
    ),
    "store.backup_private_open": (
        "当前打开的是登录专家本人的加密数据库 {path}：请先注销再备份（注销后备份会包含本机每位专家的加密数据库）"
    ),
}
