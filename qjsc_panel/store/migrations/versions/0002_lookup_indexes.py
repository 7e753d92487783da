"""Indexes for the lookups the chair's screens run on every refresh.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_audit_log_acceptance_uuid", "audit_log", ["acceptance_uuid"])
    op.create_index("ix_score_sheet_acceptance_id", "score_sheet", ["acceptance_id"])
    op.create_index("ix_veto_proposal_acceptance_id", "veto_proposal", ["acceptance_id"])


def downgrade() -> None:
    op.drop_index("ix_veto_proposal_acceptance_id", "veto_proposal")
    op.drop_index("ix_score_sheet_acceptance_id", "score_sheet")
    op.drop_index("ix_audit_log_acceptance_uuid", "audit_log")
