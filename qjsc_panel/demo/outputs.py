"""The demo's signed outputs: the chair and every expert sign the opinion PDF with the keys and
panel-CA certificates their simulated laptops hold (``DIR/laptops/<name>``); the signed
packages in ``DIR/sheets`` go into the bundle with the panel CA certificate.  Without those
laptops (an older demo) a throw-away CA labelled 演示 signs instead."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from qjsc_panel.demo.laptops import DEMO_PASSPHRASE, laptop
from qjsc_panel.reports.bundle_names import PACKAGES_DIR
from qjsc_panel.reports.signing import Identity
from qjsc_panel.services import bureau, exchange, outputs
from qjsc_panel.services.app import App


def demo_outputs(chair: App, acc_uuid: str, out_dir: Path) -> list[Path]:
    """``chair``: the chair's laptop (data directory ``DIR/laptops/chair``) on the demo database."""
    src = outputs.load_sources(chair, acc_uuid)
    identities: dict[int, Identity] = {}
    ca_pem = exchange.panel_ca_pem(chair, src.comp.acceptance_uuid)
    packages = sorted((out_dir / "sheets").glob("*.qjsc"))
    uuid = src.comp.acceptance_uuid
    # The bureau appointed the panel (laptops.appoint_panel): the bundle carries the roster,
    # the certified CA, the package keys and the form; the chair signs the manifest.
    trust: dict[str, bytes] | None = None
    sign: Callable[[bytes], bytes] | None = None
    chair_id = src.comp.chair.id if src.comp.chair is not None else None
    for m in src.comp.experts:
        home = out_dir / "laptops" / m.name
        if m.recused or not home.is_dir():
            continue
        with laptop(home) as expert:
            identities[m.id] = Identity(m.name, exchange.pyhanko_signer(expert, None, DEMO_PASSPHRASE), m.id)
            if m.id == chair_id and bureau.is_appointed(chair, uuid):
                from qjsc_panel.exchange import bundle_trust

                parts = bundle_trust.chair_trust_files(
                    chair.home,
                    uuid,
                    {PACKAGES_DIR + p.name: p.read_bytes() for p in packages},
                    DEMO_PASSPHRASE,
                    bureau.form_json_of(chair, uuid),
                )
                trust, sign = parts, bundle_trust.manifest_signer(expert.home, None, DEMO_PASSPHRASE, uuid)
    if not identities or ca_pem is None:
        from qjsc_panel.demo.testca import DemoCA

        ca = DemoCA()
        identities = {m.id: ca.issue(m.name, m.id)[0] for m in src.comp.experts if not m.recused}
        ca_pem, packages, trust, sign = ca.pem(), [], None, None
    w = outputs.write_all(
        chair, acc_uuid, out_dir, identities, ca_pem=ca_pem, packages=packages, trust=trust, sign=sign
    )
    return [w.pdf, w.workbook, *([w.bundle] if w.bundle else [])]
