"""Registries: enterprises (with their acceptance history), consultancies, the expert pool."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from qjsc_panel.domain.eligibility import DISTRICTS
from qjsc_panel.services import firms, pool, registry
from qjsc_panel.services.context import Ctx
from qjsc_panel.ui import retranslate
from qjsc_panel.ui.secretary.common import (
    Tab,
    fill,
    form_rows,
    named,
    selected_key,
    set_texts,
    table,
    word,
    yes_no,
)

LEGAL_FORMS = ("legal_person", "independent_unit")
LEVELS = ("senior", "intermediate", "other")


def _refill(combo: QComboBox, keys: tuple[str, ...]) -> None:
    """The combo's items in the current language, the choice kept."""
    current = combo.currentIndex()
    combo.clear()
    for key in keys:
        combo.addItem(word(key), key)
    combo.setCurrentIndex(max(current, 0))


def _date(edit: QDateEdit) -> date:
    d = edit.date()
    return date(d.year(), d.month(), d.day())


class EnterprisesTab(Tab):
    def __init__(self, ctx: Ctx) -> None:
        super().__init__(ctx)
        self.name = named(QLineEdit(), "entName")
        self.code = named(QLineEdit(), "entCode")
        self.district = named(QComboBox(), "entDistrict")
        self.district.addItems(DISTRICTS)
        self.form = named(QComboBox(), "entForm")
        self.industry = named(QLineEdit(), "entIndustry")
        self.established = named(QDateEdit(QDate(2015, 1, 1)), "entEstablished")
        self.established.setDisplayFormat("yyyy-MM-dd")
        self.add_button = named(QPushButton(), "entAdd")
        self.add_button.clicked.connect(self.add)
        form = QFormLayout()
        fields = (self.name, self.code, self.district, self.form, self.industry, self.established)
        self.labels = form_rows(form, fields)
        form.addRow(self.add_button)
        self.table = table(6, "enterprises")
        self.table.itemSelectionChanged.connect(self.show_history)
        self.history = table(5, "history")
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.addLayout(form)
        lv.addStretch()
        right = QSplitter()
        right.setOrientation(right.orientation().__class__.Vertical)
        right.addWidget(self.table)
        right.addWidget(self.history)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.notice)
        retranslate.register(self, self.retranslate_ui)

    def retranslate_ui(self) -> None:
        set_texts(
            self.labels,
            [
                self.tr("企业名称"),
                self.tr("统一社会信用代码"),
                self.tr("所在区"),
                self.tr("单位性质"),
                self.tr("行业代码（GB/T 4754）"),
                self.tr("成立日期"),
            ],
        )
        self.add_button.setText(self.tr("登记企业"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("企业"), self.tr("信用代码"), self.tr("所在区"), self.tr("行业"), self.tr("成立"), self.tr("状态")]
        )
        self.history.setHorizontalHeaderLabels(
            [self.tr("验收日期"), self.tr("状态"), self.tr("结果"), self.tr("验收编号"), self.tr("审定")]
        )
        _refill(self.form, LEGAL_FORMS)
        super().retranslate_ui()
        self.show_history()

    def reload(self) -> None:
        rows = firms.enterprise_rows(self.ctx)
        fill(
            self.table,
            [(n, c, d, i, e.isoformat(), word(st)) for _, n, c, d, i, e, st in rows],
            [r[0] for r in rows],
        )

    def add(self) -> object:
        def do() -> int:
            eid = registry.add_enterprise(
                self.ctx,
                self.name.text(),
                self.code.text(),
                self.district.currentText(),
                self.form.currentData(),
                _date(self.established),
            )
            if self.industry.text().strip():
                firms.set_enterprise_details(self.ctx, eid, industry_code_=self.industry.text())
            return eid

        result = self.run(do, self.tr("已登记（编号 {result}）"))
        if result:
            for w in (self.name, self.code, self.industry):
                w.clear()
        return result

    def show_history(self) -> None:
        eid = selected_key(self.table)
        if eid is None:
            return
        rows = firms.enterprise_history(self.ctx, eid)
        fill(
            self.history,
            [
                (
                    r.visit_date.isoformat(),
                    word(r.status),
                    word(r.result),
                    r.acceptance_no or "",
                    word(r.bureau_decision),
                )
                for r in rows
            ],
        )


class ConsultanciesTab(Tab):
    def __init__(self, ctx: Ctx) -> None:
        super().__init__(ctx)
        self.name = named(QLineEdit(), "firmName")
        self.code = named(QLineEdit(), "firmCode")
        self.add_button = named(QPushButton(), "firmAdd")
        self.add_button.clicked.connect(self.add)
        self.conditions = {
            "legal_person": named(QCheckBox(), "c_legal_person"),
            "equipment": named(QCheckBox(), "c_equipment"),
            "staff": named(QCheckBox(), "c_staff"),
        }
        self.listed = named(QSpinBox(), "firmListed")
        self.listed.setRange(0, 2100)
        self.listed.setSpecialValueText("—")
        self.ref = named(QLineEdit(), "firmRef")
        self.record_button = named(QPushButton(), "firmRecord")
        self.record_button.clicked.connect(self.record)
        form = QFormLayout()
        self.labels = form_rows(form, [self.name, self.code])
        for line in (self.name, self.code, self.ref):
            line.setMinimumWidth(220)
        form.addRow(self.add_button)
        for box in self.conditions.values():
            form.addRow(box)
        self.labels += form_rows(form, [self.listed, self.ref])
        form.addRow(self.record_button)
        self.table = table(5, "consultancies")
        layout = QHBoxLayout()
        layout.addLayout(form, 1)
        layout.addWidget(self.table, 2)
        outer = QVBoxLayout(self)
        outer.addLayout(layout, 1)
        outer.addWidget(self.error)
        outer.addWidget(self.notice)
        retranslate.register(self, self.retranslate_ui)

    def retranslate_ui(self) -> None:
        set_texts(
            self.labels,
            [self.tr("机构名称"), self.tr("统一社会信用代码"), self.tr("列入名单年度"), self.tr("名单文号")],
        )
        self.conditions["legal_person"].setText(self.tr("（一）独立法人，质量保证体系和管理制度"))
        self.conditions["equipment"].setText(self.tr("（二）平衡测试检测器具、设备"))
        self.conditions["staff"].setText(self.tr("（三）1 名高级职称、4 名技术人员、4 名审核师"))
        self.add_button.setText(self.tr("登记机构"))
        self.record_button.setText(self.tr("记录第十条核查与第十一条名单"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("机构"), self.tr("信用代码"), self.tr("第十条"), self.tr("名单年度"), self.tr("文号")]
        )
        super().retranslate_ui()

    def reload(self) -> None:
        rows = firms.consultancy_rows(self.ctx)
        fill(
            self.table,
            [(n, c or "", f"{len(cond or [])}/3", y or "", ref) for _, n, c, cond, y, ref in rows],
            [r[0] for r in rows],
        )

    def add(self) -> object:
        return self.run(
            lambda: registry.add_consultancy(self.ctx, self.name.text(), self.code.text().strip() or None),
            self.tr("已登记（编号 {result}）"),
        )

    def record(self) -> object:
        firm = selected_key(self.table)
        if not self.chosen(firm):
            return None
        met = [k for k, box in self.conditions.items() if box.isChecked()]
        year = self.listed.value() or None
        return self.run(
            lambda: firms.set_consultancy_record(self.ctx, firm, met, year, self.ref.text()), self.tr("已记录")
        )


class PoolTab(Tab):
    def __init__(self, ctx: Ctx) -> None:
        super().__init__(ctx)
        self.name = named(QLineEdit(), "xName")
        self.level = named(QComboBox(), "xLevel")
        self.years = named(QSpinBox(), "xYears")
        self.years.setRange(0, 60)
        self.title = named(QLineEdit(), "xTitle")
        self.speciality = named(QLineEdit(), "xSpeciality")
        self.industries = named(QLineEdit(), "xIndustries")
        self.employer = named(QLineEdit(), "xEmployer")
        self.phone = named(QLineEdit(), "xPhone")
        self.add_button = named(QPushButton(), "xAdd")
        self.add_button.clicked.connect(self.add)
        self.toggle_button = named(QPushButton(), "xToggle")
        self.toggle_button.clicked.connect(self.toggle_available)
        self.cert_button = named(QPushButton(), "xCert")
        self.cert_button.clicked.connect(self.choose_certificate)
        form = QFormLayout()
        self.labels = form_rows(
            form,
            [
                self.name,
                self.level,
                self.years,
                self.title,
                self.speciality,
                self.industries,
                self.employer,
                self.phone,
            ],
        )
        for line in (self.name, self.title, self.speciality, self.industries, self.employer, self.phone):
            line.setMinimumWidth(220)
        form.addRow(self.add_button)
        form.addRow(self.toggle_button)
        form.addRow(self.cert_button)
        self.table = table(14, "pool")
        layout = QHBoxLayout()
        layout.addLayout(form, 1)
        layout.addWidget(self.table, 3)
        outer = QVBoxLayout(self)
        outer.addLayout(layout, 1)
        outer.addWidget(self.error)
        outer.addWidget(self.notice)
        retranslate.register(self, self.retranslate_ui)

    def retranslate_ui(self) -> None:
        set_texts(
            self.labels,
            [
                self.tr("姓名"),
                self.tr("职称级别"),
                self.tr("从业年限"),
                self.tr("职称"),
                self.tr("专业"),
                self.tr("熟悉行业（GB/T 4754，逗号分隔）"),
                self.tr("工作单位"),
                self.tr("联系电话"),
            ],
        )
        self.add_button.setText(self.tr("加入专家库"))
        self.toggle_button.setText(self.tr("切换可参加状态"))
        self.cert_button.setText(self.tr("导入密钥证书…"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("姓名"),
                self.tr("职称"),
                self.tr("年限"),
                self.tr("专业"),
                self.tr("行业"),
                self.tr("单位"),
                self.tr("电话"),
                self.tr("可参加"),
                self.tr("符合资格"),
                self.tr("证书"),
                self.tr("平均偏差"),
                self.tr("离散度"),
                self.tr("异常次数"),
                self.tr("退回次数"),
            ]
        )
        _refill(self.level, LEVELS)
        super().retranslate_ui()

    def reload(self) -> None:
        from qjsc_panel.services.calibration import calibration

        cal = calibration(self.ctx)
        rows = pool.list_pool(self.ctx)
        fill(
            self.table,
            [
                (
                    r.name,
                    r.title or word(r.title_level),
                    r.years,
                    r.speciality,
                    r.industries,
                    r.employer,
                    r.phone,
                    yes_no(r.available),
                    yes_no(r.qualified),
                    yes_no(r.has_certificate),
                    *(cal[r.id].cells() if r.id in cal else ("", "", "", "")),
                )
                for r in rows
            ],
            [r.id for r in rows],
            [not (r.available and r.qualified) for r in rows],
        )

    def add(self) -> object:
        def do() -> int:
            xid = registry.add_expert(
                self.ctx,
                self.name.text(),
                self.level.currentData(),
                self.years.value(),
                employer=self.employer.text(),
                title=self.title.text(),
                speciality=self.speciality.text(),
                phone=self.phone.text(),
            )
            if self.industries.text().strip():
                pool.set_pool_details(self.ctx, xid, industries=self.industries.text().replace("，", ",").split(","))
            return xid

        return self.run(do, self.tr("已加入专家库（编号 {result}）"))

    def toggle_available(self) -> object:
        xid = selected_key(self.table)
        row = next((r for r in pool.list_pool(self.ctx) if r.id == xid), None)
        if row is None:
            return None
        return self.run(lambda: pool.set_pool_details(self.ctx, xid, available=not row.available), self.tr("已更新"))

    def choose_certificate(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择证书"), "", "PEM (*.pem *.crt)")
        if path:
            self.import_certificate(Path(path))

    def import_certificate(self, path: Path) -> object:
        xid = selected_key(self.table)
        if not self.chosen(xid):
            return None
        return self.run(
            lambda: pool.set_certificate(self.ctx, xid, path.read_bytes()),
            self.tr("已导入，密钥指纹 {result}"),
        )
