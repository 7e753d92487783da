"""The signing identity for PDFs (pyHanko, checked by poppler's pdfsig) and the demo's exchange."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest

from qjsc_panel.exchange import keys
from tests.exchange.conftest import EXPERT_PASS, World


def _blank_pdf() -> bytes:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.writer import PdfFileWriter

    w = PdfFileWriter()  # type: ignore[no-untyped-call]
    page = generic.DictionaryObject(  # type: ignore[no-untyped-call]
        {
            generic.NameObject("/Type"): generic.NameObject("/Page"),
            generic.NameObject("/MediaBox"): generic.ArrayObject(
                [generic.NumberObject(x) for x in (0, 0, 595, 842)]  # type: ignore[no-untyped-call]
            ),
        }
    )
    w.insert_page(page)  # type: ignore[no-untyped-call]
    out = io.BytesIO()
    w.write(out)  # type: ignore[no-untyped-call]
    return out.getvalue()


def test_signing_identity_signs_a_pdf_that_pdfsig_accepts(world: World, tmp_path: Path) -> None:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    world.join("李专家")
    li = world.experts["李专家"]
    private, cert, chain = keys.load_signing_identity(li.home, None, EXPERT_PASS)
    assert cert.issuer == chain[0].subject
    signer = keys.pyhanko_signer(li.home, None, EXPERT_PASS, world.acc)
    signed = io.BytesIO()
    signers.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(_blank_pdf())),
        signers.PdfSignatureMetadata(field_name="Expert"),
        signer=signer,
        output=signed,
    )
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed.getvalue())
    if shutil.which("pdfsig") is None:
        pytest.skip("poppler-utils not installed")
    report = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    assert "Signature is Valid" in report and "李专家" in report
    assert private is not None


def test_chair_laptop_finds_the_enrolled_certificate(world: World) -> None:
    world.join("李专家")
    li = world.experts["李专家"]
    fingerprint = keys.find_key(li.home).fingerprint
    # The chair's laptop has no key for 李专家, so it cannot sign as him …
    with pytest.raises(Exception) as caught:
        keys.load_signing_identity(world.chair_home, fingerprint, EXPERT_PASS)
    assert getattr(caught.value, "code", "") == "exchange.no_key"


def test_demo_moves_every_sheet_as_a_signed_package(tmp_path: Path) -> None:
    from qjsc_panel.demo.run import run_demo
    from qjsc_panel.services import scoring
    from qjsc_panel.services.app import App
    from qjsc_panel.services.status import panel_status

    out = tmp_path / "demo"
    record, _ = run_demo(out)
    packages = sorted((out / "sheets").glob("*.qjsc"))
    assert len(packages) == record["quorum"]["counted"] == 4
    ctx = App(db_path=out / "demo.sqlite3", home=out / "laptops" / "chair")
    try:
        status = panel_status(ctx, record["acceptance"])
        counted = [m for m in status.members if m.counted is not None]
        assert len(counted) == 4
        for m in counted:
            view = scoring.sheet_view(ctx, m.id)
            assert view is not None and view.source == "package" and view.signed
    finally:
        ctx.close()
    # Each expert's laptop holds its own database, never the chair's.
    assert len(list((out / "laptops").glob("*/qjsc-panel.sqlite3"))) == 4
