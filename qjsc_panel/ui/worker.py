"""Run slow work (signing, writing to a USB stick, importing files) off the UI thread.

The job runs in ``QThreadPool``; its result or exception comes back to the UI thread through
a queued signal, so widgets are only ever touched from the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class Job(QRunnable):
    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = _Signals()
        self.setAutoDelete(False)  # the caller keeps it until a signal arrives

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # delivered to the UI thread, shown there
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


_running: set[Job] = set()


def start(fn: Callable[[], Any], on_done: Callable[[Any], None], on_failed: Callable[[BaseException], None]) -> Job:
    job = Job(fn)

    def finish(handler: Callable[[Any], None], value: Any) -> None:
        _running.discard(job)
        handler(value)

    job.signals.done.connect(lambda r: finish(on_done, r))
    job.signals.failed.connect(lambda e: finish(on_failed, e))
    _running.add(job)
    QThreadPool.globalInstance().start(job)
    return job
