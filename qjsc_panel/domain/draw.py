"""Drawing a panel at random, reproducibly.

The algorithm, so anyone can repeat a draw from its record: take the ids of the eligible experts
in ascending order and call ``random.Random(seed).sample(ids, n + reserves)`` with the recorded
seed (a text string; CPython seeds from its SHA-512, the same on every platform and version since
3.2).  The first ``n`` are drawn, the rest are reserves in order.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Sequence


def new_seed() -> str:
    return secrets.token_hex(8)


def draw_order(eligible_ids: Sequence[int], seed: str, count: int) -> list[int]:
    pool = sorted(eligible_ids)
    if count > len(pool):
        raise ValueError(f"pool of {len(pool)} cannot give {count}")
    return random.Random(seed).sample(pool, count)


def industry_matches(expert_codes: str, wanted: str) -> bool:
    """An expert's GB/T 4754 codes cover ``wanted`` when one is a prefix of the other (C39 ~ C3982)."""
    wanted = wanted.strip().upper()
    if not wanted:
        return True
    codes = [c.strip().upper() for c in expert_codes.replace("，", ",").split(",") if c.strip()]
    return any(c.startswith(wanted) or wanted.startswith(c) for c in codes)
