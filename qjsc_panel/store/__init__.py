"""Persistence: SQLAlchemy models on SQLite, Alembic migrations, the hash-chained audit log."""
