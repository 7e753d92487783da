"""The chair's side: verify packages completely, then import them through the scoring service.

(Moved from ``exchange/importer.py``: it reads the database, so it is a service; the file
formats and cryptography stay in :mod:`qjsc_panel.exchange`.)

Every check runs before anything is written: envelope structure, panel, CA-issued certificate,
signature, enrolment (file record and ``Expert.key_fingerprint``), decryption, payload/header
agreement, form hash, declaration and recusal, each score, the version chain.  A refusal
raises :class:`QjscError` naming the file and the reason; the database is untouched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qjsc_panel.errors import QjscError
from qjsc_panel.exchange import crypto
from qjsc_panel.exchange.package import Envelope, check_signature, open_payload, read_envelope

if TYPE_CHECKING:
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


def check(ctx: App, env: Envelope, keys: PanelKeys) -> Checked | None:  # noqa: C901, PLR0912  # split in progress
    """Everything short of writing; None when the chair's key was not available."""
    from qjsc_panel.domain.panel import is_qualified
    from qjsc_panel.domain.scoring import parse_score
    from qjsc_panel.exchange.panelkey import enrolment_for, load_panel
    from qjsc_panel.services.common import sheets_of
    from qjsc_panel.store.models import Acceptance, PanelMember

    ca_cert, is_chair = _ca_for(ctx, env)
    check_signature(env, ca_cert)
    if not is_chair:
        return None
    h = env.header
    unlocked = keys.get(h["panel"])  # before the transaction: scrypt takes a while
    with ctx.db.session() as s:
        from sqlalchemy import select

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
        if unlocked is None:
            return None
        payload = open_payload(env, unlocked[1], load_panel(ctx.home, acc.uuid).enc_public)
        if h["form_hash"] != acc.form_hash:
            form = payload["form"]
            raise _refuse(
                env,
                "exchange.other_form",
                want=f"{acc.form_id} {acc.form_version}",
                found=f"{form.get('id')} {form.get('version')}",
            )
        decl = payload["declaration"]
        if payload["recused"] is not False or member.recused:
            reason = member.recusal_reason or str(payload["recusal_reason"])
            raise _refuse(env, "exchange.recused", name=member.name, reason=reason)
        if (
            not isinstance(decl, dict)
            or decl.get("conflicts") != []
            or decl.get("confidentiality") is not True
            or not decl.get("declared_at")
        ):
            raise _refuse(env, "exchange.not_declared", name=member.name)
        if member.role != "expert" or not is_qualified(member.expert.title_level, member.expert.years):
            raise QjscError("panel.unqualified", name=member.name)
        form = ctx.form(acc.form_hash, acc.form_json)
        scores_raw, comments, vetoes = payload["scores"], payload["comments"], payload["vetoes"]
        if not (
            isinstance(scores_raw, dict)
            and isinstance(comments, dict)
            and isinstance(vetoes, list)
            and isinstance(payload["reason"], str)
            and all(isinstance(v, str) for v in comments.values())
        ):
            raise _refuse(env, "exchange.corrupt", detail="payload")
        scores: dict[str, Decimal] = {}
        for item_id, value in scores_raw.items():
            item = form.item_by_id.get(item_id)
            if item is None:
                raise QjscError("score.unknown_item", item=item_id)
            if not isinstance(value, str):
                raise QjscError("score.not_a_number", item=item_id, value=value)
            scores[item_id] = parse_score(item, value)
        missing = [i.id for i in form.items if i.id not in scores]
        if missing:
            raise QjscError("sheet.incomplete", expert=member.name, items=", ".join(missing))
        for item_id in comments:
            if item_id not in form.item_by_id:
                raise QjscError("score.unknown_item", item=item_id)
        veto_pairs: list[tuple[str, str]] = []
        for v in vetoes:
            if not (isinstance(v, dict) and isinstance(v.get("item"), str) and isinstance(v.get("evidence"), str)):
                raise _refuse(env, "exchange.corrupt", detail="vetoes")
            if v["item"] not in form.veto_by_id:
                raise QjscError("veto.unknown_item", item=v["item"])
            if not v["evidence"].strip():
                raise QjscError("veto.evidence_required")
            veto_pairs.append((v["item"], v["evidence"].strip()))
        duplicate = _check_chain(
            env, payload, scores, comments, [x for x in sheets_of(s, member.id) if x.status == "submitted"]
        )
        if acc.status == "finalised" and not duplicate:
            raise QjscError("acceptance.finalised")
        needs_declaration = member.declared_at is None or not member.confidentiality
        return Checked(env, payload, member.id, scores, comments, veto_pairs, duplicate, needs_declaration)


def _check_chain(
    env: Envelope, payload: dict[str, Any], scores: dict[str, Decimal], comments: dict[str, str], submitted: list[Any]
) -> bool:
    """True for the very sheet already imported; refuses stale, replayed or broken chains."""
    sheet_uuid, version, supersedes = payload["sheet"], payload["version"], payload["supersedes"]
    latest = submitted[-1] if submitted else None
    for old in submitted:
        if old.uuid != sheet_uuid:
            continue
        stored = {e.item_id: e.score for e in old.entries if e.score is not None}
        same = (
            old.version == version
            and stored == scores
            and {e.item_id: e.comment for e in old.entries if e.comment} == comments
        )
        if not same:
            raise QjscError("sheet.uuid_reused", sheet=sheet_uuid)
        if old is not latest:
            raise _refuse(
                env, "exchange.superseded_version", version=version, current=latest.version if latest else "-"
            )
        return True
    if latest is not None and version <= latest.version:
        raise _refuse(env, "exchange.stale_version", version=version, current=latest.version)
    expected = latest.version + 1 if latest else 1
    if version != expected or supersedes != (latest.uuid if latest else None):
        raise _refuse(env, "exchange.chain_broken", version=version, expected=expected)
    if supersedes is not None and not payload["reason"].strip():
        raise QjscError("sheet.reason_required")
    return False


def _write(ctx: App, c: Checked) -> str:
    """The writes, after every check passed, in one transaction: the declaration (if the
    chair has none on file), the sheet, and any new veto proposals."""
    from qjsc_panel.services.scoring import import_sheet

    p = c.payload
    return import_sheet(
        ctx,
        c.member_id,
        sheet_uuid=p["sheet"],
        version=p["version"],
        supersedes_uuid=p["supersedes"],
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


def import_packages(ctx: App, paths: list[Path], passphrase: str) -> list[Verdict]:
    keys = PanelKeys(ctx.home, passphrase)
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
                Verdict(
                    path.name, status, env.header, sha256=env.sha256, total=sum(checked.scores.values(), Decimal(0))
                )
            )
        except QjscError as exc:
            if exc.code == "exchange.bad_passphrase":
                raise
            verdicts.append(Verdict(path.name, "refused", env.header, exc, env.sha256))
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
        total=sum(checked.scores.values(), Decimal(0)),
    )
