"""The application object: what every use case runs with.

Built only by the entry points (``qjsc_panel.cli.main``, ``qjsc_panel.ui.app``) and by tests;
everything below receives it.  It carries the data directory (keys, panel keys, joined
invitations, logs), the database (opened on first use), who is acting and the language, plus
a cache of parsed forms.  Nothing below the entry points reads environment variables.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qjsc_panel.domain.form import Form
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
        db_path: Path | None = None,
    ) -> None:
        if db is None and home is None and db_path is None:
            raise ValueError("App needs a data directory, a database file or an open database")
        self._db = db
        self._owns_db = False
        self._home = home
        self._db_path = db_path
        self.actor = actor
        self.lang = lang
        # Parsed forms by content hash: parsing is costly and forms never change under a hash.
        self.forms: dict[str, Form] = {} if forms is None else forms

    def __repr__(self) -> str:
        return f"App(home={self.home}, db={self.db_path}, actor={self.actor!r}, lang={self.lang!r})"

    @property
    def home(self) -> Path:
        """The data directory: key files, panel keys, joined invitations, logs."""
        if self._home is not None:
            return self._home
        return self.db_path.parent

    @property
    def db_path(self) -> Path:
        if self._db is not None:
            return self._db.path
        if self._db_path is not None:
            return self._db_path
        assert self._home is not None
        return self._home / DB_NAME

    @property
    def db_open(self) -> bool:
        return self._db is not None

    @property
    def db(self) -> Database:
        if self._db is None:
            from qjsc_panel.store.db import open_database

            self._db = open_database(self.db_path)
            self._owns_db = True
        return self._db

    def as_actor(self, actor: str) -> App:
        """The same application (database, data directory, forms) acting as someone else."""
        return App(self.db, actor=actor, lang=self.lang, forms=self.forms, home=self.home)

    def form(self, form_hash: str, form_json: str) -> Form:
        found = self.forms.get(form_hash)
        if found is None:
            from qjsc_panel.domain.form import loads_form

            found = self.forms[form_hash] = loads_form(form_json)
        return found

    def close(self) -> None:
        """Close the database if this object opened it."""
        if self._db is not None and self._owns_db:
            self._db.close()
            self._db = None
            self._owns_db = False
