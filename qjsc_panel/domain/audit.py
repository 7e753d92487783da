"""The audit log's hash chain rule, shared by the store (which writes the log) and the bureau
bundle (which re-checks an exported copy without a database).

``hash = sha256(prev_hash + canonical_json(seq, at, actor, action, acceptance, payload))``.
"""

from __future__ import annotations

import hashlib
import json
import json.encoder
from typing import Any

GENESIS = "0" * 64


def canonical(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


_quote = json.encoder.encode_basestring


def entry_hash(
    prev_hash: str, seq: int, at: str, actor: str, action: str, acceptance_uuid: str | None, payload: str
) -> str:
    if type(seq) is int and all(type(x) is str for x in (at, actor, action, payload)):
        # The same text as canonical([...]) for these types, without building an encoder per
        # entry: verify-log walks millions of entries and this is most of its time.
        acc = "null" if acceptance_uuid is None else _quote(acceptance_uuid)
        body = f"[{seq},{_quote(at)},{_quote(actor)},{_quote(action)},{acc},{_quote(payload)}]"
    else:
        body = canonical([seq, at, actor, action, acceptance_uuid, payload])
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()
