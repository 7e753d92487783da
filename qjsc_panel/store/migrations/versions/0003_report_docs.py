"""The chair's documents: opinion text and performance table per acceptance.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # IF NOT EXISTS: an early build created this table on first use, outside the migrations.
    bind = op.get_bind()
    if sa.inspect(bind).has_table("report_doc"):
        return
    op.create_table(
        "report_doc",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("acceptance_uuid", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_doc")),
        sa.UniqueConstraint("acceptance_uuid", "kind", name="uq_report_doc_acceptance_kind"),
    )


def downgrade() -> None:
    op.drop_table("report_doc")
