"""Extract every translatable text, check the English catalogue, compile it.

    python scripts/i18n.py            # check: exit 1 and list what is untranslated or stale
    python scripts/i18n.py --update   # add new texts to qjsc_panel/locale/en.po, drop gone
                                      # ones, compile en.mo; exit 1 while anything is untranslated

Texts are found by reading the source (no import): ``self.tr("…")`` (context: the enclosing
class), ``QCoreApplication.translate("ctx", "…")`` and ``i18n.translate("ctx", "…")``, and the
Chinese template of every message code in ``qjsc_panel/**/messages.py`` (context: the code).
A (zh, en) pair left in a messages module is reported too; ``--update`` moves its English into
the catalogue.
"""

from __future__ import annotations

import argparse
import ast
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "qjsc_panel"
PO = PACKAGE / "locale" / "en.po"
MO = PACKAGE / "locale" / "en.mo"
_FIELD = re.compile(r"\{[^{}]*\}")


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


@dataclass(frozen=True)
class Text:
    context: str
    source: str
    where: str
    english: str = ""  # from a legacy (zh, en) pair


def _literal(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


class _Finder(ast.NodeVisitor):
    def __init__(self, path: Path) -> None:
        self.path = path
        self.classes: list[str] = []
        self.found: list[Text] = []

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def visit_Call(self, node: ast.Call) -> None:
        f = node.func
        where = f"{_rel(self.path)}:{node.lineno}"
        if isinstance(f, ast.Attribute):
            if f.attr == "tr" and isinstance(f.value, ast.Name) and f.value.id == "self" and node.args:
                text = _literal(node.args[0])
                if text is not None and self.classes:
                    self.found.append(Text(self.classes[-1], text, where))
            elif f.attr == "translate" and len(node.args) >= 2:
                owner = f.value
                name = owner.id if isinstance(owner, ast.Name) else ""
                if name in ("QCoreApplication", "QApplication", "i18n"):
                    ctx, text = _literal(node.args[0]), _literal(node.args[1])
                    if ctx is not None and text is not None:
                        self.found.append(Text(ctx, text, where))
        self.generic_visit(node)


def _constant(node: ast.AST, names: dict[str, str]) -> str | None:
    """A string literal, a module constant, or a + of those (as the messages modules write)."""
    if (text := _literal(node)) is not None:
        return text
    if isinstance(node, ast.Name):
        return names.get(node.id)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _constant(node.left, names), _constant(node.right, names)
        return None if left is None or right is None else left + right
    return None


def _assignments(tree: ast.Module) -> list[tuple[str, ast.expr]]:
    out: list[tuple[str, ast.expr]] = []
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            out.append((stmt.targets[0].id, stmt.value))
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
            out.append((stmt.target.id, stmt.value))
    return out


def _message(code: str, val: ast.expr, names: dict[str, str], where: str) -> Text:
    if isinstance(val, ast.Tuple) and len(val.elts) == 2:
        zh, en = _constant(val.elts[0], names), _constant(val.elts[1], names)
        if zh is not None and en is not None:
            return Text(code, zh, where, english=en)
    elif (zh := _constant(val, names)) is not None:
        return Text(code, zh, where)
    raise SystemExit(f"{where}: a message must be a string (or a + of constants)")


def _messages(path: Path, tree: ast.Module) -> list[Text]:
    names: dict[str, str] = {}
    out: list[Text] = []
    for target, value in _assignments(tree):
        if target != "MESSAGES":
            if (text := _constant(value, names)) is not None:
                names[target] = text
            continue
        assert isinstance(value, ast.Dict), path
        for key, val in zip(value.keys, value.values, strict=True):
            code = _literal(key) if key is not None else None
            where = f"{_rel(path)}:{val.lineno}"
            if code is None:
                raise SystemExit(f"{where}: a message code must be a string literal")
            out.append(_message(code, val, names, where))
    return out


def extract(root: Path = PACKAGE) -> list[Text]:
    found: list[Text] = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        if path.name == "messages.py":
            found.extend(_messages(path, tree))
        finder = _Finder(path)
        finder.visit(tree)
        found.extend(finder.found)
    return found


def _fields(text: str) -> set[str]:
    return set(_FIELD.findall(text))


def compile_mo(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def mo_entries(data: bytes) -> dict[object, str]:
    """The translations in compiled bytes (the header, with its dates, left out)."""
    import gettext

    entries = dict(gettext.GNUTranslations(io.BytesIO(data))._catalog)  # type: ignore[attr-defined]
    entries.pop("", None)
    return entries


def load_po(path: Path = PO) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale="en")


def check(texts: list[Text], catalog: Catalog) -> list[str]:
    """Every problem, one line each: untranslated, legacy pair, placeholders that differ."""
    problems: list[str] = []
    for t in texts:
        if t.english:
            problems.append(f"{t.where}: [{t.context}] a (zh, en) pair; run --update to move the English to en.po")
            continue
        msg = catalog.get(t.source, context=t.context)
        if msg is None or not msg.string:
            problems.append(f"{t.where}: [{t.context}] untranslated: {t.source}")
        elif _fields(str(msg.string)) != _fields(t.source):
            problems.append(f"{t.where}: [{t.context}] placeholders differ: {t.source} → {msg.string}")
    return problems


def update(texts: list[Text], catalog: Catalog) -> Catalog:
    fresh = Catalog(locale="en", project="qjsc-panel", fuzzy=False)
    for t in texts:
        old = catalog.get(t.source, context=t.context)
        english = t.english or (str(old.string) if old is not None and old.string else "")
        if fresh.get(t.source, context=t.context) is None:
            fresh.add(t.source, english, context=t.context, locations=[(t.where.rsplit(":", 1)[0], None)])
    return fresh


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="rewrite en.po and en.mo")
    parser.add_argument("--root", type=Path, default=PACKAGE, help="source tree to read (tests)")
    parser.add_argument("--po", type=Path, default=PO)
    args = parser.parse_args(argv)
    texts = extract(args.root)
    catalog = load_po(args.po)
    if args.update:
        catalog = update(texts, catalog)
        with args.po.open("wb") as fh:
            write_po(fh, catalog, width=0, omit_header=True, sort_output=True)
        args.po.with_suffix(".mo").write_bytes(compile_mo(catalog))
        texts = [Text(t.context, t.source, t.where) for t in texts]  # pairs are now in the catalogue
    problems = check(texts, catalog)
    mo = args.po.with_suffix(".mo")
    if not args.update and (not mo.exists() or mo_entries(mo.read_bytes()) != mo_entries(compile_mo(catalog))):
        problems.append(f"{_rel(mo)}: stale; run --update")
    for line in problems:
        print(line, file=sys.stderr)
    print(f"{len(texts)} texts, {len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
