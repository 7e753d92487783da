"""The ``qjsc-panel`` entry point: routes before anything heavy is imported.

The desktop app with no arguments goes straight to :mod:`qjsc_panel.ui.app` (the CLI's argparse,
json and command modules are not needed for its first frame); ``score set`` / ``score show``
try the light path (:mod:`qjsc_panel.cli_light`, plain sqlite3), ``pdf`` likewise
(:mod:`qjsc_panel.cli_pdf_light`); everything else goes to
:func:`qjsc_panel.cli.main`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args == ["--smoke-test"]:
        try:
            from qjsc_panel.ui.app import run
        except ImportError as exc:  # the desktop shell is not installed in this build
            print(f"GUI unavailable: {exc}", file=sys.stderr)
            return 1
        return int(run(args))
    if "score" in args:
        from qjsc_panel.cli_light import run as run_light

        code = _light(run_light, args)
        if code is not None:
            return _done(code, argv is None)
    if "pdf" in args:
        from qjsc_panel.cli_pdf_light import run as run_pdf

        code = _light(run_pdf, args)
        if code is not None:
            return _done(code, argv is None)
    from qjsc_panel.cli import main as cli_main

    return cli_main(args)


def _light(run: Callable[[list[str]], int | None], args: list[str]) -> int | None:
    """A light command, with a closed output pipe handled as the full CLI does (its files are
    written before it prints, so nothing is lost)."""
    from qjsc_panel.cli_light import EXIT_REFUSED, quiet_stdout

    try:
        code = run(args)
        if code is not None:
            sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
        return code
    except BrokenPipeError:
        quiet_stdout()
        return EXIT_REFUSED


def _done(code: int, process: bool) -> int:
    """A light command run as its own process: its files are written and closed, its database
    closed, so its objects are frozen out of the collector — the interpreter's last collections
    no longer walk them all (0.1–0.4 s at exit).  Not when called in-process (tests): there the
    objects must stay collectable."""
    if process:
        import gc

        gc.freeze()
    return code
