"""A light path for ``qjsc-panel score set`` and ``score show``: plain sqlite3, no ORM, no pydantic.

An expert typing scores from a shell pays for Python and one SQLite transaction, not for
SQLAlchemy, Alembic and the form schema (about a second).  The work is the same code as the
app's (:mod:`qjsc_panel.services.score_entry`): the same checks, rows and audit entry.
Anything this path does not handle exactly as the full CLI would (an option it does not
know, ``--help``, a database that is new, older or newer than this build) returns ``None``
and the full CLI runs instead.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from qjsc_panel.errors import QjscError

EXIT_REFUSED = 2
_GLOBAL_VALUE = {"--db", "--home", "--lang", "--as"}


def _parse(argv: Sequence[str]) -> dict[str, Any] | None:
    """The options of ``[--db F] [--home D] [--lang L] [--json] [--as A] score set|show ...``, or None."""
    opts: dict[str, Any] = {"db": None, "home": None, "lang": None, "json": False, "actor": "", "comment": None}
    rest = _parse_globals(list(argv), opts)
    if rest is None or len(rest) < 2 or rest[0] != "score" or rest[1] not in ("set", "show"):
        return None
    opts["command"] = rest[1]
    positional = _parse_command(rest[2:], opts)
    if positional is None or len(positional) != (4 if opts["command"] == "set" else 2):
        return None
    opts["positional"] = positional
    return opts


def _option(args: list[str], i: int) -> tuple[str, str | None, int]:
    """(name, value or None, index after it) for ``--name value`` or ``--name=value``."""
    name, eq, value = args[i].partition("=")
    if eq:
        return name, value, i + 1
    return name, (args[i + 1] if i + 1 < len(args) else None), i + 2


def _parse_globals(args: list[str], opts: dict[str, Any]) -> list[str] | None:
    """Fill the options before the command; the rest, or None for one this path does not know."""
    i = 0
    while i < len(args) and args[i].startswith("-"):
        if args[i] == "--json":
            opts["json"], i = True, i + 1
            continue
        name, value, i = _option(args, i)
        if name not in _GLOBAL_VALUE or value is None or (name == "--lang" and value not in ("zh", "en")):
            return None
        opts[{"--db": "db", "--home": "home", "--lang": "lang", "--as": "actor"}[name]] = value
    return args[i:]


def _parse_command(args: list[str], opts: dict[str, Any]) -> list[str] | None:
    positional: list[str] = []
    i = 0
    while i < len(args):
        if not args[i].startswith("-") or _is_number(args[i]):
            positional.append(args[i])
            i += 1
            continue
        name, value, i = _option(args, i)
        if name != "--comment" or opts["command"] != "set" or value is None:
            return None
        opts["comment"] = value
    return positional


def _is_number(text: str) -> bool:
    """argparse's own test for a negative number given as a positional argument."""
    import re

    return re.match(r"^-\d+$|^-\d*\.\d+$", text) is not None


def _default_actor() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers (as the full CLI does)
        return "unknown"


def encodable(text: str) -> bool:
    """False for an argument the shell passed as bytes that are not UTF-8 (surrogate escapes)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def locate(opts: dict[str, Any]) -> tuple[Path, str, Path]:
    """The data directory, the language and the database file as :func:`qjsc_panel.cli.main`
    resolves them from the parsed global options."""
    from qjsc_panel.paths import data_dir
    from qjsc_panel.services.app import DB_NAME

    home = data_dir(Path(opts["home"]) if opts["home"] else None)
    lang = opts["lang"] or default_language(home)
    return home, lang, Path(opts["db"]) if opts["db"] is not None else home / DB_NAME


def quiet_stdout() -> None:
    """After a closed pipe (``| head``): stdout goes to the null device, so the interpreter's
    last flush does not raise again; nothing more is said to anyone."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _emit(as_json: bool, data: Any, text: str) -> None:
    if as_json:
        print(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str))
    else:
        print(text)


def run(argv: Sequence[str]) -> int | None:
    """Run ``score set`` / ``score show``; None when the full CLI must run instead."""
    opts = _parse(argv)
    if opts is None:
        return None
    from qjsc_panel.services.score_entry import connect_current

    _home, lang, path = locate(opts)
    try:
        con = connect_current(path)
        if con is None:
            return None
        try:
            if opts["command"] == "set":
                _score_set(con, path, opts)
            else:
                _score_show(con, path, opts)
        finally:
            con.close()
    except QjscError as exc:
        print(exc.render(lang), file=sys.stderr)
        return EXIT_REFUSED
    return 0


def default_language(home: Path) -> str:
    """The language the app saved in the data directory (no Qt needed to read it)."""
    from qjsc_panel import i18n

    return i18n.saved_language(home)


def _score_set(con: sqlite3.Connection, path: Path, opts: dict[str, Any]) -> None:
    from qjsc_panel.services import score_entry
    from qjsc_panel.services.score_entry import LightForm

    acceptance, member_ref, item, value = opts["positional"]
    actor = opts["actor"] or _default_actor()
    forms: dict[str, LightForm] = {}

    def form_of(form_hash: str, load: Any) -> LightForm:
        if form_hash not in forms:
            forms[form_hash] = LightForm.loads(load())
        return forms[form_hash]

    with score_entry.write(con, path):  # the full CLI resolves the member in a transaction of its own
        member = score_entry.find_member(con, score_entry.find_acceptance(con, acceptance)[0], member_ref)
    with score_entry.write(con, path):
        score = score_entry.set_score(con, actor, member, item, value, form_of)
    if opts["comment"] is not None:
        with score_entry.write(con, path):
            score_entry.set_comment(con, actor, member, item, opts["comment"], form_of)
    from qjsc_panel.domain.formats import score_text

    shown = None if score is None else score_text(score)  # as ``score show`` writes it
    _emit(opts["json"], {"item": item, "score": shown}, f"{item} = {shown if shown is not None else '-'}")


def _score_show(con: sqlite3.Connection, path: Path, opts: dict[str, Any]) -> None:
    from qjsc_panel.services import score_entry
    from qjsc_panel.services.score_entry import LightForm

    acceptance, member_ref = opts["positional"]
    with score_entry.write(con, path):
        acc_id, _uuid, _hash, form_json = score_entry.find_acceptance(con, acceptance)
        member = score_entry.find_member(con, acc_id, member_ref)
        view = score_entry.latest_sheet(con, member)
    if view is None:
        _emit(opts["json"], None, "-")
        return
    from qjsc_panel.domain.formats import score_text

    form = LightForm.loads(form_json)
    scores = {k: score_text(v) for k, v in view.scores.items()}
    data = {
        "sheet": view.uuid,
        "version": view.version,
        "status": view.status,
        "scores": scores,
        "comments": view.comments,
        "total": score_text(view.total),
    }
    lines = [f"{view.uuid} v{view.version} {view.status}"]
    for it in form.items:
        lines.append(f"  {it.id}\t{scores.get(it.id, '-')}/{score_text(it.max_points)}\t{view.comments.get(it.id, '')}")
    lines.append(f"  Σ {data['total']}")
    _emit(opts["json"], data, "\n".join(lines))
