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
from qjsc_panel.services import acceptances
from qjsc_panel.services.archive import ArchiveQuery, archive, export_publicity
from qjsc_panel.services.context import Ctx
from qjsc_panel.ui.i18n import current, text
from qjsc_panel.ui.secretary.archive_model import ArchiveModel
from qjsc_panel.ui.secretary.common import Tab, named

STATUSES = (
    ("", "全部状态", "any status"),
    ("open", "进行中", "open"),
    ("finalised", "已定稿", "finalised"),
    ("archived", "已归档", "archived"),
)


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
        self.tr2(self.overdue.setText, "仅逾期", "Overdue only")
        for button, zh, en in (
            (self.apply_button, "筛选", "Filter"),
            (self.number_button, "归档并编号", "Archive and number"),
            (self.decision_button, "录入市工信局审定", "Record the bureau's decision"),
            (self.publicity_button, "导出公示名单…", "Export 公示 list…"),
            (self.bundle_button, "接收专家组材料包…", "Receive a panel's bundle…"),
        ):
            self.tr2(button.setText, zh, en)
        self.tr2(self.search.setPlaceholderText, "企业名称、信用代码或验收编号", "Enterprise, credit code or number")
        self.tr2(self.decision_note.setPlaceholderText, "审定说明", "Note")
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
        layout.addWidget(self.error)
        layout.addWidget(self.notice)
        self.retranslate_ui()
        self.apply()

    def retranslate_ui(self) -> None:
        for combo, items in (
            (self.status, STATUSES),
            (self.district, (("", "全部区", "any district"), *((d, d, d) for d in DISTRICTS))),
            (self.decision, (("approved", "同意", "approved"), ("rejected", "不同意", "rejected"))),
        ):
            index = combo.currentIndex()
            combo.clear()
            for key, zh, en in items:
                combo.addItem(text(zh, en), key)
            combo.setCurrentIndex(max(index, 0))
        super().retranslate_ui()
        self.model.retranslate()

    def reload(self) -> None:
        self.count.setText(
            text("共 {total} 项，已载入 {loaded} 项", "{total} in all, {loaded} loaded").format(
                total=self.model.total, loaded=len(self.model.rows)
            )
        )

    def apply(self) -> None:
        header = self.view.horizontalHeader()
        from qjsc_panel.ui.secretary.archive_model import COLUMNS

        key = COLUMNS[header.sortIndicatorSection()][2] or "visit_date"
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
        return self._after(self.run(lambda: archive(self.ctx, acc or ""), "已归档：{result}", "Archived: {result}"))

    def record_decision(self) -> object:
        acc = self.selected()
        return self._after(
            self.run(
                lambda: acceptances.record_bureau_decision(
                    self.ctx,
                    acc or "",
                    self.decision.currentData(),
                    _date(self.decision_date),
                    self.decision_note.text(),
                ),
                "已录入审定结果",
                "Decision recorded",
            )
        )

    def choose_publicity(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, text("选择保存位置", "Choose a folder"))
        if folder:
            self.export_publicity(Path(folder))

    def export_publicity(self, folder: Path) -> object:
        return self.run(
            lambda: export_publicity(self.ctx, _date(self.since), _date(self.until), folder, current()),
            "已导出：{result}",
            "Exported: {result}",
        )

    def choose_bundle(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, text("选择材料包", "Choose a bundle"), "", "zip (*.zip)")
        if path:
            self.receive_bundle(Path(path))

    def receive_bundle(self, path: Path) -> object:
        from qjsc_panel.services.bundles import receive_bundle

        return self.run(
            lambda: receive_bundle(self.ctx, path),
            "已校验并归档（编号 {result}）",
            "Verified and archived (id {result})",
        )
