"""The signature over a chair's audit entry: it verifies, and any change to the entry shows."""

from __future__ import annotations

import json
from pathlib import Path

from qjsc_panel.services import review
from qjsc_panel.services.authority import entry_message, entry_signed_by, sign_message, verify_message
from qjsc_panel.store.models import AuditEntry
from tests.factories import chair_key, fill, make_panel, new_db


def test_sign_and_verify_are_pure_and_bind_the_message() -> None:
    key = chair_key("组长")
    msg = entry_message("0" * 64, "组长", "acceptance.finalise", "u", {"composite": "82.0"})
    sig = sign_message(key.private, msg)
    assert verify_message(key.public_pem, msg, sig)
    assert not verify_message(key.public_pem, msg.replace(b"82.0", b"92.0"), sig)
    assert not verify_message(chair_key("x").public_pem, msg, sig)
    assert not verify_message(key.public_pem, msg, "not base64!")


def test_finalise_entry_carries_the_chairs_fingerprint_and_signature(tmp_path: Path) -> None:
    p = make_panel(new_db(tmp_path), 3)
    for name in p.members:
        fill(p, name)
    review.finalise(p.chair_ctx, p.acc)
    assert p.chair_key is not None
    with p.ctx.db.session() as s:
        entry = s.query(AuditEntry).filter(AuditEntry.action == "acceptance.finalise").one()
        assert json.loads(entry.payload)["key"]["fingerprint"] == p.chair_key.fingerprint
        assert entry_signed_by(entry, p.chair_key.public_pem)
        # Another chain position (or any edited field) breaks the signature.
        s.expunge(entry)
        entry.prev_hash = "f" * 64
        assert not entry_signed_by(entry, p.chair_key.public_pem)
    # Entries by people without a key in the session are not signed.
    with p.ctx.db.session() as s:
        declare = s.query(AuditEntry).filter(AuditEntry.action == "panel.declare").first()
        assert declare is not None and "key" not in json.loads(declare.payload)
