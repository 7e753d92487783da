"""Where the app finds its shipped files (forms, fonts, translations) and keeps the user's data.

Shipped files are package data: ``forms/`` and ``resources/`` stay at the top of the source tree
and install as the packages ``qjsc_panel.forms`` and ``qjsc_panel.resources`` (pyproject.toml,
setup.py); a PyInstaller build puts them at the same place under ``sys._MEIPASS`` (build.spec).
They are found through ``importlib.resources``, so an editable install, ``pip install .``, the
wheel and the frozen app agree; a source checkout run in place (``PYTHONPATH=.``) reads the two
folders beside the package.  ``QJSC_HOME`` overrides the data directory (tests, CI); only the
entry points ask for it.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import os
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Literal

APP_NAME = "qjsc-panel"

Shipped = Literal["forms", "resources"]

# The top of a source checkout: it has pyproject.toml beside the package.  An installed package
# (site-packages, the frozen app) has none, so a stray top-level "forms" there is never taken.
_CHECKOUT = Path(__file__).resolve().parent.parent
# Files extracted from a zipped install live until the process ends (reportlab and Qt read lazily).
_extracted = contextlib.ExitStack()
atexit.register(_extracted.close)


def shipped(name: Shipped) -> Traversable:
    """The shipped folder ``forms`` or ``resources`` as a Traversable."""
    if (_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / name / "__init__.py").is_file():
        # The checkout this very package was imported from: its own folders, even when another
        # checkout of the project is installed (editable) in the same interpreter.
        return _CHECKOUT / name
    return resources.files(f"qjsc_panel.{name}")


def real_path(resource: Traversable) -> Path:
    """A filesystem path for a shipped file (for reportlab and Qt, which want one).

    Installs on a filesystem give the file itself; a zipped install extracts it, for the lifetime
    of the process (reportlab and Qt may read it later).
    """
    if isinstance(resource, Path):
        return resource
    return _extracted.enter_context(resources.as_file(resource))


@functools.cache
def shipped_file(name: Shipped, *parts: str) -> Path:
    """A shipped file as a filesystem path, e.g. ``shipped_file("resources", "fonts", "x.ttf")``."""
    resource = shipped(name)
    for part in parts:
        resource = resource / part
    return real_path(resource)


def _shipped_dir(name: Shipped) -> Path:
    folder = shipped(name)
    if not isinstance(folder, Path):  # a zipped install; use shipped_file() for single files
        raise RuntimeError(f"qjsc_panel.{name} is not on a filesystem: {folder}")
    return folder


def forms_dir() -> Path:
    return _shipped_dir("forms")


def resources_dir() -> Path:
    return _shipped_dir("resources")


def default_form_path() -> Path:
    return shipped_file("forms", "default-2025.json")


def home_override(option: Path | None = None) -> Path | None:
    """A data directory chosen for this run (``--home``, else ``$QJSC_HOME``), if any."""
    chosen = option or os.environ.get("QJSC_HOME")
    return Path(chosen) if chosen else None


def data_dir(option: Path | None = None) -> Path:
    """The user's data directory: ``option`` (``--home``), else ``$QJSC_HOME``, else the
    platform's.  Called only by the entry points, which pass the result down in the
    application object; nothing else reads the environment."""
    override = home_override(option)
    if override is not None:
        path = override
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path
