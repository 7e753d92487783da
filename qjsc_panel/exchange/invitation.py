"""The panel invitation: what an expert's laptop needs to score the same acceptance offline.

Made by the chair after enrolment, signed by the panel CA.  It carries the acceptance, the
enterprise facts, the whole form, the chair's sealing key, the CA certificate and the expert's
own certificate — no scores.  :func:`read_invitation` verifies it; the service
(:mod:`qjsc_panel.services.exchange`) sets up the same acceptance locally.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from qjsc_panel.errors import QjscError
from qjsc_panel.exchange import crypto
from qjsc_panel.exchange.panelkey import (
    issued_by,
    joined_dir,
    load_cert,
    load_panel,
    unlock_panel,
)

INVITATION_KIND = "qjsc-invitation"
MAX_INVITATION_BYTES = 2_000_000


def sign_invitation(home: Path, body: dict[str, Any], passphrase: str, out: Path) -> Path:
    """Complete ``body`` (acceptance, enterprise, form, member and expert facts, which the
    service gathers) with the enrolled key, certificate and panel keys; sign it with the panel
    CA and write it to ``out``."""
    from qjsc_panel.exchange.panelkey import enrolment_for

    acc_uuid, member_id = str(body["acceptance"]["uuid"]), int(body["member"]["id"])
    enrolment = enrolment_for(home, acc_uuid, member_id)
    if enrolment is None:
        raise QjscError("exchange.not_enrolled", name=body["member"]["name"])
    panel = load_panel(home, acc_uuid)
    ca_key, _ = unlock_panel(home, acc_uuid, passphrase)
    body = {
        **body,
        "expert": {**body["expert"], "fingerprint": enrolment.fingerprint, "certificate": enrolment.cert_pem},
    }
    body["panel"] = {"chair": panel.chair, "ca_cert": panel.ca_cert_pem, "enc_public": crypto.b64e(panel.enc_public)}
    body["issued_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    doc = {
        "kind": INVITATION_KIND,
        "format": 1,
        "invitation": body,
        "signature": crypto.b64e(crypto.sign(ca_key, crypto.canonical_json(body))),
    }
    out.write_bytes(json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True).encode())
    return out


@dataclass(frozen=True)
class Invitation:
    body: dict[str, Any]
    raw: dict[str, Any]

    @property
    def acceptance_uuid(self) -> str:
        return str(self.body["acceptance"]["uuid"])

    @property
    def ca_fingerprint(self) -> str:
        from cryptography.hazmat.primitives import serialization

        cert = load_cert(self.body["panel"]["ca_cert"].encode("ascii"))
        return crypto.sha256_hex(cert.public_bytes(serialization.Encoding.DER))


def read_invitation(path: Path) -> Invitation:
    """Parse and verify: CA signature, the expert's certificate, the form's hash."""
    from qjsc_panel.domain.form import loads_form
    from qjsc_panel.errors import FormError

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise QjscError("exchange.unreadable", file=str(path), detail=exc.strerror or "") from None
    if len(raw) > MAX_INVITATION_BYTES:
        raise QjscError("exchange.not_invitation", file=path.name)
    try:
        doc = json.loads(raw)
        body = doc["invitation"]
        if doc.get("kind") != INVITATION_KIND or doc.get("format") != 1 or not isinstance(body, dict):
            raise ValueError("kind")
        ca_cert = load_cert(body["panel"]["ca_cert"].encode("ascii"))
        cert = load_cert(body["expert"]["certificate"].encode("ascii"))
        signature = crypto.b64d(doc["signature"])
        form = loads_form(body["form"]["json"])
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeError, QjscError, FormError):
        raise QjscError("exchange.not_invitation", file=path.name) from None
    if not crypto.verify(ca_cert.public_key(), signature, crypto.canonical_json(body)):
        raise QjscError("exchange.invitation_bad_signature", file=path.name)
    if not issued_by(cert, ca_cert) or crypto.public_fingerprint(cert.public_key()) != body["expert"]["fingerprint"]:
        raise QjscError("exchange.invitation_bad_signature", file=path.name)
    if form.content_hash != body["form"]["hash"]:
        raise QjscError("exchange.invitation_bad_signature", file=path.name)
    return Invitation(body, doc)


def _joined_path(home: Path, acc_uuid: str, fingerprint: str) -> Path:
    # One record per expert and panel: several experts may share a laptop.
    return joined_dir(home) / f"{acc_uuid}-{fingerprint[:16]}.json"


@dataclass(frozen=True)
class Joined:
    invitation: Invitation
    local_acceptance: str
    local_member: int
    already: bool = False


def record_joined(home: Path, inv: Invitation, local_acc: str, member_id: int) -> Joined:
    """Keep the verified invitation and where it landed locally (the expert's laptop)."""
    record = {
        "invitation": inv.raw,
        "local_acceptance": local_acc,
        "local_member": member_id,
        "joined_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    target = _joined_path(home, inv.acceptance_uuid, inv.body["expert"]["fingerprint"])
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(crypto.canonical_json(record))
    return Joined(inv, local_acc, member_id)


def joined(home: Path, acc_uuid: str, fingerprint: str | None = None) -> Joined | None:
    """A record of a joined panel, by the chair's acceptance uuid (and the expert's key)."""
    folder = joined_dir(home)
    pattern = f"{acc_uuid}-{fingerprint[:16]}.json" if fingerprint else f"{acc_uuid}-*.json"
    paths = sorted(folder.glob(pattern)) if folder.exists() else []
    return _load_joined(paths[0]) if paths else None


def _load_joined(path: Path) -> Joined:
    try:
        doc = json.loads(path.read_bytes())
        inv = Invitation(doc["invitation"]["invitation"], doc["invitation"])
        return Joined(inv, str(doc["local_acceptance"]), int(doc["local_member"]))
    except (OSError, ValueError, KeyError, TypeError):
        raise QjscError("exchange.key_file_broken", what=str(path)) from None


def joined_for_local(home: Path, local_acc_uuid: str, fingerprint: str | None = None) -> Joined | None:
    """The joined panel whose local acceptance is ``local_acc_uuid``, for the expert whose key
    starts with ``fingerprint`` (needed when several experts on this laptop joined it)."""
    folder = joined_dir(home)
    paths = sorted(folder.glob("*.json")) if folder.exists() else []
    found = [j for j in map(_load_joined, paths) if j.local_acceptance == local_acc_uuid]
    if fingerprint:
        want = crypto.normalise_fingerprint(fingerprint)
        found = [j for j in found if j.invitation.body["expert"]["fingerprint"].startswith(want)]
    elif len(found) > 1:
        raise QjscError("exchange.key_choose", keys="、".join(j.invitation.body["expert"]["name"] for j in found))
    return found[0] if found else None
