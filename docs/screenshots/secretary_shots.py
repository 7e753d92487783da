"""Screenshots of the secretary's workspace, zh and en, at 1366×768:
``QT_QPA_PLATFORM=offscreen python docs/screenshots/secretary_shots.py``."""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
OUT = Path(__file__).resolve().parent


def main() -> int:
    tmp = Path(tempfile.mkdtemp())
    os.environ["QJSC_HOME"] = str(tmp / "home")
    from PySide6.QtWidgets import QApplication

    from qjsc_panel.services import acceptances, archive, draw, firms, panel, plan, pool, registry, review
    from qjsc_panel.services.context import Ctx
    from qjsc_panel.store.db import open_database
    from qjsc_panel.ui import fonts, i18n
    from qjsc_panel.ui.secretary.workspace import TABS, SecretaryWorkspace
    from tests.factories import Panel, chair_key, fill
    from tests.services.test_plan import GOOD, sheet

    app = QApplication(sys.argv)
    fonts.register_fonts(fonts.REGULAR + fonts.BOLD)  # both styles, as the app has them after start
    fonts.apply_app_font(app)
    ctx = Ctx(open_database(tmp / "home" / "qjsc-panel.sqlite3"), actor="秘书 王")
    firm = registry.add_consultancy(ctx, "绿源咨询", "91440300MA5DEMC02G")
    firms.set_consultancy_record(ctx, firm, list(firms.ARTICLE_10), 2026, "深工信〔2026〕12号")
    plan.import_plan(ctx, sheet(tmp / "plan.xlsx", GOOD), 2026)
    experts = [("李工", "深圳大学"), ("王工", "市环科院"), ("张工", "南方科技大学")]
    experts += [("陈工", "某研究院"), ("刘工", "某设计院"), ("赵工", "某检测公司")]
    for i, (name, emp) in enumerate(experts):
        xid = registry.add_expert(
            ctx, name, "senior", 12 + i, employer=emp, title="高级工程师", speciality="电子 清洁生产"
        )
        pool.set_pool_details(ctx, xid, industries=["C39"])
    registry.add_expert(ctx, "周工", "intermediate", 6, employer="某公司")
    ent = next(r for r in plan.list_plan(ctx, 2026) if r.eligible).enterprise_id
    acc = acceptances.create_acceptance(ctx, ent, date(2026, 5, 20), consultancy_id=firm)
    acceptances.record_prelim(ctx, acc, True, "材料齐全")
    acceptances.record_penalty_check(ctx, acc, True)
    view = draw.draw_panel(ctx, acc, 3, 2, industry="C3982", seed="2026-05-20")
    draw.decline(ctx, acc, view.selected[0], "出差")
    view = draw.get_draw(ctx, acc)
    assert view is not None
    p = Panel(ctx, acc, acceptances.load_acceptance_form(ctx, acc))
    for i, xid in enumerate(view.selected):
        name = next(n for _, x, n, _, _ in view.picks if x == xid)
        p.members[name] = panel.add_member(ctx, acc, expert_id=xid, is_chair=i == 0)
        if i == 0:  # the chair's decisions need the chair's registered key, unlocked
            p.chair, p.chair_key = name, chair_key(name)
            registry.set_expert_fingerprint(ctx, xid, p.chair_key.fingerprint)
    for k, name in enumerate(p.members):
        fill(p, name, Decimal("0.9") - Decimal(k) / 20)
    review.finalise(p.chair_ctx, acc)
    archive.archive(ctx, acc)
    acceptances.record_bureau_decision(ctx, acc, "approved", date(2026, 6, 30), "同意")
    other = acceptances.create_acceptance(ctx, ent, date(2026, 11, 3))
    draw.draw_panel(ctx, other, 2, 1, seed="2026-11-03")  # the previous panel is left out
    ws = SecretaryWorkspace(ctx, tmp / "home")
    ws.resize(1366, 768)
    ws.show()
    for lang in ("zh", "en"):
        i18n.switch(lang)
        app.processEvents()
        for n, key in enumerate(TABS, 1):
            ws.show_tab(key)
            if key == "plan":
                ws.pages["plan"].year.setValue(2026)
            if key == "enterprises":
                ws.pages["enterprises"].table.selectRow(0)
            app.processEvents()
            ws.grab().save(str(OUT / f"s{n}-{key}-{lang}.png"))
    ctx.db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
