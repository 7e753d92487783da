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
    """The options of ``[--db F] [--lang L] [--json] [--as A] score set|show ...``, or None."""
    opts: dict[str, Any] = {"db": None, "home": None, "lang": None, "json": False, "actor": "", "comment": None}
    args = list(argv)
    i = 0
    while i < len(args) and args[i].startswith("-"):
        name, eq, value = args[i].partition("=")
        if name == "--json" and not eq:
            opts["json"] = True
            i += 1
            continue
        if name not in _GLOBAL_VALUE:
            return None
        if not eq:
            if i + 1 >= len(args):
                return None
            value = args[i + 1]
            i += 1
        i += 1
        if name == "--lang" and value not in ("zh", "en"):
            return None
        opts[{"--db": "db", "--home": "home", "--lang": "lang", "--as": "actor"}[name]] = value
    rest = args[i:]
    if len(rest) < 2 or rest[0] != "score" or rest[1] not in ("set", "show"):
        return None
    opts["command"] = rest[1]
    positional: list[str] = []
    j = 2
    while j < len(rest):
        arg = rest[j]
        if arg.startswith("-") and not _is_number(arg):
            name, eq, value = arg.partition("=")
            if name != "--comment" or opts["command"] != "set":
                return None
            if not eq:
                if j + 1 >= len(rest):
                    return None
                value = rest[j + 1]
                j += 1
            opts["comment"] = value
        else:
            positional.append(arg)
        j += 1
    if len(positional) != (4 if opts["command"] == "set" else 2):
        return None
    opts["positional"] = positional
    return opts


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
    from qjsc_panel.paths import data_dir
    from qjsc_panel.services.app import DB_NAME
    from qjsc_panel.services.score_entry import connect_current

    home = data_dir(Path(opts["home"]) if opts["home"] else None)  # as cli.main resolves it
    lang = opts["lang"] or default_language(home)
    path = Path(opts["db"]) if opts["db"] is not None else home / DB_NAME
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
    _emit(opts["json"], {"item": item, "score": score}, f"{item} = {score}")


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
    form = LightForm.loads(form_json)
    data = {
        "sheet": view.uuid,
        "version": view.version,
        "status": view.status,
        "scores": {k: str(v) for k, v in view.scores.items()},
        "comments": view.comments,
        "total": str(view.total),
    }
    lines = [f"{view.uuid} v{view.version} {view.status}"]
    for it in form.items:
        lines.append(f"  {it.id}\t{view.scores.get(it.id, '-')}/{it.max_points}\t{view.comments.get(it.id, '')}")
    lines.append(f"  Σ {view.total}")
    _emit(opts["json"], data, "\n".join(lines))
