"""The demo's real exchange: every scoring expert works on a simulated laptop of his or her
own (a separate data directory and database under ``DIR/laptops/``, each its own
:class:`App`), and the chair's laptop receives only files: public keys, invitations out,
signed packages back in ``DIR/sheets/``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from qjsc_panel.services.app import App

# Invented for the demo and written next to its output, so that a reader can repeat each step.
DEMO_PASSPHRASE = "demo-口令-2026"


@contextmanager
def laptop(home: Path, actor: str = "", lang: str = "zh") -> Iterator[App]:
    """Another laptop: the application on its own data directory (keys, panels, joins) and its
    own database ``home/qjsc-panel.sqlite3``, closed when the block ends."""
    home.mkdir(parents=True, exist_ok=True)
    app = App(home=home, actor=actor, lang=lang)
    try:
        yield app
    finally:
        app.close()


@dataclass(frozen=True)
class ExchangeRecord:
    packages: list[Path]
    verdicts: list[dict[str, Any]]


def exchange_sheets(
    chair_app: App,
    acceptance: str,
    members: Mapping[str, int],
    scores: Mapping[str, Mapping[str, Decimal]],
    out: Path,
    *,
    comments: Mapping[str, Mapping[str, str]] | None = None,
    passphrase: str = DEMO_PASSPHRASE,
) -> ExchangeRecord:
    """Score on each expert's laptop and import the signed packages on the chair's.

    ``chair_app`` is the chair's laptop (its data directory holds the panel key; its actor
    takes the chair's steps);
    ``members`` maps expert name → member id there; ``scores`` gives each scoring expert's
    item scores (experts absent from it do not score, e.g. the recused one).
    """
    from qjsc_panel.services import exchange, panel, scoring

    laptops, sheets, invites = out / "laptops", out / "sheets", out / "invitations"
    _start_afresh(laptops, sheets, invites)
    chair = chair_app
    if not exchange.has_panel_key(chair, _full_uuid(chair, acceptance)):
        exchange.init_panel_key(chair, acceptance, passphrase)
    written: list[Path] = []
    for name, item_scores in scores.items():
        with laptop(laptops / name, actor=name, lang=chair.lang) as expert:
            # The expert makes a key and hands over the public half.
            found = exchange.list_keys(expert)
            info = found[0] if found else exchange.init_key(expert, name, passphrase)
            public = expert.home / "public-key.pem"
            public.write_text(info.public_pem, encoding="ascii")
            # The chair enrols it and writes the invitation.
            exchange.enrol(chair, acceptance, str(members[name]), public.read_bytes(), passphrase)
            invite = exchange.make_invitation(
                chair, acceptance, str(members[name]), passphrase, invites / f"{name}.qjsc-invite"
            )
            # The expert joins, declares, scores, submits and exports.
            joined = exchange.join(expert, invite)
            member = joined.local_member
            panel.declare(expert, member, [])
            for item_id, value in item_scores.items():
                scoring.set_score(expert, member, item_id, value)
            for item_id, text in ((comments or {}).get(name) or {}).items():
                scoring.set_comment(expert, member, item_id, text)
            scoring.submit(expert, member)
            written.append(exchange.export_sheet(expert, joined.local_acceptance, passphrase, sheets))
    # The chair imports everything on the stick at once.
    verdicts = exchange.import_packages(chair, written, passphrase)
    refused = [v for v in verdicts if not v.ok]
    if refused:
        raise refused[0].error or RuntimeError(refused[0].file)
    return ExchangeRecord(written, [v.as_dict(chair.lang) for v in verdicts])


MARKER = ".qjsc-demo-laptops"


def _start_afresh(laptops: Path, sheets: Path, invites: Path) -> None:
    """A second demo into the same folder starts clean — removing only what a demo wrote."""
    import shutil

    if (laptops / MARKER).exists():
        shutil.rmtree(laptops)
    for folder, pattern in ((sheets, "*.qjsc"), (invites, "*.qjsc-invite")):
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob(pattern):
            stale.unlink()
    laptops.mkdir(parents=True, exist_ok=True)
    (laptops / MARKER).write_text("qjsc-panel demo\n", encoding="utf-8")


def _full_uuid(app: App, ref: str) -> str:
    from qjsc_panel.services.common import get_acceptance

    with app.db.session() as s:
        return get_acceptance(s, ref).uuid
