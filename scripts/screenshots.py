"""Render each main screen of the desktop app, in Chinese and English, to docs/screenshots/.

    QT_QPA_PLATFORM=offscreen python scripts/screenshots.py [--out docs/screenshots] [--only expert|chair]

The chair's screens (``c1-…``) come from :func:`render_chair`, at 1366×768: the demo acceptance
on the chair's laptop, opened in the app by the chair's own key.

Builds a realistic case in a temporary directory: the chair's laptop runs the demo panel
(``qjsc_panel.demo.run.set_up``) and makes an invitation for 李明远; the expert's laptop creates his
key, joins, and scores part of the sheet.  Every image is a grab of the real main window.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXPERT, PASS, CHAIR_PASS = "李明远", "expert-pass-2", "chair-pass-1"
SIZE = (1180, 820)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--only", choices=("expert", "chair"))
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        if args.only != "chair" and render_all(Path(tmp) / "expert", args.out):
            return 1
        return render_chair(Path(tmp) / "chair", args.out) if args.only != "expert" else 0


def render_all(tmp: Path, out: Path) -> int:
    from qjsc_panel.demo import run as demo
    from qjsc_panel.services import exchange
    from qjsc_panel.services.app import App

    chair_home, expert_home = tmp / "chair", tmp / "expert"
    expert = App(home=expert_home, db_path=expert_home / "expert.sqlite3")
    info = exchange.init_key(expert, EXPERT, PASS)
    d = demo.Demo(App(home=chair_home, db_path=chair_home / "chair.sqlite3", actor="林晓"), tmp)
    demo.set_up(d)
    chair_ctx = demo.as_actor(d.ctx, d.chair)
    exchange.init_panel_key(chair_ctx, d.acceptance, CHAIR_PASS)
    exchange.enrol(chair_ctx, d.acceptance, EXPERT, info.public_pem.encode(), CHAIR_PASS)
    invite = exchange.make_invitation(chair_ctx, d.acceptance, EXPERT, CHAIR_PASS, tmp / "invite.json")
    d.ctx.close()

    from PySide6.QtWidgets import QApplication

    from qjsc_panel.ui import crash, i18n, settings
    from qjsc_panel.ui.app import make_app
    from qjsc_panel.ui.main_window import MainWindow

    app = make_app()
    crash.install(interactive=False)  # Qt notices go to the log, not the console
    settings.configure(expert_home)
    crash.set_log_home(expert_home)
    w = MainWindow(expert)
    w.resize(*SIZE)
    w.show()
    w.start_backend()

    def shot(name: str) -> None:
        for lang in ("zh", "en"):
            w.set_language(lang)
            for _ in range(3):
                app.processEvents()
            path = out / f"{name}-{lang}.png"
            w.grab().save(str(path))
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        w.set_language("zh")
        app.processEvents()

    login = w.page("login")
    shot("1-login")
    login.passphrase.setText(PASS)
    login.login()
    joined = w.backend.import_invitation(invite)
    home = w.page("home")
    home.reload()
    shot("2-home")
    home.open_acceptance(joined)
    shot("3-profile")
    w.page("profile").confirm()
    declaration = w.page("declaration")
    shot("4-declaration")
    declaration.confidential.setChecked(True)
    declaration.sign()
    scoring = w.page("scoring")
    model = scoring.model
    for item, value in zip(model.form.items[:9], ("3", "3.5", "3", "3.5", "4", "4.5", "4", "4", "4"), strict=True):
        model.setData(model.index(model.row_of(item.id), 3), value)
    model.setData(model.index(model.row_of("1.2"), 4), "近三年台账齐全，水平衡测试报告可追溯")
    bad = model.index(model.row_of(model.form.items[9].id), 3)
    scoring.table.setCurrentIndex(bad)
    model.setData(bad, "18")  # shows how a refused value looks
    scoring.table.scrollTo(bad)
    shot("5-scoring")
    for item in model.form.items:
        if item.id not in model.scores:
            step_value = (item.max_points * 8 / 10 / item.step).to_integral_value() * item.step
            model.setData(model.index(model.row_of(item.id), 3), str(step_value))
    scoring.error.clear()
    scoring.go_submit()
    submit = w.page("submit")
    submit.folder.setText(str(tmp / "usb"))
    shot("6-submit")
    (tmp / "usb").mkdir()
    submit.passphrase.setText(PASS)
    w.backend.submit(joined, model.member_id, PASS, tmp / "usb")
    w.reopen(scoring.membership)
    shot("7-submitted")
    w.backend.close()
    QApplication.processEvents()
    i18n.switch("zh")
    return 0


CHAIR_SIZE = (1366, 768)  # the smallest laptop screen the chair's workspace must fit


def render_chair(tmp: Path, out: Path) -> int:
    """The chair's workspace on the demo acceptance: setup, panel, collect, review and the
    decision dialog, the opinion tab's three pages and the sign tab, each in zh and en (``c1-…`` to
    ``c7-…``; the signature round's screens after finalising: ``scripts/render_signround.py``)."""
    import shutil

    from qjsc_panel.demo import run as demo
    from qjsc_panel.demo.laptops import DEMO_PASSPHRASE
    from qjsc_panel.exchange import keys
    from qjsc_panel.services import vetoes
    from qjsc_panel.services.app import App

    # The demo up to the review: registered, declared, scored on the experts' laptops and
    # imported; a veto finding proposed and the outlier not yet explained, for the chair to settle.
    db_path = tmp / "demo.sqlite3"
    chair_home = tmp / "laptops" / "chair"
    d = demo.Demo(App(home=chair_home, db_path=db_path, actor=demo.SECRETARY), tmp)
    demo.set_up(d)
    demo.declare(d)
    demo.score_on_laptops(d)
    vetoes.propose_veto(
        demo.as_actor(d.ctx, "李明远"), d.members["李明远"], "V4", "废水总排口旁地面有疑似溢流痕迹，需核实"
    )
    d.ctx.close()
    # The chair's own key (made on the chair's simulated laptop) beside the panel key.
    own = next(k for k in keys.list_keys(tmp / "laptops" / d.chair) if k.name == d.chair)
    (chair_home / "keys").mkdir(parents=True, exist_ok=True)
    shutil.copy(own.path, chair_home / "keys" / own.path.name)

    from PySide6.QtWidgets import QApplication, QWidget

    from qjsc_panel.ui import i18n, settings
    from qjsc_panel.ui.app import make_app
    from qjsc_panel.ui.main_window import MainWindow

    app = make_app()
    settings.configure(chair_home)
    w = MainWindow(App(home=chair_home, db_path=db_path))
    w.resize(*CHAIR_SIZE)
    w.show()
    w.start_backend()
    login = w.page("login")
    login.reload()
    login.select(d.chair)
    login.passphrase.setText(DEMO_PASSPHRASE)
    login.login()
    assert w.backend.profile is not None, "the chair's profile did not open"

    def grab(widget: QWidget, name: str, before: object = None) -> None:
        for lang in ("zh", "en"):
            w.set_language(lang)
            if callable(before):
                before()
            for _ in range(3):
                app.processEvents()
            path = out / f"{name}-{lang}.png"
            widget.grab().save(str(path))
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        w.set_language("zh")
        app.processEvents()

    ws = w.show_chair_workspace()
    ws.show_tab("setup")
    grab(w, "c1-setup")
    ws.show_tab("panel")
    grab(w, "c2-panel")
    collect = ws.show_tab("collect")
    collect.inner.add_paths([tmp / "sheets"])  # what the chair sees before pressing 开始收取
    grab(w, "c3-collect")
    review = ws.show_tab("review")
    grab(w, "c4-review", before=review.inner.refresh)
    # The decision dialog for the proposed veto, with the evidence and the consequence.
    from qjsc_panel.ui.chair.decisions import VetoDialog

    dash = review.inner
    proposal = next(v for v in dash.dashboard.vetoes if v["status"] == "open")
    for lang in ("zh", "en"):  # the dialog words itself when it opens: one per language
        w.set_language(lang)
        dash.refresh()
        proposal = next(v for v in dash.dashboard.vetoes if v["status"] == "open")
        dialog = VetoDialog(proposal, w)
        dialog.show()
        for _ in range(3):
            app.processEvents()
        path = out / f"c5-veto-dialog-{lang}.png"
        dialog.grab().save(str(path))
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        dialog.close()
    # The opinion tab's three pages beside the live preview (the demo's draft, before finalising),
    # then the sign tab as the chair finds it before finalising.
    import time

    opinion = ws.show_tab("opinion")
    opinion.preview.render_now()
    deadline = time.monotonic() + 60
    while (opinion.preview.running or not opinion.preview.page_count()) and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.05)
    for part in ("performance", "opinion", "checklist"):
        opinion.show_part(part)
        grab(w, f"c6-opinion-{part}")
    ws.show_tab("sign")
    grab(w, "c7-sign")
    w.set_language("zh")
    w.backend.close()
    QApplication.processEvents()
    i18n.switch("zh")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
