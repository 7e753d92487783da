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
from qjsc_panel.ui import i18n, retranslate
from qjsc_panel.ui.chair.decisions import OutlierDialog, VetoDialog
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
        self.agreement.setObjectName("agreement")
        self.agreement.setWordWrap(True)
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
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        self.act_button = QPushButton()
        self.act_button.clicked.connect(self._act_on_selected)
        self.pending_label = QLabel()

        top = QHBoxLayout()
        top.addWidget(self.headline, 1)
        top.addWidget(self.refresh_button)
        side = QWidget()
        sl = QVBoxLayout(side)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addWidget(self.pending_label)
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
        self.result: tuple[str | None, str | None] = (None, None)  # (pass|fail, excellent|good)
        retranslate.register(self, self.refresh)

    def retranslate_ui(self) -> None:
        self.refresh_button.setText(self.tr("刷新"))
        self.act_button.setText(self.tr("处理所选事项…"))
        self.pending_label.setText(self.tr("待组长处理"))

    def result_text(self) -> str:
        result, grade = self.result
        if result is None:
            return self.tr("未定")
        if result == "fail":
            return self.tr("不合格")
        return {"excellent": self.tr("合格（优秀）"), "good": self.tr("合格（良好）")}.get(grade or "", self.tr("合格"))

    def veto_status_text(self, status: str) -> str:
        """A proposal's state in words, never the raw code."""
        return {
            "open": self.tr("待组长确认"),
            "confirmed": self.tr("已确认"),
            "dismissed": self.tr("已驳回"),
        }.get(status, self.tr("未知状态"))

    def refresh(self) -> None:
        """Read the acceptance again, in the language now shown (also after a switch)."""
        from qjsc_panel.services.outputs import dashboard_outcome

        self.retranslate_ui()
        self.ctx.lang = i18n.current()  # item texts and blockers come rendered in it
        from qjsc_panel.services.chair import chair_dashboard

        _, result, grade = dashboard_outcome(self.ctx, self.acceptance)
        # The chair's view: the blockers that only repeat a veto or an outlier are left out.
        d, enterprise, visit_date = chair_dashboard(self.ctx, self.acceptance)
        self.result = (result, grade)
        self.dashboard = d
        q = d.quorum
        status = self.tr("已定稿") if d.status == "finalised" else self.tr("进行中")
        reached = self.tr("（已达到）") if q["reached"] else f'<span style="color:#b00">{self.tr("（未达到）")}</span>'
        # Until the quorum is reached a result is only where the figures stand now.
        conclusion = self.result_text()
        if not q["reached"]:
            conclusion = self.tr("{0}（暂定，法定人数未到）").format(conclusion)
        self.headline.setText(
            self.tr("<b>{0}</b>　现场验收 {1}").format(enterprise, visit_date)
            + "<br>"
            + self.tr("<b>{0}</b>　法定人数：{1}/{2}{3}　综合得分：<b>{4}</b>　结论：<b>{5}</b>").format(
                status, q["counted"], q["needed"], reached, d.composite or "—", conclusion
            )
        )
        self._show_agreement(d.agreement)
        self.members_model.set_dashboard(d)
        self.matrix_model.set_dashboard(d)
        self._fill_pending(d)

    def band_text(self, band: str | None) -> str:
        """How to read a figure, in words (the bands are the reports layer's)."""
        return {
            "low": self.tr("（弱）"),
            "moderate": self.tr("（中等）"),
            "good": self.tr("（良好）"),
            "excellent": self.tr("（很好）"),
        }.get(band or "", "")

    def _show_agreement(self, a: dict[str, str | None]) -> None:
        """The two figures with their reading, and what they mean on hover (and What's This)."""
        self.agreement.setText(
            self.tr("评分一致性（仅供参考，不影响结论）\nKendall W = {0}{1}\nICC(2,1) = {2}{3}").format(
                a["kendalls_w"] or "—",
                self.band_text(a.get("kendalls_w_band")),
                a["icc_2_1"] or "—",
                self.band_text(a.get("icc_2_1_band")),
            )
            + "\n"
            + self.tr("W 看排序是否一致，ICC 看分数本身是否一致；越接近 1 越一致。")
        )
        explanation = self.agreement_explanation()
        self.agreement.setToolTip(explanation)
        self.agreement.setWhatsThis(explanation)

    def agreement_explanation(self) -> str:
        return self.tr(
            "两个数都只说明专家评分是否一致，不改变综合得分和结论。各项得分先换算为得分率（得分/满分）。\n"
            "Kendall W（0 到 1）：各位专家把各项从低到高排的顺序是否一致（同分按平均名次）。"
            "0.7 以上为较强一致，0.5 以下一致性较弱，0 表示毫无一致。\n"
            "ICC(2,1)：组内相关系数，双向随机效应、绝对一致、单个评分者（Shrout 与 Fleiss 的 ICC(2,1)），"
            "看各位专家给同一项的得分率本身是否相同。0.9 以上很好，0.75–0.9 良好，0.5–0.75 中等，0.5 以下较差。\n"
            "数值低时，请查看矩阵中差距大的项目，必要时请专家说明或重新评分。"
        )

    def _fill_pending(self, d: Dashboard) -> None:
        self.pending.clear()
        from qjsc_panel.services.chair import rescore_requests

        asked = rescore_requests(self.ctx, self.acceptance)
        for o in d.outliers:
            text = self.tr("异常评分：{0} 总分 {1}（{2}）").format(o["name"], o["total"], o["deviation"])
            if o["note"]:
                text += self.tr("\n  理由：{0}").format(o["note"])
            elif o["name"] in asked:
                text += self.tr("\n  已要求重新评分，待专家提交更正版本：{0}").format(asked[o["name"]])
            else:
                text += self.tr("\n  需说明理由或要求重评")
            item = QListWidgetItem(text)
            item.setData(256, ("outlier", o["name"], o["needs_action"]))
            self.pending.addItem(item)
        for v in d.vetoes:
            item = QListWidgetItem(
                self.tr("否决项提议 #{0} {1}（{2}）：{3}\n  {4}").format(
                    v["id"], v["item"], v["proposer"], self.veto_status_text(v["status"]), v["evidence"]
                )
            )
            item.setData(256, ("veto", v["id"], v["status"] == "open"))
            self.pending.addItem(item)
        for b in d.blockers:
            item = QListWidgetItem(self.tr("待处理：{0}").format(b))
            item.setData(256, ("blocker", b, False))
            self.pending.addItem(item)

    # -- the chair's decisions (services check the rules and the chair's identity) ---------
    def justify_outlier(self, name: str, note: str) -> None:
        from qjsc_panel.services.review import justify_outlier

        justify_outlier(self.ctx, self.acceptance, name, note)
        self.refresh()

    def send_back_outlier(self, name: str, note: str) -> None:
        from qjsc_panel.services.chair import send_back_outlier

        send_back_outlier(self.ctx, self.acceptance, name, note)
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
            if kind == "outlier" and open_ and self.dashboard is not None:
                outlier = next(o for o in self.dashboard.outliers if o["name"] == key)
                dlg = OutlierDialog(outlier, self)
                if dlg.exec():
                    if dlg.send_back:
                        self.send_back_outlier(str(key), dlg.text)
                    else:
                        self.justify_outlier(str(key), dlg.text)
            elif kind == "veto" and open_ and self.dashboard is not None:
                veto = VetoDialog(next(v for v in self.dashboard.vetoes if v["id"] == key), self)
                if veto.exec():
                    self.decide_veto(int(key), veto.confirm, veto.text)
        except QjscError as exc:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self, self.tr("不能执行"), exc.render(i18n.current()))
