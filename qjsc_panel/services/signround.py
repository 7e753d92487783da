"""The signature round of the opinion PDF, across the experts' own laptops.

PAdES signatures are incremental: each signature covers the exact bytes before it, so two
copies signed in parallel cannot be merged.  The round therefore follows the file, not a
fixed order (README, docs/trust.md):

1. On the chair's laptop, :func:`export_for_signature` renders the finalised opinion once,
   attaches the round's data (acceptance, signers with their enrolled key fingerprints, each
   expert's sheet as the chair counted it, the exact 验收结果.json) and signs it as chair.  That
   first copy is kept in the data directory (``signround/<acceptance>/base.pdf``); every copy
   of the round must start with its bytes.
2. The file circulates (USB stick, shared folder).  On an expert's laptop :func:`open_copy`
   shows what is signed — composite, grade and the expert's own sheet as the chair received it,
   compared with the expert's local database — and :func:`sign_copy` adds the expert's
   signature to whatever newest copy the expert was handed and writes it back.
3. :func:`gather` on the chair's laptop checks each returned copy (starts with the base, every
   signature intact and valid, later revisions only filled signature fields, each signer's key
   the one enrolled for that field, nobody twice), keeps the copy with the most signatures as the
   newest and names whoever signed only a discarded parallel copy (a fork): they sign the newest.
4. When every expert has signed the newest copy, it is the final PDF (:func:`write_final`), and
   the workbook and the bureau bundle are written beside it.

Nothing of the round goes into the database: the acceptance is frozen by then, and the PDF
itself carries everything the round needs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qjsc_panel.errors import QjscError

if TYPE_CHECKING:
    from qjsc_panel.reports.model import Compilation
    from qjsc_panel.reports.round_pdf import Signed
    from qjsc_panel.services.app import App

FOR_SIGNATURE = "验收意见-待签.pdf"
ROUND_FORMAT = 1
CHAIR_FIELD = "sig-chair"


# --- what the round's file says -------------------------------------------------------------


@dataclass(frozen=True)
class Signer:
    field: str
    member_id: int
    name: str
    fingerprint: str  # the key enrolled for this member (full SHA-256 hex)

    @property
    def is_chair(self) -> bool:
        return self.field == CHAIR_FIELD


@dataclass(frozen=True)
class Round:
    """The round's data embedded in the PDF (and covered by the chair's signature)."""

    acceptance: str
    number: str
    enterprise: str
    visit_date: str
    composite: str
    result: str
    grade: str
    signers: list[Signer]
    recused: dict[str, str]  # fingerprint -> name: members who do not sign
    items: list[tuple[str, str, str]]  # (item id, max points, text) in the form's order
    sheets: dict[int, dict[str, Any]]  # member id -> {name, version, scores{item: str}}

    def signer_of(self, fingerprint: str) -> Signer | None:
        return next((s for s in self.signers if s.fingerprint == fingerprint), None)

    def by_field(self, name: str) -> Signer | None:
        return next((s for s in self.signers if s.field == name), None)


def _round_doc(comp: Compilation) -> dict[str, Any]:
    from qjsc_panel.reports.marks import number
    from qjsc_panel.reports.model import fmt1
    from qjsc_panel.reports.pdf_sign import signer_order

    by_id = {m.id: m for m in comp.members}
    signers = [
        {"field": f, "member_id": mid, "name": name, "fingerprint": by_id[mid].key_fingerprint}
        for f, mid, name, _role in signer_order(comp, include_experts=True)
    ]
    return {
        "format": ROUND_FORMAT,
        "acceptance": comp.acceptance_uuid,
        "number": number(comp),
        "enterprise": comp.enterprise_name,
        "visit_date": comp.visit_date.isoformat(),
        "composite": fmt1(comp.composite),
        "result": comp.result or "",
        "grade": comp.grade or "",
        "signers": signers,
        "recused": {m.key_fingerprint: m.name for m in comp.experts if m.recused and m.key_fingerprint},
        "items": [[i.id, str(i.max_points), i.text] for i in comp.items],  # the document's language
        "sheets": {
            str(s.member_id): {
                "name": s.name,
                "version": s.version,
                "counted": s.counted,
                "scores": {k: str(v) for k, v in s.scores.items()},
            }
            for s in comp.sheets
        },
    }


def read_round(data: bytes) -> Round:
    """The round embedded in ``data``; ``signround.not_a_round`` for any other PDF."""
    from qjsc_panel.reports.round_pdf import ROUND_FILE, embedded

    raw = embedded(data).get(ROUND_FILE)
    if raw is None:
        raise QjscError("signround.not_a_round")
    try:
        doc = json.loads(raw)
        if doc.get("format") != ROUND_FORMAT:
            raise QjscError("signround.not_a_round")
        return Round(
            acceptance=str(doc["acceptance"]),
            number=str(doc["number"]),
            enterprise=str(doc["enterprise"]),
            visit_date=str(doc["visit_date"]),
            composite=str(doc["composite"]),
            result=str(doc["result"]),
            grade=str(doc["grade"]),
            signers=[
                Signer(str(s["field"]), int(s["member_id"]), str(s["name"]), str(s["fingerprint"]))
                for s in doc["signers"]
            ],
            recused={str(k): str(v) for k, v in doc["recused"].items()},
            items=[(str(i), str(m), str(t)) for i, m, t in doc["items"]],
            sheets={int(k): dict(v) for k, v in doc["sheets"].items()},
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise QjscError("signround.not_a_round") from exc


# --- checks shared by both laptops ------------------------------------------------------------


def check_chain(
    data: bytes, rnd: Round, enrolled: dict[str, str] | None = None, anchor_pem: bytes | None = None
) -> list[Signed]:
    """Every signature intact and valid, later revisions only filled signature fields, the last
    one covers the whole file, the chair signed first, each signature in a field of the round by
    the key enrolled for it (``enrolled``: field -> fingerprint, the chair's database; else the
    round's own list), and nobody twice; with ``anchor_pem`` every certificate issued under that
    panel CA.  Returns the signatures in order."""
    from qjsc_panel.reports.round_pdf import signatures

    sigs = signatures(data, anchor_pem)
    if not sigs or sigs[0].field != CHAIR_FIELD:
        raise QjscError("signround.modified", detail="sig-chair")
    for sig in sigs:
        if not sig.ok or not sig.untouched:
            raise QjscError("signround.modified", detail=sig.field)
    if not sigs[-1].covers_whole_file:
        raise QjscError("signround.modified", detail="+")
    seen: set[str] = set()
    for sig in sigs:
        who = rnd.by_field(sig.field)
        if who is None:
            name = rnd.recused.get(sig.fingerprint, sig.signer)
            raise QjscError("signround.not_on_roster", name=name)
        want = (enrolled or {}).get(sig.field, who.fingerprint)
        if sig.fingerprint != want:
            raise QjscError("signround.key_not_enrolled", name=who.name)
        if anchor_pem and not sig.trusted:
            raise QjscError("signround.not_panel_ca", name=who.name)
        if sig.fingerprint in seen:
            raise QjscError("signround.signed_twice", name=who.name)
        seen.add(sig.fingerprint)
    return sigs


def _decimal(text: Any) -> Decimal | None:
    try:
        return Decimal(str(text))
    except (InvalidOperation, ValueError):
        return None


# --- the expert's laptop ----------------------------------------------------------------------


@dataclass(frozen=True)
class ItemLine:
    item: str
    max_points: str
    received: Decimal | None  # in the document: the sheet the chair counted
    local: Decimal | None  # in this laptop's database: what the expert submitted
    text: str = ""  # as the signed document names the item (Chinese)
    text_en: str = ""  # the item's English name from this laptop's copy of the form, if any

    def name(self, lang: str) -> str:
        return self.text_en if lang == "en" and self.text_en else self.text

    @property
    def differs(self) -> bool:
        return self.received != self.local


@dataclass(frozen=True)
class Opened:
    """What the expert is asked to sign."""

    path: Path
    round: Round
    me: Signer
    signed: list[str]  # names, in signing order
    missing: list[str]
    already_signed: bool
    received_version: int | None
    local_version: int | None
    lines: list[ItemLine]

    @property
    def differences(self) -> list[ItemLine]:
        return [x for x in self.lines if x.differs]

    @property
    def received_total(self) -> Decimal:
        return sum((x.received or Decimal(0) for x in self.lines), Decimal(0))

    @property
    def local_total(self) -> Decimal:
        return sum((x.local or Decimal(0) for x in self.lines), Decimal(0))


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise QjscError("signround.unreadable", path=str(path), detail=exc.strerror or str(exc)) from None


def _my_signer(app: App, rnd: Round) -> Signer:
    """This laptop's place in the round: a key of this laptop enrolled for one of its fields."""
    from qjsc_panel.exchange import invitation, keys

    mine = keys.list_keys(app.home)
    for k in mine:
        found = rnd.signer_of(k.fingerprint)
        if found is not None and not found.is_chair:
            return found
    for k in mine:
        if k.fingerprint in rnd.recused:
            raise QjscError("signround.not_on_roster", name=rnd.recused[k.fingerprint])
    joined = [invitation.joined(app.home, rnd.acceptance, k.fingerprint) for k in mine]
    if not any(joined):
        raise QjscError("signround.wrong_acceptance", enterprise=rnd.enterprise, number=rnd.number)
    name = next(j.invitation.body["expert"]["name"] for j in joined if j is not None)
    if not any(s.name == name for s in rnd.signers):
        raise QjscError("signround.not_on_roster", name=name)
    raise QjscError("signround.key_not_enrolled", name=name)


def _invited_ca(app: App, rnd: Round, me: Signer) -> bytes | None:
    """The panel CA certificate from this expert's invitation: the chair's signature and every
    colleague's must be issued under it."""
    from qjsc_panel.exchange import invitation

    joined = invitation.joined(app.home, rnd.acceptance, me.fingerprint)
    if joined is None:
        return None
    ca = joined.invitation.body.get("panel", {}).get("ca_cert")
    return ca.encode("ascii") if isinstance(ca, str) and ca else None


def _english_names(app: App, rnd: Round, me: Signer) -> dict[str, str]:
    """The items' English names from the form this laptop scored on (the document is Chinese)."""
    from sqlalchemy import select

    from qjsc_panel.exchange import invitation
    from qjsc_panel.store.models import Acceptance

    joined = invitation.joined(app.home, rnd.acceptance, me.fingerprint)
    if joined is None:
        return {}
    with app.db.session() as s:
        acc = s.scalars(select(Acceptance).where(Acceptance.uuid == joined.local_acceptance)).first()
        if acc is None:
            return {}
        form = app.form(acc.form_hash, acc.form_json)
    return {i.id: i.text.en for i in form.items if i.text.en}


def _local_sheet(app: App, rnd: Round, me: Signer) -> tuple[int | None, dict[str, Decimal]]:
    """The expert's own last submitted sheet on this laptop (version, scores)."""
    from qjsc_panel.exchange import invitation
    from qjsc_panel.services.common import sheets_of
    from qjsc_panel.services.scoring import _entries

    joined = invitation.joined(app.home, rnd.acceptance, me.fingerprint)
    if joined is None:
        return None, {}
    with app.db.session() as s:
        versions = sheets_of(s, joined.local_member)
        sent = [v for v in versions if v.status != "draft"] or versions
        if not sent:
            return None, {}
        scores, _comments = _entries(s, sent[-1].id)
        return sent[-1].version, dict(scores)


def open_copy(app: App, path: Path) -> Opened:
    """On the expert's laptop: check the copy and say what signing it means for this expert."""
    data = _read(path)
    rnd = read_round(data)
    me = _my_signer(app, rnd)
    sigs = check_chain(data, rnd, anchor_pem=_invited_ca(app, rnd, me))
    done = {s.field for s in sigs}
    sheet = rnd.sheets.get(me.member_id, {})
    received = {k: _decimal(v) for k, v in dict(sheet.get("scores", {})).items()}
    local_version, local = _local_sheet(app, rnd, me)
    english = _english_names(app, rnd, me)
    lines = [ItemLine(i, m, received.get(i), local.get(i), t, english.get(i, "")) for i, m, t in rnd.items]
    return Opened(
        path=path,
        round=rnd,
        me=me,
        signed=[s.name for s in rnd.signers if s.field in done],
        missing=[s.name for s in rnd.signers if s.field not in done],
        already_signed=me.field in done,
        received_version=int(sheet["version"]) if "version" in sheet else None,
        local_version=local_version,
        lines=lines,
    )


def sign_copy(app: App, path: Path, passphrase: str, out: Path | None = None) -> Path:
    """Add this expert's signature to the copy and write it back (to ``out`` or in place)."""
    from qjsc_panel.reports.signing import Identity, sign_pdf
    from qjsc_panel.services.exchange import pyhanko_signer

    opened = open_copy(app, path)
    if opened.already_signed:
        raise QjscError("signround.signed_twice", name=opened.me.name)
    signer = pyhanko_signer(app, opened.me.fingerprint, passphrase, opened.round.acceptance)
    names = "".join(s.name for s in opened.round.signers)
    data = sign_pdf(_read(path), opened.me.field, Identity(opened.me.name, signer), "专家组成员", stamp_chars=names)
    target = out or path
    _atomic(target, data)
    return target


# --- the chair's laptop -----------------------------------------------------------------------


def _round_dir(app: App, acc_uuid: str) -> Path:
    return app.home / "signround" / acc_uuid


def _atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(path)


def _finalised(app: App, acc_ref: str) -> Compilation:
    from qjsc_panel.services.opinion import compilation

    comp = compilation(app, acc_ref)
    if comp.status != "finalised":
        raise QjscError("signround.not_finalised")
    return comp


def _chair_identity(app: App, comp: Compilation) -> Any:
    """The chair's signature needs the chair's key unlocked in this session (no other key)."""
    from qjsc_panel.exchange import panelkey
    from qjsc_panel.reports.signing import identity_from_keys
    from qjsc_panel.services.authority import require_chair_key
    from qjsc_panel.services.common import get_acceptance

    with app.db.session() as s:
        require_chair_key(app, get_acceptance(s, comp.acceptance_uuid))
    key = app.key
    assert key is not None  # require_chair_key refused otherwise
    found = panelkey.certificate_for(app.home, key.fingerprint, comp.acceptance_uuid)
    if found is None:
        raise QjscError("exchange.no_certificate", fingerprint=key.short)
    cert, chain = found
    return identity_from_keys(key.name, key.private, cert, chain)


def export_for_signature(app: App, acc_ref: str, folder: Path) -> Path:
    """Write the copy to be signed into ``folder``: the first time the opinion is rendered, the
    round attached and the chair signs; afterwards the newest copy gathered so far."""
    from qjsc_panel.reports import marks
    from qjsc_panel.reports.outputs import render
    from qjsc_panel.reports.round_pdf import RESULT_FILE, ROUND_FILE, embed
    from qjsc_panel.reports.signing import sign_pdf
    from qjsc_panel.services.outputs import load_sources

    comp = _finalised(app, acc_ref)
    where = _round_dir(app, comp.acceptance_uuid)
    current = where / "current.pdf"
    if not current.exists():
        who = _chair_identity(app, comp)
        src = load_sources(app, comp.acceptance_uuid)
        doc = json.dumps(_round_doc(comp), ensure_ascii=False, sort_keys=True).encode("utf-8")
        data = embed(render(src).data, {ROUND_FILE: doc, RESULT_FILE: marks.result_json(comp)})
        names = "".join(m.name for m in comp.experts)
        data = sign_pdf(data, CHAIR_FIELD, who, "专家组组长", stamp_chars=names)
        _atomic(where / "base.pdf", data)
        _atomic(current, data)
        _save_forks(app, comp.acceptance_uuid, {})
    target = folder / FOR_SIGNATURE
    _atomic(target, current.read_bytes())
    return target


# --- gathering ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    path: Path
    status: str  # newest | included | fork | refused
    signed: list[str] = field(default_factory=list)
    code: str = ""
    message: str = ""


@dataclass(frozen=True)
class RoundState:
    acceptance: str
    exported: bool
    signed: list[str]  # experts who signed the newest copy (the chair not listed)
    missing: list[str]
    resign: list[str]  # signed only a discarded parallel copy: must sign the newest
    complete: bool
    chair: str = ""
    enterprise: str = ""
    visit_date: str = ""
    composite: str = ""
    result: str = ""  # pass | fail
    grade: str = ""  # excellent | good | ""
    finalised: bool = False


def _forks_path(app: App, acc_uuid: str) -> Path:
    return _round_dir(app, acc_uuid) / "forks.json"


def _load_forks(app: App, acc_uuid: str) -> dict[str, list[str]]:
    path = _forks_path(app, acc_uuid)
    if not path.exists():
        return {}
    return {str(k): list(v) for k, v in json.loads(path.read_text(encoding="utf-8")).items()}


def _save_forks(app: App, acc_uuid: str, forks: dict[str, list[str]]) -> None:
    _atomic(_forks_path(app, acc_uuid), json.dumps(forks, ensure_ascii=False, sort_keys=True).encode("utf-8"))


def _enrolled(comp: Compilation) -> dict[str, str]:
    from qjsc_panel.reports.pdf_sign import signer_order

    by_id = {m.id: m.key_fingerprint for m in comp.members}
    return {f: by_id.get(mid, "") for f, mid, _n, _r in signer_order(comp, include_experts=True)}


def _check_copy(app: App, data: bytes, base: bytes, comp: Compilation) -> tuple[Round, list[Signed]]:
    if not data.startswith(base):
        try:
            other = read_round(data).acceptance
        except QjscError:
            other = ""
        if other and other != comp.acceptance_uuid:
            raise QjscError("signround.wrong_acceptance", enterprise=comp.enterprise_name, number="")
        raise QjscError("signround.modified", detail="base")
    from qjsc_panel.services.exchange import panel_ca_pem

    rnd = read_round(data)
    return rnd, check_chain(data, rnd, _enrolled(comp), panel_ca_pem(app, comp.acceptance_uuid))


def gather(app: App, acc_ref: str, paths: list[Path]) -> tuple[list[Verdict], RoundState]:
    """Check the returned copies, keep the one with the most signatures (the newest), record who
    signed only a parallel copy.  Refused copies change nothing."""
    comp = _finalised(app, acc_ref)
    where = _round_dir(app, comp.acceptance_uuid)
    if not (where / "base.pdf").exists():
        raise QjscError("signround.not_exported")
    base = (where / "base.pdf").read_bytes()
    current = (where / "current.pdf").read_bytes()
    files = [p for x in paths for p in (sorted(x.glob("*.pdf")) if x.is_dir() else [x])]
    accepted: list[tuple[Path, bytes, list[str]]] = []
    verdicts: dict[Path, Verdict] = {}
    for path in files:
        try:
            data = _read(path)
            rnd, sigs = _check_copy(app, data, base, comp)
        except QjscError as exc:
            verdicts[path] = Verdict(path, "refused", code=exc.code, message=exc.render(app.lang))
            continue
        names = [s.name for sig in sigs if (s := rnd.by_field(sig.field)) is not None and not s.is_chair]
        accepted.append((path, data, names))
    # The newest: most signatures; on a tie the copy already kept, then the first given.
    pool: list[tuple[Path | None, bytes, list[str]]] = [(None, current, _names(current, comp)), *accepted]
    newest = max(pool, key=lambda c: len(c[2]))
    forks = _load_forks(app, comp.acceptance_uuid)
    for origin, data, names in pool:
        if newest[1].startswith(data):
            if origin is not None:
                verdicts[origin] = Verdict(origin, "newest" if data == newest[1] else "included", names)
            continue
        lost = [n for n in names if n not in newest[2]]
        for n in lost:
            forks.setdefault(n, [])
            label = origin.name if origin is not None else "current.pdf"
            if label not in forks[n]:
                forks[n].append(label)
        if origin is not None:
            verdicts[origin] = Verdict(origin, "fork", names)
    _atomic(where / "current.pdf", newest[1])
    _save_forks(app, comp.acceptance_uuid, forks)
    return [verdicts[p] for p in files if p in verdicts], round_state(app, comp.acceptance_uuid)


def _names(data: bytes, comp: Compilation) -> list[str]:
    """Experts who signed ``data`` (the chair's own kept copy, checked when it was gathered)."""
    from qjsc_panel.reports.round_pdf import signed_fields

    by_field = {f: n for f, _m, n, _r in _signers(comp)}
    return [by_field[f] for f in signed_fields(data) if f != CHAIR_FIELD and f in by_field]


def _signers(comp: Compilation) -> list[tuple[str, int, str, str]]:
    from qjsc_panel.reports.pdf_sign import signer_order

    return signer_order(comp, include_experts=True)


def round_state(app: App, acc_ref: str) -> RoundState:
    """Who signed the newest copy, who is missing, who must sign again after a fork."""
    from qjsc_panel.reports.model import fmt1
    from qjsc_panel.services.opinion import compilation

    comp = compilation(app, acc_ref)
    where = _round_dir(app, comp.acceptance_uuid)
    experts = [n for f, _m, n, _r in _signers(comp) if f != CHAIR_FIELD]
    about = {
        "chair": comp.chair.name if comp.chair else "",
        "enterprise": comp.enterprise_name,
        "visit_date": comp.visit_date.isoformat(),
        "composite": fmt1(comp.composite) if comp.composite is not None else "",
        "result": comp.result or "",
        "grade": comp.grade or "",
        "finalised": comp.status == "finalised",
    }
    if not (where / "current.pdf").exists():
        return RoundState(comp.acceptance_uuid, False, [], experts, [], False, **about)  # type: ignore[arg-type]
    signed = _names((where / "current.pdf").read_bytes(), comp)
    missing = [n for n in experts if n not in signed]
    resign = [n for n in _load_forks(app, comp.acceptance_uuid) if n in missing]
    return RoundState(comp.acceptance_uuid, True, signed, missing, resign, not missing, **about)  # type: ignore[arg-type]


# --- the outputs once the round is complete ---------------------------------------------------


def _stem(comp: Compilation) -> str:
    return f"验收意见-{comp.enterprise_name}-{comp.visit_date.isoformat()}"


def final_pdf(app: App, acc_ref: str) -> bytes:
    """The newest copy, once every expert has signed it."""
    st = round_state(app, acc_ref)
    if not st.exported:
        raise QjscError("signround.not_exported")
    if not st.complete:
        raise QjscError("signround.incomplete", names="、".join(st.missing))
    return (_round_dir(app, st.acceptance) / "current.pdf").read_bytes()


def write_final(app: App, acc_ref: str, folder: Path) -> Path:
    comp = _finalised(app, acc_ref)
    target = folder / f"{_stem(comp)}.pdf"
    _atomic(target, final_pdf(app, acc_ref))
    return target


def export_outputs(app: App, acc_ref: str, folder: Path) -> tuple[Path, Path]:
    """The final signed PDF and the workbook, into ``folder``."""
    from qjsc_panel.reports.workbook import write_workbook
    from qjsc_panel.services.outputs import load_sources

    pdf = write_final(app, acc_ref, folder)
    src = load_sources(app, acc_ref)
    wb = write_workbook(src.comp, src.text, src.perf, folder / f"{_stem(src.comp)}.xlsx", src.document_hash)
    return pdf, wb


def write_bundle(app: App, acc_ref: str, folder: Path, packages: list[Path], passphrase: str) -> Path:
    """The bureau bundle with the final PDF: the workbook, the audit log, the counted packages
    found among ``packages`` (files or folders) and, for an appointed panel, the trust files and
    the chair's signature over the manifest."""
    import hashlib
    import tempfile

    from qjsc_panel.reports.bundle import bundle_files, make_bundle
    from qjsc_panel.reports.bundle_names import PACKAGES_DIR
    from qjsc_panel.reports.marks import summary
    from qjsc_panel.reports.outputs import bundle_summary
    from qjsc_panel.reports.workbook import write_workbook
    from qjsc_panel.services.bureau import bundle_trust_parts, is_appointed
    from qjsc_panel.services.exchange import panel_ca_pem
    from qjsc_panel.services.outputs import audit_lines, load_sources

    pdf = final_pdf(app, acc_ref)
    src = load_sources(app, acc_ref)
    comp = src.comp
    counted = set(summary(comp)["packages"].values())
    found = [p for x in packages for p in (sorted(x.glob("*.qjsc")) if x.is_dir() else [x])]
    chosen = {p.name: raw for p in found if hashlib.sha256(raw := _read(p)).hexdigest() in counted}
    with tempfile.TemporaryDirectory() as tmp:
        wb = write_workbook(comp, src.text, src.perf, Path(tmp) / "workbook.xlsx", src.document_hash).read_bytes()
    ca = panel_ca_pem(app, comp.acceptance_uuid)
    files = bundle_files(comp, pdf, wb, audit_lines(app, comp.acceptance_uuid), ca, sorted(chosen.items()))
    sign = None
    if is_appointed(app, comp.acceptance_uuid):
        signed = {k: v for k, v in files.items() if k.startswith(PACKAGES_DIR)}
        key = app.key.fingerprint if app.key is not None else None
        parts = bundle_trust_parts(app, comp.acceptance_uuid, signed, passphrase, key)
        if parts is not None:
            files.update(parts[0])
            sign = parts[1]
    out = folder / f"报送包-{comp.enterprise_name}-{comp.visit_date.isoformat()}.zip"
    return make_bundle(
        out, comp.acceptance_uuid, files, bundle_summary(comp, src.document_hash), comp.finalised_at, sign=sign
    )
