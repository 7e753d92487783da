"""文件 → 把我的数据移入加密数据库: for a profile still on the laptop's shared plain database.

Profiles made since per-profile databases exist open their own encrypted file at login
(:mod:`qjsc_panel.services.private_db`); an installation from before keeps its data in the
shared file until the expert asks to move it — this action.  Shown enabled only then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

from qjsc_panel.errors import QjscError
from qjsc_panel.ui import retranslate

if TYPE_CHECKING:
    from qjsc_panel.ui.main_window import MainWindow


class PrivateDbAction(QAction):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("privateDbAction")
        self.window_ = window
        self.triggered.connect(self.move)
        window.file_menu.aboutToShow.connect(self.refresh)
        window.file_menu.insertAction(window.act_logout, self)
        retranslate.register(self, self.retranslate_ui)
        self.refresh()

    def retranslate_ui(self) -> None:
        self.setText(self.tr("加密我的数据(&P)…"))

    def refresh(self) -> None:
        b = self.window_.backend
        self.setEnabled(b.profile is not None and not b.private and not b.app.db_chosen)

    def move(self) -> None:
        self.refresh()
        if not self.isEnabled():
            return
        bar = self.window_.statusBar()
        try:
            path = self.window_.backend.make_private()
        except QjscError as exc:
            from qjsc_panel.ui.backend import message

            bar.showMessage(message(exc), 10000)
            return
        self.refresh()
        bar.showMessage(self.tr("已移入本人的加密数据库：{0}").format(str(path)), 10000)
        self.window_.show_home()
