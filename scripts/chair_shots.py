"""Screenshots of the chair's workspace (组长工作台), zh and en, at 1366×768:

    QT_QPA_PLATFORM=offscreen python scripts/chair_shots.py [--out docs/screenshots]

A chair on an empty laptop opens an acceptance, records 初审 and the penalty check, builds the
panel (an unqualified expert refused), makes the panel key, enrols three experts whose keys come
from their own laptops, and writes the invitations; the experts join, score and send their
packages back, which the chair collects.  Files: c1-… to c7-…, each a grab of the main window.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SIZE = (1366, 768)
CHAIR, CHAIR_PASS, PANEL_PASS, EXPERT_PASS = "陈建华", "chair-pass-1", "panel-pass-1", "expert-pass-1"
EXPERTS = (("李志强", "senior", 15), ("王丽", "senior", 20), ("赵敏", "intermediate", 12))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        return render_all(Path(tmp), args.out)


def _expert_laptop(tmp: Path, name: str) -> tuple[Any, Path]:
    from qjsc_panel.services.app import App
    from qjsc_panel.ui.backend import Backend

    home = tmp / f"laptop-{name}"
    b = Backend(App(home=home, db_path=home / "expert.sqlite3"))
    b.login(b.create_profile(name, EXPERT_PASS, EXPERT_PASS), EXPERT_PASS)
    return b, b.export_public_key(tmp / f"{name}-public-key.pem")


def _score_and_send(b: Any, invitation: Path, share: Decimal, usb: Path) -> None:
    acc = b.import_invitation(invitation)
    [m] = b.memberships()
    b.declare(m.member_id, [], "", True)
    for item in b.form_for(acc).items:
        b.set_score(m.member_id, item.id, str((item.max_points * share / item.step).to_integral_value() * item.step))
    b.submit(acc, m.member_id, EXPERT_PASS, usb)
    b.close()


def render_all(tmp: Path, out: Path) -> int:  # the steps of the chair's day, in order
    from PySide6.QtWidgets import QApplication

    from qjsc_panel.domain.credit_code import with_check
    from qjsc_panel.services import registry
    from qjsc_panel.services.app import App
    from qjsc_panel.ui import crash, i18n, settings
    from qjsc_panel.ui.app import make_app
    from qjsc_panel.ui.main_window import MainWindow

    home = tmp / "chair"
    app = make_app()
    crash.install(interactive=False)
    settings.configure(home)
    w = MainWindow(App(home=home, db_path=home / "chair.sqlite3"))
    w.resize(*SIZE)
    w.show()
    w.start_backend()
    me = w.backend.create_profile(CHAIR, CHAIR_PASS, CHAIR_PASS)
    w.backend.login(me, CHAIR_PASS)
    ctx = w.backend.ctx
    registry.add_enterprise(
        ctx, "深圳市某电路有限公司", with_check("91440300MA5F12345"), "宝安区", "legal_person", date(2012, 6, 18)
    )
    registry.add_consultancy(ctx, "深圳市某环保咨询有限公司")
    registry.add_expert(ctx, CHAIR, "senior", 28, employer="深圳大学", title="教授级高级工程师")
    for name, level, years in (*EXPERTS, ("孙浩", "intermediate", 8)):
        title = "高级工程师" if level == "senior" else "工程师"
        registry.add_expert(ctx, name, level, years, employer="某研究院", title=title)

    def shot(name: str, widget: Any = None, each: Any = None) -> None:
        for lang in ("zh", "en"):
            w.set_language(lang)
            if each is not None:  # an action whose refusal the services word in the language shown
                each()
            for _ in range(3):
                app.processEvents()
            path = out / f"{name}-{lang}.png"
            (widget or w).grab().save(str(path))
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        w.set_language("zh")
        app.processEvents()

    ws = w.show_chair_workspace()
    setup = ws.pages["setup"]
    setup.reload_choices()
    setup.visit.setDate(date(2026, 12, 10))
    setup.consultancy.setCurrentIndex(1)
    setup.place.setText("宝安区福永街道某工业园")
    shot("c1-new-acceptance")
    setup.create_acceptance()
    setup.prelim_note.setText("材料齐全")
    setup.prelim_pass.click()
    shot("c2-checks")
    setup.penalty_clean.click()
    panel = ws.show_tab("panel")
    ids = {e.name: e.id for e in registry.list_experts(ctx)}
    for name, _, _ in EXPERTS:
        panel.add_selected_expert(ids[name])
    panel.staff_name.setText("黄海燕")
    panel.staff_employer.setText("深圳市工业和信息化局")
    panel.add_staff()
    shot("c3-panel", each=lambda: panel.add_selected_expert(ids["孙浩"]))  # refused: 中级, 8 years
    from qjsc_panel.services import exchange

    exchange.init_panel_key(ctx, ws.acceptance, PANEL_PASS)
    panel.passphrase.setText(PANEL_PASS)
    panel.pool_error.clear()
    laptops = {name: _expert_laptop(tmp, name) for name, _, _ in EXPERTS}
    from qjsc_panel.services.chair_workspace import public_key_fingerprint
    from qjsc_panel.ui.chair.panel_tab import EnrolDialog

    fingerprint, _ = public_key_fingerprint(laptops["李志强"][1])
    dialog = EnrolDialog("李志强", laptops["李志强"][1].stem, fingerprint, w)
    dialog.show()
    shot("c4-enrol", dialog)
    dialog.close()
    for name, (_, pem) in laptops.items():
        exchange.enrol(ctx, ws.acceptance, name, pem.read_bytes(), PANEL_PASS)
    exchange.enrol(ctx, ws.acceptance, CHAIR, me_pem(w), PANEL_PASS)
    stick = tmp / "stick"
    stick.mkdir()
    from qjsc_panel.services.chair_workspace import write_invitations

    panel._invited(write_invitations(ctx, ws.acceptance, PANEL_PASS, stick))
    panel.reload()
    shot("c5-invitations")
    usb = tmp / "usb"
    usb.mkdir()
    for (name, (b, _)), share in zip(laptops.items(), (Decimal("0.8"), Decimal("0.85"), Decimal("0.6")), strict=True):
        _score_and_send(b, next(stick.glob(f"*-{name}-*")), share, usb)
    collect = ws.show_tab("collect").inner
    collect.add_paths([usb])
    collect._done(_collect(ctx, ws.acceptance, sorted(usb.iterdir())))
    ws.refresh_rows()
    shot("c6-collect")
    ws.show_tab("review")
    shot("c7-review")
    w.backend.close()
    QApplication.processEvents()
    i18n.switch("zh")
    return 0


def me_pem(w: Any) -> bytes:
    return str(w.backend.public_key()[2]).encode("ascii")


def _collect(ctx: Any, acc: str, files: list[Path]) -> list[Any]:
    from qjsc_panel.services.batch_import import import_batch

    return import_batch(ctx, files, PANEL_PASS, lambda done, total, name: None)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
