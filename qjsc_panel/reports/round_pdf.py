"""The opinion PDF of a signature round, as bytes: the round's data embedded in the document,
read back, and every signature examined (who signed which field, with which key, and whether
later revisions only filled signature fields).

Pure: bytes in, facts out.  :mod:`qjsc_panel.services.signround` decides what the facts mean.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import Any

from qjsc_panel.errors import QjscError

ROUND_FILE = "qjsc-signround.json"  # the round: acceptance, signers, each expert's sheet
RESULT_FILE = "qjsc-result.json"  # the exact bytes of 验收结果.json (the page prints its SHA-256)
# pyHanko's verdicts on what later revisions did: only these leave a signature standing.
HARMLESS = frozenset({"NONE", "LTA_UPDATES", "FORM_FILLING"})


def embed(data: bytes, files: dict[str, bytes]) -> bytes:
    """``data`` with ``files`` attached (one incremental update), before anyone signs it."""
    from pyhanko.pdf_utils import embed as pdf_embed
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    for name, raw in files.items():
        obj = pdf_embed.EmbeddedFileObject.from_file_data(writer, data=raw, mime_type="application/json")
        pdf_embed.embed_file(writer, pdf_embed.FileSpec(file_spec_string=name, embedded_data=obj))
    out = io.BytesIO()
    writer.write(out)  # type: ignore[no-untyped-call]
    return out.getvalue()


def embedded(data: bytes) -> dict[str, bytes]:
    """The files attached to the document (name -> bytes); empty when it carries none."""
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        root = reader.root  # pyHanko's dictionaries dereference on item access
        names = root["/Names"] if "/Names" in root else {}
        tree = names["/EmbeddedFiles"] if "/EmbeddedFiles" in names else {}
        flat = list(tree["/Names"]) if "/Names" in tree else []
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise QjscError("reports.pdf_unreadable", detail=str(exc)) from None
    out: dict[str, bytes] = {}
    for i in range(0, len(flat) - 1, 2):
        try:
            spec = flat[i + 1].get_object()
            out[str(flat[i])] = spec["/EF"]["/F"].data
        except (KeyError, TypeError, AttributeError):
            continue
    return out


@dataclass(frozen=True)
class Signed:
    """One signature of the document, in revision order."""

    field: str
    fingerprint: str  # SHA-256 of the signer's public key (SubjectPublicKeyInfo DER)
    signer: str
    ok: bool  # intact and cryptographically valid
    modification: str  # pyHanko's diff verdict on everything after it
    covers_whole_file: bool
    signed_length: int  # the bytes this signature's revision ends at

    @property
    def untouched(self) -> bool:
        """Later revisions did no more than fill signature fields."""
        return self.modification in HARMLESS


def signatures(data: bytes) -> list[Signed]:
    """Every signature with its key's fingerprint and pyHanko's integrity and diff verdicts."""
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        sigs = list(reader.embedded_signatures)
    except (PdfReadError, ValueError, KeyError) as exc:
        raise QjscError("reports.pdf_unreadable", detail=str(exc)) from None
    vc = ValidationContext(trust_roots=[], allow_fetching=False)
    out = []
    for sig in sigs:
        try:
            status = validate_pdf_signature(sig, signer_validation_context=vc)
            ok = bool(status.intact) and bool(status.valid)
            level = status.modification_level.name if status.modification_level else "NONE"
            if not status.docmdp_ok:
                level = "DOCMDP"
        except Exception:  # a mangled CMS blob or byte range: not a signature that stands
            ok, level = False, "UNREADABLE"
        try:
            spki = sig.signer_cert.public_key.dump()
            fingerprint = hashlib.sha256(spki).hexdigest()
            signer = str(sig.signer_cert.subject.native.get("common_name", ""))
        except Exception:  # no readable certificate
            fingerprint, signer = "", ""
        try:
            end = int(sig.byte_range[2] + sig.byte_range[3])
            whole = sig.coverage.name == "ENTIRE_FILE"
        except Exception:
            end, whole = 0, False
        out.append(Signed(sig.field_name, fingerprint, signer, ok, level, whole, end))
    return out
