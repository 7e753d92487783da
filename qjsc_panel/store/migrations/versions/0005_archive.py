"""The secretary's registries, plan, draws and archive; indexes for 10,000 acceptances.

Revision ID: 0005
Revises: 0003
Create Date: 2026-11-28
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


# The archive list's covering index (see models.py).
LIST_COLUMNS = [
    "visit_date",
    "id",
    "status",
    "archived_at",
    "enterprise_id",
    "district",
    "result",
    "grade",
    "composite",
    "bureau_decision",
    "bureau_decision_at",
    "final_materials_at",
    "materials_due",
    "acceptance_no",
    "uuid",
]


def _add(table: str, *columns: sa.Column[Any]) -> None:
    # Plain ADD COLUMN (no table rebuild): every new column is nullable or has a server default.
    for column in columns:
        op.add_column(table, column)


def _backfill_due() -> None:
    """第二十一条's deadline for acceptances of older builds (month arithmetic as the domain does it)."""
    from qjsc_panel.domain.eligibility import final_materials_due

    bind = op.get_bind()
    table = sa.table(
        "acceptance", sa.column("id", sa.Integer), sa.column("visit_date", sa.Date), sa.column("materials_due", sa.Date)
    )
    rows = bind.execute(sa.select(table.c.id, table.c.visit_date)).all()
    if rows:
        bind.execute(
            table.update().where(table.c.id == sa.bindparam("row_id")).values(materials_due=sa.bindparam("due")),
            [{"row_id": r.id, "due": final_materials_due(r.visit_date)} for r in rows],
        )


def upgrade() -> None:
    _add(
        "consultancy",
        sa.Column("conditions", sa.JSON(), nullable=False, server_default="[]"),
        sa.Column("listed_year", sa.Integer(), nullable=True),
        sa.Column("list_ref", sa.String(length=100), nullable=False, server_default=""),
    )
    _add(
        "enterprise",
        sa.Column("industry_code", sa.String(length=5), nullable=False, server_default=""),
        sa.Column("legal_status", sa.String(length=20), nullable=False, server_default="active"),
    )
    _add(
        "expert",
        sa.Column("industries", sa.String(length=200), nullable=False, server_default=""),
        sa.Column("available", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("certificate_pem", sa.Text(), nullable=True),
    )
    _add(
        "acceptance",
        sa.Column("result", sa.String(length=10), nullable=True),
        sa.Column("grade", sa.String(length=20), nullable=True),
        sa.Column("composite", sa.String(length=12), nullable=True),
        sa.Column("acceptance_no", sa.String(length=40), nullable=True),
        sa.Column("archived_at", sa.DateTime(), nullable=True),
        sa.Column("materials_due", sa.Date(), nullable=True),
    )
    _backfill_due()
    # Finalised acceptances of older builds: copy the summary out of the frozen result.
    if op.get_bind().dialect.name == "postgresql":
        get = "CAST(result_json AS json) ->> '{0}'"
    else:
        get = "json_extract(result_json, '$.{0}')"
    op.execute(
        f"UPDATE acceptance SET result = {get.format('result')}, grade = {get.format('grade')},"
        f" composite = {get.format('composite')} WHERE result_json IS NOT NULL"
    )
    op.create_index("uq_acceptance_acceptance_no", "acceptance", ["acceptance_no"], unique=True)
    op.create_index("ix_acceptance_list", "acceptance", LIST_COLUMNS)
    op.create_index("ix_acceptance_home", "acceptance", ["id", "uuid", "visit_date", "status", "enterprise_id"])
    op.create_index("ix_acceptance_enterprise_id", "acceptance", ["enterprise_id"])
    op.create_index("ix_panel_member_expert_id", "panel_member", ["expert_id"])
    op.create_index("ix_panel_member_acceptance_role", "panel_member", ["acceptance_id", "role"])
    op.create_index("ix_score_sheet_acceptance_status", "score_sheet", ["acceptance_id", "status", "member_id"])

    op.create_table(
        "plan_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("consultancy_id", sa.Integer(), nullable=True),
        sa.Column("planned_month", sa.Integer(), nullable=True),
        sa.Column("eligible", sa.Boolean(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("first_application", sa.Boolean(), nullable=False),
        sa.Column("checked_on", sa.Date(), nullable=False),
        sa.Column("entered_by", sa.String(length=100), nullable=False),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultancy_id"], ["consultancy.id"], name=op.f("fk_plan_entry_consultancy_id_consultancy")
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"], ["enterprise.id"], name=op.f("fk_plan_entry_enterprise_id_enterprise")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_entry")),
        sa.UniqueConstraint("year", "enterprise_id", name=op.f("uq_plan_entry_year")),
    )
    op.create_table(
        "expert_relation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("expert_id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=True),
        sa.Column("consultancy_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultancy_id"], ["consultancy.id"], name=op.f("fk_expert_relation_consultancy_id_consultancy")
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"], ["enterprise.id"], name=op.f("fk_expert_relation_enterprise_id_enterprise")
        ),
        sa.ForeignKeyConstraint(["expert_id"], ["expert.id"], name=op.f("fk_expert_relation_expert_id_expert")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expert_relation")),
    )
    op.create_index("ix_expert_relation_expert_id", "expert_relation", ["expert_id"])
    op.create_table(
        "panel_draw",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("acceptance_id", sa.Integer(), nullable=False),
        sa.Column("seed", sa.String(length=64), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("reserves", sa.Integer(), nullable=False),
        sa.Column("industry", sa.String(length=100), nullable=False),
        sa.Column("speciality", sa.String(length=200), nullable=False),
        sa.Column("pool", sa.JSON(), nullable=False),
        sa.Column("excluded", sa.JSON(), nullable=False),
        sa.Column("drawn_by", sa.String(length=100), nullable=False),
        sa.Column("drawn_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["acceptance_id"], ["acceptance.id"], name=op.f("fk_panel_draw_acceptance_id_acceptance")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_panel_draw")),
    )
    op.create_index("ix_panel_draw_acceptance_id", "panel_draw", ["acceptance_id"])
    op.create_table(
        "draw_pick",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draw_id", sa.Integer(), nullable=False),
        sa.Column("expert_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("changed_by", sa.String(length=100), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["draw_id"], ["panel_draw.id"], name=op.f("fk_draw_pick_draw_id_panel_draw")),
        sa.ForeignKeyConstraint(["expert_id"], ["expert.id"], name=op.f("fk_draw_pick_expert_id_expert")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draw_pick")),
        sa.UniqueConstraint("draw_id", "position", name=op.f("uq_draw_pick_draw_id")),
    )
    op.create_table(
        "archive_bundle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("acceptance_uuid", sa.String(length=36), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=300), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("verification", sa.JSON(), nullable=False),
        sa.Column("received_by", sa.String(length=100), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archive_bundle")),
        sa.UniqueConstraint("acceptance_uuid", name=op.f("uq_archive_bundle_acceptance_uuid")),
        sa.UniqueConstraint("sha256", name=op.f("uq_archive_bundle_sha256")),
    )
    # An archived bundle is evidence: read-only even to a program that bypasses ours.
    if op.get_bind().dialect.name == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER archive_bundle_no_{event.lower()} BEFORE {event} ON archive_bundle"
                " BEGIN SELECT RAISE(ABORT, 'archived bundles are read-only'); END"
            )
    else:
        op.execute(
            "CREATE OR REPLACE FUNCTION qjsc_archive_read_only() RETURNS trigger LANGUAGE plpgsql AS $$"
            " BEGIN RAISE EXCEPTION 'archived bundles are read-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER archive_bundle_read_only BEFORE UPDATE OR DELETE ON archive_bundle"
            " FOR EACH ROW EXECUTE FUNCTION qjsc_archive_read_only()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS archive_bundle_no_update")
        op.execute("DROP TRIGGER IF EXISTS archive_bundle_no_delete")
    else:
        op.execute("DROP TRIGGER IF EXISTS archive_bundle_read_only ON archive_bundle")
        op.execute("DROP FUNCTION IF EXISTS qjsc_archive_read_only()")
    for table in ("archive_bundle", "draw_pick", "panel_draw", "expert_relation", "plan_entry"):
        op.drop_table(table)
    op.drop_index("ix_score_sheet_acceptance_status", "score_sheet")
    op.drop_index("ix_panel_member_acceptance_role", "panel_member")
    op.drop_index("ix_panel_member_expert_id", "panel_member")
    for name in (
        "ix_acceptance_enterprise_id",
        "ix_acceptance_home",
        "ix_acceptance_list",
        "uq_acceptance_acceptance_no",
    ):
        op.drop_index(name, "acceptance")
    with op.batch_alter_table("acceptance") as b:
        for col in ("materials_due", "archived_at", "acceptance_no", "composite", "grade", "result"):
            b.drop_column(col)
    with op.batch_alter_table("expert") as b:
        for col in ("certificate_pem", "available", "industries"):
            b.drop_column(col)
    with op.batch_alter_table("enterprise") as b:
        for col in ("legal_status", "industry_code"):
            b.drop_column(col)
    with op.batch_alter_table("consultancy") as b:
        for col in ("list_ref", "listed_year", "conditions"):
            b.drop_column(col)
