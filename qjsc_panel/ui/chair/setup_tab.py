"""验收与初审: open an acceptance from the registry, and record 第二十条一、二.

Eligibility (第十五条) is decided by the service when the acceptance is opened; a refusal shows
under the form, in the current language.  The chair picks his or her own record in the expert
pool: it is bound to the key of this session, so the acceptance appears in the workspace.
No invitation goes out and nothing is scored before 初审 and the penalty check are recorded:
the state line says so until both are.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from qjsc_panel.errors import QjscError
from qjsc_panel.services.app import App
from qjsc_panel.ui import i18n, retranslate
from qjsc_panel.ui.widgets import ErrorLabel

OK_STYLE = "color: #1b5e20; font-weight: bold;"
WAIT_STYLE = "color: #b00020; font-weight: bold;"


class RegistryDialog(QDialog):
    """The secretary's registries (enterprises, consultancies, the expert pool) for a chair who
    has no secretary: the same tabs, in a dialog of the workspace."""

    def __init__(self, ctx: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from qjsc_panel.ui.secretary.registries import ConsultanciesTab, EnterprisesTab, PoolTab

        self.setObjectName("registryDialog")
        self.tabs = QTabWidget()
        self.pages: dict[str, Any] = {
            "enterprises": EnterprisesTab(ctx),
            "consultancies": ConsultanciesTab(ctx),
            "pool": PoolTab(ctx),
        }
        for page in self.pages.values():
            self.tabs.addTab(page, "")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)
        lay.addWidget(buttons)
        self.resize(1200, 680)
        retranslate.register(self, self.retranslate_ui)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("登记企业、咨询机构和专家"))
        for i, title in enumerate((self.tr("企业"), self.tr("咨询机构"), self.tr("专家库"))):
            self.tabs.setTabText(i, title)


class SetupTab(QWidget):
    goto = Signal(str)
    created = Signal(str)
    changed = Signal()

    def __init__(self, ctx: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.acceptance: str | None = None
        self.creating = False  # the create form shows with no acceptance, or after 新建验收
        self.facts = QLabel()
        self.facts.setObjectName("acceptanceFacts")
        self.facts.setWordWrap(True)

        # -- 新建验收 ------------------------------------------------------------------------
        self.create_box = QGroupBox()
        self.enterprise = QComboBox()
        self.enterprise.setObjectName("enterprise")
        self.consultancy = QComboBox()
        self.consultancy.setObjectName("consultancy")
        self.visit = QDateEdit(QDate.currentDate().addDays(14))
        self.visit.setObjectName("visitDate")
        self.visit.setDisplayFormat("yyyy-MM-dd")
        self.visit.setCalendarPopup(True)
        self.place = QLineEdit()
        self.place.setObjectName("place")
        self.form = QComboBox()
        self.form.setObjectName("form")
        self.method = QComboBox()
        self.method.setObjectName("method")
        self.chair = QComboBox()
        self.chair.setObjectName("chairSelf")
        self.registry_button = QPushButton()
        self.registry_button.setObjectName("registryButton")
        self.registry_button.clicked.connect(self.open_registry)
        self.create_button = QPushButton()
        self.create_button.setObjectName("createAcceptance")
        self.create_button.clicked.connect(self.create_acceptance)
        self.create_error = ErrorLabel()
        self.create_error.setObjectName("createError")
        self.form_layout = QFormLayout()
        self._fields: list[tuple[QWidget, str]] = []
        for widget in (self.enterprise, self.consultancy, self.visit, self.place, self.form, self.method, self.chair):
            self.form_layout.addRow(QLabel(), widget)
            label = self.form_layout.labelForField(widget)
            if isinstance(label, QLabel):
                label.setBuddy(widget)
        cl = QVBoxLayout(self.create_box)
        cl.addLayout(self.form_layout)
        row = QHBoxLayout()
        row.addWidget(self.registry_button)
        row.addStretch(1)
        row.addWidget(self.create_button)
        cl.addLayout(row)
        cl.addWidget(self.create_error)
        cl.addStretch(1)

        # -- 第二十条一、二 ----------------------------------------------------------------------
        self.checks_box = QGroupBox()
        self.prelim_label = QLabel()
        self.prelim_state = QLabel()
        self.prelim_state.setObjectName("prelimState")
        self.prelim_state.setWordWrap(True)
        self.prelim_note = QLineEdit()
        self.prelim_note.setObjectName("prelimNote")
        self.prelim_pass = QPushButton()
        self.prelim_pass.setObjectName("prelimPass")
        self.prelim_pass.clicked.connect(lambda: self.record("prelim", True))
        self.prelim_fail = QPushButton()
        self.prelim_fail.setObjectName("prelimFail")
        self.prelim_fail.clicked.connect(lambda: self.record("prelim", False))
        self.penalty_label = QLabel()
        self.penalty_state = QLabel()
        self.penalty_state.setObjectName("penaltyState")
        self.penalty_state.setWordWrap(True)
        self.penalty_note = QLineEdit()
        self.penalty_note.setObjectName("penaltyNote")
        self.penalty_clean = QPushButton()
        self.penalty_clean.setObjectName("penaltyClean")
        self.penalty_clean.clicked.connect(lambda: self.record("penalty", True))
        self.penalty_found = QPushButton()
        self.penalty_found.setObjectName("penaltyFound")
        self.penalty_found.clicked.connect(lambda: self.record("penalty", False))
        self.note_label1 = QLabel()
        self.note_label1.setBuddy(self.prelim_note)
        self.note_label2 = QLabel()
        self.note_label2.setBuddy(self.penalty_note)
        self.gate = QLabel()
        self.gate.setObjectName("checksGate")
        self.gate.setWordWrap(True)
        self.checks_error = ErrorLabel()
        self.to_panel = QPushButton()
        self.to_panel.setObjectName("toPanel")
        self.to_panel.clicked.connect(lambda: self.goto.emit("panel"))
        grid = QGridLayout(self.checks_box)
        grid.addWidget(self.prelim_label, 0, 0, 1, 3)
        grid.addWidget(self.prelim_state, 1, 0, 1, 3)
        grid.addWidget(self.note_label1, 2, 0)
        grid.addWidget(self.prelim_note, 2, 1, 1, 2)
        grid.addWidget(self.prelim_pass, 3, 1)
        grid.addWidget(self.prelim_fail, 3, 2)
        grid.addWidget(self.penalty_label, 4, 0, 1, 3)
        grid.addWidget(self.penalty_state, 5, 0, 1, 3)
        grid.addWidget(self.note_label2, 6, 0)
        grid.addWidget(self.penalty_note, 6, 1, 1, 2)
        grid.addWidget(self.penalty_clean, 7, 1)
        grid.addWidget(self.penalty_found, 7, 2)
        grid.addWidget(self.gate, 8, 0, 1, 3)
        grid.addWidget(self.checks_error, 9, 0, 1, 3)
        grid.addWidget(self.to_panel, 10, 2)
        grid.setRowStretch(11, 1)

        cols = QHBoxLayout()
        for box in (self.create_box, self.checks_box):
            box.setMaximumWidth(760)  # buttons of a readable width on a wide screen
            cols.addWidget(box, 1)
        cols.addStretch(0)
        lay = QVBoxLayout(self)
        lay.addWidget(self.facts)
        lay.addLayout(cols, 1)
        self._overview: Any = None
        retranslate.register(self, self.retranslate_ui)

    # -- texts ---------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.create_box.setTitle(self.tr("新建验收"))
        labels = (
            self.tr("企业(&E)："),
            self.tr("咨询服务机构(&O)："),
            self.tr("现场验收日期(&T)："),
            self.tr("验收地点(&L)："),
            self.tr("评分表(&F)："),
            self.tr("汇总方法(&M)："),
            self.tr("组长（您本人）(&H)："),
        )
        widgets = (self.enterprise, self.consultancy, self.visit, self.place, self.form, self.method, self.chair)
        for widget, text in zip(widgets, labels, strict=True):
            label = self.form_layout.labelForField(widget)
            if isinstance(label, QLabel):
                label.setText(text)
        self.place.setPlaceholderText(self.tr("默认为企业登记的地址"))
        self.registry_button.setText(self.tr("登记企业、咨询机构和专家(&G)…"))
        self.create_button.setText(self.tr("新建验收(&C)"))
        self.checks_box.setTitle(self.tr("现场验收前核查（第二十条一、二）"))
        self.prelim_label.setText(self.tr("<b>初审</b>（区工信部门对验收材料的初审）"))
        self.penalty_label.setText(self.tr("<b>近一年环境行政处罚核查</b>"))
        self.note_label1.setText(self.tr("说明(&1)："))
        self.note_label2.setText(self.tr("说明(&2)："))
        self.prelim_pass.setText(self.tr("初审通过(&P)"))
        self.prelim_fail.setText(self.tr("初审不通过"))
        self.penalty_clean.setText(self.tr("近一年无环境处罚(&K)"))
        self.penalty_found.setText(self.tr("近一年有环境处罚"))
        self.to_panel.setText(self.tr("下一步：组建专家组(&X)"))
        self.reload_choices()
        self._show_overview()

    def method_text(self, method: str) -> str:
        return {
            "mean": self.tr("算术平均（各专家总分的平均）"),
            "trimmed": self.tr("去掉一个最高分和一个最低分（5 位及以上专家时）"),
        }.get(method, method)

    # -- choices -------------------------------------------------------------------------------
    def reload_choices(self) -> None:
        """Fill the combos from the registry (after the registry dialog, and on a language switch)."""
        from qjsc_panel.services import registry
        from qjsc_panel.services.chair_workspace import official_forms

        def refill(combo: QComboBox, items: list[tuple[str, Any]]) -> None:
            keep = combo.currentData()
            combo.clear()
            for text, data in items:
                combo.addItem(text, data)
            index = combo.findData(keep)
            if index >= 0:
                combo.setCurrentIndex(index)

        refill(
            self.enterprise, [(f"{e['name']}（{e['district']}）", e["id"]) for e in registry.list_enterprises(self.app)]
        )
        refill(
            self.consultancy,
            [(self.tr("（无）"), None)] + [(c["name"], c["id"]) for c in registry.list_consultancies(self.app)],
        )
        refill(self.form, [(self.tr("{0}（官方版本）").format(label), str(path)) for label, path in official_forms()])
        refill(self.method, [(self.method_text(m), m) for m in ("mean", "trimmed")])
        experts = registry.list_experts(self.app)
        mine = self.ctx.key.fingerprint if self.ctx.key else None
        items: list[tuple[str, Any]] = []
        for e in experts:
            if e.key_fingerprint and e.key_fingerprint != mine:
                continue  # another person's key is bound to that record
            level = {"senior": self.tr("高级"), "intermediate": self.tr("中级")}.get(e.title_level, self.tr("其他"))
            items.append((self.tr("{0}（{1}职称，{2} 年）").format(e.name, level, e.years), e.id))
        refill(self.chair, items)
        if self.chair.currentIndex() <= 0 and self.ctx.key is not None:
            own = [e for e in experts if e.key_fingerprint == mine] or [
                e for e in experts if e.name == self.ctx.key.name
            ]
            if own:
                self.chair.setCurrentIndex(max(0, self.chair.findData(own[0].id)))

    def open_registry(self) -> None:
        dlg = RegistryDialog(self.app, self)
        dlg.exec()
        self.reload_choices()

    def start_new(self) -> None:
        """新建验收 from the workspace's header: the form, its first field focused."""
        self.creating = True
        self.reload_choices()
        self.create_error.clear()
        self._show_overview()
        self.enterprise.setFocus()

    @property
    def app(self) -> App:
        """The application in the language shown now: services render refusals in it."""
        self.ctx.lang = i18n.current()
        return self.ctx

    # -- the contract --------------------------------------------------------------------------
    def set_acceptance(self, uuid: str) -> None:
        self.acceptance = uuid
        self.creating = False
        self.prelim_note.clear()
        self.penalty_note.clear()
        self.reload()

    def reload(self) -> None:
        from qjsc_panel.services.chair_workspace import overview

        self.checks_error.clear()
        self._overview = o = overview(self.app, self.acceptance) if self.acceptance else None
        # The notes as recorded; a note being typed for a check not yet recorded stays.
        if o is not None and o.prelim.ok is not None:
            self.prelim_note.setText(o.prelim.note)
        if o is not None and o.penalty.ok is not None:
            self.penalty_note.setText(o.penalty.note)
        self._show_overview()

    def _check_text(self, ok: bool | None, by: str, at: Any, passed: str, failed: str) -> str:
        if ok is None:
            return self.tr("尚未记录")
        when = at.strftime("%Y-%m-%d %H:%M") if at else ""
        return self.tr("{0}　记录人：{1}，{2}").format(passed if ok else failed, by or "—", when)

    def _show_overview(self) -> None:
        o = self._overview
        has = o is not None
        self.create_box.setVisible(not has or self.creating)
        self.checks_box.setVisible(has)
        for w in (self.prelim_pass, self.prelim_fail, self.penalty_clean, self.penalty_found, self.to_panel):
            w.setEnabled(has and o.status != "finalised")
        self.prelim_note.setEnabled(has)
        self.penalty_note.setEnabled(has)
        if o is None:
            self.facts.setText(self.tr("请新建一项验收，或在上方选择一项验收。"))
            self.prelim_state.setText("")
            self.penalty_state.setText("")
            self.gate.setText("")
            return
        method = self.method_text(o.method)
        self.facts.setText(
            self.tr("<b>{0}</b>　现场验收 {1}　地点：{2}（{3}）　汇总方法：{4}").format(
                o.enterprise, o.visit_date.isoformat(), o.place or "—", o.district, method
            )
        )
        self.prelim_state.setText(
            self._check_text(o.prelim.ok, o.prelim.by, o.prelim.at, self.tr("初审通过"), self.tr("初审不通过"))
        )
        self.penalty_state.setText(
            self._check_text(
                o.penalty.ok, o.penalty.by, o.penalty.at, self.tr("近一年无环境处罚"), self.tr("近一年有环境处罚")
            )
        )
        if o.checks_refusal is None:
            self.gate.setStyleSheet(OK_STYLE)
            self.gate.setText(self.tr("初审和处罚核查均已通过：可以组建专家组、发出验收邀请并评分。"))
        else:
            self.gate.setStyleSheet(WAIT_STYLE)
            self.gate.setText(o.checks_refusal.render(i18n.current()))

    # -- actions -------------------------------------------------------------------------------
    def create_acceptance(self) -> None:
        from qjsc_panel.services.chair_workspace import open_as_chair

        self.create_error.clear()
        enterprise, chair = self.enterprise.currentData(), self.chair.currentData()
        if enterprise is None:
            self.create_error.setText(self.tr("请先选择企业（没有时点“登记企业、咨询机构和专家”）"))
            return
        if chair is None:
            self.create_error.setText(self.tr("请选择专家库中您本人的记录作为组长（没有时请先在专家库登记）"))
            return
        d = self.visit.date()
        form = self.form.currentData()
        from pathlib import Path

        try:
            uuid = open_as_chair(
                self.app,
                chair_expert_id=int(chair),
                enterprise_id=int(enterprise),
                visit_date=date(d.year(), d.month(), d.day()),
                consultancy_id=self.consultancy.currentData(),
                place=self.place.text().strip(),
                method=str(self.method.currentData()),
                form_path=Path(form) if form else None,
            )
        except QjscError as exc:
            self.create_error.show_error(exc)
            return
        self.place.clear()
        self.creating = False
        self.created.emit(uuid)
        self.prelim_note.setFocus()

    def record(self, which: str, ok: bool) -> None:
        from qjsc_panel.services import acceptances

        if self.acceptance is None:
            return
        self.checks_error.clear()
        try:
            if which == "prelim":
                acceptances.record_prelim(self.app, self.acceptance, ok, self.prelim_note.text().strip())
            else:
                acceptances.record_penalty_check(self.app, self.acceptance, ok, self.penalty_note.text().strip())
        except QjscError as exc:
            self.checks_error.show_error(exc)
            return
        self.reload()
        self.changed.emit()
