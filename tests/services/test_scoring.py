"""Score entry and sheets: who may score, immediate persistence, immutability, corrections."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from qjsc_panel.errors import QjscError
from qjsc_panel.services import panel, registry, scoring
from tests.factories import Panel, RawSql, dump, fill, make_panel, open_db


@pytest.fixture
def p(db_url: Path | str, tmp_path: Path) -> Panel:
    return make_panel(open_db(db_url, tmp_path), 4)


def refused(p: Panel, code: str, fn: Callable[..., object], *args: object, **kw: object) -> QjscError:
    """Call ``fn``; it must refuse with ``code`` and leave the database exactly as it was."""
    before = dump(p.ctx.db)
    with pytest.raises(QjscError) as err:
        fn(*args, **kw)
    assert err.value.code == code, err.value.render("en")
    assert dump(p.ctx.db) == before
    return err.value


def test_each_edit_is_committed_at_once(p: Panel) -> None:
    member = p.members["专家2"]
    panel.declare(p.as_("专家2"), member, [])
    scoring.set_score(p.as_("专家2"), member, "1.1", "2.5")
    # A second connection (another process, or the app after a power cut) sees it.
    con = RawSql(p.ctx.db)
    assert con.execute("SELECT item_id, score FROM score_entry").fetchall() == [("1.1", 2.5)]
    scoring.set_score(p.as_("专家2"), member, "1.1", "3")
    assert con.execute("SELECT score FROM score_entry").fetchone() == (3,)
    scoring.set_score(p.as_("专家2"), member, "1.1", None)
    assert con.execute("SELECT score FROM score_entry").fetchone() == (None,)
    con.close()


def test_bad_scores_are_refused_and_change_nothing(p: Panel) -> None:
    member = p.members["专家2"]
    panel.declare(p.as_("专家2"), member, [])
    scoring.set_score(p.as_("专家2"), member, "1.1", "2")
    ctx = p.as_("专家2")
    refused(p, "score.out_of_range", scoring.set_score, ctx, member, "1.1", "3.5")
    refused(p, "score.off_step", scoring.set_score, ctx, member, "1.1", "1.3")
    refused(p, "score.not_a_number", scoring.set_score, ctx, member, "1.1", "二")
    refused(p, "score.unknown_item", scoring.set_score, ctx, member, "9.9", "1")
    assert scoring.sheet_view(ctx, member).scores == {"1.1": Decimal("2.0")}  # type: ignore[union-attr]


def test_who_may_score(p: Panel, tmp_path: Path) -> None:
    ctx = p.ctx
    refused(p, "panel.not_declared", scoring.set_score, ctx, p.members["专家2"], "1.1", "1")
    # 中级职称 with 9 years is not qualified; with 10 years it is.
    junior = registry.add_expert(ctx, "年轻专家", "intermediate", 9)
    refused(p, "panel.unqualified_seat", panel.add_member, ctx, p.acc, expert_id=junior)
    # Seated while the pool said 10 years; corrected to 9 later: the sheet is still refused.
    registry.update_expert(ctx, junior, years=10)
    m = panel.add_member(ctx, p.acc, expert_id=junior)
    registry.update_expert(ctx, junior, years=9)
    panel.declare(ctx, m, [])
    refused(p, "panel.unqualified", scoring.set_score, ctx, m, "1.1", "1")
    staff = panel.add_member(ctx, p.acc, role="bureau", name="局方人员")
    refused(p, "panel.not_expert", scoring.set_score, ctx, staff, "1.1", "1")


def test_declaring_a_conflict_recuses(p: Panel) -> None:
    member = p.members["专家3"]
    assert panel.declare(p.as_("专家3"), member, ["employed_by_consultancy"], "曾任技术负责人")
    err = refused(p, "panel.recused", scoring.set_score, p.as_("专家3"), member, "1.1", "1")
    assert "曾任技术负责人" in err.render("zh")
    refused(p, "panel.no_confidentiality", panel.declare, p.as_("专家4"), p.members["专家4"], [], confidentiality=False)
    refused(p, "panel.reason_required", panel.declare, p.as_("专家4"), p.members["专家4"], ["other"])
    refused(p, "panel.reason_required", panel.recuse, p.ctx, p.members["专家4"], " ")


def test_submitted_sheet_is_immutable_and_a_correction_keeps_both(p: Panel) -> None:
    member = p.members["专家2"]
    ctx = p.as_("专家2")
    panel.declare(ctx, member, [])
    scoring.set_score(ctx, member, "1.1", "1")
    err = refused(p, "sheet.incomplete", scoring.submit, ctx, member)
    assert "1.2" in err.render("zh")
    fill(p, "专家2", declare=False)
    first = scoring.sheet_view(ctx, member)
    assert first is not None and first.status == "submitted"
    refused(p, "sheet.submitted", scoring.set_score, ctx, member, "1.1", "0.5")
    refused(p, "sheet.reason_required", scoring.correct, ctx, member, "")
    # The database itself refuses, even to a program that bypasses ours.
    con = RawSql(p.ctx.db)
    with pytest.raises(con.errors, match="submitted"):
        con.execute("UPDATE score_entry SET score = 0 WHERE item_id = '1.1'")
    con.close()

    scoring.correct(ctx, member, "第 1.1 项误录")
    refused(p, "sheet.draft_exists", scoring.correct, ctx, member, "again")
    scoring.set_score(ctx, member, "1.1", "0.5")
    scoring.submit(ctx, member)
    second = scoring.sheet_view(ctx, member)
    assert second is not None
    assert (second.version, second.supersedes, second.reason) == (2, first.uuid, "第 1.1 项误录")
    assert second.scores["1.1"] == Decimal("0.5") and first.scores["1.1"] != Decimal("0.5")
    con = RawSql(p.ctx.db)
    assert con.execute("SELECT version, status FROM score_sheet ORDER BY version").fetchall() == [
        (1, "submitted"),
        (2, "submitted"),
    ]
    con.close()


def _package_args(p: Panel, scores: dict[str, Decimal], **kw: object) -> dict[str, Any]:
    args: dict[str, Any] = dict(
        sheet_uuid="11111111-1111-4111-8111-111111111111",
        version=1,
        supersedes_uuid=None,
        reason="",
        scores=scores,
        comments={"1.1": "好"},
        form_hash=p.form.content_hash,
        source="package",
        signed=True,
        signer_fingerprint="ABCD",
        package_sha256="00",
    )
    args.update(kw)
    return args


def test_import_sheet_checks_before_writing(p: Panel) -> None:
    member = p.members["专家2"]
    panel.declare(p.as_("专家2"), member, [])
    scores = {i.id: i.max_points for i in p.form.items}
    ctx = p.chair_ctx
    assert scoring.import_sheet(ctx, member, **_package_args(p, scores)) == "imported"
    assert scoring.import_sheet(ctx, member, **_package_args(p, scores)) == "duplicate"
    refused(
        p,
        "acceptance.form_mismatch",
        scoring.import_sheet,
        ctx,
        member,
        **_package_args(p, scores, form_hash="f" * 64, sheet_uuid="2" * 8),
    )
    refused(p, "sheet.stale_version", scoring.import_sheet, ctx, member, **_package_args(p, scores, sheet_uuid="3" * 8))
    refused(
        p,
        "sheet.chain_broken",
        scoring.import_sheet,
        ctx,
        member,
        **_package_args(p, scores, sheet_uuid="4" * 8, version=2, supersedes_uuid="nope", reason="x"),
    )
    refused(
        p,
        "sheet.reason_required",
        scoring.import_sheet,
        ctx,
        member,
        **_package_args(
            p, scores, sheet_uuid="5" * 8, version=2, supersedes_uuid="11111111-1111-4111-8111-111111111111"
        ),
    )
    lower = {**scores, "1.1": Decimal("2.5")}
    assert (
        scoring.import_sheet(
            ctx,
            member,
            **_package_args(
                p,
                lower,
                sheet_uuid="6" * 8,
                version=2,
                supersedes_uuid="11111111-1111-4111-8111-111111111111",
                reason="复核后调整",
            ),
        )
        == "superseded"
    )
    view = scoring.sheet_view(ctx, member)
    assert view is not None and view.version == 2 and view.scores["1.1"] == Decimal("2.5")
    bad = {**scores, "1.1": Decimal("7")}
    refused(
        p,
        "score.out_of_range",
        scoring.import_sheet,
        ctx,
        member,
        **_package_args(p, bad, sheet_uuid="7" * 8, version=3, supersedes_uuid="6" * 8, reason="x"),
    )


def test_import_is_all_or_nothing(p: Panel) -> None:
    member = p.members["专家3"]  # not declared on the chair's laptop yet
    scores = {i.id: i.max_points for i in p.form.items}
    ctx = p.chair_ctx
    refused(
        p,
        "veto.unknown_item",
        scoring.import_sheet,
        ctx,
        member,
        **_package_args(p, scores, declaration_note="无利益冲突", vetoes=[("V1", "x"), ("V9", "y")]),
    )
    assert (
        scoring.import_sheet(
            ctx,
            member,
            **_package_args(p, scores, declaration_note="无利益冲突", vetoes=[("V4", "疑似溢流"), ("V4", "疑似溢流")]),
        )
        == "imported"
    )
    con = RawSql(p.ctx.db)
    assert con.execute("SELECT veto_item_id, evidence FROM veto_proposal").fetchall() == [("V4", "疑似溢流")]
    assert con.execute("SELECT declared_at IS NOT NULL FROM panel_member WHERE id = ?", (member,)).fetchone() == (1,)
    con.close()


def test_an_imported_sheet_replaces_a_local_draft_of_the_same_version(p: Panel) -> None:
    member = p.members["专家2"]
    panel.declare(p.as_("专家2"), member, [])
    scoring.set_score(p.as_("专家2"), member, "1.1", "0.5")  # typed on the chair's laptop, never submitted
    scores = {i.id: i.max_points for i in p.form.items}
    assert scoring.import_sheet(p.chair_ctx, member, **_package_args(p, scores)) == "imported"
    view = scoring.sheet_view(p.ctx, member)
    assert view is not None and (view.version, view.status, view.signed) == (1, "submitted", True)
    assert view.scores["1.1"] == Decimal(3)
