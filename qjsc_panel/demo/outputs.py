"""The demo's signed outputs: the chair and every expert sign the opinion PDF with the keys and
panel-CA certificates their simulated laptops hold (``DIR/laptops/<name>``); the signed
packages in ``DIR/sheets`` go into the bundle with the panel CA certificate.  Without those
laptops (an older demo) a throw-away CA labelled 演示 signs instead."""

from __future__ import annotations

from pathlib import Path

from qjsc_panel.demo.laptops import DEMO_PASSPHRASE, laptop
from qjsc_panel.reports.signing import Identity
from qjsc_panel.services import exchange, outputs
from qjsc_panel.services.app import App


def demo_outputs(chair: App, acc_uuid: str, out_dir: Path) -> list[Path]:
    """``chair``: the chair's laptop (data directory ``DIR/laptops/chair``) on the demo database."""
    src = outputs.load_sources(chair, acc_uuid)
    identities: dict[int, Identity] = {}
    ca_pem = exchange.panel_ca_pem(chair, src.comp.acceptance_uuid)
    packages = sorted((out_dir / "sheets").glob("*.qjsc"))
    for m in src.comp.experts:
        home = out_dir / "laptops" / m.name
        if m.recused or not home.is_dir():
            continue
        with laptop(home) as expert:
            identities[m.id] = Identity(m.name, exchange.pyhanko_signer(expert, None, DEMO_PASSPHRASE), m.id)
    if not identities or ca_pem is None:
        from qjsc_panel.demo.testca import DemoCA

        ca = DemoCA()
        identities = {m.id: ca.issue(m.name, m.id)[0] for m in src.comp.experts if not m.recused}
        ca_pem, packages = ca.pem(), []
    w = outputs.write_all(chair, acc_uuid, out_dir, identities, ca_pem=ca_pem, packages=packages)
    return [w.pdf, w.workbook, *([w.bundle] if w.bundle else [])]
