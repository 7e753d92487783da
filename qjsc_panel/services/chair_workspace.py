"""What the chair's workspace in the app reads and does beyond the single use cases: one
acceptance at a glance with the next step, opening an acceptance with its chair seated, the
pool as the panel tab lists it, and the fingerprint of a public-key file before enrolment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from qjsc_panel.errors import QjscError
from qjsc_panel.services.app import App

# The steps in the order of 第二十条 and the exchange; the UI words each one.
NEXT_STEPS = (
    "checks",  # record 初审 and the penalty check (第二十条一、二)
    "checks_failed",  # 初审 failed or a penalty found: the acceptance cannot proceed
    "panel",  # seat at least three qualified experts
    "panel_key",  # make the panel key
    "enrol",  # enrol every scoring expert's public key
    "invite",  # write the invitations (and collect the sheets)
    "collect",  # quorum not reached: collect sheets
    "review",  # settle what the dashboard lists
    "opinion",  # nothing blocks: compile the opinion and finalise
    "done",  # finalised
)


@dataclass(frozen=True)
class Check:
    """One pre-visit record (第二十条一 or 二): ``ok`` None until recorded."""

    ok: bool | None
    by: str
    at: datetime | None
    note: str


@dataclass(frozen=True)
class Overview:
    uuid: str
    enterprise: str
    visit_date: date
    place: str
    district: str
    method: str
    status: str
    prelim: Check
    penalty: Check
    checks_refusal: QjscError | None  # why invitations and scoring must wait, if they must
    experts: int  # qualified scoring experts seated (not recused)
    staff: int
    has_panel_key: bool
    enrolled: int
    quorum_counted: int
    quorum_needed: int
    blockers: int
    next_step: str


def overview(app: App, acc_ref: str) -> Overview:
    from qjsc_panel.domain.panel import require_checks
    from qjsc_panel.services.exchange import enrolments, has_panel_key
    from qjsc_panel.services.status import panel_status

    st = panel_status(app, acc_ref)
    acc = st.acceptance
    prelim = Check(acc.prelim_passed, acc.prelim_by or "", acc.prelim_at, acc.prelim_note or "")
    penalty = Check(acc.penalty_clean, acc.penalty_by or "", acc.penalty_at, acc.penalty_note or "")
    refusal: QjscError | None = None
    try:
        require_checks(prelim.ok, penalty.ok)
    except QjscError as exc:
        refusal = exc
    scoring = [m for m in st.members if m.role == "expert" and m.qualified and not m.recused]
    key = has_panel_key(app, acc.uuid)
    enrolled_ids = {e.member_id for e in enrolments(app, acc.uuid)} if key else set()
    enrolled = sum(1 for m in scoring if m.id in enrolled_ids)
    step = _next_step(
        acc.status == "finalised",
        refusal,
        len(scoring),
        key,
        enrolled,
        st.quorum.reached,
        len(st.blockers),
    )
    return Overview(
        uuid=acc.uuid,
        enterprise=acc.enterprise.name,
        visit_date=acc.visit_date,
        place=acc.place or "",
        district=acc.district or "",
        method=acc.method,
        status=acc.status,
        prelim=prelim,
        penalty=penalty,
        checks_refusal=refusal,
        experts=len(scoring),
        staff=sum(1 for m in st.members if m.role != "expert"),
        has_panel_key=key,
        enrolled=enrolled,
        quorum_counted=st.quorum.counted,
        quorum_needed=st.quorum.needed,
        blockers=len(st.blockers),
        next_step=step,
    )


def _next_step(
    finalised: bool,
    refusal: QjscError | None,
    experts: int,
    key: bool,
    enrolled: int,
    quorum: bool,
    blockers: int,
) -> str:
    from qjsc_panel.domain.panel import MIN_EXPERTS

    if finalised:
        return "done"
    if refusal is not None:
        return "checks" if refusal.code.startswith("acceptance.checks_pending") else "checks_failed"
    if experts < MIN_EXPERTS:
        return "panel"
    if not key:
        return "panel_key"
    if enrolled < experts:
        return "enrol"
    if not quorum:
        return "invite" if blockers else "collect"
    return "review" if blockers else "opinion"


def open_as_chair(
    app: App,
    *,
    chair_expert_id: int,
    enterprise_id: int,
    visit_date: date,
    consultancy_id: int | None = None,
    place: str = "",
    method: str = "mean",
    outlier_share: Decimal = Decimal("0.20"),
    form_path: Path | None = None,
) -> str:
    """Open an acceptance (eligibility refused as :func:`create_acceptance` refuses it) and seat
    the logged-in key's holder as its chair: the pool record ``chair_expert_id`` is this
    person's, and it is bound to the key unlocked in the session, so the workspace (which lists
    acceptances by the chair's key) shows it.  Nothing is written when the chair cannot sit."""
    from qjsc_panel.domain.panel import is_qualified
    from qjsc_panel.services import acceptances, panel, registry

    if app.key is None:
        raise QjscError("chair_ws.no_key")
    chair = next((e for e in registry.list_experts(app) if e.id == chair_expert_id), None)
    if chair is None:
        raise QjscError("expert.not_found", expert=chair_expert_id)
    if chair.key_fingerprint and chair.key_fingerprint != app.key.fingerprint:
        # Another person's key is registered on that record: the chair picked the wrong name.
        raise QjscError("chair_ws.expert_has_other_key", name=chair.name)
    if not is_qualified(chair.title_level, chair.years):
        from qjsc_panel.services.panel import _level_text

        raise QjscError(
            "panel.unqualified_seat", name=chair.name, title=_level_text(chair.title_level, app.lang), years=chair.years
        )
    uuid = acceptances.create_acceptance(
        app,
        enterprise_id,
        visit_date,
        consultancy_id=consultancy_id,
        method=method,
        outlier_share=outlier_share,
        place=place,
        form_path=form_path,
    )
    if not chair.key_fingerprint:
        registry.set_expert_fingerprint(app, chair.id, app.key.fingerprint)
    panel.add_member(app, uuid, expert_id=chair.id, is_chair=True)
    return uuid


def public_key_fingerprint(path: Path) -> tuple[str, bytes]:
    """``(fingerprint, pem)`` of the public-key file an expert exported from 我的公钥."""
    from qjsc_panel.exchange import crypto
    from qjsc_panel.exchange.keys import load_public_pem

    try:
        pem = path.read_bytes()
    except OSError as exc:
        raise QjscError("chair_ws.unreadable", file=str(path), detail=exc.strerror or "") from None
    return crypto.public_fingerprint(load_public_pem(pem)), pem


def write_invitations(app: App, acc_ref: str, passphrase: str, folder: Path) -> list[Path]:
    """Every scoring expert's invitation into ``folder`` (a USB stick) at once.  The chair is
    not invited: the chair scores in this very database.  The checks of 第二十条, the
    enrolments and the passphrase are tried before any file is written."""
    from qjsc_panel.domain.panel import require_checks
    from qjsc_panel.exchange.panelkey import unlock_panel
    from qjsc_panel.services.exchange import enrolments, make_invitation
    from qjsc_panel.services.status import panel_status

    st = panel_status(app, acc_ref)
    acc = st.acceptance
    require_checks(acc.prelim_passed, acc.penalty_clean)
    if not folder.is_dir():
        raise QjscError("ui.folder_missing", path=str(folder))
    unlock_panel(app.home, acc.uuid, passphrase)
    enrolled = {e.member_id for e in enrolments(app, acc.uuid)}
    scoring = [m for m in st.members if m.role == "expert" and not m.recused and not m.is_chair]
    missing = [m.name for m in scoring if m.id not in enrolled]
    if missing:
        raise QjscError("chair_ws.not_enrolled", names="、".join(missing))
    out = []
    for m in scoring:
        target = folder / f"{acc.visit_date.isoformat()}-{m.name}-{acc.uuid[:8]}.qjsc-invite"
        out.append(make_invitation(app, acc.uuid, str(m.id), passphrase, target))
    return out


def official_forms() -> list[tuple[str, Path]]:
    """``(id and version, file)`` of each official form shipped with the app."""
    from qjsc_panel.paths import forms_dir
    from qjsc_panel.trust.forms import official_forms as pinned

    return [(f"{p.id} {p.version}", forms_dir() / p.file) for p in pinned()]
