"""What every use case runs with: the database, who is acting, the language, a few caches."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qjsc_panel.domain.form import Form
    from qjsc_panel.store.db import Database


@dataclass
class Ctx:
    db: Database
    actor: str = ""
    lang: str = "zh"
    # Parsed forms by content hash: parsing is costly and forms never change under a hash.
    forms: dict[str, Form] = field(default_factory=dict, repr=False)
    # Asked only when the acting person's key must sign (the chair's decisions): the CLI reads
    # --passphrase-file / QJSC_PASSPHRASE / the terminal, the app its login.  None: no way to ask.
    ask_passphrase: Callable[[], str | None] | None = field(default=None, repr=False)

    def form(self, form_hash: str, form_json: str) -> Form:
        found = self.forms.get(form_hash)
        if found is None:
            from qjsc_panel.domain.form import loads_form
            from qjsc_panel.trust.forms import check_stored

            found = loads_form(form_json)
            check_stored(found, form_hash)  # a stored form edited behind our back is refused
            self.forms[form_hash] = found
        return found
