"""The secretary's use cases for the bureau's trust root (for the CLI and the secretary's app).

- :func:`init` makes the bureau's CA (once, on the secretary's machine);
- :func:`appoint` certifies a panel's CA when the chair is appointed and signs the roster;
- :func:`revoke` withdraws a panel CA and re-issues the CRL; :func:`crl` re-issues it;
- :func:`export_root` gives the root certificate (and CRL) to install on verifiers;
- :func:`issued` lists the panels certified so far, with their revocation state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qjsc_panel.errors import QjscError
from qjsc_panel.exchange import bureau as ca

if TYPE_CHECKING:
    from qjsc_panel.services.app import App


@dataclass(frozen=True)
class RootInfo:
    fingerprint: str  # full SHA-256 of the root's public key
    short: str
    subject: str
    not_after: str
    pem: str


def _info(root: ca.BureauCA) -> RootInfo:
    return RootInfo(
        root.fingerprint,
        root.short,
        root.cert.subject.rfc4514_string(),
        root.cert.not_valid_after_utc.date().isoformat(),
        root.pem,
    )


def init(app: App, passphrase: str, name: str = ca.DEFAULT_NAME) -> RootInfo:
    return _info(ca.init_bureau(app.home, passphrase, name))


def show(app: App) -> RootInfo:
    return _info(ca.load_bureau(app.home))


def roster_facts(app: App, acc_ref: str) -> dict[str, Any]:
    """What the bureau's roster states about an acceptance, from the secretary's database."""
    from qjsc_panel.services.common import chair_of, get_acceptance

    with app.db.session() as s:
        acc = get_acceptance(s, acc_ref)
        chair = chair_of(acc)
        members = [
            {
                "member_id": m.id,
                "name": m.name,
                "role": m.role,
                "chair": bool(m.is_chair),
                "expert_uuid": m.expert.uuid if m.expert else None,
                "employer": m.employer,
            }
            for m in acc.members
        ]
        return {
            "acceptance": {
                "uuid": acc.uuid,
                "enterprise": acc.enterprise.name,
                "credit_code": acc.enterprise.credit_code,
                "visit_date": acc.visit_date.isoformat(),
                "method": acc.method,
                "outlier_share": str(acc.outlier_share),
            },
            "form": {"id": acc.form_id, "version": acc.form_version, "hash": acc.form_hash},
            "chair": {
                "name": chair.name,
                "member_id": chair.id,
                "expert_uuid": chair.expert.uuid if chair.expert else None,
            },
            "experts": [m for m in members if m["role"] == "expert"],
            "staff": [m for m in members if m["role"] != "expert"],
        }


def appoint(app: App, acc_ref: str, request: dict[str, Any], passphrase: str) -> dict[str, Any]:
    """Certify the chair's panel CA (from his request file) and sign the roster; returns the
    appointment the chair installs with ``panel-key certify``."""
    facts = roster_facts(app, acc_ref)
    if request.get("kind") != ca.REQUEST_KIND:
        raise QjscError("exchange.bureau_bad_request")
    return ca.certify_panel(app.home, passphrase, request, facts)


def revoke(
    app: App, ref: str, passphrase: str, reason: str = "key_compromise", since: str | None = None
) -> dict[str, Any]:
    from datetime import UTC, datetime

    when = None
    if since:
        try:
            when = datetime.fromisoformat(since)
        except ValueError:
            raise QjscError("exchange.bureau_bad_date", value=since) from None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
    return ca.revoke(app.home, passphrase, ref, reason, when)


def crl(app: App, passphrase: str) -> bytes:
    return ca.issue_crl(app.home, passphrase)


def export_root(app: App) -> tuple[bytes, bytes | None]:
    """The root certificate (PEM) and the current CRL (PEM, if one was issued)."""
    return ca.load_bureau(app.home).pem.encode("ascii"), ca.current_crl(app.home)


def issued(app: App) -> list[dict[str, Any]]:
    revoked = {r["serial"]: r for r in ca.revoked_records(app.home)}
    return [{**r, "revoked": revoked.get(r["serial"])} for r in ca.issued_records(app.home)]


def form_json_of(app: App, acc_ref: str) -> str:
    """The acceptance's stored form, as it goes into the bureau bundle (its hash is the roster's)."""
    from qjsc_panel.services.common import get_acceptance

    with app.db.session() as s:
        return str(get_acceptance(s, acc_ref).form_json)


# --- the chair's side and the verifier's --------------------------------------------------


def certification_request(app: App, acc_ref: str) -> dict[str, Any]:
    """The chair's request that the bureau certify this acceptance's panel CA."""
    from qjsc_panel.exchange import panelkey

    return panelkey.certification_request(app.home, _uuid(app, acc_ref))


def install_appointment(app: App, acc_ref: str, doc: dict[str, Any]) -> dict[str, Any]:
    """The chair installs the bureau's appointment (checked against the root this laptop trusts,
    if any); returns the roster."""
    from qjsc_panel.exchange import panelkey

    return panelkey.install_appointment(app.home, _uuid(app, acc_ref), doc, ca.trusted_root(app.home))


def install_root(app: App, root_pem: bytes, crl_pem: bytes | None = None) -> Any:
    return ca.install_root(app.home, root_pem, crl_pem)


def trust_anchor(app: App, root: Path | None = None, crl: Path | None = None) -> tuple[Any | None, Any | None]:
    """``(root, crl)`` this machine verifies with: ``--root``/``--crl``, else what is installed."""
    found = ca.trusted_root(app.home, root)
    return found, (ca.trusted_crl(app.home, found, crl) if found is not None else None)


def _uuid(app: App, acc_ref: str) -> str:
    from qjsc_panel.services.common import get_acceptance

    with app.db.session() as s:
        return str(get_acceptance(s, acc_ref).uuid)


def bundle_trust_parts(
    app: App,
    acc_uuid: str,
    packages: dict[str, bytes],
    passphrase: str,
    key_ref: str | None = None,
    panel_passphrase: str | None = None,
) -> tuple[dict[str, bytes], Callable[[bytes], bytes]] | None:
    """On the chair's laptop, for an appointed panel: the files that make a bundle verifiable
    from outside and the manifest signer (the chair's key); None before the appointment."""
    from qjsc_panel.exchange import bundle_trust, panelkey

    if not panelkey.has_panel_key(app.home, acc_uuid) or panelkey.appointment(app.home, acc_uuid) is None:
        return None
    files = bundle_trust.chair_trust_files(
        app.home, acc_uuid, packages, panel_passphrase or passphrase, form_json_of(app, acc_uuid)
    )
    from qjsc_panel.reports.bundle_names import SIGNED_HEADS
    from qjsc_panel.services.auditlog import signed_heads_file

    files[SIGNED_HEADS] = signed_heads_file(app, acc_uuid)  # the chair's signed audit heads
    return files, bundle_trust.manifest_signer(app.home, key_ref, passphrase, acc_uuid)


def is_appointed(app: App, acc_uuid: str) -> bool:
    """This laptop holds the panel key of ``acc_uuid`` and the bureau's appointment for it."""
    from qjsc_panel.exchange import panelkey

    return panelkey.has_panel_key(app.home, acc_uuid) and panelkey.appointment(app.home, acc_uuid) is not None
