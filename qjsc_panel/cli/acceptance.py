"""An acceptance from opening to result: records, panel, scores, vetoes, status, finalise."""

from __future__ import annotations

import argparse
from typing import Any

from qjsc_panel.cli._shared import decimal, group, iso_date


def register(sub: Any) -> None:
    acc = group(sub, "acceptance", "验收 / acceptances")
    p = acc.add_parser("create", help="新建验收 / open an acceptance")
    p.add_argument("--enterprise", required=True, type=int)
    p.add_argument("--date", required=True, type=iso_date, help="现场验收日期 YYYY-MM-DD")
    p.add_argument("--consultancy", type=int)
    p.add_argument("--form", help="评分表文件 (default: forms/default-2025.json)")
    p.add_argument("--method", default="mean", choices=["mean", "trimmed"])
    p.add_argument("--outlier-share", type=decimal, default="0.20")
    p.add_argument("--place", default="")
    p.set_defaults(handler=_create)
    p = acc.add_parser("prelim-review", help="初审结果 (第二十条一)")
    p.add_argument("acceptance")
    p.add_argument("--failed", action="store_true")
    p.add_argument("--note", default="")
    p.set_defaults(handler=_prelim)
    p = acc.add_parser("penalty-check", help="近一年环境行政处罚核查 (第二十条二)")
    p.add_argument("acceptance")
    p.add_argument("--penalised", action="store_true")
    p.add_argument("--note", default="")
    p.set_defaults(handler=_penalty)
    p = acc.add_parser("decision", help="市工信局审定 (第二十条四)")
    p.add_argument("acceptance")
    p.add_argument("--decision", required=True, choices=["approved", "rejected"])
    p.add_argument("--date", required=True, type=iso_date)
    p.add_argument("--note", default="")
    p.set_defaults(handler=_decision)
    p = acc.add_parser("final-materials", help="最终材料报送 (第二十一条)")
    p.add_argument("acceptance")
    p.add_argument("--date", required=True, type=iso_date)
    p.set_defaults(handler=_final_materials)
    p = acc.add_parser("list")
    p.set_defaults(handler=_list)

    pan = group(sub, "panel", "专家组 / the panel")
    p = pan.add_parser("add", help="加入成员 / add a member")
    p.add_argument("acceptance")
    p.add_argument("--expert", type=int, help="专家库编号 / expert id")
    p.add_argument("--chair", action="store_true")
    p.add_argument("--role", default="expert", choices=["expert", "bureau", "district"])
    p.add_argument("--name", help="非评分人员姓名 / staff member's name")
    p.add_argument("--employer", default="")
    p.add_argument("--title", default="")
    p.set_defaults(handler=_panel_add)
    p = pan.add_parser("declare", help="利益冲突与保密声明 / declaration")
    p.add_argument("acceptance")
    p.add_argument("member", help="成员编号或姓名 / member id or name")
    p.add_argument(
        "--conflict",
        action="append",
        default=[],
        choices=[
            "employed_by_enterprise",
            "consulted_for_enterprise",
            "employed_by_consultancy",
            "consulted_for_consultancy",
            "kinship",
            "financial_interest",
            "other",
        ],
    )
    p.add_argument("--note", default="")
    p.add_argument("--no-confidentiality", action="store_true")
    p.set_defaults(handler=_declare)
    p = pan.add_parser("recuse", help="回避 / recuse")
    p.add_argument("acceptance")
    p.add_argument("member")
    p.add_argument("--reason", required=True)
    p.set_defaults(handler=_recuse)

    sc = group(sub, "score", "评分 / scores")
    p = sc.add_parser("set", help="录入一项分数 / enter one score")
    p.add_argument("acceptance")
    p.add_argument("member")
    p.add_argument("item")
    p.add_argument("value")
    p.add_argument("--comment")
    p.set_defaults(handler=_score_set)
    p = sc.add_parser("show", help="显示本人评分表 / show a member's sheet")
    p.add_argument("acceptance")
    p.add_argument("member")
    p.set_defaults(handler=_score_show)

    sh = group(sub, "sheet", "评分表 / score sheets")
    p = sh.add_parser("submit", help="提交评分表 / submit")
    p.add_argument("acceptance")
    p.add_argument("member")
    p.set_defaults(handler=_submit)
    p = sh.add_parser("correct", help="更正（新版本）/ start a correction")
    p.add_argument("acceptance")
    p.add_argument("member")
    p.add_argument("--reason", required=True)
    p.set_defaults(handler=_correct)
    p = sh.add_parser("exclude", help="剔除评分表（组长）/ exclude a sheet (chair)")
    p.add_argument("sheet")
    p.add_argument("--reason", required=True)
    p.set_defaults(handler=_exclude)
    p = sh.add_parser("confirm-paper", help="核对纸质签字件（组长）/ confirm against paper (chair)")
    p.add_argument("sheet")
    p.set_defaults(handler=_confirm_paper)

    ve = group(sub, "veto", "一票否决 / veto findings")
    p = ve.add_parser("propose")
    p.add_argument("acceptance")
    p.add_argument("member")
    p.add_argument("item", help="否决项编号, e.g. V1")
    p.add_argument("--evidence", required=True)
    p.set_defaults(handler=_veto_propose)
    p = ve.add_parser("decide", help="组长确认或驳回 / the chair confirms or dismisses")
    p.add_argument("proposal", type=int)
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--confirm", action="store_true")
    how.add_argument("--dismiss", action="store_true")
    p.add_argument("--reason", required=True)
    p.set_defaults(handler=_veto_decide)
    p = ve.add_parser("list")
    p.add_argument("acceptance")
    p.set_defaults(handler=_veto_list)

    ou = group(sub, "outlier", "异常评分 / outliers")
    p = ou.add_parser("justify", help="组长说明理由 / the chair records a justification")
    p.add_argument("acceptance")
    p.add_argument("member")
    p.add_argument("--note", required=True)
    p.set_defaults(handler=_outlier_justify)

    p = sub.add_parser("status", help="验收进度 / where the panel stands")
    p.add_argument("acceptance")
    p.set_defaults(handler=_status)
    p = sub.add_parser("finalise", help="定稿（组长）/ finalise (chair)")
    p.add_argument("acceptance")
    p.set_defaults(handler=_finalise)
    p = sub.add_parser("result", help="验收结果 / the result")
    p.add_argument("acceptance")
    p.set_defaults(handler=_result)
    p = sub.add_parser("verify-log", help="校验审计日志 / check the audit log's hash chain")
    p.set_defaults(handler=_verify_log)
    p = sub.add_parser("log", help="审计日志 / show the audit log")
    p.add_argument("--acceptance")
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(handler=_log)


def _create(args: argparse.Namespace, app: Any) -> int:
    from pathlib import Path

    from qjsc_panel.services.acceptances import create_acceptance

    uuid = create_acceptance(
        app.ctx,
        args.enterprise,
        args.date,
        consultancy_id=args.consultancy,
        form_path=Path(args.form) if args.form else None,
        method=args.method,
        outlier_share=args.outlier_share,
        place=args.place,
    )
    app.emit({"acceptance": uuid}, uuid)
    return 0


def _prelim(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.acceptances import record_prelim

    record_prelim(app.ctx, args.acceptance, not args.failed, args.note)
    return _ok(app)


def _penalty(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.acceptances import record_penalty_check

    record_penalty_check(app.ctx, args.acceptance, not args.penalised, args.note)
    return _ok(app)


def _decision(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.acceptances import record_bureau_decision

    record_bureau_decision(app.ctx, args.acceptance, args.decision, args.date, args.note)
    return _ok(app)


def _final_materials(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.acceptances import record_final_materials

    on_time = record_final_materials(app.ctx, args.acceptance, args.date)
    app.emit({"on_time": on_time}, app.t("word.on_time" if on_time else "word.late"))
    return 0


def _list(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.acceptances import list_acceptances

    rows = list_acceptances(app.ctx)
    app.emit(rows, "\n".join(f"{r['uuid']}  {r['visit_date']}  {r['status']}  {r['enterprise']}" for r in rows))
    return 0


def _ok(app: Any) -> int:
    app.emit({"ok": True}, "OK")
    return 0


def _member(app: Any, args: argparse.Namespace) -> int:
    from qjsc_panel.services.panel import resolve_member

    return resolve_member(app.ctx, args.acceptance, args.member)


def _panel_add(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.panel import add_member

    mid = add_member(
        app.ctx,
        args.acceptance,
        expert_id=args.expert,
        role=args.role,
        is_chair=args.chair,
        name=args.name,
        employer=args.employer,
        title=args.title,
    )
    app.emit({"member": mid}, str(mid))
    return 0


def _declare(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.panel import declare

    recused = declare(
        app.ctx, _member(app, args), args.conflict, args.note, confidentiality=not args.no_confidentiality
    )
    app.emit({"recused": recused}, app.t("word.recused" if recused else "word.declared"))
    return 0


def _recuse(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.panel import recuse

    recuse(app.ctx, _member(app, args), args.reason)
    return _ok(app)


def _score_set(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.scoring import set_comment, set_score

    member = _member(app, args)
    score = set_score(app.ctx, member, args.item, args.value)
    if args.comment is not None:
        set_comment(app.ctx, member, args.item, args.comment)
    app.emit({"item": args.item, "score": score}, f"{args.item} = {score}")
    return 0


def _score_show(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.acceptances import load_acceptance_form
    from qjsc_panel.services.scoring import sheet_view

    view = sheet_view(app.ctx, _member(app, args))
    form = load_acceptance_form(app.ctx, args.acceptance)
    if view is None:
        app.emit(None, "-")
        return 0
    data = {
        "sheet": view.uuid,
        "version": view.version,
        "status": view.status,
        "scores": {k: str(v) for k, v in view.scores.items()},
        "comments": view.comments,
        "total": str(view.total),
    }
    lines = [f"{view.uuid} v{view.version} {view.status}"]
    for item in form.items:
        lines.append(
            f"  {item.id}\t{view.scores.get(item.id, '-')}/{item.max_points}\t{view.comments.get(item.id, '')}"
        )
    lines.append(f"  Σ {view.total}")
    app.emit(data, "\n".join(lines))
    return 0


def _submit(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.scoring import submit

    uuid = submit(app.ctx, _member(app, args))
    app.emit({"sheet": uuid}, uuid)
    return 0


def _correct(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.scoring import correct

    uuid = correct(app.ctx, _member(app, args), args.reason)
    app.emit({"sheet": uuid}, uuid)
    return 0


def _exclude(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.scoring import exclude_sheet

    exclude_sheet(app.ctx, args.sheet, args.reason)
    return _ok(app)


def _confirm_paper(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.scoring import confirm_paper

    confirm_paper(app.ctx, args.sheet)
    return _ok(app)


def _veto_propose(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.vetoes import propose_veto

    pid = propose_veto(app.ctx, _member(app, args), args.item, args.evidence)
    app.emit({"proposal": pid}, str(pid))
    return 0


def _veto_decide(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.vetoes import decide_veto

    decide_veto(app.ctx, args.proposal, args.confirm, args.reason)
    return _ok(app)


def _veto_list(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.vetoes import list_vetoes

    rows = list_vetoes(app.ctx, args.acceptance)
    app.emit(
        rows,
        "\n".join(
            f"{r['id']}\t{r['item']}\t{r['status']}\t{r['proposer']}\t{r['evidence']}\t{r['reason']}" for r in rows
        ),
    )
    return 0


def _outlier_justify(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.review import justify_outlier

    justify_outlier(app.ctx, args.acceptance, args.member, args.note)
    return _ok(app)


def _status(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.cli._status_text import status_data, status_text
    from qjsc_panel.services.status import panel_status

    st = panel_status(app.ctx, args.acceptance)
    app.emit(status_data(st, app.lang), status_text(st, app.lang))
    return 0


def _finalise(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.review import finalise

    record = finalise(app.ctx, args.acceptance)
    app.emit(record, app.t("finalise.done", composite=record["composite"], conclusion=record["conclusion"]))
    return 0


def _result(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.review import result

    record = result(app.ctx, args.acceptance)
    app.emit(record, record["conclusion"] or "\n".join(record["blockers"]))
    return 0


def _verify_log(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.errors import QjscError
    from qjsc_panel.services.auditlog import verify_log

    count, problems = verify_log(app.ctx)
    if problems:
        data = {
            "ok": False,
            "entries": count,
            "problems": [{"code": p.code, "seq": p.seq, "text": p.render(app.lang)} for p in problems],
        }
        if app.json:
            app.emit(data)
        else:
            import sys

            print(QjscError("log.broken", count=len(problems)).render(app.lang), file=sys.stderr)
            for p in problems:
                print(f"  - {p.render(app.lang)}", file=sys.stderr)
        return 3
    app.emit({"ok": True, "entries": count}, app.t("log.ok", count=count))
    return 0


def _log(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.auditlog import entries

    rows = entries(app.ctx, args.acceptance, args.limit)
    app.emit(
        rows, "\n".join(f"{r['seq']:>5} {r['at'][:19]} {r['actor']:<8} {r['action']:<22} {r['payload']}" for r in rows)
    )
    return 0
