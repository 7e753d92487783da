"""Score entry, submission, corrections and imported sheets.

``set_score`` is the hot path (one per keystroke-confirmed edit): SQLAlchemy Core, a handful
of statements, one ``BEGIN IMMEDIATE`` … ``COMMIT`` with ``synchronous=FULL``, so the score is
on disk before the next key is read.  A submitted sheet is never changed: a correction is a
new version that supersedes it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from qjsc_panel.domain.form import Form
from qjsc_panel.domain.panel import Role, is_qualified
from qjsc_panel.domain.scoring import parse_score
from qjsc_panel.errors import QjscError
from qjsc_panel.services.common import get_acceptance, get_member, log, require_chair, sheets_of
from qjsc_panel.services.context import Ctx
from qjsc_panel.store import audit
from qjsc_panel.store.models import (
    Acceptance,
    Expert,
    PanelMember,
    ScoreEntry,
    ScoreSheet,
    VetoProposal,
    new_uuid,
)

_ENTRY = cast(Table, ScoreEntry.__table__)
_SHEET = cast(Table, ScoreSheet.__table__)
_MEMBER = cast(Table, PanelMember.__table__)
_ACC = cast(Table, Acceptance.__table__)
_EXPERT = cast(Table, Expert.__table__)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class _Scorer:
    acceptance_id: int
    acceptance_uuid: str
    form: Form
    sheet_id: int


def _check_scorer(row: Any) -> None:
    """The member may score: an expert, qualified, declared, not recused, acceptance open."""
    if row.a_status == "finalised":
        raise QjscError("acceptance.finalised")
    if row.role != Role.EXPERT.value:
        raise QjscError("panel.not_expert", name=row.name, role=row.role)
    if row.recused:
        raise QjscError("panel.recused", name=row.name, reason=row.recusal_reason)
    if row.title_level is None or not is_qualified(row.title_level, row.years or 0):
        raise QjscError("panel.unqualified", name=row.name)
    if row.declared_at is None or not row.confidentiality:
        raise QjscError("panel.not_declared", name=row.name)


@dataclass(frozen=True)
class _ScorerRow:
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


# The hot path speaks plain SQL on the bare connection (see Database.raw): one edit is a few
# indexed lookups, an upsert and the audit entry, then a durable commit.
_SCORER_SQL = (
    "SELECT m.name, m.role, m.recused, m.recusal_reason, m.declared_at, m.confidentiality,"
    " m.acceptance_id, e.title_level, e.years, a.uuid, a.status, a.form_hash"
    " FROM panel_member m JOIN acceptance a ON a.id = m.acceptance_id"
    " LEFT JOIN expert e ON e.id = m.expert_id WHERE m.id = ?"
)
_LATEST_SQL = "SELECT id, status FROM score_sheet WHERE member_id = ? ORDER BY version DESC LIMIT 1"
_NEW_SHEET_SQL = (
    "INSERT INTO score_sheet (uuid, acceptance_id, member_id, version, correction_reason, status,"
    " form_hash, source, signed, paper_confirmed_by, excluded_reason, outlier_note)"
    " VALUES (?, ?, ?, 1, '', 'draft', ?, 'local', 0, '', '', '')"
)
_UPSERT_SCORE_SQL = (
    "INSERT INTO score_entry (sheet_id, item_id, score, comment) VALUES (?, ?, ?, '')"
    " ON CONFLICT (sheet_id, item_id) DO UPDATE SET score = excluded.score"
)
_UPSERT_COMMENT_SQL = (
    "INSERT INTO score_entry (sheet_id, item_id, score, comment) VALUES (?, ?, NULL, ?)"
    " ON CONFLICT (sheet_id, item_id) DO UPDATE SET comment = excluded.comment"
)


def _scorer(ctx: Ctx, con: sqlite3.Connection, member_id: int, *, create: bool = True) -> _Scorer:
    """Find the member's draft sheet (creating version 1 if none), refusing a non-scorer."""
    found = con.execute(_SCORER_SQL, (member_id,)).fetchone()
    if found is None:
        raise QjscError("panel.member_not_found", member=member_id)
    row = _ScorerRow(*found)
    _check_scorer(row)
    form = ctx.forms.get(row.form_hash)
    if form is None:
        form_json = con.execute("SELECT form_json FROM acceptance WHERE id = ?", (row.acceptance_id,)).fetchone()[0]
        form = ctx.form(row.form_hash, str(form_json))
    latest = con.execute(_LATEST_SQL, (member_id,)).fetchone()
    if latest is not None and latest[1] == "draft":
        return _Scorer(row.acceptance_id, row.a_uuid, form, int(latest[0]))
    if latest is not None:
        raise QjscError("sheet.submitted")
    if not create:
        raise QjscError("sheet.no_draft", name=row.name)
    cur = con.execute(_NEW_SHEET_SQL, (new_uuid(), row.acceptance_id, member_id, row.form_hash))
    return _Scorer(row.acceptance_id, row.a_uuid, form, int(cur.lastrowid or 0))


def set_score(ctx: Ctx, member_id: int, item_id: str, value: object) -> Decimal | None:
    """Validate and store one score (``None`` clears it).  On disk when this returns."""
    with ctx.db.raw() as con:
        sc = _scorer(ctx, con, member_id)
        item = sc.form.item_by_id.get(item_id)
        if item is None:
            raise QjscError("score.unknown_item", item=item_id)
        score = None if value is None or value == "" else parse_score(item, value)
        text = None if score is None else str(score)
        con.execute(_UPSERT_SCORE_SQL, (sc.sheet_id, item_id, text))
        audit.append_raw(
            con,
            ctx.actor,
            "score.set",
            sc.acceptance_uuid,
            {"member": member_id, "sheet": sc.sheet_id, "item": item_id, "score": text},
        )
        return score


def set_comment(ctx: Ctx, member_id: int, item_id: str, text: str) -> None:
    with ctx.db.raw() as con:
        sc = _scorer(ctx, con, member_id)
        if item_id not in sc.form.item_by_id:
            raise QjscError("score.unknown_item", item=item_id)
        con.execute(_UPSERT_COMMENT_SQL, (sc.sheet_id, item_id, text))
        audit.append_raw(
            con,
            ctx.actor,
            "score.comment",
            sc.acceptance_uuid,
            {"member": member_id, "sheet": sc.sheet_id, "item": item_id, "comment": text},
        )


def _entries(s: Session, sheet_id: int) -> tuple[dict[str, Decimal], dict[str, str]]:
    scores: dict[str, Decimal] = {}
    comments: dict[str, str] = {}
    for item_id, score, comment in s.execute(
        select(_ENTRY.c.item_id, _ENTRY.c.score, _ENTRY.c.comment).where(_ENTRY.c.sheet_id == sheet_id)
    ):
        if score is not None:
            scores[item_id] = Decimal(score)
        if comment:
            comments[item_id] = comment
    return scores, comments


def submit(ctx: Ctx, member_id: int) -> str:
    """Submit the draft: it must be complete; from now on it is immutable."""
    with ctx.db.session() as s:
        sc = _scorer(ctx, audit.dbapi(s), member_id, create=False)
        scores, _ = _entries(s, sc.sheet_id)
        missing = [i.id for i in sc.form.items if i.id not in scores]
        member = get_member(s, member_id)
        if missing:
            raise QjscError("sheet.incomplete", expert=member.name, items=", ".join(missing))
        sheet = s.get(ScoreSheet, sc.sheet_id)
        assert sheet is not None
        sheet.status = "submitted"
        sheet.submitted_at = _now()
        log(
            s,
            ctx,
            "sheet.submit",
            member.acceptance,
            member=member_id,
            name=member.name,
            sheet=sheet.uuid,
            version=sheet.version,
            scores={k: str(v) for k, v in sorted(scores.items())},
            total=str(sum(scores.values(), Decimal(0))),
        )
        return sheet.uuid


def correct(ctx: Ctx, member_id: int, reason: str) -> str:
    """Start a correction: a new draft version superseding the submitted one, with a reason."""
    if not reason.strip():
        raise QjscError("sheet.reason_required")
    with ctx.db.session() as s:
        member = get_member(s, member_id)
        versions = sheets_of(s, member_id)
        if not versions:
            raise QjscError("sheet.none", name=member.name)
        latest = versions[-1]
        if latest.status == "draft":
            raise QjscError("sheet.draft_exists", name=member.name, version=latest.version)
        # Still a scorer?  (recused or finalised members cannot correct)
        row_check = _scorer_row(s, member_id)
        _check_scorer(row_check)
        new = ScoreSheet(
            acceptance_id=latest.acceptance_id,
            member_id=member_id,
            version=latest.version + 1,
            supersedes_id=latest.id,
            correction_reason=reason.strip(),
            status="draft",
            form_hash=latest.form_hash,
            source="local",
        )
        s.add(new)
        s.flush()
        for e in latest.entries:
            s.add(ScoreEntry(sheet_id=new.id, item_id=e.item_id, score=e.score, comment=e.comment))
        log(
            s,
            ctx,
            "sheet.correct",
            member.acceptance,
            member=member_id,
            name=member.name,
            sheet=new.uuid,
            version=new.version,
            supersedes=latest.uuid,
            reason=reason.strip(),
        )
        return new.uuid


def _scorer_row(s: Session, member_id: int) -> _ScorerRow:
    found = audit.dbapi(s).execute(_SCORER_SQL, (member_id,)).fetchone()
    if found is None:
        raise QjscError("panel.member_not_found", member=member_id)
    return _ScorerRow(*found)


@dataclass(frozen=True)
class SheetView:
    uuid: str
    version: int
    status: str
    scores: dict[str, Decimal]
    comments: dict[str, str]
    supersedes: str | None
    reason: str
    source: str
    signed: bool

    @property
    def total(self) -> Decimal:
        return sum(self.scores.values(), Decimal(0))


def sheet_view(ctx: Ctx, member_id: int) -> SheetView | None:
    """The member's latest sheet (draft or submitted), or None before the first score."""
    with ctx.db.session() as s:
        versions = sheets_of(s, member_id)
        if not versions:
            get_member(s, member_id)
            return None
        return _view(s, versions[-1])


def _view(s: Session, sheet: ScoreSheet) -> SheetView:
    scores, comments = _entries(s, sheet.id)
    previous = s.get(ScoreSheet, sheet.supersedes_id) if sheet.supersedes_id else None
    return SheetView(
        sheet.uuid,
        sheet.version,
        sheet.status,
        scores,
        comments,
        previous.uuid if previous else None,
        sheet.correction_reason,
        sheet.source,
        sheet.signed,
    )


def import_sheet(  # noqa: C901, PLR0912  # to split (outside this change)
    ctx: Ctx,
    member_id: int,
    *,
    sheet_uuid: str,
    version: int,
    supersedes_uuid: str | None,
    reason: str,
    scores: dict[str, Decimal],
    comments: dict[str, str],
    form_hash: str,
    source: str = "package",
    signed: bool = True,
    signer_fingerprint: str | None = None,
    package_sha256: str | None = None,
    declaration_note: str | None = None,
    vetoes: Sequence[tuple[str, str]] = (),
) -> str:
    """Record a sheet that was scored elsewhere (a signed package, or an Excel sheet).

    Returns "imported", "superseded" (a newer version replaced an older one) or "duplicate"
    (the same sheet again: nothing changes).  ``declaration_note`` records the no-conflict
    declaration the package carries if none is on file; ``vetoes`` are the expert's (item,
    evidence) proposals, added once.  All of it is one transaction: a crash imports nothing.
    """
    with ctx.db.session() as s:
        member = get_member(s, member_id)
        acc = member.acceptance
        if declaration_note is not None and member.declared_at is None:
            member.declared_at, member.conflicts = _now(), []
            member.conflict_note, member.confidentiality = declaration_note, True
            s.flush()
            log(
                s,
                ctx,
                "panel.declare",
                acc,
                member=member.id,
                name=member.name,
                conflicts=[],
                note=declaration_note,
                source=source,
            )
        _check_scorer(_scorer_row(s, member_id))
        if form_hash != acc.form_hash:
            raise QjscError("acceptance.form_mismatch", want=acc.form_hash[:12], found=form_hash[:12])
        form = ctx.form(acc.form_hash, acc.form_json)
        checked = {}
        for item in form.items:
            if item.id not in scores:
                raise QjscError("sheet.incomplete", expert=member.name, items=item.id)
            checked[item.id] = parse_score(item, scores[item.id])
        for item_id in scores:
            if item_id not in form.item_by_id:
                raise QjscError("score.unknown_item", item=item_id)
        existing = s.scalar(select(ScoreSheet).where(ScoreSheet.uuid == sheet_uuid))
        if existing is not None:
            same = (
                existing.member_id == member_id
                and existing.version == version
                and _entries(s, existing.id)[0] == checked
            )
            if same:
                return "duplicate"
            raise QjscError("sheet.uuid_reused", sheet=sheet_uuid)
        versions = sheets_of(s, member_id)
        # A local draft the expert never submitted gives way to what was signed elsewhere;
        # the version chain is checked against the submitted sheets only.
        draft = versions.pop() if versions and versions[-1].status == "draft" else None
        latest = versions[-1] if versions else None
        if latest is not None and version <= latest.version:
            raise QjscError("sheet.stale_version", version=version, current=latest.version)
        if supersedes_uuid is not None and not reason.strip():
            raise QjscError("sheet.reason_required")
        if (latest.uuid if latest else None) != supersedes_uuid:
            raise QjscError(
                "sheet.chain_broken",
                version=version,
                supersedes=supersedes_uuid or "-",
                current=latest.uuid if latest else "-",
            )
        if draft is not None:
            s.execute(_ENTRY.delete().where(_ENTRY.c.sheet_id == draft.id))
            s.delete(draft)
            s.flush()
        sheet = ScoreSheet(
            uuid=sheet_uuid,
            acceptance_id=acc.id,
            member_id=member_id,
            version=version,
            supersedes_id=latest.id if latest else None,
            correction_reason=reason.strip(),
            status="draft",
            form_hash=form_hash,
            source=source,
            signed=signed,
            signer_fingerprint=signer_fingerprint,
            package_sha256=package_sha256,
        )
        s.add(sheet)
        s.flush()
        for item_id, score in checked.items():
            s.add(ScoreEntry(sheet_id=sheet.id, item_id=item_id, score=score, comment=comments.get(item_id, "")))
        s.flush()  # entries go in while the sheet is a draft: the triggers refuse them after
        sheet.status, sheet.submitted_at = "submitted", _now()
        log(
            s,
            ctx,
            "sheet.import",
            acc,
            member=member_id,
            name=member.name,
            sheet=sheet_uuid,
            version=version,
            supersedes=supersedes_uuid,
            reason=reason.strip(),
            source=source,
            signed=signed,
            fingerprint=signer_fingerprint,
            package_sha256=package_sha256,
            scores={k: str(v) for k, v in sorted(checked.items())},
        )
        _add_vetoes(ctx, s, member, sheet.id, form, vetoes)
        return "superseded" if latest is not None else "imported"


def _add_vetoes(
    ctx: Ctx, s: Session, member: PanelMember, sheet_id: int, form: Form, vetoes: Sequence[tuple[str, str]]
) -> None:
    """The veto proposals a sheet carried, each once (a correction carries them again)."""
    known = {
        (v.veto_item_id, v.evidence)
        for v in s.scalars(select(VetoProposal).where(VetoProposal.proposer_id == member.id))
    }
    for item, evidence in vetoes:
        if item not in form.veto_by_id:
            raise QjscError("veto.unknown_item", item=item)
        if not evidence.strip():
            raise QjscError("veto.evidence_required")
        if (item, evidence.strip()) in known:
            continue
        proposal = VetoProposal(
            acceptance_id=member.acceptance_id,
            veto_item_id=item,
            proposer_id=member.id,
            sheet_id=sheet_id,
            evidence=evidence.strip(),
            proposed_at=_now(),
        )
        s.add(proposal)
        s.flush()
        known.add((item, evidence.strip()))
        log(
            s,
            ctx,
            "veto.propose",
            member.acceptance,
            proposal=proposal.id,
            item=item,
            member=member.id,
            name=member.name,
            evidence=evidence.strip(),
            sheet=sheet_id,
        )


def _sheet_by_uuid(s: Session, sheet_ref: str) -> ScoreSheet:
    rows = s.scalars(select(ScoreSheet).where(ScoreSheet.uuid.startswith(sheet_ref.strip()))).all()
    if len(rows) != 1 or len(sheet_ref.strip()) < 4:
        raise QjscError("sheet.not_found", sheet=sheet_ref)
    return rows[0]


def exclude_sheet(ctx: Ctx, sheet_ref: str, reason: str) -> None:
    """The chair sets a sheet aside (e.g. its author recused after scoring); it stays on file."""
    if not reason.strip():
        raise QjscError("acceptance.reason_required")
    with ctx.db.session() as s:
        sheet = _sheet_by_uuid(s, sheet_ref)
        acc = get_acceptance(s, sheet.acceptance_id)
        if acc.status == "finalised":
            raise QjscError("acceptance.finalised")
        require_chair(ctx, acc)
        if sheet.excluded_reason:
            raise QjscError("sheet.already_excluded")
        sheet.excluded_reason = reason.strip()
        log(s, ctx, "sheet.exclude", acc, sheet=sheet.uuid, member=sheet.member_id, reason=reason.strip())


def confirm_paper(ctx: Ctx, sheet_ref: str) -> None:
    """The chair confirms an unsigned (Excel) sheet against the expert's signed paper copy."""
    with ctx.db.session() as s:
        sheet = _sheet_by_uuid(s, sheet_ref)
        acc = get_acceptance(s, sheet.acceptance_id)
        if acc.status == "finalised":
            raise QjscError("acceptance.finalised")
        chair = require_chair(ctx, acc)
        if sheet.signed:
            raise QjscError("sheet.not_unsigned")
        sheet.paper_confirmed_by = chair.name
        log(s, ctx, "sheet.confirm_paper", acc, sheet=sheet.uuid, member=sheet.member_id)
