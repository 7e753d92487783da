"""The expert pool: the key certificate sets the expert's fingerprint; industries are GB/T 4754;
calibration shows lenient and severe scorers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from qjsc_panel.errors import QjscError
from qjsc_panel.services import pool, registry
from qjsc_panel.services.calibration import calibration
from qjsc_panel.services.context import Ctx
from tests.factories import fill, make_panel, open_db


def certificate(name: str) -> tuple[bytes, str]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    spki = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    import hashlib

    return cert.public_bytes(serialization.Encoding.PEM), hashlib.sha256(spki).hexdigest()


def test_certificate_sets_the_fingerprint_and_another_key_is_refused(db_url: Path | str, tmp_path: Path) -> None:
    ctx = Ctx(open_db(db_url, tmp_path), actor="秘书")
    xid = registry.add_expert(ctx, "李工", "senior", 20)
    pem, fp = certificate("李工")
    assert pool.set_certificate(ctx, xid, pem) == fp
    (row,) = pool.list_pool(ctx)
    assert row.key_fingerprint == fp and row.has_certificate and row.qualified and row.available
    other, _ = certificate("李工")
    with pytest.raises(QjscError) as err:
        pool.set_certificate(ctx, xid, other)
    assert err.value.code == "secretary.certificate_other_key"
    with pytest.raises(QjscError) as err:
        pool.set_certificate(ctx, xid, b"-----BEGIN CERTIFICATE-----\nnot\n-----END CERTIFICATE-----\n")
    assert err.value.code == "secretary.certificate_unreadable"
    with pytest.raises(QjscError):
        pool.set_pool_details(ctx, xid, industries=["39"])
    assert pool.list_pool(ctx)[0].key_fingerprint == fp


def test_calibration_lenient_and_severe(db_url: Path | str, tmp_path: Path) -> None:
    p = make_panel(open_db(db_url, tmp_path), 3)
    for name, share in (("专家1", "0.85"), ("专家2", "0.8"), ("专家3", "0.55")):
        fill(p, name, Decimal(share))
    cal = calibration(p.ctx)
    by_name = {x.name: cal[x.id] for x in registry.list_experts(p.ctx)}
    assert by_name["专家1"].tendency == "lenient" and by_name["专家3"].tendency == "severe"
    assert sum(c.mean_deviation for c in by_name.values()) == pytest.approx(Decimal(0), abs=Decimal("0.05"))
    assert by_name["专家3"].outliers == 1 and by_name["专家1"].outliers == 0 and by_name["专家1"].acceptances == 1
