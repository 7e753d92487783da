"""The audit log's hash chain rule, shared by the store (which writes the log) and the bureau
bundle (which re-checks an exported copy without a database).

``hash = sha256(prev_hash + canonical_json(seq, at, actor, action, acceptance, payload))``.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

GENESIS = "0" * 64


def canonical(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def entry_hash(
    prev_hash: str, seq: int, at: str, actor: str, action: str, acceptance_uuid: str | None, payload: str
) -> str:
    body = canonical([seq, at, actor, action, acceptance_uuid, payload])
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()
