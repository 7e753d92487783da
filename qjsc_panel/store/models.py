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
    Integer,
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


class Consultancy(Base):
    __tablename__ = "consultancy"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    credit_code: Mapped[str | None] = mapped_column(String(32), unique=True)
    contact: Mapped[str] = mapped_column(String(200), default="")


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

    enterprise: Mapped[Enterprise] = relationship()
    consultancy: Mapped[Consultancy | None] = relationship()
    members: Mapped[list[PanelMember]] = relationship(back_populates="acceptance", order_by="PanelMember.id")


class PanelMember(Base):
    """A member of one acceptance's panel: a scoring expert or non-scoring bureau/district staff."""

    __tablename__ = "panel_member"
    __table_args__ = (UniqueConstraint("acceptance_id", "expert_id"),)
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
    __table_args__ = (UniqueConstraint("member_id", "version"),)
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
