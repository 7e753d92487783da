"""The secretary's workspace: one window with a tab per task, in the order of the year's work.

Slow work (imports, exports, backup, bundle intake) runs through an
:class:`~qjsc_panel.ui.ops.OpRunner`: the main window's when it opened the workspace (so the
main window's logout and close wait for it), else one of its own.  Closing the workspace while
one of its operations runs is held until the operation ends.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from qjsc_panel.services.context import Ctx
from qjsc_panel.ui import retranslate
from qjsc_panel.ui.ops import OpRunner
from qjsc_panel.ui.secretary.common import Tab

TABS = ("enterprises", "consultancies", "pool", "plan", "draw", "archive", "backup")


class SecretaryWorkspace(QWidget):
    def __init__(self, ctx: Ctx, data_dir: Path, ops: OpRunner | None = None) -> None:
        super().__init__()
        from qjsc_panel.ui.secretary.archive_tab import ArchiveTab
        from qjsc_panel.ui.secretary.backup_tab import BackupTab
        from qjsc_panel.ui.secretary.draw_tab import DrawTab
        from qjsc_panel.ui.secretary.plan_tab import PlanTab
        from qjsc_panel.ui.secretary.registries import ConsultanciesTab, EnterprisesTab, PoolTab

        self.setObjectName("SecretaryWorkspace")
        self.ctx = ctx
        # Found by ops.runner_for(tab): the tabs' operations are counted where this window's owner looks.
        self.ops = ops if ops is not None else OpRunner(lambda: ctx, self)
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
        for key in TABS:
            self.tabs.addTab(self.pages[key], "")
            self.pages[key].idle.connect(self._tab_idle)
        self.tabs.currentChanged.connect(self._refresh)
        self.waiting = QLabel()
        self.waiting.setObjectName("waiting")
        self.waiting.hide()
        self._close_held = False
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.waiting)
        retranslate.register(self, self.retranslate_ui)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("秘书工作台"))
        names = (
            self.tr("企业"),
            self.tr("咨询机构"),
            self.tr("专家库"),
            self.tr("年度计划"),
            self.tr("抽取专家"),
            self.tr("验收档案"),
            self.tr("备份"),
        )
        for i, name in enumerate(names):
            self.tabs.setTabText(i, name)
        self._show_waiting()

    @property
    def running(self) -> int:
        """Operations started from this workspace's tabs that have not ended."""
        return sum(page.running for page in self.pages.values())

    def _show_waiting(self) -> None:
        self.waiting.setText(self.tr("正在等待 {0} 项操作完成……").format(self.running))
        self.waiting.setVisible(self._close_held)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.running:
            event.ignore()  # the tabs' results still have somewhere to go; closes when they end
            self._close_held = True
            self._show_waiting()
            return
        super().closeEvent(event)

    def _tab_idle(self) -> None:
        if self._close_held and not self.running:
            self._close_held = False
            self.close()
        elif self._close_held:
            self._show_waiting()

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
