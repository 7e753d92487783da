"""SQLAlchemy 2 typed models.  Scores are Numeric (Decimal); a submitted sheet is never updated:
a correction is a new row that supersedes it (and SQLite triggers refuse updates behind our back).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SCORE = Numeric(6, 2, asdecimal=True)


def new_uuid() -> str:
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


def _materials_due(context: Any) -> date:
    from qjsc_panel.domain.eligibility import final_materials_due

    return final_materials_due(context.get_current_parameters()["visit_date"])


class Consultancy(Base):
    __tablename__ = "consultancy"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    credit_code: Mapped[str | None] = mapped_column(String(32), unique=True)
    contact: Mapped[str] = mapped_column(String(200), default="")
    # 第十条: the conditions the firm was checked against (codes), and 第十一条: the year and
    # reference of the bureau's published list it appears on (None: not listed).
    conditions: Mapped[list[Any]] = mapped_column(JSON, default=list)
    listed_year: Mapped[int | None] = mapped_column(Integer)
    list_ref: Mapped[str] = mapped_column(String(100), default="")


class Enterprise(Base):
    __tablename__ = "enterprise"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    credit_code: Mapped[str] = mapped_column(String(32), unique=True)
    district: Mapped[str] = mapped_column(String(50))
    address: Mapped[str] = mapped_column(String(300), default="")
    in_shenzhen: Mapped[bool] = mapped_column(Boolean, default=True)
    legal_form: Mapped[str] = mapped_column(String(30))
    established: Mapped[date] = mapped_column(Date)
    industry: Mapped[str] = mapped_column(String(100), default="")
    industrial: Mapped[bool] = mapped_column(Boolean, default=True)
    products: Mapped[str] = mapped_column(Text, default="")
    scale: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[str] = mapped_column(String(200), default="")
    industry_code: Mapped[str] = mapped_column(String(5), default="")  # GB/T 4754, e.g. C3982
    legal_status: Mapped[str] = mapped_column(String(20), default="active")  # active | revoked | cancelled


class MandatoryListing(Base):
    """An enterprise on a year's mandatory cleaner-production audit list (第十五条二)."""

    __tablename__ = "mandatory_listing"
    __table_args__ = (UniqueConstraint("enterprise_id", "year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprise.id"))
    year: Mapped[int] = mapped_column(Integer)


class Expert(Base):
    """An expert in the pool (专家库)."""

    __tablename__ = "expert"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    name: Mapped[str] = mapped_column(String(100))
    employer: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(String(100), default="")  # e.g. 高级工程师
    title_level: Mapped[str] = mapped_column(String(20))  # TitleLevel
    years: Mapped[int] = mapped_column(Integer, default=0)
    speciality: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    key_fingerprint: Mapped[str | None] = mapped_column(String(64))
    industries: Mapped[str] = mapped_column(String(200), default="")  # GB/T 4754 codes, comma-separated
    available: Mapped[bool] = mapped_column(Boolean, default=True)
    certificate_pem: Mapped[str | None] = mapped_column(Text)


class Acceptance(Base):
    __tablename__ = "acceptance"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprise.id"))
    consultancy_id: Mapped[int | None] = mapped_column(ForeignKey("consultancy.id"))
    visit_date: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(300), default="")
    district: Mapped[str] = mapped_column(String(50), default="")
    # The form is stored whole, so a later edit of forms/ never changes a past acceptance.
    form_id: Mapped[str] = mapped_column(String(100))
    form_version: Mapped[str] = mapped_column(String(50))
    form_hash: Mapped[str] = mapped_column(String(64))
    form_json: Mapped[str] = mapped_column(Text)
    method: Mapped[str] = mapped_column(String(20), default="mean")
    outlier_share: Mapped[Decimal] = mapped_column(Numeric(4, 2), default=Decimal("0.20"))
    first_application: Mapped[bool] = mapped_column(Boolean, default=True)
    prelim_passed: Mapped[bool | None] = mapped_column(Boolean)
    prelim_by: Mapped[str] = mapped_column(String(100), default="")
    prelim_at: Mapped[datetime | None] = mapped_column(DateTime)
    prelim_note: Mapped[str] = mapped_column(Text, default="")
    penalty_clean: Mapped[bool | None] = mapped_column(Boolean)
    penalty_by: Mapped[str] = mapped_column(String(100), default="")
    penalty_at: Mapped[datetime | None] = mapped_column(DateTime)
    penalty_note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | finalised
    finalised_at: Mapped[datetime | None] = mapped_column(DateTime)
    finalised_by: Mapped[str] = mapped_column(String(100), default="")
    result_json: Mapped[str | None] = mapped_column(Text)  # the frozen result at finalisation
    bureau_decision: Mapped[str | None] = mapped_column(String(20))
    bureau_decision_at: Mapped[date | None] = mapped_column(Date)
    bureau_decision_note: Mapped[str] = mapped_column(Text, default="")
    final_materials_at: Mapped[date | None] = mapped_column(Date)
    # Copied from the frozen result at finalisation, so the archive lists without parsing JSON.
    result: Mapped[str | None] = mapped_column(String(10))
    grade: Mapped[str | None] = mapped_column(String(20))
    composite: Mapped[str | None] = mapped_column(String(12))
    acceptance_no: Mapped[str | None] = mapped_column(String(40))  # 深工信清审验〔2026〕第0001号, unique
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)
    materials_due: Mapped[date | None] = mapped_column(Date, default=_materials_due)  # 第二十一条

    enterprise: Mapped[Enterprise] = relationship()
    consultancy: Mapped[Consultancy | None] = relationship()
    members: Mapped[list[PanelMember]] = relationship(back_populates="acceptance", order_by="PanelMember.id")


# Covering indexes: an acceptance row carries its form and result (~11 KB, on overflow pages), so
# the archive and home lists read only these narrow indexes, never the rows themselves.
Index(
    "ix_acceptance_list",
    Acceptance.visit_date,
    Acceptance.id,
    Acceptance.status,
    Acceptance.archived_at,
    Acceptance.enterprise_id,
    Acceptance.district,
    Acceptance.result,
    Acceptance.grade,
    Acceptance.composite,
    Acceptance.bureau_decision,
    Acceptance.bureau_decision_at,
    Acceptance.final_materials_at,
    Acceptance.materials_due,
    Acceptance.acceptance_no,
    Acceptance.uuid,
)
Index(
    "ix_acceptance_home",
    Acceptance.id,
    Acceptance.uuid,
    Acceptance.visit_date,
    Acceptance.status,
    Acceptance.enterprise_id,
)
Index("ix_acceptance_enterprise_id", Acceptance.enterprise_id)
Index("uq_acceptance_acceptance_no", Acceptance.acceptance_no, unique=True)


class PanelMember(Base):
    """A member of one acceptance's panel: a scoring expert or non-scoring bureau/district staff."""

    __tablename__ = "panel_member"
    __table_args__ = (
        UniqueConstraint("acceptance_id", "expert_id"),
        Index("ix_panel_member_expert_id", "expert_id"),
        Index("ix_panel_member_acceptance_role", "acceptance_id", "role"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    acceptance_id: Mapped[int] = mapped_column(ForeignKey("acceptance.id"))
    role: Mapped[str] = mapped_column(String(20))  # Role
    is_chair: Mapped[bool] = mapped_column(Boolean, default=False)
    expert_id: Mapped[int | None] = mapped_column(ForeignKey("expert.id"))
    # For staff (and a snapshot for experts): what the sign-in sheet prints.
    name: Mapped[str] = mapped_column(String(100))
    employer: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    declared_at: Mapped[datetime | None] = mapped_column(DateTime)
    conflicts: Mapped[list[Any]] = mapped_column(JSON, default=list)
    conflict_note: Mapped[str] = mapped_column(Text, default="")
    confidentiality: Mapped[bool] = mapped_column(Boolean, default=False)
    recused: Mapped[bool] = mapped_column(Boolean, default=False)
    recusal_reason: Mapped[str] = mapped_column(Text, default="")
    recused_at: Mapped[datetime | None] = mapped_column(DateTime)

    acceptance: Mapped[Acceptance] = relationship(back_populates="members")
    expert: Mapped[Expert | None] = relationship()


class ScoreSheet(Base):
    __tablename__ = "score_sheet"
    __table_args__ = (
        UniqueConstraint("member_id", "version"),
        Index("ix_score_sheet_acceptance_status", "acceptance_id", "status", "member_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    acceptance_id: Mapped[int] = mapped_column(ForeignKey("acceptance.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("panel_member.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("score_sheet.id"))
    correction_reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="draft")  # draft | submitted
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    form_hash: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(20), default="local")  # local | package | xlsx
    signed: Mapped[bool] = mapped_column(Boolean, default=False)
    signer_fingerprint: Mapped[str | None] = mapped_column(String(64))
    package_sha256: Mapped[str | None] = mapped_column(String(64))
    # An unsigned (Excel) sheet counts only once the chair confirms it against the signed paper copy.
    paper_confirmed_by: Mapped[str] = mapped_column(String(100), default="")
    excluded_reason: Mapped[str] = mapped_column(Text, default="")
    outlier_note: Mapped[str] = mapped_column(Text, default="")

    member: Mapped[PanelMember] = relationship()
    entries: Mapped[list[ScoreEntry]] = relationship(back_populates="sheet", order_by="ScoreEntry.id", cascade="all")


class ScoreEntry(Base):
    __tablename__ = "score_entry"
    __table_args__ = (UniqueConstraint("sheet_id", "item_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(ForeignKey("score_sheet.id"))
    item_id: Mapped[str] = mapped_column(String(50))
    score: Mapped[Decimal | None] = mapped_column(SCORE)
    comment: Mapped[str] = mapped_column(Text, default="")

    sheet: Mapped[ScoreSheet] = relationship(back_populates="entries")


class VetoProposal(Base):
    __tablename__ = "veto_proposal"
    id: Mapped[int] = mapped_column(primary_key=True)
    acceptance_id: Mapped[int] = mapped_column(ForeignKey("acceptance.id"), index=True)
    veto_item_id: Mapped[str] = mapped_column(String(50))
    proposer_id: Mapped[int] = mapped_column(ForeignKey("panel_member.id"))
    sheet_id: Mapped[int | None] = mapped_column(ForeignKey("score_sheet.id"))
    evidence: Mapped[str] = mapped_column(Text)
    proposed_at: Mapped[datetime] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | confirmed | dismissed
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(100), default="")
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)

    proposer: Mapped[PanelMember] = relationship()


class AuditEntry(Base):
    """Append-only, hash-chained: ``hash = sha256(prev_hash || canonical(entry))``."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    at: Mapped[str] = mapped_column(String(40))  # ISO 8601 UTC, as hashed
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(50))
    acceptance_uuid: Mapped[str | None] = mapped_column(String(36), index=True)
    payload: Mapped[str] = mapped_column(Text)  # canonical JSON, as hashed
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The chain's last seq and hash, updated in the same transaction, so a cut tail shows."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


class HeadSignature(Base):
    """The chair's signature over the audit head at a chair decision, and at finalisation also
    over the frozen result (``result_sha256``).  Append-only; see :mod:`qjsc_panel.trust.signing`."""

    __tablename__ = "head_signature"
    id: Mapped[int] = mapped_column(primary_key=True)
    acceptance_uuid: Mapped[str] = mapped_column(String(36))
    seq: Mapped[int] = mapped_column(Integer)
    head_hash: Mapped[str] = mapped_column(String(64))
    result_sha256: Mapped[str | None] = mapped_column(String(64))
    signer_fingerprint: Mapped[str] = mapped_column(String(64))
    certificate: Mapped[str] = mapped_column(Text)  # PEM, issued by the panel CA
    signature: Mapped[str] = mapped_column(Text)  # base64 DER ECDSA over the statement
    signed_at: Mapped[str] = mapped_column(String(40))


class ReportDoc(Base):
    """The chair's documents per acceptance as canonical JSON: the opinion text, the
    performance table (绩效表).  Written by :mod:`qjsc_panel.reports`."""

    __tablename__ = "report_doc"
    __table_args__ = (UniqueConstraint("acceptance_uuid", "kind", name="uq_report_doc_acceptance_kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    acceptance_uuid: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(30))  # opinion | performance
    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    updated_by: Mapped[str] = mapped_column(String(100), default="")


class PlanEntry(Base):
    """One enterprise in a year's plan (第十六条 征集表), with its eligibility as computed on entry."""

    __tablename__ = "plan_entry"
    __table_args__ = (UniqueConstraint("year", "enterprise_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprise.id"))
    consultancy_id: Mapped[int | None] = mapped_column(ForeignKey("consultancy.id"))
    planned_month: Mapped[int | None] = mapped_column(Integer)
    eligible: Mapped[bool] = mapped_column(Boolean)
    reasons: Mapped[list[Any]] = mapped_column(JSON, default=list)  # message codes
    first_application: Mapped[bool] = mapped_column(Boolean, default=True)
    checked_on: Mapped[date] = mapped_column(Date)
    entered_by: Mapped[str] = mapped_column(String(100), default="")
    entered_at: Mapped[datetime] = mapped_column(DateTime)


class ExpertRelation(Base):
    """A recorded past relation of an expert with an enterprise or a consultancy (a conflict)."""

    __tablename__ = "expert_relation"
    id: Mapped[int] = mapped_column(primary_key=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("expert.id"), index=True)
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprise.id"))
    consultancy_id: Mapped[int | None] = mapped_column(ForeignKey("consultancy.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(100), default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


class PanelDraw(Base):
    """A random draw of experts for one acceptance: the seed makes it reproducible."""

    __tablename__ = "panel_draw"
    id: Mapped[int] = mapped_column(primary_key=True)
    acceptance_id: Mapped[int] = mapped_column(ForeignKey("acceptance.id"), index=True)
    seed: Mapped[str] = mapped_column(String(64))
    n: Mapped[int] = mapped_column(Integer)
    reserves: Mapped[int] = mapped_column(Integer)
    industry: Mapped[str] = mapped_column(String(100), default="")
    speciality: Mapped[str] = mapped_column(String(200), default="")
    pool: Mapped[list[Any]] = mapped_column(JSON, default=list)  # eligible expert ids, sorted
    excluded: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # expert id -> reason code
    drawn_by: Mapped[str] = mapped_column(String(100), default="")
    drawn_at: Mapped[datetime] = mapped_column(DateTime)


class DrawPick(Base):
    __tablename__ = "draw_pick"
    __table_args__ = (UniqueConstraint("draw_id", "position"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    draw_id: Mapped[int] = mapped_column(ForeignKey("panel_draw.id"))
    expert_id: Mapped[int] = mapped_column(ForeignKey("expert.id"))
    position: Mapped[int] = mapped_column(Integer)  # 1.. in draw order
    status: Mapped[str] = mapped_column(String(20))  # selected | reserve | declined
    reason: Mapped[str] = mapped_column(Text, default="")
    changed_by: Mapped[str] = mapped_column(String(100), default="")
    changed_at: Mapped[datetime | None] = mapped_column(DateTime)


class ArchiveBundle(Base):
    """A panel's verified bundle kept by the bureau: one per acceptance, never two of one content."""

    __tablename__ = "archive_bundle"
    id: Mapped[int] = mapped_column(primary_key=True)
    acceptance_uuid: Mapped[str] = mapped_column(String(36), unique=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    filename: Mapped[str] = mapped_column(String(300))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    verification: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    received_by: Mapped[str] = mapped_column(String(100), default="")
    received_at: Mapped[datetime] = mapped_column(DateTime)
