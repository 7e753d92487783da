"""The chair's side: a per-panel CA (EC P-256, self-signed root) and an X25519 key that the
experts' packages are sealed to; enrolment issues each expert an X.509 certificate.

Kept as files under ``HOME/panels/<acceptance uuid>/`` (``HOME``: the data directory the caller
passes); the database only records each expert's key fingerprint (``Expert.key_fingerprint``),
which :mod:`qjsc_panel.services.exchange` sets.  No database here: facts in, files out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from qjsc_panel.errors import QjscError
from qjsc_panel.exchange import crypto
from qjsc_panel.exchange.certs import self_signed_ca

PANEL_KIND = "qjsc-panel-key"
CA_YEARS = 10
CERT_YEARS = 5


def panels_dir(home: Path) -> Path:
    return home / "panels"


def joined_dir(home: Path) -> Path:
    return home / "joined"


@dataclass(frozen=True)
class PanelFacts:
    """What the panel CA's name states about the acceptance."""

    uuid: str
    chair: str
    enterprise: str
    visit_date: str


@dataclass(frozen=True)
class PanelPublic:
    acceptance: str
    chair: str
    ca_cert_pem: str
    enc_public: bytes  # raw X25519 public key

    @property
    def ca_cert(self) -> Any:
        return load_cert(self.ca_cert_pem.encode("ascii"))

    @property
    def enc_fingerprint(self) -> str:
        return crypto.sha256_hex(self.enc_public)

    @property
    def ca_fingerprint(self) -> str:
        """Of the CA's public key: it stays the same when the bureau certifies the key."""
        return crypto.public_fingerprint(self.ca_cert.public_key())

    @property
    def certified(self) -> bool:
        return self.bureau_root_pem is not None

    bureau_root_pem: str | None = None  # set once the bureau has certified this panel CA

    @property
    def chain_pems(self) -> list[str]:
        """The CA chain a signature made under this panel carries (panel CA, then the root)."""
        return [self.ca_cert_pem, *([self.bureau_root_pem] if self.bureau_root_pem else [])]


@dataclass(frozen=True)
class Enrolment:
    acceptance: str
    member_id: int
    name: str
    expert_uuid: str
    fingerprint: str
    cert_pem: str
    enrolled_at: str


def load_cert(pem: bytes) -> Any:
    import warnings

    from cryptography import x509

    try:
        # A certificate that breaks RFC 5280 (a non-positive serial, a countryName of the wrong
        # length after a flipped byte) only draws a warning from cryptography today: any warning
        # while parsing refuses it as broken.  A flipped version byte raises InvalidVersion,
        # which is no ValueError (issue 12).
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            cert = x509.load_pem_x509_certificate(pem)
            _ = (cert.version, cert.subject, cert.issuer, cert.extensions)  # parse now, not at first use
            return cert
    except (
        ValueError,
        TypeError,
        KeyError,
        Warning,
        x509.InvalidVersion,
        x509.DuplicateExtension,
        x509.UnsupportedGeneralNameType,
    ):
        # DuplicateExtension: a flipped byte made two extensions of one kind (found by the fuzz test).
        # KeyError: an unknown string tag in a name (found by the fuzz test).
        raise QjscError("exchange.bad_certificate") from None


def _name(**attrs: str) -> Any:
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    oids = {
        "cn": NameOID.COMMON_NAME,
        "o": NameOID.ORGANIZATION_NAME,
        "serial": NameOID.SERIAL_NUMBER,
        "ou": NameOID.ORGANIZATIONAL_UNIT_NAME,
    }
    return x509.Name([x509.NameAttribute(oids[k], fit_name(v)) for k, v in attrs.items() if v.strip()])


NAME_BYTES = 64  # RFC 5280 upper bound for a name attribute; cryptography counts UTF-8 bytes


def fit_name(text: str, limit: int = NAME_BYTES) -> str:
    """``text`` cut to at most ``limit`` UTF-8 bytes on a character boundary, marked with "…".

    A Chinese character takes three bytes: cutting at 64 characters overflowed (issue 12).
    The certificate name is a label only; the full names live in the database and the roster.
    """
    text = " ".join(text.split())
    raw = text.encode("utf-8")
    if len(raw) <= limit:
        return text
    ellipsis = "…".encode()
    return raw[: limit - len(ellipsis)].decode("utf-8", "ignore") + "…"


def _panel_path(home: Path, acc_uuid: str) -> Path:
    return panels_dir(home) / acc_uuid / "panel-key.json"


def _aad(acc_uuid: str) -> bytes:
    return f"{PANEL_KIND}:{acc_uuid}".encode()


def make_panel_key(home: Path, facts: PanelFacts, passphrase: str) -> PanelPublic:
    """Make the panel CA and sealing key for an acceptance (the chair's laptop, once)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    acc_uuid = facts.uuid
    path = _panel_path(home, acc_uuid)
    if path.exists():
        raise QjscError("exchange.panel_key_exists", acceptance=acc_uuid)
    if not passphrase:
        raise QjscError("exchange.passphrase_empty")
    ca_key = ec.generate_private_key(ec.SECP256R1())
    subject = _name(
        cn=f"qjsc-panel CA {facts.enterprise} {facts.visit_date}",
        o="qjsc-panel",
        ou=f"组长 {facts.chair}",
        serial=acc_uuid,
    )
    now = datetime.now(UTC)
    ca_cert = self_signed_ca(ca_key, subject, CA_YEARS, path_length=0)
    enc_key = X25519PrivateKey.generate()
    secret = crypto.canonical_json(
        {
            "ca_key": crypto.b64e(
                ca_key.private_bytes(
                    serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
                )
            ),
            "enc_key": crypto.b64e(
                enc_key.private_bytes(
                    serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
                )
            ),
        }
    )
    public = PanelPublic(
        acceptance=acc_uuid,
        chair=facts.chair,
        ca_cert_pem=ca_cert.public_bytes(serialization.Encoding.PEM).decode("ascii"),
        enc_public=enc_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw),
    )
    doc = {
        "kind": PANEL_KIND,
        "format": 1,
        "acceptance": acc_uuid,
        "chair": facts.chair,
        "ca_cert": public.ca_cert_pem,
        "enc_public": crypto.b64e(public.enc_public),
        "created": now.isoformat(timespec="seconds"),
        **crypto.wrap_secret(secret, passphrase, _aad(acc_uuid)),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    from qjsc_panel.exchange.keys import _write_private

    _write_private(path, crypto.canonical_json(doc))
    return public


def _read_panel(home: Path, acc_uuid: str) -> dict[str, Any]:
    path = _panel_path(home, acc_uuid)
    if not path.exists():
        raise QjscError("exchange.no_panel_key", acceptance=acc_uuid)
    try:
        doc = json.loads(path.read_bytes())
        if doc.get("kind") != PANEL_KIND or doc.get("acceptance") != acc_uuid:
            raise ValueError("kind")
    except (OSError, ValueError, AttributeError):
        raise QjscError("exchange.key_file_broken", what=str(path)) from None
    return dict(doc)


def has_panel_key(home: Path, acc_uuid: str) -> bool:
    return _panel_path(home, acc_uuid).exists()


def load_panel(home: Path, acc_uuid: str) -> PanelPublic:
    doc = _read_panel(home, acc_uuid)
    appointed = _appointment_path(home, acc_uuid)
    root = None
    ca_pem = doc["ca_cert"]
    if appointed.exists():
        try:
            found = json.loads(appointed.read_bytes())
            ca_pem, root = str(found["panel_ca"]), str(found["bureau_root"])
        except (OSError, ValueError, KeyError, TypeError):
            raise QjscError("exchange.key_file_broken", what=str(appointed)) from None
    return PanelPublic(
        doc["acceptance"],
        str(doc.get("chair", "")),
        ca_pem,
        crypto.b64d(doc["enc_public"], "exchange.key_file_broken"),
        root,
    )


# --- the bureau's appointment --------------------------------------------------------------


def _appointment_path(home: Path, acc_uuid: str) -> Path:
    return panels_dir(home) / acc_uuid / "appointment.json"


def certification_request(home: Path, acc_uuid: str) -> dict[str, Any]:
    """The file the chair hands the secretary so the bureau can certify this panel's CA."""
    from qjsc_panel.exchange.bureau import make_request

    doc = _read_panel(home, acc_uuid)
    return make_request(acc_uuid, str(doc.get("chair", "")), str(doc["ca_cert"]))


def install_appointment(
    home: Path, acc_uuid: str, doc: dict[str, Any], trusted_root: Any | None = None
) -> dict[str, Any]:
    """Keep the bureau's certificate for this panel's CA and the signed roster; returns the
    roster.  The certified key must be this panel's own key."""
    from qjsc_panel.exchange.bureau import check_appointment

    roster, panel_ca, _root = check_appointment(doc, trusted_root)
    own = load_cert(str(_read_panel(home, acc_uuid)["ca_cert"]).encode("ascii"))
    if (
        roster.get("acceptance", {}).get("uuid") != acc_uuid
        or crypto.public_fingerprint(panel_ca.public_key()) != crypto.public_fingerprint(own.public_key())
        or panel_ca.subject != own.subject
    ):
        raise QjscError("exchange.bureau_not_this_panel", acceptance=acc_uuid)
    target = _appointment_path(home, acc_uuid)
    tmp = target.with_suffix(".tmp")
    tmp.write_bytes(crypto.canonical_json(doc))
    tmp.replace(target)
    return roster


def appointment(home: Path, acc_uuid: str) -> dict[str, Any] | None:
    """The bureau's appointment file for this panel, as installed (None before it is)."""
    path = _appointment_path(home, acc_uuid)
    if not path.exists():
        return None
    try:
        return dict(json.loads(path.read_bytes()))
    except (OSError, ValueError):
        raise QjscError("exchange.key_file_broken", what=str(path)) from None


def unlock_panel(home: Path, acc_uuid: str, passphrase: str) -> tuple[Any, Any]:
    """``(ca_private_key, x25519_private_key)``; ``exchange.bad_passphrase`` if wrong."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    doc = _read_panel(home, acc_uuid)
    secret = json.loads(crypto.unwrap_secret(doc, passphrase, _aad(acc_uuid), what=f"panel {acc_uuid[:8]}"))
    ca_key = serialization.load_der_private_key(crypto.b64d(secret["ca_key"]), password=None)
    enc_key = X25519PrivateKey.from_private_bytes(crypto.b64d(secret["enc_key"]))
    return ca_key, enc_key


# --- enrolment -----------------------------------------------------------------------------


def _enrolled_dir(home: Path, acc_uuid: str) -> Path:
    return panels_dir(home) / acc_uuid / "enrolled"


def issue_certificate(
    home: Path,
    acc_uuid: str,
    member_id: int,
    name: str,
    expert_uuid: str,
    employer: str,
    public: Any,
    passphrase: str,
) -> Enrolment:
    """Issue the member's certificate from the panel CA and keep the enrolment record."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization

    fingerprint = crypto.public_fingerprint(public)
    ca_key, _ = unlock_panel(home, acc_uuid, passphrase)
    ca_cert = load_panel(home, acc_uuid).ca_cert
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(cn=name, o=employer, serial=expert_uuid))
        .issuer_name(ca_cert.subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365 * CERT_YEARS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    enrolment = Enrolment(
        acc_uuid,
        member_id,
        name,
        expert_uuid,
        fingerprint,
        cert.public_bytes(serialization.Encoding.PEM).decode("ascii"),
        now.isoformat(timespec="seconds"),
    )
    folder = _enrolled_dir(home, acc_uuid)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{member_id}.json").write_bytes(crypto.canonical_json(enrolment.__dict__))
    return enrolment


def enrolment_for(home: Path, acc_uuid: str, member_id: int) -> Enrolment | None:
    path = _enrolled_dir(home, acc_uuid) / f"{member_id}.json"
    if not path.exists():
        return None
    try:
        return Enrolment(**json.loads(path.read_bytes()))
    except (OSError, ValueError, TypeError):
        raise QjscError("exchange.key_file_broken", what=str(path)) from None


def enrolments(home: Path, acc_uuid: str) -> list[Enrolment]:
    folder = _enrolled_dir(home, acc_uuid)
    out = []
    for p in sorted(folder.glob("*.json")) if folder.exists() else []:
        found = enrolment_for(home, acc_uuid, int(p.stem))
        if found:
            out.append(found)
    return out


def issued_by(cert: Any, ca_cert: Any) -> bool:
    """The certificate's signature checks out against the CA's key, and the names chain."""
    from cryptography.exceptions import InvalidSignature

    try:
        cert.verify_directly_issued_by(ca_cert)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def certificate_for(home: Path, fingerprint: str, acceptance: str | None = None) -> tuple[Any, list[Any]] | None:
    """The certificate the panel CA issued for a key, and its chain: from this laptop's joined
    invitations (an expert) or enrolments (the chair)."""
    candidates: list[tuple[str, list[str]]] = []
    folder = joined_dir(home)
    for p in sorted(folder.glob("*.json")) if folder.exists() else []:
        try:
            doc = json.loads(p.read_bytes())
            inv = doc["invitation"]["invitation"]  # the joined record keeps the signed file
            if inv["expert"]["fingerprint"] == fingerprint and acceptance in (
                None,
                inv["acceptance"]["uuid"],
                doc.get("local_acceptance"),
            ):
                root = inv["panel"].get("bureau_root")
                candidates.append((inv["expert"]["certificate"], [inv["panel"]["ca_cert"], *([root] if root else [])]))
        except (OSError, ValueError, KeyError, TypeError):
            continue
    root = panels_dir(home)
    for p in sorted(root.glob("*/enrolled/*.json")) if root.exists() else []:
        try:
            doc = json.loads(p.read_bytes())
            if doc["fingerprint"] == fingerprint and acceptance in (None, doc["acceptance"]):
                candidates.append((doc["cert_pem"], load_panel(home, doc["acceptance"]).chain_pems))
        except (OSError, ValueError, KeyError, TypeError, QjscError):
            continue
    if not candidates:
        return None
    cert_pem, chain = candidates[-1]
    return load_cert(cert_pem.encode("ascii")), [load_cert(p.encode("ascii")) for p in chain]
