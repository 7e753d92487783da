"""An expert's signing key: made on first use, private half encrypted under a passphrase.

One JSON file per key in ``HOME/keys/`` (``HOME``: the data directory the caller passes); the
public key and fingerprint are readable without the passphrase so ``key show`` and ``enrol``
need none.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from qjsc_panel.errors import QjscError
from qjsc_panel.exchange import crypto

KEY_KIND = "qjsc-expert-key"


@dataclass(frozen=True)
class KeyInfo:
    path: Path
    name: str
    fingerprint: str  # full SHA-256 hex of the public key DER
    public_pem: str
    created: str

    @property
    def short(self) -> str:
        return crypto.short_fingerprint(self.fingerprint)

    def public_key(self) -> Any:
        return load_public_pem(self.public_pem.encode("ascii"))


def keys_dir(home: Path) -> Path:
    path = home / "keys"
    path.mkdir(parents=True, exist_ok=True)
    return path


def load_public_pem(pem: bytes) -> Any:
    """An EC P-256 public key from PEM; anything else is refused."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    try:
        key = serialization.load_pem_public_key(pem)
    except (ValueError, TypeError):
        raise QjscError("exchange.bad_public_key") from None
    if not isinstance(key, ec.EllipticCurvePublicKey) or key.curve.name != "secp256r1":
        raise QjscError("exchange.bad_public_key")
    return key


def _aad(fingerprint: str) -> bytes:
    return f"{KEY_KIND}:{fingerprint}".encode()


def init_key(home: Path, name: str, passphrase: str) -> KeyInfo:
    """Make a new P-256 key pair for ``name``.  Several experts may share a laptop, each with
    a key of his or her own behind his or her own passphrase; one name, one key."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    if not name.strip():
        raise QjscError("exchange.name_required")
    existing = [k for k in list_keys(home) if k.name == name.strip()]
    if existing:
        raise QjscError("exchange.key_exists", fingerprint=existing[0].short, name=existing[0].name)
    private = ec.generate_private_key(ec.SECP256R1())
    public = private.public_key()
    fingerprint = crypto.public_fingerprint(public)
    secret = private.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    doc = {
        "kind": KEY_KIND,
        "format": 1,
        "name": name.strip(),
        "fingerprint": fingerprint,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "public_key": public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode("ascii"),
        **crypto.wrap_secret(secret, passphrase, _aad(fingerprint)),
    }
    path = keys_dir(home) / f"{fingerprint[:16]}.json"
    _write_private(path, crypto.canonical_json(doc))
    return _info(path, doc)


def _write_private(path: Path, data: bytes) -> None:
    """Written owner-only, via a temporary file so a crash never leaves half a key."""
    import os

    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(path)


def _info(path: Path, doc: dict[str, Any]) -> KeyInfo:
    return KeyInfo(path, str(doc["name"]), str(doc["fingerprint"]), str(doc["public_key"]), str(doc.get("created", "")))


def _read(path: Path) -> dict[str, Any]:
    try:
        doc = json.loads(path.read_bytes())
        if doc.get("kind") != KEY_KIND or doc.get("format") != 1:
            raise ValueError("kind")
        for field in ("name", "fingerprint", "public_key"):
            if not isinstance(doc.get(field), str):
                raise ValueError(field)
    except (OSError, ValueError, AttributeError):
        raise QjscError("exchange.key_file_broken", what=str(path)) from None
    return dict(doc)


def list_keys(home: Path) -> list[KeyInfo]:
    return [_info(p, _read(p)) for p in sorted(keys_dir(home).glob("*.json"))]


def find_key(home: Path, ref: str | None = None) -> KeyInfo:
    """The key whose fingerprint starts with ``ref`` (any grouping), or the only key."""
    keys = list_keys(home)
    if not keys:
        raise QjscError("exchange.no_key")
    if not ref and len(keys) > 1:
        raise QjscError("exchange.key_choose", keys="、".join(f"{k.name} {k.short}" for k in keys))
    if ref:
        want = crypto.normalise_fingerprint(ref)
        keys = [k for k in keys if k.fingerprint.startswith(want)]
        if len(keys) != 1:
            raise QjscError("exchange.key_not_found", fingerprint=ref)
    return keys[0]


def unlock(info: KeyInfo, passphrase: str) -> Any:
    """The private key; ``exchange.bad_passphrase`` if the passphrase is wrong."""
    from cryptography.hazmat.primitives import serialization

    doc = _read(info.path)
    der = crypto.unwrap_secret(doc, passphrase, _aad(info.fingerprint), what=info.short)
    key = serialization.load_der_private_key(der, password=None)
    if crypto.public_fingerprint(key.public_key()) != info.fingerprint:  # type: ignore[arg-type]
        raise QjscError("exchange.key_file_broken", what=str(info.path))
    return key


def load_signing_identity(
    home: Path, ref: str | None, passphrase: str, acceptance: str | None = None
) -> tuple[Any, Any, list[Any]]:
    """``(private_key, certificate, chain)`` as ``cryptography`` objects, for signing PDFs.

    The certificate is the one the panel CA issued for this key: from an imported invitation
    (expert's laptop) or from the chair's own enrolment records (chair's laptop).
    ``ref`` is a fingerprint prefix, or None for this laptop's only key.
    """
    from qjsc_panel.exchange import panelkey

    info = find_key(home, ref)
    found = panelkey.certificate_for(home, info.fingerprint, acceptance)
    if found is None:
        raise QjscError("exchange.no_certificate", fingerprint=info.short)
    cert, chain = found
    return unlock(info, passphrase), cert, chain


def pyhanko_signer(home: Path, ref: str | None, passphrase: str, acceptance: str | None = None) -> Any:
    """A ready ``pyhanko.sign.signers.SimpleSigner`` for the key's certificate and CA chain."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    private, cert, chain = load_signing_identity(home, ref, passphrase, acceptance)
    der_key = private.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    as_cert = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    registry = SimpleCertificateStore.from_certs(  # type: ignore[no-untyped-call]
        [asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in chain]
    )
    return signers.SimpleSigner(
        signing_cert=as_cert, signing_key=asn1_keys.PrivateKeyInfo.load(der_key), cert_registry=registry
    )
