"""The bureau bundle: one zip per acceptance with the signed PDF, the workbook, the signed
score packages, the audit-log entries of this acceptance and a manifest of SHA-256 sums.

``verify_bundle`` checks every sum, every PDF signature (pyHanko) and the audit entries'
hashes and links, and reports each problem instead of stopping at the first.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from qjsc_panel.errors import QjscError
from qjsc_panel.reports.bundle_names import (
    AUDIT_LOG,
    DESCRIPTIONS,
    LEGACY_MANIFEST,
    MANIFEST,
    MANIFEST_SIG,
    PACKAGES_DIR,
    PANEL_CA,
    README,
    RESULT_JSON,
)

BUNDLE_FORMAT = 1
UTF8_FLAG = 0x800  # general-purpose bit 11: the entry's name is UTF-8


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def bundle_files(
    comp: Any, pdf: bytes, workbook: bytes, audit: bytes, ca_pem: bytes | None, packages: list[tuple[str, bytes]]
) -> dict[str, bytes]:
    """The bundle's files by their Chinese names; a package must be one the result counted."""
    from qjsc_panel.reports import marks
    from qjsc_panel.reports.bundle_names import OPINION_PDF, RESULT_JSON, WORKBOOK

    files = {OPINION_PDF: pdf, WORKBOOK: workbook, AUDIT_LOG: audit, RESULT_JSON: marks.result_json(comp)}
    if ca_pem:
        files[PANEL_CA] = ca_pem
    known = set(marks.summary(comp)["packages"].values())
    for name, raw in packages:
        if sha256(raw) not in known:
            raise QjscError("reports.package_not_imported", path=name)
        files[PACKAGES_DIR + name] = raw
    return files


def make_bundle(
    out: Path,
    acc_uuid: str,
    files: dict[str, bytes],
    summary: dict[str, Any],
    finalised_at: str = "",
    sign: Callable[[bytes], bytes] | None = None,
) -> Path:
    """Write ``out`` (zip) with ``files`` (name -> bytes), 说明.txt and the manifest; ``sign``
    turns the manifest's bytes into 清单签名.json (the chair's signature, exchange.bundle_trust).

    Entries carry Chinese names (UTF-8 flag set) and are dated at the finalisation."""
    added = [MANIFEST, MANIFEST_SIG] if sign is not None else [MANIFEST]
    files = {**files, README: readme(summary, sorted([*files, README, *added]))}
    created = finalised_at or datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds")
    manifest = {
        "format": BUNDLE_FORMAT,
        "acceptance": acc_uuid,
        "created": created,
        "summary": summary,
        "files": {name: {"sha256": sha256(data), "size": len(data)} for name, data in sorted(files.items())},
    }
    stamp = entry_time(created)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for name, data in sorted(files.items()):
            # PDFs and workbooks are already compressed: store them.
            kind = zipfile.ZIP_STORED if name.endswith((".pdf", ".xlsx", ".qjsc")) else zipfile.ZIP_DEFLATED
            z.writestr(_info(name, stamp), data, compress_type=kind)
        manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")
        z.writestr(_info(MANIFEST, stamp), manifest_bytes, compress_type=zipfile.ZIP_DEFLATED)
        if sign is not None:
            z.writestr(_info(MANIFEST_SIG, stamp), sign(manifest_bytes), compress_type=zipfile.ZIP_DEFLATED)
    tmp.replace(out)
    return out


def entry_time(finalised_at: str) -> tuple[int, int, int, int, int, int]:
    """Zip entry time (local, no zone in the format): the finalisation in Beijing time."""
    from datetime import timedelta

    try:
        at = datetime.fromisoformat(finalised_at)
    except ValueError:
        at = datetime.now(UTC).replace(tzinfo=None)
    if at.tzinfo is not None:
        at = at.astimezone(UTC).replace(tzinfo=None)
    bj = at + timedelta(hours=8)
    return (max(bj.year, 1980), bj.month, bj.day, bj.hour, bj.minute, bj.second)


def _info(name: str, stamp: tuple[int, int, int, int, int, int]) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.flag_bits |= UTF8_FLAG
    info.external_attr = 0o644 << 16
    return info


def readme(summary: dict[str, Any], names: list[str]) -> bytes:
    """说明.txt: what each file is and how to verify the bundle (UTF-8 with BOM for Windows Notepad)."""
    lines = [
        "自愿性清洁生产审核验收报送包",
        "",
        f"企业：{summary.get('enterprise', '')}",
        f"验收编号：{summary.get('number', '')}",
        f"综合得分：{summary.get('composite', '')}",
        "",
        "文件：",
    ]
    listed = sorted({n if not n.startswith(PACKAGES_DIR) else PACKAGES_DIR for n in names})
    lines += [f"  {n}　{DESCRIPTIONS.get(n, '')}" for n in listed]
    lines += [
        "",
        "核验方法：",
        "  1. 运行 qjsc-panel bundle verify 本报送包：核对清单中的每个 SHA-256、验收意见的每个电子签名、"
        "审计日志的哈希链，并打印结果摘要。",
        f"  2. 也可自行核对：计算 {RESULT_JSON} 的 SHA-256（结果摘要 {summary.get('result_sha256', '')}），"
        "应与验收意见签署页印出的“结果摘要”及二维码中的值一致；"
        "在 PDF 阅读器的签名面板中查看各签名应有效、签名后未被修改。",
        f"  3. 专家组 CA 证书（{PANEL_CA}）和审计日志（{AUDIT_LOG}）供核对签名人和操作记录。",
        "",
    ]
    return ("\ufeff" + "\r\n".join(lines)).encode("utf-8")


@dataclass
class BundleReport:
    acceptance: str = ""
    trusted: bool = False  # every check passed against the verifier's own bureau root
    root: str = ""  # that root's short fingerprint ("" when none was available)
    recomputed: dict[str, Any] = field(default_factory=dict)
    files: int = 0
    signatures: list[dict[str, Any]] = field(default_factory=list)
    audit_entries: int = 0
    result_digest: str = ""  # SHA-256 of 验收结果.json (the PDF's signature page prints it)
    problems: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (code, params)

    @property
    def ok(self) -> bool:
        return not self.problems

    def render(self, lang: str = "zh") -> list[str]:
        from qjsc_panel.messages import render

        return [render(code, lang, **params) for code, params in self.problems]


def verify_bundle(path: Path, root: Any | None = None, crl: Any | None = None) -> BundleReport:
    """Check a bundle from outside.  ``root`` is the verifier's own bureau root (never taken
    from the bundle); without one the bundle is reported as not verified against the bureau."""
    rep = BundleReport()
    manifest_raw, manifest, signature, contents = _read_bundle(path, rep)
    # Trust comes from the verifier's root only: a panel-ca.pem in the bundle is checked against
    # it (exchange.bundle_trust), never used as an anchor (issue 12).
    from qjsc_panel.exchange import bundle_trust

    trust = bundle_trust.check_trust({**contents, MANIFEST_SIG: signature}, manifest_raw, rep.acceptance, root, crl)
    if root is not None:
        from qjsc_panel.exchange import bureau, crypto

        rep.root = crypto.short_fingerprint(bureau.key_fingerprint(root))
    for name, data in contents.items():
        if name.endswith(".pdf"):
            bundle_trust.check_pdf_signers(trust, name, data)
            bundle_trust.check_printed(trust, name, data, manifest.get("summary", {}))
            _check_pdf(rep, name, data, root)
    for name, data in contents.items():
        if name.endswith(".xlsx"):
            bundle_trust.check_workbook(trust, name, data)
    _check_digest(rep, contents)
    if AUDIT_LOG in contents:
        rep.audit_entries, problems = check_audit_lines(contents[AUDIT_LOG])
        rep.problems += problems
    rep.problems += trust.problems
    rep.recomputed = trust.recomputed
    rep.trusted = root is not None and not rep.problems
    return rep


def _read_bundle(path: Path, rep: BundleReport) -> tuple[bytes, dict[str, Any], bytes, dict[str, bytes]]:
    """(manifest bytes, manifest, manifest signature or b"", listed files present and readable);
    each file's sum is checked against the manifest here (problems into ``rep``)."""
    try:
        z = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise QjscError("reports.bundle_unreadable", path=str(path), detail=str(exc)) from None
    with z:
        manifest_name = MANIFEST if MANIFEST in z.namelist() else LEGACY_MANIFEST
        try:
            manifest_raw = z.read(manifest_name)
            manifest = json.loads(manifest_raw)
            listed: dict[str, dict[str, Any]] = manifest["files"]
            rep.acceptance = str(manifest.get("acceptance", ""))
        except (KeyError, ValueError, TypeError, zipfile.BadZipFile, OSError) as exc:
            raise QjscError("reports.bundle_no_manifest", path=str(path), detail=str(exc)) from None
        try:
            signature = z.read(MANIFEST_SIG) if MANIFEST_SIG in z.namelist() else b""
        except (zipfile.BadZipFile, OSError):
            signature = b""
        present = {n for n in z.namelist() if n not in (manifest_name, MANIFEST_SIG)}
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
    return manifest_raw, manifest, signature, contents


def _check_pdf(rep: BundleReport, name: str, data: bytes, root: Any | None) -> None:
    """Every signature of one PDF: intact, valid, and trusted under the verifier's root."""
    from qjsc_panel.reports.signing import validate_pdf

    try:
        checks = validate_pdf(data, [root] if root is not None else None)
    except QjscError as exc:
        detail = exc.params.get("detail", "")
        rep.problems.append(("reports.bundle_pdf_unreadable", {"name": name, "detail": detail}))
        return
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
        params = {"name": name, "field": c.field, "signer": c.signer}
        if not c.ok:
            rep.problems.append(("reports.bundle_bad_signature", params))
        elif root is not None and not c.trusted:
            rep.problems.append(("reports.bundle_untrusted", params))


def _check_digest(rep: BundleReport, contents: dict[str, bytes]) -> None:
    """验收结果.json must hash to the digest the opinion prints (and records in its information)."""
    from qjsc_panel.reports.bundle_names import OPINION_PDF
    from qjsc_panel.reports.marks import printed_digest

    if RESULT_JSON not in contents:
        return
    rep.result_digest = sha256(contents[RESULT_JSON])
    printed = printed_digest(contents[OPINION_PDF]) if OPINION_PDF in contents else None
    if printed is not None and printed != rep.result_digest:
        rep.problems.append(("reports.bundle_digest_mismatch", {"printed": printed, "actual": rep.result_digest}))


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
