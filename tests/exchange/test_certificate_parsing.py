"""A certificate that breaks RFC 5280 is refused as broken, not half-accepted with a warning
(found by the package fuzz test: a flipped byte made the serial number negative)."""

from __future__ import annotations

import base64
import datetime
import warnings
from typing import Any

import pytest

from qjsc_panel.errors import QjscError
from qjsc_panel.exchange.panelkey import load_cert


def _pem(der: bytes) -> bytes:
    return b"-----BEGIN CERTIFICATE-----\n" + base64.encodebytes(der) + b"-----END CERTIFICATE-----\n"


def _builder(key: Any, subject: Any = None, issuer: Any = None) -> Any:
    """A one-day certificate for ``key`` (serial 0x7F), named 专家 unless told otherwise."""
    from cryptography import x509

    name = x509.Name([x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, "专家")])
    start = datetime.datetime(2026, 11, 20)
    return (
        x509.CertificateBuilder()
        .subject_name(subject or name)
        .issuer_name(issuer or name)
        .public_key(key.public_key())
        .serial_number(0x7F)
        .not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=1))
    )


def test_negative_serial_is_refused() -> None:
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    cert = _builder(key).sign(key, hashes.SHA256())
    der = bytearray(cert.public_bytes(serialization.Encoding.DER))
    assert load_cert(_pem(bytes(der))).serial_number == 0x7F
    at = der.find(bytes([0x02, 0x01, 0x7F]))
    der[at + 2] = 0x80  # the serial INTEGER becomes -128
    with pytest.raises(QjscError) as err:
        load_cert(_pem(bytes(der)))
    assert err.value.code == "exchange.bad_certificate"


def test_country_name_of_wrong_length_is_refused() -> None:
    """A flipped byte turned a name attribute's OID into countryName (2 characters by RFC 5280):
    cryptography only warns (UserWarning) — found by the package fuzz test, refused as broken."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    good = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "专家")])
    with warnings.catch_warnings():  # building the broken name draws the same warning
        warnings.simplefilter("ignore")
        bad = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "CHINA", _validate=False)])
    cert = _builder(key, subject=bad, issuer=good).sign(key, hashes.SHA256())
    with pytest.raises(QjscError) as err:
        load_cert(cert.public_bytes(serialization.Encoding.PEM))
    assert err.value.code == "exchange.bad_certificate"


def test_duplicate_extension_is_refused() -> None:
    """A flipped byte turned one extension's OID into another's (two authorityKeyIdentifier
    extensions): cryptography raises DuplicateExtension, which is no ValueError (fuzz test)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        _builder(key)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    der = bytearray(cert.public_bytes(serialization.Encoding.DER))
    assert len(load_cert(_pem(bytes(der))).extensions) == 2
    ski = bytes([0x06, 0x03, 0x55, 0x1D, 0x0E])  # OID 2.5.29.14 → 2.5.29.35 (a second AKI)
    at = der.find(ski)
    der[at + 4] = 0x23
    with pytest.raises(QjscError) as err:
        load_cert(_pem(bytes(der)))
    assert err.value.code == "exchange.bad_certificate"
