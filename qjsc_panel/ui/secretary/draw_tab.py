"""Drawing the experts of an acceptance at random, with the seed shown for anyone to repeat it."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QVBoxLayout

from qjsc_panel.i18n import current
from qjsc_panel.messages import render
from qjsc_panel.services import draw
from qjsc_panel.services.acceptances import list_acceptances
from qjsc_panel.services.calibration import calibration
from qjsc_panel.services.context import Ctx
from qjsc_panel.ui import retranslate
from qjsc_panel.ui.secretary.common import Tab, fill, form_rows, named, selected_key, set_texts, table, word


class DrawTab(Tab):
    def __init__(self, ctx: Ctx) -> None:
        super().__init__(ctx)
        self.acceptance = named(QComboBox(), "drawAcceptance")
        self.acceptance.currentIndexChanged.connect(lambda _i: self.show_draw())
        self.n = named(QSpinBox(), "drawN")
        self.n.setRange(1, 30)
        self.n.setValue(5)
        self.reserves = named(QSpinBox(), "drawReserves")
        self.reserves.setRange(0, 20)
        self.reserves.setValue(2)
        self.industry = named(QLineEdit(), "drawIndustry")
        self.speciality = named(QLineEdit(), "drawSpeciality")
        self.seed = named(QLineEdit(), "drawSeed")
        self.draw_button = named(QPushButton(), "drawButton")
        self.draw_button.clicked.connect(self.draw)
        self.reason = named(QLineEdit(), "declineReason")
        self.decline_button = named(QPushButton(), "declineButton")
        self.decline_button.clicked.connect(self.decline)
        self.seed_label = named(QLabel(), "seedLabel")
        self.seed_label.setWordWrap(True)
        self.seed_label.setTextInteractionFlags(self.seed_label.textInteractionFlags().TextSelectableByMouse)
        form = QFormLayout()
        self.labels = form_rows(
            form, [self.acceptance, self.n, self.reserves, self.industry, self.speciality, self.seed]
        )
        form.addRow(self.draw_button)
        self.table = table(5, "drawTable")
        self.excluded = table(2, "excludedTable")
        right = QVBoxLayout()
        right.addWidget(self.seed_label)
        right.addWidget(self.table, 2)
        decline = QHBoxLayout()
        decline.addWidget(self.reason, 1)
        decline.addWidget(self.decline_button)
        right.addLayout(decline)
        right.addWidget(self.excluded, 1)
        top = QHBoxLayout()
        top.addLayout(form, 1)
        top.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.notice)
        retranslate.register(self, self.retranslate_ui)

    def retranslate_ui(self) -> None:
        set_texts(
            self.labels,
            [
                self.tr("验收"),
                self.tr("抽取人数"),
                self.tr("备选人数"),
                self.tr("行业代码"),
                self.tr("专业"),
                self.tr("随机种子（留空自动生成）"),
            ],
        )
        self.draw_button.setText(self.tr("随机抽取"))
        self.decline_button.setText(self.tr("登记谢绝并由备选递补"))
        self.reason.setPlaceholderText(self.tr("谢绝原因"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("序号"), self.tr("专家"), self.tr("状态"), self.tr("说明"), self.tr("评分倾向")]
        )
        self.excluded.setHorizontalHeaderLabels([self.tr("专家"), self.tr("排除原因")])
        super().retranslate_ui()

    def reload(self) -> None:
        chosen = self.acceptance.currentData()
        self.acceptance.blockSignals(True)
        self.acceptance.clear()
        for r in list_acceptances(self.ctx):
            if r["status"] == "open":
                self.acceptance.addItem(f"{r['visit_date']}  {r['enterprise']}", r["uuid"])
        index = self.acceptance.findData(chosen)
        self.acceptance.setCurrentIndex(index if index >= 0 else self.acceptance.count() - 1)
        self.acceptance.blockSignals(False)
        self.show_draw()

    def show_draw(self) -> None:
        acc = self.acceptance.currentData()
        view = draw.get_draw(self.ctx, acc) if acc else None
        if view is None:
            self.seed_label.setText(self.tr("尚未抽取"))
            fill(self.table, [])
            fill(self.excluded, [])
            return
        self.seed_label.setText(
            self.tr("随机种子 {seed}；可复核：random.Random(种子).sample(按编号排序的候选专家 {pool}, {k})").format(
                seed=view.seed, pool=list(view.pool), k=view.n + view.reserves
            )
        )
        cal = calibration(self.ctx)
        fill(
            self.table,
            [
                (pos, name, word(st), why, word(cal[x].tendency) if x in cal else "")
                for pos, x, name, st, why in view.picks
            ],
            [x for _, x, _, _, _ in view.picks],
            [st == "declined" for _, _, _, st, _ in view.picks],
        )
        names = {x: name for _, x, name, _, _ in view.picks}
        from qjsc_panel.services.pool import list_pool

        names.update({r.id: r.name for r in list_pool(self.ctx)})
        fill(
            self.excluded,
            [(names.get(int(x), x), render(f"secretary.draw.{why}", current())) for x, why in view.excluded.items()],
        )

    def draw(self) -> object:
        acc = self.acceptance.currentData()
        return self.run(
            lambda: (
                draw.draw_panel(
                    self.ctx,
                    acc or "",
                    self.n.value(),
                    self.reserves.value(),
                    industry=self.industry.text(),
                    speciality=self.speciality.text(),
                    seed=self.seed.text().strip() or None,
                ).seed
            ),
            self.tr("已抽取，随机种子 {result}"),
        )

    def decline(self) -> object:
        acc = self.acceptance.currentData()
        expert = selected_key(self.table)
        if not self.chosen(expert):
            return None
        return self.run(
            lambda: draw.decline(self.ctx, acc or "", expert, self.reason.text()),
            self.tr("已登记；递补专家编号 {result}"),
        )
