"""Render each main screen of the desktop app, in Chinese and English, to docs/screenshots/.

    QT_QPA_PLATFORM=offscreen python scripts/screenshots.py [--out docs/screenshots]

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
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        return render_all(Path(tmp), args.out)


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


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
