"""The opinion by the sections of domain.md §5: 一 to 六 editable (prefilled from the record and the
绩效表), the opening and 七、验收结论 computed from the scores and vetoes and shown locked.

Saving goes through :func:`qjsc_panel.services.opinion.edit_opinion`, which refuses a section
that states a result the scores contradict; a section left equal to its prefilled text keeps
following the record (it is stored as "not edited").
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from qjsc_panel.errors import QjscError
from qjsc_panel.services.context import Ctx
from qjsc_panel.services.opinion_draft import SECTIONS, Draft
from qjsc_panel.ui import retranslate
from qjsc_panel.ui.chair.performance_models import Refusal

LOCKED_STYLE = "QPlainTextEdit, QLabel#locked { background: #eeeeee; color: #333; border: 1px solid #ccc; }"


def _locked_text() -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setReadOnly(True)
    box.setObjectName("locked")
    box.setTabChangesFocus(True)
    box.setStyleSheet(LOCKED_STYLE)
    box.setFrameShape(QFrame.Shape.NoFrame)
    return box


class OpinionEditor(QWidget):
    changed = Signal()  # a section or the organiser was typed in (the preview follows)
    saved = Signal()

    def __init__(self, ctx: Ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("OpinionEditor")
        self.ctx = ctx
        self.acceptance = ""
        self.current: Draft | None = None
        self.loading = False
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.organiser_label = QLabel()
        self.organiser = QLineEdit()
        self.organiser.textEdited.connect(self._edited)
        self.organiser_label.setBuddy(self.organiser)
        self.opening_box = QGroupBox()
        self.opening = _locked_text()
        self.opening.setFixedHeight(140)
        QVBoxLayout(self.opening_box).addWidget(self.opening)

        self.titles: dict[str, QLabel] = {}
        self.edits: dict[str, QPlainTextEdit] = {}
        self.restore: dict[str, QPushButton] = {}
        self.marks: dict[str, QLabel] = {}
        sections = QWidget()
        grid = QVBoxLayout(sections)
        grid.setContentsMargins(0, 0, 0, 0)
        for key, _title in SECTIONS:
            title, edit, restore, mark = QLabel(), QPlainTextEdit(), QPushButton(), QLabel()
            title.setStyleSheet("font-weight: bold;")
            title.setBuddy(edit)
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(96 if key != "issues" else 120)
            edit.textChanged.connect(self._edited)
            mark.setStyleSheet("color: #666;")
            restore.clicked.connect(lambda _=False, k=key: self.restore_prefill(k))
            head = QHBoxLayout()
            head.addWidget(title)
            head.addWidget(mark)
            head.addStretch(1)
            head.addWidget(restore)
            grid.addLayout(head)
            grid.addWidget(edit)
            self.titles[key], self.edits[key], self.restore[key], self.marks[key] = title, edit, restore, mark

        self.conclusion_box = QGroupBox()
        self.score_label, self.score = QLabel(), QLabel()
        self.result_label, self.result = QLabel(), QLabel()
        for value in (self.score, self.result):
            value.setObjectName("locked")
            value.setStyleSheet("font-weight: bold; font-size: 13pt;")
        self.provisional = QLabel()
        self.provisional.setWordWrap(True)
        self.provisional.setStyleSheet("color: #9a6700;")
        self.conclusion = _locked_text()
        self.conclusion.setFixedHeight(110)
        cgrid = QGridLayout(self.conclusion_box)
        cgrid.addWidget(self.score_label, 0, 0)
        cgrid.addWidget(self.score, 0, 1)
        cgrid.addWidget(self.result_label, 0, 2)
        cgrid.addWidget(self.result, 0, 3)
        cgrid.setColumnStretch(4, 1)
        cgrid.setHorizontalSpacing(12)
        cgrid.addWidget(self.provisional, 1, 0, 1, 5)
        cgrid.addWidget(self.conclusion, 2, 0, 1, 5)

        body = QWidget()
        lay = QVBoxLayout(body)
        lay.addWidget(self.heading)
        orow = QHBoxLayout()
        orow.addWidget(self.organiser_label)
        orow.addWidget(self.organiser, 1)
        lay.addLayout(orow)
        lay.addWidget(self.opening_box)
        lay.addWidget(sections)
        lay.addWidget(self.conclusion_box)
        lay.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.error = Refusal()
        self.note = QLabel()
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save)
        actions = QHBoxLayout()
        actions.addWidget(self.save_button)
        actions.addWidget(self.note, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll, 1)
        outer.addWidget(self.error)
        outer.addLayout(actions)
        retranslate.register(self, self.retranslate_ui)

    def section_title(self, key: str) -> str:
        return {
            "overview": self.tr("一、企业概况"),
            "process": self.tr("二、审核过程"),
            "measures": self.tr("三、方案实施情况"),
            "performance": self.tr("四、清洁生产绩效"),
            "level": self.tr("五、清洁生产水平"),
            "issues": self.tr("六、存在问题及建议"),
        }[key]

    def retranslate_ui(self) -> None:
        self.organiser_label.setText(self.tr("组织单位(&O)："))
        self.opening_box.setTitle(self.tr("开头段（根据验收记录自动生成，不能修改）"))
        for key, _t in SECTIONS:
            self.titles[key].setText(self.section_title(key))
            self.restore[key].setText(self.tr("恢复自动生成的文字"))
        self.conclusion_box.setTitle(self.tr("七、验收结论（由评分和否决项计算，不能修改）"))
        self.score_label.setText(self.tr("综合得分："))
        self.result_label.setText(self.tr("结论："))
        self.save_button.setText(self.tr("保存验收意见(&S)"))
        self.organiser.setPlaceholderText(self.current.organiser_default if self.current else "")
        self._show_marks()
        self._show_result()

    # -- loading ----------------------------------------------------------------------------------
    def set_acceptance(self, uuid: str) -> None:
        self.acceptance = uuid
        self.load()

    def load(self) -> None:
        from qjsc_panel.services.opinion_draft import draft

        self.error.clear()
        if not self.acceptance:
            return
        d = draft(self.ctx, self.acceptance)
        self.current = d
        self.loading = True
        try:
            self.heading.setText(d.title)
            self.organiser.setText(d.organiser)
            self.organiser.setPlaceholderText(d.organiser_default)
            self.opening.setPlainText(d.opening)
            self.conclusion.setPlainText(d.conclusion)
            for s in d.sections:
                self.edits[s.key].setPlainText(s.body)
                self.edits[s.key].setReadOnly(d.finalised)
            self.organiser.setReadOnly(d.finalised)
            self.save_button.setEnabled(not d.finalised)
        finally:
            self.loading = False
        self._show_marks()
        self._show_result()

    def _show_result(self) -> None:
        d = self.current
        if d is None:
            return
        self.score.setText(d.composite or "—")
        words = {"pass": self.tr("合格"), "fail": self.tr("不合格")}
        grades = {"excellent": self.tr("优秀"), "good": self.tr("良好")}
        text = words.get(d.result or "", self.tr("未定"))
        if d.result == "pass" and d.grade:
            text = self.tr("{0}（{1}）").format(text, grades.get(d.grade, d.grade))
        self.result.setText(text)
        self.provisional.setText(
            self.tr("已定稿，验收意见不能再修改。")
            if d.finalised
            else self.tr("暂定：尚有未完成的定稿条件（见“定稿清单”），得分和结论仍可能变化。")
            if d.provisional
            else ""
        )
        self.provisional.setVisible(bool(self.provisional.text()))

    def _show_marks(self) -> None:
        d = self.current
        if d is None:
            return
        for s in d.sections:
            typed = self.edits[s.key].toPlainText().strip()
            self.marks[s.key].setText(self.tr("（自动生成）") if typed == s.prefilled.strip() else self.tr("（已修改）"))
            self.restore[s.key].setEnabled(typed != s.prefilled.strip() and not d.finalised)

    # -- editing ----------------------------------------------------------------------------------
    def _edited(self, *_args: object) -> None:
        if self.loading:
            return
        self._show_marks()
        self.changed.emit()

    def restore_prefill(self, key: str) -> None:
        if self.current is None:
            return
        prefilled = next(s.prefilled for s in self.current.sections if s.key == key)
        self.edits[key].setPlainText(prefilled)

    def typed_sections(self) -> dict[str, str]:
        """Every section as typed; "" where it equals the prefilled text (keeps following it)."""
        if self.current is None:
            return {}
        out = {}
        for s in self.current.sections:
            typed = self.edits[s.key].toPlainText().strip()
            out[s.key] = "" if typed == s.prefilled.strip() else typed
        return out

    def pending(self) -> dict[str, str]:
        """The sections whose typed text differs from what is stored."""
        if self.current is None:
            return {}
        stored = {s.key: s.edited or "" for s in self.current.sections}
        return {k: v for k, v in self.typed_sections().items() if v != stored[k].strip()}

    def save(self) -> bool:
        from qjsc_panel.services.opinion import edit_opinion

        if self.current is None:
            return False
        organiser = self.organiser.text().strip()
        changed_org = organiser != self.current.organiser
        try:
            edit_opinion(self.ctx, self.acceptance, self.pending(), organiser if changed_org else None)
        except QjscError as exc:
            self.error.show_error(exc)
            return False
        self.load()
        self.note.setText(self.tr("验收意见已保存。"))
        self.saved.emit()
        return True
