"""Which scoring forms are official: the shipped versions pinned by content hash.

``forms/official.lock.json`` lists each official form (id, version, SHA-256 of its canonical
content).  A form carrying an official id and version with another hash was edited: ``form
validate`` says so and ``acceptance create`` refuses it unless the chair declares a custom form.
A stored form is checked against its recorded hash on every load (:func:`check_stored`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Literal

from qjsc_panel.errors import QjscError

if TYPE_CHECKING:
    from qjsc_panel.domain.form import Form

LOCK_NAME = "official.lock.json"
Standing = Literal["official", "modified", "custom"]


@dataclass(frozen=True)
class Pinned:
    id: str
    version: str
    content_hash: str
    file: str


@cache
def official_forms() -> tuple[Pinned, ...]:
    """The lock file's entries; an unreadable lock pins nothing (every form is then custom)."""
    from qjsc_panel.paths import shipped

    try:
        doc = json.loads((shipped("forms") / LOCK_NAME).read_text(encoding="utf-8"))
        return tuple(Pinned(f["id"], f["version"], f["content_hash"], f["file"]) for f in doc["forms"])
    except (OSError, ValueError, KeyError, TypeError):
        return ()


def standing(form: Form) -> Standing:
    """``official`` (a pinned version, unchanged), ``modified`` (an official id and version with
    other content) or ``custom`` (not an official id and version)."""
    same = [p for p in official_forms() if p.id == form.id and p.version == form.version]
    if not same:
        return "custom"
    return "official" if any(p.content_hash == form.content_hash for p in same) else "modified"


def require_usable(form: Form, custom: bool) -> None:
    """For a new acceptance: an official form as shipped, or a form the chair declares custom."""
    found = standing(form)
    if found == "official" or custom:
        return
    code = "trust.form_modified" if found == "modified" else "trust.form_not_official"
    raise QjscError(code, id=form.id, version=form.version, hash=form.content_hash[:16])


def check_stored(form: Form, recorded_hash: str) -> None:
    """A form read back from the database must hash to what was recorded when it was frozen in."""
    if form.content_hash != recorded_hash:
        raise QjscError("trust.form_hash_mismatch", want=recorded_hash[:16], found=form.content_hash[:16])
