"""Authority by key: a decision reserved to the chair needs the chair's own key, unlocked.

A name proves nothing (anyone may make a profile called 陈国华).  The chair's authority is the
expert signing key whose fingerprint the panel recorded for the chair (``Expert.key_fingerprint``,
set when the chair's public key is enrolled with the panel key).  A session holds that key once
its passphrase has been given (app login, or the CLI's ``--passphrase-file``); every audit entry
written in such a session carries the key's fingerprint and an ECDSA signature over the entry.

The signing helpers are small pure functions so that other signatures (the audit head, the
frozen result) can reuse them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from qjsc_panel.errors import QjscError
from qjsc_panel.exchange import crypto

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from qjsc_panel.exchange.keys import KeyInfo
    from qjsc_panel.services.context import Ctx
    from qjsc_panel.store.models import Acceptance, AuditEntry, PanelMember

KEY_FIELD = "key"  # the payload field holding {"fingerprint", "signature"}


@dataclass(frozen=True)
class SessionKey:
    """A signing key unlocked in this session."""

    name: str
    fingerprint: str
    public_pem: str
    private: Any = field(repr=False, compare=False)

    @property
    def short(self) -> str:
        return crypto.short_fingerprint(self.fingerprint)


def from_private(name: str, private: Any) -> SessionKey:
    """A session key around an EC P-256 private key already in memory."""
    from cryptography.hazmat.primitives import serialization

    public = private.public_key()
    pem = public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    return SessionKey(name, crypto.public_fingerprint(public), pem.decode("ascii"), private)


def unlock(info: KeyInfo, passphrase: str) -> SessionKey:
    """The key file's private half; ``exchange.bad_passphrase`` if the passphrase is wrong."""
    from qjsc_panel.exchange import keys

    return SessionKey(info.name, info.fingerprint, info.public_pem, keys.unlock(info, passphrase))


def unlock_profile(app: Ctx, fingerprint: str, passphrase: str) -> SessionKey:
    """Log in: unlock the profile's own key (the app's session authority)."""
    from qjsc_panel.exchange import keys

    return unlock(keys.find_key(app.home, fingerprint), passphrase)


# --- pure signing helpers ------------------------------------------------------------------


def sign_message(private: Any, message: bytes) -> str:
    """ECDSA-SHA256 over ``message``, base64 of the DER signature."""
    return crypto.b64e(crypto.sign(private, message))


def verify_message(public_pem: str, message: bytes, signature: str) -> bool:
    from qjsc_panel.exchange.keys import load_public_pem

    try:
        raw = crypto.b64d(signature)
        return crypto.verify(load_public_pem(public_pem.encode("ascii")), raw, message)
    except QjscError:
        return False


def entry_message(prev_hash: str, actor: str, action: str, acceptance_uuid: str | None, payload: Any) -> bytes:
    """What an audit entry's signature covers: its place in the chain and its whole content."""
    plain = json.loads(json.dumps(payload, default=str))  # the payload exactly as stored
    return crypto.canonical_json(
        {"prev": prev_hash, "actor": actor, "action": action, "acc": acceptance_uuid, "payload": plain}
    )


def sealed_payload(
    key: SessionKey, prev_hash: str, actor: str, action: str, acceptance_uuid: str | None, payload: dict[str, Any]
) -> dict[str, Any]:
    """``payload`` with the key's fingerprint and its signature over the entry added."""
    signature = sign_message(key.private, entry_message(prev_hash, actor, action, acceptance_uuid, payload))
    return {**payload, KEY_FIELD: {"fingerprint": key.fingerprint, "signature": signature}}


def entry_signed_by(entry: AuditEntry, public_pem: str) -> bool:
    """The stored entry carries a valid signature by ``public_pem``'s key."""
    payload = json.loads(entry.payload)
    seal = payload.pop(KEY_FIELD, None)
    if not isinstance(seal, dict):
        return False
    from qjsc_panel.exchange.keys import load_public_pem

    try:
        fingerprint = crypto.public_fingerprint(load_public_pem(public_pem.encode("ascii")))
    except QjscError:
        return False
    if seal.get("fingerprint") != fingerprint:
        return False
    message = entry_message(entry.prev_hash, entry.actor, entry.action, entry.acceptance_uuid, payload)
    return verify_message(public_pem, message, str(seal.get("signature", "")))


# --- the rule ------------------------------------------------------------------------------


def head_hash(s: Session) -> str:
    from qjsc_panel.store.audit import GENESIS, dbapi

    row = dbapi(s).execute("SELECT hash FROM audit_head WHERE id = 1").fetchone()
    return str(row[0]) if row else GENESIS


def require_chair_key(ctx: Ctx, acc: Acceptance) -> PanelMember:
    """The chair, if this session holds the chair's registered key; a refusal otherwise."""
    from qjsc_panel.services.common import chair_of

    chair = chair_of(acc)
    key = ctx.key
    if key is None:
        raise QjscError("panel.not_chair", chair=chair.name)
    registered = chair.expert.key_fingerprint if chair.expert is not None else None
    if not registered:
        raise QjscError("authority.chair_key_unregistered", chair=chair.name)
    if key.fingerprint != registered:
        raise QjscError(
            "authority.wrong_key",
            chair=chair.name,
            fingerprint=key.short,
            registered=crypto.short_fingerprint(registered),
        )
    return chair


def chair_fingerprint(ctx: Ctx, acc_ref: str) -> tuple[str, str | None]:
    """``(chair name, registered fingerprint or None)`` of an acceptance."""
    from qjsc_panel.services.common import chair_of, get_acceptance

    with ctx.db.session() as s:
        chair = chair_of(get_acceptance(s, acc_ref))
        return chair.name, chair.expert.key_fingerprint if chair.expert is not None else None


def unlock_chair_key(ctx: Ctx, acc_ref: str, passphrase: str | None) -> SessionKey:
    """On the chair's laptop: find the chair's registered key among this laptop's keys and
    unlock it.  The passphrase of another key, even one with the chair's name, fails."""
    from qjsc_panel.exchange import keys

    name, registered = chair_fingerprint(ctx, acc_ref)
    if not registered:
        raise QjscError("authority.chair_key_unregistered", chair=name)
    found = [k for k in keys.list_keys(ctx.home) if k.fingerprint == registered]
    if not found:
        raise QjscError("authority.chair_key_absent", chair=name, fingerprint=crypto.short_fingerprint(registered))
    if not passphrase:
        raise QjscError("panel.not_chair", chair=name)
    return unlock(found[0], passphrase)


def require_chair_signer(ctx: Ctx, acc_ref: str | None, fingerprint: str) -> None:
    """The chair's signature field takes only the key registered for the chair."""
    if not acc_ref:
        raise QjscError("input.required", field="--acceptance")
    name, registered = chair_fingerprint(ctx, acc_ref)
    if not registered:
        raise QjscError("authority.chair_key_unregistered", chair=name)
    if fingerprint != registered:
        raise QjscError(
            "authority.wrong_key",
            chair=name,
            fingerprint=crypto.short_fingerprint(fingerprint),
            registered=crypto.short_fingerprint(registered),
        )


def acceptance_of_sheet(ctx: Ctx, sheet_ref: str) -> str:
    """The acceptance (id) a sheet belongs to, for a decision named by its sheet."""
    from qjsc_panel.services.scoring import _sheet_by_uuid

    with ctx.db.session() as s:
        return str(_sheet_by_uuid(s, sheet_ref).acceptance_id)


def acceptance_of_proposal(ctx: Ctx, proposal_id: int) -> str:
    """The acceptance (id) of a veto proposal."""
    from qjsc_panel.store.models import VetoProposal

    with ctx.db.session() as s:
        proposal = s.get(VetoProposal, proposal_id)
        if proposal is None:
            raise QjscError("veto.not_found", proposal=proposal_id)
        return str(proposal.acceptance_id)
