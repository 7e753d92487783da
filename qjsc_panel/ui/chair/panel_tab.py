"""专家组: the panel from the expert pool, the panel key, enrolment and the invitations.

The pool shows each expert's qualification (第二十条三: 高级职称, or 中级 with ≥ 10 years);
the service refuses an unqualified seat and the refusal shows under the pool.  Bureau and
district staff sit on the panel without scoring.  Enrolment opens the public-key file the
expert exported from 我的公钥 and shows its fingerprint large, to be read aloud face to face and
confirmed before the certificate is issued.  The invitations of every member are written to one
folder at once — only once 初审 and the penalty check are recorded (第二十条).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qjsc_panel.domain.panel import MIN_YEARS_INTERMEDIATE
from qjsc_panel.errors import QjscError
from qjsc_panel.services.app import App
from qjsc_panel.ui import i18n, retranslate
from qjsc_panel.ui.backend import grouped_fingerprint
from qjsc_panel.ui.ops import CollectionOp
from qjsc_panel.ui.secretary.common import fill, selected_key, table
from qjsc_panel.ui.widgets import ErrorLabel

OK_STYLE = "color: #1b5e20; font-weight: bold;"
WAIT_STYLE = "color: #b00020; font-weight: bold;"


class EnrolDialog(QDialog):
    """The fingerprint of the opened public-key file, large, and the chair's confirmation that
    the expert read out the same groups face to face."""

    def __init__(self, member: str, key_name: str, fingerprint: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("enrolDialog")
        self.member, self.key_name = member, key_name
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.fingerprint = QLabel(grouped_fingerprint(fingerprint))
        self.fingerprint.setObjectName("bigFingerprint")
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint.setStyleSheet("font-family: monospace; font-size: 22pt; font-weight: bold; padding: 8px;")
        self.confirm = QCheckBox()
        self.confirm.setObjectName("fingerprintConfirmed")
        # Own buttons, not standard ones: their texts follow the catalogue, never Qt's defaults.
        self.buttons = QDialogButtonBox()
        self.ok = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.ok.setEnabled(False)
        self.confirm.toggled.connect(self.ok.setEnabled)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.hint)
        lay.addWidget(self.fingerprint)
        lay.addWidget(self.confirm)
        lay.addWidget(self.buttons)
        retranslate.register(self, self.retranslate_ui)
        self.confirm.setFocus()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("登记专家公钥"))
        self.hint.setText(
            self.tr(
                "为 <b>{0}</b> 登记公钥文件中的密钥（密钥名：{1}）。请专家在其“我的公钥”页面上逐组念出指纹，"
                "与下面显示的逐组核对。不一致时不要登记：文件可能被调换。"
            ).format(self.member, self.key_name)
        )
        self.confirm.setText(self.tr("已与 {0} 当面逐组核对，指纹一致(&C)").format(self.member))
        self.ok.setText(self.tr("登记(&E)"))
        self.cancel.setText(self.tr("取消"))


class PanelTab(QWidget):
    goto = Signal(str)
    changed = Signal()

    def __init__(self, ctx: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.acceptance: str | None = None
        self.overview: Any = None
        self.busy = False
        self.written: list[Path] = []
        self.gate = QLabel()
        self.gate.setObjectName("panelGate")
        self.gate.setWordWrap(True)

        # -- the pool ------------------------------------------------------------------------
        self.pool_box = QGroupBox()
        self.pool = table(6, "pool")
        self.pool.activated.connect(lambda _i: self.add_selected_expert())
        self.add_expert_button = QPushButton()
        self.add_expert_button.setObjectName("addExpert")
        self.add_expert_button.clicked.connect(lambda: self.add_selected_expert())
        self.staff_role = QComboBox()
        self.staff_role.setObjectName("staffRole")
        self.staff_role.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.staff_name = QLineEdit()
        self.staff_name.setObjectName("staffName")
        self.staff_employer = QLineEdit()
        self.staff_employer.setObjectName("staffEmployer")
        self.add_staff_button = QPushButton()
        self.add_staff_button.setObjectName("addStaff")
        self.add_staff_button.clicked.connect(self.add_staff)
        self.pool_error = ErrorLabel()
        self.pool_error.setObjectName("panelError")
        pl = QVBoxLayout(self.pool_box)
        pl.addWidget(self.pool, 1)
        pl.addWidget(self.add_expert_button)
        staff = QHBoxLayout()
        staff.addWidget(self.staff_role)
        staff.addWidget(self.staff_name, 1)
        staff.addWidget(self.staff_employer, 1)
        staff.addWidget(self.add_staff_button)
        pl.addLayout(staff)
        pl.addWidget(self.pool_error)

        # -- the panel, its key, enrolment, invitations --------------------------------------
        self.panel_box = QGroupBox()
        self.members = table(4, "members")
        self.members.activated.connect(lambda _i: self.enrol_selected())
        self.enrol_button = QPushButton()
        self.enrol_button.setObjectName("enrolButton")
        self.enrol_button.clicked.connect(lambda: self.enrol_selected())
        self.key_state = QLabel()
        self.key_state.setObjectName("panelKeyState")
        self.key_state.setWordWrap(True)
        self.pass_label = QLabel()
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("panelPassphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.pass_label.setBuddy(self.passphrase)
        self.repeat_label = QLabel()
        self.repeat = QLineEdit()
        self.repeat.setObjectName("panelPassphraseRepeat")
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_label.setBuddy(self.repeat)
        self.key_button = QPushButton()
        self.key_button.setObjectName("makePanelKey")
        self.key_button.clicked.connect(self.make_panel_key)
        self.invite_button = QPushButton()
        self.invite_button.setObjectName("writeInvitations")
        self.invite_button.clicked.connect(lambda: self.write_invitations())
        self.done = QLabel()
        self.done.setObjectName("panelDone")
        self.done.setWordWrap(True)
        self.done.setStyleSheet(OK_STYLE)
        self.panel_error = ErrorLabel()
        self.panel_error.setObjectName("panelKeyError")
        keys = QGridLayout()
        keys.addWidget(self.pass_label, 0, 0)
        keys.addWidget(self.passphrase, 0, 1)
        keys.addWidget(self.repeat_label, 1, 0)
        keys.addWidget(self.repeat, 1, 1)
        keys.addWidget(self.key_button, 1, 2)
        ml = QVBoxLayout(self.panel_box)
        ml.addWidget(self.members, 1)
        ml.addWidget(self.key_state)
        ml.addLayout(keys)
        actions = QHBoxLayout()
        actions.addWidget(self.enrol_button)
        actions.addStretch(1)
        actions.addWidget(self.invite_button)
        ml.addLayout(actions)
        ml.addWidget(self.done)
        ml.addWidget(self.panel_error)

        cols = QHBoxLayout()
        cols.addWidget(self.pool_box, 1)
        cols.addWidget(self.panel_box, 1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.gate)
        lay.addLayout(cols, 1)
        retranslate.register(self, self.retranslate_ui)

    # -- texts ---------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.pool_box.setTitle(self.tr("专家库"))
        self.panel_box.setTitle(self.tr("本次验收的专家组"))
        self.pool.setHorizontalHeaderLabels(
            [
                self.tr("姓名"),
                self.tr("职称"),
                self.tr("从业年限"),
                self.tr("评分资格"),
                self.tr("工作单位"),
                self.tr("公钥"),
            ]
        )
        self.members.setHorizontalHeaderLabels(
            [self.tr("姓名"), self.tr("角色"), self.tr("评分资格"), self.tr("公钥指纹")]
        )
        self.add_expert_button.setText(self.tr("把所选专家加入专家组(&A)"))
        keep = self.staff_role.currentData()
        self.staff_role.clear()
        self.staff_role.addItem(self.tr("市工信局（不评分）"), "bureau")
        self.staff_role.addItem(self.tr("区工信部门（不评分）"), "district")
        self.staff_role.setCurrentIndex(max(0, self.staff_role.findData(keep)))
        self.staff_name.setPlaceholderText(self.tr("姓名"))
        self.staff_employer.setPlaceholderText(self.tr("单位"))
        self.add_staff_button.setText(self.tr("加入(&S)"))
        self.pass_label.setText(self.tr("专家组密钥口令(&P)："))
        self.repeat_label.setText(self.tr("再输一遍（仅生成时）(&R)："))
        self.key_button.setText(self.tr("生成专家组密钥(&K)"))
        self.enrol_button.setText(self.tr("登记所选专家的公钥(&E)…"))
        self.invite_button.setText(self.tr("把全部邀请写到文件夹(&W)…"))
        self._fill()

    def level_text(self, level: str | None) -> str:
        return {"senior": self.tr("高级"), "intermediate": self.tr("中级")}.get(level or "", self.tr("其他"))

    def qualification_text(self, qualified: bool, level: str | None, years: int | None) -> str:
        if qualified:
            return self.tr("符合")
        if level == "intermediate":
            return self.tr("不符合：中级职称须从业满 {0} 年").format(MIN_YEARS_INTERMEDIATE)
        return self.tr("不符合：须高级职称或中级职称满 {0} 年").format(MIN_YEARS_INTERMEDIATE)

    @property
    def app(self) -> App:
        """The application in the language shown now: services render refusals in it."""
        self.ctx.lang = i18n.current()
        return self.ctx

    # -- the contract --------------------------------------------------------------------------
    def set_acceptance(self, uuid: str) -> None:
        self.acceptance = uuid
        self.written = []
        self.done.clear()
        self.pool_error.clear()
        self.panel_error.clear()
        self.reload()

    def reload(self) -> None:
        self._fill()

    def _fill(self) -> None:
        from qjsc_panel.domain.formats import role_label
        from qjsc_panel.services import exchange, pool
        from qjsc_panel.services.chair_workspace import overview, seated_expert_ids
        from qjsc_panel.services.status import panel_status

        if self.acceptance is None:
            return
        lang = i18n.current()
        o = self.overview = overview(self.app, self.acceptance)
        st = panel_status(self.app, self.acceptance)
        seated = seated_expert_ids(self.app, self.acceptance)
        rows = [r for r in pool.list_pool(self.app) if r.id not in seated]
        pool_rows = [
            (
                r.name,
                f"{self.level_text(r.title_level)} {r.title}".strip(),
                str(r.years),
                self.qualification_text(r.qualified, r.title_level, r.years),
                r.employer,
                exchange.short_fingerprint(r.key_fingerprint) if r.key_fingerprint else "",
            )
            for r in rows
        ]
        fill(self.pool, pool_rows, [r.id for r in rows], [not r.qualified for r in rows])
        enrolled = (
            {e.member_id: e.fingerprint for e in exchange.enrolments(self.app, o.uuid)} if o.has_panel_key else {}
        )
        member_rows: list[tuple[str, ...]] = []
        for m in st.members:
            role = role_label(m.role, lang) + (self.tr("（组长）") if m.is_chair else "")
            if m.role != "expert":
                qual, fp = self.tr("不评分"), "—"
            else:
                qual = self.qualification_text(m.qualified, m.title_level, m.years)
                if m.recused:
                    qual = self.tr("已回避")
                fp = exchange.short_fingerprint(enrolled[m.id]) if m.id in enrolled else self.tr("未登记")
            member_rows.append((m.name, role, qual, fp))
        fill(
            self.members,
            member_rows,
            [m.id for m in st.members],
            [m.role == "expert" and not m.qualified for m in st.members],
        )
        if o.checks_refusal is None:
            self.gate.setStyleSheet(OK_STYLE)
            self.gate.setText(self.tr("初审和处罚核查均已通过：可以发出验收邀请。"))
        else:
            self.gate.setStyleSheet(WAIT_STYLE)
            self.gate.setText(
                self.tr("{0}。现在可以先组建专家组、登记公钥。").format(o.checks_refusal.render(lang).rstrip("。"))
            )
        if o.has_panel_key:
            self.key_state.setText(
                self.tr("专家组密钥已生成。已登记公钥：{0}/{1} 位评分专家。").format(o.enrolled, o.experts)
            )
        else:
            self.key_state.setText(
                self.tr("尚未生成专家组密钥：评分包将加密给它，邀请由它签发。请设定口令并妥善保管。")
            )
        frozen = o.status == "finalised"
        self.repeat.setEnabled(not o.has_panel_key)
        self.repeat_label.setEnabled(not o.has_panel_key)
        self.key_button.setEnabled(not o.has_panel_key and not frozen and not self.busy)
        self.enrol_button.setEnabled(o.has_panel_key and not frozen and not self.busy)
        self.invite_button.setEnabled(o.checks_refusal is None and o.has_panel_key and not frozen and not self.busy)
        for w in (self.add_expert_button, self.add_staff_button):
            w.setEnabled(not frozen)

    # -- the panel -----------------------------------------------------------------------------
    def add_selected_expert(self, expert_id: int | None = None) -> None:
        from qjsc_panel.services.panel import add_member

        if self.acceptance is None:
            return
        expert_id = expert_id if expert_id is not None else selected_key(self.pool)
        self.pool_error.clear()
        if expert_id is None:
            return
        try:
            add_member(self.app, self.acceptance, expert_id=int(expert_id))
        except QjscError as exc:
            self.pool_error.show_error(exc)
            return
        self._fill()
        self.changed.emit()

    def add_staff(self) -> None:
        from qjsc_panel.services.panel import add_member

        if self.acceptance is None:
            return
        self.pool_error.clear()
        try:
            add_member(
                self.app,
                self.acceptance,
                role=str(self.staff_role.currentData()),
                name=self.staff_name.text().strip(),
                employer=self.staff_employer.text().strip(),
            )
        except QjscError as exc:
            self.pool_error.show_error(exc)
            return
        self.staff_name.clear()
        self.staff_employer.clear()
        self._fill()
        self.changed.emit()

    # -- the panel key, enrolment, invitations (in the background: scrypt and signatures) -------
    def _start(self) -> None:
        self.busy = True
        self.panel_error.clear()
        self.done.clear()
        self._fill()

    def _end(self) -> None:
        self.busy = False
        if self.acceptance is not None:
            self._fill()

    def make_panel_key(self) -> None:
        from qjsc_panel.services.exchange import init_panel_key

        if self.acceptance is None or self.busy:
            return
        passphrase, repeat = self.passphrase.text(), self.repeat.text()
        if len(passphrase) < 8:
            self.panel_error.show_error(QjscError("ui.passphrase_short", n=8))
            return
        if passphrase != repeat:
            self.panel_error.show_error(QjscError("ui.passphrase_mismatch"))
            return
        acc = self.acceptance
        self._start()
        CollectionOp(
            self, lambda _app: init_panel_key(self.app, acc, passphrase), label=self.tr("正在生成专家组密钥")
        ).success(lambda _pub: self._key_made()).failure(self.panel_error.show_error).finally_(
            self._end
        ).run_in_background()

    def _key_made(self) -> None:
        self.repeat.clear()
        self.done.setText(self.tr("专家组密钥已生成。下一步：登记每位专家的公钥。"))
        self.changed.emit()

    def enrol_selected(self, path: Path | None = None, *, confirmed: bool | None = None) -> None:
        """Open the expert's public-key file, show its fingerprint, enrol once confirmed.

        ``path`` and ``confirmed`` stand in for the file dialog and the chair's tick (tests)."""
        from qjsc_panel.services.exchange import enrol

        if self.acceptance is None or self.busy or self.overview is None or not self.overview.has_panel_key:
            return
        member_id = selected_key(self.members)
        self.panel_error.clear()
        if member_id is None:
            self.panel_error.setText(self.tr("请先在专家组中选定一位评分专家"))
            return
        if not self.passphrase.text():
            self.panel_error.setText(self.tr("请输入专家组密钥的口令"))
            self.passphrase.setFocus()
            return
        item = self.members.item(self.members.currentRow(), 0)
        name = item.text() if item is not None else ""
        pem = self._confirmed_key(int(member_id), name, path, confirmed)
        if pem is None:
            return
        acc, passphrase = self.acceptance, self.passphrase.text()
        self._start()
        CollectionOp(
            self, lambda _app: enrol(self.app, acc, str(member_id), pem, passphrase), label=self.tr("正在登记公钥")
        ).success(lambda e: self._enrolled(name, e.fingerprint)).failure(self.panel_error.show_error).finally_(
            self._end
        ).run_in_background()

    def _confirmed_key(self, member_id: int, name: str, path: Path | None, confirmed: bool | None) -> bytes | None:
        """The public key to enrol, once its fingerprint is confirmed (None: not now)."""
        from qjsc_panel.services.chair_workspace import public_key_fingerprint

        if path is None and self.ctx.key is not None and self._own_chair_row(member_id):
            # The chair's own key is the one unlocked in this session: no file, nothing to compare.
            return self.ctx.key.public_pem.encode("ascii")
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self, self.tr("打开专家的公钥文件"), "", self.tr("公钥 (*.pem);;所有文件 (*)")
            )
            if not chosen:
                return None
            path = Path(chosen)
        try:
            fingerprint, pem = public_key_fingerprint(path)
        except QjscError as exc:
            self.panel_error.show_error(exc)
            return None
        if confirmed is None:
            self.enrol_dialog = EnrolDialog(name, path.stem, fingerprint, self)
            confirmed = bool(self.enrol_dialog.exec())
            if not confirmed:
                return None
        if not confirmed:
            self.panel_error.show_error(QjscError("chair_ws.fingerprint_unconfirmed"))
            return None
        return pem

    def _own_chair_row(self, member_id: int) -> str | None:
        """The session key's fingerprint when ``member_id`` is the chair bearing that key."""
        from qjsc_panel.services.status import panel_status

        if self.ctx.key is None or self.acceptance is None:
            return None
        m = panel_status(self.app, self.acceptance).member(member_id)
        return self.ctx.key.fingerprint if m.is_chair and m.fingerprint == self.ctx.key.fingerprint else None

    def _enrolled(self, name: str, fingerprint: str) -> None:
        from qjsc_panel.services.exchange import short_fingerprint

        self.done.setText(self.tr("已登记 {0} 的公钥（{1}）").format(name, short_fingerprint(fingerprint)))
        self.changed.emit()

    def write_invitations(self, folder: Path | None = None) -> None:
        from qjsc_panel.services.chair_workspace import write_invitations

        if self.acceptance is None or self.busy:
            return
        if not self.passphrase.text():
            self.panel_error.setText(self.tr("请输入专家组密钥的口令"))
            self.passphrase.setFocus()
            return
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(self, self.tr("选择写入邀请的文件夹（U 盘）"))
            if not chosen:
                return
            folder = Path(chosen)
        acc, passphrase = self.acceptance, self.passphrase.text()
        self._start()
        CollectionOp(
            self, lambda _app: write_invitations(self.app, acc, passphrase, folder), label=self.tr("正在写出验收邀请")
        ).success(self._invited).failure(self.panel_error.show_error).finally_(self._end).run_in_background()

    def _invited(self, paths: list[Path]) -> None:
        self.written = list(paths)
        folder = paths[0].parent if paths else ""
        self.done.setText(self.tr("已写出 {0} 份验收邀请到 {1}").format(len(paths), folder))
        self.done.setToolTip("\n".join(p.name for p in paths))
        self.changed.emit()
