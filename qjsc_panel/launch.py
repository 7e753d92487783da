"""The ``qjsc-panel`` entry point: routes before anything heavy is imported.

The desktop app with no arguments goes straight to :mod:`qjsc_panel.ui.app` (the CLI's argparse,
json and command modules are not needed for its first frame); every other command goes to
:func:`qjsc_panel.cli.main`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args == ["--smoke-test"]:
        try:
            from qjsc_panel.ui.app import run
        except ImportError as exc:  # the desktop shell is not installed in this build
            print(f"GUI unavailable: {exc}", file=sys.stderr)
            return 1
        return int(run(args))
    from qjsc_panel.cli import main as cli_main

    return cli_main(args)
