"""Qualification, declarations and quorum (第二十条三)."""

from __future__ import annotations

import pytest

from qjsc_panel.domain.panel import Conflict, Declaration, MemberState, Role, TitleLevel, is_qualified, quorum


@pytest.mark.parametrize(
    "level, years, ok",
    [
        (TitleLevel.SENIOR, 0, True),
        (TitleLevel.INTERMEDIATE, 10, True),
        (TitleLevel.INTERMEDIATE, 9, False),
        (TitleLevel.OTHER, 30, False),
        ("senior", 3, True),
    ],
)
def test_qualification(level: TitleLevel | str, years: int, ok: bool) -> None:
    assert is_qualified(level, years) is ok


def test_declared_conflict_requires_recusal() -> None:
    assert Declaration(frozenset({Conflict.KINSHIP})).requires_recusal
    assert not Declaration(frozenset()).requires_recusal


def _m(key: str, **kw: object) -> MemberState:
    base: dict[str, object] = dict(role=Role.EXPERT, qualified=True, recused=False, submitted=True)
    base.update(kw)
    return MemberState(key, **base)  # type: ignore[arg-type]


def test_quorum_counts_only_submitted_sheets_of_qualified_unrecused_experts() -> None:
    members = [
        _m("a"),
        _m("b"),
        _m("c", recused=True),
        _m("d", qualified=False),
        _m("e", role=Role.BUREAU),
        _m("f", submitted=False),
        _m("g", excluded=True),
    ]
    q = quorum(members)
    assert (q.counted, q.needed, q.reached) == (2, 3, False)
    assert quorum([*members, _m("h")]).reached
    assert quorum([_m("a")], needed=1).needed == 3  # never fewer than three
