"""The opinion PDF of a signature round, as bytes: the round's data embedded in the document,
read back, and every signature examined (who signed which field, with which key, and whether
later revisions only filled signature fields).

Pure: bytes in, facts out.  :mod:`qjsc_panel.services.signround` decides what the facts mean.
"""

from __future__ import annotations

import hashlib
import io
import logging
from dataclasses import dataclass
from typing import Any

from qjsc_panel.errors import QjscError

ROUND_FILE = "qjsc-signround.json"  # the round: acceptance, signers, each expert's sheet
RESULT_FILE = "qjsc-result.json"  # the exact bytes of 验收结果.json (the page prints its SHA-256)
# pyHanko's verdicts on what later revisions did: only these leave a signature standing.
HARMLESS = frozenset({"NONE", "LTA_UPDATES", "FORM_FILLING"})


def embed(data: bytes, files: dict[str, bytes]) -> bytes:
    """``data`` with ``files`` attached (one incremental update), before anyone signs it.

    PDF/A-2 admits only PDF/A files as attachments; PDF/A-3 admits any file associated with the
    document (catalog /AF, /AFRelationship, MIME type, /UF, /Params /ModDate), so the copy that
    carries the round's data declares PDF/A-3b (:mod:`qjsc_panel.reports.pdfa`).  pyHanko's own
    /AF support would raise the file to PDF 2.0, so the association is written here.
    """
    from datetime import UTC, datetime

    from pyhanko.pdf_utils import embed as pdf_embed
    from pyhanko.pdf_utils import generic

    from qjsc_panel.reports.pdfa import declare_part, incremental_writer

    writer = incremental_writer(data)
    now = datetime.now(UTC).replace(microsecond=0)
    for name, raw in files.items():
        params = pdf_embed.EmbeddedFileParams(modification_date=now)
        obj = pdf_embed.EmbeddedFileObject.from_file_data(writer, data=raw, params=params, mime_type="application/json")
        spec = pdf_embed.FileSpec(file_spec_string=name, file_name=name, embedded_data=obj, description=name)
        pdf_embed.embed_file(writer, spec)
    names = writer.root["/Names"]["/EmbeddedFiles"]["/Names"]
    refs = [names.raw_get(i + 1) for i in range(0, len(names) - 1, 2)]  # the references themselves
    for ref in refs:
        spec = ref.get_object()
        spec["/AFRelationship"] = generic.pdf_name("/Data")
        writer.update_container(spec)
    writer.root["/AF"] = writer.add_object(generic.ArrayObject(refs))
    writer.update_root()
    declare_part(writer, 3)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def embedded(data: bytes) -> dict[str, bytes]:
    """The files attached to the document (name -> bytes); empty when it carries none."""
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        tree = _child(_child(reader.root, "/Names"), "/EmbeddedFiles")
        flat = list(_child(tree, "/Names") or [])
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


def _child(obj: Any, key: str) -> Any:
    """``obj[key]`` dereferenced (pyHanko's item access does; its ``get`` does not), or {}."""
    try:
        return obj[key]
    except (KeyError, TypeError):
        return {}


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
    trusted: bool = False  # the certificate chains to the anchor given (the panel CA)

    @property
    def untouched(self) -> bool:
        """Later revisions did no more than fill signature fields."""
        return self.modification in HARMLESS


def signed_fields(data: bytes) -> list[str]:
    """The signed fields in signing order, without checking them (a file already checked)."""
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        return [str(s.field_name) for s in PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures]
    except (PdfReadError, ValueError, KeyError) as exc:
        raise QjscError("reports.pdf_unreadable", detail=str(exc)) from None


def signatures(data: bytes, anchor_pem: bytes | None = None) -> list[Signed]:
    """Every signature with its key's fingerprint and pyHanko's integrity and diff verdicts;
    with ``anchor_pem`` (the panel CA), whether each signer's certificate chains to it."""
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        sigs = list(reader.embedded_signatures)
    except (PdfReadError, ValueError, KeyError) as exc:
        raise QjscError("reports.pdf_unreadable", detail=str(exc)) from None
    roots = []
    if anchor_pem:
        from asn1crypto import pem, x509

        roots = [x509.Certificate.load(pem.unarmor(anchor_pem)[2])]
    vc = ValidationContext(trust_roots=roots, allow_fetching=False)
    # Trust is not asked here (no roots): pyHanko's "no path to a root" warning with its
    # traceback would only fill the log at every check.
    quiet = logging.getLogger("pyhanko.sign.validation.generic_cms")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        return [_examine(sig, vc, bool(roots)) for sig in sigs]
    finally:
        quiet.setLevel(level)


def _examine(sig: Any, vc: Any, anchored: bool) -> Signed:
    from pyhanko.sign.validation import validate_pdf_signature

    try:
        status = validate_pdf_signature(sig, signer_validation_context=vc)
        ok = bool(status.intact) and bool(status.valid)
        trusted = anchored and bool(status.trusted)
        level = status.modification_level.name if status.modification_level else "NONE"
        if not status.docmdp_ok:
            level = "DOCMDP"
    except Exception:  # a mangled CMS blob or byte range: not a signature that stands
        ok, level, trusted = False, "UNREADABLE", False
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
    return Signed(sig.field_name, fingerprint, signer, ok, level, whole, end, trusted)
