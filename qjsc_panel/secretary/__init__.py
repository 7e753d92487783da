"""The secretary's work: registries, plan, draw, archive, backup (messages live here)."""
