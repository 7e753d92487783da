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
from qjsc_panel.ui.i18n import text
from qjsc_panel.ui.secretary.common import Tab, fill, named, selected_key, table, yes_no

LEGAL_FORMS = (
    ("legal_person", "独立法人", "legal person"),
    ("independent_unit", "视同法人的独立核算单位", "independent unit"),
)
LEVELS = (("senior", "高级", "senior"), ("intermediate", "中级", "intermediate"), ("other", "其他", "other"))
LEVEL_WORDS = {key: (zh, en) for key, zh, en in LEVELS}
STATUS = {"active": ("存续", "active"), "revoked": ("吊销", "revoked"), "cancelled": ("注销", "cancelled")}


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
        self.labels = [form]
        rows = (
            ("企业名称", "Name", self.name),
            ("统一社会信用代码", "Credit code", self.code),
            ("所在区", "District", self.district),
            ("单位性质", "Legal form", self.form),
            ("行业代码（GB/T 4754）", "Industry (GB/T 4754)", self.industry),
            ("成立日期", "Established", self.established),
        )
        for zh, en, w in rows:
            form.addRow(zh, w)
            label = form.labelForField(w)
            self.tr2(label.setText, zh, en)  # type: ignore[attr-defined]
        form.addRow(self.add_button)
        self.tr2(self.add_button.setText, "登记企业", "Register")
        self.table = table(
            [
                ("企业", "Enterprise"),
                ("信用代码", "Credit code"),
                ("所在区", "District"),
                ("行业", "Industry"),
                ("成立", "Established"),
                ("状态", "Status"),
            ],
            "enterprises",
        )
        self.table.itemSelectionChanged.connect(self.show_history)
        self.history = table(
            [
                ("验收日期", "Visit date"),
                ("状态", "Status"),
                ("结果", "Result"),
                ("验收编号", "Acceptance no."),
                ("审定", "Decision"),
            ],
            "history",
        )
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
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        current = self.form.currentIndex()
        self.form.clear()
        for key, zh, en in LEGAL_FORMS:
            self.form.addItem(text(zh, en), key)
        self.form.setCurrentIndex(max(current, 0))
        super().retranslate_ui()

    def reload(self) -> None:
        rows = firms.enterprise_rows(self.ctx)
        fill(
            self.table,
            [(n, c, d, i, e.isoformat(), text(*STATUS.get(st, (st, st)))) for _, n, c, d, i, e, st in rows],
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

        result = self.run(do, "已登记（编号 {result}）", "Registered (id {result})")
        if result:
            for w in (self.name, self.code, self.industry):
                w.clear()
        return result

    def show_history(self) -> None:
        eid = selected_key(self.table)
        if eid is None:
            return
        from qjsc_panel.ui.secretary.archive_model import word

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
        self.tr2(
            self.conditions["legal_person"].setText,
            "（一）独立法人，质量保证体系和管理制度",
            "(1) legal person, quality system",
        )
        self.tr2(self.conditions["equipment"].setText, "（二）平衡测试检测器具、设备", "(2) balance-test equipment")
        self.tr2(
            self.conditions["staff"].setText,
            "（三）1 名高级职称、4 名技术人员、4 名审核师",
            "(3) 1 senior, 4 technical, 4 certified staff",
        )
        self.listed = named(QSpinBox(), "firmListed")
        self.listed.setRange(0, 2100)
        self.listed.setSpecialValueText("—")
        self.ref = named(QLineEdit(), "firmRef")
        self.record_button = named(QPushButton(), "firmRecord")
        self.record_button.clicked.connect(self.record)
        self.tr2(self.add_button.setText, "登记机构", "Register")
        self.tr2(self.record_button.setText, "记录第十条核查与第十一条名单", "Record Art. 10 check and Art. 11 list")
        form = QFormLayout()
        for zh, en, w in (("机构名称", "Name", self.name), ("统一社会信用代码", "Credit code", self.code)):
            form.addRow(zh, w)
            self.tr2(form.labelForField(w).setText, zh, en)  # type: ignore[attr-defined]
        for line in (self.name, self.code, self.ref):
            line.setMinimumWidth(220)
        form.addRow(self.add_button)
        for box in self.conditions.values():
            form.addRow(box)
        for zh, en, field in (
            ("列入名单年度", "On the list for", self.listed),
            ("名单文号", "List reference", self.ref),
        ):
            form.addRow(zh, field)
            self.tr2(form.labelForField(field).setText, zh, en)  # type: ignore[attr-defined]
        form.addRow(self.record_button)
        self.table = table(
            [
                ("机构", "Consultancy"),
                ("信用代码", "Credit code"),
                ("第十条", "Art. 10"),
                ("名单年度", "Listed"),
                ("文号", "Reference"),
            ],
            "consultancies",
        )
        layout = QHBoxLayout()
        layout.addLayout(form, 1)
        layout.addWidget(self.table, 2)
        outer = QVBoxLayout(self)
        outer.addLayout(layout, 1)
        outer.addWidget(self.error)
        outer.addWidget(self.notice)
        self.retranslate_ui()

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
            "已登记（编号 {result}）",
            "Registered (id {result})",
        )

    def record(self) -> object:
        firm = selected_key(self.table)
        met = [k for k, box in self.conditions.items() if box.isChecked()]
        year = self.listed.value() or None
        return self.run(
            lambda: firms.set_consultancy_record(self.ctx, firm, met, year, self.ref.text()), "已记录", "Recorded"
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
        for zh, en, w in (
            ("姓名", "Name", self.name),
            ("职称级别", "Title level", self.level),
            ("从业年限", "Years", self.years),
            ("职称", "Title", self.title),
            ("专业", "Specialities", self.speciality),
            ("熟悉行业（GB/T 4754，逗号分隔）", "Industries (GB/T 4754, comma-separated)", self.industries),
            ("工作单位", "Employer", self.employer),
            ("联系电话", "Phone", self.phone),
        ):
            form.addRow(zh, w)
            self.tr2(form.labelForField(w).setText, zh, en)  # type: ignore[attr-defined]
        for line in (self.name, self.title, self.speciality, self.industries, self.employer, self.phone):
            line.setMinimumWidth(220)
        form.addRow(self.add_button)
        form.addRow(self.toggle_button)
        form.addRow(self.cert_button)
        self.tr2(self.add_button.setText, "加入专家库", "Add to the pool")
        self.tr2(self.toggle_button.setText, "切换可参加状态", "Toggle availability")
        self.tr2(self.cert_button.setText, "导入密钥证书…", "Import key certificate…")
        self.table = table(
            [
                ("姓名", "Name"),
                ("职称", "Title"),
                ("年限", "Years"),
                ("专业", "Specialities"),
                ("行业", "Industries"),
                ("单位", "Employer"),
                ("电话", "Phone"),
                ("可参加", "Available"),
                ("符合资格", "Qualified"),
                ("证书", "Certificate"),
                ("平均偏差", "Mean deviation"),
                ("离散度", "Spread"),
                ("异常次数", "Outliers"),
                ("退回次数", "Sent back"),
            ],
            "pool",
        )
        layout = QHBoxLayout()
        layout.addLayout(form, 1)
        layout.addWidget(self.table, 3)
        outer = QVBoxLayout(self)
        outer.addLayout(layout, 1)
        outer.addWidget(self.error)
        outer.addWidget(self.notice)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        current = self.level.currentIndex()
        self.level.clear()
        for key, zh, en in LEVELS:
            self.level.addItem(text(zh, en), key)
        self.level.setCurrentIndex(max(current, 0))
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
                    r.title or r.title_level,
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

        return self.run(do, "已加入专家库（编号 {result}）", "Added (id {result})")

    def toggle_available(self) -> object:
        xid = selected_key(self.table)
        row = next((r for r in pool.list_pool(self.ctx) if r.id == xid), None)
        if row is None:
            return None
        return self.run(lambda: pool.set_pool_details(self.ctx, xid, available=not row.available), "已更新", "Updated")

    def choose_certificate(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, text("选择证书", "Choose certificate"), "", "PEM (*.pem *.crt)")
        if path:
            self.import_certificate(Path(path))

    def import_certificate(self, path: Path) -> object:
        xid = selected_key(self.table)
        return self.run(
            lambda: pool.set_certificate(self.ctx, xid, path.read_bytes()),
            "已导入，密钥指纹 {result}",
            "Imported, key {result}",
        )
