"""Frozen at finalisation: every row of a finalised acceptance refuses change; the audit head
follows the log; the chair's signatures over the head (and the frozen result) are append-only.

The triggers are the first line; the hash chain, the replay of the log against the tables and
the chair's signatures catch whoever drops them (see :mod:`qjsc_panel.trust`).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_ABORT = " BEGIN SELECT RAISE(ABORT, 'acceptance is finalised'); END"
_BY_ID = "(SELECT status FROM acceptance WHERE id = {row}.acceptance_id) = 'finalised'"
_BY_SHEET = (
    "(SELECT a.status FROM score_sheet s JOIN acceptance a ON a.id = s.acceptance_id"
    " WHERE s.id = {row}.sheet_id) = 'finalised'"
)
_BY_UUID = "(SELECT status FROM acceptance WHERE uuid = {row}.acceptance_uuid) = 'finalised'"
# Child tables of an acceptance and how a row finds its acceptance.
_CHILDREN = {
    "panel_member": _BY_ID,
    "score_sheet": _BY_ID,
    "veto_proposal": _BY_ID,
    "score_entry": _BY_SHEET,
    "report_doc": _BY_UUID,
}
# What may still be recorded on a finalised acceptance: the bureau's later decision.
AFTER_FINALISATION = ("bureau_decision", "bureau_decision_at", "bureau_decision_note", "final_materials_at")
_ACCEPTANCE_COLUMNS = [
    "id",
    "uuid",
    "enterprise_id",
    "consultancy_id",
    "visit_date",
    "place",
    "district",
    "form_id",
    "form_version",
    "form_hash",
    "form_json",
    "method",
    "outlier_share",
    "first_application",
    "prelim_passed",
    "prelim_by",
    "prelim_at",
    "prelim_note",
    "penalty_clean",
    "penalty_by",
    "penalty_at",
    "penalty_note",
    "status",
    "finalised_at",
    "finalised_by",
    "result_json",
]


def sqlite_triggers() -> list[str]:
    out = []
    for table, cond in _CHILDREN.items():
        out += [
            f"CREATE TRIGGER {table}_frozen_insert BEFORE INSERT ON {table} WHEN {cond.format(row='NEW')}{_ABORT}",
            f"CREATE TRIGGER {table}_frozen_update BEFORE UPDATE ON {table} WHEN {cond.format(row='OLD')}"
            f" OR {cond.format(row='NEW')}{_ABORT}",
            f"CREATE TRIGGER {table}_frozen_delete BEFORE DELETE ON {table} WHEN {cond.format(row='OLD')}{_ABORT}",
        ]
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in _ACCEPTANCE_COLUMNS)
    out += [
        f"CREATE TRIGGER acceptance_frozen_update BEFORE UPDATE ON acceptance"
        f" WHEN OLD.status = 'finalised' AND ({changed}){_ABORT}",
        f"CREATE TRIGGER acceptance_frozen_delete BEFORE DELETE ON acceptance WHEN OLD.status = 'finalised'{_ABORT}",
        # The head is the log's last entry, always; a new entry follows the head.
        "CREATE TRIGGER audit_head_follows_log BEFORE UPDATE ON audit_head WHEN NEW.id IS NOT 1"
        " OR NEW.seq IS NOT (SELECT MAX(seq) FROM audit_log)"
        " OR NEW.hash IS NOT (SELECT hash FROM audit_log WHERE seq = NEW.seq)"
        " BEGIN SELECT RAISE(ABORT, 'audit head must be the last log entry'); END",
        "CREATE TRIGGER audit_head_insert BEFORE INSERT ON audit_head WHEN NEW.id IS NOT 1"
        " OR NEW.seq IS NOT (SELECT MAX(seq) FROM audit_log)"
        " OR NEW.hash IS NOT (SELECT hash FROM audit_log WHERE seq = NEW.seq)"
        " BEGIN SELECT RAISE(ABORT, 'audit head must be the last log entry'); END",
        "CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head"
        " BEGIN SELECT RAISE(ABORT, 'audit head cannot be deleted'); END",
        "CREATE TRIGGER audit_log_chained BEFORE INSERT ON audit_log"
        " WHEN NEW.seq IS NOT COALESCE((SELECT seq FROM audit_head WHERE id = 1), 0) + 1"
        " OR NEW.prev_hash IS NOT COALESCE((SELECT hash FROM audit_head WHERE id = 1), printf('%064d', 0))"
        " BEGIN SELECT RAISE(ABORT, 'audit entry does not follow the head'); END",
        "CREATE TRIGGER head_signature_no_update BEFORE UPDATE ON head_signature"
        " BEGIN SELECT RAISE(ABORT, 'signatures are append-only'); END",
        "CREATE TRIGGER head_signature_no_delete BEFORE DELETE ON head_signature"
        " BEGIN SELECT RAISE(ABORT, 'signatures are append-only'); END",
    ]
    return out


# PostgreSQL: the same rules as PL/pgSQL trigger functions.
PG_FUNCTIONS = [
    """CREATE OR REPLACE FUNCTION qjsc_frozen_child() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    link text := TG_ARGV[0];
    r jsonb;
    st text;
BEGIN
    FOREACH r IN ARRAY (CASE TG_OP WHEN 'INSERT' THEN ARRAY[to_jsonb(NEW)]
                                   WHEN 'DELETE' THEN ARRAY[to_jsonb(OLD)]
                                   ELSE ARRAY[to_jsonb(OLD), to_jsonb(NEW)] END) LOOP
        IF link = 'sheet_id' THEN
            SELECT a.status INTO st FROM score_sheet s JOIN acceptance a ON a.id = s.acceptance_id
             WHERE s.id = (r->>'sheet_id')::integer;
        ELSIF link = 'acceptance_uuid' THEN
            SELECT status INTO st FROM acceptance WHERE uuid = r->>'acceptance_uuid';
        ELSE
            SELECT status INTO st FROM acceptance WHERE id = (r->>'acceptance_id')::integer;
        END IF;
        IF st = 'finalised' THEN
            RAISE EXCEPTION 'acceptance is finalised';
        END IF;
    END LOOP;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END $$""",
    # The columns SQLite's trigger freezes, and only those: columns added later (the archive's
    # number, the bureau's summary copy) stay writable on both backends alike.
    """CREATE OR REPLACE FUNCTION qjsc_frozen_acceptance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status = 'finalised' THEN
        IF TG_OP = 'DELETE' OR ROW({new})
                               IS DISTINCT FROM ROW({old}) THEN
            RAISE EXCEPTION 'acceptance is finalised';
        END IF;
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END $$""".format(
        new=", ".join(f"NEW.{c}" for c in _ACCEPTANCE_COLUMNS), old=", ".join(f"OLD.{c}" for c in _ACCEPTANCE_COLUMNS)
    ),
    """CREATE OR REPLACE FUNCTION qjsc_audit_head_follows_log() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'audit head cannot be deleted';
    END IF;
    IF NEW.id IS DISTINCT FROM 1
       OR NEW.seq IS DISTINCT FROM (SELECT MAX(seq) FROM audit_log)
       OR NEW.hash IS DISTINCT FROM (SELECT hash FROM audit_log WHERE seq = NEW.seq) THEN
        RAISE EXCEPTION 'audit head must be the last log entry';
    END IF;
    RETURN NEW;
END $$""",
    """CREATE OR REPLACE FUNCTION qjsc_audit_log_chained() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.seq IS DISTINCT FROM COALESCE((SELECT seq FROM audit_head WHERE id = 1), 0) + 1
       OR NEW.prev_hash IS DISTINCT FROM COALESCE((SELECT hash FROM audit_head WHERE id = 1), repeat('0', 64)) THEN
        RAISE EXCEPTION 'audit entry does not follow the head';
    END IF;
    RETURN NEW;
END $$""",
    """CREATE OR REPLACE FUNCTION qjsc_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' is append-only';
END $$""",
]


def pg_triggers() -> list[str]:
    link = {
        "panel_member": "acceptance_id",
        "score_sheet": "acceptance_id",
        "veto_proposal": "acceptance_id",
        "score_entry": "sheet_id",
        "report_doc": "acceptance_uuid",
    }
    out = [
        f"CREATE TRIGGER {t}_frozen BEFORE INSERT OR UPDATE OR DELETE ON {t}"
        f" FOR EACH ROW EXECUTE FUNCTION qjsc_frozen_child('{k}')"
        for t, k in link.items()
    ]
    return [
        *out,
        "CREATE TRIGGER acceptance_frozen BEFORE UPDATE OR DELETE ON acceptance"
        " FOR EACH ROW EXECUTE FUNCTION qjsc_frozen_acceptance()",
        "CREATE TRIGGER audit_head_follows_log BEFORE INSERT OR UPDATE OR DELETE ON audit_head"
        " FOR EACH ROW EXECUTE FUNCTION qjsc_audit_head_follows_log()",
        "CREATE TRIGGER audit_log_chained BEFORE INSERT ON audit_log"
        " FOR EACH ROW EXECUTE FUNCTION qjsc_audit_log_chained()",
        "CREATE TRIGGER head_signature_append_only BEFORE UPDATE OR DELETE ON head_signature"
        " FOR EACH ROW EXECUTE FUNCTION qjsc_append_only()",
    ]


def upgrade() -> None:
    op.create_table(
        "head_signature",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("acceptance_uuid", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("head_hash", sa.String(length=64), nullable=False),
        sa.Column("result_sha256", sa.String(length=64), nullable=True),
        sa.Column("signer_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("certificate", sa.Text(), nullable=False),
        sa.Column("signature", sa.Text(), nullable=False),
        sa.Column("signed_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_head_signature")),
    )
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        for stmt in PG_FUNCTIONS + pg_triggers():
            op.execute(stmt)
    else:
        for stmt in sqlite_triggers():
            op.execute(stmt)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        for stmt in pg_triggers():
            name, table = stmt.split()[2], stmt.split(" ON ")[1].split()[0]
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        for fn in ("qjsc_frozen_child", "qjsc_frozen_acceptance", "qjsc_audit_head_follows_log"):
            op.execute(f"DROP FUNCTION IF EXISTS {fn}()")
        op.execute("DROP FUNCTION IF EXISTS qjsc_audit_log_chained()")
        op.execute("DROP FUNCTION IF EXISTS qjsc_append_only()")
    else:
        for stmt in sqlite_triggers():
            op.execute(f"DROP TRIGGER IF EXISTS {stmt.split()[2]}")
    op.drop_table("head_signature")
