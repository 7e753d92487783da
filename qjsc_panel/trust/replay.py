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
        if action in ("sheet.submit", "sheet.import"):
            self.sheets[p["sheet"]] = _Sheet(
                seq, int(p["member"]), dict(p.get("scores") or {}), package_sha256=p.get("package_sha256")
            )
        elif action == "sheet.correct":
            self.sheets[p["sheet"]] = _Sheet(seq, int(p["member"]), None, baseline=p.get("supersedes"))
        elif action == "sheet.exclude" and p["sheet"] in self.sheets:
            self.sheets[p["sheet"]].excluded = str(p.get("reason", ""))
        elif action == "sheet.confirm_paper" and p["sheet"] in self.sheets:
            self.sheets[p["sheet"]].confirmed = True
        elif action == "outlier.justify" and p["sheet"] in self.sheets:
            self.sheets[p["sheet"]].outlier_note = str(p.get("note", ""))
        elif action == "panel.add":
            self.members[int(p["member"])] = (seq, acc or "", bool(p.get("chair")))
            if p.get("chair") and acc and p.get("expert"):
                self.chairs[acc] = str(p["expert"])
        elif action == "expert.add":
            self.experts[str(p["uuid"])] = int(p["id"])
        elif action == "expert.key":
            self.expert_keys[int(p["id"])] = str(p["fingerprint"])
        elif action == "panel.recuse":
            self.recused[int(p["member"])] = seq
        elif action == "veto.propose":
            self.vetoes[int(p["proposal"])] = (seq, "open", str(p.get("evidence", "")))
        elif action == "veto.decide" and int(p["proposal"]) in self.vetoes:
            old = self.vetoes[int(p["proposal"])]
            self.vetoes[int(p["proposal"])] = (seq, str(p["decision"]), old[2])
        elif action == "acceptance.create" and acc:
            self.acceptances[acc] = {"seq": seq, "form_hash": p.get("form_hash"), "final": None}
        elif action == "acceptance.finalise" and acc in self.acceptances:
            self.acceptances[acc]["final"] = (seq, p.get("composite"), p.get("result"), p.get("grade"))
        elif action in ("opinion.edit", "performance.set") and acc:
            self.documents[(acc, action.split(".")[0])] = (seq, str(p.get("sha256")))

    def compare(self, con: sqlite3.Connection) -> list[LogProblem]:
        """Every row that is not what the log says (streamed from the tables)."""
        out: list[LogProblem] = [LogProblem("trust.replay_unreadable", seq) for seq in self.unreadable]

        def bad(seq: int, table: str, row: str, what: str, found: Any, want: Any) -> None:
            detail = (("table", table), ("row", row), ("field", what), ("found", _show(found)), ("want", _show(want)))
            out.append(LogProblem("trust.replay_mismatch", seq, detail))

        out += self._signatures(con)
        # Experts' keys: the fingerprint the chair's signatures are checked against.
        for eid, fp in con.execute("SELECT id, key_fingerprint FROM expert"):
            if (fp or None) != self.expert_keys.get(eid):
                bad(0, "expert", str(eid), "key_fingerprint", (fp or "")[:16], self.expert_keys.get(eid, "")[:16])
        # Acceptances: form, status, frozen figures.
        for uuid, status, form_hash, result_json in con.execute(
            "SELECT uuid, status, form_hash, result_json FROM acceptance"
        ):
            logged = self.acceptances.get(uuid)
            if logged is None:
                bad(0, "acceptance", uuid[:8], "row", "present", "absent")
                continue
            if form_hash != logged["form_hash"]:
                bad(logged["seq"], "acceptance", uuid[:8], "form_hash", form_hash[:16], str(logged["form_hash"])[:16])
            final = logged["final"]
            if (status == "finalised") != (final is not None):
                bad(final[0] if final else logged["seq"], "acceptance", uuid[:8], "status", status, _status(final))
            if final is not None and status == "finalised":
                try:
                    frozen = json.loads(result_json or "")
                    got = (frozen.get("composite"), frozen.get("result"), frozen.get("grade"))
                except (ValueError, AttributeError):
                    got = ("?", "?", "?")
                if got != tuple(final[1:]):
                    shown, logged_text = "/".join(map(str, got)), "/".join(map(str, final[1:]))
                    bad(final[0], "acceptance", uuid[:8], "result_json", shown, logged_text)
        # Members: each added through the application; recused exactly when the log says so.
        for mid, acc_uuid, name, chair, recused in con.execute(
            "SELECT m.id, a.uuid, m.name, m.is_chair, m.recused FROM panel_member m JOIN acceptance a"
            " ON a.id = m.acceptance_id"
        ):
            logged_m = self.members.get(mid)
            if logged_m is None or logged_m[1] != acc_uuid:
                bad(0, "panel_member", name, "row", "present", "absent")
                continue
            if bool(chair) != logged_m[2]:
                bad(logged_m[0], "panel_member", name, "is_chair", bool(chair), logged_m[2])
            if bool(recused) != (mid in self.recused):
                at = self.recused.get(mid, logged_m[0])
                bad(at, "panel_member", name, "recused", bool(recused), mid in self.recused)
        # Sheets and their scores.
        ids: dict[int, str] = {}
        for sid, uuid, member, status, excluded, confirmed, note, sha in con.execute(
            "SELECT id, uuid, member_id, status, excluded_reason, paper_confirmed_by, outlier_note, package_sha256"
            " FROM score_sheet"
        ):
            ids[sid] = uuid
            sh = self.sheets.get(uuid)
            if status == "submitted":
                if sh is None or sh.scores is None:
                    bad(0, "score_sheet", uuid[:8], "status", status, "draft" if sh else "absent")
                    continue
                if sh.member != member:
                    bad(sh.seq, "score_sheet", uuid[:8], "member_id", member, sh.member)
                if (sha or None) != (sh.package_sha256 or None):
                    bad(sh.seq, "score_sheet", uuid[:8], "package_sha256", sha, sh.package_sha256)
            elif sh is not None and sh.scores is not None:
                bad(sh.seq, "score_sheet", uuid[:8], "status", status, "submitted")
                continue
            want_excl = sh.excluded if sh else ""
            if (excluded or "") != want_excl:
                bad(sh.seq if sh else 0, "score_sheet", uuid[:8], "excluded_reason", excluded, want_excl)
            if bool(confirmed) != (sh.confirmed if sh else False):
                bad(sh.seq if sh else 0, "score_sheet", uuid[:8], "paper_confirmed_by", bool(confirmed), not confirmed)
            if (note or "") != (sh.outlier_note if sh else ""):
                bad(sh.seq if sh else 0, "score_sheet", uuid[:8], "outlier_note", note, sh.outlier_note if sh else "")
        # The last edit of each draft cell: one pass in SQLite (most of a long log is score
        # edits; parsing each in Python would cost more than the chain walk itself).  Only run
        # on an intact chain, so every entry read here is one the walk verified.
        self.drafts = {
            (int(sheet), str(item)): (int(seq), None if score is None else str(score))
            for sheet, item, score, seq in con.execute(
                "SELECT json_extract(payload, '$.sheet') AS sheet, json_extract(payload, '$.item') AS item,"
                " json_extract(payload, '$.score'), MAX(seq) FROM audit_log WHERE action = 'score.set'"
                " GROUP BY sheet, item"
            )
            if sheet is not None and item is not None
        }
        seen: dict[str, set[str]] = {}
        for sid, item, score in con.execute("SELECT sheet_id, item_id, score FROM score_entry ORDER BY sheet_id"):
            uuid = ids.get(sid, "")
            text = None if score is None else _score_text(score)
            sh = self.sheets.get(uuid)
            if sh is not None and sh.scores is not None:
                seen.setdefault(uuid, set()).add(item)
                want = sh.scores.get(item)
                if want is None or _score_text(want) != text:
                    bad(sh.seq, "score_entry", f"{uuid[:8]} {item}", "score", text, want)
                continue
            draft = self.drafts.get((sid, item))
            if draft is not None:
                if (None if draft[1] is None else _score_text(draft[1])) != text:
                    bad(draft[0], "score_entry", f"{uuid[:8]} {item}", "score", text, draft[1])
            elif sh is not None and sh.baseline in self.sheets:
                base = self.sheets[sh.baseline].scores or {}
                if _score_text(base.get(item, "")) != text:
                    bad(sh.seq, "score_entry", f"{uuid[:8]} {item}", "score", text, base.get(item))
            elif text is not None:
                bad(0, "score_entry", f"{uuid[:8]} {item}", "score", text, "absent")
        for uuid, sh in self.sheets.items():
            if sh.scores is not None and set(sh.scores) - seen.get(uuid, set()) and uuid in ids.values():
                missing = sorted(set(sh.scores) - seen.get(uuid, set()))
                bad(sh.seq, "score_entry", f"{uuid[:8]} {','.join(missing)}", "score", "absent", "present")
        # Veto findings and the chair's decisions.
        for vid, status, evidence in con.execute("SELECT id, status, evidence FROM veto_proposal"):
            logged_v = self.vetoes.get(vid)
            if logged_v is None:
                bad(0, "veto_proposal", str(vid), "row", "present", "absent")
                continue
            if status != logged_v[1]:
                bad(logged_v[0], "veto_proposal", str(vid), "status", status, logged_v[1])
            if evidence.strip() != logged_v[2]:
                bad(logged_v[0], "veto_proposal", str(vid), "evidence", evidence, logged_v[2])
        # The chair's documents: the body must be the one whose digest was logged last.
        for acc_uuid, kind, body in con.execute("SELECT acceptance_uuid, kind, body FROM report_doc"):
            logged_d = self.documents.get((acc_uuid, kind))
            digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
            if logged_d is None or logged_d[1] != digest:
                at = logged_d[0] if logged_d else 0
                bad(at, "report_doc", f"{acc_uuid[:8]} {kind}", "body", digest[:16], "logged")
        return out

    def chair_key(self, acceptance_uuid: str) -> str | None:
        """The chair's key fingerprint as the log records it (None: the chair has no key)."""
        expert = self.chairs.get(acceptance_uuid)
        return self.expert_keys.get(self.experts.get(expert, -1)) if expert else None

    def _signatures(self, con: sqlite3.Connection) -> list[LogProblem]:
        """Each signed head verifies; a finalisation by a chair with a key is signed."""
        from qjsc_panel.trust.signing import check_signed_head

        out: list[LogProblem] = []
        signed_final: set[str] = set()
        rows = con.execute(
            "SELECT acceptance_uuid, seq, head_hash, result_sha256, signer_fingerprint, certificate, signature,"
            " signed_at FROM head_signature ORDER BY seq"
        ).fetchall()
        for acc, seq, head_hash, rsha, fp, cert, sig, at in rows:
            entries = [
                {"seq": n, "hash": h}
                for n, h in con.execute(
                    "SELECT seq, hash FROM audit_log WHERE acceptance_uuid = ? AND seq <= ? ORDER BY seq", (acc, seq)
                )
            ]
            result_json = None
            if rsha is not None:
                found = con.execute("SELECT result_json FROM acceptance WHERE uuid = ?", (acc,)).fetchone()
                result_json = found[0] if found else ""
                signed_final.add(acc)
            head = dict(zip(_HEAD_FIELDS, (acc, seq, head_hash, rsha, fp, cert, sig, at), strict=True))
            for code in check_signed_head(head, entries, result_json):
                out.append(LogProblem(code, seq))
            if fp != self.chair_key(acc):
                out.append(LogProblem("trust.head_wrong_signer", seq))
        for acc, logged in self.acceptances.items():
            final = logged["final"]
            if final is not None and self.chair_key(acc) and acc not in signed_final:
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
