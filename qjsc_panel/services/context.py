"""``Ctx`` is the application object's older name; new code says :class:`App`."""

from __future__ import annotations

from qjsc_panel.services.app import App

Ctx = App

__all__ = ["App", "Ctx"]
