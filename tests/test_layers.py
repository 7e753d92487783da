"""The layer contract (pyproject.toml ``[tool.importlinter]``, docs/architecture.md) holds, and
is real: a forbidden import — even one hidden inside a function body — breaks it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """Run ``lint-imports`` on the package under ``root`` with ``root``'s pyproject.toml."""
    exe = shutil.which("lint-imports")
    if exe is None:
        pytest.fail("lint-imports is missing: pip install -e '.[test]'")
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [exe, "--no-cache"], cwd=root, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def test_the_layer_contract_is_kept() -> None:
    done = lint_imports(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package and its contract, copied so that a test can add a bad import."""
    root = tmp_path_factory.mktemp("layers")
    shutil.copytree(ROOT / "qjsc_panel", root / "qjsc_panel", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


# (module that gains the import, the import, the contract it must break)
VIOLATIONS = [
    ("qjsc_panel/domain/scoring.py", "from qjsc_panel.store.models import ScoreSheet", "domain imports only"),
    ("qjsc_panel/exchange/package.py", "from qjsc_panel.services.common import sheets_of", "libraries"),
    ("qjsc_panel/reports/pdf.py", "from qjsc_panel.store import audit", "libraries"),
    ("qjsc_panel/reports/model.py", "from qjsc_panel.paths import data_dir", "libraries"),
    ("qjsc_panel/ui/backend.py", "from qjsc_panel.exchange import keys", "ui reaches"),
    ("qjsc_panel/ui/dashboard.py", "from qjsc_panel.reports.dashboard import build", "ui reaches"),
    ("qjsc_panel/cli/registry.py", "from qjsc_panel.store.db import open_database", "cli does not"),
    ("qjsc_panel/services/status.py", "from qjsc_panel.demo import run", "nothing imports the demo"),
    ("qjsc_panel/services/scoring.py", "from qjsc_panel.ui import backend", "never import the faces"),
]


@pytest.mark.parametrize(("module", "statement", "contract"), VIOLATIONS, ids=[v[0] for v in VIOLATIONS])
def test_an_import_inside_a_function_body_breaks_the_contract(
    copy: Path, module: str, statement: str, contract: str
) -> None:
    path = copy / module
    original = path.read_text(encoding="utf-8")
    hidden = f"\n\ndef _smuggled() -> None:\n    {statement}  # noqa\n"
    path.write_text(original + hidden, encoding="utf-8")
    try:
        done = lint_imports(copy)
    finally:
        path.write_text(original, encoding="utf-8")
    assert done.returncode != 0, done.stdout
    broken = [line for line in done.stdout.splitlines() if "BROKEN" in line]
    assert any(contract in line for line in broken), done.stdout
