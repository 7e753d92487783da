"""The archive: filter, sort and search every acceptance (fetched lazily), archive with the
bureau's number, record the bureau's decision, export the 公示 list."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from qjsc_panel.domain.eligibility import DISTRICTS
from qjsc_panel.i18n import current
from qjsc_panel.services import acceptances
from qjsc_panel.services.archive import ArchiveQuery, archive, export_publicity
from qjsc_panel.services.context import Ctx
from qjsc_panel.ui import retranslate
from qjsc_panel.ui.secretary.archive_model import COLUMNS, ArchiveModel
from qjsc_panel.ui.secretary.common import Tab, named, word

STATUSES = ("any_status", "open", "finalised", "archived")
DECISIONS = ("approved", "rejected")


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _date(edit: QDateEdit) -> date:
    d = edit.date()
    return date(d.year(), d.month(), d.day())


class ArchiveTab(Tab):
    def __init__(self, ctx: Ctx) -> None:
        super().__init__(ctx)
        self.model = ArchiveModel(ctx)
        self.search = named(QLineEdit(), "archiveSearch")
        self.search.returnPressed.connect(self.apply)
        self.status = named(QComboBox(), "archiveStatus")
        self.district = named(QComboBox(), "archiveDistrict")
        self.overdue = named(QCheckBox(), "archiveOverdue")
        self.apply_button = named(QPushButton(), "archiveApply")
        self.apply_button.clicked.connect(self.apply)
        self.view = named(QTableView(), "archiveView")
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(1, Qt.SortOrder.DescendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.verticalHeader().hide()
        self.count = named(QLabel(), "archiveCount")
        self.number_button = named(QPushButton(), "archiveNumber")
        self.number_button.clicked.connect(self.assign_number)
        self.decision = named(QComboBox(), "decision")
        self.decision_date = named(QDateEdit(_qdate(date.today())), "decisionDate")
        self.decision_date.setDisplayFormat("yyyy-MM-dd")
        self.decision_note = named(QLineEdit(), "decisionNote")
        self.decision_button = named(QPushButton(), "decisionButton")
        self.decision_button.clicked.connect(self.record_decision)
        self.since = named(QDateEdit(_qdate(date(date.today().year, 1, 1))), "publicitySince")
        self.until = named(QDateEdit(_qdate(date.today())), "publicityUntil")
        for d in (self.since, self.until):
            d.setDisplayFormat("yyyy-MM-dd")
        self.publicity_button = named(QPushButton(), "publicityButton")
        self.publicity_button.clicked.connect(self.choose_publicity)
        self.bundle_button = named(QPushButton(), "bundleButton")
        self.bundle_button.clicked.connect(self.choose_bundle)
        self.op_buttons = [self.publicity_button, self.bundle_button]
        filters = QHBoxLayout()
        for widget in (self.search, self.status, self.district, self.overdue, self.apply_button):
            filters.addWidget(widget)
        actions = QHBoxLayout()
        actions.addWidget(self.number_button)
        actions.addWidget(self.bundle_button)
        actions.addSpacing(20)
        for item in (self.decision, self.decision_date, self.decision_note, self.decision_button):
            actions.addWidget(item)
        actions.addStretch()
        actions.addWidget(self.since)
        actions.addWidget(self.until)
        actions.addWidget(self.publicity_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count)
        layout.addLayout(actions)
        layout.addWidget(self.progress)
        layout.addWidget(self.error)
        layout.addWidget(self.notice)
        retranslate.register(self, self.retranslate_ui)
        self.apply()

    def retranslate_ui(self) -> None:
        self.overdue.setText(self.tr("仅逾期"))
        self.apply_button.setText(self.tr("筛选"))
        self.number_button.setText(self.tr("归档并编号"))
        self.decision_button.setText(self.tr("录入市工信局审定"))
        self.publicity_button.setText(self.tr("导出公示名单…"))
        self.bundle_button.setText(self.tr("接收专家组材料包…"))
        self.search.setPlaceholderText(self.tr("企业名称、信用代码或验收编号"))
        self.decision_note.setPlaceholderText(self.tr("审定说明"))
        any_district = (("", word("any_district")), *((d, d) for d in DISTRICTS))  # districts: proper names
        for combo, items in (
            (self.status, [("" if k == "any_status" else k, word(k)) for k in STATUSES]),
            (self.district, any_district),
            (self.decision, [(k, word(k)) for k in DECISIONS]),
        ):
            index = combo.currentIndex()
            combo.clear()
            for key, label in items:
                combo.addItem(label, key)
            combo.setCurrentIndex(max(index, 0))
        super().retranslate_ui()
        self.model.retranslate()

    def reload(self) -> None:
        self.count.setText(
            self.tr("共 {total} 项，已载入 {loaded} 项").format(total=self.model.total, loaded=len(self.model.rows))
        )

    def apply(self) -> None:
        header = self.view.horizontalHeader()
        key = COLUMNS[header.sortIndicatorSection()] or "visit_date"
        self.model.set_query(
            ArchiveQuery(
                text=self.search.text(),
                status=self.status.currentData() or "",
                district=self.district.currentData() or "",
                overdue_only=self.overdue.isChecked(),
                sort=key,
                descending=header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder,
            )
        )
        self.reload()

    def selected(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.data(rows[0], Qt.ItemDataRole.UserRole) if rows else None

    def _after(self, result: object) -> object:
        if result:
            self.model.refresh()
            self.reload()
        return result

    def assign_number(self) -> object:
        acc = self.selected()
        if not self.chosen(acc):
            return None
        return self._after(self.run(lambda: archive(self.ctx, acc or ""), self.tr("已归档：{result}")))

    def record_decision(self) -> object:
        acc = self.selected()
        if not self.chosen(acc):
            return None
        return self._after(
            self.run(
                lambda: acceptances.record_bureau_decision(
                    self.ctx,
                    acc or "",
                    self.decision.currentData(),
                    _date(self.decision_date),
                    self.decision_note.text(),
                ),
                self.tr("已录入审定结果"),
            )
        )

    def choose_publicity(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择保存位置"))
        if folder:
            self.export_publicity(Path(folder))

    # The 公示 export and bundle intake run in the background (results: notice line, ``self.result``).
    def export_publicity(self, folder: Path) -> int:
        since, until, lang = _date(self.since), _date(self.until), current()
        return self.background(
            lambda ctx: export_publicity(ctx, since, until, folder, lang),
            self.tr("已导出：{result}"),
            self.tr("正在导出公示名单……"),
        )

    def choose_bundle(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择材料包"), "", "zip (*.zip)")
        if path:
            self.receive_bundle(Path(path))

    def receive_bundle(self, path: Path) -> int:
        from qjsc_panel.services.bundles import receive_bundle

        return self.background(
            lambda ctx: receive_bundle(ctx, path),
            self.tr("已校验并归档（编号 {result}）"),
            self.tr("正在校验材料包……"),
            after=lambda _r: self.model.refresh(),
        )
