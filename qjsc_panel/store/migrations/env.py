"""Alembic environment: runs on the connection handed over by :mod:`qjsc_panel.store.migrate`."""

from __future__ import annotations

from alembic import context

from qjsc_panel.store.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only for `alembic` run by hand
    from sqlalchemy import create_engine

    connection = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://").connect()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode rebuilds tables
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
