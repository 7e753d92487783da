"""The chair's outputs: dashboard, performance table, opinion, PDF and signatures, workbook,
bureau bundle."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from qjsc_panel.errors import QjscError


def register(sub: Any) -> None:
    from qjsc_panel.cli._shared import group

    p = sub.add_parser("dashboard", help="组长工作台 / the chair's dashboard")
    p.add_argument("acceptance")
    p.set_defaults(handler=_dashboard)

    perf = group(sub, "performance", "绩效表 / performance table")
    p = perf.add_parser("template", help="生成供企业填写的 XLSX 模板 / write the XLSX template")
    p.add_argument("out", type=Path)
    p.add_argument("--acceptance", help="预填已录入的数据 / prefill from this acceptance")
    p.set_defaults(handler=_perf_template)
    p = perf.add_parser("import", help="导入企业填写的模板 / import a filled template")
    p.add_argument("acceptance")
    p.add_argument("file", type=Path)
    p.set_defaults(handler=_perf_import)
    p = perf.add_parser("set", help="从 JSON 文件录入 / set from a JSON file")
    p.add_argument("acceptance")
    p.add_argument("file", type=Path)
    p.set_defaults(handler=_perf_set)
    p = perf.add_parser("show")
    p.add_argument("acceptance")
    p.set_defaults(handler=_perf_show)

    op = group(sub, "opinion", "验收意见 / the opinion")
    p = op.add_parser("show", help="显示验收意见全文 / show the opinion")
    p.add_argument("acceptance")
    p.set_defaults(handler=_opinion_show)
    p = op.add_parser("edit", help="修改一个段落 / edit a section")
    p.add_argument("acceptance")
    p.add_argument("--section", required=True, help="overview|process|measures|performance|level|issues")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--text")
    src.add_argument("--file", type=Path)
    src.add_argument("--reset", action="store_true", help="恢复自动生成的文字 / back to the draft")
    p.set_defaults(handler=_opinion_edit)
    p = op.add_parser("checklist", help="定稿清单 / what stands between the chair and finalising")
    p.add_argument("acceptance")
    p.set_defaults(handler=_opinion_checklist)

    p = sub.add_parser("pdf", help="生成验收意见 PDF（含空白签名栏）/ write the opinion PDF")
    p.add_argument("acceptance")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--chair-only", action="store_true", help="仅组长签名栏 / a box for the chair only")
    p.set_defaults(handler=_pdf)

    p = sub.add_parser("sign-pdf", help="用本机密钥签署 PDF / sign the PDF with this laptop's key")
    p.add_argument("file", type=Path)
    p.add_argument("--field", help="签名栏（默认：本人的栏）/ signature field (default: the next empty one)")
    p.add_argument("--key", help="密钥指纹前缀 / key fingerprint prefix")
    p.add_argument("--acceptance")
    p.add_argument("--out", type=Path, help="默认覆盖原文件 / default: replace the file")
    p.add_argument("--passphrase-file", type=Path)
    p.set_defaults(handler=_sign_pdf)

    p = sub.add_parser("verify-pdf", help="校验 PDF 签名 / check a PDF's signatures")
    p.add_argument("file", type=Path)
    p.add_argument(
        "--ca", "--root", dest="root", type=Path, help="市局根证书 PEM（默认：本机安装的）/ the bureau root PEM"
    )
    p.set_defaults(handler=_verify_pdf)

    p = sub.add_parser("workbook", help="生成 Excel 工作簿 / write the Excel workbook")
    p.add_argument("acceptance")
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(handler=_workbook)

    bun = group(sub, "bundle", "报送包 / the bureau bundle")
    p = bun.add_parser("make", help="生成报送包 / make the bundle")
    p.add_argument("acceptance")
    p.add_argument("--pdf", type=Path, required=True, help="已签署的验收意见 PDF / the signed PDF")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--packages", type=Path, nargs="*", default=[], help="已导入的评分包 / packages")
    p.add_argument("--ca", type=Path, help="专家组 CA 证书 PEM（未经市局认证时）/ panel CA, if not certified")
    p.add_argument("--key", help="组长的密钥指纹前缀 / the chair's key fingerprint prefix")
    p.add_argument("--passphrase-file", type=Path, help="组长密钥与专家组密钥的口令 / the chair's passphrase")
    p.add_argument(
        "--panel-passphrase-file", type=Path, help="专家组密钥的口令（若不同）/ panel key passphrase, if different"
    )
    p.set_defaults(handler=_bundle_make)
    p = bun.add_parser("verify", help="校验报送包 / verify a bundle")
    p.add_argument("file", type=Path)
    p.add_argument("--root", type=Path, help="市局根证书 PEM（默认：本机安装的）/ the bureau root PEM")
    p.add_argument("--crl", type=Path, help="市局吊销列表 PEM / the bureau's revocation list")
    p.set_defaults(handler=_bundle_verify)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise QjscError("reports.pdf_unreadable", detail=f"{path}: {exc.strerror or exc}") from None


def _dashboard(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.reports.dashboard import as_text, build
    from qjsc_panel.services.opinion import compilation

    d = build(compilation(app.ctx, args.acceptance))
    app.emit(d.as_dict(), as_text(d))
    return 0


def _perf_template(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.reports.performance import write_template
    from qjsc_panel.services.opinion import get_performance

    table = get_performance(app.ctx, args.acceptance) if args.acceptance else None
    write_template(args.out, table)
    app.emit({"written": str(args.out)}, app.t("reports.written", path=args.out))
    return 0


def _perf_import(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.reports.performance import import_template
    from qjsc_panel.services.opinion import set_performance

    table = import_template(args.file)
    set_performance(app.ctx, args.acceptance, table, source=f"xlsx:{args.file.name}")
    app.emit(table.model_dump(mode="json"), app.t("reports.perf_saved"))
    return 0


def _perf_set(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.reports.performance import parse_table
    from qjsc_panel.services.opinion import set_performance

    try:
        data = json.loads(_read(args.file))
    except ValueError as exc:
        raise QjscError("reports.perf_invalid", where=str(args.file), detail=str(exc)) from None
    table = parse_table(data)
    set_performance(app.ctx, args.acceptance, table, source="json")
    app.emit(table.model_dump(mode="json"), app.t("reports.perf_saved"))
    return 0


def _perf_show(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.opinion import get_performance

    table = get_performance(app.ctx, args.acceptance)
    if table is None:
        raise QjscError("reports.perf_missing")
    data = table.model_dump(mode="json")
    app.emit(data, json.dumps(data, ensure_ascii=False, indent=2))
    return 0


def _opinion_show(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.reports.opinion import CONCLUSION_TITLE, conclusion, opening, sections
    from qjsc_panel.services.outputs import load_sources

    src = load_sources(app.ctx, args.acceptance)
    secs = sections(src.comp, src.perf, src.text)
    data = {
        "title": f"{src.comp.enterprise_name}自愿性清洁生产审核验收意见",
        "opening": opening(src.comp, src.text),
        "sections": [{"key": k, "title": t, "text": b, "edited": k in src.text.sections} for k, t, b in secs],
        "conclusion": conclusion(src.comp),
        "document_hash": src.document_hash,
    }
    text: list[str] = [str(data["title"]), "", str(data["opening"])]
    for k, t, b in secs:
        text += [f"{t}{'' if k in src.text.sections else '（自动生成）'}", b]
    text += [CONCLUSION_TITLE, str(data["conclusion"])]
    app.emit(data, "\n".join(text))
    return 0


def _opinion_edit(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.services.opinion import edit_opinion

    if args.reset:
        body = ""
    elif args.file is not None:
        body = _read(args.file).decode("utf-8", "replace")
    else:
        body = args.text
    edit_opinion(app.ctx, args.acceptance, {args.section: body})
    app.emit({"saved": args.section}, app.t("reports.opinion_saved"))
    return 0


def _opinion_checklist(args: argparse.Namespace, app: Any) -> int:
    """The app's finalise checklist: ✗ blocks finalising, ! is recommended, ✓ is met."""
    from qjsc_panel.services.opinion_draft import checklist

    items = checklist(app.ctx, args.acceptance)
    lang = app.lang
    marks = {"blocker": "✗", "todo": "!", "ok": "✓", "done": "✓"}
    data = [{"key": i.key, "state": i.state, "tab": i.tab, "text": i.text.render(lang)} for i in items]
    app.emit(data, "\n".join(f"{marks[i.state]} {i.text.render(lang)}" for i in items))
    return 1 if any(i.state == "blocker" for i in items) else 0


def _pdf(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.reports.outputs import render
    from qjsc_panel.services.outputs import load_sources

    src = load_sources(app.ctx, args.acceptance)
    rendered = render(src, include_experts=not args.chair_only)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(rendered.data)
    app.emit(
        {
            "written": str(args.out),
            "document_hash": rendered.document_hash,
            "pages": rendered.pages,
            "fields": [b.field for b in rendered.boxes],
        },
        app.t("reports.written", path=args.out),
    )
    return 0


def _sign_pdf(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.cli.exchange import passphrase
    from qjsc_panel.reports.signing import Identity, empty_fields, sign_pdf
    from qjsc_panel.services.exchange import find_key, pyhanko_signer

    data = _read(args.file)
    info = find_key(app.ctx, args.key)
    signer = pyhanko_signer(app.ctx, args.key, passphrase(args) or "", args.acceptance)
    empty = empty_fields(data)
    field = args.field or (empty[0] if empty else "")
    if not field:
        raise QjscError("reports.field_signed", field="*")
    if field != "sig-chair" and "sig-chair" in empty:
        raise QjscError("reports.chair_first")
    if field == "sig-chair":  # the chair's signature: only with the chair's registered key
        from qjsc_panel.services.authority import require_chair_signer

        require_chair_signer(app.ctx, args.acceptance, info.fingerprint)
    role = "专家组组长" if field == "sig-chair" else "专家组成员"
    out = sign_pdf(data, field, Identity(info.name, signer), role)
    target = args.out or args.file
    tmp = target.with_name(target.name + ".part")
    tmp.write_bytes(out)
    tmp.replace(target)
    app.emit(
        {"signed": field, "by": info.name, "file": str(target)}, app.t("reports.signed", name=info.name, field=field)
    )
    return 0


def _verify_pdf(args: argparse.Namespace, app: Any) -> int:
    """Every signature: intact and valid, and whether its signer chains to the bureau root —
    the verifier's own (``--root`` or installed), never one the PDF brings.  Exit 0 only when
    every signature is valid and trusted."""
    from qjsc_panel.reports.signing import validate_pdf
    from qjsc_panel.services.bureau import trust_anchor

    root, _crl = trust_anchor(app.ctx, args.root)
    raw = _read(args.file)
    checks = validate_pdf(raw, [root] if root is not None else None)
    en = app.lang == "en"

    def line(c: Any) -> str:
        valid = ("valid" if en else "有效") if c.ok else ("INVALID" if en else "无效")
        if root is None:
            trust = "not verified against the bureau root" if en else "未验证是否由市局根证书签发"
        elif c.trusted:
            trust = "signer trusted (bureau root)" if en else "签名人可信（市局根证书）"
        else:
            trust = "signer NOT trusted" if en else "签名人不可信：不能追溯到市局根证书"
        return f"{c.field} {c.signer}: {valid}；{trust}" if not en else f"{c.field} {c.signer}: {valid}; {trust}"

    lines = [line(c) for c in checks] or ["—"]
    if root is None:
        lines.append(app.t("exchange.bureau_no_root"))
    data = {"signatures": [c.__dict__ for c in checks], "root": root is not None}
    from qjsc_panel.reports.marks import grouped, printed_digest

    digest = printed_digest(raw)
    if digest:  # the same value the signature page prints and 验收结果.json hashes to
        lines.append(app.t("reports.result_digest", digest=grouped(digest)))
    app.emit(data, "\n".join(lines))
    return 0 if checks and all(c.ok and c.trusted for c in checks) else 1


def _workbook(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.reports.workbook import write_workbook
    from qjsc_panel.services.outputs import load_sources

    src = load_sources(app.ctx, args.acceptance)
    write_workbook(src.comp, src.text, src.perf, args.out, src.document_hash)
    app.emit({"written": str(args.out)}, app.t("reports.written", path=args.out))
    return 0


def _bundle_make(args: argparse.Namespace, app: Any) -> int:
    import tempfile

    from qjsc_panel.reports.bundle import bundle_files, make_bundle
    from qjsc_panel.reports.outputs import bundle_summary
    from qjsc_panel.reports.workbook import write_workbook
    from qjsc_panel.services.exchange import panel_ca_pem
    from qjsc_panel.services.outputs import audit_lines, load_sources

    src = load_sources(app.ctx, args.acceptance)
    comp = src.comp
    with tempfile.TemporaryDirectory() as tmp:
        wb = write_workbook(comp, src.text, src.perf, Path(tmp) / "workbook.xlsx", src.document_hash)
        ca = _read(args.ca) if args.ca else panel_ca_pem(app.ctx, comp.acceptance_uuid)
        audit = audit_lines(app.ctx, comp.acceptance_uuid)
        packages = [(p.name, _read(p)) for p in args.packages]
        files = bundle_files(comp, _read(args.pdf), wb.read_bytes(), audit, ca, packages)
    sign = None
    from qjsc_panel.cli.exchange import passphrase
    from qjsc_panel.reports.bundle_names import PACKAGES_DIR
    from qjsc_panel.services.bureau import bundle_trust_parts, is_appointed

    panel_pass = None
    if args.panel_passphrase_file is not None:
        panel_pass = passphrase(argparse.Namespace(passphrase_file=args.panel_passphrase_file))
    if is_appointed(app.ctx, comp.acceptance_uuid):
        # A panel the bureau appointed: the roster, the certified CA, the package keys and the
        # form go in, and the chair signs the manifest (docs/trust.md).
        signed = {k: v for k, v in files.items() if k.startswith(PACKAGES_DIR)}
        parts = bundle_trust_parts(app.ctx, comp.acceptance_uuid, signed, passphrase(args) or "", args.key, panel_pass)
        if parts is not None:
            files.update(parts[0])
            sign = parts[1]
    make_bundle(
        args.out, comp.acceptance_uuid, files, bundle_summary(comp, src.document_hash), comp.finalised_at, sign=sign
    )
    app.emit({"written": str(args.out)}, app.t("reports.written", path=args.out))
    return 0


def _bundle_verify(args: argparse.Namespace, app: Any) -> int:
    from qjsc_panel.reports.bundle import verify_bundle
    from qjsc_panel.services.bureau import trust_anchor

    root, crl = trust_anchor(app.ctx, args.root, args.crl)  # the verifier's own, never the bundle's
    rep = verify_bundle(args.file, root, crl)
    problems = rep.render(app.lang)
    data = {
        "ok": rep.ok,
        "trusted": rep.trusted,
        "root": rep.root,
        "recomputed": rep.recomputed,
        "acceptance": rep.acceptance,
        "files": rep.files,
        "signatures": rep.signatures,
        "audit_entries": rep.audit_entries,
        "result_sha256": rep.result_digest,
        "problems": problems,
    }
    if rep.ok:
        text = app.t("reports.bundle_ok", files=rep.files, sigs=len(rep.signatures), entries=rep.audit_entries)
        text += "\n" + app.t("exchange.bundle_trusted", root=rep.root, composite=rep.recomputed.get("composite", "-"))
        if rep.result_digest:
            from qjsc_panel.reports.marks import grouped

            text += "\n" + app.t("reports.result_digest", digest=grouped(rep.result_digest))
    else:
        text = "\n".join([app.t("reports.bundle_bad", count=len(problems)), *(f"  - {p}" for p in problems)])
    app.emit(data, text)
    return 0 if rep.ok else 2
