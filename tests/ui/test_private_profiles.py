"""Two experts on one laptop, through the app's widgets (issue 12, item 9): each profile's
drafts go to its own database, encrypted under that profile's passphrase.  Expert B, with
sqlite3 on every file of the data directory or logged into the app, cannot see A's scores."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from qjsc_panel.errors import QjscError
from qjsc_panel.services.app import App
from qjsc_panel.ui.main_window import MainWindow
from tests.factories import Panel
from tests.ui.conftest import Laptops, invite
from tests.ui.test_expert_flow import create_and_login

pytest.importorskip("sqlcipher3")

A, A_PASS = "专家2", "passphrase of A 2"
B, B_PASS = "专家3", "passphrase of B 3"


@pytest.fixture
def shared(qtbot: QtBot, laptops: Laptops) -> Iterator[MainWindow]:
    """The app as its entry point builds it on a shared laptop: a data directory, no ``--db``."""
    from qjsc_panel.ui.app import make_app

    make_app()
    w = MainWindow(App(home=laptops.expert_home))
    qtbot.addWidget(w)
    w.show()
    w.start_backend()
    yield w
    w.backend.close()


def logout(w: MainWindow) -> None:
    w.act_logout.trigger()
    assert w.backend.profile is None


def login(qtbot: QtBot, w: MainWindow, name: str, passphrase: str) -> None:
    page = w.page("login")
    page.select(name)
    qtbot.keyClicks(page.passphrase, passphrase)
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    assert w.backend.profile is not None and w.backend.profile.name == name, page.error.text()


def score_rows(path: Path) -> int | None:
    """How many score rows plain sqlite3 reads from ``path`` (None: it reads nothing)."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return int(con.execute("SELECT COUNT(*) FROM score_entry").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:
        return None


def test_two_experts_on_one_laptop_cannot_read_each_others_drafts(
    qtbot: QtBot, shared: MainWindow, laptops: Laptops, chair: Panel, tmp_path: Path
) -> None:
    w = shared
    create_and_login(qtbot, w, A, A_PASS)
    assert w.backend.private and w.backend.app.db_path.parent.parent.name == "profiles"
    w.file_menu.aboutToShow.emit()
    assert not w.act_private_db.isEnabled()  # nothing to move: already private
    a_db = w.backend.app.db_path
    acc = w.backend.import_invitation(invite(laptops, chair, A, tmp_path / "a.qjsc-invite"))
    mine = next(m for m in w.backend.memberships() if m.acceptance == acc)
    w.backend.declare(mine.member_id, [], "", True)
    item = w.backend.form_for(acc).items[0]
    assert w.backend.set_score(mine.member_id, item.id, str(item.max_points)) == item.max_points
    logout(w)

    create_and_login(qtbot, w, B, B_PASS)
    assert w.backend.private and w.backend.app.db_path != a_db
    assert w.backend.memberships() == []  # nothing of A's acceptance or drafts
    assert w.backend.chaired() == []
    with pytest.raises(QjscError) as err:  # not in B's database at all
        w.backend.sheet(mine.member_id)
    assert err.value.code == "panel.member_not_found"
    logout(w)

    # B at the shell: every file in the laptop's data directory, with plain sqlite3.
    files = [p for p in laptops.expert_home.rglob("*") if p.is_file()]
    assert a_db in files
    assert score_rows(a_db) is None  # encrypted: "file is not a database"
    readable = {p: score_rows(p) for p in files}
    assert all(n in (None, 0) for n in readable.values()), readable
    raw = a_db.read_bytes()
    assert b"score_entry" not in raw and "专家2".encode() not in raw

    # A again: the draft is there.
    login(qtbot, w, A, A_PASS)
    view = w.backend.sheet(mine.member_id)
    assert view is not None and view.scores[item.id] == item.max_points


def test_the_cli_opens_the_profiles_database_only_with_its_passphrase(
    qtbot: QtBot, shared: MainWindow, laptops: Laptops, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    from qjsc_panel.cli import main

    create_and_login(qtbot, shared, A, A_PASS)
    path = shared.backend.app.db_path
    logout(shared)
    monkeypatch.setenv("QJSC_PASSPHRASE", B_PASS)
    assert main(["--db", str(path), "verify-log"]) == 2
    assert "口令不对" in capsys.readouterr().err
    monkeypatch.setenv("QJSC_PASSPHRASE", A_PASS)
    assert main(["--db", str(path), "verify-log"]) == 0


def test_a_profile_on_the_old_shared_database_keeps_working_and_moves_on_request(
    qtbot: QtBot, laptops: Laptops, chair: Panel, tmp_path: Path
) -> None:
    """An installation older than per-profile databases: the expert's acceptance is in the
    shared plain file.  Login keeps using it; make_private moves it into an encrypted file."""
    from qjsc_panel.services import exchange
    from qjsc_panel.ui.app import make_app

    home = laptops.expert_home
    old = App(home=home)
    exchange.init_key(old, A, A_PASS)
    acc = exchange.join(old, invite(laptops, chair, A, tmp_path / "a.qjsc-invite")).local_acceptance
    old.close()
    make_app()
    w = MainWindow(App(home=home))
    qtbot.addWidget(w)
    w.show()
    w.start_backend()
    try:
        login(qtbot, w, A, A_PASS)
        assert not w.backend.private and [m.acceptance for m in w.backend.memberships()] == [acc]
        w.file_menu.aboutToShow.emit()
        assert w.act_private_db.isEnabled()
        w.act_private_db.trigger()  # 文件 → 把我的数据移入加密数据库
        path = w.backend.app.db_path
        assert w.backend.private and path.parent.parent.name == "profiles"
        assert "加密数据库" in w.statusBar().currentMessage()
        w.file_menu.aboutToShow.emit()
        assert not w.act_private_db.isEnabled()
        assert score_rows(path) is None
        assert [m.acceptance for m in w.backend.memberships()] == [acc]
        logout(w)
        login(qtbot, w, A, A_PASS)
        assert w.backend.private and [m.acceptance for m in w.backend.memberships()] == [acc]
    finally:
        w.backend.close()
