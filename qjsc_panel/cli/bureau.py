"""The bureau's trust root on the command line: the secretary's ``bureau`` commands, and the
chair's ``panel-key request`` / ``panel-key certify`` that carry the appointment."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from qjsc_panel.cli._shared import group
from qjsc_panel.errors import QjscError


def _pass_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--passphrase-file", type=Path, help="口令文件（第一行）/ passphrase file (or QJSC_PASSPHRASE)")


def register(sub: Any) -> None:
    b = group(sub, "bureau", "市局根证书（秘书）/ the bureau's trust root (secretary)")
    p = b.add_parser("init", help="生成市局根证书 / make the bureau's root CA")
    p.add_argument("--name", default=None, help="根证书名称 / the root's name")
    _pass_arg(p)
    p.set_defaults(handler=_init)
    p = b.add_parser("show", help="显示根证书指纹与已认证的专家组 / root fingerprint and certified panels")
    p.set_defaults(handler=_show)
    p = b.add_parser("appoint", help="认证专家组 CA 并签发名单 / certify a panel CA and sign the roster")
    p.add_argument("acceptance")
    p.add_argument("request", type=Path, help="组长的认证申请（panel-key request）/ the chair's request")
    p.add_argument("--out", type=Path, required=True, help="任命文件 / the appointment file")
    _pass_arg(p)
    p.set_defaults(handler=_appoint)
    p = b.add_parser("revoke", help="吊销专家组 CA / revoke a panel CA")
    p.add_argument("ref", help="序列号或验收编号 / serial or acceptance uuid")
    p.add_argument("--reason", default="key_compromise")
    p.add_argument("--since", help="自何时起无效（ISO 日期时间）/ invalid since (ISO date-time)")
    p.add_argument("--out", type=Path, help="同时写出吊销列表 / also write the CRL here")
    _pass_arg(p)
    p.set_defaults(handler=_revoke)
    p = b.add_parser("crl", help="重新签发吊销列表 / re-issue the revocation list")
    p.add_argument("--out", type=Path, required=True)
    _pass_arg(p)
    p.set_defaults(handler=_crl)
    p = b.add_parser("export-root", help="导出根证书（及吊销列表）/ export the root (and the CRL)")
    p.add_argument("--out", type=Path, required=True, help="根证书 PEM / the root certificate")
    p.add_argument("--crl-out", type=Path, help="吊销列表 PEM / the CRL")
    p.set_defaults(handler=_export_root)
    p = b.add_parser("install-root", help="在本机安装市局根证书作为信任锚 / trust this bureau root here")
    p.add_argument("root", type=Path)
    p.add_argument("--crl", type=Path)
    p.set_defaults(handler=_install_root)

    pk = group(sub, "panel-key", "组长的专家组密钥 / the chair's panel key")
    p = pk.add_parser("request", help="写出请市局认证专家组 CA 的申请 / ask the bureau to certify the panel CA")
    p.add_argument("acceptance")
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(handler=_request)
    p = pk.add_parser("certify", help="安装市局的任命文件 / install the bureau's appointment")
    p.add_argument("acceptance")
    p.add_argument("appointment", type=Path)
    p.set_defaults(handler=_certify)


def _need(args: argparse.Namespace, confirm: bool = False) -> str:
    from qjsc_panel.cli.exchange import passphrase

    found = passphrase(args, confirm=confirm)
    assert found is not None
    return found


def _write(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as exc:
        raise QjscError("exchange.unreadable", file=str(path), detail=exc.strerror or str(exc)) from None


def _init(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services import bureau

    info = bureau.init(app.ctx, _need(args, confirm=True), *([args.name] if args.name else []))
    app.emit(
        {"fingerprint": info.short, "fingerprint_full": info.fingerprint, "subject": info.subject},
        app.t("exchange.bureau_created", fingerprint=info.short),
    )
    return 0


def _show(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services import bureau

    info = bureau.show(app.ctx)
    issued = bureau.issued(app.ctx)
    lines = [f"{info.subject}  {info.short}  → {info.not_after}"]
    for r in issued:
        state = f"  吊销/revoked {r['revoked']['revoked_at']}" if r["revoked"] else ""
        lines.append(f"  {r['serial']}  {r['acceptance'][:8]}  {r['enterprise']}  {r['chair']}{state}")
    app.emit(
        {"fingerprint": info.short, "fingerprint_full": info.fingerprint, "subject": info.subject, "issued": issued},
        "\n".join(lines),
    )
    return 0


def _appoint(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.exchange.bureau import REQUEST_KIND, read_json_file
    from qjsc_panel.services import bureau

    request = read_json_file(args.request, REQUEST_KIND, "exchange.bureau_bad_request")
    doc = bureau.appoint(app.ctx, args.acceptance, request, _need(args))
    _write(args.out, json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"))
    roster = doc["roster"]
    app.emit(
        {"file": str(args.out), "serial": roster["panel_ca"]["serial"], "roster": roster},
        app.t(
            "exchange.bureau_appointed",
            serial=roster["panel_ca"]["serial"],
            chair=roster["chair"]["name"],
            experts=len(roster["experts"]),
            file=args.out,
        ),
    )
    return 0


def _revoke(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services import bureau

    entry = bureau.revoke(app.ctx, args.ref, _need(args), args.reason, args.since)
    if args.out:
        _write(args.out, bureau.export_root(app.ctx)[1] or b"")
    app.emit(entry, app.t("exchange.bureau_revoked_done", serial=entry["serial"], acceptance=entry["acceptance"]))
    return 0


def _crl(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services import bureau

    _write(args.out, bureau.crl(app.ctx, _need(args)))
    app.emit({"file": str(args.out)}, app.t("exchange.bureau_crl_written", file=args.out))
    return 0


def _export_root(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services import bureau

    root, crl = bureau.export_root(app.ctx)
    _write(args.out, root)
    if args.crl_out and crl:
        _write(args.crl_out, crl)
    info = bureau.show(app.ctx)
    app.emit(
        {"file": str(args.out), "crl": str(args.crl_out) if args.crl_out and crl else None, "fingerprint": info.short},
        app.t("exchange.bureau_root_written", file=args.out, fingerprint=info.short),
    )
    return 0


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise QjscError("exchange.unreadable", file=str(path), detail=exc.strerror or "") from None


def _install_root(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.exchange import crypto
    from qjsc_panel.exchange.bureau import key_fingerprint
    from qjsc_panel.services import bureau

    root = bureau.install_root(app.ctx, _read(args.root), _read(args.crl) if args.crl else None)
    short = crypto.short_fingerprint(key_fingerprint(root))
    app.emit({"fingerprint": short}, app.t("exchange.bureau_root_installed", fingerprint=short))
    return 0


def _request(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services import bureau

    doc = bureau.certification_request(app.ctx, args.acceptance)
    _write(args.out, json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"))
    app.emit({"file": str(args.out)}, app.t("exchange.bureau_request_written", file=args.out))
    return 0


def _certify(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.exchange import crypto
    from qjsc_panel.exchange.bureau import APPOINTMENT_KIND, read_json_file
    from qjsc_panel.services import bureau

    doc = read_json_file(args.appointment, APPOINTMENT_KIND, "exchange.bureau_bad_appointment")
    roster = bureau.install_appointment(app.ctx, args.acceptance, doc)
    short = crypto.short_fingerprint(roster["bureau"]["fingerprint"])
    app.emit(
        {"acceptance": roster["acceptance"]["uuid"], "bureau_fingerprint": short},
        app.t("exchange.bureau_certified", fingerprint=short),
    )
    return 0
