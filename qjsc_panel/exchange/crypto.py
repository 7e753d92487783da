"""The primitives: canonical JSON, fingerprints, passphrase wrapping, signatures, sealing.

- Signing: ECDSA P-256 / SHA-256 (the same key later signs PDFs with pyHanko).
- Passphrase wrapping: scrypt → AES-256-GCM, parameters stored beside the ciphertext.
- Sealing to the chair: ephemeral X25519 → HKDF-SHA256 → AES-256-GCM, header as AAD.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from qjsc_panel.errors import QjscError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePublicKey

# scrypt cost: ~0.1 s and 32 MiB on a laptop.  Tests lower it; files carry their own values,
# and reading refuses absurd values so a crafted file cannot exhaust memory.
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
_MAX_SCRYPT_N = 2**20
HKDF_INFO = b"qjsc-panel sheet package v1"


def canonical_json(data: Any) -> bytes:
    """Sorted keys, UTF-8, no whitespace; Decimals as strings."""

    def default(o: Any) -> Any:
        if isinstance(o, Decimal):
            return str(o)
        raise TypeError(f"not JSON: {type(o).__name__}")

    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=default).encode("utf-8")


def b64e(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def b64d(text: Any, code: str = "exchange.corrupt") -> bytes:
    if not isinstance(text, str):
        raise QjscError(code, detail="base64")
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise QjscError(code, detail="base64") from None


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fingerprint_of_der(spki_der: bytes) -> str:
    """Full SHA-256 (hex) of the SubjectPublicKeyInfo DER: what the database stores."""
    return sha256_hex(spki_der)


def short_fingerprint(full: str) -> str:
    """The first 16 hex digits in groups of four, as printed on the sign-in sheet."""
    head = full.replace("-", "").replace(" ", "").upper()[:16]
    return "-".join(head[i : i + 4] for i in range(0, len(head), 4))


def normalise_fingerprint(text: str) -> str:
    return text.replace("-", "").replace(" ", "").replace(":", "").lower()


def public_fingerprint(key: EllipticCurvePublicKey) -> str:
    from cryptography.hazmat.primitives import serialization

    der = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return fingerprint_of_der(der)


# --- passphrase wrapping -------------------------------------------------------------------


def _scrypt_key(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def wrap_secret(secret: bytes, passphrase: str, aad: bytes) -> dict[str, Any]:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not passphrase:
        raise QjscError("exchange.passphrase_empty")
    salt, nonce = os.urandom(16), os.urandom(12)
    key = _scrypt_key(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return {
        "kdf": {"name": "scrypt", "salt": b64e(salt), "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P},
        "cipher": {"name": "AES-256-GCM", "nonce": b64e(nonce), "ct": b64e(AESGCM(key).encrypt(nonce, secret, aad))},
    }


def unwrap_secret(wrapped: dict[str, Any], passphrase: str, aad: bytes, what: str) -> bytes:
    """Raises ``exchange.bad_passphrase`` (naming ``what``) for a wrong passphrase."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        kdf, cipher = wrapped["kdf"], wrapped["cipher"]
        n, r, p = int(kdf["n"]), int(kdf["r"]), int(kdf["p"])
        if kdf["name"] != "scrypt" or cipher["name"] != "AES-256-GCM":
            raise ValueError("algorithm")
        if not (2 <= n <= _MAX_SCRYPT_N and 1 <= r <= 32 and 1 <= p <= 16) or n & (n - 1):
            raise ValueError("kdf parameters")
        salt, nonce, ct = b64d(kdf["salt"]), b64d(cipher["nonce"]), b64d(cipher["ct"])
    except (KeyError, TypeError, ValueError, QjscError):
        raise QjscError("exchange.key_file_broken", what=what) from None
    key = _scrypt_key(passphrase, salt, n, r, p)
    try:
        return AESGCM(key).decrypt(nonce, ct, aad)
    except (InvalidTag, ValueError):
        raise QjscError("exchange.bad_passphrase", what=what) from None


# --- signatures ----------------------------------------------------------------------------


def sign(private_key: Any, data: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    return bytes(private_key.sign(data, ec.ECDSA(hashes.SHA256())))


def verify(public_key: Any, signature: bytes, data: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    try:
        public_key.verify(signature, data, ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, ValueError):
        return False
    return True


# --- sealing to the chair ------------------------------------------------------------------


def _hkdf(shared: bytes, salt: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=HKDF_INFO).derive(shared)


def seal(recipient_public_raw: bytes, plaintext: bytes, aad: bytes) -> dict[str, str]:
    """Encrypt so that only the holder of the X25519 private key can read it."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    recipient = X25519PublicKey.from_public_bytes(recipient_public_raw)
    eph = X25519PrivateKey.generate()
    epk = eph.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    key = _hkdf(eph.exchange(recipient), epk + recipient_public_raw)
    nonce = os.urandom(12)
    return {
        "alg": "X25519-HKDF-SHA256-AES256GCM",
        "epk": b64e(epk),
        "nonce": b64e(nonce),
        "ct": b64e(AESGCM(key).encrypt(nonce, plaintext, aad)),
    }


def sealed_key(private_key: Any, sealed: dict[str, Any]) -> bytes:
    """The AES key of one sealed payload.  The chair discloses it (per package, in the bureau
    bundle) so that a verifier can read that package, and only that one, without his key."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

    try:
        epk = b64d(sealed["epk"])
        own = private_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return _hkdf(private_key.exchange(X25519PublicKey.from_public_bytes(epk)), epk + own)
    except (ValueError, KeyError, TypeError, QjscError):
        raise QjscError("exchange.decrypt_failed") from None


def open_with_key(key: bytes, sealed: dict[str, Any], aad: bytes) -> bytes:
    """Decrypt with a disclosed key (:func:`sealed_key`); the GCM tag binds the plaintext to the
    signed ciphertext."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        nonce, ct = b64d(sealed["nonce"]), b64d(sealed["ct"])
        if len(key) != 32 or len(nonce) != 12:
            raise ValueError("sizes")
        return AESGCM(key).decrypt(nonce, ct, aad)
    except (InvalidTag, ValueError, KeyError, TypeError, QjscError):
        raise QjscError("exchange.decrypt_failed") from None


def open_sealed(private_key: Any, sealed: dict[str, Any], aad: bytes) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        if sealed.get("alg") != "X25519-HKDF-SHA256-AES256GCM":
            raise ValueError("alg")
        epk, nonce, ct = b64d(sealed["epk"]), b64d(sealed["nonce"]), b64d(sealed["ct"])
        if len(epk) != 32 or len(nonce) != 12:
            raise ValueError("sizes")
        own = private_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        key = _hkdf(private_key.exchange(X25519PublicKey.from_public_bytes(epk)), epk + own)
        return AESGCM(key).decrypt(nonce, ct, aad)
    except (InvalidTag, ValueError, KeyError, TypeError, QjscError):
        raise QjscError("exchange.decrypt_failed") from None
