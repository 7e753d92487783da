"""Background operations with an owner, in the manner of Anki's ``CollectionOp``.

An operation is a function of the application object as the app holds it (the
:class:`~qjsc_panel.ui.backend.Backend`: the :class:`~qjsc_panel.services.app.App` plus who is
logged in; ``backend.app`` is the App), never a closure over widgets: it runs in the thread
pool and its result comes back to the UI thread.  The :class:`OpRunner` (one per main window)
counts running operations and says when it is idle, so the window can hold logout, close and
quit until they end.  Callbacks only run while their parent widget is alive.  A refusal
(:class:`QjscError`) goes to the failure callback; anything else is a programming error:
logged with its traceback and shown in the crash dialog (:func:`qjsc_panel.ui.crash.report`).

    CollectionOp(self, lambda app: app.submit(acc, member, passphrase, folder)) \\
        .success(self._written).failure(self._refused).run_in_background()
"""

from __future__ import annotations

import gc
import itertools
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtWidgets import QWidget

from qjsc_panel.errors import QjscError

T = TypeVar("T")


class _Relay(QObject):
    """Lives in the UI thread; the worker's emits are queued to it.  Only the operation's id
    crosses threads in the signal: the result waits in ``results`` (plain Python, under the
    GIL), so no Python object is wrapped, queued and released by Qt outside the GIL's order."""

    finished = Signal(int)  # operation id; its (succeeded, result or exception) is in results

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.results: dict[int, tuple[bool, object]] = {}


_running_everywhere = 0  # operations running under any runner (all counted in the UI thread)


def _hold_gc(delta: int) -> None:
    """No automatic garbage collection while any operation runs, collected once when the last
    ends.  The full test suite crashed twice in the cyclic collector (UI thread) while an
    operation ran pyHanko on a pool thread; the cause is not found, so the collector and the
    workers never run at the same time (as Anki keeps collection on its main thread)."""
    global _running_everywhere
    _running_everywhere += delta
    if delta > 0 and _running_everywhere == 1:
        gc.disable()
    elif _running_everywhere == 0:
        gc.enable()
        gc.collect()


def _run_job(op_id: int, fn: Callable[[], Any], relay: _Relay) -> None:
    """Runs on a pool thread; the result goes back to the UI thread through ``relay``."""
    try:
        outcome: tuple[bool, object] = (True, fn())
    except BaseException as exc:  # handed to the UI thread: refusal or crash report there
        outcome = (False, exc)
    relay.results[op_id] = outcome
    relay.finished.emit(op_id)


class OpRunner(QObject):
    """Counts the running operations of one application object; ``idle`` when none is left."""

    changed = Signal(int)  # number of running operations
    idle = Signal()

    def __init__(self, app: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._app = app  # the application object, looked up when an operation starts
        self._relay = _Relay(self)
        self._relay.finished.connect(self._finished)
        self._ids = itertools.count(1)
        self._ops: dict[int, CollectionOp[Any]] = {}
        self.labels: dict[int, str] = {}

    @property
    def running(self) -> int:
        return len(self._ops)

    def start(self, op: CollectionOp[Any]) -> int:
        op_id = next(self._ids)
        app = self._app()
        self._ops[op_id] = op
        self.labels[op_id] = op.label
        self.changed.emit(self.running)
        # A plain callable, not a Python QRunnable subclass: Qt deletes an auto-deleting runnable
        # after run(), and the cyclic garbage collector later freeing its Python wrapper again
        # crashed the app (segfault in "Garbage-collecting" while another operation ran).
        relay = self._relay
        _hold_gc(+1)
        QThreadPool.globalInstance().start(lambda: _run_job(op_id, lambda: op.fn(app), relay))
        return op_id

    def _finished(self, op_id: int) -> None:
        ok, value = self._relay.results.pop(op_id)
        op = self._ops.pop(op_id)
        _hold_gc(-1)
        self.labels.pop(op_id, None)
        try:
            op.deliver(ok, value)
        finally:
            self.changed.emit(self.running)
            if not self._ops:
                self.idle.emit()

    def wait(self, timeout_ms: int = -1) -> bool:
        """Block until the pool is done (tests, and quitting after the user chose to wait)."""
        return QThreadPool.globalInstance().waitForDone(timeout_ms)


_default: OpRunner | None = None


def set_default_runner(runner: OpRunner) -> None:
    """The main window's runner also serves windows of their own (a dashboard beside it)."""
    global _default
    _default = runner


def runner_for(parent: QWidget) -> OpRunner:
    """The runner of the parent's main window, else the main window's registered default."""
    for owner in (parent.window(), getattr(parent, "window_", None)):
        found = getattr(owner, "ops", None)
        if isinstance(found, OpRunner):
            return found
    # A runner left by a window that is gone (its relay deleted with it) must not be reused.
    if _default is None or not (shiboken6.isValid(_default) and shiboken6.isValid(_default._relay)):
        raise LookupError("no main window runs operations for this widget")
    return _default


class CollectionOp(Generic[T]):
    """One background operation on the application object, owned by ``parent``."""

    def __init__(self, parent: QWidget, fn: Callable[[Any], T], *, label: str = "") -> None:
        self.parent = parent
        self.fn = fn
        self.label = label
        self._success: Callable[[T], None] | None = None
        self._failure: Callable[[QjscError], None] | None = None
        self._finally: Callable[[], None] | None = None

    def success(self, fn: Callable[[T], None]) -> CollectionOp[T]:
        self._success = fn
        return self

    def failure(self, fn: Callable[[QjscError], None]) -> CollectionOp[T]:
        """Called with a refusal; without one, the refusal goes to the status bar."""
        self._failure = fn
        return self

    def finally_(self, fn: Callable[[], None]) -> CollectionOp[T]:
        """Called after success, refusal or crash (re-enable a button, hide a bar)."""
        self._finally = fn
        return self

    def run_in_background(self) -> int:
        return runner_for(self.parent).start(self)

    def deliver(self, ok: bool, value: object) -> None:
        alive = shiboken6.isValid(self.parent)
        try:
            if ok:
                if alive and self._success is not None:
                    self._success(value)  # type: ignore[arg-type]
            elif isinstance(value, QjscError):
                if alive:
                    self._refused(value)
            elif isinstance(value, Exception):
                from qjsc_panel.ui import crash

                crash.report(value)
            elif isinstance(value, BaseException):
                raise value
        finally:
            if alive and self._finally is not None:
                self._finally()

    def _refused(self, exc: QjscError) -> None:
        if self._failure is not None:
            self._failure(exc)
            return
        window = self.parent.window()
        show = getattr(window, "show_error", None)
        if callable(show):
            show(exc)
