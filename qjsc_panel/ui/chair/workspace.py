"""组长工作台: the chair's workspace, a page of the main window.

Top: the acceptances this profile's key chairs (never by name: :func:`services.chair.chaired_by`)
with their state and the next step in words, and 新建验收.  Below: one tab per stage, built from
:data:`TAB_SPECS`.  Every tab follows the contract in /work/coord/COMMON.md: constructed as
``Tab(ctx, parent)``, ``set_acceptance(uuid)`` when the chair picks an acceptance, and a
``goto = Signal(str)`` naming another tab's key.  Optional: ``reload()`` (called when the tab is
shown again), ``changed = Signal()`` (the acceptance's state moved on: the list is re-read) and
``created = Signal(str)`` (a new acceptance: the list is re-read and it is selected).

Adding a tab is one line in :data:`TAB_SPECS` (its title is in :meth:`ChairWorkspace.titles`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from qjsc_panel.services.app import App
from qjsc_panel.ui import retranslate
from qjsc_panel.ui.widgets import ErrorLabel


@dataclass(frozen=True)
class TabSpec:
    key: str  # setup, panel, collect, review, opinion, sign
    target: str  # "module:Class"; PLACEHOLDER until the tab exists


PLACEHOLDER = "qjsc_panel.ui.chair.workspace:PlaceholderTab"

TAB_SPECS: list[TabSpec] = [
    TabSpec("setup", "qjsc_panel.ui.chair.setup_tab:SetupTab"),
    TabSpec("panel", "qjsc_panel.ui.chair.panel_tab:PanelTab"),
    TabSpec("collect", "qjsc_panel.ui.chair.embedded:CollectTab"),
    TabSpec("review", "qjsc_panel.ui.chair.embedded:ReviewTab"),
    TabSpec("opinion", PLACEHOLDER),  # → "qjsc_panel.ui.chair.opinion_tab:OpinionTab"
    TabSpec("sign", PLACEHOLDER),  # → "qjsc_panel.ui.chair.sign_tab:SignTab"
]

# Tabs that need an acceptance: without one only setup (create) is enabled.
NEEDS_ACCEPTANCE = frozenset({"panel", "collect", "review", "opinion", "sign"})


class PlaceholderTab(QWidget):
    """Stands in for a tab another engineer builds (same contract)."""

    goto = Signal(str)

    def __init__(self, ctx: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.label = QLabel()
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay = QVBoxLayout(self)
        lay.addWidget(self.label)
        retranslate.register(self, self.retranslate_ui)

    def retranslate_ui(self) -> None:
        self.label.setText(self.tr("此部分尚在建设中"))

    def set_acceptance(self, uuid: str) -> None:
        pass


def _load(target: str) -> Callable[[App, QWidget], QWidget]:
    """The tab class a spec names (any class following the contract)."""
    module, _, name = target.partition(":")
    cls: Callable[[App, QWidget], QWidget] = getattr(importlib.import_module(module), name)
    return cls


class ChairWorkspace(QWidget):
    """The chair's acceptances and the tabs of :data:`TAB_SPECS` for the selected one."""

    acceptance_changed = Signal(str)

    def __init__(self, ctx: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ChairWorkspace")
        self.ctx = ctx
        self.rows: list[dict[str, Any]] = []
        self.next_steps: dict[str, str] = {}  # uuid → next-step code
        self.acceptance: str | None = None
        self._stale: set[str] = set()  # tab keys not yet told of the current acceptance
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.new_button = QPushButton()
        self.new_button.setObjectName("newAcceptance")
        self.new_button.clicked.connect(self.new_acceptance)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.reload)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("chairedAcceptances")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._picked)
        self.empty = QLabel()
        self.empty.setObjectName("noAcceptance")
        self.empty.setWordWrap(True)
        self.error = ErrorLabel()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("chairTabs")
        self.pages: dict[str, QWidget] = {}
        for spec in TAB_SPECS:
            page = _load(spec.target)(ctx, self)
            page.setObjectName(f"chairTab_{spec.key}")
            page.goto.connect(self.show_tab)  # type: ignore[attr-defined]
            if hasattr(page, "changed"):
                page.changed.connect(self.refresh_rows)
            if hasattr(page, "created"):
                page.created.connect(self._created)
            self.pages[spec.key] = page
            self.tabs.addTab(page, "")
        self.tabs.currentChanged.connect(self._tab_shown)

        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.refresh_button)
        head.addWidget(self.new_button)
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addLayout(head)
        tl.addWidget(self.table, 1)
        tl.addWidget(self.empty)
        tl.addWidget(self.error)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 5)
        split.setSizes([150, 600])
        split.setChildrenCollapsible(False)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 6)
        lay.addWidget(split)
        retranslate.register(self, self.retranslate_ui)

    # -- texts ---------------------------------------------------------------------------------
    def titles(self) -> dict[str, str]:
        return {
            "setup": self.tr("验收与初审(&1)"),
            "panel": self.tr("专家组(&2)"),
            "collect": self.tr("收取评分表(&3)"),
            "review": self.tr("评分汇总(&4)"),
            "opinion": self.tr("绩效表与意见(&5)"),
            "sign": self.tr("定稿与签名(&6)"),
        }

    def step_text(self, code: str) -> str:
        return {
            "checks": self.tr("记录初审和近一年环境处罚核查"),
            "checks_failed": self.tr("初审未通过或有环境处罚：不能继续验收"),
            "panel": self.tr("组建专家组（至少 3 名合格专家）"),
            "panel_key": self.tr("生成专家组密钥"),
            "enrol": self.tr("登记专家公钥"),
            "invite": self.tr("发出验收邀请，收取评分表"),
            "collect": self.tr("收取评分表（法定人数未到）"),
            "review": self.tr("在评分汇总中处理待办事项"),
            "opinion": self.tr("填写绩效表与验收意见，定稿"),
            "done": self.tr("已定稿"),
        }.get(code, "")

    def status_text(self, status: str) -> str:
        return self.tr("已定稿") if status == "finalised" else self.tr("进行中")

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("组长工作台"))
        self.new_button.setText(self.tr("新建验收(&N)"))
        self.refresh_button.setText(self.tr("刷新(&R)"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("现场验收日期"), self.tr("企业"), self.tr("状态"), self.tr("下一步")]
        )
        self.empty.setText(
            self.tr(
                "您还没有担任组长的验收。请在下方“验收与初审”中新建验收：选定企业、日期，并选择专家库中您本人的记录作为组长。"
            )
        )
        titles = self.titles()
        for i, spec in enumerate(TAB_SPECS):
            self.tabs.setTabText(i, titles.get(spec.key, spec.key))
        self._fill()

    # -- the list ------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the chaired acceptances again; keep the selection if it is still there."""
        self.refresh_rows()
        if self.acceptance is None and self.rows:
            self.select(str(self.rows[-1]["uuid"]))
        self._enable()

    def refresh_rows(self) -> None:
        from qjsc_panel.services.chair import chaired_by
        from qjsc_panel.services.chair_workspace import overview

        self.error.clear()
        try:
            self.rows = chaired_by(self.ctx, self.ctx.key.fingerprint if self.ctx.key else None)
            self.next_steps = {str(r["uuid"]): overview(self.ctx, str(r["uuid"])).next_step for r in self.rows}
        except Exception as exc:  # a refusal reading the database: say it, keep the page
            self.rows, self.next_steps = [], {}
            self.error.show_error(exc)
        self._fill()

    def _fill(self) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rows))
        current = -1
        for r, row in enumerate(self.rows):
            uuid = str(row["uuid"])
            texts = (
                str(row["visit_date"]),
                str(row["enterprise"]),
                self.status_text(str(row["status"])),
                self.step_text(self.next_steps.get(uuid, "")),
            )
            for c, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, uuid)
                self.table.setItem(r, c, item)
            if uuid == self.acceptance:
                current = r
        if current >= 0:
            self.table.selectRow(current)
        self.table.blockSignals(False)
        self.empty.setVisible(not self.rows)
        self.table.setVisible(bool(self.rows))

    def _picked(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.rows):
            self.select(str(self.rows[row]["uuid"]))

    def select(self, uuid: str) -> None:
        """Pick an acceptance: the shown tab hears of it now, the others when shown."""
        if uuid not in {str(r["uuid"]) for r in self.rows}:
            return  # not chaired by this key: no chair actions on it
        changed = uuid != self.acceptance
        self.acceptance = uuid
        self._fill()
        if changed:
            self._stale = set(self.pages)
            self._tell(self.current_key())
            self.acceptance_changed.emit(uuid)
        self._enable()

    def _enable(self) -> None:
        for i, spec in enumerate(TAB_SPECS):
            self.tabs.setTabEnabled(i, spec.key not in NEEDS_ACCEPTANCE or self.acceptance is not None)

    def _tell(self, key: str) -> None:
        if self.acceptance is not None and key in self._stale:
            self._stale.discard(key)
            self.pages[key].set_acceptance(self.acceptance)  # type: ignore[attr-defined]

    def current_key(self) -> str:
        return TAB_SPECS[self.tabs.currentIndex()].key

    def _tab_shown(self, index: int) -> None:
        key = TAB_SPECS[index].key
        if key in self._stale:
            self._tell(key)
        else:
            reload = getattr(self.pages[key], "reload", None)
            if callable(reload) and self.acceptance is not None:
                reload()

    def show_tab(self, key: str) -> QWidget:
        page = self.pages[key]
        self.tabs.setCurrentWidget(page)
        return page

    def _created(self, uuid: str) -> None:
        self.refresh_rows()
        self.select(uuid)

    def new_acceptance(self) -> None:
        page = self.show_tab("setup")
        start = getattr(page, "start_new", None)
        if callable(start):
            start()
