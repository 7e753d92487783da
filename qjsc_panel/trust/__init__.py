"""Integrity after the fact: frozen results, the audit log replayed against the tables, pinned
forms, data at rest.  Each module is small and pure where it can be, for the CLI, the app and
the bundle verifier alike."""
