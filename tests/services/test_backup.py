"""Backup and restore: one encrypted file with the database (taken while it is in use) and every
key, enrolment and setting; restore checks everything first and only fills an empty directory."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from qjsc_panel.errors import QjscError
from qjsc_panel.services import backup
from qjsc_panel.services.archive import ArchiveQuery, archive_page
from qjsc_panel.services.context import Ctx
from qjsc_panel.store.db import open_database
from tests.factories import make_panel

PASS = "correct horse battery"


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def rows(db: Path) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return list(con.iterdump())
    finally:
        con.close()


@pytest.fixture
def home(_isolated_home: Path) -> Path:
    from qjsc_panel.exchange import keys

    home = _isolated_home
    home.mkdir(parents=True, exist_ok=True)
    keys.init_key(home, "专家甲", "passphrase-1")
    (home / "enrolments").mkdir(exist_ok=True)
    (home / "enrolments" / "panel-1.json").write_text('{"panel": 1}', encoding="utf-8")
    (home / "qjsc-panel.ini").write_text("[General]\nlanguage=en\n", encoding="utf-8")
    (home / "qjsc-panel.sqlite3.0003.20260101T000000Z.bak").write_bytes(b"old copy")
    return home


def test_round_trip_while_the_database_is_in_use(home: Path, tmp_path: Path) -> None:
    db = open_database(home / "qjsc-panel.sqlite3")
    p = make_panel(db, 3)
    # A second connection holds uncommitted work and WAL frames not yet checkpointed.
    busy = sqlite3.connect(home / "qjsc-panel.sqlite3", isolation_level=None)
    busy.execute("BEGIN")
    busy.execute("UPDATE enterprise SET contact = 'uncommitted'")
    info = backup.create_backup(home, home / "qjsc-panel.sqlite3", tmp_path / "b.qjscbak", PASS)
    busy.execute("ROLLBACK")
    busy.close()
    assert info.files == 1 + len([f for f in files(home) if not f.startswith("qjsc-panel.sqlite3")])
    raw = (tmp_path / "b.qjscbak").read_bytes()
    assert "专家甲".encode() not in raw and b"panel-1" not in raw  # encrypted, not just zipped
    target = tmp_path / "restored"
    assert backup.restore_backup(tmp_path / "b.qjscbak", PASS, target) == info.files
    before, after = files(home), files(target)
    for name, blob in before.items():
        if name.startswith("qjsc-panel.sqlite3"):
            continue  # the database is compared row by row below; .bak copies are left out on purpose
        assert after[name] == blob, name
    assert not any(n.endswith(".bak") for n in after)
    assert rows(target / "qjsc-panel.sqlite3") == rows(home / "qjsc-panel.sqlite3")
    assert "uncommitted" not in "\n".join(rows(target / "qjsc-panel.sqlite3"))
    restored = Ctx(open_database(target / "qjsc-panel.sqlite3"))
    assert [r.uuid for r in archive_page(restored, ArchiveQuery())] == [p.acc]
    db.close()


def test_refusals_change_nothing(home: Path, tmp_path: Path) -> None:
    open_database(home / "qjsc-panel.sqlite3").close()
    out = tmp_path / "b.qjscbak"
    with pytest.raises(QjscError):
        backup.create_backup(home, home / "qjsc-panel.sqlite3", out, "short")
    backup.create_backup(home, home / "qjsc-panel.sqlite3", out, PASS)
    target = tmp_path / "t"
    with pytest.raises(QjscError) as err:
        backup.restore_backup(out, "wrong passphrase", target)
    assert err.value.code == "secretary.backup_wrong_or_damaged" and not target.exists()
    damaged = tmp_path / "d.qjscbak"
    data = bytearray(out.read_bytes())
    data[len(data) // 2] ^= 1
    damaged.write_bytes(bytes(data))
    with pytest.raises(QjscError) as err:
        backup.restore_backup(damaged, PASS, target)
    assert "damaged" in err.value.render("en") and not target.exists()
    (tmp_path / "plain.txt").write_text("hello")
    with pytest.raises(QjscError) as err:
        backup.verify_backup(tmp_path / "plain.txt", PASS)
    assert err.value.code == "secretary.backup_not_ours"
    target.mkdir()
    (target / "existing.txt").write_text("keep me")
    with pytest.raises(QjscError) as err:
        backup.restore_backup(out, PASS, target)
    assert err.value.code == "secretary.restore_not_empty" and files(target) == {"existing.txt": b"keep me"}
    assert list(tmp_path.glob(".restore-*")) == []


def test_each_profiles_encrypted_database_and_the_signature_rounds_are_kept(home: Path, tmp_path: Path) -> None:
    """A laptop's backup holds every expert's own encrypted database (same file name as the
    shared one, under profiles/) and the signature rounds' working files; with a profile's
    database open, the backup is refused in words and nothing is written."""
    from qjsc_panel.services.private_db import profile_db_path
    from qjsc_panel.store.db import export_encrypted

    shared = home / "qjsc-panel.sqlite3"
    db = open_database(shared)
    make_panel(db, 3)
    db.close()
    private = profile_db_path(home, "ab" * 32)
    private.parent.mkdir(parents=True)
    export_encrypted(shared, private, "passphrase-1")
    (home / "signround" / "acc-1").mkdir(parents=True)
    (home / "signround" / "acc-1" / "round.pdf").write_bytes(b"%PDF-1.7 first export")

    info = backup.create_backup(home, shared, tmp_path / "b.qjscbak", PASS)
    target = tmp_path / "restored"
    assert backup.restore_backup(tmp_path / "b.qjscbak", PASS, target) == info.files
    rel = private.relative_to(home).as_posix()
    assert files(target)[rel] == private.read_bytes()
    assert files(target)["signround/acc-1/round.pdf"] == b"%PDF-1.7 first export"

    out = tmp_path / "while-logged-in.qjscbak"
    with pytest.raises(QjscError) as caught:
        backup.create_backup(home, private, out, PASS)
    assert caught.value.code == "store.backup_private_open" and not out.exists()
