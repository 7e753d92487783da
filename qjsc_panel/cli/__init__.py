"""``qjsc-panel``: every use case, headless.  With no arguments it opens the desktop app.

Each command group lives in its own module here and exposes ``register(sub)``; modules are
discovered, so a subsystem adds commands without touching this file.  Handlers take
``(args, app)`` and return an exit code; a :class:`QjscError` becomes a message in the user's
language on stderr and exit code 2, with nothing changed.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import pkgutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qjsc_panel.cli_light import encodable, quiet_stdout
from qjsc_panel.errors import QjscError

if TYPE_CHECKING:
    from qjsc_panel.services.app import App

Handler = Callable[[argparse.Namespace, "CliApp"], int]

EXIT_REFUSED = 2

# Commands that may create a new database at ``--db`` (group, action); every other command
# refuses a missing file instead of silently making an empty one.
CREATES_DATA = {
    ("acceptance", "create"),
    ("enterprise", "add"),
    ("consultancy", "add"),
    ("expert", "add"),
    ("mandatory-list", "add"),
    ("mandatory-list", "import"),
    ("plan", "import"),
    ("plan", "add"),
    ("archive", "receive-bundle"),  # the bureau's archive starts with the first bundle it files
    ("backup", "restore"),
    ("demo", None),
    ("join", None),  # an expert's laptop: joining an invitation makes the local acceptance
}


@dataclass
class CliApp:
    """What a command handler needs: the application (its database opened on first use), the
    language and the output mode."""

    home: Path
    db_path: Path | str | None  # a str is a server URL (postgresql+psycopg://…)
    lang: str
    json: bool
    actor: str
    creates_data: bool = True
    encrypt_db: bool = False
    ask_passphrase: Callable[[], str | None] | None = None
    _ctx: App | None = field(default=None, repr=False)

    @property
    def ctx(self) -> App:
        """The application object every service call receives."""
        if self._ctx is None:
            from qjsc_panel.services.app import App

            self._ctx = App(
                home=self.home,
                db_path=self.db_path,
                actor=self.actor,
                lang=self.lang,
                ask_passphrase=self.ask_passphrase,
                # Only an explicit --db is refused when missing; the default file is made on first use.
                create_db=self.creates_data or self.db_path is None,
                encrypt_db=self.encrypt_db,
            )
        return self._ctx

    def t(self, code: str, **params: Any) -> str:
        from qjsc_panel.messages import render

        return render(code, self.lang, **params)

    def emit(self, data: Any, text: str | None = None) -> None:
        """Print ``data`` as JSON under ``--json``, else ``text`` (or a plain rendering)."""
        if self.json:
            print(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str))
        else:
            print(text if text is not None else _plain(data))

    def close(self) -> None:
        if self._ctx is not None:
            self._ctx.close()


def _plain(data: Any) -> str:
    if isinstance(data, dict):
        return "\n".join(f"{k}: {v}" for k, v in data.items())
    if isinstance(data, list):
        return "\n".join(_plain(x) if isinstance(x, dict) else str(x) for x in data)
    return str(data)


def command_modules() -> list[str]:
    package = sys.modules[__name__]
    return sorted(f"{__name__}.{m.name}" for m in pkgutil.iter_modules(package.__path__) if not m.name.startswith("_"))


def db_location(text: str) -> Path | str:
    """``--db``: a file path, or a server URL kept as text (a Path would fold its ``//``)."""
    return text if "://" in text else Path(text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qjsc-panel",
        description="深圳市自愿性清洁生产审核验收专家组工具 / "
        "Expert-panel tool for cleaner-production audit acceptance",
    )
    parser.add_argument(
        "--db",
        type=db_location,
        help="SQLite database file (default: in the data directory), or the bureau's shared archive on"
        " PostgreSQL: postgresql+psycopg://user@host/dbname",
    )
    parser.add_argument(
        "--home", type=Path, help="data directory: keys, panel keys, logs (default: $QJSC_HOME or the user's)"
    )
    parser.add_argument(
        "--lang", choices=["zh", "en"], default=None, help="message language (default: the one the app saved)"
    )
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")
    parser.add_argument("--as", dest="actor", default="", help="who is acting (recorded in the audit log)")
    parser.add_argument("--smoke-test", action="store_true", help="open the main window offscreen and exit")
    parser.add_argument(
        "--encrypt-db",
        action="store_true",
        help="新建的数据库用本人口令加密 (SQLCipher) / encrypt a new database under your passphrase",
    )
    # Any command may open an encrypted database (``score set`` included), so the passphrase
    # file is also a global option; a command's own --passphrase-file takes precedence.
    parser.add_argument(
        "--passphrase-file",
        dest="db_passphrase_file",
        type=Path,
        help="口令文件（第一行），用于加密的数据库 / passphrase file for an encrypted database",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in command_modules():
        importlib.import_module(name).register(sub)
    return parser


def data_home(option: Path | None) -> Path:
    """The data directory, resolved once here at the entry point: ``--home``, else
    ``$QJSC_HOME``, else the user's data directory."""
    from qjsc_panel.paths import data_dir

    return data_dir(option)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command.  The one place where anything unexpected becomes a message and a log
    file instead of a traceback (see :mod:`qjsc_panel.crashlog`)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    lang = _lang_of(args_list)
    try:
        code = _main(args_list)
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
        return code
    except QjscError as exc:
        _say(exc.render(lang))
        return EXIT_REFUSED
    except BrokenPipeError:
        quiet_stdout()  # `| head` closed the pipe: nothing more to say to anyone
        return EXIT_REFUSED
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the last resort: never a traceback on the user's screen
        from qjsc_panel import crashlog

        log = crashlog.write_exception(_home_of(args_list), exc)
        _say(QjscError("trust.unexpected", kind=type(exc).__name__, detail=_short(exc), log=log or "-").render(lang))
        return EXIT_REFUSED


def _main(args_list: list[str]) -> int:
    bad = next((a for a in args_list if not encodable(a)), None)
    if bad is not None:
        raise QjscError("trust.bad_argument", value=bad.encode("utf-8", "replace").decode("utf-8"))
    if not args_list or args_list == ["--smoke-test"]:
        return _launch_gui(args_list)
    if args_list[0] == "gui":  # without building the whole parser: start-up speed
        return _launch_gui(args_list[1:])
    parser = build_parser()
    args = parser.parse_args(args_list)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None or args.command == "gui":
        # No command (``qjsc-panel --db FILE``) or ``gui``: the desktop app on that database.
        return _launch_gui(_gui_argv(args))
    action = getattr(args, f"{args.command}_command", None) if args.command else None
    home = data_home(args.home)
    if args.lang is None:
        from qjsc_panel.i18n import saved_language

        args.lang = saved_language(home)
    app = CliApp(
        home=home,
        db_path=args.db,
        lang=args.lang,
        json=args.json,
        actor=args.actor or _default_actor(),
        creates_data=(args.command, action) in CREATES_DATA,
        encrypt_db=args.encrypt_db,
        ask_passphrase=lambda: _passphrase(args),
    )
    try:
        return handler(args, app)
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        raise QjscError("trust.os_error", path=exc.filename or "", detail=exc.strerror or str(exc)) from exc
    finally:
        app.close()


def _passphrase(args: argparse.Namespace) -> str | None:
    """The acting person's passphrase, read only when a key must sign (see App.ask_passphrase)."""
    from qjsc_panel.cli.exchange import passphrase

    if getattr(args, "passphrase_file", None) is None and getattr(args, "db_passphrase_file", None) is not None:
        args = argparse.Namespace(**{**vars(args), "passphrase_file": args.db_passphrase_file})
    return passphrase(args, required=False)


def _lang_of(args_list: list[str]) -> str:
    """The language of a refusal: ``--lang`` if given, else the one the app saved."""
    for i, a in enumerate(args_list):
        if a in ("--lang=en", "--lang=zh"):
            return a.split("=", 1)[1]
        if a == "--lang" and args_list[i + 1 : i + 2] in (["en"], ["zh"]):
            return args_list[i + 1]
    try:
        from qjsc_panel.i18n import saved_language

        return saved_language(data_home(_home_of(args_list)))
    except (OSError, ValueError, QjscError):
        return "zh"


def _home_of(args_list: list[str]) -> Path | None:
    """The data directory for the crash log, from the raw arguments (parsing may have failed)."""
    for i, a in enumerate(args_list):
        if a.startswith("--home="):
            return Path(a.split("=", 1)[1])
        if a == "--home" and i + 1 < len(args_list):
            return Path(args_list[i + 1])
    return None


def _short(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else ""
    return text[:200]


def _say(text: str) -> None:
    with contextlib.suppress(OSError, ValueError):
        print(text, file=sys.stderr)


def _default_actor() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


def _gui_argv(args: argparse.Namespace) -> list[str]:
    out = ["--smoke-test"] if args.smoke_test or getattr(args, "gui_smoke_test", False) else []
    db, home = getattr(args, "gui_db", None) or args.db, getattr(args, "gui_home", None) or args.home
    if db is not None:
        out += ["--db", str(db)]
    if home is not None:
        out += ["--home", str(home)]
    return out


def _launch_gui(argv: list[str]) -> int:
    try:
        from qjsc_panel.ui.app import run  # type: ignore[import-not-found,unused-ignore]
    except ImportError as exc:  # the desktop shell is not installed in this build
        print(f"GUI unavailable: {exc}", file=sys.stderr)
        return 1
    return int(run(argv))
