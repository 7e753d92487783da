"""The bureau bundle: one zip per acceptance with the signed PDF, the workbook, the signed
score packages, the audit-log entries of this acceptance and a manifest of SHA-256 sums.

``verify_bundle`` checks every sum, every PDF signature (pyHanko) and the audit entries'
hashes and links, and reports each problem instead of stopping at the first.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from qjsc_panel.errors import QjscError

MANIFEST = "manifest.json"
BUNDLE_FORMAT = 1


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def make_bundle(out: Path, acc_uuid: str, files: dict[str, bytes], summary: dict[str, Any]) -> Path:
    """Write ``out`` (zip) with ``files`` (name -> bytes) and the manifest."""
    manifest = {
        "format": BUNDLE_FORMAT,
        "acceptance": acc_uuid,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "summary": summary,
        "files": {name: {"sha256": sha256(data), "size": len(data)} for name, data in sorted(files.items())},
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for name, data in sorted(files.items()):
            # PDFs and workbooks are already compressed: store them.
            kind = zipfile.ZIP_STORED if name.endswith((".pdf", ".xlsx", ".qjsc")) else zipfile.ZIP_DEFLATED
            z.writestr(zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0)), data, compress_type=kind)
        z.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True))
    tmp.replace(out)
    return out


@dataclass
class BundleReport:
    acceptance: str = ""
    files: int = 0
    signatures: list[dict[str, Any]] = field(default_factory=list)
    audit_entries: int = 0
    problems: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (code, params)

    @property
    def ok(self) -> bool:
        return not self.problems

    def render(self, lang: str = "zh") -> list[str]:
        from qjsc_panel.messages import render

        return [render(code, lang, **params) for code, params in self.problems]


def verify_bundle(path: Path) -> BundleReport:  # noqa: C901, PLR0912  # split in progress
    rep = BundleReport()
    try:
        z = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise QjscError("reports.bundle_unreadable", path=str(path), detail=str(exc)) from None
    with z:
        try:
            manifest = json.loads(z.read(MANIFEST))
            listed: dict[str, dict[str, Any]] = manifest["files"]
            rep.acceptance = str(manifest.get("acceptance", ""))
        except (KeyError, ValueError, TypeError, zipfile.BadZipFile) as exc:
            raise QjscError("reports.bundle_no_manifest", path=str(path), detail=str(exc)) from None
        present = {n for n in z.namelist() if n != MANIFEST}
        for name in sorted(present - set(listed)):
            rep.problems.append(("reports.bundle_extra_file", {"name": name}))
        contents: dict[str, bytes] = {}
        for name, meta in sorted(listed.items()):
            if name not in present:
                rep.problems.append(("reports.bundle_missing_file", {"name": name}))
                continue
            try:
                data = z.read(name)
            except (zipfile.BadZipFile, OSError) as exc:  # CRC error: a changed byte in the zip
                rep.problems.append(("reports.bundle_damaged", {"name": name, "detail": str(exc)}))
                continue
            contents[name] = data
            rep.files += 1
            if sha256(data) != meta.get("sha256"):
                rep.problems.append(("reports.bundle_sum_mismatch", {"name": name}))
    ca = None
    if "panel-ca.pem" in contents:
        from cryptography import x509

        try:
            ca = x509.load_pem_x509_certificate(contents["panel-ca.pem"])
        except ValueError:
            rep.problems.append(("reports.bundle_bad_ca", {}))
    from qjsc_panel.reports.signing import validate_pdf

    for name, data in contents.items():
        if not name.endswith(".pdf"):
            continue
        try:
            checks = validate_pdf(data, [ca] if ca is not None else None)
        except QjscError as exc:
            detail = exc.params.get("detail", "")
            rep.problems.append(("reports.bundle_pdf_unreadable", {"name": name, "detail": detail}))
            continue
        if not checks:
            rep.problems.append(("reports.bundle_unsigned", {"name": name}))
        for c in checks:
            rep.signatures.append(
                {
                    "file": name,
                    "field": c.field,
                    "signer": c.signer,
                    "intact": c.intact,
                    "valid": c.valid,
                    "trusted": c.trusted,
                }
            )
            if not c.ok:
                rep.problems.append(
                    ("reports.bundle_bad_signature", {"name": name, "field": c.field, "signer": c.signer})
                )
            elif ca is not None and not c.trusted:
                rep.problems.append(("reports.bundle_untrusted", {"name": name, "field": c.field, "signer": c.signer}))
    if "audit.jsonl" in contents:
        rep.audit_entries, problems = check_audit_lines(contents["audit.jsonl"])
        rep.problems += problems
    return rep


def check_audit_lines(data: bytes) -> tuple[int, list[tuple[str, dict[str, Any]]]]:
    """Recompute each entry's hash; consecutive entries must link (prev_hash = previous hash).

    The export holds one acceptance's entries only, so gaps in seq (other acceptances'
    entries) are expected; a link is checked wherever two entries are adjacent in the chain.
    """
    from qjsc_panel.domain.audit import entry_hash

    problems: list[tuple[str, dict[str, Any]]] = []
    prev: dict[str, Any] | None = None
    count = 0
    for n, line in enumerate(data.decode("utf-8", "replace").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            e = json.loads(line)
            digest = entry_hash(
                e["prev_hash"], e["seq"], e["at"], e["actor"], e["action"], e["acceptance"], e["payload"]
            )
        except (ValueError, KeyError, TypeError):
            problems.append(("reports.audit_line_broken", {"line": n}))
            continue
        count += 1
        if digest != e["hash"]:
            problems.append(("reports.audit_entry_changed", {"seq": e["seq"]}))
        if prev is not None:
            if e["seq"] <= prev["seq"]:
                problems.append(("reports.audit_out_of_order", {"seq": e["seq"]}))
            elif e["seq"] == prev["seq"] + 1 and e["prev_hash"] != prev["hash"]:
                problems.append(("reports.audit_link_broken", {"seq": e["seq"]}))
        prev = e
    return count, problems
