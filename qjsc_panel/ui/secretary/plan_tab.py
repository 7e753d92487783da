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

from qjsc_panel.services import acceptances, plan
from qjsc_panel.services.context import Ctx
from qjsc_panel.ui.i18n import current, text
from qjsc_panel.ui.secretary.common import Tab, fill, named, selected_key, table, yes_no


def _who(ok: bool | None, by: str, at: object) -> str:
    if ok is None:
        return ""
    mark = text("通过", "passed") if ok else text("未通过", "failed")
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
        self.tr2(self.year_label.setText, "年度", "Year")
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
        for w, zh, en in (
            (self.import_button, "导入征集表…", "Import plan sheet…"),
            (self.mandatory_button, "导入强制审核名单…", "Import mandatory list…"),
            (self.template_button, "征集表模板…", "Plan template…"),
            (self.publish_button, "发布验收计划名单…", "Publish acceptance plan…"),
            (self.prelim_ok, "初审通过", "Preliminary review passed"),
            (self.prelim_fail, "初审不通过", "Preliminary review failed"),
            (self.penalty_ok, "近一年无环境处罚", "No penalty in the last year"),
            (self.penalty_bad, "近一年有环境处罚", "Penalised in the last year"),
        ):
            self.tr2(w.setText, zh, en)
        self.tr2(self.note.setPlaceholderText, "核查说明（可选）", "Note (optional)")
        self.table = table(
            [
                ("企业", "Enterprise"),
                ("信用代码", "Credit code"),
                ("所在区", "District"),
                ("咨询机构", "Consultancy"),
                ("计划月份", "Month"),
                ("符合条件", "Eligible"),
                ("原因", "Reasons"),
                ("首次申报", "First application"),
                ("初审（第二十条一）", "Preliminary review (Art. 20(1))"),
                ("处罚核查（第二十条二）", "Penalty check (Art. 20(2))"),
            ],
            "plan",
        )
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
        layout.addWidget(self.error)
        layout.addWidget(self.notice)
        self.retranslate_ui()

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

    def _file(self, title: tuple[str, str], save: bool = False, pattern: str = "Excel (*.xlsx)") -> Path | None:
        dialog = QFileDialog.getSaveFileName if save else QFileDialog.getOpenFileName
        path, _ = dialog(self, text(*title), "", pattern)
        return Path(path) if path else None

    def choose_plan(self) -> None:
        path = self._file(("选择征集表", "Choose the plan sheet"))
        if path:
            self.import_plan(path)

    def choose_mandatory(self) -> None:
        path = self._file(("选择强制审核名单", "Choose the mandatory list"))
        if path:
            self.import_mandatory(path)

    def choose_template(self) -> None:
        path = self._file(("保存征集表模板", "Save the template"), save=True)
        if path:
            self.run(lambda: plan.write_plan_template(path), "已保存 {result}", "Saved {result}")

    def choose_publish(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, text("选择保存位置", "Choose a folder"))
        if folder:
            self.publish(Path(folder))

    def import_plan(self, path: Path) -> object:
        return self.run(
            lambda: plan.import_plan(self.ctx, path, self.year.value()), "已导入 {result} 家企业", "Imported {result}"
        )

    def import_mandatory(self, path: Path) -> object:
        return self.run(
            lambda: plan.import_mandatory(self.ctx, path, self.year.value()),
            "已导入（列入数, 未登记代码）：{result}",
            "Imported (listed, unregistered codes): {result}",
        )

    def publish(self, folder: Path) -> object:
        return self.run(
            lambda: plan.publish_plan(self.ctx, self.year.value(), folder), "已发布：{result}", "Published: {result}"
        )

    def record(self, which: str, ok: bool) -> object:
        key = selected_key(self.table)
        row = next((r for r in getattr(self, "rows", []) if r.id == key), None)
        if row is None or row.acceptance is None:
            self.error.setText(text("请先选择一家已建立验收的企业", "Select an enterprise whose acceptance exists"))
            return None
        fn = acceptances.record_prelim if which == "prelim" else acceptances.record_penalty_check
        return self.run(lambda: fn(self.ctx, row.acceptance or "", ok, self.note.text()), "已记录", "Recorded")
