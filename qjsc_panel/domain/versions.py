"""The version chain of one expert's sheet (the one rule for corrections, imports and replays).

A correction is a new version that names the one it supersedes, with a reason; both are kept.
A sheet arriving from elsewhere (a signed package, an Excel file) must be the very next
version of the chain — or the very sheet already recorded, which changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from qjsc_panel.errors import RuleViolation


@dataclass(frozen=True)
class Recorded:
    """A submitted version as the chain sees it."""

    uuid: str
    version: int
    scores: Mapping[str, Decimal]
    comments: Mapping[str, str]


def place_version(
    submitted: Sequence[Recorded],
    sheet_uuid: str,
    version: int,
    supersedes: str | None,
    reason: str,
    scores: Mapping[str, Decimal],
    comments: Mapping[str, str],
) -> bool:
    """Where an incoming version goes among the expert's ``submitted`` ones (oldest first).

    True: it is the latest sheet already recorded (a duplicate, nothing to do); False: it is
    the next version.  Otherwise refused: a uuid reused for other content, a superseded or
    older version (a replay), a gap or a fork in the chain, a correction without a reason.
    """
    latest = submitted[-1] if submitted else None
    for old in submitted:
        if old.uuid != sheet_uuid:
            continue
        if old.version != version or dict(old.scores) != dict(scores) or dict(old.comments) != dict(comments):
            raise RuleViolation("sheet.uuid_reused", sheet=sheet_uuid)
        if latest is not None and old is not latest:
            raise RuleViolation("sheet.superseded_version", version=version, current=latest.version)
        return True
    if latest is not None and version <= latest.version:
        raise RuleViolation("sheet.stale_version", version=version, current=latest.version)
    expected = latest.version + 1 if latest else 1
    if version != expected or supersedes != (latest.uuid if latest else None):
        raise RuleViolation("sheet.chain_broken", version=version, expected=expected)
    if supersedes is not None and not reason.strip():
        raise RuleViolation("sheet.reason_required")
    return False
