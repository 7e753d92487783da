"""Start the desktop app: ``qjsc-panel [--db FILE] [--home DIR] [--smoke-test]`` (or ``gui``).

This is an entry point: it resolves the data directory once (``--home``, ``$QJSC_HOME`` or
the user's) and builds the one :class:`~qjsc_panel.services.app.App` the window works through.

Start-up order matters for speed: only QtCore/QtGui/QtWidgets are imported before the main
window paints its first frame (a "loading" notice); the form (pydantic), the database
(SQLAlchemy, maybe Alembic) and the services are loaded in the event-loop turn after that
first paint, never before it.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from qjsc_panel.services.app import App
from qjsc_panel.ui import crash, fonts, i18n, settings

# The start-up benchmark and its test set these: PAINT_PROBE names a file that gets a line at
# the first paint (monotonic time and which heavy modules were loaded by then) and another
# when the backend is ready; with PROBE_EXIT=paint or =ready the app quits at that point.
PAINT_PROBE = "QJSC_PAINT_PROBE"
PROBE_EXIT = "QJSC_PROBE_EXIT"
HEAVY = (
    "sqlalchemy",
    "pydantic",
    "alembic",
    "cryptography",
    "openpyxl",
    "reportlab",
    "qjsc_panel.store",
    "qjsc_panel.domain.form",
    "qjsc_panel.services.scoring",
    "qjsc_panel.services.status",
)


class Options(NamedTuple):
    smoke: bool
    db: Path | str | None  # a str is a server URL (postgresql+psycopg://…)
    home: Path | None
    qt: list[str]  # what is left for Qt


def parse_options(argv: Sequence[str]) -> Options:
    """``--smoke-test``, ``--db FILE`` and ``--home DIR``; anything else is Qt's."""
    smoke = False
    db: Path | str | None = None
    home: Path | None = None
    rest: list[str] = []
    items = iter(argv)
    for arg in items:
        if arg == "--smoke-test":
            smoke = True
        elif arg in ("--db", "--home"):
            text = next(items, "")
            db, home = (_db_location(text), home) if arg == "--db" else (db, Path(text))
        elif arg.startswith(("--db=", "--home=")):
            key, text = arg.split("=", 1)
            db, home = (_db_location(text), home) if key == "--db" else (db, Path(text))
        else:
            rest.append(arg)
    return Options(smoke, db, home, rest)


def _db_location(text: str) -> Path | str:
    """A file path, or a server URL kept as text (as ``qjsc_panel.cli.db_location``)."""
    return text if "://" in text else Path(text)


def build_app_object(opts: Options) -> App:
    """The application object for this run: the data directory resolved here, once."""
    from qjsc_panel.paths import data_dir, home_override

    settings.configure(home_override(opts.home))
    home = data_dir(opts.home)
    crash.set_log_home(home)
    return App(home=home, db_path=opts.db, lang=settings.language())


def make_app(argv: Sequence[str] = ()) -> QApplication:
    """The QApplication with the bundled font, the saved language and crash handling."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0], *argv])
    app.setOrganizationName(settings.ORGANIZATION)
    app.setApplicationName(settings.APPLICATION)
    missing = fonts.register_fonts()
    if missing:
        crash.write_log("bundled font missing", "\n".join(missing))
    fonts.apply_app_font(app)
    i18n.switch(settings.language())
    return app


def run(argv: Sequence[str]) -> int:
    opts = parse_options(argv)
    smoke = opts.smoke
    if smoke:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    application = build_app_object(opts)
    app = make_app(opts.qt)
    crash.install(interactive=not smoke)

    from qjsc_panel.ui.main_window import MainWindow

    window = MainWindow(application)
    window.restore_state()
    probe = os.environ.get(PAINT_PROBE)
    if probe:
        _install_probe(window, Path(probe), os.environ.get(PROBE_EXIT, ""))
    # A queued call after the first frame, so that frame reaches the screen before the
    # seconds of imports and database work begin.
    if smoke:
        window.first_painted.connect(lambda: QTimer.singleShot(0, lambda: app.exit(smoke_test(window))))
    else:
        window.first_painted.connect(lambda: QTimer.singleShot(0, window.start_backend))
        window.backend_ready.connect(crash.report_native_crash)
    window.show()
    code = app.exec()
    window.save_state()
    return int(code)


def _install_probe(window: object, path: Path, exit_at: str) -> None:
    from qjsc_panel.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)

    def note(what: str) -> None:
        heavy = ",".join(m for m in HEAVY if m in sys.modules) or "-"
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"{what} {time.monotonic_ns()} {heavy}\n")
        if exit_at == what:
            QApplication.instance().quit()  # type: ignore[union-attr]

    window.first_painted.connect(lambda: note("paint"))
    window.backend_ready.connect(lambda: note("ready"))


def smoke_test(window: object) -> int:
    """Load the default form and the database behind the shown window; 0 when all is well."""
    from qjsc_panel.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    try:
        window.start_backend()
        QApplication.processEvents()
        form = window.backend.default_form()
    except Exception as exc:  # the smoke test reports any failure as a non-zero exit
        crash.excepthook(type(exc), exc, exc.__traceback__)
        return 1
    print(
        f"smoke test ok: window shown, form {form.id} {form.version} "
        f"({len(form.items)} items), language {i18n.current()}, database {window.backend.app.db_path}"
    )
    return 0
