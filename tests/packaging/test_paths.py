"""Shipped files are found as package data, in the source tree and in an installed layout."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from qjsc_panel import paths

ROOT = Path(__file__).resolve().parents[2]


def test_checkout_reads_its_own_folders() -> None:
    assert paths.shipped("forms") == ROOT / "forms"
    assert paths.default_form_path() == ROOT / "forms" / "default-2025.json"
    assert paths.shipped_file("resources", "fonts", "LXGWWenKai-Regular.ttf").is_file()
    assert paths.resources_dir() == ROOT / "resources"


def _installed_copy(site: Path) -> None:
    """Lay out qjsc_panel as a wheel installs it: forms and resources inside the package."""
    shutil.copytree(ROOT / "qjsc_panel", site / "qjsc_panel", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("forms", "resources"):
        target = site / "qjsc_panel" / name
        target.mkdir()
        for source in (ROOT / name).rglob("*"):
            if source.is_file() and "__pycache__" not in source.parts:
                dest = target / source.relative_to(ROOT / name)
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.symlink_to(source)  # the fonts are 30 MB; a link is enough to be found


def test_installed_layout_found_through_importlib_resources(tmp_path: Path) -> None:
    site = tmp_path / "site-packages"
    _installed_copy(site)
    # A stray top-level "forms" next to the package (another distribution's) must not be taken.
    (site / "forms").mkdir()
    (site / "forms" / "__init__.py").write_text("")
    probe = (
        "import json; from qjsc_panel import paths; "
        "print(json.dumps([str(paths.default_form_path()), "
        "str(paths.shipped_file('resources', 'fonts', 'QJSC-SansUI-Bold.otf')), "
        "str(paths.resources_dir()), type(paths.shipped('forms')).__name__]))"
    )
    out = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r}); {probe}"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    ).stdout
    form, font, resources, kind = json.loads(out)
    package = site / "qjsc_panel"
    assert Path(form) == package / "forms" / "default-2025.json"
    assert Path(font) == package / "resources" / "fonts" / "QJSC-SansUI-Bold.otf"
    assert Path(resources) == package / "resources"
    assert kind.endswith("Path")


def test_real_path_extracts_a_file_that_is_not_on_disk(tmp_path: Path) -> None:
    import zipfile

    archive = tmp_path / "shipped.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("forms/default-2025.json", json.dumps({"ok": True}))
    resource = zipfile.Path(archive, "forms/default-2025.json")
    path = paths.real_path(resource)
    assert path.is_file()
    assert json.loads(path.read_text()) == {"ok": True}
