"""Authority by key in the app: a profile that only bears the chair's name is refused.

The issue's impostor case: on the chair's laptop a second profile with the chair's name (and
another passphrase) confirmed a veto from the dashboard and the acceptance became 不合格.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from qjsc_panel.errors import QjscError
from tests.factories import dump, fill, make_panel

CHAIR_PASS = "chair-passphrase-1"
IMPOSTOR_PASS = "impostor-passphrase"


def login_as(qtbot: QtBot, w: object, fingerprint: str, passphrase: str) -> None:
    """Pick the profile by its key (two profiles share the chair's name) and log in."""
    login = w.page("login")  # type: ignore[attr-defined]
    login.reload()
    rows = [login.profiles.item(r).data(Qt.ItemDataRole.UserRole) for r in range(login.profiles.count())]
    login.profiles.setCurrentRow(next(i for i, p in enumerate(rows) if p.fingerprint == fingerprint))
    qtbot.keyClicks(login.passphrase, passphrase)
    qtbot.keyClick(login.passphrase, Qt.Key.Key_Return)
    assert w.backend.profile is not None and w.backend.profile.fingerprint == fingerprint  # type: ignore[attr-defined]


def test_impostor_profile_with_the_chairs_name_cannot_decide_in_the_app(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qjsc_panel.exchange import crypto, keys
    from qjsc_panel.services import exchange, status, vetoes
    from qjsc_panel.services.app import App
    from qjsc_panel.services.authority import entry_signed_by
    from qjsc_panel.store.db import open_database
    from qjsc_panel.store.models import AuditEntry
    from qjsc_panel.ui.app import make_app
    from qjsc_panel.ui.dashboard import ChairDashboard
    from qjsc_panel.ui.main_window import MainWindow

    monkeypatch.setattr(crypto, "SCRYPT_N", 2**10)
    chair_home, elsewhere = tmp_path / "chair-laptop", tmp_path / "elsewhere"
    db_path = chair_home / "chair.sqlite3"
    p = make_panel(open_database(db_path), 3)
    for name in p.members:
        fill(p, name)
    proposal = vetoes.propose_veto(p.as_("专家2"), p.members["专家2"], "V3", "清洁生产水平低于三级")
    # The real chair's key, enrolled with the panel key on the chair's laptop.
    real = keys.init_key(chair_home, "专家1", CHAIR_PASS)
    exchange.init_panel_key(p.ctx, p.acc, CHAIR_PASS)
    exchange.enrol(p.ctx, p.acc, "专家1", real.public_pem.encode("ascii"), CHAIR_PASS)
    # The impostor: a profile named 专家1 with another passphrase (made elsewhere, copied in).
    fake = keys.init_key(elsewhere, "专家1", IMPOSTOR_PASS)
    shutil.copy(fake.path, chair_home / "keys" / fake.path.name)
    assert sorted(k.name for k in keys.list_keys(chair_home)) == ["专家1", "专家1"]
    p.ctx.db.close()

    make_app()
    w = MainWindow(App(home=chair_home, db_path=db_path))
    qtbot.addWidget(w)
    w.show()
    w.start_backend()
    login_as(qtbot, w, fake.fingerprint, IMPOSTOR_PASS)
    before = dump(w.backend.ctx.db)
    # No chair dashboard is offered to the impostor …
    assert not w.act_dashboard.isVisible()
    assert w.open_dashboard() is None and w.open_dashboard(p.acc) is None
    # … and even a dashboard built by hand on this session cannot confirm the veto.
    sneaky = ChairDashboard(w.backend.ctx, p.acc)
    qtbot.addWidget(sneaky)
    with pytest.raises(QjscError) as err:
        sneaky.decide_veto(proposal, True, "确认否决")
    assert err.value.code == "authority.wrong_key"
    assert "同名不等于组长" in err.value.render("zh")
    assert dump(w.backend.ctx.db) == before
    st = status.panel_status(w.backend.ctx, p.acc)
    assert st.vetoes[0].status == "open" and st.outcome is not None and st.outcome.result.value == "pass"

    # The real chair logs in with the chair's key: the dashboard is offered and the decision
    # is recorded with the key's fingerprint and a signature over the audit entry.
    w.logout()
    login_as(qtbot, w, real.fingerprint, CHAIR_PASS)
    assert w.act_dashboard.isVisible()
    view = w.open_dashboard(p.acc)
    assert isinstance(view, ChairDashboard)
    qtbot.addWidget(view)
    view.decide_veto(proposal, False, "经核实不构成否决情形")
    with w.backend.ctx.db.session() as s:
        entry = s.query(AuditEntry).filter(AuditEntry.action == "veto.decide").one()
        payload = json.loads(entry.payload)
        assert payload["key"]["fingerprint"] == real.fingerprint
        assert entry_signed_by(entry, real.public_pem)
        assert not entry_signed_by(entry, fake.public_pem)
    w.backend.close()
