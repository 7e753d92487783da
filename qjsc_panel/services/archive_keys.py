"""The archive's sort keys and statuses, apart from :mod:`services.archive` so the CLI can build
its options without importing the ORM (``--help`` stays light)."""

from __future__ import annotations

SORT_KEYS = ("visit_date", "enterprise", "district", "status", "result", "deadline", "acceptance_no")
STATUSES = ("open", "finalised", "archived")
