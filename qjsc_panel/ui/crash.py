"""Uncaught exceptions: logged to ``HOME/logs`` (the data directory) and shown in a dialog, never a silent exit.

A Python exception raised inside a Qt slot would otherwise only be printed to a console the
expert does not have.  The dialog says what happened, where the log is, and that saved scores
are safe (each accepted edit is committed at once).
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QtMsgType, qInstallMessageHandler

if TYPE_CHECKING:  # imported when needed: QMessageBox costs start-up time
    from PySide6.QtWidgets import QMessageBox

# Harmless notices of the offscreen platform plugin, not the app's problems.
_QT_NOISE = ("This plugin does not support propagateSizeHints()",)

_interactive = True
_log_home: Path | None = None


def set_log_home(home: Path) -> None:
    """The data directory the entry point resolved; logs go to its ``logs`` folder."""
    global _log_home
    _log_home = home


def log_dir() -> Path:
    if _log_home is None:  # before the entry point said where: the system's temporary folder
        import tempfile

        base = Path(tempfile.gettempdir()) / "qjsc-panel"
    else:
        base = _log_home
    path = base / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def write_log(kind: str, text: str) -> Path | None:
    """Append to today's log; None when even that fails (a full or read-only disk)."""
    try:
        path = log_dir() / f"qjsc-panel-{datetime.now():%Y%m%d}.log"
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"[{datetime.now().isoformat(timespec='seconds')}] {kind}\n{text}\n")
        return path
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
