"""绩效表 editor: the audit period and focus, the targets, the schemes (measures) and investment,
the yearly savings and reductions, the level before and after; or the enterprise's Excel
template imported.  Saved through :func:`qjsc_panel.services.opinion.set_performance`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from qjsc_panel.errors import QjscError
from qjsc_panel.services.context import Ctx
from qjsc_panel.services.opinion_draft import REDUCTIONS, SAVINGS, PerformanceTable
from qjsc_panel.ui import retranslate
from qjsc_panel.ui.chair.performance_models import Refusal, FiguresModel, MeasuresModel, TargetsModel, number_text

LEVELS = ["", "一级", "二级", "三级", "三级以下"]


def _table(model: FiguresModel | MeasuresModel | TargetsModel, rows: int) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    view.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.EditKeyPressed
        | QAbstractItemView.EditTrigger.AnyKeyPressed
    )
    row = view.fontMetrics().height() + 8
    view.verticalHeader().setDefaultSectionSize(row)
    height = view.horizontalHeader().sizeHint().height() + row * rows + 2 * view.frameWidth() + 2
    view.setFixedHeight(height)
    return view


class PerformanceEditor(QWidget):
    changed = Signal()  # any edit (the preview follows)
    saved = Signal()

    def __init__(self, ctx: Ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PerformanceEditor")
        self.ctx = ctx
        self.acceptance = ""
        self.loading = False
        self.dirty = False  # edited since loaded or saved
        self.targets = TargetsModel(self)
        self.measures = MeasuresModel(self)
        self.savings = FiguresModel(SAVINGS, self)
        self.reductions = FiguresModel(REDUCTIONS, self)
        self.error = Refusal()
        self.note = QLabel()
        self.note.setWordWrap(True)
        for model in (self.targets, self.measures, self.savings, self.reductions):
            model.refused.connect(self.error.show_error)
            model.edited.connect(self._edited)

        # -- the audit ------------------------------------------------------------------------
        self.audit_box = QGroupBox()
        self.start = QLineEdit()
        self.end = QLineEdit()
        for edit in (self.start, self.end):
            edit.setPlaceholderText("YYYY-MM-DD")
            edit.setFixedWidth(edit.fontMetrics().horizontalAdvance("2026-12-31") + 24)
            edit.textEdited.connect(self._edited)
        self.focus_edit = QLineEdit()
        self.focus_edit.textEdited.connect(self._edited)
        self.before = QComboBox()
        self.after = QComboBox()
        for combo in (self.before, self.after):
            combo.setEditable(True)
            combo.addItems(LEVELS)
            combo.setMinimumWidth(110)
            combo.currentTextChanged.connect(self._edited)
        self.start_label, self.end_label, self.focus_label = QLabel(), QLabel(), QLabel()
        self.before_label, self.after_label = QLabel(), QLabel()
        for label, buddy in (
            (self.start_label, self.start),
            (self.end_label, self.end),
            (self.focus_label, self.focus_edit),
            (self.before_label, self.before),
            (self.after_label, self.after),
        ):
            label.setBuddy(buddy)
        row1 = QHBoxLayout()
        for w in (self.start_label, self.start, self.end_label, self.end, self.focus_label):
            row1.addWidget(w)
        row1.addWidget(self.focus_edit, 1)
        row2 = QHBoxLayout()
        for w in (self.before_label, self.before, self.after_label, self.after):
            row2.addWidget(w)
        row2.addStretch(1)
        audit = QVBoxLayout(self.audit_box)
        audit.addLayout(row1)
        audit.addLayout(row2)

        # -- targets ----------------------------------------------------------------------------
        self.targets_box = QGroupBox()
        self.targets_view = _table(self.targets, 5)
        head = self.targets_view.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, 6):
            head.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.add_target = QPushButton()
        self.add_target.clicked.connect(self._add_target)
        self.remove_target = QPushButton()
        self.remove_target.clicked.connect(self._remove_target)
        tbuttons = QHBoxLayout()
        tbuttons.addWidget(self.add_target)
        tbuttons.addWidget(self.remove_target)
        tbuttons.addStretch(1)
        tlay = QVBoxLayout(self.targets_box)
        tlay.addWidget(self.targets_view)
        tlay.addLayout(tbuttons)

        # -- schemes and investment -----------------------------------------------------------------
        self.measures_box = QGroupBox()
        self.measures_view = _table(self.measures, 2)
        mhead = self.measures_view.horizontalHeader()
        mhead.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        mhead.setStretchLastSection(True)
        self.totals = QLabel()
        mlay = QVBoxLayout(self.measures_box)
        mlay.addWidget(self.measures_view)
        mlay.addWidget(self.totals)

        # -- yearly figures -------------------------------------------------------------------------
        self.savings_box, self.reductions_box = QGroupBox(), QGroupBox()
        self.savings_view = _table(self.savings, len(SAVINGS))
        self.reductions_view = _table(self.reductions, len(REDUCTIONS))
        for box, view in ((self.savings_box, self.savings_view), (self.reductions_box, self.reductions_view)):
            view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
            view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
            box_lay = QVBoxLayout(box)
            box_lay.addWidget(view)
            box_lay.addStretch(1)
        figures = QHBoxLayout()
        figures.addWidget(self.savings_box, 1)
        figures.addWidget(self.reductions_box, 1)

        # -- actions ------------------------------------------------------------------------------
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save)
        self.import_button = QPushButton()
        self.import_button.clicked.connect(self._pick_import)
        self.template_button = QPushButton()
        self.template_button.clicked.connect(self._pick_template)
        actions = QHBoxLayout()
        actions.addWidget(self.save_button)
        actions.addWidget(self.import_button)
        actions.addWidget(self.template_button)
        actions.addWidget(self.note, 1)

        body = QWidget()
        form = QVBoxLayout(body)
        form.addWidget(self.audit_box)
        form.addWidget(self.targets_box)
        form.addWidget(self.measures_box)
        form.addLayout(figures)
        form.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(scroll, 1)
        lay.addWidget(self.error)
        lay.addLayout(actions)
        retranslate.register(self, self.retranslate_ui)

    def retranslate_ui(self) -> None:
        self.audit_box.setTitle(self.tr("审核概况"))
        self.start_label.setText(self.tr("审核开始(&B)："))
        self.end_label.setText(self.tr("审核完成(&E)："))
        self.focus_label.setText(self.tr("审核重点(&U)："))
        self.before_label.setText(self.tr("审核前水平："))
        self.after_label.setText(self.tr("审核后水平："))
        self.targets_box.setTitle(self.tr("清洁生产目标（双击或直接输入编辑单元格）"))
        self.add_target.setText(self.tr("添加目标(&A)"))
        self.remove_target.setText(self.tr("删除所选目标(&R)"))
        self.measures_box.setTitle(self.tr("清洁生产方案与投资"))
        self.savings_box.setTitle(self.tr("节能降耗（年）"))
        self.reductions_box.setTitle(self.tr("污染物及碳减排（年）"))
        self.save_button.setText(self.tr("保存绩效表(&S)"))
        self.import_button.setText(self.tr("从 Excel 模板导入(&I)…"))
        self.template_button.setText(self.tr("生成 Excel 模板(&T)…"))
        self._update_totals()

    # -- loading and reading back ---------------------------------------------------------------
    def set_acceptance(self, uuid: str) -> None:
        self.acceptance = uuid
        self.load()

    def load(self) -> None:
        from qjsc_panel.services.opinion import get_performance

        self.error.clear()
        table = get_performance(self.ctx, self.acceptance) if self.acceptance else None
        self.show_table(table or PerformanceTable())
        self.note.setText("" if table else self.tr("尚未录入绩效表：可在下方逐项填写，或导入企业填写的 Excel 模板。"))

    def show_table(self, t: PerformanceTable) -> None:
        self.loading = True
        try:
            self.start.setText(t.audit_start.isoformat() if t.audit_start else "")
            self.end.setText(t.audit_end.isoformat() if t.audit_end else "")
            self.focus_edit.setText(t.focus)
            self.before.setCurrentText(t.level_before)
            self.after.setCurrentText(t.level_after)
            self.targets.set_targets(t.targets)
            if not t.targets:
                self.targets.add_row()
            self.measures.set_measures([t.low_cost, t.high_cost])
            self.savings.set_values(t.savings)
            self.reductions.set_values(t.reductions)
        finally:
            self.loading = False
        self.dirty = False
        self._update_totals()

    def _date(self, edit: QLineEdit, label: QLabel) -> date | None:
        text = edit.text().strip()
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            field = label.text().split("(")[0].rstrip("：:")
            raise QjscError("perf.bad_date", field=field, value=text) from None

    def table(self) -> PerformanceTable:
        """What the widgets hold, checked by the report model's own rules; a QjscError if wrong."""
        low, high = self.measures.measures()
        table = PerformanceTable(
            audit_start=self._date(self.start, self.start_label),
            audit_end=self._date(self.end, self.end_label),
            focus=self.focus_edit.text().strip(),
            targets=self.targets.targets(),
            low_cost=low,
            high_cost=high,
            savings=self.savings.values(),
            reductions=self.reductions.values(),
            level_before=self.before.currentText().strip(),
            level_after=self.after.currentText().strip(),
        )
        table.check()
        return table

    def valid_table(self) -> PerformanceTable | None:
        try:
            return self.table()
        except QjscError:
            return None

    # -- actions ----------------------------------------------------------------------------------
    def save(self) -> bool:
        from qjsc_panel.services.opinion import set_performance

        try:
            set_performance(self.ctx, self.acceptance, self.table())
        except QjscError as exc:
            self.error.show_error(exc)
            return False
        self.error.clear()
        self.dirty = False
        self.note.setText(self.tr("绩效表已保存。"))
        self.saved.emit()
        return True

    def import_file(self, path: Path) -> bool:
        from qjsc_panel.services.opinion_draft import import_performance

        try:
            table = import_performance(self.ctx, self.acceptance, path)
        except QjscError as exc:
            self.error.show_error(exc)
            return False
        self.error.clear()
        self.show_table(table)
        self.note.setText(self.tr("已从 {0} 导入并保存绩效表。").format(path.name))
        self.saved.emit()
        self.changed.emit()
        return True

    def write_template(self, path: Path) -> bool:
        from qjsc_panel.services.opinion_draft import write_performance_template

        try:
            write_performance_template(self.ctx, self.acceptance, path)
        except (QjscError, OSError) as exc:
            self.error.show_error(exc)
            return False
        self.error.clear()
        self.note.setText(self.tr("已生成 Excel 模板：{0}（请企业在黄色单元格内填写后导入）").format(path))
        return True

    def _pick_import(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("导入绩效表模板"), "", self.tr("Excel 文件 (*.xlsx)"))
        if name:
            self.import_file(Path(name))

    def _pick_template(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("生成绩效表模板"), self.tr("绩效表模板.xlsx"), self.tr("Excel 文件 (*.xlsx)")
        )
        if name:
            self.write_template(Path(name) if name.endswith(".xlsx") else Path(name + ".xlsx"))

    def _add_target(self) -> None:
        row = self.targets.add_row()
        index = self.targets.index(row, 0)
        self.targets_view.setCurrentIndex(index)
        self.targets_view.setFocus()
        self.targets_view.edit(index)

    def _remove_target(self) -> None:
        self.targets.remove_row(self.targets_view.currentIndex().row())

    def _edited(self, *_args: object) -> None:
        if self.loading:
            return
        self.dirty = True
        self._update_totals()
        self.changed.emit()

    def _update_totals(self) -> None:
        try:
            low, high = self.measures.measures()
        except QjscError:
            self.totals.setText("")
            return
        self.totals.setText(
            self.tr("合计投资 {0} 万元；年经济效益合计 {1} 万元/年").format(
                number_text(low.investment + high.investment), number_text(low.benefit + high.benefit)
            )
        )

