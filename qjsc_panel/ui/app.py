"""Start the desktop app: ``qjsc-panel [--db FILE] [--home DIR] [--smoke-test]`` (or ``gui``).

This is an entry point: it resolves the data directory once (``--home``, ``$QJSC_HOME`` or
the user's) and builds the one :class:`~qjsc_panel.services.app.App` the window works through.

Start-up order matters for speed: only QtCore/QtGui/QtWidgets are imported before the main
window is shown; the form (pydantic), the database (SQLAlchemy, maybe Alembic) and the
services are loaded in the first event-loop turn after the window is on screen.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from qjsc_panel.services.app import App
from qjsc_panel.ui import crash, fonts, i18n, settings

# The benchmark sets this to time "process start → main window shown" without the backend.
EXIT_WHEN_SHOWN = "QJSC_EXIT_WHEN_SHOWN"


class Options(NamedTuple):
    smoke: bool
    db: Path | None
    home: Path | None
    qt: list[str]  # what is left for Qt


def parse_options(argv: Sequence[str]) -> Options:
    """``--smoke-test``, ``--db FILE`` and ``--home DIR``; anything else is Qt's."""
    smoke = False
    db: Path | None = None
    home: Path | None = None
    rest: list[str] = []
    items = iter(argv)
    for arg in items:
        if arg == "--smoke-test":
            smoke = True
        elif arg in ("--db", "--home"):
            value = Path(next(items, ""))
            db, home = (value, home) if arg == "--db" else (db, value)
        elif arg.startswith(("--db=", "--home=")):
            key, text = arg.split("=", 1)
            db, home = (Path(text), home) if key == "--db" else (db, Path(text))
        else:
            rest.append(arg)
    return Options(smoke, db, home, rest)


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
    window.show()
    if os.environ.get(EXIT_WHEN_SHOWN) == "1":
        QTimer.singleShot(0, app.quit)
    elif smoke:
        QTimer.singleShot(0, lambda: app.exit(smoke_test(window)))
    else:
        QTimer.singleShot(0, window.start_backend)
    code = app.exec()
    window.save_state()
    return int(code)


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
