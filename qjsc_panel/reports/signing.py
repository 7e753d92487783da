"""PAdES signatures on the opinion PDF (pyHanko): the chair first, then each expert.

Every signature is an incremental update, so earlier signatures keep covering exactly the
bytes they signed.  The visible stamp names the signer in Chinese in the bundled TTF
(pyHanko's OpenType support; a .ttc would not do).  Certificates come from the exchange's
per-panel CA (:func:`qjsc_panel.exchange.keys.pyhanko_signer`); any pyHanko signer works.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from qjsc_panel.errors import QjscError


@dataclass(frozen=True)
class Identity:
    """Who signs: a pyHanko signer plus the name printed in the stamp."""

    name: str
    signer: Any  # pyhanko.sign.signers.Signer
    member_id: int | None = None


def identity_from_keys(
    name: str, private_key: Any, cert: Any, chain: list[Any], member_id: int | None = None
) -> Identity:
    """An :class:`Identity` from ``cryptography`` objects (key, certificate, CA chain)."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    der_key = private_key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    registry = SimpleCertificateStore.from_certs(  # type: ignore[no-untyped-call]
        [asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in chain]
    )
    signer = signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        signing_key=asn1_keys.PrivateKeyInfo.load(der_key),
        cert_registry=registry,
    )
    return Identity(name, signer, member_id)


_subsets: dict[frozenset[str], bytes] = {}
# The fixed words of the stamp; names come from ``stamp_chars`` and the signer.
STAMP_CHARS = "已电子签名专家组组长成员签署北京时间：:-+0123456789 "
STAMP_TZ = timezone(timedelta(hours=8))  # the panel and the bureau are in Shenzhen


def _font_factory(text: str) -> Any:
    """A stamp font holding only the glyphs ``text`` needs, read from memory.

    The face is the document's 仿宋 (QJSC-Fang: all of GB2312, digits that read unambiguously in
    a stamp holding no Latin letters); a character it lacks (a GBK name such as 喆 or 镕) comes
    from the broad fallback face QJSC-Serif, merged into the one subset pyHanko can use.  Made
    once per set of characters (pyHanko's own factory re-parses the whole TTF per signature).
    """
    import dataclasses

    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory

    chars = frozenset(text + STAMP_CHARS)
    found = _subsets.get(chars)
    if found is None:
        found = _subsets[chars] = _stamp_subset("".join(sorted(chars)))
    data: bytes = found

    @dataclasses.dataclass(frozen=True)
    class MemoryFontFactory(GlyphAccumulatorFactory):
        def create_font_engine(self, writer: Any, obj_stream: Any = None) -> GlyphAccumulator:
            if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
                obj_stream = writer.prepare_object_stream()
            return GlyphAccumulator(
                writer=writer, font_handle=io.BytesIO(data), font_size=self.font_size, obj_stream=obj_stream
            )

    return MemoryFontFactory(font_file="<memory>")


def _stamp_subset(text: str) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    from qjsc_panel.reports.fonts import BODY, SERIF, face_path

    def cut(role: str, chars: str) -> tuple[bytes, set[str]]:
        with TTFont(str(face_path(role)), lazy=True) as tt:
            cmap = tt.getBestCmap()
            have = {c for c in chars if ord(c) in cmap or c in "\n\t"}
            sub = subset.Subsetter(subset.Options(layout_features=["*"], name_IDs=["*"], notdef_outline=True))
            sub.populate(text="".join(have))
            sub.subset(tt)
            buf = io.BytesIO()
            tt.save(buf)
        return buf.getvalue(), have

    body, have = cut(BODY, text)
    missing = "".join(c for c in text if c not in have)
    if not missing:
        return body
    extra, _ = cut(SERIF, missing)
    from fontTools import merge

    merged = merge.Merger().merge([io.BytesIO(body), io.BytesIO(extra)])
    buf = io.BytesIO()
    merged.save(buf)
    return buf.getvalue()


def _stamp_style(font: Any) -> Any:
    """pyHanko's text stamp with the signing time printed in Beijing time, zone named.

    pyHanko formats the time itself (UTC); the stamp asks it for an ISO string and rewrites it.
    """
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    @dataclass(frozen=True)
    class BeijingStampStyle(TextStampStyle):
        def create_stamp(self, writer: Any, box: Any, text_params: dict[str, Any]) -> Any:
            ts = text_params.get("ts")
            if ts:
                when = datetime.strptime(ts, "%Y-%m-%dT%H:%M:%S%z").astimezone(STAMP_TZ)
                text_params = {**text_params, "ts": when.strftime("%Y-%m-%d %H:%M") + " 北京时间"}
            return super().create_stamp(writer, box, text_params)

    return BeijingStampStyle(
        # The page prints the role and name above the box and draws its one border.
        stamp_text="已电子签名：%(name)s\n%(ts)s",
        text_box_style=TextBoxStyle(font=font, font_size=9),
        timestamp_format="%Y-%m-%dT%H:%M:%S%z",
        border_width=0,
    )


def empty_fields(data: bytes) -> list[str]:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    return [name for name, value, _ref in enumerate_sig_fields(reader, filled_status=False) if value is None]


def sign_pdf(data: bytes, field: str, who: Identity, role: str = "", stamp_chars: str = "") -> bytes:
    """Fill signature field ``field`` with a PAdES signature by ``who``; returns the new file.

    ``stamp_chars``: every character the stamps of this document will need (all signers'
    names), so that the stamp font is subset once per document rather than per signer.
    """
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.sign import fields, signers

    from qjsc_panel.reports.pdfa import incremental_writer

    try:
        writer = incremental_writer(data)
        known = {name for name, _v, _r in fields.enumerate_sig_fields(writer.prev)}
    except (PdfReadError, ValueError) as exc:
        raise QjscError("reports.pdf_unreadable", detail=str(exc)) from None
    if field not in known:
        raise QjscError("reports.no_such_field", field=field, known="、".join(sorted(known)))
    if field not in empty_fields(data):
        raise QjscError("reports.field_signed", field=field)
    stamp = _stamp_style(_font_factory(stamp_chars + role + who.name))
    meta = signers.PdfSignatureMetadata(
        field_name=field, subfilter=fields.SigSeedSubFilter.PADES, name=who.name, reason="验收意见签署", location="深圳"
    )
    pdf_signer = _signer_class()(meta, signer=who.signer, stamp_style=stamp)
    out = io.BytesIO()
    pdf_signer.sign_pdf(writer, output=out, appearance_text_params={"name": who.name})
    return out.getvalue()


def _signer_class() -> type:
    """pyHanko's PdfSigner that keeps the document at PDF 1.7.

    For an ECDSA key on P-256 pyHanko declares the ISO/TS 32002 extension, which it ties to
    PDF 2.0, and raises the catalog's /Version to 2.0; PDF/A-2 is based on PDF 1.7.  PAdES on
    PDF 1.7 is declared by the ETSI ESIC extension (pyHanko adds it for every PAdES signature),
    and ETSI's PAdES profiles admit ECDSA, so the signature itself is the same bytes either way.
    """
    from pyhanko.sign.signers.pdf_signer import PdfSigner, _ensure_esic_ext

    class Pdf17Signer(PdfSigner):
        def register_extensions(self, pdf_out: Any, *, md_algorithm: str) -> None:
            if (
                md_algorithm.startswith("sha3_")
                or md_algorithm == "shake256"
                or _eddsa(self.signer)
                or pdf_out.security_handler is not None
            ):
                # What only PDF 2.0 extensions define (SHA-3, EdDSA, PDF MAC): pyHanko's choice.
                super().register_extensions(pdf_out, md_algorithm=md_algorithm)
                return
            _ensure_esic_ext(pdf_out)

    return Pdf17Signer


def _eddsa(signer: Any) -> bool:
    try:
        return str(signer.signing_cert.public_key.algorithm) in {"ed25519", "ed448"}
    except AttributeError:
        return False


@dataclass(frozen=True)
class SignatureCheck:
    field: str
    signer: str
    intact: bool  # the signed bytes hash to the signed digest
    valid: bool  # the cryptographic signature checks
    trusted: bool  # chains to a trust root given
    covers_whole_file: bool
    modification: str  # pyHanko's verdict on later changes

    @property
    def ok(self) -> bool:
        return self.intact and self.valid


def validate_pdf(data: bytes, trust_roots: list[Any] | None = None) -> list[SignatureCheck]:
    """Check every signature; a changed byte shows as ``intact=False``."""
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        sigs = list(reader.embedded_signatures)
    except (PdfReadError, ValueError, KeyError) as exc:
        raise QjscError("reports.pdf_unreadable", detail=str(exc)) from None
    roots = []
    if trust_roots:
        from asn1crypto import x509 as asn1_x509
        from cryptography.hazmat.primitives import serialization

        roots = [asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in trust_roots]
    # Always an offline context: with no roots a signature is still checked for integrity and
    # validity, and reported untrusted (pyHanko's default context would try the system store).
    vc = ValidationContext(trust_roots=roots, allow_fetching=False)
    out = []
    for sig in sigs:
        try:
            status = validate_pdf_signature(sig, signer_validation_context=vc)
            intact, valid = bool(status.intact), bool(status.valid)
            trusted = bool(status.trusted) if roots else False
            level = status.modification_level.name if status.modification_level else ""
        except Exception:  # a mangled CMS blob or byte range: not a valid signature
            intact = valid = trusted = False
            level = "UNREADABLE"
        signer = ""
        try:
            signer = sig.signer_cert.subject.native.get("common_name", "")
        except Exception:  # unreadable certificate
            signer = ""
        out.append(SignatureCheck(sig.field_name, signer, intact, valid, trusted, _covers_all(sig, len(data)), level))
    return out


def _covers_all(sig: Any, size: int) -> bool:
    try:
        return bool(sig.coverage.name == "ENTIRE_FILE")
    except Exception:
        return False
