"""The demo's real exchange: every scoring expert works on a simulated laptop of his or her
own (a separate data directory and database under ``DIR/laptops/``), and the chair's laptop
receives only files: public keys, invitations out, signed packages back in ``DIR/sheets/``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from qjsc_panel.services.context import Ctx

# Invented for the demo and written next to its output, so that a reader can repeat each step.
DEMO_PASSPHRASE = "demo-口令-2026"


@contextmanager
def laptop(home: Path) -> Iterator[Path]:
    """Run the block as if on another laptop: its own data directory (keys, panels, joins)."""
    before = os.environ.get("QJSC_HOME")
    home.mkdir(parents=True, exist_ok=True)
    os.environ["QJSC_HOME"] = str(home)
    try:
        yield home
    finally:
        if before is None:
            os.environ.pop("QJSC_HOME", None)
        else:
            os.environ["QJSC_HOME"] = before


@dataclass(frozen=True)
class ExchangeRecord:
    packages: list[Path]
    verdicts: list[dict[str, Any]]


def exchange_sheets(
    chair_ctx: Ctx,
    acceptance: str,
    members: Mapping[str, int],
    scores: Mapping[str, Mapping[str, Decimal]],
    out: Path,
    *,
    comments: Mapping[str, Mapping[str, str]] | None = None,
    passphrase: str = DEMO_PASSPHRASE,
) -> ExchangeRecord:
    """Score on each expert's laptop and import the signed packages on the chair's.

    ``chair_ctx`` is the chair's database (its actor is used for the chair's steps);
    ``members`` maps expert name → member id there; ``scores`` gives each scoring expert's
    item scores (experts absent from it do not score, e.g. the recused one).
    """
    from qjsc_panel.exchange import importer, invitation, keys, package, panelkey
    from qjsc_panel.services import panel, scoring
    from qjsc_panel.store.db import open_database

    laptops, sheets, invites = out / "laptops", out / "sheets", out / "invitations"
    _start_afresh(laptops, sheets, invites)
    chair_home = laptops / "chair"
    with laptop(chair_home):
        if not panelkey.has_panel_key(_full_uuid(chair_ctx, acceptance)):
            panelkey.init_panel_key(chair_ctx, acceptance, passphrase)
    appoint_panel(chair_ctx, acceptance, laptops, passphrase)
    written: list[Path] = []
    for name, item_scores in scores.items():
        home = laptops / name
        with laptop(home):  # the expert makes a key and hands over the public half
            info = keys.list_keys()[0] if keys.list_keys() else keys.init_key(name, passphrase)
            public = home / "public-key.pem"
            public.write_text(info.public_pem, encoding="ascii")
        with laptop(chair_home):  # the chair enrols it and writes the invitation
            panelkey.enrol(chair_ctx, acceptance, str(members[name]), public.read_bytes(), passphrase)
            invite = invitation.make_invitation(
                chair_ctx, acceptance, str(members[name]), passphrase, invites / f"{name}.qjsc-invite"
            )
        with laptop(home):  # the expert joins, declares, scores, submits and exports
            db = open_database(home / "qjsc-panel.sqlite3")
            try:
                ctx = Ctx(db, actor=name, lang=chair_ctx.lang)
                joined = invitation.join(ctx, invite)
                member = joined.local_member
                panel.declare(ctx, member, [])
                for item_id, value in item_scores.items():
                    scoring.set_score(ctx, member, item_id, value)
                for item_id, text in ((comments or {}).get(name) or {}).items():
                    scoring.set_comment(ctx, member, item_id, text)
                scoring.submit(ctx, member)
                written.append(package.export_sheet(ctx, joined.local_acceptance, passphrase, sheets))
            finally:
                db.close()
    with laptop(chair_home):  # the chair imports everything on the stick at once
        verdicts = importer.import_packages(chair_ctx, written, passphrase)
    refused = [v for v in verdicts if not v.ok]
    if refused:
        raise refused[0].error or RuntimeError(refused[0].file)
    return ExchangeRecord(written, [v.as_dict(chair_ctx.lang) for v in verdicts])


DEMO_BUREAU = "qjsc-panel 演示 市局根CA"


def appoint_panel(chair_ctx: Ctx, acceptance: str, laptops: Path, passphrase: str = DEMO_PASSPHRASE) -> None:
    """The demo's bureau (labelled 演示) certifies the panel CA on the secretary's laptop, and the
    chair installs the appointment: the demo's signatures chain to the demo's root."""
    from qjsc_panel.exchange import bureau, panelkey
    from qjsc_panel.services import bureau as bureau_service

    acc_uuid = _full_uuid(chair_ctx, acceptance)
    with laptop(laptops / "chair"):
        if panelkey.appointment(acc_uuid) is not None:
            return
        request = panelkey.certification_request(acc_uuid)
    with laptop(laptops / "secretary"):
        if not bureau.has_bureau_ca():
            bureau_service.init(passphrase, DEMO_BUREAU)
        doc = bureau_service.appoint(chair_ctx, acc_uuid, request, passphrase)
        root = bureau.load_bureau().cert
    with laptop(laptops / "chair"):
        panelkey.install_appointment(acc_uuid, doc, root)


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


def _full_uuid(ctx: Ctx, ref: str) -> str:
    from qjsc_panel.services.common import get_acceptance

    with ctx.db.session() as s:
        return get_acceptance(s, ref).uuid
