"""A throw-away certificate authority for tests, the benchmark and a demo without a panel CA.

The real certificates come from the exchange's per-panel CA; this one is labelled 演示 (demo)
in its name so that nobody mistakes a document signed with it for a real one.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from qjsc_panel.exchange.certs import self_signed_ca
from qjsc_panel.reports.signing import Identity, identity_from_keys


class DemoCA:
    def __init__(self, name: str = "qjsc-panel 演示签名 CA") -> None:
        from cryptography import x509
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID

        self.key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
        self.cert = self_signed_ca(self.key, subject, years=10, path_length=0)

    def issue(self, name: str, member_id: int | None = None) -> tuple[Identity, Any]:
        """A fresh key and certificate for ``name``; returns (identity, certificate)."""
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID

        key = ec.generate_private_key(ec.SECP256R1())
        now = datetime.now(UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
            .issuer_name(self.cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=365))
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
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()), critical=False)
            .sign(self.key, hashes.SHA256())
        )
        return identity_from_keys(name, key, cert, [self.cert], member_id), cert

    def pem(self) -> bytes:
        from cryptography.hazmat.primitives import serialization

        return self.cert.public_bytes(serialization.Encoding.PEM)
