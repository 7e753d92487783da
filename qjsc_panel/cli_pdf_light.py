"""A light path for ``qjsc-panel pdf ACC --out F``: the sources read with plain sqlite3.

The full CLI builds every sub-command's parser and loads SQLAlchemy, the store's models and
the form schema (pydantic) before it reads one row: most of a second before the document is
rendered.  Here only ``pdf``'s arguments are parsed, the rows are read by
:mod:`qjsc_panel.services.outputs_light`, and the document is rendered and written exactly as
:func:`qjsc_panel.cli.reports._pdf` does.  Anything this path does not handle as the full CLI
would (an option it does not know, ``--help``, a database that is encrypted, new, older or
newer than this build, an acceptance it does not read lightly, any refusal) returns ``None``
and the full CLI runs instead, which then words the refusal.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from qjsc_panel.cli_light import _emit, _option, _parse_globals, encodable, locate
from qjsc_panel.errors import QjscError


def _parse(argv: Sequence[str]) -> dict[str, Any] | None:
    """The options of ``[--db F] [--home D] [--lang L] [--json] [--as A] pdf ACC --out F
    [--chair-only]``, or None."""
    if not all(encodable(a) for a in argv):  # the full CLI refuses it (trust.bad_argument)
        return None
    opts: dict[str, Any] = {"db": None, "home": None, "lang": None, "json": False, "actor": ""}
    rest = _parse_globals(list(argv), opts)
    if not rest or rest[0] != "pdf":
        return None
    positional: list[str] = []
    opts["out"], opts["chair_only"] = None, False
    args, i = rest[1:], 0
    while i < len(args):
        if not args[i].startswith("-"):
            positional.append(args[i])
            i += 1
        elif args[i] == "--chair-only":
            opts["chair_only"], i = True, i + 1
        else:
            name, value, i = _option(args, i)
            if name != "--out" or value is None or value.startswith("-"):
                return None
            opts["out"] = value
    if len(positional) != 1 or not opts["out"]:
        return None
    opts["acceptance"] = positional[0]
    return opts


def run(argv: Sequence[str]) -> int | None:
    """Write the opinion PDF; None when the full CLI must run instead."""
    opts = _parse(argv)
    if opts is None:
        return None
    from qjsc_panel.reports.texts import DOC
    from qjsc_panel.services.outputs_light import read_sources
    from qjsc_panel.services.score_entry import connect_current

    home, lang, path = locate(opts)
    try:
        con = connect_current(path)
        if con is None:
            return None
        try:
            src = read_sources(con, opts["acceptance"], DOC)  # the document is Chinese
        finally:
            con.close()
        if src is None or src.comp.composite is None:  # no result yet: the full path refuses
            return None
        return _write(src, home, Path(opts["out"]), opts, lang)
    except QjscError:
        return None  # the full path reads again and words the refusal


def _write(src: Any, home: Path, out: Path, opts: dict[str, Any], lang: str) -> int | None:
    """Render and write as :func:`qjsc_panel.cli.reports._pdf` does."""
    from qjsc_panel.messages import render as message
    from qjsc_panel.reports import fonts
    from qjsc_panel.reports.outputs import render

    fonts.use_cache(fonts.cache_under(home))
    rendered = render(src, include_experts=not opts["chair_only"])
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(rendered.data)
    except OSError:
        return None  # the full path words it (trust.os_error)
    data = {
        "written": str(out),
        "document_hash": rendered.document_hash,
        "pages": rendered.pages,
        "fields": [b.field for b in rendered.boxes],
    }
    _emit(opts["json"], data, message("reports.written", lang, path=out))
    sys.stdout.flush()
    return 0
