"""Offline exchange commands: keys, panel CA, enrolment, invitations, sheet packages, Excel.

Passphrases come from ``--passphrase-file``, the ``QJSC_PASSPHRASE`` environment variable, or
a prompt when a terminal is attached — never from the command line itself (it would show in
the shell history and the process list).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from qjsc_panel.cli._shared import group
from qjsc_panel.errors import QjscError


def _pass_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--passphrase-file",
        type=Path,
        help="口令文件（第一行）/ file whose first line is the passphrase (or set QJSC_PASSPHRASE)",
    )


def register(sub: Any) -> None:
    key = group(sub, "key", "专家签名密钥 / the expert's signing key")
    p = key.add_parser("init", help="生成签名密钥 / make this laptop's signing key")
    p.add_argument("--name", required=True, help="专家姓名 / the expert's name")
    _pass_arg(p)
    p.set_defaults(handler=_key_init)
    p = key.add_parser("show", help="显示公钥与指纹 / show the public key and fingerprint")
    p.add_argument(
        "--out", type=Path, help="把公钥写入文件（交给组长登记）/ write the public key to a file for the chair"
    )
    p.set_defaults(handler=_key_show)

    pk = group(sub, "panel-key", "组长的专家组密钥 / the chair's panel key")
    p = pk.add_parser("init", help="生成专家组 CA 与加密密钥 / make the panel CA and sealing key")
    p.add_argument("acceptance")
    _pass_arg(p)
    p.set_defaults(handler=_panel_key_init)
    p = pk.add_parser("show", help="显示专家组 CA 指纹与登记情况 / CA fingerprint and enrolments")
    p.add_argument("acceptance")
    p.set_defaults(handler=_panel_key_show)

    p = sub.add_parser("enrol", help="组长登记专家公钥并颁发证书 / enrol an expert's public key")
    p.add_argument("acceptance")
    p.add_argument("member", help="成员编号或姓名 / member id or name")
    p.add_argument("public_key", type=Path, help="专家的公钥文件（key show --out）")
    _pass_arg(p)
    p.set_defaults(handler=_enrol)

    p = sub.add_parser("invite", help="组长为专家写邀请文件 / write an expert's invitation")
    p.add_argument("acceptance")
    p.add_argument("member")
    p.add_argument("--out", type=Path, required=True)
    _pass_arg(p)
    p.set_defaults(handler=_invite)

    p = sub.add_parser("join", help="专家导入邀请文件 / import an invitation on the expert's laptop")
    p.add_argument("invitation", type=Path)
    p.set_defaults(handler=_join)

    sh = group(sub, "sheet", "评分表 / score sheets")
    p = sh.add_parser("export", help="导出签名加密的评分包 / write the signed, encrypted package")
    p.add_argument("acceptance", help="本机验收编号 / the local acceptance")
    p.add_argument("--out", type=Path, default=Path("."), help="文件或文件夹 / file or folder")
    _pass_arg(p)
    p.set_defaults(handler=_export)
    p = sh.add_parser("import", help="组长导入评分包 / import packages (chair)")
    p.add_argument("files", type=Path, nargs="+")
    _pass_arg(p)
    p.set_defaults(handler=_import)
    p = sh.add_parser("verify", help="检查评分包而不导入 / check packages without importing")
    p.add_argument("files", type=Path, nargs="+")
    _pass_arg(p)
    p.set_defaults(handler=_verify)
    p = sh.add_parser("template", help="写出专家的 Excel 评分表 / write an expert's Excel sheet")
    p.add_argument("acceptance")
    p.add_argument("member")
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(handler=_template)
    p = sh.add_parser("import-xlsx", help="导入填好的 Excel 评分表（未签名）/ import a filled sheet")
    p.add_argument("file", type=Path)
    p.add_argument(
        "--reason", default="", help="更正原因（取代已有版本时）/ reason, when it supersedes an earlier sheet"
    )
    p.set_defaults(handler=_import_xlsx)


# --- passphrases ---------------------------------------------------------------------------


def passphrase(args: argparse.Namespace, *, confirm: bool = False, required: bool = True) -> str | None:
    path: Path | None = getattr(args, "passphrase_file", None)
    if path is not None:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise QjscError("exchange.unreadable", file=str(path), detail=str(exc)) from None
        text = lines[0] if lines else ""
        if not text:
            raise QjscError("exchange.passphrase_empty")
        return text
    env = os.environ.get("QJSC_PASSPHRASE")
    if env:
        return env
    if sys.stdin is not None and sys.stdin.isatty():
        import getpass

        first = getpass.getpass("口令 / passphrase: ")
        if confirm and getpass.getpass("再输入一次 / again: ") != first:
            raise QjscError("exchange.passphrase_mismatch")
        if not first:
            raise QjscError("exchange.passphrase_empty")
        return first
    if required:
        raise QjscError("exchange.passphrase_needed")
    return None


def _need(args: argparse.Namespace, **kw: Any) -> str:
    found = passphrase(args, **kw)
    assert found is not None
    return found


# --- handlers ------------------------------------------------------------------------------


def _key_init(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.exchange import init_key

    info = init_key(app.ctx, args.name, _need(args, confirm=True))
    app.emit(
        {"name": info.name, "fingerprint": info.short, "fingerprint_full": info.fingerprint, "file": str(info.path)},
        app.t("exchange.key_created", fingerprint=info.short),
    )
    return 0


def _key_show(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.exchange import find_key

    info = find_key(app.ctx)
    if args.out:
        args.out.write_text(info.public_pem, encoding="ascii")
    app.emit(
        {
            "name": info.name,
            "fingerprint": info.short,
            "fingerprint_full": info.fingerprint,
            "created": info.created,
            "public_key": info.public_pem,
        },
        f"{info.name}\n{info.short}\n{info.public_pem}",
    )
    return 0


def _panel_key_init(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.exchange import init_panel_key, short_fingerprint

    public = init_panel_key(app.ctx, args.acceptance, _need(args, confirm=True))
    short = short_fingerprint(public.ca_fingerprint)
    app.emit(
        {"acceptance": public.acceptance, "ca_fingerprint": short, "ca_fingerprint_full": public.ca_fingerprint},
        app.t("exchange.panel_key_created", fingerprint=short),
    )
    return 0


def _panel_key_show(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.acceptances import acceptance_uuid
    from qjsc_panel.services.exchange import enrolments, panel_public, short_fingerprint

    acc_uuid = acceptance_uuid(app.ctx, args.acceptance)
    public = panel_public(app.ctx, acc_uuid)
    rows = [
        {
            "member": e.member_id,
            "name": e.name,
            "fingerprint": short_fingerprint(e.fingerprint),
            "enrolled_at": e.enrolled_at,
        }
        for e in enrolments(app.ctx, acc_uuid)
    ]
    text = [f"CA {short_fingerprint(public.ca_fingerprint)}  ({public.chair})"]
    text += [f"  {r['member']:>3}  {r['name']}  {r['fingerprint']}" for r in rows]
    app.emit(
        {
            "acceptance": acc_uuid,
            "chair": public.chair,
            "ca_fingerprint": short_fingerprint(public.ca_fingerprint),
            "enrolled": rows,
        },
        "\n".join(text),
    )
    return 0


def _enrol(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.exchange import enrol, short_fingerprint

    try:
        pem = args.public_key.read_bytes()
    except OSError as exc:
        raise QjscError("exchange.unreadable", file=str(args.public_key), detail=exc.strerror or "") from None
    e = enrol(app.ctx, args.acceptance, args.member, pem, _need(args))
    short = short_fingerprint(e.fingerprint)
    app.emit(
        {"member": e.member_id, "name": e.name, "fingerprint": short, "fingerprint_full": e.fingerprint},
        app.t("exchange.enrolled", name=e.name, fingerprint=short),
    )
    return 0


def _invite(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.exchange import make_invitation

    out = make_invitation(app.ctx, args.acceptance, args.member, _need(args), args.out)
    app.emit({"file": str(out)}, app.t("exchange.invitation_written", file=out))
    return 0


def _join(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.exchange import join, short_fingerprint

    j = join(app.ctx, args.invitation)
    body = j.invitation.body
    ca = short_fingerprint(j.invitation.ca_fingerprint)
    if j.already:
        text = app.t("exchange.already_joined", acceptance=j.local_acceptance)
    else:
        text = app.t(
            "exchange.joined",
            enterprise=body["enterprise"]["name"],
            date=body["acceptance"]["visit_date"],
            acceptance=j.local_acceptance,
            ca=ca,
        )
    app.emit(
        {
            "acceptance": j.local_acceptance,
            "member": j.local_member,
            "panel": j.invitation.acceptance_uuid,
            "ca_fingerprint": ca,
            "already": j.already,
        },
        text,
    )
    return 0


def _export(args: argparse.Namespace, app: Any) -> int:
    from decimal import Decimal

    from qjsc_panel.services.exchange import export_package

    out, payload = export_package(app.ctx, args.acceptance, _need(args), args.out)
    total = sum((Decimal(v) for v in payload["scores"].values()), Decimal(0))
    app.emit(
        {"file": str(out), "version": payload["version"], "sheet": payload["sheet"], "total": str(total)},
        app.t("exchange.exported", file=out, version=payload["version"], total=total),
    )
    return 0


def _render_verdicts(app: Any, verdicts: list[Any]) -> list[str]:
    lines = []
    for v in verdicts:
        status = app.t(f"exchange.status.{v.status}")
        who = ""
        if v.header:
            from qjsc_panel.services.exchange import short_fingerprint

            who = f"  {v.header.get('expert')} [{short_fingerprint(v.header['signer'])}] v{v.header.get('version')}"
        lines.append(f"{v.file}: {status}{who}")
        if v.error is not None:
            lines.append(f"    {v.error.render(app.lang)}")
    return lines


def _import(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.exchange import import_packages

    verdicts = import_packages(app.ctx, list(args.files), _need(args))
    counts = {
        k: sum(1 for v in verdicts if v.status in ks)
        for k, ks in {
            "imported": ("imported", "superseded"),
            "duplicate": ("duplicate",),
            "refused": ("refused",),
        }.items()
    }
    summary = app.t("exchange.summary", total=len(verdicts), **counts)
    app.emit(
        {"files": [v.as_dict(app.lang) for v in verdicts], "summary": counts},
        "\n".join([*_render_verdicts(app, verdicts), summary]),
    )
    return 2 if counts["refused"] else 0


def _verify(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.exchange import verify_packages

    verdicts = verify_packages(app.ctx, list(args.files), passphrase(args, required=False))
    rows = [v.as_dict(app.lang) for v in verdicts]
    app.emit(rows[0] if len(rows) == 1 else rows, "\n".join(_render_verdicts(app, verdicts)))
    return 0 if all(v.ok for v in verdicts) else 2


def _template(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.exchange import write_template

    out = write_template(app.ctx, args.acceptance, args.member, args.out)
    app.emit({"file": str(out)}, app.t("exchange.xlsx_written", file=out))
    return 0


def _import_xlsx(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.exchange import import_xlsx

    r = import_xlsx(app.ctx, args.file, args.reason)
    app.emit(
        {
            "status": r.status,
            "sheet": r.sheet_uuid,
            "member": r.member_id,
            "name": r.name,
            "total": str(r.total),
            "signed": False,
        },
        app.t(f"exchange.status.{r.status}")
        if r.status == "duplicate"
        else app.t("exchange.xlsx_imported", name=r.name, total=r.total, sheet=r.sheet_uuid),
    )
    return 0
