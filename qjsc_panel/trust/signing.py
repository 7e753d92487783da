"""The chair signs the audit head at each chair decision and at finalisation.

Whoever owns the database file can drop the triggers, rewrite the log and recompute every
hash; he cannot make the chair's signature.  The signed *statement* names the acceptance, the
log position (``seq``) and the chain hash there, a digest over this acceptance's entries up to
it (so a bundle, which carries only this acceptance's entries, shows a deleted one), and at
finalisation the SHA-256 of the frozen result.

The pure functions here (:func:`statement`, :func:`entries_digest`, :func:`check_signed_head`)
are what the bundle verifier calls; :func:`signed_heads` exports the rows for the bundle.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qjsc_panel.errors import QjscError

if TYPE_CHECKING:
    import sqlite3

    from sqlalchemy.orm import Session

    from qjsc_panel.services.app import App as Ctx
    from qjsc_panel.store.models import Acceptance

STATEMENT_KIND = "qjsc-panel-signed-head"
FIELDS = (
    "acceptance_uuid",
    "seq",
    "head_hash",
    "entries",
    "entries_digest",
    "result_sha256",
    "signer_fingerprint",
    "certificate",
    "signature",
    "signed_at",
)


def entries_digest(hashes: Iterable[str]) -> str:
    """SHA-256 over an acceptance's entry hashes in seq order, one per line."""
    h = hashlib.sha256()
    for digest in hashes:
        h.update(digest.encode("ascii") + b"\n")
    return h.hexdigest()


def statement(
    acceptance_uuid: str,
    seq: int,
    head_hash: str,
    entries: int,
    digest: str,
    result_sha256: str | None,
    signed_at: str,
) -> bytes:
    """The exact bytes the chair signs (canonical JSON)."""
    body = {
        "kind": STATEMENT_KIND,
        "format": 1,
        "acceptance": acceptance_uuid,
        "seq": seq,
        "head_hash": head_hash,
        "entries": entries,
        "entries_digest": digest,
        "result_sha256": result_sha256,
        "signed_at": signed_at,
    }
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


@dataclass(frozen=True)
class ChairSigner:
    """The chair's unlocked key and the certificate the panel CA issued for it."""

    private_key: Any
    certificate_pem: str
    fingerprint: str


def load_chair_signer(home: Path, fingerprint: str, passphrase: str, acceptance_uuid: str) -> ChairSigner:
    """Unlock the chair's key in the data directory ``home`` (``exchange.bad_passphrase`` if wrong)."""
    from cryptography.hazmat.primitives import serialization

    from qjsc_panel.exchange import keys

    private, cert, _chain = keys.load_signing_identity(home, fingerprint, passphrase, acceptance_uuid)
    pem = cert.public_bytes(serialization.Encoding.PEM).decode("ascii")
    return ChairSigner(private, pem, fingerprint)


def chair_signer(ctx: Ctx, acc: Acceptance) -> ChairSigner | None:
    """The chair's signer for a decision on ``acc``; None when the chair has no key on record
    (a panel without the exchange).  Asked before anything changes, so a missing or wrong
    passphrase refuses the decision instead of leaving it unsigned."""
    chair = next((m for m in acc.members if m.is_chair), None)
    fingerprint = chair.expert.key_fingerprint if chair is not None and chair.expert is not None else None
    if chair is None or not fingerprint:
        return None
    held = _from_session_key(ctx, fingerprint, acc.uuid)
    if held is not None:  # the chair's key is already unlocked in this session (services.authority)
        return held
    passphrase = ctx.ask_passphrase() if ctx.ask_passphrase is not None else None
    if not passphrase:
        raise QjscError("trust.chair_passphrase_needed", name=chair.name)
    return load_chair_signer(ctx.home, fingerprint, passphrase, acc.uuid)


def _from_session_key(ctx: Ctx, fingerprint: str, acceptance_uuid: str) -> ChairSigner | None:
    """The signer from the key this session unlocked, with the certificate the panel CA issued
    for it (the chair's enrolment records); None when the session holds no such key."""
    key = ctx.key
    if key is None or key.fingerprint != fingerprint:
        return None
    from cryptography.hazmat.primitives import serialization

    from qjsc_panel.exchange import panelkey

    found = panelkey.certificate_for(ctx.home, fingerprint, acceptance_uuid)
    cert = found[0] if found is not None else _self_certified(key.private, fingerprint)
    pem = cert.public_bytes(serialization.Encoding.PEM).decode("ascii")
    return ChairSigner(key.private, pem, fingerprint)


def _self_certified(private: Any, fingerprint: str) -> Any:
    """A panel without the exchange has no panel CA: the key certifies itself.  The head is still
    signed by the chair's logged key; a bundle verifier finds no chain to the bureau root."""
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID

    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"qjsc chair {fingerprint[:16]}")])
    now = datetime.now(UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=3650))
        .sign(private, hashes.SHA256())
    )


def _sign(signer: ChairSigner, data: bytes) -> str:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    return base64.b64encode(signer.private_key.sign(data, ec.ECDSA(hashes.SHA256()))).decode("ascii")


def _acceptance_hashes(con: sqlite3.Connection, acceptance_uuid: str, upto: int) -> tuple[int, str]:
    rows = con.execute(
        "SELECT hash FROM audit_log WHERE acceptance_uuid = ? AND seq <= ? ORDER BY seq", (acceptance_uuid, upto)
    )
    count = 0

    def hashes() -> Iterable[str]:
        nonlocal count
        for (digest,) in rows:
            count += 1
            yield digest

    digest = entries_digest(hashes())
    return count, digest


def sign_head(s: Session, signer: ChairSigner, acceptance_uuid: str, result_json: str | None = None) -> None:
    """Sign the current head for this acceptance, in the caller's transaction (right after the
    decision's own log entry, so the head is that entry)."""
    from qjsc_panel.store.audit import dbapi
    from qjsc_panel.trust.frozen import result_sha256

    con = dbapi(s)
    head = con.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchone()
    if head is None:
        raise QjscError("trust.no_head")
    seq, head_hash = int(head[0]), str(head[1])
    count, digest = _acceptance_hashes(con, acceptance_uuid, seq)
    rsha = result_sha256(result_json) if result_json is not None else None
    at = datetime.now(UTC).isoformat(timespec="seconds")
    sig = _sign(signer, statement(acceptance_uuid, seq, head_hash, count, digest, rsha, at))
    con.execute(
        "INSERT INTO head_signature (acceptance_uuid, seq, head_hash, result_sha256, signer_fingerprint,"
        " certificate, signature, signed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (acceptance_uuid, seq, head_hash, rsha, signer.fingerprint, signer.certificate_pem, sig, at),
    )


def signed_heads(s: Session, acceptance_uuid: str) -> list[dict[str, Any]]:
    """This acceptance's signed heads as plain JSON data, in seq order: for the bundle
    (``signed-heads.json``) and for :func:`check_signed_head`."""
    from qjsc_panel.store.audit import dbapi

    con = dbapi(s)
    out = []
    for row in con.execute(
        "SELECT acceptance_uuid, seq, head_hash, result_sha256, signer_fingerprint, certificate, signature,"
        " signed_at FROM head_signature WHERE acceptance_uuid = ? ORDER BY seq, id",
        (acceptance_uuid,),
    ):
        acc, seq, head_hash, rsha, fp, cert, sig, at = row
        count, digest = _acceptance_hashes(con, acc, seq)
        out.append(
            {
                "acceptance_uuid": acc,
                "seq": seq,
                "head_hash": head_hash,
                "entries": count,
                "entries_digest": digest,
                "result_sha256": rsha,
                "signer_fingerprint": fp,
                "certificate": cert,
                "signature": sig,
                "signed_at": at,
            }
        )
    return out


def check_signed_head(
    head: Mapping[str, Any],
    acceptance_entries: Iterable[Mapping[str, Any]],
    result_json: str | None = None,
) -> list[str]:
    """Problems (message codes) with one signed head, given this acceptance's audit entries
    (dicts with ``seq`` and ``hash``, as in the bundle's ``audit.jsonl``) and, for a
    finalisation head, the frozen result text.  Empty when it holds.

    Checks: the signature over the statement verifies with the certificate's key; the key is
    the one ``signer_fingerprint`` names; the entry at ``seq`` carries ``head_hash``; the
    digest over the acceptance's entries up to ``seq`` is the signed one (nothing deleted or
    inserted); the frozen result is the signed one.  Whether the certificate chains to a
    trusted root is the caller's check (the bundle verifier's trust anchor).
    """
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    from qjsc_panel.exchange.crypto import public_fingerprint
    from qjsc_panel.trust.frozen import result_sha256

    problems: list[str] = []
    try:
        seq = int(head["seq"])
        cert = x509.load_pem_x509_certificate(str(head["certificate"]).encode("ascii"))
        key = cert.public_key()
        if not isinstance(key, ec.EllipticCurvePublicKey):
            return ["trust.head_bad_certificate"]
        if public_fingerprint(key) != head["signer_fingerprint"]:
            problems.append("trust.head_wrong_signer")
        ordered = sorted(acceptance_entries, key=lambda e: int(e["seq"]))
        hashes_upto = [str(e["hash"]) for e in ordered if int(e["seq"]) <= seq]
        data = statement(
            str(head["acceptance_uuid"]),
            seq,
            str(head["head_hash"]),
            len(hashes_upto),
            entries_digest(hashes_upto),
            head.get("result_sha256"),
            str(head["signed_at"]),
        )
        try:
            key.verify(base64.b64decode(str(head["signature"]), validate=True), data, ec.ECDSA(hashes.SHA256()))
        except (InvalidSignature, ValueError):
            problems.append("trust.head_signature_invalid")
    except (KeyError, TypeError, ValueError):
        return ["trust.head_bad_certificate"]
    at_seq = [e for e in ordered if int(e["seq"]) == seq]
    if not at_seq or str(at_seq[0]["hash"]) != head["head_hash"]:
        problems.append("trust.head_not_in_log")
    signed_result = head.get("result_sha256")
    if result_json is not None and signed_result is not None and result_sha256(result_json) != signed_result:
        problems.append("trust.result_signature_mismatch")
    return problems
