"""A thin adapter over the application object for the expert's screens.

The entry point (:mod:`qjsc_panel.ui.app`) builds the :class:`App` (data directory, database
file, language) and hands it to the main window; this class adds only the UI's state — the
expert who is logged in — and shapes service results for the screens.  Widgets never touch
SQLAlchemy or a rule: these thin methods import the services on first use (after the window
is shown) and raise :class:`QjscError` for refusals.  Rendering a refusal in the current
language is :func:`message`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from qjsc_panel.errors import QjscError
from qjsc_panel.services.app import App
from qjsc_panel.ui import i18n

if TYPE_CHECKING:
    from decimal import Decimal

    from qjsc_panel.domain.form import Form
    from qjsc_panel.services.scoring import SheetView


def grouped_fingerprint(full: str) -> str:
    """A whole SHA-256 fingerprint as 16 groups of four, two lines: read aloud face to face."""
    hexes = full.replace("-", "").upper()
    groups = [hexes[i : i + 4] for i in range(0, len(hexes), 4)]
    return " ".join(groups[:8]) + "\n" + " ".join(groups[8:])


def message(exc: BaseException) -> str:
    """A refusal in the user's current language (unknown exceptions: their text)."""
    if isinstance(exc, QjscError):
        return exc.render(i18n.current())
    return str(exc) or exc.__class__.__name__


class Profile(NamedTuple):
    """An expert who has a key on this laptop (the key file holds name and fingerprint)."""

    name: str
    fingerprint: str
    short: str


class Membership(NamedTuple):
    """One acceptance the logged-in expert sits on, as the start screen lists it."""

    acceptance: str
    enterprise: str
    visit_date: str
    member_id: int
    declared: bool
    recused: bool
    recusal_reason: str
    sheet_status: str | None  # None, "draft" or "submitted"
    finalised: bool


class ExpertProfile(NamedTuple):
    member_id: int
    name: str
    employer: str
    title: str
    title_level: str
    years: int
    speciality: str
    phone: str


class Backend:
    """The application object and the expert who is logged in."""

    def __init__(self, app: App) -> None:
        self.app = app
        self._default_form: Form | None = None
        self.profile: Profile | None = None
        self._passphrase: str | None = None
        self.private = False  # the logged-in profile works on its own encrypted database

    # -- start-up ---------------------------------------------------------------------------
    @property
    def ctx(self) -> App:
        """The application, in the language currently shown (its database opened on first use)."""
        self.app.lang = i18n.current()
        _ = self.app.db
        return self.app

    def default_form(self) -> Form:
        if self._default_form is None:
            from qjsc_panel.domain.form import load_form
            from qjsc_panel.paths import default_form_path

            self._default_form = load_form(default_form_path())
        return self._default_form

    def close(self) -> None:
        self.app.close()

    # -- profiles and login -----------------------------------------------------------------
    def profiles(self) -> list[Profile]:
        from qjsc_panel.services import exchange

        return [Profile(k.name, k.fingerprint, k.short) for k in exchange.list_keys(self.app)]

    def create_profile(self, name: str, passphrase: str, repeat: str) -> Profile:
        from qjsc_panel.services import exchange

        if len(passphrase) < 8:
            raise QjscError("ui.passphrase_short", n=8)
        if passphrase != repeat:
            raise QjscError("ui.passphrase_mismatch")
        info = exchange.init_key(self.app, name, passphrase)
        return Profile(info.name, info.fingerprint, info.short)

    def login(self, profile: Profile, passphrase: str) -> None:
        """Unlock the profile's key: a wrong passphrase raises and nothing opens."""
        from qjsc_panel.services import authority

        # The unlocked key is the session's authority: a chair decision checks its fingerprint
        # against the key registered for the chair, never the profile's name.
        key = authority.unlock_profile(self.app, profile.fingerprint, passphrase)
        from qjsc_panel.services import private_db

        # The profile's own database, encrypted under this passphrase: what this expert scores
        # or imports, another expert on the laptop cannot read (issue 12, item 9).
        self.private = private_db.open_for_profile(self.app, profile.fingerprint, passphrase)
        self.profile = profile
        self._passphrase = passphrase
        self.app.actor = profile.name
        self.app.key = key

    def logout(self) -> None:
        from qjsc_panel.services import private_db

        private_db.leave(self.app)  # the profile's database closes with the session
        self.private = False
        self.profile = None
        self._passphrase = None
        self.app.actor = ""
        self.app.key = None

    def make_private(self) -> Path:
        """Move the logged-in profile's data from the shared database to its own encrypted file."""
        from qjsc_panel.services import private_db

        assert self.profile is not None and self._passphrase is not None
        path = private_db.make_private(self.app, self.profile.fingerprint, self._passphrase)
        self.private = True
        return path

    def chaired(self) -> list[dict[str, Any]]:
        """The acceptances the logged-in key chairs (by the key, never by the name)."""
        from qjsc_panel.services.chair import chaired_by

        if self.profile is None or not self.app.db_open:
            return []
        return chaired_by(self.ctx, self.profile.fingerprint)

    def check_passphrase(self, passphrase: str) -> None:
        from qjsc_panel.services import exchange

        assert self.profile is not None
        exchange.unlock_key(self.app, self.profile.fingerprint, passphrase)

    # -- joining ----------------------------------------------------------------------------
    def import_invitation(self, path: Path) -> str:
        """Verify and join the chair's invitation; returns the local acceptance uuid."""
        from qjsc_panel.services import exchange
        from qjsc_panel.services.chair import invitation_is_for

        # On a shared laptop the invitation may be for a colleague's key: say whose it is
        # rather than join it silently into a profile that then shows nothing.
        if self.profile is not None:
            invitation_is_for(path, self.profile.name, self.profile.fingerprint)
        return exchange.join(self.ctx, path).local_acceptance

    def public_key(self) -> tuple[str, str, str]:
        """The logged-in expert's ``(name, whole fingerprint in groups of four, public PEM)``."""
        from qjsc_panel.services import exchange

        assert self.profile is not None
        info = exchange.find_key(self.app, self.profile.fingerprint)
        return info.name, grouped_fingerprint(info.fingerprint), info.public_pem

    def export_public_key(self, out: Path) -> Path:
        """Write the public key (what the chair enrols) to ``out``; no passphrase needed."""
        _name, _short, pem = self.public_key()
        try:
            out.write_text(pem, encoding="ascii")
        except OSError as exc:
            raise QjscError("export.unwritable", file=str(out), detail=exc.strerror or "") from None
        return out

    def memberships(self) -> list[Membership]:
        """The acceptances on which the logged-in expert's key sits (never anyone else's)."""
        from qjsc_panel.services.archive import expert_home

        if self.profile is None:
            return []
        # One query for every acceptance, not a panel status per acceptance (10,000 on a bureau PC).
        return [Membership(*row) for row in expert_home(self.ctx, self.profile.fingerprint)]

    def expert_profile(self, acceptance: str, member_id: int) -> ExpertProfile:
        """The profile the chair's invitation carried (it is what the sign-in sheet prints)."""
        from qjsc_panel.services.exchange import joined_for_local
        from qjsc_panel.services.status import panel_status

        m = panel_status(self.ctx, acceptance).member(member_id)
        found = joined_for_local(self.app, acceptance, self.profile.fingerprint if self.profile else None)
        x: dict[str, Any] = found.invitation.body["expert"] if found else {}
        return ExpertProfile(
            member_id,
            str(x.get("name", m.name)),
            str(x.get("employer", m.employer)),
            str(x.get("title", m.title)),
            str(x.get("title_level", m.title_level or "")),
            int(x.get("years", m.years or 0)),
            str(x.get("speciality", "")),
            str(x.get("phone", m.phone)),
        )

    def declare(self, member_id: int, conflicts: list[str], note: str, confidentiality: bool) -> bool:
        from qjsc_panel.services.panel import declare

        return declare(self.ctx, member_id, conflicts, note=note, confidentiality=confidentiality)

    # -- scoring ----------------------------------------------------------------------------
    def form_for(self, acceptance: str) -> Form:
        from qjsc_panel.services.acceptances import load_acceptance_form

        return load_acceptance_form(self.ctx, acceptance)

    def sheet(self, member_id: int) -> SheetView | None:
        from qjsc_panel.services.scoring import sheet_view

        return sheet_view(self.ctx, member_id)

    def set_score(self, member_id: int, item_id: str, value: object) -> Decimal | None:
        from qjsc_panel.services.scoring import set_score

        return set_score(self.ctx, member_id, item_id, value)

    def set_comment(self, member_id: int, item_id: str, text: str) -> None:
        from qjsc_panel.services.scoring import set_comment

        set_comment(self.ctx, member_id, item_id, text)

    def propose_veto(self, member_id: int, veto_item_id: str, evidence: str) -> int:
        from qjsc_panel.services.vetoes import propose_veto

        return propose_veto(self.ctx, member_id, veto_item_id, evidence)

    def my_vetoes(self, acceptance: str, member_id: int) -> list[dict[str, Any]]:
        """Only the proposals this member made: others' stay unseen, like their scores."""
        from qjsc_panel.services.status import panel_status
        from qjsc_panel.services.vetoes import list_vetoes

        name = panel_status(self.ctx, acceptance).member(member_id).name
        return [v for v in list_vetoes(self.ctx, acceptance) if v["proposer"] == name]

    def submit(self, acceptance: str, member_id: int, passphrase: str, out_dir: Path) -> Path:
        """Submit the sheet, then sign and seal it into ``out_dir``.  Runs off the UI thread.

        Everything that can be checked first is: the passphrase and the folder.  If writing
        the file fails after submission (stick pulled out), :meth:`write_package` retries.
        """
        from qjsc_panel.services.scoring import sheet_view, submit

        self.check_passphrase(passphrase)
        if not out_dir.is_dir() or not os.access(out_dir, os.W_OK):
            raise QjscError("ui.folder_missing", path=str(out_dir))
        view = sheet_view(self.ctx, member_id)
        if view is None or view.status != "submitted":
            submit(self.ctx, member_id)
        return self.write_package(acceptance, passphrase, out_dir)

    def write_package(self, acceptance: str, passphrase: str, out_dir: Path) -> Path:
        from qjsc_panel.services import exchange

        assert self.profile is not None
        return exchange.export_sheet(self.ctx, acceptance, passphrase, out_dir, key_ref=self.profile.fingerprint)

    def correct(self, member_id: int, reason: str) -> str:
        from qjsc_panel.services.scoring import correct

        return correct(self.ctx, member_id, reason)
