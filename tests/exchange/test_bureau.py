"""The bureau's trust root (issue 12, item 1 and the panel-key blocker): the secretary's CA
certifies the chair's panel CA with a signed roster; with that root in an NSS database,
poppler's pdfsig reports every signature valid and trusted."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from qjsc_panel.errors import QjscError
from qjsc_panel.exchange import bureau, keys, panelkey
from qjsc_panel.services import acceptances, exchange, panel, registry
from qjsc_panel.services import bureau as bureau_service
from qjsc_panel.services.app import App
from qjsc_panel.store.db import open_database
from tests.exchange.conftest import CHAIR_PASS, EXPERT_PASS, World

BUREAU_PASS = "市局-口令"


def appoint(world: World) -> Path:
    """Secretary: make the root; chair: request; secretary: appoint; chair: install.
    Returns the secretary's data directory."""
    secretary = world.root / "laptop-secretary"
    request = bureau_service.certification_request(world.chair_ctx, world.acc)
    office = office_of(world, secretary)
    if not bureau.has_bureau_ca(secretary):
        bureau_service.init(office, BUREAU_PASS)
    doc = bureau_service.appoint(office, world.acc, request, BUREAU_PASS)
    root = bureau.load_bureau(secretary).cert
    panelkey.install_appointment(world.chair_home, world.acc, doc, root)
    return secretary


def office_of(world: World, home: Path) -> App:
    """The secretary's machine: the same database (the acceptance), its own data directory."""
    return App(world.chair_db, actor="秘书", home=home)


def root_pem(secretary: Path) -> bytes:
    return bureau.load_bureau(secretary).pem.encode()


# --- the blocker: long enterprise and expert names -------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["深圳市恒泰精密电路科技有限公司", "深圳市" + "精密" * 30 + "有限公司", "长" * 2000, "a" * 2000],
)
def test_panel_key_init_takes_long_enterprise_names(tmp_path: Path, name: str) -> None:
    db = open_database(tmp_path / "x.db")
    ctx = App(db, actor="秘书", home=tmp_path / "home")
    try:
        ent = registry.add_enterprise(ctx, name[:200], "91440300MA5T00001N", "宝安区", "legal_person", date(2015, 1, 1))
        acc = acceptances.create_acceptance(ctx, ent, date(2026, 11, 20))
        xid = registry.add_expert(ctx, "张" * 100, "senior", 15, employer="研" * 200)
        panel.add_member(ctx, acc, expert_id=xid, is_chair=True)
        public = exchange.init_panel_key(ctx, acc, CHAIR_PASS)
        cn = public.ca_cert.subject.rfc4514_string()
        assert "qjsc-panel CA" in cn
        for attr in public.ca_cert.subject:
            assert len(attr.value.encode("utf-8")) <= 64
    finally:
        db.close()


def test_fit_name_cuts_on_character_boundaries() -> None:
    assert panelkey.fit_name("深圳市恒泰精密电路科技有限公司") == "深圳市恒泰精密电路科技有限公司"
    cut = panelkey.fit_name("恒" * 2000)
    assert cut.endswith("…") and len(cut.encode()) <= 64 and set(cut[:-1]) == {"恒"}
    assert panelkey.fit_name("a" * 64) == "a" * 64
    assert len(panelkey.fit_name("a" * 65).encode()) <= 64


def test_cli_panel_key_init_with_a_real_enterprise_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from qjsc_panel.cli import main
    from qjsc_panel.exchange import crypto

    monkeypatch.setattr(crypto, "SCRYPT_N", 2**10)
    monkeypatch.setenv("QJSC_PASSPHRASE", CHAIR_PASS)
    db = ["--db", str(tmp_path / "c.db"), "--json"]

    def run(*args: str) -> dict[str, Any]:
        import json

        capsys.readouterr()
        code = main([*db, *args])
        out, err = capsys.readouterr()
        assert code == 0, err
        return dict(json.loads(out))

    ent = run(
        "enterprise", "add", "--name", "深圳市恒泰精密电路科技有限公司", "--credit-code", "91440300MA5C00001J",
        "--district", "宝安区", "--established", "2015-01-01",
    )  # fmt: skip
    acc = str(run("acceptance", "create", "--enterprise", str(ent["id"]), "--date", "2026-11-20")["acceptance"])
    xid = run("expert", "add", "--name", "张组长", "--title-level", "senior", "--years", "15")["id"]
    run("panel", "add", acc, "--expert", str(xid), "--chair")
    assert len(str(run("panel-key", "init", acc)["ca_fingerprint"])) == 19


# --- the chain -------------------------------------------------------------------------------


def test_appointment_certifies_the_panel_key_and_signs_the_roster(world: World) -> None:
    secretary = appoint(world)
    pub = panelkey.load_panel(world.chair_home, world.acc)
    doc = panelkey.appointment(world.chair_home, world.acc)
    assert pub.certified and doc is not None

    root = panelkey.load_cert(root_pem(secretary))
    assert bureau.check_panel_ca(pub.ca_cert, root, None) == []
    roster = bureau.verify_roster(doc["roster"], doc["roster_signature"], root)
    assert roster["acceptance"]["uuid"] == world.acc
    assert roster["chair"]["name"] == "张组长"
    assert {e["name"] for e in roster["experts"]} == {"张组长", "李专家", "王专家", "赵专家"}
    assert roster["form"]["hash"] == world.form.content_hash
    # A roster edited after signing is refused.
    forged = dict(doc["roster"], chair={**doc["roster"]["chair"], "name": "王专家"})
    with pytest.raises(QjscError) as caught:
        bureau.verify_roster(forged, doc["roster_signature"], root)
    assert caught.value.code == "exchange.bureau_bad_roster"


def test_a_self_made_root_is_not_the_bureau(world: World, tmp_path: Path) -> None:
    """The chair cannot appoint himself: an appointment from another root is refused by a
    laptop that trusts the bureau, and the panel CA does not chain to the real root."""
    secretary = appoint(world)
    forger = office_of(world, tmp_path / "forger")
    request = bureau_service.certification_request(world.chair_ctx, world.acc)
    bureau_service.init(forger, "forger")
    fake = bureau_service.appoint(forger, world.acc, request, "forger")
    real_root = panelkey.load_cert(root_pem(secretary))
    with pytest.raises(QjscError) as caught:
        panelkey.install_appointment(world.chair_home, world.acc, fake, real_root)
    assert caught.value.code == "exchange.bureau_other_root"
    fake_ca = panelkey.load_cert(fake["panel_ca"].encode())
    assert bureau.check_panel_ca(fake_ca, real_root, None)[0].code == "exchange.bureau_not_certified"


def test_request_for_another_chair_is_refused(world: World) -> None:
    request = bureau_service.certification_request(world.chair_ctx, world.acc)
    office = office_of(world, world.root / "sec")
    bureau_service.init(office, BUREAU_PASS)
    with pytest.raises(QjscError) as caught:
        bureau_service.appoint(office, world.acc, {**request, "chair": "王专家"}, BUREAU_PASS)
    assert caught.value.code == "exchange.bureau_request_mismatch"
    with pytest.raises(QjscError) as wrong:
        bureau_service.appoint(office, world.acc, request, "wrong")
    assert wrong.value.code == "exchange.bad_passphrase"


def test_revocation_list_withdraws_a_panel(world: World) -> None:
    secretary = appoint(world)
    ca_cert = panelkey.load_panel(world.chair_home, world.acc).ca_cert
    office = office_of(world, secretary)
    root = bureau.load_bureau(secretary).cert
    assert bureau.check_panel_ca(ca_cert, root, bureau.trusted_crl(secretary, root)) == []
    entry = bureau_service.revoke(office, world.acc[:8], BUREAU_PASS, "key_compromise")
    crl = bureau.trusted_crl(secretary, root)
    assert bureau_service.issued(office)[0]["revoked"]["serial"] == entry["serial"]
    problems = bureau.check_panel_ca(ca_cert, root, crl)
    assert [p.code for p in problems] == ["exchange.bureau_revoked"]
    # A CRL signed by anyone else is refused.
    other_office = office_of(world, world.root / "other")
    bureau_service.init(other_office, "x")
    other = bureau_service.crl(other_office, "x")
    with pytest.raises(QjscError):
        bureau.check_crl(bureau.load_crl(other), root)


def test_bureau_key_is_encrypted_and_private(world: World) -> None:
    secretary = appoint(world)
    path = secretary / "bureau" / "bureau-ca.json"
    assert path.stat().st_mode & 0o777 == 0o600
    assert b"PRIVATE" not in path.read_bytes()
    with pytest.raises(QjscError) as caught:
        bureau.unlock_bureau(secretary, "wrong")
    assert caught.value.code == "exchange.bad_passphrase"


# --- pdfsig trusts the signatures given the root ----------------------------------------------


def _pdf_with_fields(names: list[str]) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields

    from tests.exchange.test_identity_and_demo import _blank_pdf

    w = IncrementalPdfFileWriter(io.BytesIO(_blank_pdf()))
    for i, name in enumerate(names):
        fields.append_signature_field(w, fields.SigFieldSpec(name, box=(50, 50 + 60 * i, 250, 100 + 60 * i)))
    out = io.BytesIO()
    w.write(out)  # type: ignore[no-untyped-call]
    return out.getvalue()


def _nss(tmp_path: Path, root: bytes | None) -> str:
    folder = tmp_path / "nss"
    folder.mkdir()
    subprocess.run(["certutil", "-N", "--empty-password", "-d", f"sql:{folder}"], check=True, capture_output=True)
    if root is not None:
        pem = tmp_path / "root.pem"
        pem.write_bytes(root)
        subprocess.run(
            ["certutil", "-A", "-n", "bureau", "-t", "CT,C,C", "-i", str(pem), "-d", f"sql:{folder}"],
            check=True,
            capture_output=True,
        )
    return f"sql:{folder}"


@pytest.mark.skipif(shutil.which("pdfsig") is None or shutil.which("certutil") is None, reason="poppler/nss")
def test_pdfsig_trusts_every_signature_given_the_bureau_root(world: World, tmp_path: Path) -> None:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    secretary = appoint(world)
    data = _pdf_with_fields(["sig-chair", "sig-1", "sig-2"])
    for field, name in zip(["sig-chair", "sig-1", "sig-2"], ["张组长", "李专家", "王专家"], strict=True):
        world.join(name)
        signer = keys.pyhanko_signer(world.experts[name].home, None, EXPERT_PASS, world.acc)
        out = io.BytesIO()
        signers.sign_pdf(
            IncrementalPdfFileWriter(io.BytesIO(data)),
            signers.PdfSignatureMetadata(field_name=field),
            signer=signer,
            output=out,
        )
        data = out.getvalue()
    pdf = tmp_path / "signed.pdf"
    pdf.write_bytes(data)

    report = subprocess.run(
        ["pdfsig", "-nssdir", _nss(tmp_path, root_pem(secretary)), str(pdf)], capture_output=True, text=True
    ).stdout
    assert report.count("Signature is Valid") == 3, report
    assert report.count("Certificate is Trusted") == 3, report
    # Without the root the same file is valid but not trusted: the test can fail.
    (tmp_path / "bare").mkdir()
    bare = subprocess.run(
        ["pdfsig", "-nssdir", _nss(tmp_path / "bare", None), str(pdf)], capture_output=True, text=True
    ).stdout
    assert bare.count("Signature is Valid") == 3 and "Certificate is Trusted" not in bare


def test_bureau_commands_end_to_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The secretary and the chair through the CLI: init, request, appoint, certify, export,
    install, revoke — with the secretary's data directory apart from the chair's."""
    import json

    from qjsc_panel.cli import main
    from qjsc_panel.exchange import crypto

    monkeypatch.setattr(crypto, "SCRYPT_N", 2**10)
    monkeypatch.setenv("QJSC_PASSPHRASE", CHAIR_PASS)
    db = str(tmp_path / "office.db")

    def run(home: str, *args: str) -> dict[str, Any]:
        monkeypatch.setenv("QJSC_HOME", str(tmp_path / home))
        capsys.readouterr()
        code = main(["--db", db, "--json", *args])
        out, err = capsys.readouterr()
        assert code == 0, err
        return dict(json.loads(out))

    ent = run(
        "secretary", "enterprise", "add", "--name", "深圳市恒泰精密电路科技有限公司", "--credit-code",
        "91440300MA5C00001J", "--district", "宝安区", "--established", "2015-01-01",
    )  # fmt: skip
    acc = str(
        run("secretary", "acceptance", "create", "--enterprise", str(ent["id"]), "--date", "2026-11-20")["acceptance"]
    )
    xid = run("secretary", "expert", "add", "--name", "张组长", "--title-level", "senior", "--years", "15")["id"]
    run("secretary", "panel", "add", acc, "--expert", str(xid), "--chair")
    root = run("secretary", "bureau", "init")
    run("chair", "panel-key", "init", acc)
    request, appointment = tmp_path / "request.json", tmp_path / "appointment.json"
    run("chair", "panel-key", "request", acc, "--out", str(request))
    appointed = run("secretary", "bureau", "appoint", acc, str(request), "--out", str(appointment))
    assert appointed["roster"]["chair"]["name"] == "张组长"
    certified = run("chair", "panel-key", "certify", acc, str(appointment))
    assert certified["bureau_fingerprint"] == root["fingerprint"]
    root_pem, crl_pem = tmp_path / "root.pem", tmp_path / "crl.pem"
    run("secretary", "bureau", "revoke", acc[:8], "--out", str(crl_pem))
    run("secretary", "bureau", "export-root", "--out", str(root_pem), "--crl-out", str(crl_pem))
    installed = run("verifier", "bureau", "install-root", str(root_pem), "--crl", str(crl_pem))
    assert installed["fingerprint"] == root["fingerprint"]
    shown = run("secretary", "bureau", "show")
    assert shown["issued"][0]["revoked"] is not None
    # A tampered appointment is refused with a message, not a traceback.
    doc = json.loads(appointment.read_text(encoding="utf-8"))
    doc["roster"]["chair"]["name"] = "别人"
    appointment.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("QJSC_HOME", str(tmp_path / "chair"))
    capsys.readouterr()
    assert main(["--db", db, "panel-key", "certify", acc, str(appointment)]) == 2
    out, err = capsys.readouterr()
    assert "签名无效" in err and "Traceback" not in out + err
