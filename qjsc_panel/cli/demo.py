"""``qjsc-panel demo --out DIR``: a whole acceptance, end to end, into DIR."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser("demo", help="演示：完整走一遍验收 / run a realistic acceptance end to end")
    p.add_argument("--out", required=True, type=Path)
    p.set_defaults(handler=_demo)


def _demo(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.demo.run import run_demo

    record, written = run_demo(args.out, app.lang)
    text = [app.t("finalise.done", composite=record["composite"], conclusion=record["conclusion"])]
    text += [f"  {p}" for p in written]
    app.emit({"result": record, "files": [str(p) for p in written]}, "\n".join(text))
    return 0
