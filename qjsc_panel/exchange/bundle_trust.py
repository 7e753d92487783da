"""A bureau bundle checked from outside (issue 12, item 2): everything ends at the verifier's own
bureau root, never at a certificate the bundle brings.

What the chair adds when making a bundle (:func:`trust_files`):

- ``专家组名单.json``: the bureau's appointment roster and its signature;
- ``专家组CA证书.pem``: the panel CA certificate the bureau issued (checked, not trusted);
- ``评分包密钥.json``: per package, the AES key of its sealed payload, so that a verifier can
  read exactly those packages and recompute the numbers (the chair's own key stays private);
- ``评分表.json``: the acceptance's form (its hash is the roster's);
- ``清单签名.json``: the chair's certificate and signature over the exact bytes of ``清单.json``
  (``manifest.json`` in bundles written before the names were Chinese).

:func:`check_trust` takes the files (already matched against the manifest's sums) and returns
the problems found, each a message code and its parameters.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from qjsc_panel.errors import QjscError
from qjsc_panel.exchange import crypto
from qjsc_panel.reports.bundle_names import AUDIT_LOG as AUDIT
from qjsc_panel.reports.bundle_names import FORM, MANIFEST_SIG, PACKAGE_KEYS, PANEL_CA, ROSTER, SIGNED_HEADS
from qjsc_panel.reports.bundle_names import PACKAGES_DIR as PACKAGES
from qjsc_panel.reports.bundle_names import RESULT_JSON as RESULT

# The trust files this module adds are named in reports.bundle_names (docs/trust.md).
SIG_KIND = "qjsc-manifest-signature"

Problem = tuple[str, dict[str, Any]]


# --- making ---------------------------------------------------------------------------------


def sign_manifest(manifest: bytes, private_key: Any, cert_pem: str) -> bytes:
    """``manifest.sig``: the chair's certificate and his signature over the manifest's bytes."""
    doc = {
        "kind": SIG_KIND,
        "format": 1,
        "certificate": cert_pem,
        "signature": crypto.b64e(crypto.sign(private_key, manifest)),
    }
    return crypto.canonical_json(doc)


def trust_files(
    home: Path, acc_uuid: str, packages: dict[str, bytes], enc_private: Any, form_json: str
) -> dict[str, bytes]:
    """The files the chair's laptop adds to a bundle (all but the manifest signature)."""
    from qjsc_panel.exchange import panelkey
    from qjsc_panel.exchange.package import parse_envelope

    appointment = panelkey.appointment(home, acc_uuid)
    if appointment is None:
        raise QjscError("exchange.bureau_not_appointed", acceptance=acc_uuid)
    disclosed = {}
    for name, raw in sorted(packages.items()):
        env = parse_envelope(raw, name)
        disclosed[name] = crypto.b64e(crypto.sealed_key(enc_private, env.sealed))
    roster = {"roster": appointment["roster"], "signature": appointment["roster_signature"]}
    return {
        ROSTER: crypto.canonical_json(roster),
        PANEL_CA: str(appointment["panel_ca"]).encode("ascii"),
        PACKAGE_KEYS: crypto.canonical_json(disclosed),
        FORM: form_json.encode("utf-8"),
    }


def manifest_signer(home: Path, key_ref: str | None, passphrase: str, acceptance: str) -> Callable[[bytes], bytes]:
    """Sign a bundle's manifest with the chair's key (on the laptop that holds it)."""
    from qjsc_panel.exchange.bureau import cert_pem
    from qjsc_panel.exchange.keys import load_signing_identity

    private, cert, _chain = load_signing_identity(home, key_ref, passphrase, acceptance)
    pem = cert_pem(cert)
    return lambda raw: sign_manifest(raw, private, pem)


def chair_trust_files(
    home: Path, acc_uuid: str, packages: dict[str, bytes], panel_passphrase: str, form_json: str
) -> dict[str, bytes]:
    """:func:`trust_files` on the chair's laptop, unlocking the panel key for the package keys."""
    from qjsc_panel.exchange.panelkey import unlock_panel

    _ca_key, enc_private = unlock_panel(home, acc_uuid, panel_passphrase)
    return trust_files(home, acc_uuid, packages, enc_private, form_json)


# --- checking -------------------------------------------------------------------------------


@dataclass
class TrustFindings:
    problems: list[Problem] = field(default_factory=list)
    roster: dict[str, Any] | None = None
    chair: str = ""
    package_signers: dict[str, str] = field(default_factory=dict)  # file -> expert uuid
    recomputed: dict[str, Any] = field(default_factory=dict)

    def add(self, code: str, **params: Any) -> None:
        self.problems.append((code, params))


def expert_uuid_of(cert: Any) -> str:
    """The expert uuid the panel CA wrote into a certificate (its serialNumber attribute)."""
    from cryptography.x509.oid import NameOID

    try:
        attrs = cert.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)
        return str(attrs[0].value) if attrs else ""
    except (ValueError, IndexError, KeyError):
        return ""


def check_trust(
    files: dict[str, bytes], manifest_raw: bytes, acceptance: str, root: Any | None, crl: Any | None
) -> TrustFindings:
    from qjsc_panel.exchange import bureau
    from qjsc_panel.exchange.panelkey import load_cert

    out = TrustFindings()
    if root is None:
        out.add("exchange.bureau_no_root")
        return out
    # The panel CA the bureau certified, and the roster it signed.
    try:
        panel_ca = load_cert(files[PANEL_CA])
    except (KeyError, QjscError):
        out.add("exchange.bundle_missing_trust", name=PANEL_CA)
        return out
    for p in bureau.check_panel_ca(panel_ca, root, crl):
        out.add(p.code, **p.params)
    if out.problems:
        return out
    try:
        doc = json.loads(files[ROSTER])
        roster = bureau.verify_roster(doc.get("roster"), doc.get("signature"), root)
    except (KeyError, ValueError, AttributeError):
        out.add("exchange.bundle_missing_trust", name=ROSTER)
        return out
    except QjscError as exc:
        out.add(exc.code, **exc.params)
        return out
    if (
        roster["panel_ca"]["fingerprint"] != bureau.key_fingerprint(panel_ca)
        or roster["acceptance"]["uuid"] != acceptance
    ):
        out.add("exchange.bureau_bad_roster")
        return out
    out.roster = roster
    _check_manifest_signature(out, files, manifest_raw, panel_ca, roster)
    audit = _audit_entries(files.get(AUDIT, b""))
    counted = _check_packages(out, files, panel_ca, roster, audit)
    _recompute(out, files, roster, counted)
    _check_signed_heads(out, files, panel_ca, roster, audit)
    return out


def _check_signed_heads(
    out: TrustFindings, files: dict[str, bytes], panel_ca: Any, roster: dict[str, Any], audit: list[dict[str, Any]]
) -> None:
    """The chair's signed audit heads (issue 12, item 4).  Required in a bundle of an appointed
    panel: a finalisation head signed over the frozen result, and a head at every chair decision
    in the log.  Each statement must verify over this acceptance's entries up to it (so a deleted
    or inserted entry, even with the chain recomputed and the manifest re-signed, fails), and its
    certificate must be the roster chair's under the bureau-certified panel CA."""
    import importlib

    if SIGNED_HEADS not in files:
        out.add("trust.bundle_heads_missing", name=SIGNED_HEADS)
        return
    try:
        signing = importlib.import_module("qjsc_panel.trust.signing")
    except ImportError:  # a build without the trust module cannot read heads
        out.recomputed["signed_heads_checked"] = False
        return
    loaded = _load_heads(out, files[SIGNED_HEADS])
    if loaded is None:
        return
    heads, frozen = loaded
    final_ok, signed_at = False, set()
    for head in heads:
        seq = _check_head(out, signing, head, panel_ca, roster, audit, frozen)
        if seq is not None:
            signed_at.add(seq)
            final_ok = final_ok or (head.get("result_sha256") is not None and frozen is not None)
    _check_decisions_signed(out, audit, signed_at)
    if not final_ok:
        out.add("trust.bundle_final_head_missing")
    elif frozen is not None:
        _check_frozen_figures(out, frozen)
    out.recomputed["signed_heads_checked"] = True


def _load_heads(out: TrustFindings, raw: bytes) -> tuple[list[Any], str | None] | None:
    """(heads, frozen result text) from the file; an old list-only file has no frozen result."""
    try:
        doc = json.loads(raw)
        heads = doc["heads"] if isinstance(doc, dict) else doc
        frozen = doc.get("frozen_result") if isinstance(doc, dict) else None
        if not isinstance(heads, list) or not (frozen is None or isinstance(frozen, str)):
            raise ValueError("heads")
    except (ValueError, UnicodeError, KeyError):
        out.add("exchange.bundle_missing_trust", name=SIGNED_HEADS)
        return None
    return heads, frozen


def _check_head(
    out: TrustFindings,
    signing: Any,
    head: Any,
    panel_ca: Any,
    roster: dict[str, Any],
    audit: list[dict[str, Any]],
    frozen: str | None,
) -> int | None:
    """One signed head; its ``seq`` when it holds, else None (problems added)."""
    from qjsc_panel.exchange.panelkey import issued_by, load_cert

    try:
        seq = int(head["seq"])
        cert = load_cert(str(head["certificate"]).encode("ascii"))
    except (KeyError, TypeError, ValueError, UnicodeError, QjscError):
        out.add("exchange.bundle_missing_trust", name=SIGNED_HEADS)
        return None
    if not issued_by(cert, panel_ca) or expert_uuid_of(cert) != roster["chair"].get("expert_uuid"):
        out.add("exchange.bundle_manifest_not_chair", chair=roster["chair"]["name"])
        return None
    if head.get("acceptance_uuid") != roster["acceptance"]["uuid"]:
        out.add("trust.head_signature_invalid", seq=seq)
        return None
    final = head.get("result_sha256") is not None
    problems = signing.check_signed_head(head, audit, frozen if final else None)
    for code in problems:
        out.add(code, seq=seq)
    return None if problems else seq


# The chair's decisions that are signed when made (services: review, vetoes, scoring).
SIGNED_DECISIONS = ("veto.decide", "outlier.justify", "sheet.exclude", "sheet.confirm_paper", "acceptance.finalise")


def _check_decisions_signed(out: TrustFindings, audit: list[dict[str, Any]], signed_at: set[int]) -> None:
    """Every chair decision in the log carries the chair's signed head at its position: a head
    dropped from the bundle is noticed (the decision's own entry stays in the signed log)."""
    for e in audit:
        if e.get("action") in SIGNED_DECISIONS and isinstance(e.get("seq"), int) and e["seq"] not in signed_at:
            out.add("trust.bundle_decision_unsigned", seq=e["seq"], action=e["action"])


def _check_frozen_figures(out: TrustFindings, frozen_text: str) -> None:
    """The frozen result the chair signed at finalisation must give the numbers recomputed from
    the packages (composite)."""
    try:
        frozen = json.loads(frozen_text)
        composite = str(frozen["composite"])
    except (ValueError, KeyError, TypeError):
        out.add("trust.bundle_frozen_differs", what="composite")
        return
    recomputed = out.recomputed.get("composite")
    if recomputed is not None and str(recomputed) != composite:
        out.add("trust.bundle_frozen_differs", what="composite")


def _check_manifest_signature(
    out: TrustFindings, files: dict[str, bytes], manifest_raw: bytes, panel_ca: Any, roster: dict[str, Any]
) -> None:
    from qjsc_panel.exchange.panelkey import issued_by, load_cert

    try:
        doc = json.loads(files[MANIFEST_SIG])
        if doc.get("kind") != SIG_KIND:
            raise ValueError("kind")
        cert = load_cert(str(doc["certificate"]).encode("ascii"))
        signature = crypto.b64d(doc["signature"])
    except (KeyError, ValueError, AttributeError, UnicodeError, QjscError):
        out.add("exchange.bundle_manifest_unsigned")
        return
    if not issued_by(cert, panel_ca) or expert_uuid_of(cert) != roster["chair"].get("expert_uuid"):
        out.add("exchange.bundle_manifest_not_chair", chair=roster["chair"]["name"])
        return
    if not crypto.verify(cert.public_key(), signature, manifest_raw):
        out.add("exchange.bundle_manifest_bad_signature")
        return
    out.chair = roster["chair"]["name"]


def _audit_entries(data: bytes) -> list[dict[str, Any]]:
    entries = []
    for line in data.decode("utf-8", "replace").splitlines():
        try:
            e = json.loads(line)
            if isinstance(e, dict):
                entries.append(e)
        except ValueError:
            continue
    return entries


def _imported_hashes(audit: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """package sha256 → the payload of the audit entry that recorded its import."""
    found = {}
    for e in audit:
        if e.get("action") != "sheet.import":
            continue
        try:
            payload = json.loads(e["payload"]) if isinstance(e.get("payload"), str) else e.get("payload")
        except ValueError:
            continue
        if isinstance(payload, dict) and payload.get("package_sha256"):
            found[str(payload["package_sha256"])] = payload
    return found


def _check_packages(
    out: TrustFindings, files: dict[str, bytes], panel_ca: Any, roster: dict[str, Any], audit: list[dict[str, Any]]
) -> dict[str, tuple[Any, str]]:
    """Each package: signed by an expert of the roster under this panel CA, recorded in the
    audit log.  Returns sha256 → (envelope, file name) of the good ones."""
    from qjsc_panel.exchange.package import check_signature, parse_envelope

    experts = {e["expert_uuid"]: e for e in roster.get("experts", []) if e.get("expert_uuid")}
    imported = _imported_hashes(audit)
    good: dict[str, tuple[Any, str]] = {}
    for name, raw in sorted(files.items()):
        if not name.startswith(PACKAGES):
            continue
        try:
            env = parse_envelope(raw, name)
            cert = check_signature(env, panel_ca)
        except QjscError as exc:
            out.add("exchange.bundle_package_refused", name=name, reason_code=exc.code)
            continue
        who = experts.get(expert_uuid_of(cert))
        if (
            who is None
            or who.get("member_id") != env.header["member_id"]
            or env.header["panel"] != roster["acceptance"]["uuid"]
        ):
            out.add("exchange.bundle_package_not_roster", name=name, expert=env.header["expert"])
            continue
        if env.sha256 not in imported:
            out.add("exchange.bundle_package_not_logged", name=name)
            continue
        out.package_signers[name] = expert_uuid_of(cert)
        good[env.sha256] = (env, name)
    return good


def _recompute(
    out: TrustFindings, files: dict[str, bytes], roster: dict[str, Any], good: dict[str, tuple[Any, str]]
) -> None:
    """Decrypt the counted packages with the disclosed keys and recompute the composite and
    item means; compare with result.json."""
    from qjsc_panel.domain.form import loads_form
    from qjsc_panel.domain.scoring import Method, aggregate
    from qjsc_panel.errors import FormError
    from qjsc_panel.reports.model import fmt1, fmt2

    try:
        result = json.loads(files[RESULT])
        counted = dict(result["packages"])
        keys = json.loads(files.get(PACKAGE_KEYS, b"{}"))
        form = loads_form(files[FORM].decode("utf-8"))
    except (KeyError, ValueError, TypeError, UnicodeError, FormError):
        out.add("exchange.bundle_cannot_recompute")
        return
    if form.content_hash != roster["form"]["hash"]:
        out.add("exchange.bundle_other_form")
        return
    sheets = _counted_sheets(out, counted, good, keys, form)
    if not sheets or len(sheets) != len(counted):
        if not counted:
            out.add("exchange.bundle_cannot_recompute")
        return
    try:
        agg = aggregate(form, sheets, Method(roster["acceptance"].get("method", "mean")))
    except (QjscError, ValueError):
        out.add("exchange.bundle_cannot_recompute")
        return
    out.recomputed = {"composite": fmt1(agg.composite), "item_means": {k: fmt2(v) for k, v in agg.item_means.items()}}
    if str(result.get("composite")) != out.recomputed["composite"]:
        out.add(
            "exchange.bundle_number_differs",
            what="result.json composite",
            found=result.get("composite"),
            want=out.recomputed["composite"],
        )
    means = result.get("item_means") or {}
    for item_id, want in out.recomputed["item_means"].items():
        if str(means.get(item_id)) != want:
            out.add(
                "exchange.bundle_number_differs", what=f"result.json {item_id}", found=means.get(item_id), want=want
            )


def pdf_signers(data: bytes) -> list[str]:
    """The expert uuid of every PDF signature's certificate (in order)."""
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader

    out = []
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        for sig in reader.embedded_signatures:
            try:
                out.append(str(sig.signer_cert.subject.native.get("serial_number", "")))
            except Exception:  # an unreadable certificate: no signer
                out.append("")
    except Exception:  # an unreadable PDF is reported by the signature check
        return []
    return out


def check_pdf_signers(out: TrustFindings, name: str, data: bytes) -> None:
    """The PDF's signers are exactly the roster's chair and the experts whose counted packages
    the bundle carries — no one missing, no one else."""
    if out.roster is None:
        return
    experts = {e["expert_uuid"]: e["name"] for e in out.roster.get("experts", []) if e.get("expert_uuid")}
    chair = out.roster["chair"].get("expert_uuid")
    want = {chair, *out.package_signers.values()}
    found = pdf_signers(data)
    names = {**experts, chair: out.roster["chair"]["name"]}
    for uuid in sorted(set(found) - want):
        out.add("exchange.bundle_signer_not_panel", name=name, signer=names.get(uuid, uuid or "?"))
    for uuid in sorted(want - set(found), key=str):
        out.add("exchange.bundle_signer_missing", name=name, signer=names.get(uuid, str(uuid)))
    if len(found) != len(set(found)):
        out.add("exchange.bundle_signer_twice", name=name)


def check_printed(out: TrustFindings, name: str, data: bytes, summary: dict[str, Any]) -> None:
    """The PDF prints the content hash the signed manifest states, and the recomputed composite.
    Read with poppler's pdftotext when it is installed (it is on the CI and the bureau's
    machines); without it this check is reported as not made."""
    import shutil
    import subprocess

    want_hash = str(summary.get("document_hash", ""))
    if shutil.which("pdftotext") is None:
        out.recomputed["pdf_text_checked"] = False
        return
    try:
        done = subprocess.run(["pdftotext", "-q", "-", "-"], input=data, capture_output=True, timeout=60)
        text = done.stdout.decode("utf-8", "replace")
    except (OSError, subprocess.SubprocessError):
        out.add("exchange.bundle_hash_not_printed", name=name)
        return
    out.recomputed["pdf_text_checked"] = True
    flat = "".join(text.split())
    # The printed result digest is checked by reports.bundle (_check_digest); an older PDF that
    # prints the content hash is checked here against the signed manifest.
    if want_hash and "内容哈希" in flat and want_hash not in flat:
        out.add("exchange.bundle_hash_not_printed", name=name)
    composite = out.recomputed.get("composite")
    if composite and composite not in flat:
        out.add("exchange.bundle_number_differs", what=f"{name} 综合得分", found="?", want=composite)


def check_workbook(out: TrustFindings, name: str, data: bytes) -> None:
    """The workbook's 综合得分 cell holds the recomputed composite."""
    import io

    from openpyxl import load_workbook

    from qjsc_panel.exchange.xlsx_guard import check_xlsx_bytes

    composite = out.recomputed.get("composite")
    if not composite:
        return
    try:
        check_xlsx_bytes(data, name)
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (QjscError, OSError, ValueError, KeyError, TypeError, zipfile_error()):
        out.add("exchange.bundle_number_differs", what=f"{name} 综合得分", found="?", want=composite)
        return
    found: list[str] = []
    try:
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                cells = list(row)
                for i, value in enumerate(cells[:-1]):
                    if value == "综合得分" and cells[i + 1] is not None:
                        found.append(_number_text(cells[i + 1]))
    finally:
        wb.close()
    if not found:
        out.add("exchange.bundle_number_differs", what=f"{name} 综合得分", found="-", want=composite)
    for value in found:
        if value != composite:
            out.add("exchange.bundle_number_differs", what=f"{name} 综合得分", found=value, want=composite)


def zipfile_error() -> type[Exception]:
    import zipfile

    return zipfile.BadZipFile


def _number_text(value: Any) -> str:
    from decimal import InvalidOperation

    from qjsc_panel.reports.model import fmt1

    try:
        return fmt1(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return str(value)


def _counted_sheets(
    out: TrustFindings, counted: dict[str, Any], good: dict[str, tuple[Any, str]], keys: dict[str, Any], form: Any
) -> list[Any]:
    """The counted packages' scores, read with the keys the chair disclosed."""
    from qjsc_panel.domain.scoring import Sheet, is_canonical_number

    sheets = []
    for sheet_uuid, sha in sorted(counted.items()):
        found = good.get(str(sha))
        if found is None:
            out.add("exchange.bundle_counted_missing", sheet=sheet_uuid)
            continue
        env, name = found
        try:
            plain = crypto.open_with_key(crypto.b64d(keys.get(name)), env.sealed, env.aad)
            scores = {
                k: Decimal(v)
                for k, v in json.loads(plain)["scores"].items()
                if is_canonical_number(v) and k in form.item_by_id
            }
        except (QjscError, ValueError, KeyError, TypeError, AttributeError):
            out.add("exchange.bundle_package_unreadable", name=name)
            continue
        sheets.append(Sheet(str(env.header["member_id"]), scores))
    return sheets
