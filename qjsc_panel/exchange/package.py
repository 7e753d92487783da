"""The score-sheet package (``.qjsc``): one file, signed by the expert, sealed to the chair.

File = canonical JSON envelope::

    {"kind": "qjsc-sheet-package", "format": 1,
     "header":      {panel, member_id, expert, signer, sheet, version, supersedes, form_hash,
                     recipient, created_at},          # readable without the chair's key
     "certificate": expert's X.509 certificate (PEM), issued by the panel CA,
     "sealed":      {alg, epk, nonce, ct},            # AES-GCM, header as associated data
     "signature":   ECDSA-P256-SHA256 over canonical({header, certificate, sealed})}

The sealed payload is canonical JSON repeating the header's identifiers plus the declaration,
recusal, scores (Decimals as strings), comments and veto proposals.  Encrypt-then-sign lets
anyone holding the CA certificate check the signer without reading the scores; the repeated
identifiers inside stop a re-signed envelope from passing as someone else's sheet.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from qjsc_panel.errors import QjscError
from qjsc_panel.exchange import crypto

PACKAGE_KIND = "qjsc-sheet-package"
PACKAGE_FORMAT = 1
MAX_PACKAGE_BYTES = 1_000_000
HEADER_FIELDS: dict[str, Any] = {
    "panel": str,
    "member_id": int,
    "expert": str,
    "signer": str,
    "sheet": str,
    "version": int,
    "supersedes": (str, type(None)),
    "form_hash": str,
    "recipient": str,
    "created_at": str,
}
PAYLOAD_FIELDS = {
    "kind",
    "format",
    "panel",
    "member_id",
    "expert",
    "signer",
    "sheet",
    "version",
    "supersedes",
    "reason",
    "form",
    "declaration",
    "recused",
    "recusal_reason",
    "scores",
    "comments",
    "vetoes",
    "submitted_at",
}


# --- export (the expert's laptop) ----------------------------------------------------------


def write_package(
    home: Path, payload: dict[str, Any], invitation: dict[str, Any], passphrase: str, out: Path, key_ref: str | None
) -> Path:
    """Sign ``payload`` with this laptop's key and seal it to the chair named in the joined
    ``invitation`` body; ``out`` may be a folder.  Written atomically; returns the file."""
    from qjsc_panel.exchange.keys import find_key, unlock

    info = find_key(home, key_ref or payload["signer"])
    if info.fingerprint != payload["signer"]:
        raise QjscError(
            "exchange.invitation_other_key",
            name=payload["expert"],
            fingerprint=crypto.short_fingerprint(payload["signer"]),
        )
    private = unlock(info, passphrase)
    data = seal_and_sign(
        payload, private, invitation["expert"]["certificate"], crypto.b64d(invitation["panel"]["enc_public"])
    )
    if out.is_dir():
        out = out / default_name(payload)
    tmp = out.with_name(out.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(out)
    return out


def default_name(payload: dict[str, Any]) -> str:
    safe = "".join(c for c in payload["expert"] if c.isalnum()) or "expert"
    return f"{payload['panel'][:8]}-{safe}-v{payload['version']}.qjsc"


def header_of(payload: dict[str, Any], recipient_raw: bytes) -> dict[str, Any]:
    return {
        "panel": payload["panel"],
        "member_id": payload["member_id"],
        "expert": payload["expert"],
        "signer": payload["signer"],
        "sheet": payload["sheet"],
        "version": payload["version"],
        "supersedes": payload["supersedes"],
        "form_hash": payload["form"]["hash"],
        "recipient": crypto.sha256_hex(recipient_raw),
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def seal_and_sign(payload: dict[str, Any], private_key: Any, cert_pem: str, recipient_raw: bytes) -> bytes:
    header = header_of(payload, recipient_raw)
    sealed = crypto.seal(recipient_raw, crypto.canonical_json(payload), crypto.canonical_json(header))
    body = {"header": header, "certificate": cert_pem, "sealed": sealed}
    signature = crypto.sign(private_key, crypto.canonical_json(body))
    return crypto.canonical_json(
        {"kind": PACKAGE_KIND, "format": PACKAGE_FORMAT, **body, "signature": crypto.b64e(signature)}
    )


# --- reading (any laptop) ------------------------------------------------------------------


@dataclass(frozen=True)
class Envelope:
    """A structurally valid package; nothing about it is trusted yet."""

    name: str
    sha256: str
    header: dict[str, Any]
    certificate_pem: str
    sealed: dict[str, Any]
    signature: bytes
    signed_bytes: bytes

    @property
    def aad(self) -> bytes:
        return crypto.canonical_json(self.header)


def read_envelope(path: Path) -> Envelope:
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_PACKAGE_BYTES + 1)
    except OSError as exc:
        raise QjscError("exchange.unreadable", file=str(path), detail=exc.strerror or "") from None
    return parse_envelope(raw, path.name)


def parse_envelope(raw: bytes, name: str = "") -> Envelope:
    """Structure only: a file that is not exactly a package envelope is refused here."""
    if len(raw) > MAX_PACKAGE_BYTES:
        raise QjscError("exchange.not_package", file=name)
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise QjscError("exchange.not_package", file=name) from None
    if not isinstance(doc, dict) or doc.get("kind") != PACKAGE_KIND:
        raise QjscError("exchange.not_package", file=name)
    if doc.get("format") != PACKAGE_FORMAT:
        raise QjscError("exchange.package_format", file=name, found=str(doc.get("format")), want=PACKAGE_FORMAT)
    header, cert, sealed, sig = (doc.get(k) for k in ("header", "certificate", "sealed", "signature"))
    if (
        set(doc) != {"kind", "format", "header", "certificate", "sealed", "signature"}
        or not isinstance(header, dict)
        or set(header) != set(HEADER_FIELDS)
        or not isinstance(cert, str)
        or not isinstance(sealed, dict)
        or not all(isinstance(v, str) for v in sealed.values())
        or any(not isinstance(header[k], t) or isinstance(header[k], bool) for k, t in HEADER_FIELDS.items())
    ):
        raise QjscError("exchange.corrupt", file=name, detail="structure")
    if crypto.canonical_json(doc) != raw:
        # Packages are written canonically; any other spelling of the same JSON is not ours.
        raise QjscError("exchange.corrupt", file=name, detail="not canonical")
    try:
        signature = crypto.b64d(sig)
    except QjscError:
        raise QjscError("exchange.bad_signature", file=name) from None
    body = {"header": header, "certificate": cert, "sealed": sealed}
    return Envelope(name, crypto.sha256_hex(raw), header, cert, sealed, signature, crypto.canonical_json(body))


def check_signature(env: Envelope, ca_cert: Any) -> Any:
    """The certificate was issued by this panel's CA, is the signer's, and signed the file.

    Returns the certificate.
    """
    from qjsc_panel.exchange.panelkey import issued_by, load_cert

    try:
        cert = load_cert(env.certificate_pem.encode("ascii"))
    except (QjscError, UnicodeError):
        raise QjscError("exchange.corrupt", file=env.name, detail="certificate") from None
    if not issued_by(cert, ca_cert):
        raise QjscError("exchange.not_panel_certificate", file=env.name)
    try:
        public = cert.public_key()
        fingerprint = crypto.public_fingerprint(public)
    except (ValueError, TypeError, AttributeError):
        raise QjscError("exchange.corrupt", file=env.name, detail="certificate") from None
    if fingerprint != env.header["signer"]:
        raise QjscError("exchange.bad_signature", file=env.name)
    if not crypto.verify(public, env.signature, env.signed_bytes):
        raise QjscError("exchange.bad_signature", file=env.name)
    return cert


def open_payload(env: Envelope, enc_private: Any, enc_public_raw: bytes) -> dict[str, Any]:
    """Decrypt and check that the payload repeats the header exactly."""
    if env.header["recipient"] != crypto.sha256_hex(enc_public_raw):
        raise QjscError("exchange.not_for_this_chair", file=env.name)
    try:
        plain = crypto.open_sealed(enc_private, env.sealed, env.aad)
    except QjscError:
        raise QjscError("exchange.decrypt_failed", file=env.name) from None
    try:
        payload = json.loads(plain.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise QjscError("exchange.corrupt", file=env.name, detail="payload") from None
    if not isinstance(payload, dict) or set(payload) != PAYLOAD_FIELDS:
        raise QjscError("exchange.corrupt", file=env.name, detail="payload")
    h = env.header
    same = (
        payload["panel"] == h["panel"]
        and payload["member_id"] == h["member_id"]
        and payload["signer"] == h["signer"]
        and payload["sheet"] == h["sheet"]
        and payload["version"] == h["version"]
        and payload["supersedes"] == h["supersedes"]
        and isinstance(payload["form"], dict)
        and payload["form"].get("hash") == h["form_hash"]
        and payload["expert"] == h["expert"]
    )
    if not same:
        raise QjscError("exchange.header_mismatch", file=env.name)
    return payload
