"""The chair's side: verify packages completely, then import them through the scoring service.

(Moved from ``exchange/importer.py``: it reads the database, so it is a service; the file
formats and cryptography stay in :mod:`qjsc_panel.exchange`.)

Every check runs before anything is written: envelope structure, panel, CA-issued certificate,
signature, enrolment (file record and ``Expert.key_fingerprint``), decryption, payload/header
agreement, form hash, declaration and recusal, each score, the version chain.  A refusal
raises :class:`QjscError` naming the file and the reason; the database is untouched.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qjsc_panel.domain.panel import check_may_score
from qjsc_panel.domain.scoring import check_veto_proposal, is_canonical_number, parse_sheet, sheet_total
from qjsc_panel.domain.versions import Recorded, place_version
from qjsc_panel.errors import QjscError
from qjsc_panel.exchange import crypto
from qjsc_panel.exchange.package import Envelope, check_signature, open_payload, read_envelope
from qjsc_panel.exchange.panelkey import enrolment_for, load_panel
from qjsc_panel.services.common import sheets_of
from qjsc_panel.store.models import Acceptance, PanelMember, ScoreSheet

if TYPE_CHECKING:
    from qjsc_panel.domain.form import Form
    from qjsc_panel.services.app import App


@dataclass
class Verdict:
    """What became of one file.  ``status``: imported, superseded, duplicate, valid (verify
    only, would import), signature_ok (verify without the chair's key), refused."""

    file: str
    status: str
    header: dict[str, Any] = field(default_factory=dict)
    error: QjscError | None = None
    sha256: str = ""
    total: Decimal | None = None

    @property
    def ok(self) -> bool:
        return self.status != "refused"

    def as_dict(self, lang: str = "zh") -> dict[str, Any]:
        h = self.header
        return {
            "file": self.file,
            "status": self.status,
            "sha256": self.sha256,
            "panel": h.get("panel"),
            "expert": h.get("expert"),
            "fingerprint": crypto.short_fingerprint(h["signer"]) if h.get("signer") else None,
            "sheet": h.get("sheet"),
            "version": h.get("version"),
            "supersedes": h.get("supersedes"),
            "form_hash": h.get("form_hash"),
            "reason_code": self.error.code if self.error else None,
            "reason": self.error.render(lang) if self.error else None,
        }


@dataclass
class Checked:
    env: Envelope
    payload: dict[str, Any]
    member_id: int
    scores: dict[str, Decimal]
    comments: dict[str, str]
    vetoes: list[tuple[str, str]]
    duplicate: bool
    needs_declaration: bool

    @property
    def sheet_uuid(self) -> str:
        return str(member_sheet_uuid(self.member_id, self.payload["sheet"]))

    @property
    def supersedes_uuid(self) -> str | None:
        return member_sheet_uuid(self.member_id, self.payload["supersedes"])


# A package's sheet UUID is the expert's own: on the chair's laptop it is stored scoped to the
# member who signed it, so that an expert who copies a colleague's sheet UUID (readable on the
# shared stick) neither takes nor blocks the colleague's sheet (issue 12).
SHEET_NAMESPACE = uuid.UUID("5b0e1f0c-6a53-4b1e-9f0e-6d1c0c2f7a31")


def member_sheet_uuid(member_id: int, sheet_uuid: str | None) -> str | None:
    if sheet_uuid is None:
        return None
    return str(uuid.uuid5(SHEET_NAMESPACE, f"{member_id}/{sheet_uuid}"))


class PanelKeys:
    """Unlocks each panel's private keys once per run (scrypt is deliberately slow)."""

    def __init__(self, home: Path, passphrase: str | None) -> None:
        self.home = home
        self.passphrase = passphrase
        self._cache: dict[str, tuple[Any, Any]] = {}

    def get(self, acc_uuid: str) -> tuple[Any, Any] | None:
        from qjsc_panel.exchange.panelkey import unlock_panel

        if self.passphrase is None:
            return None
        if acc_uuid not in self._cache:
            self._cache[acc_uuid] = unlock_panel(self.home, acc_uuid, self.passphrase)
        return self._cache[acc_uuid]


def _refuse(env: Envelope, code: str, **params: Any) -> QjscError:
    return QjscError(code, file=env.name, **params)


def _ca_for(ctx: App, env: Envelope) -> tuple[Any, bool]:
    """The CA certificate to check against, and whether this laptop is the panel's chair."""
    from qjsc_panel.exchange.invitation import joined
    from qjsc_panel.exchange.panelkey import has_panel_key, load_panel

    panel = env.header["panel"]
    if has_panel_key(ctx.home, panel):
        return load_panel(ctx.home, panel).ca_cert, True
    found = joined(ctx.home, panel)
    if found is not None:
        from qjsc_panel.exchange.panelkey import load_cert

        return load_cert(found.invitation.body["panel"]["ca_cert"].encode("ascii")), False
    raise _refuse(env, "exchange.other_panel", panel=panel)


def check(ctx: App, env: Envelope, keys: PanelKeys) -> Checked | None:
    """Everything short of writing; None when the chair's key was not available."""
    ca_cert, is_chair = _ca_for(ctx, env)
    check_signature(env, ca_cert)
    if not is_chair:
        return None
    unlocked = keys.get(env.header["panel"])  # before the transaction: scrypt takes a while
    with ctx.db.session() as s:
        return check_in(ctx, s, env, unlocked)


def check_in(ctx: App, s: Session, env: Envelope, unlocked: tuple[Any, Any] | None) -> Checked | None:
    """:func:`check`'s database part, in the caller's transaction (the signature is checked)."""
    acc, member = _enrolled_member(ctx, s, env)
    if unlocked is None:
        return None
    payload = open_payload(env, unlocked[1], load_panel(ctx.home, acc.uuid).enc_public)
    _same_form(env, payload, acc)
    _may_score(payload, member)
    form = ctx.form(acc.form_hash, acc.form_json)
    scores, comments, vetoes = _contents(env, payload, form, member.name)
    submitted = [_recorded(x) for x in sheets_of(s, member.id) if x.status == "submitted"]
    # Sheet uuids are the member's own: another expert cannot take over a uuid read off the stick.
    duplicate = place_version(
        submitted,
        str(member_sheet_uuid(member.id, payload["sheet"])),
        payload["version"],
        member_sheet_uuid(member.id, payload["supersedes"]),
        payload["reason"],
        scores,
        comments,
    )
    if acc.status == "finalised" and not duplicate:
        raise QjscError("acceptance.finalised")
    needs_declaration = member.declared_at is None or not member.confidentiality
    return Checked(env, payload, member.id, scores, comments, vetoes, duplicate, needs_declaration)


def _enrolled_member(ctx: App, s: Session, env: Envelope) -> tuple[Acceptance, PanelMember]:
    """The panel member the package is for, whose enrolled key (file record and
    ``Expert.key_fingerprint``) signed it."""
    h = env.header
    acc = s.scalar(select(Acceptance).where(Acceptance.uuid == h["panel"]))
    if acc is None:
        raise _refuse(env, "exchange.other_panel", panel=h["panel"])
    member = s.get(PanelMember, h["member_id"])
    enrolment = enrolment_for(ctx.home, acc.uuid, h["member_id"])
    if (
        member is None
        or member.acceptance_id != acc.id
        or member.expert is None
        or enrolment is None
        or enrolment.fingerprint != h["signer"]
        or member.expert.key_fingerprint != h["signer"]
    ):
        raise _refuse(
            env, "exchange.not_enrolled_key", name=h["expert"], fingerprint=crypto.short_fingerprint(h["signer"])
        )
    return acc, member


def _same_form(env: Envelope, payload: dict[str, Any], acc: Acceptance) -> None:
    if env.header["form_hash"] != acc.form_hash:
        form = payload["form"]
        raise _refuse(
            env,
            "exchange.other_form",
            want=f"{acc.form_id} {acc.form_version}",
            found=f"{form.get('id')} {form.get('version')}",
        )


def _may_score(payload: dict[str, Any], member: PanelMember) -> None:
    """The one rule (qjsc_panel.domain.panel), on what the chair holds and what the package says."""
    decl = payload["declaration"]
    declared = (
        isinstance(decl, dict)
        and decl.get("conflicts") == []
        and decl.get("confidentiality") is True
        and bool(decl.get("declared_at"))
    )
    expert = member.expert
    check_may_score(
        member.name,
        member.role,
        expert.title_level if expert else None,
        expert.years if expert else None,
        recused=payload["recused"] is not False or member.recused,
        recusal_reason=member.recusal_reason or str(payload["recusal_reason"]),
        declared=declared,
    )


def _contents(
    env: Envelope, payload: dict[str, Any], form: Form, name: str
) -> tuple[dict[str, Decimal], dict[str, str], list[tuple[str, str]]]:
    """Scores (every item, each on its step), comments and veto proposals, checked."""
    scores_raw, comments, vetoes = payload["scores"], payload["comments"], payload["vetoes"]
    if not (
        isinstance(scores_raw, dict)
        and isinstance(comments, dict)
        and isinstance(vetoes, list)
        and isinstance(payload["reason"], str)
        and all(isinstance(v, str) for v in comments.values())
    ):
        raise _refuse(env, "exchange.corrupt", detail="payload")
    for item_id, value in scores_raw.items():
        if item_id in form.item_by_id and not is_canonical_number(value):  # one grammar: "５", "1E+1" refused
            raise QjscError("score.not_a_number", item=item_id, value=value)
    scores = parse_sheet(form, scores_raw, name)
    for item_id in comments:
        if item_id not in form.item_by_id:
            raise QjscError("score.unknown_item", item=item_id)
    return scores, comments, _veto_pairs(env, form, vetoes)


def _veto_pairs(env: Envelope, form: Form, vetoes: list[Any]) -> list[tuple[str, str]]:
    pairs = []
    for v in vetoes:
        if not (isinstance(v, dict) and isinstance(v.get("item"), str) and isinstance(v.get("evidence"), str)):
            raise _refuse(env, "exchange.corrupt", detail="vetoes")
        pairs.append((v["item"], check_veto_proposal(form, v["item"], v["evidence"])))
    return pairs


def _recorded(sheet: ScoreSheet) -> Recorded:
    return Recorded(
        sheet.uuid,
        sheet.version,
        {e.item_id: e.score for e in sheet.entries if e.score is not None},
        {e.item_id: e.comment for e in sheet.entries if e.comment},
    )


def _write(ctx: App, c: Checked) -> str:
    """The writes, after every check passed, in one transaction: the declaration (if the
    chair has none on file), the sheet, and any new veto proposals."""
    with ctx.db.session() as s:
        return write_in(ctx, s, c)


def write_in(ctx: App, s: Session, c: Checked) -> str:
    """:func:`_write` in the caller's transaction."""
    from qjsc_panel.services.scoring import import_sheet_in

    p = c.payload
    return import_sheet_in(
        ctx,
        s,
        c.member_id,
        sheet_uuid=c.sheet_uuid,
        version=p["version"],
        supersedes_uuid=c.supersedes_uuid,
        reason=p["reason"],
        scores=c.scores,
        comments=c.comments,
        form_hash=p["form"]["hash"],
        source="package",
        signed=True,
        signer_fingerprint=p["signer"],
        package_sha256=c.env.sha256,
        declaration_note=str(p["declaration"].get("note", "")) if c.needs_declaration else None,
        vetoes=list(c.vetoes),
    )


def _envelopes(paths: list[Path]) -> list[tuple[Path, Envelope | QjscError]]:
    out: list[tuple[Path, Envelope | QjscError]] = []
    for p in paths:
        try:
            out.append((p, read_envelope(p)))
        except QjscError as exc:
            out.append((p, exc))

    def order(x: tuple[Path, Envelope | QjscError]) -> tuple[Any, ...]:
        e = x[1]
        if isinstance(e, Envelope):
            return (0, e.header["panel"], e.header["member_id"], e.header["version"], x[0].name)
        return (1, "", 0, 0, x[0].name)

    # Versions of one expert's sheet go in order, so v1 and v2 can arrive on the same stick.
    return sorted(out, key=order)


def import_packages(ctx: App, paths: list[Path], passphrase: str, keys: PanelKeys | None = None) -> list[Verdict]:
    """One transaction per package (the CLI's ``sheet import``); ``keys``: already unlocked."""
    keys = keys or PanelKeys(ctx.home, passphrase)
    verdicts: list[Verdict] = []
    for path, env in _envelopes(paths):
        if isinstance(env, QjscError):
            verdicts.append(Verdict(path.name, "refused", error=env))
            continue
        try:
            checked = check(ctx, env, keys)
            if checked is None:  # an expert's laptop: it holds no panel key to import with
                raise QjscError("exchange.no_panel_key", acceptance=env.header["panel"])
            status = "duplicate" if checked.duplicate else _write(ctx, checked)
            verdicts.append(
                Verdict(path.name, status, env.header, sha256=env.sha256, total=sheet_total(checked.scores))
            )
        except QjscError as exc:
            if exc.code == "exchange.bad_passphrase":
                raise
            verdicts.append(Verdict(path.name, "refused", env.header, exc, env.sha256))
        except Exception as exc:
            logging.getLogger(__name__).exception("importing %s", path)
            error = QjscError("exchange.import_failed", file=path.name, detail=type(exc).__name__)
            verdicts.append(Verdict(path.name, "refused", env.header, error, env.sha256))
    return verdicts


def verify_packages(ctx: App, paths: list[Path], passphrase: str | None) -> list[Verdict]:
    keys = PanelKeys(ctx.home, passphrase)
    return [verify_package(ctx, p, passphrase, keys) for p in paths]


def verify_package(ctx: App, path: Path, passphrase: str | None, keys: PanelKeys | None = None) -> Verdict:
    """Check a file without importing it: who signed it, for which panel, and whether it would
    be accepted here (each file on its own: versions are not chained across files)."""
    try:
        env = read_envelope(path)
    except QjscError as exc:
        return Verdict(path.name, "refused", error=exc)
    try:
        checked = check(ctx, env, keys or PanelKeys(ctx.home, passphrase))
    except QjscError as exc:
        if exc.code == "exchange.bad_passphrase":
            raise
        return Verdict(path.name, "refused", env.header, exc, env.sha256)
    if checked is None:
        return Verdict(path.name, "signature_ok", env.header, sha256=env.sha256)
    return Verdict(
        path.name,
        "duplicate" if checked.duplicate else "valid",
        env.header,
        sha256=env.sha256,
        total=sheet_total(checked.scores),
    )
