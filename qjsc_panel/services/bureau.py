"""The secretary's use cases for the bureau's trust root (for the CLI and the secretary's app).

- :func:`init` makes the bureau's CA (once, on the secretary's machine);
- :func:`appoint` certifies a panel's CA when the chair is appointed and signs the roster;
- :func:`revoke` withdraws a panel CA and re-issues the CRL; :func:`crl` re-issues it;
- :func:`export_root` gives the root certificate (and CRL) to install on verifiers;
- :func:`issued` lists the panels certified so far, with their revocation state.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from qjsc_panel.errors import QjscError
from qjsc_panel.exchange import bureau as ca

if TYPE_CHECKING:
    from qjsc_panel.services.context import Ctx


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


def init(passphrase: str, name: str = ca.DEFAULT_NAME) -> RootInfo:
    return _info(ca.init_bureau(passphrase, name))


def show() -> RootInfo:
    return _info(ca.load_bureau())


def roster_facts(ctx: Ctx, acc_ref: str) -> dict[str, Any]:
    """What the bureau's roster states about an acceptance, from the secretary's database."""
    from qjsc_panel.services.common import chair_of, get_acceptance

    with ctx.db.session() as s:
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


def appoint(ctx: Ctx, acc_ref: str, request: dict[str, Any], passphrase: str) -> dict[str, Any]:
    """Certify the chair's panel CA (from his request file) and sign the roster; returns the
    appointment the chair installs with ``panel-key certify``."""
    facts = roster_facts(ctx, acc_ref)
    if request.get("kind") != ca.REQUEST_KIND:
        raise QjscError("exchange.bureau_bad_request")
    return ca.certify_panel(passphrase, request, facts)


def revoke(ref: str, passphrase: str, reason: str = "key_compromise", since: str | None = None) -> dict[str, Any]:
    from datetime import UTC, datetime

    when = None
    if since:
        try:
            when = datetime.fromisoformat(since)
        except ValueError:
            raise QjscError("exchange.bureau_bad_date", value=since) from None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
    return ca.revoke(passphrase, ref, reason, when)


def crl(passphrase: str) -> bytes:
    return ca.issue_crl(passphrase)


def export_root() -> tuple[bytes, bytes | None]:
    """The root certificate (PEM) and the current CRL (PEM, if one was issued)."""
    return ca.load_bureau().pem.encode("ascii"), ca.current_crl()


def issued() -> list[dict[str, Any]]:
    revoked = {r["serial"]: r for r in ca.revoked_records()}
    return [{**r, "revoked": revoked.get(r["serial"])} for r in ca.issued_records()]


def form_json_of(ctx: Ctx, acc_ref: str) -> str:
    """The acceptance's stored form, as it goes into the bureau bundle (its hash is the roster's)."""
    from qjsc_panel.services.common import get_acceptance

    with ctx.db.session() as s:
        return str(get_acceptance(s, acc_ref).form_json)
