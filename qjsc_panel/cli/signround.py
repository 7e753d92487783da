"""The opinion's signature round on the command line (the app's 签署 tab and the expert's
签署验收意见 screen do the same through :mod:`qjsc_panel.services.signround`)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    from qjsc_panel.cli._chair import pass_arg
    from qjsc_panel.cli._shared import group

    grp = group(sub, "sign-round", "验收意见签署轮次 / the opinion's signature round")
    p = grp.add_parser("export", help="组长：导出组长已签署的待签文件 / chair: write the copy for signature")
    p.add_argument("acceptance")
    p.add_argument("--out", type=Path, required=True, help="文件夹（如 U 盘）/ folder (a USB stick)")
    pass_arg(p)
    p.set_defaults(handler=_export)
    p = grp.add_parser("show", help="专家：查看要签署的内容 / expert: what is being signed")
    p.add_argument("file", type=Path)
    p.set_defaults(handler=_show)
    p = grp.add_parser("sign", help="专家：签署并写回 / expert: sign and write back")
    p.add_argument("file", type=Path)
    p.add_argument("--out", type=Path, help="默认写回原文件 / default: the same file")
    p.add_argument("--passphrase-file", type=Path)
    p.set_defaults(handler=_sign)
    p = grp.add_parser("gather", help="组长：收回签署件 / chair: gather signed copies")
    p.add_argument("acceptance")
    p.add_argument("files", type=Path, nargs="+", help="PDF 文件或文件夹 / PDF files or folders")
    p.set_defaults(handler=_gather)
    p = grp.add_parser("status", help="签署情况 / who signed, who is missing")
    p.add_argument("acceptance")
    p.set_defaults(handler=_status)
    p = grp.add_parser("final", help="组长：写出最终 PDF 和工作簿 / chair: final PDF and workbook")
    p.add_argument("acceptance")
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(handler=_final)
    p = grp.add_parser("bundle", help="组长：生成报送包 / chair: the bureau bundle")
    p.add_argument("acceptance")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--packages", type=Path, nargs="*", default=[], help="评分包文件或文件夹 / packages")
    pass_arg(p)
    p.set_defaults(handler=_bundle)


def _export(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.cli._chair import unlock_for
    from qjsc_panel.services import signround

    unlock_for(app, args, args.acceptance)
    path = signround.export_for_signature(app.ctx, args.acceptance, args.out)
    app.emit({"written": str(path)}, app.t("signround.exported", path=path))
    return 0


def _show(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services import signround

    o = signround.open_copy(app.ctx, args.file)
    diffs = [{"item": d.item, "received": str(d.received), "local": str(d.local)} for d in o.differences]
    lines = [
        f"{o.round.enterprise} {o.round.number}",
        f"{o.round.composite} {o.round.result} {o.round.grade}",
        f"{o.me.name} ({o.me.field}): v{o.received_version} / v{o.local_version}",
        *(f"  {d['item']}: {d['received']} ≠ {d['local']}" for d in diffs),
    ]
    app.emit(
        {
            "acceptance": o.round.acceptance,
            "composite": o.round.composite,
            "result": o.round.result,
            "grade": o.round.grade,
            "me": o.me.name,
            "signed": o.signed,
            "missing": o.missing,
            "already_signed": o.already_signed,
            "differences": diffs,
        },
        "\n".join(lines),
    )
    return 0


def _sign(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.cli.exchange import passphrase
    from qjsc_panel.services import signround

    path = signround.sign_copy(app.ctx, args.file, passphrase(args) or "", args.out)
    app.emit({"signed": str(path)}, app.t("signround.signed", path=path))
    return 0


def _state_text(app: Any, st: Any) -> str:
    sep = "、" if app.lang != "en" else ", "
    return str(
        app.t(
            "signround.state",
            signed=sep.join(st.signed) or "—",
            missing=sep.join(st.missing) or "—",
            resign=sep.join(st.resign) or "—",
        )
    )


def _state_data(st: Any) -> dict[str, Any]:
    return {"signed": st.signed, "missing": st.missing, "resign": st.resign, "complete": st.complete}


def _gather(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services import signround

    verdicts, st = signround.gather(app.ctx, args.acceptance, args.files)
    lines = [f"{v.path.name}: {v.status} {v.message}".rstrip() for v in verdicts]
    data = {
        "files": [{"file": str(v.path), "status": v.status, "code": v.code} for v in verdicts],
        **_state_data(st),
    }
    app.emit(data, "\n".join([*lines, _state_text(app, st)]))
    return 0 if all(v.status != "refused" for v in verdicts) else 2


def _status(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services import signround

    st = signround.round_state(app.ctx, args.acceptance)
    app.emit(_state_data(st), _state_text(app, st))
    return 0


def _final(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services import signround

    pdf, wb = signround.export_outputs(app.ctx, args.acceptance, args.out)
    app.emit({"pdf": str(pdf), "workbook": str(wb)}, app.t("reports.written", path=f"{pdf}, {wb}"))
    return 0


def _bundle(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.cli.exchange import passphrase
    from qjsc_panel.services import signround

    path = signround.write_bundle(
        app.ctx, args.acceptance, args.out, args.packages, passphrase(args, required=False) or ""
    )
    app.emit({"written": str(path)}, app.t("reports.written", path=path))
    return 0
