"""The scoring view: the form's items, typed from the keyboard, saved one by one.

Keys: type a number on a score cell to start editing; Enter saves and moves down to the
next item's score; Tab/Shift+Tab move between the score and comment cells in reading order;
arrow keys move around; Ctrl+Z / Ctrl+Y undo and redo.  A refused value re-opens the cell
with the reason shown under the table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from qjsc_panel.errors import QjscError
from qjsc_panel.ui import i18n, retranslate
from qjsc_panel.ui.backend import Membership, message
from qjsc_panel.ui.scoring_model import COL_SCORE, EDITABLE, ScoringModel, _fmt
from qjsc_panel.ui.widgets import ErrorLabel

if TYPE_CHECKING:
    from qjsc_panel.ui.main_window import MainWindow

_Hint = QAbstractItemDelegate.EndEditHint
_Move = QAbstractItemView.CursorAction


class ScoreTable(QTableView):
    """A table whose cursor visits only the editable cells of item rows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._refused = False
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(True)
        # One line per row so that a whole form (18 items and their categories) fits a
        # 1366×768 screen; the full text and the checkpoints show in the pane below.
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.verticalHeader().hide()
        font = self.font()
        font.setPointSizeF(max(font.pointSizeF() - 1, 8.0))
        self.setFont(font)
        self.verticalHeader().setMinimumSectionSize(1)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 1)

    def model_(self) -> ScoringModel:
        model = self.model()
        assert isinstance(model, ScoringModel)
        return model

    def set_refused(self) -> None:
        self._refused = True

    def _cells(self) -> list[tuple[int, int]]:
        return [(r, c) for r in self.model_().item_rows() for c in EDITABLE]

    def next_item_row(self, row: int, step: int) -> int:
        rows = self.model_().item_rows()
        later = [r for r in rows if (r > row if step > 0 else r < row)]
        if not later:
            return row
        return later[0] if step > 0 else later[-1]

    def moveCursor(self, action: _Move, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        cur = self.currentIndex()
        model = self.model_()
        if not cur.isValid():
            rows = model.item_rows()
            return model.index(rows[0], COL_SCORE) if rows else cur
        if action in (_Move.MoveNext, _Move.MovePrevious):
            cells = self._cells()
            here = (cur.row(), cur.column())
            step = 1 if action == _Move.MoveNext else -1
            i = cells.index(here) + step if here in cells else 0
            i = max(0, min(i, len(cells) - 1))
            return model.index(*cells[i])
        if action in (_Move.MoveDown, _Move.MoveUp):
            row = self.next_item_row(cur.row(), 1 if action == _Move.MoveDown else -1)
            return model.index(row, cur.column())
        return super().moveCursor(action, modifiers)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.state() != QAbstractItemView.State.EditingState
        ):
            cur = self.currentIndex()
            if cur.isValid():
                self.setCurrentIndex(self.model_().index(self.next_item_row(cur.row(), 1), cur.column()))
            return
        super().keyPressEvent(event)

    def closeEditor(self, editor: QWidget, hint: _Hint) -> None:
        index = self.currentIndex()
        if self._refused:
            self._refused = False
            text = editor.text() if isinstance(editor, QLineEdit) else ""
            super().closeEditor(editor, _Hint.NoHint)
            if hint != _Hint.NoHint:  # typed and confirmed: keep the cell open to fix it
                self.edit(index)
                again = self.focusWidget()
                if isinstance(again, QLineEdit):
                    again.setText(text)
                    again.selectAll()
            return
        if hint == _Hint.SubmitModelCache and index.column() in EDITABLE:
            super().closeEditor(editor, _Hint.NoHint)
            self.setCurrentIndex(self.model_().index(self.next_item_row(index.row(), 1), index.column()))
            return
        super().closeEditor(editor, hint)


class ScoringScreen(QWidget):
    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.setObjectName("ScoringScreen")
        self.window_ = window
        self.membership: Membership | None = None
        self.model: ScoringModel | None = None
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.banner = QLabel()
        self.banner.setObjectName("readOnlyBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #e6f4ea; padding: 8px; font-weight: bold;")
        self.table = ScoreTable(self)
        self.table.setObjectName("scoreTable")
        self.error = ErrorLabel()
        self.total = QLabel()
        self.total.setObjectName("total")
        self.total.setStyleSheet("font-size: 16pt; font-weight: bold;")

        # What the current item asks for: its text and checkpoints, always visible.
        self.detail = QLabel()
        self.detail.setObjectName("itemDetail")
        self.detail.setWordWrap(True)
        self.detail.setStyleSheet("background: #f5f5f5; padding: 4px;")
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.veto_toggle = QToolButton()
        self.veto_toggle.setObjectName("vetoToggle")
        self.veto_toggle.setCheckable(True)
        self.veto_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.veto_toggle.toggled.connect(self._show_vetoes)
        self.veto_box = QGroupBox()
        self.veto_grid = QGridLayout(self.veto_box)
        self.veto_rows: dict[str, tuple[QLabel, QLineEdit, QPushButton, QLabel]] = {}

        self.submit_button = QPushButton()
        self.submit_button.setObjectName("submitButton")
        self.submit_button.clicked.connect(self.go_submit)
        self.export_button = QPushButton()
        self.export_button.setObjectName("exportAgainButton")
        self.export_button.clicked.connect(self.go_submit)
        self.correct_button = QPushButton()
        self.correct_button.setObjectName("correctButton")
        self.correct_button.clicked.connect(self.ask_correction)
        self.back_button = QPushButton()
        self.back_button.clicked.connect(self.window_.show_home)

        self.act_undo = QAction(self)
        self.act_undo.setObjectName("undo")
        self.act_undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.act_redo = QAction(self)
        self.act_redo.setObjectName("redo")
        redo_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        if QKeySequence("Ctrl+Y") not in redo_keys:  # the Windows habit, on every platform
            redo_keys.append(QKeySequence("Ctrl+Y"))
        self.act_redo.setShortcuts(redo_keys)
        self.act_undo.triggered.connect(self.undo)
        self.act_redo.triggered.connect(self.redo)
        for act in (self.act_undo, self.act_redo):
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.setEnabled(False)
            self.addAction(act)
            window.edit_menu.addAction(act)

        bottom = QHBoxLayout()
        bottom.addWidget(self.back_button)
        bottom.addWidget(self.total, 1, Qt.AlignmentFlag.AlignCenter)
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.correct_button)
        bottom.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.addWidget(self.title)
        layout.addWidget(self.banner)
        # The veto checklist sits under a splitter: the table keeps most of the height.
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.table, 1)
        upper_layout.addWidget(self.detail)
        upper_layout.addWidget(self.error)
        upper_layout.addWidget(self.veto_toggle)
        self.veto_scroll = veto_scroll = QScrollArea()
        veto_scroll.setWidgetResizable(True)
        veto_scroll.setFrameShape(QFrame.Shape.NoFrame)
        veto_scroll.setWidget(self.veto_box)
        veto_scroll.hide()  # collapsed until opened: the items keep the height
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("scoringSplitter")
        self.splitter.addWidget(upper)
        self.splitter.addWidget(veto_scroll)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([520, 250])  # proportions; Qt scales them to the window
        layout.addWidget(self.splitter, 1)
        layout.addLayout(bottom)
        retranslate.register(self, self.retranslate_ui)

    # -- text -------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        m = self.membership
        self.title.setText(self.tr("评分：{0}").format(m.enterprise if m else ""))
        self.veto_box.setTitle(self.tr("否决项检查（第二十二条）：如发现，请写明事实依据后提出"))
        self._veto_toggle_text()
        self.submit_button.setText(self.tr("提交评分表(&S)…"))
        self.export_button.setText(self.tr("再次导出签名文件(&E)…"))
        self.correct_button.setText(self.tr("更正(&C)…"))
        self.back_button.setText(self.tr("返回"))
        self.act_undo.setText(self.tr("撤销(&U)"))
        self.act_redo.setText(self.tr("重做(&R)"))
        if self.model is not None:
            self.model.retranslate()
            self._fill_vetoes()
            self._banner_text()
            self._show_detail()  # the item text and checkpoints in the language now shown
        self._update_total()

    def _banner_text(self) -> None:
        sheet = self.model.sheet if self.model is not None else None
        if sheet is not None and sheet.status == "submitted":
            self.banner.setText(
                self.tr("本评分表（版本 {0}）已提交，只读。如需更正，请点“更正”，说明原因后生成新版本。").format(
                    sheet.version
                )
            )
        elif sheet is not None and sheet.version > 1:
            self.banner.setText(
                self.tr("更正稿：版本 {0}（取代版本 {1}）。更正原因：{2}。修改后请重新提交。").format(
                    sheet.version, sheet.version - 1, sheet.reason
                )
            )

    def _veto_toggle_text(self) -> None:
        arrow = "▾" if self.veto_toggle.isChecked() else "▸"
        self.veto_toggle.setText(arrow + " " + self.tr("否决项检查（第二十二条）(&V)"))

    def _show_vetoes(self, shown: bool) -> None:
        self.veto_scroll.setVisible(shown)
        self._veto_toggle_text()

    def _show_detail(self) -> None:
        """The current item's full text, maximum and checkpoints, under the table."""
        if self.model is None:
            self.detail.clear()
            return
        index = self.table.currentIndex()
        row = self.model.rows[index.row()] if index.isValid() and index.row() < len(self.model.rows) else None
        item = row.item if row is not None else None
        if item is None:
            self.detail.clear()
            return
        lang = i18n.current()
        points = item.checkpoints.get(lang) or self.tr("（无评分要点）")
        self.detail.setText(
            self.tr("{0} {1}（{2} 分）\n评分要点：{3}").format(
                item.id, item.text.get(lang), _fmt(item.max_points), points
            )
        )

    # -- loading ------------------------------------------------------------------------------
    def load(self, m: Membership) -> None:
        self.membership = m
        backend = self.window_.backend
        form = backend.form_for(m.acceptance)
        if self.model is not None:
            self.model.deleteLater()
        self.model = ScoringModel(backend, form, m.member_id)
        self.table.setModel(self.model)
        self.table.selectionModel().currentChanged.connect(lambda *_: self._show_detail())
        self.model.rejected.connect(self._refused)
        self.model.saved.connect(self._saved)
        self.model.totals_changed.connect(self._update_total)
        self.model.modelReset.connect(self._layout_table)
        stack = self.model.undo_stack
        stack.canUndoChanged.connect(self.act_undo.setEnabled)
        stack.canRedoChanged.connect(self.act_redo.setEnabled)
        self.act_undo.setEnabled(False)
        self.act_redo.setEnabled(False)
        self._build_vetoes()
        self._layout_table()
        self.error.clear()
        self.retranslate_ui()
        rows = self.model.item_rows()
        if rows:
            self.table.setCurrentIndex(self.model.index(rows[0], COL_SCORE))
        self.table.setFocus()

    def _layout_table(self) -> None:
        assert self.model is not None
        self.table.clearSpans()
        for r, row in enumerate(self.model.rows):
            if row.item is None:
                self.table.setSpan(r, 0, 1, 5)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(3, 90)
        read_only = self.model.read_only
        sheet = self.model.sheet
        self.submit_button.setVisible(not read_only)
        self.correct_button.setVisible(read_only)
        self.export_button.setVisible(bool(read_only and sheet is not None and sheet.status == "submitted"))
        self.banner.setVisible(read_only or (sheet is not None and sheet.version > 1))
        self._banner_text()
        for _label, edit, button, _state in self.veto_rows.values():
            edit.setEnabled(not read_only)
            button.setEnabled(not read_only)

    def _build_vetoes(self) -> None:
        assert self.model is not None
        while self.veto_grid.count():
            taken = self.veto_grid.takeAt(0)
            w = taken.widget() if taken is not None else None
            if w is not None:
                w.hide()  # deleteLater waits for the event loop; hide it now
                w.deleteLater()
        self.veto_rows.clear()
        for r, veto in enumerate(self.model.form.veto_items):
            label, edit, button, state = QLabel(), QLineEdit(), QPushButton(), QLabel()
            label.setWordWrap(True)
            edit.setObjectName(f"evidence_{veto.id}")
            button.setObjectName(f"propose_{veto.id}")
            button.clicked.connect(lambda _=False, v=veto.id: self.propose(v))
            self.veto_grid.addWidget(label, r, 0)
            self.veto_grid.addWidget(edit, r, 1)
            self.veto_grid.addWidget(button, r, 2)
            self.veto_grid.addWidget(state, r, 3)
            self.veto_rows[veto.id] = (label, edit, button, state)
        self.veto_grid.setColumnStretch(0, 3)
        self.veto_grid.setColumnStretch(1, 2)
        self._fill_vetoes()

    def _fill_vetoes(self) -> None:
        if self.model is None or self.membership is None:
            return
        lang = i18n.current()
        try:
            mine = self.window_.backend.my_vetoes(self.membership.acceptance, self.membership.member_id)
        except QjscError as exc:
            mine = []
            self.error.show_error(exc)
        proposed = {v["item"]: v for v in mine}
        for veto in self.model.form.veto_items:
            label, edit, button, state = self.veto_rows[veto.id]
            label.setText(f"{veto.id}  {veto.text.get(lang)}")
            edit.setPlaceholderText(self.tr("事实依据"))
            button.setText(self.tr("提出否决"))
            found = proposed.get(veto.id)
            state.setText(self.tr("已提出") if found else "")
            if found:  # one proposal per item: no second click
                edit.setText(found["evidence"])
                edit.setReadOnly(True)
                button.setEnabled(False)
        if proposed and not self.veto_toggle.isChecked():
            self.veto_toggle.setChecked(True)

    # -- reactions ------------------------------------------------------------------------------
    def _refused(self, index: QModelIndex | QPersistentModelIndex, exc: BaseException) -> None:
        self.table.set_refused()
        self.error.show_error(exc)
        self.window_.statusBar().showMessage(message(exc), 10000)

    def _saved(self, text: str) -> None:
        self.error.clear()
        self.window_.statusBar().showMessage(text, 5000)

    def _update_total(self) -> None:
        if self.model is None:
            self.total.setText("")
            return
        self.total.setText(
            self.tr("合计 {0} / {1} 分    已评 {2} / {3} 项").format(
                _fmt(self.model.total), _fmt(self.model.form.total), self.model.filled, len(self.model.form.items)
            )
        )

    def propose(self, veto_id: str) -> None:
        assert self.membership is not None
        _label, edit, _button, state = self.veto_rows[veto_id]
        try:
            self.window_.backend.propose_veto(self.membership.member_id, veto_id, edit.text())
        except QjscError as exc:
            self.error.show_error(exc)
            return
        state.setText(self.tr("已提出"))
        _button.setEnabled(False)
        edit.setReadOnly(True)
        self.window_.statusBar().showMessage(self.tr("否决项 {0} 已提出，待组长确认").format(veto_id), 8000)

    def undo(self) -> None:
        if self.model is not None:
            self.model.undo_stack.undo()

    def redo(self) -> None:
        if self.model is not None:
            self.model.undo_stack.redo()

    def go_submit(self) -> None:
        assert self.membership is not None
        self.window_.show_submit(self.membership)

    def ask_correction(self) -> None:
        reason, ok = QInputDialog.getText(self, self.tr("更正评分表"), self.tr("请说明更正原因："))
        if ok:
            self.correct(reason)

    def correct(self, reason: str) -> None:
        assert self.model is not None and self.membership is not None
        try:
            self.window_.backend.correct(self.membership.member_id, reason)
        except QjscError as exc:
            self.error.show_error(exc)
            return
        self.model.reload()
        self.window_.statusBar().showMessage(self.tr("已生成更正版本，请修改后重新提交"), 8000)
