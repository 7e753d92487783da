"""The collect dialog and the chair's dashboard as tabs of the chair's workspace.

Both stay usable on their own (MainWindow.open_collect / open_dashboard open them in windows);
here each is held as a plain child widget and rebuilt when the chair picks another acceptance.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from qjsc_panel.services.app import App


class _Holder(QWidget):
    goto = Signal(str)
    changed = Signal()

    def __init__(self, ctx: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.acceptance: str | None = None
        self.inner: QWidget | None = None
        self.lay = QVBoxLayout(self)
        self.lay.setContentsMargins(0, 0, 0, 0)

    def _make(self, uuid: str) -> QWidget:  # overridden
        raise NotImplementedError

    def set_acceptance(self, uuid: str) -> None:
        if uuid == self.acceptance and self.inner is not None:
            self.reload()
            return
        self.acceptance = uuid
        if self.inner is not None:
            self.lay.removeWidget(self.inner)
            self.inner.deleteLater()
        self.inner = self._make(uuid)
        self.lay.addWidget(self.inner)
        self.inner.show()  # setWindowFlags hid it; as a child it shows with the tab

    def reload(self) -> None:
        pass


class CollectTab(_Holder):
    """收取评分表 (:class:`~qjsc_panel.ui.chair.collect.CollectDialog`) inside the workspace."""

    def _make(self, uuid: str) -> QWidget:
        from qjsc_panel.ui.chair.collect import CollectDialog

        dlg = CollectDialog(self.ctx, uuid, self)
        dlg.setWindowFlags(Qt.WindowType.Widget)  # a child widget, not a window of its own
        dlg.close_button.hide()  # the workspace stays; nothing to close
        dlg.collected.connect(self.changed)  # the next step may have moved on (quorum)
        return dlg


class ReviewTab(_Holder):
    """评分汇总: the chair's dashboard inside the workspace, read again whenever shown."""

    def _make(self, uuid: str) -> QWidget:
        from qjsc_panel.ui.dashboard import ChairDashboard

        return ChairDashboard(self.ctx, uuid, self)

    def reload(self) -> None:
        from qjsc_panel.ui.dashboard import ChairDashboard

        if isinstance(self.inner, ChairDashboard):
            self.inner.refresh()
