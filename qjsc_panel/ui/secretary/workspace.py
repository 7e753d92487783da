"""The secretary's workspace: one window with a tab per task, in the order of the year's work."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from qjsc_panel.services.context import Ctx
from qjsc_panel.ui.i18n import text
from qjsc_panel.ui.secretary.common import Tab

TABS = (
    ("enterprises", "企业", "Enterprises"),
    ("consultancies", "咨询机构", "Consultancies"),
    ("pool", "专家库", "Expert pool"),
    ("plan", "年度计划", "Plan"),
    ("draw", "抽取专家", "Draw"),
    ("archive", "验收档案", "Archive"),
    ("backup", "备份", "Backup"),
)


class SecretaryWorkspace(QWidget):
    def __init__(self, ctx: Ctx, data_dir: Path) -> None:
        super().__init__()
        from qjsc_panel.ui.secretary.archive_tab import ArchiveTab
        from qjsc_panel.ui.secretary.backup_tab import BackupTab
        from qjsc_panel.ui.secretary.draw_tab import DrawTab
        from qjsc_panel.ui.secretary.plan_tab import PlanTab
        from qjsc_panel.ui.secretary.registries import ConsultanciesTab, EnterprisesTab, PoolTab

        self.setObjectName("SecretaryWorkspace")
        self.ctx = ctx
        self.tabs = QTabWidget()
        self.pages: dict[str, Any] = {
            "enterprises": EnterprisesTab(ctx),
            "consultancies": ConsultanciesTab(ctx),
            "pool": PoolTab(ctx),
            "plan": PlanTab(ctx),
            "draw": DrawTab(ctx),
            "archive": ArchiveTab(ctx),
            "backup": BackupTab(ctx, data_dir),
        }
        for key, _, _ in TABS:
            self.tabs.addTab(self.pages[key], "")
        self.tabs.currentChanged.connect(self._refresh)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(text("秘书工作台", "Secretary's workspace"))
        for i, (_, zh, en) in enumerate(TABS):
            self.tabs.setTabText(i, text(zh, en))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _refresh(self, index: int) -> None:
        page = self.tabs.widget(index)
        if page is self.pages["archive"]:
            self._apply_archive()
            return
        if isinstance(page, Tab):
            page.reload()

    def _apply_archive(self) -> None:
        self.pages["archive"].apply()

    def show_tab(self, key: str) -> Any:
        page = self.pages[key]
        self.tabs.setCurrentWidget(page)
        return page
