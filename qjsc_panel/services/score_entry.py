"""Entering one score or comment: the rule and the SQL, on a bare sqlite3 connection.

No SQLAlchemy and no pydantic here, so the app's hot path (through :mod:`services.scoring`)
and the CLI's light ``score set`` / ``score show`` (:mod:`qjsc_panel.cli_light`) run this one
implementation: the same checks, the same rows, the same audit entry.  The form comes from a
lookup passed in: the parsed :class:`~qjsc_panel.domain.form.Form` in the app, a
:class:`LightForm` read straight from the stored JSON in the CLI.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from qjsc_panel.domain.panel import check_may_score, require_checks
from qjsc_panel.domain.scoring import parse_score
from qjsc_panel.errors import QjscError
from qjsc_panel.store.sqlite import connect_current, translate, uuid_prefix_range

__all__ = ["connect_current", "set_comment", "set_score", "write"]


class ItemLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def max_points(self) -> Decimal: ...
    @property
    def step(self) -> Decimal: ...


class FormLike(Protocol):
    @property
    def items(self) -> Sequence[Any]: ...
    @property
    def item_by_id(self) -> Mapping[str, Any]: ...


# (form hash, a loader of the stored form JSON) -> the form; the loader runs only on a cache miss.
FormLookup = Callable[[str, Callable[[], str]], FormLike]


@dataclass(frozen=True)
class LightItem:
    id: str
    max_points: Decimal
    step: Decimal


@dataclass(frozen=True)
class LightForm:
    """The scored items of a stored form, read without validation: the acceptance's form was
    validated (pydantic) when the acceptance was created and is stored in canonical JSON."""

    items: list[LightItem]
    item_by_id: dict[str, LightItem]

    @classmethod
    def loads(cls, form_json: str) -> LightForm:
        data = json.loads(form_json)

        def item(x: dict[str, Any]) -> LightItem:
            return LightItem(str(x["id"]), Decimal(str(x["max_points"])), Decimal(str(x.get("step", "0.5"))))

        items = [item(i) for c in data["categories"] for i in c["items"]]
        items.extend(item(b) for b in data.get("bonus_items", []) if b.get("enabled"))
        return cls(items, {i.id: i for i in items})


@dataclass(frozen=True)
class Scorer:
    acceptance_id: int
    acceptance_uuid: str
    form: Any
    sheet_id: int


@dataclass(frozen=True)
class ScorerRow:
    name: str
    role: str
    recused: bool
    recusal_reason: str
    declared_at: object
    confidentiality: bool
    acceptance_id: int
    title_level: str | None
    years: int | None
    a_uuid: str
    a_status: str
    form_hash: str
    prelim_passed: bool | None
    penalty_clean: bool | None


def check_scorer(row: Any) -> None:
    """The member may score (the domain's one rule), on an open acceptance after 第二十条's checks."""
    if row.a_status == "finalised":
        raise QjscError("acceptance.finalised")
    require_checks(row.prelim_passed, row.penalty_clean)
    declared = row.declared_at is not None and bool(row.confidentiality)
    check_may_score(row.name, row.role, row.title_level, row.years, row.recused, row.recusal_reason, declared)


SCORER_SQL = (
    "SELECT m.name, m.role, m.recused, m.recusal_reason, m.declared_at, m.confidentiality,"
    # A finalisation stamp counts even if someone set the status back behind the triggers.
    " m.acceptance_id, e.title_level, e.years, a.uuid,"
    " CASE WHEN a.finalised_at IS NULL THEN a.status ELSE 'finalised' END, a.form_hash,"
    " a.prelim_passed, a.penalty_clean"
    " FROM panel_member m JOIN acceptance a ON a.id = m.acceptance_id"
    " LEFT JOIN expert e ON e.id = m.expert_id WHERE m.id = ?"
)
_LATEST_SQL = "SELECT id, status FROM score_sheet WHERE member_id = ? ORDER BY version DESC LIMIT 1"
_NEW_SHEET_SQL = (
    "INSERT INTO score_sheet (uuid, acceptance_id, member_id, version, correction_reason, status,"
    " form_hash, source, signed, paper_confirmed_by, excluded_reason, outlier_note)"
    " VALUES (?, ?, ?, 1, '', 'draft', ?, 'local', false, '', '', '') RETURNING id"
)
_UPSERT_SCORE_SQL = (
    "INSERT INTO score_entry (sheet_id, item_id, score, comment) VALUES (?, ?, ?, '')"
    " ON CONFLICT (sheet_id, item_id) DO UPDATE SET score = excluded.score"
)
_UPSERT_COMMENT_SQL = (
    "INSERT INTO score_entry (sheet_id, item_id, score, comment) VALUES (?, ?, NULL, ?)"
    " ON CONFLICT (sheet_id, item_id) DO UPDATE SET comment = excluded.comment"
)


def scorer(con: sqlite3.Connection, member_id: int, form_of: FormLookup, *, create: bool = True) -> Scorer:
    """Find the member's draft sheet (creating version 1 if none), refusing a non-scorer."""
    found = con.execute(SCORER_SQL, (member_id,)).fetchone()
    if found is None:
        raise QjscError("panel.member_not_found", member=member_id)
    row = ScorerRow(*found)
    check_scorer(row)
    form = form_of(
        row.form_hash,
        lambda: str(con.execute("SELECT form_json FROM acceptance WHERE id = ?", (row.acceptance_id,)).fetchone()[0]),
    )
    latest = con.execute(_LATEST_SQL, (member_id,)).fetchone()
    if latest is not None and latest[1] == "draft":
        return Scorer(row.acceptance_id, row.a_uuid, form, int(latest[0]))
    if latest is not None:
        raise QjscError("sheet.submitted")
    if not create:
        raise QjscError("sheet.no_draft", name=row.name)
    import uuid  # only when a sheet is created: the module pulls in ``platform``

    # RETURNING rather than lastrowid: the same SQL on SQLite (≥ 3.35) and PostgreSQL.
    new_id = con.execute(_NEW_SHEET_SQL, (str(uuid.uuid4()), row.acceptance_id, member_id, row.form_hash)).fetchone()
    return Scorer(row.acceptance_id, row.a_uuid, form, int(new_id[0]))


def set_score(
    con: sqlite3.Connection, actor: str, member_id: int, item_id: str, value: object, form_of: FormLookup
) -> Decimal | None:
    """Validate and store one score (``None`` clears it), in the caller's write transaction."""
    sc = scorer(con, member_id, form_of)
    item = sc.form.item_by_id.get(item_id)
    if item is None:
        raise QjscError("score.unknown_item", item=item_id)
    score = None if value is None or value == "" else parse_score(item, value)
    text = None if score is None else str(score)
    con.execute(_UPSERT_SCORE_SQL, (sc.sheet_id, item_id, text))
    from qjsc_panel.store.audit_chain import append_raw  # lazily: the read-only light pdf path needs none

    append_raw(
        con,
        actor,
        "score.set",
        sc.acceptance_uuid,
        {"member": member_id, "sheet": sc.sheet_id, "item": item_id, "score": text},
    )
    return score


def set_comment(
    con: sqlite3.Connection, actor: str, member_id: int, item_id: str, text: str, form_of: FormLookup
) -> None:
    sc = scorer(con, member_id, form_of)
    if item_id not in sc.form.item_by_id:
        raise QjscError("score.unknown_item", item=item_id)
    con.execute(_UPSERT_COMMENT_SQL, (sc.sheet_id, item_id, text))
    from qjsc_panel.store.audit_chain import append_raw

    append_raw(
        con,
        actor,
        "score.comment",
        sc.acceptance_uuid,
        {"member": member_id, "sheet": sc.sheet_id, "item": item_id, "comment": text},
    )


@contextmanager
def write(con: sqlite3.Connection, path: Path) -> Iterator[sqlite3.Connection]:
    """One BEGIN IMMEDIATE … COMMIT on a plain connection, as ``Database.raw`` does it."""
    try:
        con.execute("BEGIN IMMEDIATE")
        try:
            yield con
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")
    except sqlite3.Error as exc:
        if con.in_transaction:
            con.execute("ROLLBACK")
        raise translate(exc, path) from exc


# -- what a person types, resolved as services.common does it (uuid, prefix or id; id or name) --
def find_acceptance(con: sqlite3.Connection, ref: str | int) -> tuple[int, str, str, str]:
    """(id, uuid, form hash, form JSON) by uuid, a unique uuid prefix (≥ 4 characters) or the id."""
    text = str(ref).strip()
    cols = "SELECT id, uuid, form_hash, form_json FROM acceptance"
    found = None
    if text.isdigit():
        found = con.execute(f"{cols} WHERE id = ?", (int(text),)).fetchone()
    if found is None and len(text) >= 4:
        # The range services.common uses: the unique index on uuid answers it (LIKE scans).
        low, high = uuid_prefix_range(text)
        rows = con.execute(f"{cols} WHERE uuid >= ? AND uuid < ? LIMIT 2", (low, high)).fetchall()
        if len(rows) == 1:
            found = rows[0]
    if found is None:
        raise QjscError("acceptance.not_found", acceptance=text)
    return int(found[0]), str(found[1]), str(found[2]), str(found[3])


def find_member(con: sqlite3.Connection, acceptance_id: int, ref: str | int) -> int:
    text = str(ref).strip()
    for member_id, name in con.execute(
        "SELECT id, name FROM panel_member WHERE acceptance_id = ? ORDER BY id", (acceptance_id,)
    ):
        if str(member_id) == text or name == text:
            return int(member_id)
    raise QjscError("panel.member_not_found", member=text)


# store.models.SCORE is Numeric(6, 2): SQLAlchemy reads a score back as "%.2f" % value.
SCORE_SCALE = 2


def stored_score(value: float | int | str) -> Decimal:
    """A score as the ORM reads it from the column (2 → Decimal("2.00")), for identical output."""
    return Decimal(f"%.{SCORE_SCALE}f" % float(value))


@dataclass(frozen=True)
class LatestSheet:
    uuid: str
    version: int
    status: str
    scores: dict[str, Decimal]
    comments: dict[str, str]

    @property
    def total(self) -> Decimal:
        return sum(self.scores.values(), Decimal(0))


def latest_sheet(con: sqlite3.Connection, member_id: int) -> LatestSheet | None:
    row = con.execute(
        "SELECT id, uuid, version, status FROM score_sheet WHERE member_id = ? ORDER BY version DESC LIMIT 1",
        (member_id,),
    ).fetchone()
    if row is None:
        return None
    scores: dict[str, Decimal] = {}
    comments: dict[str, str] = {}
    for item_id, score, comment in con.execute(
        "SELECT item_id, score, comment FROM score_entry WHERE sheet_id = ?", (row[0],)
    ):
        if score is not None:
            scores[item_id] = stored_score(score)
        if comment:
            comments[item_id] = comment
    return LatestSheet(str(row[1]), int(row[2]), str(row[3]), scores, comments)
