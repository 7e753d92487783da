"""The sources of the opinion PDF read with plain sqlite3 (no SQLAlchemy, no form schema).

The light ``qjsc-panel pdf`` (:mod:`qjsc_panel.cli_pdf_light`) pays for Python, reportlab and a
few SELECTs, not for the ORM.  Only the reading is here: the rows become light objects with
the attribute names of the ORM's, and the same code computes the rest
(:func:`qjsc_panel.services.panel_state.assess`, :func:`qjsc_panel.services.outputs.from_status`).
Whatever the full path checks or refuses beyond that returns ``None`` (the caller then runs the
full path): a form that is not an official pinned form stored unchanged, a frozen result the
rows do not give unchanged (the full path refuses, or accepts a later key the log attests), a
reference that names no single acceptance.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from qjsc_panel.errors import QjscError

if TYPE_CHECKING:
    from qjsc_panel.domain.form_light import LightForm
    from qjsc_panel.reports.outputs import Sources


@dataclass(frozen=True)
class LightExpert:
    title_level: str
    years: int
    key_fingerprint: str | None
    speciality: str


@dataclass(frozen=True)
class LightMember:
    id: int
    name: str
    role: str
    is_chair: bool
    employer: str
    title: str
    phone: str
    declared_at: datetime | None
    conflicts: list[Any] | None
    conflict_note: str
    recused: bool
    recusal_reason: str
    expert: LightExpert | None


@dataclass(frozen=True)
class LightEnterprise:
    name: str
    credit_code: str
    district: str
    address: str
    industry: str
    products: str
    scale: str


@dataclass(frozen=True)
class LightConsultancy:
    name: str


@dataclass(frozen=True)
class LightSheet:
    id: int
    member_id: int
    uuid: str
    version: int
    status: str
    source: str
    signed: bool
    signer_fingerprint: str | None
    excluded_reason: str
    paper_confirmed_by: str
    outlier_note: str
    correction_reason: str
    package_sha256: str | None


@dataclass
class LightAcceptance:
    """The columns of ``acceptance`` that the status and the compilation read."""

    id: int
    uuid: str
    visit_date: date
    place: str
    district: str
    method: str
    outlier_share: Decimal
    prelim_passed: bool | None
    prelim_note: str
    penalty_clean: bool | None
    penalty_note: str
    status: str
    finalised_at: datetime | None
    finalised_by: str
    first_application: bool
    result_json: str | None
    bureau_decision: str | None
    bureau_decision_at: date | None
    bureau_decision_note: str
    enterprise: LightEnterprise
    consultancy: LightConsultancy | None
    members: list[LightMember]


# -- column values as SQLAlchemy's types return them from SQLite (identical output) --
def _bool(v: Any) -> bool | None:
    return None if v is None else bool(v)


def _numeric(v: Any, scale: int) -> Decimal:
    """``Numeric(p, scale)``: SQLAlchemy reads the value back through ``"%.{scale}f"``."""
    return Decimal(f"%.{scale}f" % float(v))


def _datetime(v: Any) -> datetime | None:
    return None if v is None else datetime.fromisoformat(str(v))


def _date(v: Any) -> date | None:
    return None if v is None else date.fromisoformat(str(v))


_ACC_SQL = (
    "SELECT id, uuid, visit_date, place, district, method, outlier_share, prelim_passed, prelim_note,"
    " penalty_clean, penalty_note, status, finalised_at, finalised_by, result_json, bureau_decision,"
    " bureau_decision_at, bureau_decision_note, enterprise_id, consultancy_id, form_hash, form_json,"
    " first_application"
    " FROM acceptance WHERE id = ?"
)
_MEMBER_SQL = (
    "SELECT m.id, m.name, m.role, m.is_chair, m.employer, m.title, m.phone, m.declared_at, m.conflicts,"
    " m.conflict_note, m.recused, m.recusal_reason, m.expert_id, e.title_level, e.years, e.key_fingerprint,"
    " e.speciality FROM panel_member m LEFT JOIN expert e ON e.id = m.expert_id"
    " WHERE m.acceptance_id = ? ORDER BY m.id"
)
_SHEET_SQL = (
    "SELECT id, member_id, uuid, version, status, source, signed, signer_fingerprint, excluded_reason,"
    " paper_confirmed_by, outlier_note, correction_reason, package_sha256"
    " FROM score_sheet WHERE acceptance_id = ? ORDER BY member_id, version"
)
# The statement SQLAlchemy emits for services.status._sheet_rows: same plan, same row order.
_ENTRY_SQL = (
    "SELECT score_entry.sheet_id, score_entry.item_id, score_entry.score, score_entry.comment"
    " FROM score_entry JOIN score_sheet ON score_sheet.id = score_entry.sheet_id"
    " WHERE score_sheet.acceptance_id = ?"
)
_VETO_SQL = (
    "SELECT v.id, v.veto_item_id, m.name, v.evidence, v.status, v.decision_reason"
    " FROM veto_proposal v JOIN panel_member m ON m.id = v.proposer_id WHERE v.acceptance_id = ? ORDER BY v.id"
)
SCORE_SCALE = 2  # store.models.SCORE is Numeric(6, 2)
SHARE_SCALE = 2  # Acceptance.outlier_share is Numeric(4, 2)


def read_sources(con: sqlite3.Connection, acc_ref: str, lang: str) -> Sources | None:
    """What :func:`qjsc_panel.services.outputs.load_sources` returns, in one read transaction;
    None where the full path must run (see the module's docstring)."""
    from qjsc_panel.services.score_entry import find_acceptance

    con.execute("BEGIN")  # one snapshot, as the full path reads in one session
    try:
        try:
            acc_id = find_acceptance(con, acc_ref)[0]
        except QjscError:
            return None  # unknown or ambiguous: the full path words the refusal
        row = con.execute(_ACC_SQL, (acc_id,)).fetchone()
        acc = _acceptance(con, row)
        form = trusted_form(str(row[20]), str(row[21]))
        if form is None:
            return None
        return _sources(con, acc, form, lang)
    finally:
        con.execute("ROLLBACK")


def trusted_form(form_hash: str, form_json: str) -> LightForm | None:
    """The acceptance's form without the schema, only if it is an official pinned form stored
    unchanged (its JSON hashes to the hash the acceptance records and the lock pins): that
    content is validated by the test suite, so loading it again could only repeat the result."""
    from qjsc_panel.domain.form_light import light_form, stored_hash
    from qjsc_panel.trust.forms import official_forms

    try:
        if stored_hash(form_json) != form_hash or form_hash not in {p.content_hash for p in official_forms()}:
            return None
        return light_form(form_json, form_hash)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def _acceptance(con: sqlite3.Connection, r: Any) -> LightAcceptance:
    ent = con.execute(
        "SELECT name, credit_code, district, address, industry, products, scale FROM enterprise WHERE id = ?",
        (r[18],),
    ).fetchone()
    cons = con.execute("SELECT name FROM consultancy WHERE id = ?", (r[19],)).fetchone() if r[19] else None
    members = [
        LightMember(
            int(m[0]),
            m[1],
            m[2],
            bool(m[3]),
            m[4],
            m[5],
            m[6],
            _datetime(m[7]),
            None if m[8] is None else json.loads(m[8]),
            m[9],
            bool(m[10]),
            m[11],
            None if m[12] is None else LightExpert(m[13], m[14], m[15], m[16]),
        )
        for m in con.execute(_MEMBER_SQL, (r[0],))
    ]
    return LightAcceptance(
        id=int(r[0]),
        uuid=r[1],
        visit_date=date.fromisoformat(str(r[2])),
        place=r[3],
        district=r[4],
        method=r[5],
        outlier_share=_numeric(r[6], SHARE_SCALE),
        prelim_passed=_bool(r[7]),
        prelim_note=r[8],
        penalty_clean=_bool(r[9]),
        penalty_note=r[10],
        status=r[11],
        finalised_at=_datetime(r[12]),
        finalised_by=r[13],
        first_application=bool(r[22]),
        result_json=r[14],
        bureau_decision=r[15],
        bureau_decision_at=_date(r[16]),
        bureau_decision_note=r[17],
        enterprise=LightEnterprise(*ent),
        consultancy=None if cons is None else LightConsultancy(cons[0]),
        members=members,
    )


def _sources(con: sqlite3.Connection, acc: LightAcceptance, form: LightForm, lang: str) -> Sources | None:
    from qjsc_panel.reports.opinion import OpinionText
    from qjsc_panel.reports.outputs import Sources
    from qjsc_panel.services.outputs import from_status
    from qjsc_panel.services.panel_state import VetoRow, assess, is_frozen, sheet_rows

    sheets = [
        LightSheet(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), *r[7:]) for r in con.execute(_SHEET_SQL, (acc.id,))
    ]
    entries = [
        (int(e[0]), str(e[1]), None if e[2] is None else _numeric(e[2], SCORE_SCALE), e[3])
        for e in con.execute(_ENTRY_SQL, (acc.id,))
    ]
    vetoes = [VetoRow(*v) for v in con.execute(_VETO_SQL, (acc.id,))]
    status = assess(acc, form, sheet_rows(sheets, entries), vetoes)
    if is_frozen(acc) and not _frozen_unchanged(con, status):
        return None
    comp = from_status(status, lang, shas={sh.id: sh.package_sha256 or "" for sh in sheets})
    opinion = _doc(con, acc.uuid, "opinion")
    return Sources(comp, OpinionText.from_dict(opinion) if opinion else OpinionText(), _performance(con, acc.uuid))


def _frozen_unchanged(con: sqlite3.Connection, status: Any) -> bool:
    """The frozen-result check of the full path (:func:`qjsc_panel.trust.frozen.check_frozen`,
    same code): True when the rows give the frozen record.  Any difference goes the full way,
    which also accepts a member's later key where the log attests it, or refuses."""
    import hashlib

    from qjsc_panel.trust.frozen import differences, frozen_and_live

    def documents() -> dict[str, str]:  # as trust.frozen.documents_digest
        rows = con.execute("SELECT kind, body FROM report_doc WHERE acceptance_uuid = ?", (status.acceptance.uuid,))
        return {kind: hashlib.sha256(body.encode("utf-8")).hexdigest() for kind, body in rows}

    pair = frozen_and_live(status, documents)
    return pair is None or not differences(*pair)


def _doc(con: sqlite3.Connection, acc_uuid: str, kind: str) -> dict[str, Any] | None:
    """As services.opinion._read: the report document's JSON body, or None."""
    row = con.execute("SELECT body FROM report_doc WHERE acceptance_uuid = ? AND kind = ?", (acc_uuid, kind)).fetchone()
    return None if row is None else dict(json.loads(row[0]))


def _performance(con: sqlite3.Connection, acc_uuid: str) -> Any:
    """The performance table: without pydantic when the stored body is the one the log says
    ``set_performance`` wrote (validated then), else parsed and validated as the full path does."""
    row = con.execute(
        "SELECT body FROM report_doc WHERE acceptance_uuid = ? AND kind = 'performance'", (acc_uuid,)
    ).fetchone()
    if row is None:
        return None
    data = dict(json.loads(row[0]))
    if not data:
        return None
    view = trusted_performance(con, acc_uuid, str(row[0]), data)
    if view is not None:
        return view
    from qjsc_panel.reports.performance import parse_table

    return parse_table(data)


def trusted_performance(con: sqlite3.Connection, acc_uuid: str, body: str, data: dict[str, Any]) -> Any:
    """A :class:`~qjsc_panel.reports.perf_view.PerformanceView` of the stored body if its SHA-256
    is the one the acceptance's last ``performance.set`` audit entry recorded (the body
    ``services.opinion.set_performance`` wrote after validating the table), else None."""
    import hashlib

    from qjsc_panel.reports.perf_view import PerformanceView

    entry = con.execute(
        "SELECT payload FROM audit_log WHERE acceptance_uuid = ? AND action = 'performance.set'"
        " ORDER BY seq DESC LIMIT 1",
        (acc_uuid,),
    ).fetchone()
    try:
        recorded = json.loads(entry[0]).get("sha256") if entry else None
        if recorded != hashlib.sha256(body.encode()).hexdigest():
            return None
        return PerformanceView.from_stored(data)
    except (ValueError, KeyError, TypeError, AttributeError, ArithmeticError):
        return None
