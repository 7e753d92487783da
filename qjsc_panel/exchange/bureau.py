"""The bureau's trust root: a CA the secretary holds, which certifies each panel's CA.

Chain (docs/trust.md)::

    bureau root CA  (self-signed, 20 years, key encrypted in the secretary's data directory)
      └─ panel CA   (the chair's key, certified by the bureau at appointment, 10 years, pathlen 0)
           └─ expert certificate (issued by the chair at the face-to-face enrolment, 5 years)

With a panel CA the bureau also signs the panel's roster (acceptance, enterprise, form hash,
members, chair, staff): it says who may score and who chairs.  A revocation list (CRL) signed by
the root lists withdrawn panel CAs.  Everything here is files; no database access.

Files under ``HOME/bureau/`` (the secretary's data directory): ``bureau-ca.json`` (certificate + encrypted key, 0600),
``issued/<serial>.json`` (one record per certified panel) and ``revoked.json``.  A verifier's
own trust configuration lives under ``HOME/trust/`` (``bureau-root.pem``, ``bureau-crl.pem``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from qjsc_panel.errors import QjscError
from qjsc_panel.exchange import crypto
from qjsc_panel.exchange.certs import key_usage, self_signed_ca

BUREAU_KIND = "qjsc-bureau-ca"
REQUEST_KIND = "qjsc-panel-ca-request"
APPOINTMENT_KIND = "qjsc-appointment"
ROSTER_KIND = "qjsc-roster"
ROOT_YEARS = 20
PANEL_CA_YEARS = 10
CRL_DAYS = 90  # next_update: a verifier may warn when the list it holds is older
DEFAULT_NAME = "深圳市工业和信息化局清洁生产验收根CA"
MAX_FILE_BYTES = 2_000_000


def bureau_dir(home: Path) -> Path:
    return home / "bureau"


def trust_dir(home: Path) -> Path:
    return home / "trust"


def _ca_path(home: Path) -> Path:
    return bureau_dir(home) / "bureau-ca.json"


def _aad(fingerprint: str) -> bytes:
    return f"{BUREAU_KIND}:{fingerprint}".encode()


def cert_pem(cert: Any) -> str:
    from cryptography.hazmat.primitives import serialization

    return str(cert.public_bytes(serialization.Encoding.PEM).decode("ascii"))


def key_fingerprint(cert: Any) -> str:
    """SHA-256 of the certificate's public key (stable when the same key is re-certified)."""
    return crypto.public_fingerprint(cert.public_key())


# --- the bureau's CA (the secretary's data directory) ---------------------------------------


@dataclass(frozen=True)
class BureauCA:
    cert: Any
    created: str

    @property
    def fingerprint(self) -> str:
        return key_fingerprint(self.cert)

    @property
    def short(self) -> str:
        return crypto.short_fingerprint(self.fingerprint)

    @property
    def pem(self) -> str:
        return cert_pem(self.cert)


def has_bureau_ca(home: Path) -> bool:
    return _ca_path(home).exists()


def init_bureau(home: Path, passphrase: str, name: str = DEFAULT_NAME) -> BureauCA:
    """Make the bureau's root CA once; its key is kept encrypted under ``passphrase``."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    from qjsc_panel.exchange.keys import _write_private
    from qjsc_panel.exchange.panelkey import fit_name

    if has_bureau_ca(home):
        raise QjscError("exchange.bureau_exists", fingerprint=load_bureau(home).short)
    if not passphrase:
        raise QjscError("exchange.passphrase_empty")
    if not name.strip():
        raise QjscError("exchange.name_required")
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, fit_name(name)),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "qjsc-panel"),
        ]
    )
    now = datetime.now(UTC)
    cert = self_signed_ca(key, subject, ROOT_YEARS, path_length=1)
    fingerprint = key_fingerprint(cert)
    secret = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    doc = {
        "kind": BUREAU_KIND,
        "format": 1,
        "ca_cert": cert_pem(cert),
        "fingerprint": fingerprint,
        "created": now.isoformat(timespec="seconds"),
        **crypto.wrap_secret(secret, passphrase, _aad(fingerprint)),
    }
    bureau_dir(home).mkdir(parents=True, exist_ok=True)
    _write_private(_ca_path(home), crypto.canonical_json(doc))
    return BureauCA(cert, doc["created"])


def _read_bureau(home: Path) -> dict[str, Any]:
    path = _ca_path(home)
    if not path.exists():
        raise QjscError("exchange.bureau_none")
    try:
        doc = json.loads(path.read_bytes())
        if doc.get("kind") != BUREAU_KIND or doc.get("format") != 1 or not isinstance(doc.get("ca_cert"), str):
            raise ValueError("kind")
    except (OSError, ValueError, AttributeError):
        raise QjscError("exchange.key_file_broken", what=str(path)) from None
    return dict(doc)


def load_bureau(home: Path) -> BureauCA:
    from qjsc_panel.exchange.panelkey import load_cert

    doc = _read_bureau(home)
    return BureauCA(load_cert(doc["ca_cert"].encode("ascii")), str(doc.get("created", "")))


def unlock_bureau(home: Path, passphrase: str) -> Any:
    from cryptography.hazmat.primitives import serialization

    doc = _read_bureau(home)
    ca = load_bureau(home)
    der = crypto.unwrap_secret(doc, passphrase, _aad(ca.fingerprint), what="bureau CA")
    key = serialization.load_der_private_key(der, password=None)
    if crypto.public_fingerprint(key.public_key()) != ca.fingerprint:  # type: ignore[arg-type]
        raise QjscError("exchange.key_file_broken", what=str(_ca_path(home)))
    return key


# --- the chair's request and the bureau's appointment ---------------------------------------


def make_request(acc_uuid: str, chair: str, ca_cert_pem_text: str) -> dict[str, Any]:
    """What the chair hands the secretary: the panel CA's self-signed certificate (it proves
    that the chair holds the key) and the acceptance it is for."""
    return {"kind": REQUEST_KIND, "format": 1, "acceptance": acc_uuid, "chair": chair, "ca_cert": ca_cert_pem_text}


def read_json_file(path: Path, kind: str, code: str) -> dict[str, Any]:
    """A small JSON file of ``kind``; anything else is refused with ``code`` naming the file."""
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise QjscError("exchange.unreadable", file=str(path), detail=exc.strerror or "") from None
    try:
        if len(raw) > MAX_FILE_BYTES:
            raise ValueError("size")
        doc = json.loads(raw.decode("utf-8"))
        if not isinstance(doc, dict) or doc.get("kind") != kind or doc.get("format") != 1:
            raise ValueError("kind")
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise QjscError(code, file=path.name) from None
    return dict(doc)


def certify_panel(
    home: Path, passphrase: str, request: dict[str, Any], roster_facts: dict[str, Any], now: datetime | None = None
) -> dict[str, Any]:
    """Certify the panel CA of ``request`` and sign the roster; returns the appointment.

    ``roster_facts`` comes from the secretary's database (services.bureau); the request's
    acceptance and chair must be the roster's.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    from qjsc_panel.exchange.panelkey import issued_by, load_cert

    try:
        self_signed = load_cert(str(request["ca_cert"]).encode("ascii"))
        acc_uuid, chair = str(request["acceptance"]), str(request["chair"])
    except (KeyError, UnicodeError, QjscError):
        raise QjscError("exchange.bureau_bad_request") from None
    if not issued_by(self_signed, self_signed):
        raise QjscError("exchange.bureau_bad_request")
    if acc_uuid != roster_facts["acceptance"]["uuid"] or chair != roster_facts["chair"]["name"]:
        raise QjscError("exchange.bureau_request_mismatch", acceptance=acc_uuid, chair=chair)
    key = unlock_bureau(home, passphrase)
    root = load_bureau(home)
    now = now or datetime.now(UTC)
    public = self_signed.public_key()
    serial = x509.random_serial_number()
    panel_ca = (
        x509.CertificateBuilder()
        .subject_name(self_signed.subject)  # the name the expert certificates already carry
        .issuer_name(root.cert.subject)
        .public_key(public)
        .serial_number(serial)
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(min(now + timedelta(days=365 * PANEL_CA_YEARS), root.cert.not_valid_after_utc))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(key_usage(sign_certs=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    roster = {
        "kind": ROSTER_KIND,
        "format": 1,
        **roster_facts,
        "panel_ca": {"fingerprint": key_fingerprint(panel_ca), "serial": format(serial, "x")},
        "bureau": {"fingerprint": root.fingerprint},
        "issued_at": now.isoformat(timespec="seconds"),
    }
    signature = crypto.b64e(crypto.sign(key, crypto.canonical_json(roster)))
    record = {
        "serial": format(serial, "x"),
        "acceptance": acc_uuid,
        "chair": chair,
        "enterprise": roster_facts["acceptance"].get("enterprise", ""),
        "issued_at": roster["issued_at"],
        "not_after": panel_ca.not_valid_after_utc.isoformat(timespec="seconds"),
        "fingerprint": key_fingerprint(panel_ca),
    }
    issued = bureau_dir(home) / "issued"
    issued.mkdir(parents=True, exist_ok=True)
    (issued / f"{record['serial']}.json").write_bytes(crypto.canonical_json(record))
    return {
        "kind": APPOINTMENT_KIND,
        "format": 1,
        "roster": roster,
        "roster_signature": signature,
        "panel_ca": cert_pem(panel_ca),
        "bureau_root": root.pem,
    }


def issued_records(home: Path) -> list[dict[str, Any]]:
    folder = bureau_dir(home) / "issued"
    out = []
    for p in sorted(folder.glob("*.json")) if folder.exists() else []:
        try:
            out.append(dict(json.loads(p.read_bytes())))
        except (OSError, ValueError):
            raise QjscError("exchange.key_file_broken", what=str(p)) from None
    return out


# --- revocation ----------------------------------------------------------------------------


REASONS = ("key_compromise", "ca_compromise", "affiliation_changed", "superseded", "cessation_of_operation")


def _revoked_path(home: Path) -> Path:
    return bureau_dir(home) / "revoked.json"


def revoked_records(home: Path) -> list[dict[str, Any]]:
    path = _revoked_path(home)
    if not path.exists():
        return []
    try:
        return list(json.loads(path.read_bytes()))
    except (OSError, ValueError):
        raise QjscError("exchange.key_file_broken", what=str(path)) from None


def revoke(
    home: Path, passphrase: str, ref: str, reason: str = "key_compromise", since: datetime | None = None
) -> dict[str, Any]:
    """Withdraw a panel CA (by serial or acceptance uuid prefix); returns the record.  The
    CRL is re-issued at once (:func:`issue_crl`).  ``since``: when the key was compromised —
    signatures made before it stay valid."""
    if reason not in REASONS:
        raise QjscError("exchange.bureau_bad_reason", reason=reason, known="、".join(REASONS))
    want = ref.strip().lower()
    found = [r for r in issued_records(home) if want and (r["serial"] == want or str(r["acceptance"]).startswith(want))]
    if len(found) != 1:
        raise QjscError("exchange.bureau_not_issued", ref=ref)
    unlock_bureau(home, passphrase)  # the passphrase is checked before anything is written
    record = found[0]
    now = datetime.now(UTC)
    entry = {
        "serial": record["serial"],
        "acceptance": record["acceptance"],
        "reason": reason,
        "revoked_at": now.isoformat(timespec="seconds"),
        "invalid_since": (since or now).isoformat(timespec="seconds"),
    }
    records = [r for r in revoked_records(home) if r["serial"] != record["serial"]] + [entry]
    _revoked_path(home).write_bytes(json.dumps(records, ensure_ascii=False, indent=1).encode("utf-8"))
    issue_crl(home, passphrase)
    return entry


def issue_crl(home: Path, passphrase: str, now: datetime | None = None) -> bytes:
    """A fresh CRL (PEM) of every revoked panel CA, signed by the root; kept beside the CA."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization

    key = unlock_bureau(home, passphrase)
    root = load_bureau(home)
    now = now or datetime.now(UTC)
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(root.cert.subject)
        .last_update(now)
        .next_update(now + timedelta(days=CRL_DAYS))
    )
    for r in revoked_records(home):
        flags = getattr(x509.ReasonFlags, r["reason"], x509.ReasonFlags.unspecified)
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(int(r["serial"], 16))
            .revocation_date(datetime.fromisoformat(r["revoked_at"]))
            .add_extension(x509.CRLReason(flags), critical=False)
            .add_extension(x509.InvalidityDate(datetime.fromisoformat(r["invalid_since"])), critical=False)
            .build()
        )
    crl = builder.sign(key, hashes.SHA256())
    pem = crl.public_bytes(serialization.Encoding.PEM)
    (bureau_dir(home) / "bureau-crl.pem").write_bytes(pem)
    return bytes(pem)


def current_crl(home: Path) -> bytes | None:
    path = bureau_dir(home) / "bureau-crl.pem"
    return path.read_bytes() if path.exists() else None


# --- a verifier's own trust configuration ---------------------------------------------------


def install_root(home: Path, root_pem: bytes, crl_pem: bytes | None = None) -> Any:
    """Install the bureau root (and its CRL) as this machine's trust anchor; returns the root.

    The fingerprint it prints must be compared with the one the bureau publishes."""
    from qjsc_panel.exchange.panelkey import issued_by, load_cert

    root = load_cert(root_pem)
    if not issued_by(root, root) or not _is_ca(root):
        raise QjscError("exchange.bureau_not_root")
    if crl_pem is not None:
        check_crl(load_crl(crl_pem), root)
    folder = trust_dir(home)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bureau-root.pem").write_bytes(cert_pem(root).encode("ascii"))
    if crl_pem is not None:
        (folder / "bureau-crl.pem").write_bytes(crl_pem)
    return root


def trusted_root(home: Path, explicit: Path | None = None) -> Any | None:
    """The verifier's trust anchor: ``--root FILE``, else the installed root, else (on the
    secretary's machine) the bureau's own CA.  Never anything from the file being checked."""
    from qjsc_panel.exchange.panelkey import issued_by, load_cert

    if explicit is not None:
        try:
            pem = explicit.read_bytes()
        except OSError as exc:
            raise QjscError("exchange.unreadable", file=str(explicit), detail=exc.strerror or "") from None
        root = load_cert(pem)
        if not issued_by(root, root) or not _is_ca(root):
            raise QjscError("exchange.bureau_not_root")
        return root
    installed = trust_dir(home) / "bureau-root.pem"
    if installed.exists():
        return load_cert(installed.read_bytes())
    if has_bureau_ca(home):
        return load_bureau(home).cert
    return None


def trusted_crl(home: Path, root: Any, explicit: Path | None = None) -> Any | None:
    """The newest valid CRL this machine holds for ``root`` (installed, the bureau's own, or
    ``--crl FILE``)."""
    candidates: list[bytes] = []
    if explicit is not None:
        try:
            candidates.append(explicit.read_bytes())
        except OSError as exc:
            raise QjscError("exchange.unreadable", file=str(explicit), detail=exc.strerror or "") from None
    for p in (trust_dir(home) / "bureau-crl.pem", bureau_dir(home) / "bureau-crl.pem"):
        if p.exists():
            candidates.append(p.read_bytes())
    best = None
    for pem in candidates:
        try:
            crl = load_crl(pem)
            check_crl(crl, root)
        except QjscError:
            if explicit is not None and pem is candidates[0]:
                raise
            continue
        if best is None or crl.last_update_utc > best.last_update_utc:
            best = crl
    return best


def load_crl(pem: bytes) -> Any:
    from cryptography import x509

    try:
        return x509.load_pem_x509_crl(pem)
    except (ValueError, TypeError):
        raise QjscError("exchange.bureau_bad_crl") from None


def check_crl(crl: Any, root: Any) -> None:
    try:
        ok = crl.issuer == root.subject and crl.is_signature_valid(root.public_key())
    except (ValueError, TypeError):
        ok = False
    if not ok:
        raise QjscError("exchange.bureau_bad_crl")


def _is_ca(cert: Any) -> bool:
    from cryptography import x509

    try:
        return bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except (x509.ExtensionNotFound, ValueError):
        return False


# --- checking a chain ----------------------------------------------------------------------


@dataclass(frozen=True)
class ChainProblem:
    code: str
    params: dict[str, Any]

    def render(self, lang: str = "zh") -> str:
        from qjsc_panel.messages import render

        return render(self.code, lang, **self.params)


def check_panel_ca(panel_ca: Any, root: Any, crl: Any | None, at: datetime | None = None) -> list[ChainProblem]:
    """Is ``panel_ca`` a panel CA the bureau certified, in force at ``at`` (default: now)?"""
    from qjsc_panel.exchange.panelkey import issued_by

    at = at or datetime.now(UTC)
    problems: list[ChainProblem] = []
    if not issued_by(panel_ca, root) or not _is_ca(panel_ca):
        return [ChainProblem("exchange.bureau_not_certified", {"subject": _cn(panel_ca)})]
    if not panel_ca.not_valid_before_utc <= at <= panel_ca.not_valid_after_utc:
        problems.append(
            ChainProblem(
                "exchange.bureau_expired",
                {
                    "subject": _cn(panel_ca),
                    "start": panel_ca.not_valid_before_utc.date(),
                    "end": panel_ca.not_valid_after_utc.date(),
                },
            )
        )
    if crl is not None:
        entry = crl.get_revoked_certificate_by_serial_number(panel_ca.serial_number)
        if entry is not None:
            since = _invalid_since(entry)
            if at >= since:
                problems.append(
                    ChainProblem("exchange.bureau_revoked", {"subject": _cn(panel_ca), "since": since.date()})
                )
    return problems


def _invalid_since(entry: Any) -> datetime:
    from cryptography import x509

    try:
        found: datetime = entry.extensions.get_extension_for_class(x509.InvalidityDate).value.invalidity_date_utc
        return found
    except x509.ExtensionNotFound:
        return entry.revocation_date_utc  # type: ignore[no-any-return]


def _cn(cert: Any) -> str:
    from cryptography.x509.oid import NameOID

    try:
        attrs = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        return str(attrs[0].value) if attrs else cert.subject.rfc4514_string()
    except (ValueError, IndexError):
        return "?"


def verify_roster(roster: Any, signature: Any, root: Any) -> dict[str, Any]:
    """The roster the bureau signed, or ``bureau.bad_roster``."""
    try:
        if not isinstance(roster, dict) or roster.get("kind") != ROSTER_KIND:
            raise ValueError("kind")
        sig = crypto.b64d(signature)
    except (ValueError, QjscError):
        raise QjscError("exchange.bureau_bad_roster") from None
    if not crypto.verify(root.public_key(), sig, crypto.canonical_json(roster)):
        raise QjscError("exchange.bureau_bad_roster")
    if roster.get("bureau", {}).get("fingerprint") != key_fingerprint(root):
        raise QjscError("exchange.bureau_bad_roster")
    return dict(roster)


def check_appointment(doc: dict[str, Any], root: Any | None = None) -> tuple[dict[str, Any], Any, Any]:
    """``(roster, panel CA certificate, bureau root)`` of an appointment file, all checked.

    ``root``: the bureau root this laptop already trusts; without one, the root in the file is
    used and its fingerprint must be compared by the person installing it."""
    from qjsc_panel.exchange.panelkey import load_cert

    try:
        file_root = load_cert(str(doc["bureau_root"]).encode("ascii"))
        panel_ca = load_cert(str(doc["panel_ca"]).encode("ascii"))
    except (KeyError, UnicodeError, QjscError):
        raise QjscError("exchange.bureau_bad_appointment") from None
    if root is not None and key_fingerprint(root) != key_fingerprint(file_root):
        raise QjscError("exchange.bureau_other_root", found=crypto.short_fingerprint(key_fingerprint(file_root)))
    root = root or file_root
    problems = check_panel_ca(panel_ca, root, None)
    if problems:
        raise QjscError(problems[0].code, **problems[0].params)
    roster = verify_roster(doc.get("roster"), doc.get("roster_signature"), root)
    if roster.get("panel_ca", {}).get("fingerprint") != key_fingerprint(panel_ca):
        raise QjscError("exchange.bureau_bad_roster")
    return roster, panel_ca, root
