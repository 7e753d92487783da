"""Helpers for command modules: shared command groups and argument types."""

from __future__ import annotations

import argparse
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from qjsc_panel.errors import QjscError


def group(sub: Any, name: str, help: str) -> Any:
    """The sub-command set of group ``name`` (e.g. ``sheet``), created on first use, so that
    several modules can add commands to one group."""
    groups: dict[str, Any] = sub.__dict__.setdefault("_qjsc_groups", {})
    if name not in groups:
        parser = sub.add_parser(name, help=help)
        groups[name] = parser.add_subparsers(dest=f"{name}_command", metavar="ACTION")
        parser.set_defaults(handler=lambda args, app: _help(parser))
    return groups[name]


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 1


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"YYYY-MM-DD: {text}") from None


def decimal(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(text) from None


def refuse(code: str, **params: Any) -> QjscError:
    return QjscError(code, **params)
