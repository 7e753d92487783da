"""The secretary's commands: registry details, the year's plan, the archive and the 公示 list."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from qjsc_panel.cli._shared import group, iso_date


def register(sub: Any) -> None:
    ent = group(sub, "enterprise", "企业 / enterprises")
    p = ent.add_parser("set", help="行业代码、登记状态 / industry code, legal status")
    p.add_argument("enterprise", type=int)
    p.add_argument("--industry-code", help="GB/T 4754, e.g. C3982")
    p.add_argument("--legal-status", choices=["active", "revoked", "cancelled"])
    p.set_defaults(handler=_enterprise_set)
    p = ent.add_parser("history", help="历次验收 / the enterprise's acceptances")
    p.add_argument("enterprise", type=int)
    p.set_defaults(handler=_enterprise_history)

    con = group(sub, "consultancy", "咨询服务机构 / consulting firms")
    p = con.add_parser("record", help="第十条条件与第十一条名单 / Art. 10 conditions, Art. 11 list")
    p.add_argument("consultancy", type=int)
    p.add_argument("--condition", action="append", default=[], choices=["legal_person", "equipment", "staff"])
    p.add_argument("--listed-year", type=int)
    p.add_argument("--list-ref", default="")
    p.set_defaults(handler=_consultancy_record)
    p = con.add_parser("published", help="市工信局公布的名单 / the bureau's published list")
    p.add_argument("year", type=int)
    p.set_defaults(handler=_consultancy_published)

    pl = group(sub, "plan", "年度验收计划 / the year's plan")
    p = pl.add_parser("template", help="写出征集表模板 / write the 征集表 template")
    p.add_argument("file", type=Path)
    p.set_defaults(handler=_plan_template)
    p = pl.add_parser("import", help="导入征集表 / import a 征集表 (XLSX)")
    p.add_argument("file", type=Path)
    p.add_argument("--year", type=int, required=True)
    p.set_defaults(handler=_plan_import)
    p = pl.add_parser("add", help="加入计划 / add an enterprise to the plan")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--enterprise", type=int, required=True)
    p.add_argument("--consultancy", type=int)
    p.add_argument("--month", type=int)
    p.set_defaults(handler=_plan_add)
    p = pl.add_parser("list", help="计划与验收条件 / the plan with eligibility")
    p.add_argument("--year", type=int, required=True)
    p.set_defaults(handler=_plan_list)
    p = pl.add_parser("publish", help="验收计划名单 XLSX + PDF")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--out", type=Path, default=Path("."))
    p.set_defaults(handler=_plan_publish)

    man = group(sub, "mandatory-list", "强制性清洁生产审核名单 / mandatory-audit list")
    p = man.add_parser("import", help="导入名单 (XLSX)")
    p.add_argument("file", type=Path)
    p.add_argument("--year", type=int, required=True)
    p.set_defaults(handler=_mandatory_import)

    arc = group(sub, "archive", "验收档案 / the archive")
    p = arc.add_parser("list", help="列出、筛选、排序 / list, filter, sort")
    _query_args(p)
    p.set_defaults(handler=_archive_list)
    p = arc.add_parser("number", help="归档并编号 / archive and assign the bureau's number")
    p.add_argument("acceptance")
    p.set_defaults(handler=_archive_number)
    p = arc.add_parser("publicity", help="公示名单 XLSX + PDF")
    p.add_argument("--since", type=iso_date, required=True)
    p.add_argument("--until", type=iso_date, required=True)
    p.add_argument("--out", type=Path, default=Path("."))
    p.set_defaults(handler=_archive_publicity)
    p = arc.add_parser("receive-bundle", help="校验并归档专家组材料包 / verify and archive a panel's bundle")
    p.add_argument("file", type=Path)
    p.set_defaults(handler=_bundle_receive)
    p = arc.add_parser("bundles", help="已归档的材料包 / archived bundles")
    p.set_defaults(handler=_bundle_list)
    p = arc.add_parser("export-bundle", help="导出归档的材料包 / write an archived bundle out")
    p.add_argument("bundle", type=int)
    p.add_argument("out", type=Path)
    p.set_defaults(handler=_bundle_export)
    _register_backup(sub)


def _register_backup(sub: Any) -> None:
    bak = group(sub, "backup", "备份与恢复 / backup and restore")
    hint = "口令取自环境变量 QJSC_BACKUP_PASSPHRASE，否则提示输入 / passphrase from QJSC_BACKUP_PASSPHRASE or a prompt"
    p = bak.add_parser("create", help="写出加密备份 / write an encrypted backup", description=hint)
    p.add_argument("file", type=Path)
    p.set_defaults(handler=_backup_create)
    p = bak.add_parser("verify", help="检查备份 / check a backup", description=hint)
    p.add_argument("file", type=Path)
    p.set_defaults(handler=_backup_verify)
    p = bak.add_parser("restore", help="恢复到空目录 / restore into an empty directory", description=hint)
    p.add_argument("file", type=Path)
    p.add_argument("--into", type=Path, required=True, help="空的数据目录 / an empty data directory")
    p.set_defaults(handler=_backup_restore)


def _passphrase(confirm: bool = False) -> str:
    import getpass
    import os

    from qjsc_panel.errors import QjscError

    env = os.environ.get("QJSC_BACKUP_PASSPHRASE")
    if env:
        return env
    first = getpass.getpass("备份口令 / backup passphrase: ")
    if confirm and getpass.getpass("再次输入 / repeat: ") != first:
        raise QjscError("ui.passphrase_mismatch")
    return first


def _backup_create(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.backup import create_backup

    info = create_backup(app.ctx.home, app.ctx.db_path, args.file, _passphrase(True))
    app.emit({"file": str(info.path), "files": info.files, "bytes": info.bytes}, f"{info.path} ({info.files})")
    return 0


def _backup_verify(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.backup import verify_backup

    manifest = verify_backup(args.file, _passphrase())
    files = manifest["files"]
    app.emit({"ok": True, "created_at": manifest["created_at"], "files": len(files)}, "OK")  # type: ignore[arg-type]
    return 0


def _backup_restore(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.backup import restore_backup

    n = restore_backup(args.file, _passphrase(), args.into)
    app.emit({"restored": n, "into": str(args.into)}, f"{args.into} ({n})")
    return 0


def _query_args(p: argparse.ArgumentParser) -> None:
    from qjsc_panel.services.archive_keys import SORT_KEYS

    p.add_argument("--search", default="", help="企业名称、信用代码或验收编号 / name, credit code or number")
    p.add_argument("--status", default="", choices=["", "open", "finalised", "archived"])
    p.add_argument("--district", default="")
    p.add_argument("--industry", default="", help="GB/T 4754 code prefix")
    p.add_argument("--result", default="", choices=["", "pass", "fail"])
    p.add_argument("--since", type=iso_date)
    p.add_argument("--until", type=iso_date)
    p.add_argument("--overdue", action="store_true", help="最终材料逾期 (第二十一条) / final materials overdue")
    p.add_argument("--sort", default="visit_date", choices=SORT_KEYS)
    p.add_argument("--asc", action="store_true", help="ascending (default: newest first)")
    p.add_argument("--limit", type=int, default=200)
    p.add_argument("--offset", type=int, default=0)


def archive_query(args: argparse.Namespace) -> Any:
    from qjsc_panel.services.archive import ArchiveQuery

    return ArchiveQuery(
        text=args.search,
        status=args.status,
        district=args.district,
        industry=args.industry,
        result=args.result,
        since=args.since,
        until=args.until,
        overdue_only=args.overdue,
        sort=args.sort,
        descending=not args.asc,
    )


def list_archive(args: argparse.Namespace, app: Any) -> int:
    """``archive list`` and ``acceptance list``: one page, with the 第二十一条 deadline."""
    from qjsc_panel.services.archive import archive_page

    today = date.today()
    rows = archive_page(app.ctx, archive_query(args), args.offset, args.limit)
    data: list[dict[str, Any]] = [
        {
            "uuid": r.uuid,
            "acceptance_no": r.acceptance_no,
            "enterprise": r.enterprise,
            "credit_code": r.credit_code,
            "district": r.district,
            "industry_code": r.industry_code,
            "visit_date": r.visit_date.isoformat(),
            "status": r.status,
            "result": r.result,
            "grade": r.grade,
            "deadline": r.deadline.isoformat(),
            "final_materials": r.final_materials_at.isoformat() if r.final_materials_at else None,
            "overdue": r.overdue(today),
            "bureau_decision": r.bureau_decision,
        }
        for r in rows
    ]
    late = app.t("secretary.overdue")
    text = "\n".join(
        f"{d['uuid'][:8]}  {d['visit_date']}  {d['status']:<9}  {d['result'] or '-':<4}  "
        f"{app.t('secretary.deadline_short')} {d['deadline']}{' ' + late if d['overdue'] else ''}  "
        f"{d['district']}  {d['enterprise']}"
        for d in data
    )
    app.emit(data, text)
    return 0


def _archive_list(args: argparse.Namespace, app: Any) -> int:
    return list_archive(args, app)


def _archive_number(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.archive import archive

    number = archive(app.ctx, args.acceptance)
    app.emit({"acceptance_no": number}, number)
    return 0


def _archive_publicity(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.archive import export_publicity

    xlsx, pdf = export_publicity(app.ctx, args.since, args.until, args.out, app.lang)
    app.emit({"xlsx": str(xlsx), "pdf": str(pdf)}, f"{xlsx}\n{pdf}")
    return 0


def _enterprise_set(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.firms import set_enterprise_details

    set_enterprise_details(app.ctx, args.enterprise, industry_code_=args.industry_code, legal_status=args.legal_status)
    app.emit({"ok": True}, "OK")
    return 0


def _enterprise_history(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.firms import enterprise_history

    rows = [asdict(r) for r in enterprise_history(app.ctx, args.enterprise)]
    app.emit(rows, "\n".join(f"{r['visit_date']}  {r['status']}  {r['result'] or '-'}  {r['uuid']}" for r in rows))
    return 0


def _consultancy_record(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.firms import set_consultancy_record

    set_consultancy_record(app.ctx, args.consultancy, args.condition, args.listed_year, args.list_ref)
    app.emit({"ok": True}, "OK")
    return 0


def _consultancy_published(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.firms import published_list

    rows = published_list(app.ctx, args.year)
    app.emit(rows, "\n".join(f"{r['id']}\t{r['name']}\t{r['credit_code'] or ''}\t{r['list_ref']}" for r in rows))
    return 0


def _plan_template(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.plan import write_plan_template

    app.emit({"file": str(write_plan_template(args.file))}, str(args.file))
    return 0


def _plan_import(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.plan import import_plan

    n = import_plan(app.ctx, args.file, args.year)
    app.emit({"imported": n}, app.t("secretary.imported", count=n))
    return 0


def _plan_add(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.plan import add_plan_entry

    pid = add_plan_entry(app.ctx, args.year, args.enterprise, args.consultancy, args.month)
    app.emit({"id": pid}, str(pid))
    return 0


def _plan_list(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.plan import list_plan

    rows = list_plan(app.ctx, args.year)
    data = [
        {
            "enterprise_id": r.enterprise_id,
            "enterprise": r.enterprise,
            "credit_code": r.credit_code,
            "district": r.district,
            "month": r.planned_month,
            "eligible": r.eligible,
            "reasons": r.reasons_text(app.lang),
            "first_application": r.first_application,
            "acceptance": r.acceptance,
            "prelim": r.prelim,
            "prelim_by": r.prelim_by,
            "penalty_clean": r.penalty_clean,
            "penalty_by": r.penalty_by,
        }
        for r in rows
    ]
    ok, no = app.t("secretary.eligible"), app.t("secretary.ineligible")
    app.emit(
        data,
        "\n".join(
            f"{d['enterprise_id']}\t{d['enterprise']}\t{d['district']}\t{ok if d['eligible'] else no}\t{d['reasons']}"
            for d in data
        ),
    )
    return 0


def _plan_publish(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.plan import publish_plan

    xlsx, pdf = publish_plan(app.ctx, args.year, args.out)
    app.emit({"xlsx": str(xlsx), "pdf": str(pdf)}, f"{xlsx}\n{pdf}")
    return 0


def _mandatory_import(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.plan import import_mandatory

    listed, unknown = import_mandatory(app.ctx, args.file, args.year)
    app.emit(
        {"listed": listed, "not_registered": unknown},
        app.t("secretary.mandatory_imported", listed=listed, unknown=len(unknown)),
    )
    return 0


def _bundle_receive(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.bundles import receive_bundle

    bid = receive_bundle(app.ctx, args.file)
    app.emit({"bundle": bid}, str(bid))
    return 0


def _bundle_list(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.bundles import list_bundles

    rows = [asdict(r) for r in list_bundles(app.ctx)]
    app.emit(rows, "\n".join(f"{r['id']}\t{r['acceptance']}\t{r['sha256'][:16]}\t{r['filename']}" for r in rows))
    return 0


def _bundle_export(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.bundles import export_bundle

    out = export_bundle(app.ctx, args.bundle, args.out)
    app.emit({"file": str(out)}, str(out))
    return 0
