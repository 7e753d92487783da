"""Registries: enterprises, consulting firms, experts, the mandatory-audit list, forms."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path
from typing import Any

from qjsc_panel.cli._shared import group, iso_date


def register(sub: Any) -> None:
    ent = group(sub, "enterprise", "企业 / enterprises")
    p = ent.add_parser("add", help="登记企业 / register an enterprise")
    p.add_argument("--name", required=True)
    p.add_argument("--credit-code", required=True, help="统一社会信用代码")
    p.add_argument("--district", required=True, help="所在区, e.g. 宝安区")
    p.add_argument("--legal-form", default="legal_person", choices=["legal_person", "independent_unit", "other"])
    p.add_argument("--established", required=True, type=iso_date)
    p.add_argument("--address", default="")
    p.add_argument("--industry", default="")
    p.add_argument("--products", default="")
    p.add_argument("--outside-shenzhen", action="store_true")
    p.add_argument("--non-industrial", action="store_true")
    p.set_defaults(handler=_enterprise_add)
    p = ent.add_parser("list", help="列出企业 / list enterprises")
    p.set_defaults(handler=_enterprise_list)

    con = group(sub, "consultancy", "咨询服务机构 / consulting firms")
    p = con.add_parser("add")
    p.add_argument("--name", required=True)
    p.add_argument("--credit-code")
    p.set_defaults(handler=_consultancy_add)
    p = con.add_parser("list")
    p.set_defaults(handler=_consultancy_list)

    exp = group(sub, "expert", "专家库 / the expert pool")
    p = exp.add_parser("add")
    p.add_argument("--name", required=True)
    p.add_argument("--title-level", required=True, choices=["senior", "intermediate", "other"])
    p.add_argument("--years", required=True, type=int)
    p.add_argument("--title", default="", help="职称, e.g. 高级工程师")
    p.add_argument("--employer", default="")
    p.add_argument("--speciality", default="")
    p.add_argument("--phone", default="")
    p.set_defaults(handler=_expert_add)
    p = exp.add_parser("list")
    p.set_defaults(handler=_expert_list)

    man = group(sub, "mandatory-list", "强制性清洁生产审核名单 / mandatory-audit list")
    p = man.add_parser("add")
    p.add_argument("--enterprise", required=True, type=int)
    p.add_argument("--year", required=True, type=int)
    p.set_defaults(handler=_mandatory_add)

    form = group(sub, "form", "评分表 / scoring forms")
    p = form.add_parser("validate", help="检查评分表文件 / check a form file")
    p.add_argument("file", type=Path)
    p.set_defaults(handler=_form_validate)
    p = form.add_parser("show", help="显示评分表 / show a form")
    p.add_argument("file", type=Path, nargs="?")
    p.set_defaults(handler=_form_show)


def _enterprise_add(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.registry import add_enterprise

    eid = add_enterprise(
        app.ctx,
        args.name,
        args.credit_code,
        args.district,
        args.legal_form,
        args.established,
        address=args.address,
        industry=args.industry,
        products=args.products,
        in_shenzhen=not args.outside_shenzhen,
        industrial=not args.non_industrial,
    )
    app.emit({"id": eid}, str(eid))
    return 0


def _enterprise_list(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.registry import list_enterprises

    rows = list_enterprises(app.ctx)
    app.emit(rows, "\n".join(f"{r['id']}\t{r['name']}\t{r['credit_code']}\t{r['district']}" for r in rows))
    return 0


def _consultancy_add(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.registry import add_consultancy

    cid = add_consultancy(app.ctx, args.name, args.credit_code)
    app.emit({"id": cid}, str(cid))
    return 0


def _consultancy_list(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.registry import list_consultancies

    rows = list_consultancies(app.ctx)
    app.emit(rows, "\n".join(f"{r['id']}\t{r['name']}" for r in rows))
    return 0


def _expert_add(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.registry import add_expert

    xid = add_expert(
        app.ctx,
        args.name,
        args.title_level,
        args.years,
        employer=args.employer,
        title=args.title,
        speciality=args.speciality,
        phone=args.phone,
    )
    app.emit({"id": xid}, str(xid))
    return 0


def _expert_list(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.registry import list_experts

    rows = [asdict(r) for r in list_experts(app.ctx)]
    mark = {True: app.t("word.qualified"), False: app.t("word.unqualified")}
    app.emit(
        rows,
        "\n".join(
            f"{r['id']}\t{r['name']}\t{r['title'] or r['title_level']}\t{r['years']}\t{mark[r['qualified']]}"
            for r in rows
        ),
    )
    return 0


def _mandatory_add(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.registry import add_mandatory_listing

    add_mandatory_listing(app.ctx, args.enterprise, args.year)
    app.emit({"enterprise": args.enterprise, "year": args.year}, "OK")
    return 0


def _form_validate(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.domain.form import load_form
    from qjsc_panel.trust.forms import standing

    form = load_form(args.file)  # a FormError lists every problem, rendered by main()
    found = standing(form)
    text = app.t(
        "form.valid",
        title=form.title.get(app.lang),
        id=form.id,
        version=form.version,
        items=len(form.items),
        total=form.total,
        hash=form.content_hash[:16],
    )
    text += "\n" + app.t(f"trust.form_{found}", id=form.id, version=form.version)
    app.emit(
        {
            "valid": found != "modified",
            "standing": found,
            "official": found == "official",
            "id": form.id,
            "version": form.version,
            "items": len(form.items),
            "total": str(form.total),
            "hash": form.content_hash,
        },
        text,
    )
    # An official id and version with other content is an edited copy: not a usable form.
    return 2 if found == "modified" else 0


def _form_show(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.domain.form import load_form
    from qjsc_panel.paths import default_form_path

    form = load_form(args.file or default_form_path())
    if app.json:
        app.emit(form.model_dump(mode="json", by_alias=True))
        return 0
    lines = [f"{form.title.get(app.lang)}  {form.id} {form.version}  ({form.total})"]
    for v in form.veto_items:
        lines.append(f"  [{v.id}] {v.text.get(app.lang)}")
    for c in form.categories:
        lines.append(f"{c.id} {c.title.get(app.lang)} ({c.points})")
        for i in c.items:
            lines.append(f"  {i.id}  {i.text.get(app.lang)}  [0–{i.max_points}, {i.step}]")
    print("\n".join(lines))
    return 0
