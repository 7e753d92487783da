"""The main window: menus, a stack of screens, the status bar, the language switch.

Screens are built on first use; the backend (database, services) is opened by
:meth:`MainWindow.start_backend` after the window is on screen.  Background operations
(:mod:`qjsc_panel.ui.ops`) are counted by ``self.ops``: logout and close wait for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QLabel, QMainWindow, QProgressBar, QStackedWidget, QWidget

from qjsc_panel.services.app import App
from qjsc_panel.ui import i18n, retranslate, settings
from qjsc_panel.ui.backend import Backend, Membership, message
from qjsc_panel.ui.ops import OpRunner, set_default_runner

if TYPE_CHECKING:  # event and key types: importing them builds large enums before the first frame
    from PySide6.QtGui import QCloseEvent, QPaintEvent


class MainWindow(QMainWindow):
    first_painted = Signal()  # the entry point loads the backend after this, not before
    backend_ready = Signal()  # form and database loaded, the login screen is up

    def __init__(self, app: App) -> None:
        """``app``: the application object the entry point built (nothing is opened yet)."""
        super().__init__()
        self._painted = False
        self.setObjectName("MainWindow")
        self.backend = Backend(app)
        self._screens: dict[str, QWidget] = {}
        self._dashboards: list[QWidget] = []
        self.stack = QStackedWidget(self)
        self.setCentralWidget(self.stack)
        self._loading = QLabel(self.stack)
        # Centred by style sheet: importing the Qt namespace costs ~14 ms before the first paint.
        self._loading.setStyleSheet("qproperty-alignment: AlignCenter; font-size: 16pt;")
        self.stack.addWidget(self._loading)
        self.ops = OpRunner(lambda: self.backend, self)
        set_default_runner(self.ops)
        self._held: list[str] = []  # "logout" / "close", run when the last operation ends
        self.busy = QProgressBar()
        self.busy.setObjectName("busy")
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(160)
        self.busy.hide()
        self.statusBar().addPermanentWidget(self.busy)
        self.ops.changed.connect(self._ops_changed)
        self.ops.idle.connect(self._run_held)
        self._build_menus()
        retranslate.register(self, self.retranslate_ui)
        self.resize(1100, 760)

    # -- menus and language -----------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.act_import = QAction(self)
        self.act_import.triggered.connect(lambda: self.page("home").import_invitation())
        self.act_logout = QAction(self)
        self.act_logout.triggered.connect(self.logout)
        self.act_dashboard = QAction(self)
        self.act_dashboard.triggered.connect(lambda: self.open_dashboard())
        self.act_my_key = QAction(self)
        self.act_my_key.triggered.connect(self.show_my_key)
        self.act_collect = QAction(self)
        self.act_collect.triggered.connect(lambda: self.open_collect())
        self.act_secretary = QAction(self)
        self.act_secretary.triggered.connect(lambda: self.open_secretary())
        # chairws: the chair's workspace, a page of this window
        self.act_chair = QAction(self)
        self.act_chair.triggered.connect(lambda: self.show_chair_workspace())
        self.act_new_acceptance = QAction(self)
        self.act_new_acceptance.triggered.connect(lambda: self.show_chair_workspace(new=True))
        self.act_quit = QAction(self)
        self.act_quit.triggered.connect(self.close)
        self.act_sign_opinion = QAction(self)  # signround: the expert signs the opinion
        self.act_sign_opinion.triggered.connect(self.show_sign_opinion)
        for act in (
            self.act_import,
            self.act_sign_opinion,
            self.act_my_key,
            self.act_chair,
            self.act_new_acceptance,
            self.act_dashboard,
            self.act_collect,
            self.act_secretary,
            self.act_logout,
        ):
            self.file_menu.addAction(act)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_quit)
        self.edit_menu = bar.addMenu("")
        self.lang_menu = bar.addMenu("")
        group = QActionGroup(self)
        self.lang_actions: dict[str, QAction] = {}
        for lang, label in (("zh", "中文"), ("en", "English")):
            act = QAction(self)
            act.setText(label)
            act.setCheckable(True)
            act.setChecked(lang == i18n.current())
            act.triggered.connect(lambda _=False, lang=lang: self.set_language(lang))
            group.addAction(act)
            self.lang_menu.addAction(act)
            self.lang_actions[lang] = act
        self.help_menu = bar.addMenu("")
        self.act_about = QAction(self)
        self.act_about.triggered.connect(self.about)
        self.help_menu.addAction(self.act_about)
        # trust: a profile still on the shared database moves into its own encrypted one
        from qjsc_panel.ui.private_db_action import PrivateDbAction

        self.act_private_db = PrivateDbAction(self)
        self.act_login_state = False
        self._update_actions()

    def _set_shortcuts(self) -> None:
        from PySide6.QtGui import QKeySequence

        # After the first frame: resolving a key sequence makes PySide build the large Qt.Key
        # and related enums, about a tenth of a second that the first frame need not wait for.
        self.act_import.setShortcut(QKeySequence.StandardKey.Open)
        self.act_logout.setShortcut(QKeySequence("Ctrl+L"))
        self.act_dashboard.setShortcut(QKeySequence("Ctrl+Shift+D"))
        self.act_chair.setShortcut(QKeySequence("Ctrl+D"))
        self.act_new_acceptance.setShortcut(QKeySequence("Ctrl+N"))
        self.act_quit.setShortcut(QKeySequence.StandardKey.Quit)
        self.act_my_key.setShortcut(QKeySequence("Ctrl+K"))
        self.act_collect.setShortcut(QKeySequence("Ctrl+Shift+I"))
        self.act_secretary.setShortcut(QKeySequence("Ctrl+Shift+S"))

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("清洁生产审核验收 · 专家评分"))
        self._loading.setText(self.tr("正在加载……"))
        self.file_menu.setTitle(self.tr("文件(&F)"))
        self.act_import.setText(self.tr("导入验收邀请(&I)…"))
        self.act_logout.setText(self.tr("退出登录(&L)"))
        self.act_dashboard.setText(self.tr("评分汇总（单独窗口）(&D)…"))
        self.act_chair.setText(self.tr("组长工作台(&W)"))
        self.act_new_acceptance.setText(self.tr("新建验收(&N)…"))
        self.act_collect.setText(self.tr("收取评分表(&C)…"))
        self.act_my_key.setText(self.tr("我的公钥(&K)…"))
        self.act_secretary.setText(self.tr("秘书工作台(&S)…"))
        self.act_sign_opinion.setText(self.tr("签署验收意见(&G)…"))
        self.act_quit.setText(self.tr("退出(&Q)"))
        self.edit_menu.setTitle(self.tr("编辑(&E)"))
        self.lang_menu.setTitle(self.tr("语言 / Language"))
        self.help_menu.setTitle(self.tr("帮助(&H)"))
        self.act_about.setText(self.tr("关于(&A)"))

    def set_language(self, lang: str) -> None:
        self.statusBar().clearMessage()  # a notice in the old language would linger
        if not i18n.switch(lang):
            self.statusBar().showMessage("English translation file missing; staying in Chinese")
        settings.set_language(i18n.current(), self.backend.app.home)
        self.lang_actions[i18n.current()].setChecked(True)

    def open_dashboard(self, acceptance: str | None = None) -> QWidget | None:
        """The chair's dashboard for one acceptance held in this laptop's database, in a
        window of its own so the chair can keep it beside the scoring screens."""
        from PySide6.QtWidgets import QInputDialog

        from qjsc_panel.ui.dashboard import ChairDashboard

        # Only acceptances this profile's key chairs: an expert, or a profile that merely
        # bears the chair's name, gets no chair dashboard.
        rows = self.backend.chaired()
        if acceptance is not None and acceptance not in {r["uuid"] for r in rows}:
            rows = []
        if not rows:
            self.statusBar().showMessage(self.tr("当前登录的密钥不是任何验收的组长密钥"))
            return None
        if acceptance is None:
            labels = [f"{r['visit_date']}  {r['enterprise']}  ({r['uuid'][:8]})" for r in rows]
            label, ok = QInputDialog.getItem(
                self, self.tr("组长工作台"), self.tr("选择验收："), labels, len(labels) - 1, False
            )
            if not ok:
                return None
            acceptance = rows[labels.index(label)]["uuid"]
        view = ChairDashboard(self.backend.ctx, acceptance)
        view.setWindowTitle(self.tr("组长工作台"))
        view.resize(1100, 720)
        view.show()
        self._dashboards.append(view)
        return view

    def _choose_chaired(self, acceptance: str | None) -> str | None:
        """One acceptance this profile's key chairs (asked for when there are several)."""
        from PySide6.QtWidgets import QInputDialog

        rows = self.backend.chaired()
        if acceptance is not None:
            return acceptance if acceptance in {r["uuid"] for r in rows} else None
        if len(rows) == 1:
            return str(rows[0]["uuid"])
        if not rows:
            return None
        labels = [f"{r['visit_date']}  {r['enterprise']}  ({r['uuid'][:8]})" for r in rows]
        label, ok = QInputDialog.getItem(
            self, self.tr("组长工作台"), self.tr("选择验收："), labels, len(labels) - 1, False
        )
        return str(rows[labels.index(label)]["uuid"]) if ok else None

    def open_collect(self, acceptance: str | None = None) -> QWidget | None:
        """收取评分表: packages and Excel sheets for an acceptance this key chairs."""
        from qjsc_panel.ui.chair.collect import CollectDialog

        chosen = self._choose_chaired(acceptance)
        if chosen is None:
            self.statusBar().showMessage(self.tr("当前登录的密钥不是任何验收的组长密钥"))
            return None
        dlg = CollectDialog(self.backend.ctx, chosen, self)
        dlg.show()
        self._dashboards.append(dlg)
        return dlg

    def open_secretary(self) -> QWidget:
        """The secretary's workspace (registries, plan, draw, archive, backup) in its own window."""
        from qjsc_panel.ui.secretary.workspace import SecretaryWorkspace

        view = SecretaryWorkspace(self.backend.ctx, self.backend.app.home, self.ops)  # logout and close wait
        view.resize(1280, 760)
        view.show()
        self._dashboards.append(view)
        return view

    def about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self,
            self.tr("关于"),
            self.tr(
                "深圳市自愿性清洁生产审核验收专家评分工具\n"
                "依据深工信规〔2025〕5号。\n界面字体：QJSC Sans UI，取自 Noto Sans CJK SC（SIL OFL 1.1）。"
            ),
        )

    # -- state -------------------------------------------------------------------------------
    def restore_state(self) -> None:
        s = settings.settings()
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = s.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def save_state(self) -> None:
        s = settings.settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self._set_shortcuts)
            self.first_painted.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._hold("close"):
            event.ignore()  # the database stays open under the running operation
            return
        self.save_state()
        self.backend.close()
        super().closeEvent(event)

    # -- background operations -----------------------------------------------------------------
    def _ops_changed(self, running: int) -> None:
        self.busy.setVisible(running > 0)
        labels = [text for text in self.ops.labels.values() if text]
        self.busy.setToolTip("\n".join(labels))

    def _hold(self, action: str) -> bool:
        """True when ``action`` must wait for running operations (it runs when they end)."""
        if not self.ops.running:
            return False
        if action not in self._held:
            self._held.append(action)
        self.act_logout.setEnabled(False)
        self.statusBar().showMessage(self.tr("正在等待 {0} 项操作完成……").format(self.ops.running))
        return True

    def _run_held(self) -> None:
        held, self._held = self._held, []
        self._update_actions()
        if "close" in held:
            self.close()
        elif "logout" in held:
            self.logout()

    # -- navigation --------------------------------------------------------------------------
    def start_backend(self) -> None:
        """Load the form and the database behind the shown window, then show the login screen."""
        from qjsc_panel.ui import crash, fonts

        missing = fonts.register_fonts(fonts.BOLD)
        if missing:
            crash.write_log("bundled font missing", "\n".join(missing))
        self.backend.default_form()
        _ = self.backend.ctx  # opens (and if needed migrates) the database
        self.show_login()
        self.backend_ready.emit()

    def page(self, name: str) -> Any:
        widget = self._screens.get(name)
        if widget is None:
            widget = self._make_screen(name)
            self._screens[name] = widget
            self.stack.addWidget(widget)
        return widget

    def _make_screen(self, name: str) -> QWidget:
        if name == "login":
            from qjsc_panel.ui.screens.login import LoginScreen

            return LoginScreen(self)
        if name == "home":
            from qjsc_panel.ui.screens.home import HomeScreen

            return HomeScreen(self)
        if name == "profile":
            from qjsc_panel.ui.screens.profile import ProfileScreen

            return ProfileScreen(self)
        if name == "mykey":
            from qjsc_panel.ui.screens.mykey import MyKeyScreen

            return MyKeyScreen(self)
        if name == "declaration":
            from qjsc_panel.ui.screens.declaration import DeclarationScreen

            return DeclarationScreen(self)
        if name == "chair":
            from qjsc_panel.ui.chair.workspace import ChairWorkspace

            workspace = ChairWorkspace(self.backend.ctx, self)
            workspace.acceptance_changed.connect(lambda _uuid: self._update_actions())
            return workspace
        if name == "scoring":
            from qjsc_panel.ui.screens.scoring import ScoringScreen

            return ScoringScreen(self)
        if name == "submit":
            from qjsc_panel.ui.screens.submit import SubmitScreen

            return SubmitScreen(self)
        if name == "sign_opinion":
            from qjsc_panel.ui.screens.sign_opinion import SignOpinionScreen

            screen = SignOpinionScreen(self.backend.ctx)
            screen.back.connect(self.show_home)
            return screen
        raise KeyError(name)

    def _show(self, name: str) -> Any:
        widget = self.page(name)
        self.stack.setCurrentWidget(widget)
        self._update_actions()
        return widget

    def current_page(self) -> QWidget | None:
        return self.stack.currentWidget()

    def _update_actions(self) -> None:
        logged_in = self.backend.profile is not None
        self.act_import.setEnabled(logged_in)
        self.act_logout.setEnabled(logged_in)
        self.act_my_key.setEnabled(logged_in)
        self.act_sign_opinion.setEnabled(logged_in)
        chair = bool(logged_in and self.backend.chaired())
        self.act_dashboard.setVisible(chair)
        self.act_collect.setVisible(chair)
        self.act_chair.setVisible(chair)
        self.act_new_acceptance.setVisible(logged_in)

    def show_login(self) -> None:
        # Every way back to the login screen drops the other expert's screens: nothing of
        # one expert's sheet survives in a widget the next expert could see.
        for name in [n for n in self._screens if n != "login"]:
            widget = self._screens.pop(name)
            self.stack.removeWidget(widget)
            widget.deleteLater()
        self._show("login").reload()

    def logout(self) -> None:
        if self._hold("logout"):
            return
        self.backend.logout()
        self.show_login()
        self.statusBar().showMessage(self.tr("已退出登录"), 5000)

    def show_home(self) -> None:
        self._show("home").reload()

    def show_chair_workspace(self, *, new: bool = False) -> Any:
        """组长工作台: the acceptances this key chairs, or (none yet, or ``new``) 新建验收."""
        if self.backend.profile is None:
            return None
        page = self._show("chair")
        page.reload()
        if new or page.acceptance is None:
            page.new_acceptance()
        return page

    def show_my_key(self) -> None:
        self._show("mykey").reload()

    def show_sign_opinion(self) -> None:
        self._show("sign_opinion")

    def open_membership(self, m: Membership) -> None:
        """Route to the step this expert is at: profile and declaration, recusal, or scoring.

        A recused expert only ever reaches the declaration screen with its recusal notice.
        """
        if not m.declared:
            self._show("profile").load(m)
        elif m.recused:
            self._show("declaration").load(m)
        else:
            self._show("scoring").load(m)

    def show_declaration(self, m: Membership) -> None:
        self._show("declaration").load(m)

    def reopen(self, m: Membership) -> None:
        """Open the same acceptance again with fresh state from the database."""
        fresh = next((x for x in self.backend.memberships() if x.member_id == m.member_id), m)
        self.open_membership(fresh)

    def show_submit(self, m: Membership) -> None:
        self._show("submit").load(m)

    def show_error(self, exc: BaseException) -> None:
        self.statusBar().showMessage(message(exc), 10000)

    def later(self, fn: Any) -> None:
        QTimer.singleShot(0, fn)
