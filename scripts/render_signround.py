"""Render the signature round's two screens offscreen at 1366×768 in zh and en: the chair's
签署与报送 tab after a fork, and the expert's 签署验收意见 screen with a sheet that differs.

    PYTHONPATH=. QT_QPA_PLATFORM=offscreen python scripts/render_signround.py WORKDIR OUTDIR

Three simulated laptops are built in WORKDIR (the test fixtures of tests/services/test_signround.py).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path


def main(work: Path, out: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from qjsc_panel.exchange import crypto

    crypto.SCRYPT_N = 2**10  # throw-away keys: cheap scrypt
    from qjsc_panel.services import scoring, signround
    from qjsc_panel.ui import i18n
    from qjsc_panel.ui.app import make_app
    from qjsc_panel.ui.chair.sign_tab import SignTab
    from qjsc_panel.ui.ops import OpRunner, set_default_runner
    from qjsc_panel.ui.screens.sign_opinion import SignOpinionScreen
    from tests.exchange.conftest import EXPERT_PASS
    from tests.services.test_signround import finalised_world

    make_app()
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    out.mkdir(parents=True, exist_ok=True)
    w = finalised_world(work / "w")
    usb, par = work / "usb", work / "usb2"
    usb.mkdir()
    par.mkdir()
    copy = signround.export_for_signature(w.chair_ctx, w.acc, usb)
    shutil.copy(copy, par / copy.name)
    signround.sign_copy(w.experts["王专家"].ctx, copy, EXPERT_PASS)
    signround.sign_copy(w.experts["赵专家"].ctx, par / copy.name, EXPERT_PASS)
    li = w.experts["李专家"]  # a corrected sheet the chair never received
    scoring.correct(li.ctx, li.local_member, "复核后修正")
    item = w.form.items[2]
    scoring.set_score(li.ctx, li.local_member, item.id, item.max_points)
    scoring.submit(li.ctx, li.local_member)
    tab = SignTab(w.chair_ctx)
    set_default_runner(OpRunner(lambda: None, tab))
    tab.set_acceptance(w.acc)
    tab.verdicts, _state = signround.gather(w.chair_ctx, w.acc, [copy, par / copy.name])
    tab.reload()
    screen = SignOpinionScreen(li.ctx)
    screen.open_file(copy)
    while screen.loading:
        QApplication.processEvents()
    for lang in ("zh", "en"):
        i18n.switch(lang)
        for widget, name, height in ((tab, "sign_tab", 680), (screen, "sign_opinion", 720)):
            widget.resize(1366, height)  # the main window's page below its menu and tab bars
            widget.show()
            QApplication.processEvents()
            widget.grab().save(str(out / f"{name}-{lang}.png"))
    w.close_all()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
