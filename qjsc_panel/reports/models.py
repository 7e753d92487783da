"""Where the opinion text and the performance table are kept: one JSON document per
(acceptance, kind) in table ``report_doc``.

Kept on its own MetaData and created on first use, so it does not disturb the foundation's
migration check; the lead is asked to adopt it into an Alembic migration.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Session

metadata = MetaData()

report_doc = Table(
    "report_doc",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("acceptance_uuid", String(36), nullable=False),
    Column("kind", String(30), nullable=False),  # opinion | performance
    Column("body", Text, nullable=False),  # canonical JSON
    Column("updated_at", DateTime, nullable=False),
    Column("updated_by", String(100), nullable=False, default=""),
    UniqueConstraint("acceptance_uuid", "kind", name="uq_report_doc_acceptance_kind"),
)

_ready: set[str] = set()


def ensure(s: Session) -> None:
    """Create the table if this database lacks it (CREATE TABLE IF NOT EXISTS, in the caller's
    transaction)."""
    bind = s.get_bind()
    key = str(bind.engine.url)
    if key in _ready:
        return
    metadata.create_all(s.connection(), checkfirst=True)
    _ready.add(key)
