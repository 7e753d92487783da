"""The chair's authority on the command line: ``--as NAME`` is only a label for the log.

A decision reserved to the chair unlocks the key the panel registered for the chair, found
among this laptop's keys by its fingerprint, with the passphrase from ``--passphrase-file``,
``QJSC_PASSPHRASE`` or a prompt.  Another key's passphrase, a same-name profile, or no
passphrase at all is refused before anything changes.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def pass_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--passphrase-file",
        type=Path,
        help="组长密钥口令文件（第一行）/ file whose first line is the chair key's passphrase (or QJSC_PASSPHRASE)",
    )


def unlock_for(app: Any, args: argparse.Namespace, acc_ref: str) -> None:
    """Put the chair's unlocked key on ``app.ctx`` for a decision on acceptance ``acc_ref``."""
    from qjsc_panel.cli.exchange import passphrase
    from qjsc_panel.services.authority import unlock_chair_key

    key = unlock_chair_key(app.ctx, acc_ref, passphrase(args, required=False))
    app.ctx.key = key
    app.ctx.actor = key.name


def acceptance_of_sheet(app: Any, sheet_ref: str) -> str:
    from qjsc_panel.services.authority import acceptance_of_sheet as find

    return find(app.ctx, sheet_ref)


def acceptance_of_proposal(app: Any, proposal_id: int) -> str:
    from qjsc_panel.services.authority import acceptance_of_proposal as find

    return find(app.ctx, proposal_id)
