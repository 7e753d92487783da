"""Each expert's own encrypted database in the app (issue 12, item 9: private at rest).

On a shared laptop the app's login opens the profile's own database,
``<data dir>/profiles/<fingerprint[:16]>/qjsc-panel.sqlite3``, encrypted (SQLCipher) under that
profile's passphrase — the passphrase that unlocks the profile's signing key, so one secret
opens both.  Joined invitations, drafts, scores, the chair's imported (decrypted) sheets and
decisions all go there; another expert on the laptop, with sqlite3 or with this app, reads
nothing of it.  What the laptop must share stays outside: the key files (public half, private
half encrypted), the language setting, the logs, and the data directory's plain database, which
is what the app opens before anyone logs in (and the secretary's workspace on a bureau PC).

Existing installations keep working: a profile whose acceptances are in the shared database
(made before this change) goes on using it until the expert asks to move it
(:func:`make_private`).  A database named with ``--db`` is used as named.
"""

from __future__ import annotations

from pathlib import Path

from qjsc_panel.services.app import DB_NAME, App

PROFILES_DIR = "profiles"


def profile_db_path(home: Path, fingerprint: str) -> Path:
    return home / PROFILES_DIR / fingerprint[:16] / DB_NAME


def open_for_profile(app: App, fingerprint: str, passphrase: str) -> bool:
    """At login: switch ``app`` to the profile's own encrypted database (created if new) and
    open it; True when it did.  False: a database the caller named, or a profile whose data
    is still in the shared database (it keeps working there; :func:`make_private` moves it)."""
    if app.db_chosen:
        return False
    path = profile_db_path(app.home, fingerprint)
    if not path.exists() and in_shared(app, fingerprint):
        return False
    app.use_database(path, passphrase)
    _ = app.db  # open (or create, encrypted) now, so a failure is the login's
    return True


def in_shared(app: App, fingerprint: str) -> bool:
    """The shared database holds acceptances of this key (an installation older than the
    per-profile databases)."""
    from qjsc_panel.services.archive import expert_home
    from qjsc_panel.services.chair import chaired_by

    shared = app.home / DB_NAME
    if not shared.is_file() or not shared.stat().st_size:
        return False
    if app.db_open and app.db_path != shared:
        app.use_database(None)
    return bool(expert_home(app, fingerprint)) or bool(chaired_by(app, fingerprint))


def leave(app: App) -> None:
    """At logout: back to the shared database (the profile's file is closed)."""
    if not app.db_chosen and app.db_passphrase is not None:
        app.use_database(None)


def make_private(app: App, fingerprint: str, passphrase: str) -> Path:
    """Move a profile still on the shared database to its own encrypted file (on the expert's
    request): the whole shared database is copied, encrypted, and the app switches to it.
    The shared file keeps its copy until it is deleted — when every profile on the laptop has
    moved (docs/trust.md)."""
    from qjsc_panel.errors import QjscError
    from qjsc_panel.store.db import export_encrypted

    path = profile_db_path(app.home, fingerprint)
    if path.exists():
        raise QjscError("trust.profile_db_exists", path=str(path))
    shared = app.home / DB_NAME
    app.use_database(None)
    _ = app.db  # migrated to this build's schema first
    app.close()
    export_encrypted(shared, path, passphrase)
    app.use_database(path, passphrase)
    _ = app.db
    return path
