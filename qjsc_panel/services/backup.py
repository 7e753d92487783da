"""One encrypted file holding everything of a data directory: the database, keys, enrolments
and settings.

The database is copied with SQLite's online backup API (consistent while the app runs and
writes); every other file of the data directory is taken as is — the experts' own encrypted
databases under ``profiles/`` and the signature rounds' working files included — except the
live database's ``-wal``/``-shm`` (the copy already holds their content) and the automatic
pre-migration ``.bak`` copies.  A backup is made with no expert logged in: the profiles'
databases are then closed, so their bytes are consistent; while a profile's encrypted database
is the open one it is refused in words (it cannot be read without that expert's passphrase).
Format::

    b"QJSCBAK1" | salt (16) | nonce (12) | AES-256-GCM(zip)      key = scrypt(passphrase, salt)

The header is authenticated as associated data.  Inside, ``manifest.json`` lists each file with
its SHA-256.  A restore decrypts and checks everything (tag, manifest, hashes, the database's
integrity and schema) before it writes a single file, and only into an empty directory.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from qjsc_panel.errors import QjscError

MAGIC = b"QJSCBAK1"
SALT, NONCE = 16, 12
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
MIN_PASSPHRASE = 8
DB_ENTRY = "database/qjsc-panel.sqlite3"


def _key(passphrase: str, salt: bytes) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P).derive(passphrase.encode("utf-8"))


def _skip(path: Path, db_path: Path) -> bool:
    """The live database and its side files (the snapshot holds them), and .bak copies.  Other
    databases of the same name (each profile's, under profiles/) are data and are kept."""
    live = db_path.resolve()
    sides = {live, *(live.with_name(live.name + s) for s in ("-wal", "-shm", "-journal"))}
    return path.resolve() in sides or path.name.endswith(".bak")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    files: int
    bytes: int
    created_at: str


def create_backup(data_dir: Path, db_path: Path, out: Path, passphrase: str) -> BackupInfo:
    from qjsc_panel.store.server import is_server_path

    if is_server_path(db_path):  # SQLite's online backup copies a file; a server has pg_dump
        raise QjscError("store.server_no_backup", path=str(db_path))
    if len(passphrase) < MIN_PASSPHRASE:
        raise QjscError("ui.passphrase_short", n=MIN_PASSPHRASE)
    from qjsc_panel.store.db import is_encrypted

    if is_encrypted(db_path):  # a logged-in expert's own database: sqlite3 cannot read it
        raise QjscError("store.backup_private_open", path=str(db_path))
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    manifest: dict[str, object] = {"format": 1, "created_at": datetime.now(UTC).isoformat(timespec="seconds")}
    files: dict[str, dict[str, object]] = {}
    buf = io.BytesIO()
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        snapshot = Path(tmp) / "db.sqlite3"
        src = sqlite3.connect(str(db_path))
        dst = sqlite3.connect(str(snapshot))
        try:
            src.backup(dst)  # the online backup API: a consistent copy while others write
        finally:
            dst.close()
            src.close()
        data = snapshot.read_bytes()
        zf.writestr(DB_ENTRY, data)
        files[DB_ENTRY] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
        for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
            rel = path.relative_to(data_dir)
            if _skip(path, db_path) or path.resolve() == out.resolve():
                continue
            blob = path.read_bytes()
            name = f"data/{rel.as_posix()}"
            zf.writestr(name, blob)
            files[name] = {"sha256": hashlib.sha256(blob).hexdigest(), "size": len(blob)}
        manifest["files"] = files
        manifest["database_name"] = db_path.name
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, sort_keys=True))
    salt, nonce = os.urandom(SALT), os.urandom(NONCE)
    header = MAGIC + salt + nonce
    sealed = AESGCM(_key(passphrase, salt)).encrypt(nonce, buf.getvalue(), header)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp_out = out.with_name(out.name + ".part")
    with open(tmp_out, "wb") as f:
        f.write(header + sealed)
        f.flush()
        os.fsync(f.fileno())
    tmp_out.replace(out)
    total = sum(int(str(v["size"])) for v in files.values())
    return BackupInfo(out, len(files), total, str(manifest["created_at"]))


def _open(path: Path, passphrase: str) -> tuple[zipfile.ZipFile, dict[str, object]]:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise QjscError("secretary.backup_unreadable", path=str(path), detail=exc.strerror or str(exc)) from None
    if not raw.startswith(MAGIC) or len(raw) < len(MAGIC) + SALT + NONCE + 16:
        raise QjscError("secretary.backup_not_ours", path=str(path))
    salt = raw[len(MAGIC) : len(MAGIC) + SALT]
    nonce = raw[len(MAGIC) + SALT : len(MAGIC) + SALT + NONCE]
    header = raw[: len(MAGIC) + SALT + NONCE]
    try:
        plain = AESGCM(_key(passphrase, salt)).decrypt(nonce, raw[len(header) :], header)
    except InvalidTag:
        raise QjscError("secretary.backup_wrong_or_damaged") from None
    zf = zipfile.ZipFile(io.BytesIO(plain))
    manifest = json.loads(zf.read("manifest.json"))
    return zf, manifest


def verify_backup(path: Path, passphrase: str) -> dict[str, object]:
    """Decrypt and check every file against the manifest and the database itself; returns the manifest."""
    from qjsc_panel.store import migrate

    zf, manifest = _open(path, passphrase)
    files = manifest.get("files")
    if not isinstance(files, dict) or DB_ENTRY not in files or set(files) != set(zf.namelist()) - {"manifest.json"}:
        raise QjscError("secretary.backup_incomplete")
    for name, meta in files.items():
        if name.startswith("/") or ".." in Path(name).parts or not name.startswith(("data/", "database/")):
            raise QjscError("secretary.backup_incomplete")
        if hashlib.sha256(zf.read(name)).hexdigest() != meta["sha256"]:
            raise QjscError("secretary.backup_incomplete")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "check.sqlite3"
        db.write_bytes(zf.read(DB_ENTRY))
        con = sqlite3.connect(str(db))
        try:
            ok = con.execute("PRAGMA integrity_check").fetchone()[0]
            rev = con.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.Error:
            raise QjscError("secretary.backup_incomplete") from None
        finally:
            con.close()
        if ok != "ok" or rev is None:
            raise QjscError("secretary.backup_incomplete")
        if not migrate.is_known(str(rev[0])):
            raise QjscError("db.too_new", path=str(path), revision=rev[0])
    return manifest


def restore_backup(path: Path, passphrase: str, data_dir: Path) -> int:
    """Restore into ``data_dir``, which must be empty (or absent); returns the number of files."""
    if data_dir.exists() and any(data_dir.iterdir()):
        raise QjscError("secretary.restore_not_empty", path=str(data_dir))
    manifest = verify_backup(path, passphrase)  # everything checked before anything is written
    zf, _ = _open(path, passphrase)
    files = manifest["files"]
    assert isinstance(files, dict)
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=data_dir.parent))
    try:
        for name in files:
            if name == DB_ENTRY:
                target = staging / str(manifest.get("database_name") or "qjsc-panel.sqlite3")
            else:
                target = staging / name.removeprefix("data/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(zf.read(name))
            if target.parent.name == "keys" or target.suffix in (".key", ".pem"):
                target.chmod(0o600)
        if data_dir.exists():
            data_dir.rmdir()
        staging.rename(data_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return len(files)
