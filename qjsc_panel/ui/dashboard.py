"""The chair's dashboard widget: who is on the panel and whether they qualify, recusals,
quorum, submitted and imported sheets with their signature status, the experts × items matrix
with mean/min/max/spread, outliers and vetoes awaiting the chair, the live composite and
grade, and inter-rater agreement for information.

It reads everything through :func:`qjsc_panel.services.opinion.compilation`, the same data the
PDF and the workbook are made from.  The main window (the app engineer's) embeds it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from qjsc_panel.errors import QjscError
from qjsc_panel.ui.chair.models import MatrixModel, MembersModel

if TYPE_CHECKING:
    from qjsc_panel.services.app import App
    from qjsc_panel.services.outputs import Dashboard


class ChairDashboard(QWidget):
    def __init__(self, ctx: App, acceptance: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.acceptance = ctx, acceptance
        self.dashboard: Dashboard | None = None
        self.setObjectName("chairDashboard")
        self.headline = QLabel()
        self.headline.setObjectName("headline")
        self.headline.setWordWrap(True)
        self.agreement = QLabel()
        self.members = QTableView()
        self.members_model = MembersModel()
        self.members.setModel(self.members_model)
        self.matrix = QTableView()
        self.matrix_model = MatrixModel()
        self.matrix.setModel(self.matrix_model)
        for view in (self.members, self.matrix):
            view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            view.verticalHeader().setVisible(False)
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.pending = QListWidget()  # outliers, vetoes and blockers: what the chair must settle
        self.pending.setWordWrap(True)
        self.refresh_button = QPushButton("刷新")
        self.refresh_button.clicked.connect(self.refresh)
        self.act_button = QPushButton("处理所选事项…")
        self.act_button.clicked.connect(self._act_on_selected)

        top = QHBoxLayout()
        top.addWidget(self.headline, 1)
        top.addWidget(self.refresh_button)
        side = QWidget()
        sl = QVBoxLayout(side)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addWidget(QLabel("待组长处理"))
        sl.addWidget(self.pending, 1)
        sl.addWidget(self.act_button)
        sl.addWidget(self.agreement)
        split = QSplitter()
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.members)
        left.addWidget(self.matrix)
        left.setStretchFactor(1, 3)
        split.addWidget(left)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(split, 1)
        self.refresh()

    def refresh(self) -> None:
        from qjsc_panel.services.outputs import dashboard

        d = dashboard(self.ctx, self.acceptance)
        self.dashboard = d
        q = d.quorum
        status = "已定稿" if d.status == "finalised" else "进行中"
        reached = "（已达到）" if q["reached"] else '（<span style="color:#b00">未达到</span>）'
        self.headline.setText(
            f"<b>{status}</b>　法定人数：{q['counted']}/{q['needed']}{reached}"
            f"　综合得分：<b>{d.composite or '—'}</b>　结论：<b>{d.result}</b>"
        )
        a = d.agreement
        self.agreement.setText(
            f"评分一致性（仅供参考）\nKendall W = {a['kendalls_w'] or '—'}\nICC(2,1) = {a['icc_2_1'] or '—'}"
        )
        self.members_model.set_dashboard(d)
        self.matrix_model.set_dashboard(d)
        self.pending.clear()
        for o in d.outliers:
            text = f"异常评分：{o['name']} 总分 {o['total']}（{o['deviation']}）"
            text += f"\n  理由：{o['note']}" if o["note"] else "\n  需说明理由或要求重评"
            item = QListWidgetItem(text)
            item.setData(256, ("outlier", o["name"], o["needs_action"]))
            self.pending.addItem(item)
        for v in d.vetoes:
            item = QListWidgetItem(
                f"否决项提议 #{v['id']} {v['item']}（{v['proposer']}）：{v['status']}\n  {v['evidence']}"
            )
            item.setData(256, ("veto", v["id"], v["status"] == "open"))
            self.pending.addItem(item)
        for b in d.blockers:
            item = QListWidgetItem(f"待处理：{b}")
            item.setData(256, ("blocker", b, False))
            self.pending.addItem(item)

    # -- the chair's decisions (services check the rules and the chair's identity) ---------
    def justify_outlier(self, name: str, note: str) -> None:
        from qjsc_panel.services.review import justify_outlier

        justify_outlier(self.ctx, self.acceptance, name, note)
        self.refresh()

    def decide_veto(self, proposal: int, confirm: bool, reason: str) -> None:
        from qjsc_panel.services.vetoes import decide_veto

        decide_veto(self.ctx, proposal, confirm, reason)
        self.refresh()

    def _act_on_selected(self) -> None:
        item = self.pending.currentItem()
        if item is None:
            return
        kind, key, open_ = item.data(256)
        try:
            if kind == "outlier" and open_:
                note, ok = QInputDialog.getMultiLineText(self, "说明理由", f"{key} 的评分保留理由：")
                if ok:
                    self.justify_outlier(str(key), note)
            elif kind == "veto" and open_:
                choice, ok = QInputDialog.getItem(self, "否决项", "处理：", ["驳回", "确认"], 0, False)
                if not ok:
                    return
                reason, ok = QInputDialog.getMultiLineText(self, "否决项", "理由：")
                if ok:
                    self.decide_veto(int(key), choice == "确认", reason)
        except QjscError as exc:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self, "不能执行", exc.render(self.ctx.lang))
