"""The marks a reader can check on the opinion: its number, the result digest and the QR code.

The digest printed on the signature page is the SHA-256 of ``验收结果.json`` — the exact bytes
:func:`result_json` returns and the bureau bundle carries — so anyone holding the bundle can
recompute it (``sha256sum 验收结果.json``), and ``qjsc-panel verify-pdf`` / ``bundle verify``
print the same value.  The PDF also records it in its document information (``/QJSCResultSHA256``)
so a verifier can compare without reading the page.  Pure functions: no session, no store.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import TYPE_CHECKING, Any

from qjsc_panel.reports.model import fmt1, fmt2

if TYPE_CHECKING:
    from qjsc_panel.reports.model import Compilation

INFO_KEY = "QJSCResultSHA256"  # document-information key holding the digest
QR_PREFIX = "QJSC1"
NUMBER_RE = re.compile(r"^深工信清审验〔(\d{4})〕第(\d{4,})号$")


def provisional_number(comp: Compilation) -> str:
    """Before the archive assigns the bureau's number: 暂编 + visit date + the id's first 8 hex."""
    return f"暂编{comp.visit_date:%Y%m%d}-{comp.acceptance_uuid.replace('-', '')[:8].upper()}"


def official_number(year: int, serial: int) -> str:
    """The bureau's acceptance number, e.g. 深工信清审验〔2026〕第0001号."""
    return f"深工信清审验〔{year}〕第{serial:04d}号"


def number(comp: Compilation) -> str:
    return comp.number or provisional_number(comp)


def summary(comp: Compilation) -> dict[str, Any]:
    """The figures every output states (the bundle's 验收结果.json)."""
    return {
        "number": number(comp),
        "acceptance": comp.acceptance_uuid,
        "enterprise": comp.enterprise_name,
        "credit_code": comp.credit_code,
        "composite": fmt1(comp.composite),
        "result": comp.result,
        "grade": comp.grade,
        "item_means": {k: fmt2(v) for k, v in comp.item_means.items()},
        "confirmed_vetoes": [v.veto_item_id for v in comp.confirmed_vetoes],
        "status": comp.status,
        "finalised_at": comp.finalised_at,
        "form": {"id": comp.form_id, "version": comp.form_version, "sha256": comp.form_hash},
        "packages": {s.uuid: s.package_sha256 for s in comp.counted_sheets if s.package_sha256},
    }


def result_json(comp: Compilation) -> bytes:
    """The bytes of 验收结果.json (sorted keys, UTF-8, two-space indent, final newline)."""
    return (json.dumps(summary(comp), ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def result_digest(comp: Compilation) -> str:
    return digest(result_json(comp))


def grouped(hex_digest: str, size: int = 8) -> str:
    """64 hex digits in groups of eight, easier to compare by eye."""
    return " ".join(hex_digest[i : i + size] for i in range(0, len(hex_digest), size))


def qr_payload(comp: Compilation) -> str:
    """What the QR code holds: ``QJSC1|<number>|<acceptance id>|<result SHA-256>``."""
    return f"{QR_PREFIX}|{number(comp)}|{comp.acceptance_uuid}|{result_digest(comp)}"


def parse_qr(text: str) -> dict[str, str] | None:
    parts = text.split("|")
    if len(parts) != 4 or parts[0] != QR_PREFIX or not re.fullmatch(r"[0-9a-f]{64}", parts[3]):
        return None
    return {"number": parts[1], "acceptance": parts[2], "result_sha256": parts[3]}


def printed_digest(pdf: bytes) -> str | None:
    """The result digest a rendered opinion records in its document information, if any."""
    from io import BytesIO

    try:
        from pyhanko.pdf_utils.reader import PdfFileReader

        info = PdfFileReader(BytesIO(pdf), strict=False).trailer_view.get("/Info")
        value = info.get_object().get("/" + INFO_KEY) if info is not None else None
    except Exception:  # any unreadable PDF: there is no printed digest to compare
        return None
    text = str(value) if value is not None else ""
    return text if re.fullmatch(r"[0-9a-f]{64}", text) else None
