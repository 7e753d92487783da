"""Score entry, submission, corrections and imported sheets.

``set_score`` is the hot path (one per keystroke-confirmed edit): SQLAlchemy Core, a handful
of statements, one ``BEGIN IMMEDIATE`` … ``COMMIT`` with ``synchronous=FULL``, so the score is
on disk before the next key is read.  A submitted sheet is never changed: a correction is a
new version that supersedes it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from qjsc_panel.domain.form import Form
from qjsc_panel.domain.scoring import (
    check_veto_proposal,
    parse_sheet,
    require_complete,
    sheet_total,
)
from qjsc_panel.domain.versions import Recorded, place_version
from qjsc_panel.errors import QjscError
from qjsc_panel.services import score_entry
from qjsc_panel.services.common import (
    get_acceptance,
    get_member,
    log,
    require_chair,
    sheets_of,
)
from qjsc_panel.services.context import Ctx
from qjsc_panel.services.score_entry import SCORER_SQL as _SCORER_SQL
from qjsc_panel.services.score_entry import Scorer, ScorerRow
from qjsc_panel.services.score_entry import check_scorer as _check_scorer
from qjsc_panel.store import audit
from qjsc_panel.store.models import (
    Acceptance,
    Expert,
    PanelMember,
    ScoreEntry,
    ScoreSheet,
    VetoProposal,
)
from qjsc_panel.trust.signing import chair_signer, sign_head

_ENTRY = cast(Table, ScoreEntry.__table__)
_SHEET = cast(Table, ScoreSheet.__table__)
_MEMBER = cast(Table, PanelMember.__table__)
_ACC = cast(Table, Acceptance.__table__)
_EXPERT = cast(Table, Expert.__table__)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _forms(ctx: Ctx) -> score_entry.FormLookup:
    """The context's parsed forms by hash; a form is parsed (pydantic) once per hash."""

    def lookup(form_hash: str, load: Callable[[], str]) -> Form:
        found = ctx.forms.get(form_hash)
        return found if found is not None else ctx.form(form_hash, load())

    return lookup


def _scorer(ctx: Ctx, con: sqlite3.Connection, member_id: int, *, create: bool = True) -> Scorer:
    return score_entry.scorer(con, member_id, _forms(ctx), create=create)


def set_score(ctx: Ctx, member_id: int, item_id: str, value: object) -> Decimal | None:
    """Validate and store one score (``None`` clears it).  On disk when this returns."""
    with ctx.db.raw() as con:
        return score_entry.set_score(con, ctx.actor, member_id, item_id, value, _forms(ctx))


def set_comment(ctx: Ctx, member_id: int, item_id: str, text: str) -> None:
    with ctx.db.raw() as con:
        score_entry.set_comment(con, ctx.actor, member_id, item_id, text, _forms(ctx))


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
        member = get_member(s, member_id)
        require_complete(sc.form, scores, member.name)
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
            total=str(sheet_total(scores)),
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


def _scorer_row(s: Session, member_id: int) -> ScorerRow:
    found = audit.dbapi(s).execute(_SCORER_SQL, (member_id,)).fetchone()
    if found is None:
        raise QjscError("panel.member_not_found", member=member_id)
    return ScorerRow(*found)


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
        return sheet_total(self.scores)


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


def import_sheet(
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
        return import_sheet_in(
            ctx,
            s,
            member_id,
            sheet_uuid=sheet_uuid,
            version=version,
            supersedes_uuid=supersedes_uuid,
            reason=reason,
            scores=scores,
            comments=comments,
            form_hash=form_hash,
            source=source,
            signed=signed,
            signer_fingerprint=signer_fingerprint,
            package_sha256=package_sha256,
            declaration_note=declaration_note,
            vetoes=vetoes,
        )


def import_sheet_in(
    ctx: Ctx,
    s: Session,
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
    """:func:`import_sheet` inside the caller's transaction (a batch of packages is one)."""
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
    checked = parse_sheet(form, scores, member.name)
    existing = s.scalar(select(ScoreSheet).where(ScoreSheet.uuid == sheet_uuid))
    if existing is not None and existing.member_id != member_id:
        raise QjscError("sheet.uuid_reused", sheet=sheet_uuid)
    versions = sheets_of(s, member_id)
    # A local draft the expert never submitted gives way to what was signed elsewhere;
    # the version chain is checked against the submitted sheets only.
    draft = versions.pop() if versions and versions[-1].status == "draft" else None
    submitted = [Recorded(v.uuid, v.version, *_entries(s, v.id)) for v in versions if v.status == "submitted"]
    if place_version(submitted, sheet_uuid, version, supersedes_uuid, reason, checked, comments):
        return "duplicate"
    latest = versions[-1] if versions else None
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
    # One executemany rather than an ORM object per item: a batch of packages runs this often.
    # The entries go in while the sheet is a draft: the triggers refuse them after.
    s.execute(
        _ENTRY.insert(),
        [{"sheet_id": sheet.id, "item_id": k, "score": v, "comment": comments.get(k, "")} for k, v in checked.items()],
    )
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
    # One live proposal per member and item (as for proposals made in the app).
    known = {
        v.veto_item_id
        for v in s.scalars(select(VetoProposal).where(VetoProposal.proposer_id == member.id))
        if v.status != "dismissed"
    }
    for item, given in vetoes:
        evidence = check_veto_proposal(form, item, given)
        if item in known:
            continue
        proposal = VetoProposal(
            acceptance_id=member.acceptance_id,
            veto_item_id=item,
            proposer_id=member.id,
            sheet_id=sheet_id,
            evidence=evidence,
            proposed_at=_now(),
        )
        s.add(proposal)
        s.flush()
        known.add(item)
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
        signer = chair_signer(ctx, acc)
        sheet.excluded_reason = reason.strip()
        log(s, ctx, "sheet.exclude", acc, sheet=sheet.uuid, member=sheet.member_id, reason=reason.strip())
        if signer is not None:
            sign_head(s, signer, acc.uuid)


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
        signer = chair_signer(ctx, acc)
        sheet.paper_confirmed_by = chair.name
        log(s, ctx, "sheet.confirm_paper", acc, sheet=sheet.uuid, member=sheet.member_id)
        if signer is not None:
            sign_head(s, signer, acc.uuid)
