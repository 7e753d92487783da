"""The application object: what every use case runs with.

Built only by the entry points (``qjsc_panel.cli.main``, ``qjsc_panel.ui.app``) and by tests;
everything below receives it.  It carries the data directory (keys, panel keys, joined
invitations, logs), the database (opened on first use), who is acting and the language, plus
a cache of parsed forms.  Nothing below the entry points reads environment variables.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qjsc_panel.domain.form import Form
    from qjsc_panel.services.authority import SessionKey
    from qjsc_panel.store.db import Database

DB_NAME = "qjsc-panel.sqlite3"


class App:
    """``App(home=DIR)`` opens ``DIR/qjsc-panel.sqlite3`` on first use; ``db_path`` names another
    file; an already open ``db`` is borrowed (not closed by :meth:`close`).  Without ``home``
    the data directory is the database's folder (tests, the demo's simulated laptops)."""

    def __init__(
        self,
        db: Database | None = None,
        actor: str = "",
        lang: str = "zh",
        forms: dict[str, Form] | None = None,
        *,
        home: Path | None = None,
        db_path: Path | str | None = None,
        key: SessionKey | None = None,
        ask_passphrase: Callable[[], str | None] | None = None,
        create_db: bool = True,
        encrypt_db: bool = False,
    ) -> None:
        if db is None and home is None and db_path is None:
            raise ValueError("App needs a data directory, a database file or an open database")
        self._db = db
        self._owns_db = False
        self._home = home
        # A URL (``postgresql+psycopg://…``): the bureau's shared archive on a server.
        self._db_url = db_path if isinstance(db_path, str) else None
        self._db_path = None if isinstance(db_path, str) else db_path
        # A database named by the caller (``--db``, an open one) is used as named; otherwise the
        # app's login may switch to the profile's own encrypted file (services.private_db).
        self.db_chosen = db is not None or db_path is not None
        # The passphrase the current database file is encrypted under, once known (the app's
        # login); None: asked through ask_passphrase when an encrypted file is met.
        self.db_passphrase: str | None = None
        self.actor = actor
        self.lang = lang
        # The signing key unlocked in this session: the chair's authority (services.authority).
        # Acting as someone else (as_actor) never carries it over.
        self.key = key
        # Parsed forms by content hash: parsing is costly and forms never change under a hash.
        self.forms: dict[str, Form] = {} if forms is None else forms
        # Asked only when the acting person's key must sign (the chair's decisions): the CLI
        # reads --passphrase-file / QJSC_PASSPHRASE / the terminal, the app its login.
        self.ask_passphrase = ask_passphrase
        # False: a missing database file is refused when first needed, not silently created
        # (``--db`` naming a file that does not exist, for a command that only reads).
        self.create_db = create_db
        # A new database file is encrypted (SQLCipher) under the passphrase ask_passphrase gives;
        # an existing encrypted one is always opened with it.
        self.encrypt_db = encrypt_db

    def __repr__(self) -> str:
        return f"App(home={self.home}, db={self.db_path}, actor={self.actor!r}, lang={self.lang!r})"

    @property
    def home(self) -> Path:
        """The data directory: key files, panel keys, joined invitations, logs."""
        if self._home is not None:
            return self._home
        if self._db is not None and self._db.data_dir is not None:
            return self._db.data_dir
        if self.db_url is not None:  # a server has no folder to keep this machine's keys in
            raise ValueError("a database on a server needs a data directory (home)")
        return self.db_path.parent

    @property
    def db_url(self) -> str | None:
        """The server database's URL, or None for an SQLite file."""
        if self._db is not None:
            return self._db.url
        return self._db_url

    @property
    def db_path(self) -> Path:
        if self._db is not None:
            return self._db.path
        if self._db_path is not None:
            return self._db_path
        if self._db_url is not None:
            from qjsc_panel.store.server import display_path

            return display_path(self._db_url)
        assert self._home is not None
        return self._home / DB_NAME

    @property
    def db_open(self) -> bool:
        return self._db is not None

    @property
    def db(self) -> Database:
        if self._db is None:
            from qjsc_panel.store.db import open_database

            if self._db_url is not None:
                # No SQLCipher on a server: open_database refuses a key with a clear message.
                self._db = open_database(self._db_url, "" if self.encrypt_db else None)
                self._owns_db = True
                return self._db
            if not self.create_db and not self.db_path.exists():
                from qjsc_panel.errors import QjscError

                raise QjscError("trust.db_missing", path=str(self.db_path))
            self._db = open_database(self.db_path, self._db_key())
            self._owns_db = True
        return self._db

    def _db_key(self) -> str | None:
        """The passphrase the database file is (or is to be) encrypted under; None: plain."""
        from qjsc_panel.store.db import is_encrypted

        path = self.db_path
        new = not path.exists() or path.stat().st_size == 0
        if not (self.encrypt_db if new else is_encrypted(path)):
            return None
        key = self.db_passphrase
        if key is None and self.ask_passphrase is not None:
            key = self.ask_passphrase()
        if not key:
            from qjsc_panel.errors import QjscError

            raise QjscError("trust.db_passphrase_needed", path=str(path))
        return key

    def use_database(self, path: Path | None, passphrase: str | None = None) -> None:
        """Work on another database file from now on (opened on first use): ``path`` encrypted
        under ``passphrase`` (created so when new), or with ``None`` the data directory's shared
        file.  The database open so far is closed (or let go, if borrowed)."""
        self.close()
        self._db, self._owns_db = None, False
        self._db_path = path
        self.db_passphrase = passphrase
        self.encrypt_db = passphrase is not None

    def as_actor(self, actor: str) -> App:
        """The same application (database, data directory, forms) acting as someone else."""
        return App(
            self.db, actor=actor, lang=self.lang, forms=self.forms, home=self.home, ask_passphrase=self.ask_passphrase
        )

    def form(self, form_hash: str, form_json: str) -> Form:
        found = self.forms.get(form_hash)
        if found is None:
            from qjsc_panel.domain.form import loads_form
            from qjsc_panel.trust.forms import check_stored

            found = loads_form(form_json)
            check_stored(found, form_hash)  # a stored form edited behind our back is refused
            self.forms[form_hash] = found
        return found

    def close(self) -> None:
        """Close the database if this object opened it."""
        if self._db is not None and self._owns_db:
            self._db.close()
            self._db = None
            self._owns_db = False
