"""The year's plan: import the 征集表 and the mandatory list, eligibility per enterprise, the
pre-visit checks (初审, penalty check) with who and when, the published 验收计划名单."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from qjsc_panel import i18n
from qjsc_panel.i18n import current
from qjsc_panel.services import acceptances, plan
from qjsc_panel.services.context import Ctx
from qjsc_panel.ui import retranslate
from qjsc_panel.ui.secretary.common import Tab, fill, named, selected_key, table, yes_no


def _who(ok: bool | None, by: str, at: object) -> str:
    if ok is None:
        return ""
    mark = i18n.translate("PlanTab", "通过") if ok else i18n.translate("PlanTab", "未通过")
    stamp = at.strftime("%Y-%m-%d %H:%M") if hasattr(at, "strftime") else ""
    return f"{mark} · {by} · {stamp}"


class PlanTab(Tab):
    def __init__(self, ctx: Ctx) -> None:
        super().__init__(ctx)
        self.year = named(QSpinBox(), "planYear")
        self.year.setRange(2020, 2100)
        self.year.setValue(date.today().year)
        self.year.valueChanged.connect(lambda _v: self.reload())
        self.year_label = QLabel()
        self.import_button = named(QPushButton(), "planImport")
        self.import_button.clicked.connect(self.choose_plan)
        self.mandatory_button = named(QPushButton(), "mandatoryImport")
        self.mandatory_button.clicked.connect(self.choose_mandatory)
        self.template_button = named(QPushButton(), "planTemplate")
        self.template_button.clicked.connect(self.choose_template)
        self.publish_button = named(QPushButton(), "planPublish")
        self.publish_button.clicked.connect(self.choose_publish)
        self.note = named(QLineEdit(), "checkNote")
        self.prelim_ok = named(QPushButton(), "prelimPass")
        self.prelim_ok.clicked.connect(lambda: self.record("prelim", True))
        self.prelim_fail = named(QPushButton(), "prelimFail")
        self.prelim_fail.clicked.connect(lambda: self.record("prelim", False))
        self.penalty_ok = named(QPushButton(), "penaltyClean")
        self.penalty_ok.clicked.connect(lambda: self.record("penalty", True))
        self.penalty_bad = named(QPushButton(), "penaltyFound")
        self.penalty_bad.clicked.connect(lambda: self.record("penalty", False))
        self.op_buttons = [self.import_button, self.mandatory_button, self.template_button, self.publish_button]
        self.table = table(10, "plan")
        top = QHBoxLayout()
        for widget in (self.year_label, self.year, self.import_button, self.mandatory_button, self.template_button):
            top.addWidget(widget)
        top.addStretch()
        top.addWidget(self.publish_button)
        checks = QHBoxLayout()
        checks.addWidget(self.note)
        for button in (self.prelim_ok, self.prelim_fail, self.penalty_ok, self.penalty_bad):
            checks.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(checks)
        layout.addWidget(self.progress)
        layout.addWidget(self.error)
        layout.addWidget(self.notice)
        retranslate.register(self, self.retranslate_ui)

    def retranslate_ui(self) -> None:
        self.year_label.setText(self.tr("年度"))
        self.import_button.setText(self.tr("导入征集表…"))
        self.mandatory_button.setText(self.tr("导入强制审核名单…"))
        self.template_button.setText(self.tr("征集表模板…"))
        self.publish_button.setText(self.tr("发布验收计划名单…"))
        self.prelim_ok.setText(self.tr("初审通过"))
        self.prelim_fail.setText(self.tr("初审不通过"))
        self.penalty_ok.setText(self.tr("近一年无环境处罚"))
        self.penalty_bad.setText(self.tr("近一年有环境处罚"))
        self.note.setPlaceholderText(self.tr("核查说明（可选）"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("企业"),
                self.tr("信用代码"),
                self.tr("所在区"),
                self.tr("咨询机构"),
                self.tr("计划月份"),
                self.tr("符合条件"),
                self.tr("原因"),
                self.tr("首次申报"),
                self.tr("初审（第二十条一）"),
                self.tr("处罚核查（第二十条二）"),
            ]
        )
        super().retranslate_ui()

    def reload(self) -> None:
        self.rows = plan.list_plan(self.ctx, self.year.value())
        fill(
            self.table,
            [
                (
                    r.enterprise,
                    r.credit_code,
                    r.district,
                    r.consultancy,
                    r.planned_month or "",
                    yes_no(r.eligible),
                    r.reasons_text(current()),
                    yes_no(r.first_application),
                    _who(r.prelim, r.prelim_by, r.prelim_at),
                    _who(r.penalty_clean, r.penalty_by, r.penalty_at),
                )
                for r in self.rows
            ],
            [r.id for r in self.rows],
            [not r.eligible for r in self.rows],
        )

    def _file(self, title: str, save: bool = False) -> Path | None:
        dialog = QFileDialog.getSaveFileName if save else QFileDialog.getOpenFileName
        path, _ = dialog(self, title, "", "Excel (*.xlsx)")
        return Path(path) if path else None

    def choose_plan(self) -> None:
        path = self._file(self.tr("选择征集表"))
        if path:
            self.import_plan(path)

    def choose_mandatory(self) -> None:
        path = self._file(self.tr("选择强制审核名单"))
        if path:
            self.import_mandatory(path)

    def choose_template(self) -> None:
        path = self._file(self.tr("保存征集表模板"), save=True)
        if path:
            self.background(
                lambda _ctx: plan.write_plan_template(path), self.tr("已保存 {result}"), self.tr("正在写出模板……")
            )

    def choose_publish(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择保存位置"))
        if folder:
            self.publish(Path(folder))

    # Imports, the published list: in the background (results in the notice line, ``self.result``).
    def import_plan(self, path: Path) -> int:
        year = self.year.value()
        return self.background(
            lambda ctx: plan.import_plan(ctx, path, year),
            self.tr("已导入 {result} 家企业"),
            self.tr("正在导入征集表……"),
        )

    def import_mandatory(self, path: Path) -> int:
        year = self.year.value()
        return self.background(
            lambda ctx: plan.import_mandatory(ctx, path, year),
            self.tr("已导入（列入数, 未登记代码）：{result}"),
            self.tr("正在导入强制审核名单……"),
        )

    def publish(self, folder: Path) -> int:
        year = self.year.value()
        return self.background(
            lambda ctx: plan.publish_plan(ctx, year, folder),
            self.tr("已发布：{result}"),
            self.tr("正在发布验收计划名单……"),
        )

    def record(self, which: str, ok: bool) -> object:
        key = selected_key(self.table)
        row = next((r for r in getattr(self, "rows", []) if r.id == key), None)
        if row is None or row.acceptance is None:
            self.error.setText(self.tr("请先选择一家已建立验收的企业"))
            return None
        fn = acceptances.record_prelim if which == "prelim" else acceptances.record_penalty_check
        return self.run(lambda: fn(self.ctx, row.acceptance or "", ok, self.note.text()), self.tr("已记录"))
