"""Collecting sheets: every package on a stick verified and imported as one batch.

The panel key is unlocked once (scrypt is deliberately slow), then all packages go through
one database transaction; each file gets its own savepoint, so a refused file leaves no trace
while the others stand, and the batch costs one durable commit instead of one per file.
An Excel sheet is unsigned: it is imported only for the member the chair picks, once the chair
has confirmed it against the signed paper copy (a decision that needs the chair's key).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from qjsc_panel.errors import QjscError
from qjsc_panel.services.context import Ctx

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from qjsc_panel.exchange.package import Envelope
    from qjsc_panel.services.importer import PanelKeys

PACKAGE_SUFFIX = ".qjsc"
XLSX_SUFFIX = ".xlsx"

Progress = Callable[[int, int, str], None]  # (done, total, file name)


@dataclass(frozen=True)
class FileResult:
    """What became of one file: imported, superseded, duplicate or refused (with the reason)."""

    path: Path
    status: str
    expert: str = ""
    version: int | None = None
    total: Decimal | None = None
    error: QjscError | None = None

    @property
    def ok(self) -> bool:
        return self.status != "refused"

    def reason(self, lang: str = "zh") -> str:
        return self.error.render(lang) if self.error else ""


def collect(paths: Iterable[Path]) -> tuple[list[Path], list[Path], list[Path]]:
    """Split dropped files and folders into (packages, Excel sheets, other files)."""
    packages: list[Path] = []
    sheets: list[Path] = []
    other: list[Path] = []
    for path in paths:
        found = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for f in found:
            suffix = f.suffix.lower()
            if suffix == PACKAGE_SUFFIX:
                packages.append(f)
            elif suffix == XLSX_SUFFIX and not f.name.startswith("~$"):  # not Excel's lock file
                sheets.append(f)
            elif not path.is_dir():
                other.append(f)
    return packages, sheets, other


def import_batch(
    ctx: Ctx,
    paths: list[Path],
    passphrase: str,
    progress: Progress | None = None,
    keys: PanelKeys | None = None,
) -> list[FileResult]:
    """Verify and import every package in ``paths`` in one transaction after one unlock.

    A wrong passphrase refuses the whole batch before anything is read into the database.
    ``keys``: panel keys already unlocked in this session (else unlocked here, once).
    """
    from qjsc_panel.services import importer

    keys = keys or importer.PanelKeys(ctx.home, passphrase)
    results, prepared = _prepare(ctx, importer._envelopes(paths), keys)
    total = len(results) + len(prepared)
    done = len(results)
    if progress:
        progress(done, total, "")
    with ctx.db.session() as s:
        _preload(s, {env.header["panel"] for _, env, _ in prepared})
        for path, env, unlocked in prepared:
            results.append(_import_one(ctx, s, path, env, unlocked))
            done += 1
            if progress:
                progress(done, total, path.name)
    order = {p: i for i, p in enumerate(paths)}
    return sorted(results, key=lambda r: order.get(r.path, len(order)))


Prepared = tuple[Path, "Envelope", tuple[object, object] | None]


def _preload(s: Session, panels: set[str]) -> None:
    """Load each panel's acceptance, members and their experts in one query.

    The per-package checks and writes (``importer.check_in``, ``scoring.import_sheet_in``)
    then find them in the session's identity map instead of issuing a lazy load per package:
    the same checks, about a third fewer statements (profiled: lazy loads were most of the time).
    """
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from qjsc_panel.store.models import Acceptance, PanelMember

    if panels:
        s.scalars(
            select(Acceptance)
            .where(Acceptance.uuid.in_(sorted(panels)))
            .options(selectinload(Acceptance.members).selectinload(PanelMember.expert))
        ).all()


def _prepare(
    ctx: Ctx, envelopes: list[tuple[Path, Envelope | QjscError]], keys: PanelKeys
) -> tuple[list[FileResult], list[Prepared]]:
    """Outside the transaction: parse, check each signature, unlock each panel key once."""
    from qjsc_panel.exchange.package import check_signature
    from qjsc_panel.services import importer

    ca: dict[str, tuple[object, bool]] = {}
    refused: list[FileResult] = []
    prepared: list[Prepared] = []
    for path, env in envelopes:
        if isinstance(env, QjscError):
            refused.append(FileResult(path, "refused", error=env))
            continue
        try:
            panel = env.header["panel"]
            if panel not in ca:
                ca[panel] = importer._ca_for(ctx, env)
            ca_cert, is_chair = ca[panel]
            check_signature(env, ca_cert)
            if not is_chair:  # an expert's laptop holds no panel key to import with
                raise QjscError("exchange.no_panel_key", acceptance=panel)
            prepared.append((path, env, keys.get(panel)))
        except QjscError as exc:
            if exc.code == "exchange.bad_passphrase":
                raise
            refused.append(FileResult(path, "refused", _who(env), env.header.get("version"), error=exc))
    return refused, prepared


def _import_one(ctx: Ctx, s: Session, path: Path, env: Envelope, unlocked: tuple[object, object] | None) -> FileResult:
    """One package in its own savepoint: refused, it leaves no trace in the batch."""
    from qjsc_panel.services import importer

    savepoint = s.begin_nested()
    try:
        checked = importer.check_in(ctx, s, env, unlocked)
        if checked is None:
            raise QjscError("exchange.no_panel_key", acceptance=env.header["panel"])
        status = "duplicate" if checked.duplicate else importer.write_in(ctx, s, checked)
        savepoint.commit()
    except QjscError as exc:
        savepoint.rollback()
        return FileResult(path, "refused", _who(env), env.header.get("version"), error=exc)
    return FileResult(path, status, _who(env), env.header.get("version"), sum(checked.scores.values(), Decimal(0)))


def _who(env: object) -> str:
    header = getattr(env, "header", {})
    return str(header.get("expert", "")) if isinstance(header, dict) else ""


@dataclass(frozen=True)
class XlsxPreview:
    """Whose sheet an Excel file is, before the chair confirms it."""

    path: Path
    member_id: int
    name: str
    total: Decimal


def preview_xlsx(ctx: Ctx, path: Path) -> XlsxPreview:
    from qjsc_panel.services.common import get_member
    from qjsc_panel.services.exchange import read_xlsx

    sheet = read_xlsx(ctx, path)
    with ctx.db.session() as s:
        name = get_member(s, sheet.member_id).name
    return XlsxPreview(path, sheet.member_id, name, sum(sheet.scores.values(), Decimal(0)))


def import_xlsx_confirmed(ctx: Ctx, path: Path, member_id: int, paper_confirmed: bool, reason: str = "") -> FileResult:
    """Import an Excel sheet for the member the chair picked, confirmed against paper.

    Refused (nothing written) unless the file is that member's sheet, the chair ticked the
    paper check, and this session holds the chair's key.
    """
    from qjsc_panel.services.common import get_member, require_chair
    from qjsc_panel.services.exchange import import_xlsx
    from qjsc_panel.services.scoring import confirm_paper

    preview = preview_xlsx(ctx, path)
    with ctx.db.session() as s:
        picked = get_member(s, member_id)
        require_chair(ctx, picked.acceptance)
        picked_name = picked.name
    if preview.member_id != member_id:
        raise QjscError("batch.xlsx_other_member", file=path.name, owner=preview.name, picked=picked_name)
    if not paper_confirmed:
        raise QjscError("batch.paper_unconfirmed", name=picked_name)
    result = import_xlsx(ctx, path, reason, member=str(member_id))
    if result.status != "duplicate":
        confirm_paper(ctx, result.sheet_uuid)
    return FileResult(path, result.status, result.name, None, result.total)
