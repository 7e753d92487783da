"""The bureau bundle verified from outside (issue 12, item 2): each forgery the issue measured
is refused, with the trust anchor taken from the verifier's own configuration — never from the
bundle."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from qjsc_panel.cli import main
from qjsc_panel.demo.laptops import DEMO_PASSPHRASE
from qjsc_panel.exchange import bundle_trust, bureau
from qjsc_panel.reports.bundle import BundleReport, verify_bundle
from qjsc_panel.reports.bundle_names import (
    AUDIT_LOG,
    MANIFEST,
    MANIFEST_SIG,
    OPINION_PDF,
    PACKAGES_DIR,
    PANEL_CA,
    RESULT_JSON,
    SIGNED_HEADS,
    WORKBOOK,
)
from tests.reports.conftest import Built


def _root(built: Built) -> Any:
    return bureau.load_bureau(built.out / "laptops" / "secretary").cert


def _root_file(built: Built, tmp_path: Path) -> Path:
    path = tmp_path / "bureau-root.pem"
    path.write_bytes(bureau.cert_pem(_root(built)).encode())
    return path


def _codes(rep: BundleReport) -> list[str]:
    return [c for c, _ in rep.problems]


def rewrite(
    built: Built,
    out: Path,
    change: dict[str, bytes],
    *,
    drop: tuple[str, ...] = (),
    resign: Callable[[bytes], bytes] | None = None,
    fix_sums: bool = True,
) -> Path:
    """A copy of the demo's bundle with files changed; the manifest's sums recomputed (as a
    forger would), and the manifest signature kept, dropped or re-made by ``resign``."""
    assert built.written.bundle is not None
    with zipfile.ZipFile(built.written.bundle) as src:
        files = {n: src.read(n) for n in src.namelist()}
    files.update(change)
    for name in drop:
        files.pop(name, None)
    manifest = json.loads(files[MANIFEST])
    if fix_sums:
        for name in list(manifest["files"]):
            if name in files:
                manifest["files"][name] = {"sha256": hashlib.sha256(files[name]).hexdigest(), "size": len(files[name])}
        for name in files:
            if name not in (MANIFEST, MANIFEST_SIG) and name not in manifest["files"]:
                manifest["files"][name] = {"sha256": hashlib.sha256(files[name]).hexdigest(), "size": len(files[name])}
        files[MANIFEST] = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode()
    if resign is not None:
        files[MANIFEST_SIG] = resign(files[MANIFEST])
    with zipfile.ZipFile(out, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return out


def chair_signer(built: Built) -> Callable[[bytes], bytes]:
    """The chair's own key (陈建华): a forger who holds it can sign any manifest."""
    return bundle_trust.manifest_signer(built.out / "laptops" / "陈建华", None, DEMO_PASSPHRASE, built.acceptance)


def test_genuine_bundle_is_trusted_against_the_bureau_root(
    built: Built, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert built.written.bundle is not None
    rep = verify_bundle(built.written.bundle, _root(built))
    assert rep.ok and rep.trusted, rep.render()
    assert rep.recomputed["composite"] == "77.8"
    assert all(s["trusted"] for s in rep.signatures) and len(rep.signatures) == 4
    capsys.readouterr()
    code = main(["--json", "bundle", "verify", str(built.written.bundle), "--root", str(_root_file(built, tmp_path))])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["trusted"] is True and data["ok"] is True


def test_without_a_root_the_bundle_is_not_verified(
    built: Built, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert built.written.bundle is not None
    rep = verify_bundle(built.written.bundle, None)
    assert not rep.trusted and "exchange.bureau_no_root" in _codes(rep)
    capsys.readouterr()
    assert main(["bundle", "verify", str(built.written.bundle)]) != 0
    assert "未验证" in capsys.readouterr().out


def _forged_pdf() -> tuple[bytes, bytes]:
    """A one-page PDF signed under a CA the forger made; returns (pdf, that CA's PEM)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    from qjsc_panel.demo.testca import DemoCA
    from tests.exchange.test_identity_and_demo import _blank_pdf

    ca = DemoCA("qjsc-panel CA forged")
    who, _cert = ca.issue("陈建华")
    out = io.BytesIO()
    signers.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(_blank_pdf())),
        signers.PdfSignatureMetadata(field_name="sig-chair"),
        signer=who.signer,
        output=out,
    )
    return out.getvalue(), ca.pem()


def test_forged_opinion_under_a_forgers_ca_placed_in_the_bundle(built: Built, tmp_path: Path) -> None:
    pdf, forger_ca = _forged_pdf()
    bad = rewrite(built, tmp_path / "f1.zip", {OPINION_PDF: pdf, PANEL_CA: forger_ca}, drop=(MANIFEST_SIG,))
    rep = verify_bundle(bad, _root(built))
    assert not rep.ok and not rep.trusted
    assert "exchange.bureau_not_certified" in _codes(rep)
    assert "reports.bundle_untrusted" in _codes(rep)
    assert not any(s["trusted"] for s in rep.signatures)
    # Even signed by the chair himself, a PDF under another CA is untrusted and its signers wrong.
    bad = rewrite(built, tmp_path / "f1b.zip", {OPINION_PDF: pdf}, resign=chair_signer(built))
    codes = _codes(verify_bundle(bad, _root(built)))
    assert "reports.bundle_untrusted" in codes and "exchange.bundle_signer_missing" in codes


def test_result_json_changed_with_the_manifest_recomputed(built: Built, tmp_path: Path) -> None:
    assert built.written.bundle is not None
    with zipfile.ZipFile(built.written.bundle) as z:
        result = json.loads(z.read(RESULT_JSON))
    result["composite"] = "83.5"
    changed = {RESULT_JSON: json.dumps(result, ensure_ascii=False, indent=2, sort_keys=True).encode()}
    rep = verify_bundle(rewrite(built, tmp_path / "r.zip", changed), _root(built))
    assert "exchange.bundle_manifest_bad_signature" in _codes(rep) and not rep.trusted
    # The chair re-signing the manifest does not help: the numbers are recomputed from the packages.
    rep = verify_bundle(rewrite(built, tmp_path / "r2.zip", changed, resign=chair_signer(built)), _root(built))
    assert "exchange.bundle_manifest_bad_signature" not in _codes(rep)
    differs = [p for c, p in rep.problems if c == "exchange.bundle_number_differs"]
    assert differs and differs[0]["found"] == "83.5" and differs[0]["want"] == "77.8"


def test_workbook_cell_changed_with_the_manifest_recomputed(built: Built, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    assert built.written.bundle is not None
    with zipfile.ZipFile(built.written.bundle) as z:
        wb = load_workbook(io.BytesIO(z.read(WORKBOOK)))
    changed_cells = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for i, cell in enumerate(row[:-1]):
                if cell.value == "综合得分":
                    row[i + 1].value = 83.5
                    changed_cells += 1
    assert changed_cells
    buf = io.BytesIO()
    wb.save(buf)
    changed = {WORKBOOK: buf.getvalue()}
    rep = verify_bundle(rewrite(built, tmp_path / "w.zip", changed), _root(built))
    assert "exchange.bundle_manifest_bad_signature" in _codes(rep)
    rep = verify_bundle(rewrite(built, tmp_path / "w2.zip", changed, resign=chair_signer(built)), _root(built))
    assert any(c == "exchange.bundle_number_differs" and WORKBOOK in p["what"] for c, p in rep.problems)


def test_veto_and_outlier_audit_entries_deleted(built: Built, tmp_path: Path) -> None:
    assert built.written.bundle is not None
    with zipfile.ZipFile(built.written.bundle) as z:
        lines = z.read(AUDIT_LOG).decode().splitlines()
    kept = [ln for ln in lines if not json.loads(ln)["action"].startswith(("veto.", "outlier.", "review."))]
    assert len(kept) < len(lines)
    changed = {AUDIT_LOG: ("\n".join(kept) + "\n").encode()}
    rep = verify_bundle(rewrite(built, tmp_path / "a.zip", changed), _root(built))
    assert "exchange.bundle_manifest_bad_signature" in _codes(rep) and not rep.trusted


def test_package_with_a_corrupted_signature(built: Built, tmp_path: Path) -> None:
    assert built.written.bundle is not None
    with zipfile.ZipFile(built.written.bundle) as z:
        name = next(n for n in z.namelist() if n.startswith(PACKAGES_DIR))
        doc = json.loads(z.read(name))
    sig = bytearray(__import__("base64").b64decode(doc["signature"]))
    sig[-3] ^= 0x55
    doc["signature"] = __import__("base64").b64encode(bytes(sig)).decode()
    from qjsc_panel.exchange.crypto import canonical_json

    changed = {name: canonical_json(doc)}
    rep = verify_bundle(rewrite(built, tmp_path / "p.zip", changed), _root(built))
    assert "exchange.bundle_manifest_bad_signature" in _codes(rep)
    # Re-signed by the chair: the package itself is still refused, and the numbers cannot be
    # recomputed from a package that does not verify.
    rep = verify_bundle(rewrite(built, tmp_path / "p2.zip", changed, resign=chair_signer(built)), _root(built))
    refused = [p for c, p in rep.problems if c == "exchange.bundle_package_refused"]
    assert refused and refused[0]["name"] == name and not rep.trusted
    assert "exchange.bundle_counted_missing" in _codes(rep)


def test_manifest_signed_by_someone_other_than_the_chair(built: Built, tmp_path: Path) -> None:
    # A genuine expert of the panel, not its chair.
    sign = bundle_trust.manifest_signer(built.out / "laptops" / "李明远", None, DEMO_PASSPHRASE, built.acceptance)
    rep = verify_bundle(rewrite(built, tmp_path / "m.zip", {}, resign=sign), _root(built))
    assert "exchange.bundle_manifest_not_chair" in _codes(rep)


def test_another_bureau_root_does_not_verify(built: Built, tmp_path: Path) -> None:
    other = bureau.init_bureau(tmp_path / "other-bureau", "x", "另一个根").cert
    assert built.written.bundle is not None
    rep = verify_bundle(built.written.bundle, other)
    assert "exchange.bureau_not_certified" in _codes(rep) and not rep.trusted


def test_revoked_panel_fails(built: Built, tmp_path: Path) -> None:
    import shutil

    secretary = tmp_path / "secretary"
    shutil.copytree(built.out / "laptops" / "secretary", secretary)
    bureau.revoke(secretary, DEMO_PASSPHRASE, built.acceptance[:8])
    root = bureau.load_bureau(secretary).cert
    crl = bureau.trusted_crl(secretary, root)
    assert built.written.bundle is not None
    rep = verify_bundle(built.written.bundle, root, crl)
    assert "exchange.bureau_revoked" in _codes(rep) and not rep.trusted


def test_verify_pdf_always_says_whether_the_signer_is_trusted(
    built: Built, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No --ca used to print 有效 with no word on trust, exit 0 and a 52-line traceback."""
    pdf = str(built.written.pdf)
    capsys.readouterr()
    code = main(["verify-pdf", pdf])
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in out + err
    assert "未验证是否由市局根证书签发" in out and out.count("有效") >= 4
    root = str(_root_file(built, tmp_path))
    assert main(["verify-pdf", pdf, "--root", root]) == 0
    out = capsys.readouterr().out
    assert out.count("签名人可信") == 4
    assert main(["--lang", "en", "verify-pdf", pdf, "--ca", root]) == 0
    assert capsys.readouterr().out.count("signer trusted") == 4
    # Another root: valid signatures, untrusted signers, non-zero exit.
    other = tmp_path / "other.pem"
    other.write_bytes(bureau.init_bureau(tmp_path / "other", "x", "另一个根").pem.encode())
    assert main(["verify-pdf", pdf, "--root", str(other)]) == 1
    assert capsys.readouterr().out.count("不可信") == 4
    # A root file that is not a certificate: a clear refusal, no traceback.
    junk = tmp_path / "junk.pem"
    junk.write_bytes(b"not a certificate")
    assert main(["verify-pdf", pdf, "--root", str(junk)]) == 2
    out, err = capsys.readouterr()
    assert "证书无效" in err and "Traceback" not in out + err


def test_bundle_make_on_the_chairs_laptop_signs_and_verifies(
    built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``bundle make`` as the chair types it: his laptop holds the panel key, the appointment and
    his own key; the bundle it writes verifies against the bureau root."""
    import shutil

    home = tmp_path / "chair-laptop"
    shutil.copytree(built.out / "laptops" / "chair", home)
    shutil.copytree(built.out / "laptops" / "陈建华" / "keys", home / "keys")
    monkeypatch.setenv("QJSC_HOME", str(home))
    pass_file = tmp_path / "pass.txt"
    pass_file.write_text(DEMO_PASSPHRASE, encoding="utf-8")
    out = tmp_path / "made.zip"
    packages = [str(p) for p in sorted((built.out / "sheets").glob("*.qjsc"))]
    code = main(
        ["--db", str(built.db_path), "bundle", "make", built.acceptance, "--pdf", str(built.written.pdf),
         "--out", str(out), "--passphrase-file", str(pass_file), "--packages", *packages]
    )  # fmt: skip
    assert code == 0, capsys.readouterr().err
    rep = verify_bundle(out, _root(built))
    assert rep.ok and rep.trusted, rep.render()
    with zipfile.ZipFile(out) as z:
        assert MANIFEST_SIG in z.namelist()


# --- the chair's signed audit heads travel in the bundle (issue 12, item 4) -------------------


def _heads(built: Built) -> dict[str, Any]:
    assert built.written.bundle is not None
    with zipfile.ZipFile(built.written.bundle) as z:
        doc: dict[str, Any] = json.loads(z.read(SIGNED_HEADS))
    return doc


def test_the_bundle_carries_the_chairs_signed_heads(built: Built) -> None:
    doc = _heads(built)
    assert len(doc["heads"]) == 3  # veto decision, outlier note, finalisation
    assert [h["result_sha256"] is not None for h in doc["heads"]] == [False, False, True]
    assert json.loads(doc["frozen_result"])["composite"] == "77.8"
    assert built.written.bundle is not None
    rep = verify_bundle(built.written.bundle, _root(built))
    assert rep.ok and rep.recomputed["signed_heads_checked"] is True


def _recomputed_chain(lines: list[str]) -> bytes:
    """The kept entries renumbered and every hash recomputed, as a forger with the file would."""
    from qjsc_panel.domain.audit import entry_hash

    out, prev, seq = [], None, None
    for line in lines:
        e = json.loads(line)
        seq = e["seq"] if seq is None else seq + 1
        e["seq"] = seq
        if prev is not None:
            e["prev_hash"] = prev
        e["hash"] = entry_hash(
            e["prev_hash"], e["seq"], e["at"], e["actor"], e["action"], e["acceptance"], e["payload"]
        )
        prev = e["hash"]
        out.append(json.dumps(e, ensure_ascii=False, sort_keys=True))
    return ("\n".join(out) + "\n").encode()


@pytest.mark.parametrize("recompute", [False, True], ids=["entries-deleted", "chain-recomputed"])
def test_entries_deleted_and_the_manifest_re_signed_fail_on_the_signed_heads(
    built: Built, tmp_path: Path, recompute: bool
) -> None:
    """The chair deletes the veto and outlier entries (recomputing the chain) and signs his own
    manifest again: the heads he signed when deciding no longer match the log."""
    assert built.written.bundle is not None
    with zipfile.ZipFile(built.written.bundle) as z:
        lines = z.read(AUDIT_LOG).decode().splitlines()
    kept = [ln for ln in lines if not json.loads(ln)["action"].startswith(("veto.", "outlier."))]
    assert len(kept) < len(lines)
    audit = _recomputed_chain(kept) if recompute else ("\n".join(kept) + "\n").encode()
    rep = verify_bundle(
        rewrite(built, tmp_path / "a.zip", {AUDIT_LOG: audit}, resign=chair_signer(built)), _root(built)
    )
    codes = _codes(rep)
    assert "exchange.bundle_manifest_bad_signature" not in codes  # the manifest itself is the chair's
    assert "trust.head_signature_invalid" in codes or "trust.head_not_in_log" in codes, codes
    assert not rep.ok and not rep.trusted
    assert not any(c.startswith("reports.audit_") for c in codes)  # the chain itself links


@pytest.mark.parametrize(
    ("which", "code"),
    [
        ("file", "trust.bundle_heads_missing"),
        ("final", "trust.bundle_final_head_missing"),
        ("decision", "trust.bundle_decision_unsigned"),
    ],
)
def test_a_dropped_signed_head_is_refused(built: Built, tmp_path: Path, which: str, code: str) -> None:
    doc = _heads(built)
    if which == "file":
        forged = rewrite(built, tmp_path / "a.zip", {}, drop=(SIGNED_HEADS,), resign=chair_signer(built))
    else:
        keep_final = which == "decision"
        doc["heads"] = [h for h in doc["heads"] if (h["result_sha256"] is not None) == keep_final]
        if which == "decision":
            assert len(doc["heads"]) == 1
        change = {SIGNED_HEADS: json.dumps(doc, ensure_ascii=False).encode()}
        forged = rewrite(built, tmp_path / "a.zip", change, resign=chair_signer(built))
    rep = verify_bundle(forged, _root(built))
    assert code in _codes(rep) and not rep.trusted
    assert rep.render("en") and all("{" not in line for line in rep.render("en"))


def test_a_frozen_result_swapped_under_the_final_head_is_refused(built: Built, tmp_path: Path) -> None:
    doc = _heads(built)
    frozen = json.loads(doc["frozen_result"])
    frozen["composite"] = "88.8"
    doc["frozen_result"] = json.dumps(frozen, ensure_ascii=False, sort_keys=True)
    change = {SIGNED_HEADS: json.dumps(doc, ensure_ascii=False).encode()}
    rep = verify_bundle(rewrite(built, tmp_path / "a.zip", change, resign=chair_signer(built)), _root(built))
    assert "trust.result_signature_mismatch" in _codes(rep) and not rep.trusted
