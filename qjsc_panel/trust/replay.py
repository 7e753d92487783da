"""Replay the audit log against the tables: the log proves the data, not only itself.

While :func:`qjsc_panel.store.audit.walk` streams the chain, :meth:`Replay.feed` folds each
entry into the state the log says the tables must hold; :meth:`Replay.compare` then streams the
tables and names every row that differs: a score, a submitted sheet, an exclusion, a recusal,
a veto decision, an outlier note, a document, the acceptance's form, status and result.

Memory grows with the number of rows the log describes (sheets, members, score entries), never
with the number of log entries: 1.5 million score edits of one panel fold into a few hundred keys.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from qjsc_panel.store.audit import LogProblem

# Entries that change the rows compared here; the rest (registry, declarations, comments)
# are not parsed at all.
_RELEVANT = frozenset(
    {
        "sheet.submit",
        "sheet.import",
        "sheet.correct",
        "sheet.exclude",
        "sheet.confirm_paper",
        "outlier.justify",
        "panel.add",
        "panel.recuse",
        "veto.propose",
        "veto.decide",
        "acceptance.create",
        "acceptance.finalise",
        "opinion.edit",
        "performance.set",
        "expert.add",
        "expert.key",
    }
)


@dataclass
class _Sheet:
    seq: int
    member: int
    scores: dict[str, str] | None  # submitted scores; None while a draft
    excluded: str = ""
    confirmed: bool = False
    outlier_note: str = ""
    package_sha256: str | None = None
    baseline: str | None = None  # the sheet a correction draft was copied from


# The score of each cell's newest score.set entry.  SQLite takes the bare columns from the row
# that MAX(seq) picked; PostgreSQL says the same with DISTINCT ON.
_LAST_EDITS = (
    "SELECT json_extract(payload, '$.sheet') AS sheet, json_extract(payload, '$.item') AS item,"
    " json_extract(payload, '$.score'), MAX(seq) FROM audit_log WHERE action = 'score.set'"
    " GROUP BY sheet, item"
)
_PG_LAST_EDITS = (
    "SELECT DISTINCT ON (sheet, item) sheet, item, score, seq FROM (SELECT CAST(payload AS json) ->> 'sheet'"
    " AS sheet, CAST(payload AS json) ->> 'item' AS item, CAST(payload AS json) ->> 'score' AS score, seq"
    " FROM audit_log WHERE action = 'score.set') AS edits ORDER BY sheet, item, seq DESC"
)


@dataclass
class Replay:
    """The tables as the log describes them, built entry by entry."""

    drafts: dict[tuple[int, str], tuple[int, str | None]] = field(default_factory=dict)  # (sheet id, item)
    sheets: dict[str, _Sheet] = field(default_factory=dict)  # by uuid
    members: dict[int, tuple[int, str, bool]] = field(default_factory=dict)  # id -> (seq, acceptance, chair)
    recused: dict[int, int] = field(default_factory=dict)  # member id -> seq
    vetoes: dict[int, tuple[int, str, str]] = field(default_factory=dict)  # id -> (seq, status, evidence)
    acceptances: dict[str, dict[str, Any]] = field(default_factory=dict)
    documents: dict[tuple[str, str], tuple[int, str]] = field(default_factory=dict)  # (acc, kind) -> sha

    experts: dict[str, int] = field(default_factory=dict)  # uuid -> id
    expert_keys: dict[int, str] = field(default_factory=dict)  # id -> key fingerprint, as logged
    # id -> [(seq, fingerprint)]: a head is checked against the key valid when it was signed
    key_history: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    chairs: dict[str, str] = field(default_factory=dict)  # acceptance -> the chair's expert uuid
    unreadable: list[int] = field(default_factory=list)  # seqs of entries the replay cannot use

    def feed(self, seq: int, action: str, acc: str | None, payload: str) -> None:
        if action not in _RELEVANT:
            return
        try:
            self._fold(seq, action, acc, json.loads(payload))
        except (ValueError, KeyError, TypeError, AttributeError):  # hashed, yet not what we write
            self.unreadable.append(seq)

    def _fold(self, seq: int, action: str, acc: str | None, p: Any) -> None:
        if action.startswith(("sheet.", "outlier.")):
            self._fold_sheet(seq, action, p)
        elif action.startswith(("panel.", "expert.")):
            self._fold_panel(seq, action, acc, p)
        elif action.startswith("veto."):
            self._fold_veto(seq, action, p)
        elif action.startswith("acceptance.") and acc:
            self._fold_acceptance(seq, action, acc, p)
        elif acc:  # opinion.edit, performance.set
            self.documents[(acc, action.split(".")[0])] = (seq, str(p.get("sha256")))

    def _fold_sheet(self, seq: int, action: str, p: Any) -> None:
        if action in ("sheet.submit", "sheet.import"):
            scores = dict(p.get("scores") or {})
            self.sheets[p["sheet"]] = _Sheet(seq, int(p["member"]), scores, package_sha256=p.get("package_sha256"))
            return
        if action == "sheet.correct":
            self.sheets[p["sheet"]] = _Sheet(seq, int(p["member"]), None, baseline=p.get("supersedes"))
            return
        sheet = self.sheets.get(p["sheet"])
        if sheet is None:
            return
        if action == "sheet.exclude":
            sheet.excluded = str(p.get("reason", ""))
        elif action == "sheet.confirm_paper":
            sheet.confirmed = True
        elif action == "outlier.justify":
            sheet.outlier_note = str(p.get("note", ""))

    def _fold_panel(self, seq: int, action: str, acc: str | None, p: Any) -> None:
        if action == "panel.add":
            self.members[int(p["member"])] = (seq, acc or "", bool(p.get("chair")))
            if p.get("chair") and acc and p.get("expert"):
                self.chairs[acc] = str(p["expert"])
        elif action == "panel.recuse":
            self.recused[int(p["member"])] = seq
        elif action == "expert.add":
            self.experts[str(p["uuid"])] = int(p["id"])
        elif action == "expert.key":
            self.expert_keys[int(p["id"])] = str(p["fingerprint"])
            self.key_history.setdefault(int(p["id"]), []).append((seq, str(p["fingerprint"])))

    def _fold_veto(self, seq: int, action: str, p: Any) -> None:
        proposal = int(p["proposal"])
        if action == "veto.propose":
            self.vetoes[proposal] = (seq, "open", str(p.get("evidence", "")))
        elif proposal in self.vetoes:  # veto.decide
            self.vetoes[proposal] = (seq, str(p["decision"]), self.vetoes[proposal][2])

    def _fold_acceptance(self, seq: int, action: str, acc: str, p: Any) -> None:
        if action == "acceptance.create":
            self.acceptances[acc] = {"seq": seq, "form_hash": p.get("form_hash"), "final": None}
        elif action == "acceptance.finalise" and acc in self.acceptances:
            self.acceptances[acc]["final"] = (seq, p.get("composite"), p.get("result"), p.get("grade"))

    def compare(self, con: sqlite3.Connection) -> list[LogProblem]:
        """Every row that is not what the log says (streamed from the tables)."""
        out = _Findings([LogProblem("trust.replay_unreadable", seq) for seq in self.unreadable])
        out.problems += self._signatures(con)
        self._compare_experts(con, out)
        self._compare_acceptances(con, out)
        self._compare_members(con, out)
        ids = self._compare_sheets(con, out)
        self._compare_entries(con, out, ids)
        self._compare_vetoes(con, out)
        self._compare_documents(con, out)
        return out.problems

    def _compare_experts(self, con: sqlite3.Connection, out: _Findings) -> None:
        """Experts' keys: the fingerprint the chair's signatures are checked against."""
        for eid, fp in con.execute("SELECT id, key_fingerprint FROM expert"):
            if (fp or None) != self.expert_keys.get(eid):
                out.bad(0, "expert", str(eid), "key_fingerprint", (fp or "")[:16], self.expert_keys.get(eid, "")[:16])

    def _compare_acceptances(self, con: sqlite3.Connection, out: _Findings) -> None:
        """Form, status, frozen figures."""
        for uuid, status, form_hash, result_json in con.execute(
            "SELECT uuid, status, form_hash, result_json FROM acceptance"
        ):
            logged = self.acceptances.get(uuid)
            if logged is None:
                out.bad(0, "acceptance", uuid[:8], "row", "present", "absent")
                continue
            if form_hash != logged["form_hash"]:
                out.bad(
                    logged["seq"], "acceptance", uuid[:8], "form_hash", form_hash[:16], str(logged["form_hash"])[:16]
                )
            final = logged["final"]
            if (status == "finalised") != (final is not None):
                out.bad(final[0] if final else logged["seq"], "acceptance", uuid[:8], "status", status, _status(final))
            if final is not None and status == "finalised":
                got = _frozen_figures(result_json)
                if got != tuple(final[1:]):
                    shown, logged_text = "/".join(map(str, got)), "/".join(map(str, final[1:]))
                    out.bad(final[0], "acceptance", uuid[:8], "result_json", shown, logged_text)

    def _compare_members(self, con: sqlite3.Connection, out: _Findings) -> None:
        """Each member added through the application; recused exactly when the log says so."""
        for mid, acc_uuid, name, chair, recused in con.execute(
            "SELECT m.id, a.uuid, m.name, m.is_chair, m.recused FROM panel_member m JOIN acceptance a"
            " ON a.id = m.acceptance_id"
        ):
            logged = self.members.get(mid)
            if logged is None or logged[1] != acc_uuid:
                out.bad(0, "panel_member", name, "row", "present", "absent")
                continue
            if bool(chair) != logged[2]:
                out.bad(logged[0], "panel_member", name, "is_chair", bool(chair), logged[2])
            if bool(recused) != (mid in self.recused):
                at = self.recused.get(mid, logged[0])
                out.bad(at, "panel_member", name, "recused", bool(recused), mid in self.recused)

    def _compare_sheets(self, con: sqlite3.Connection, out: _Findings) -> dict[int, str]:
        """Status, signer, the chair's marks on each sheet; returns sheet id -> uuid."""
        ids: dict[int, str] = {}
        for sid, uuid, member, status, excluded, confirmed, note, sha in con.execute(
            "SELECT id, uuid, member_id, status, excluded_reason, paper_confirmed_by, outlier_note, package_sha256"
            " FROM score_sheet"
        ):
            ids[sid] = uuid
            sh = self.sheets.get(uuid)
            if not self._sheet_status(out, sh, uuid, status, member, sha):
                continue
            seq = sh.seq if sh else 0
            marks = (
                ("excluded_reason", excluded or "", sh.excluded if sh else ""),
                ("paper_confirmed_by", bool(confirmed), sh.confirmed if sh else False),
                ("outlier_note", note or "", sh.outlier_note if sh else ""),
            )
            for what, found, want in marks:
                if found != want:
                    out.bad(seq, "score_sheet", uuid[:8], what, found, want)
        return ids

    @staticmethod
    def _sheet_status(out: _Findings, sh: _Sheet | None, uuid: str, status: str, member: int, sha: str | None) -> bool:
        """False when the sheet's very status contradicts the log (nothing more to compare)."""
        if status == "submitted":
            if sh is None or sh.scores is None:
                out.bad(0, "score_sheet", uuid[:8], "status", status, "draft" if sh else "absent")
                return False
            if sh.member != member:
                out.bad(sh.seq, "score_sheet", uuid[:8], "member_id", member, sh.member)
            if (sha or None) != (sh.package_sha256 or None):
                out.bad(sh.seq, "score_sheet", uuid[:8], "package_sha256", sha, sh.package_sha256)
            return True
        if sh is not None and sh.scores is not None:
            out.bad(sh.seq, "score_sheet", uuid[:8], "status", status, "submitted")
            return False
        return True

    def _last_edits(self, con: sqlite3.Connection) -> None:
        """The last edit of each draft cell: one pass in SQLite (most of a long log is score
        edits; parsing each in Python would cost more than the chain walk itself).  Only run on
        an intact chain, so every entry read here is one the walk verified."""
        self.drafts = {
            (int(sheet), str(item)): (int(seq), None if score is None else str(score))
            for sheet, item, score, seq in con.execute(_PG_LAST_EDITS if getattr(con, "server", False) else _LAST_EDITS)
            if sheet is not None and item is not None
        }

    def _compare_entries(self, con: sqlite3.Connection, out: _Findings, ids: dict[int, str]) -> None:
        """Every score: a submitted sheet's as submitted, a draft's as last edited."""
        self._last_edits(con)
        seen: dict[str, set[str]] = {}
        for sid, item, score in con.execute("SELECT sheet_id, item_id, score FROM score_entry ORDER BY sheet_id"):
            uuid = ids.get(sid, "")
            text = None if score is None else _score_text(score)
            sh = self.sheets.get(uuid)
            if sh is not None and sh.scores is not None:
                seen.setdefault(uuid, set()).add(item)
                want = sh.scores.get(item)
                if want is None or _score_text(want) != text:
                    out.bad(sh.seq, "score_entry", f"{uuid[:8]} {item}", "score", text, want)
                continue
            expected = self._draft_value(sid, item, sh)
            if expected is None and text is not None:
                out.bad(0, "score_entry", f"{uuid[:8]} {item}", "score", text, "absent")
            elif expected is not None and expected[1] != text:
                out.bad(expected[0], "score_entry", f"{uuid[:8]} {item}", "score", text, expected[1])
        known = set(ids.values())
        for uuid, sh in self.sheets.items():
            missing = sorted(set(sh.scores or ()) - seen.get(uuid, set()))
            if missing and uuid in known:
                out.bad(sh.seq, "score_entry", f"{uuid[:8]} {','.join(missing)}", "score", "absent", "present")

    def _draft_value(self, sid: int, item: str, sh: _Sheet | None) -> tuple[int, str | None] | None:
        """(seq, score text) a draft cell must hold: its last edit, else the sheet it corrects."""
        edit = self.drafts.get((sid, item))
        if edit is not None:
            return edit[0], _score_text(edit[1])
        if sh is not None and sh.baseline in self.sheets:
            base = self.sheets[sh.baseline].scores or {}
            return sh.seq, _score_text(base.get(item))
        return None

    def _compare_vetoes(self, con: sqlite3.Connection, out: _Findings) -> None:
        """Veto findings and the chair's decisions."""
        for vid, status, evidence in con.execute("SELECT id, status, evidence FROM veto_proposal"):
            logged = self.vetoes.get(vid)
            if logged is None:
                out.bad(0, "veto_proposal", str(vid), "row", "present", "absent")
                continue
            if status != logged[1]:
                out.bad(logged[0], "veto_proposal", str(vid), "status", status, logged[1])
            if evidence.strip() != logged[2]:
                out.bad(logged[0], "veto_proposal", str(vid), "evidence", evidence, logged[2])

    def _compare_documents(self, con: sqlite3.Connection, out: _Findings) -> None:
        """The chair's documents: the body must be the one whose digest was logged last."""
        for acc_uuid, kind, body in con.execute("SELECT acceptance_uuid, kind, body FROM report_doc"):
            logged = self.documents.get((acc_uuid, kind))
            digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
            if logged is None or logged[1] != digest:
                at = logged[0] if logged else 0
                out.bad(at, "report_doc", f"{acc_uuid[:8]} {kind}", "body", digest[:16], "logged")

    def chair_key(self, acceptance_uuid: str, at: int | None = None) -> str | None:
        """The chair's key fingerprint as the log records it (None: the chair has no key); with
        ``at`` the key valid at that log position — a chair who changes key later does not
        invalidate the heads signed before (issue 12, item 3)."""
        expert = self.chairs.get(acceptance_uuid)
        eid = self.experts.get(expert, -1) if expert else -1
        if at is None:
            return self.expert_keys.get(eid)
        valid = [fp for seq, fp in self.key_history.get(eid, []) if seq <= at]
        return valid[-1] if valid else None

    def _signatures(self, con: sqlite3.Connection) -> list[LogProblem]:
        """Each signed head verifies; a finalisation by a chair with a key is signed."""
        from qjsc_panel.trust.signing import check_signed_head

        out: list[LogProblem] = []
        signed_final: set[str] = set()
        rows = con.execute(
            "SELECT acceptance_uuid, seq, head_hash, result_sha256, signer_fingerprint, certificate, signature,"
            " signed_at FROM head_signature ORDER BY seq"
        ).fetchall()
        for row in rows:
            head = dict(zip(_HEAD_FIELDS, row, strict=True))
            acc, seq = str(head["acceptance_uuid"]), int(head["seq"])
            entries = [
                {"seq": n, "hash": h}
                for n, h in con.execute(
                    "SELECT seq, hash FROM audit_log WHERE acceptance_uuid = ? AND seq <= ? ORDER BY seq", (acc, seq)
                )
            ]
            result_json = None
            if head["result_sha256"] is not None:
                found = con.execute("SELECT result_json FROM acceptance WHERE uuid = ?", (acc,)).fetchone()
                result_json = found[0] if found else ""
                signed_final.add(acc)
            out += [LogProblem(code, seq) for code in check_signed_head(head, entries, result_json)]
            if head["signer_fingerprint"] != self.chair_key(acc, seq):
                out.append(LogProblem("trust.head_wrong_signer", seq))
        for acc, logged in self.acceptances.items():
            final = logged["final"]
            if final is not None and self.chair_key(acc, final[0]) and acc not in signed_final:
                out.append(LogProblem("trust.head_unsigned", final[0]))
        return out


_HEAD_FIELDS = (
    "acceptance_uuid",
    "seq",
    "head_hash",
    "result_sha256",
    "signer_fingerprint",
    "certificate",
    "signature",
    "signed_at",
)


class _Findings:
    def __init__(self, problems: list[LogProblem]) -> None:
        self.problems = problems

    def bad(self, seq: int, table: str, row: str, what: str, found: Any, want: Any) -> None:
        detail = (("table", table), ("row", row), ("field", what), ("found", _show(found)), ("want", _show(want)))
        self.problems.append(LogProblem("trust.replay_mismatch", seq, detail))


def _frozen_figures(result_json: str | None) -> tuple[Any, ...]:
    try:
        frozen = json.loads(result_json or "")
        return (frozen.get("composite"), frozen.get("result"), frozen.get("grade"))
    except (ValueError, AttributeError):
        return ("?", "?", "?")


def _status(final: Any) -> str:
    return "finalised" if final is not None else "open"


def _score_text(value: Any) -> str | None:
    """Scores compare as numbers: ``2.50`` in the table is ``2.5`` in the log."""
    from decimal import Decimal, InvalidOperation

    if value is None or value == "":
        return None
    try:
        return str(Decimal(str(value)).normalize())
    except InvalidOperation:
        return str(value)


def _show(value: Any) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 40 else text[:37] + "…"
