"""Uncaught exceptions: logged to ``HOME/logs`` (the data directory) and shown in a dialog, never a silent exit.

The log file itself is written by :mod:`qjsc_panel.crashlog` (shared with the CLI).

A Python exception raised inside a Qt slot would otherwise only be printed to a console the
expert does not have.  The dialog says what happened, where the log is, and that saved scores
are safe (each accepted edit is committed at once).
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QtMsgType, qInstallMessageHandler

from qjsc_panel import crashlog

if TYPE_CHECKING:  # imported when needed: QMessageBox costs start-up time
    from PySide6.QtWidgets import QMessageBox

# Harmless notices of the offscreen platform plugin, not the app's problems.
_QT_NOISE = ("This plugin does not support propagateSizeHints()",)

_interactive = True
# A native crash of the previous run, taken by install() before faulthandler reopens its file.
_pending_native: tuple[str, Path | None] | None = None
_log_home: Path | None = None


def set_log_home(home: Path) -> None:
    """The data directory the entry point resolved; logs go to its ``logs`` folder."""
    global _log_home
    _log_home = home


def data_dir() -> Path:
    """Where logs go: the entry point's data directory, else the system's temporary folder."""
    if _log_home is None:
        import tempfile

        return Path(tempfile.gettempdir()) / "qjsc-panel"
    return _log_home


def log_dir() -> Path:
    return crashlog.log_dir(data_dir())


def write_log(kind: str, text: str) -> Path | None:
    """Append to today's log; None when even that fails (a full or read-only disk)."""
    try:
        return crashlog.write_log(data_dir(), kind, text)
    except OSError:
        return None


def format_exception(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    import traceback

    return "".join(traceback.format_exception(exc_type, exc, tb))


def excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    details = format_exception(exc_type, exc, tb)
    log = write_log("uncaught exception", details)
    sys.stderr.write(details)
    if not _interactive or QCoreApplication.instance() is None:
        return
    show_crash_dialog(exc, details, log)


def report(exc: BaseException) -> None:
    """A programming error caught at a boundary (a background operation): logged and shown,
    never turned into refusal text."""
    excepthook(type(exc), exc, exc.__traceback__)


def report_native_crash() -> bool:
    """If the previous run died natively, say so once (its faulthandler report is logged)."""
    global _pending_native
    found, _pending_native = _pending_native, None
    if found is None:
        return False
    text, log = found
    sys.stderr.write(text + "\n")
    if _interactive and QCoreApplication.instance() is not None:
        box = crash_dialog(RuntimeError("native crash"), text, log)
        box.setText(QCoreApplication.translate("crash", "上次运行时程序意外退出。"))
        box.exec()
    return True


def crash_dialog(exc: BaseException, details: str, log: Path | None) -> QMessageBox:
    from PySide6.QtWidgets import QApplication, QMessageBox

    box = QMessageBox(QApplication.activeWindow())
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(QCoreApplication.translate("crash", "程序出错"))
    box.setText(QCoreApplication.translate("crash", "程序遇到意外错误：{0}").format(exc.__class__.__name__))
    where = str(log) if log else QCoreApplication.translate("crash", "（日志无法写入）")
    box.setInformativeText(
        QCoreApplication.translate("crash", "已保存的评分不受影响。请把日志文件交给技术人员：\n{0}").format(where)
    )
    box.setDetailedText(details)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    return box


def show_crash_dialog(exc: BaseException, details: str, log: Path | None) -> None:
    crash_dialog(exc, details, log).exec()


def qt_message_handler(mode: QtMsgType, _context: object, message: str) -> None:
    """Qt's own warnings go to the log (and stderr), not to the void."""
    if any(n in message for n in _QT_NOISE):
        return
    if mode in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
        sys.stderr.write(f"Qt: {message}\n")
        write_log(f"Qt {mode.name}", message)


def install(interactive: bool = True) -> None:
    """Route uncaught exceptions and Qt warnings; ``interactive=False`` logs without a dialog."""
    global _interactive
    _interactive = interactive
    sys.excepthook = excepthook
    qInstallMessageHandler(qt_message_handler)
    collect_native_crash()
    with contextlib.suppress(OSError):
        crashlog.enable_native_log(data_dir())


def collect_native_crash() -> None:
    """Take the previous run's faulthandler report before faulthandler reopens its file."""
    global _pending_native
    try:
        _pending_native = crashlog.take_native_crash(data_dir())
    except OSError:
        _pending_native = None
