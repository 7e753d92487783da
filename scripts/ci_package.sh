#!/usr/bin/env bash
# Package checks, run by .ci/run after the test suite and runnable by hand:
#
#     bash scripts/ci_package.sh [WORKDIR]
#
#  1. build the wheel (build isolation: setuptools comes from the index, not from this machine);
#  2. install it into a fresh virtual environment (no system site-packages) and run
#     `qjsc-panel demo --out DIR` from it, outside the source tree; the opinion PDF must exist;
#  3. build build.spec with PyInstaller (one folder) and run the frozen app's --smoke-test offscreen.
#
# Each step prints its duration; any failure stops the script with a non-zero exit.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
PYTHON="${PYTHON:-python3}"
WORK="${1:-$(mktemp -d -t qjsc-package.XXXXXX)}"
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
export QT_QPA_PLATFORM=offscreen
export PIP_DISABLE_PIP_VERSION_CHECK=1

started=$SECONDS
step() {  # step NAME COMMAND...: run, then print how long it took
    local name="$1" t0=$SECONDS
    shift
    echo "== $name"
    "$@"
    echo "== $name: $((SECONDS - t0)) s"
}

build_wheel() {
    rm -rf "$WORK/dist"
    "$PYTHON" -m pip wheel --quiet --no-deps --wheel-dir "$WORK/dist" "$ROOT"
    ls -l "$WORK"/dist/qjsc_panel-*.whl
    # The shipped data must be inside the wheel (the defect this step guards against).
    "$PYTHON" - "$WORK"/dist/qjsc_panel-*.whl <<'PY'
import sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
need = [
    "qjsc_panel/forms/default-2025.json",
    "qjsc_panel/resources/fonts/LXGWWenKai-Regular.ttf",
    "qjsc_panel/resources/fonts/QJSC-SansUI-Regular.otf",
    "qjsc_panel/store/migrations/env.py",
]
missing = [n for n in need if n not in names]
if missing:
    sys.exit(f"wheel lacks {missing}")
PY
}

# pip's notes about this machine's extra package folders are noise here.
quiet_pip() { "$@" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2); }

install_wheel() {
    rm -rf "$WORK/venv"
    "$PYTHON" -m venv "$WORK/venv"
    quiet_pip "$WORK/venv/bin/python" -m pip install --quiet "$WORK"/dist/qjsc_panel-*.whl
}

demo_from_wheel() {
    rm -rf "$WORK/demo-output" "$WORK/home"
    # Run outside the checkout with a clean environment so nothing of the source tree is imported.
    (cd "$WORK" && env -u PYTHONPATH QJSC_HOME="$WORK/home" "$WORK/venv/bin/qjsc-panel" demo --out "$WORK/demo-output")
    local pdfs
    pdfs="$(find "$WORK/demo-output" -name '*.pdf' -size +1k | wc -l)"
    ls -l "$WORK/demo-output"
    if [ "$pdfs" -lt 1 ]; then
        echo "the demo run from the wheel wrote no PDF" >&2
        return 1
    fi
}

freeze() {
    # In the wheel's venv: it holds exactly the app's dependencies, so PyInstaller analyses and
    # bundles no more than the app needs (the spec reads qjsc_panel itself from the source tree).
    quiet_pip "$WORK/venv/bin/python" -m pip install --quiet "pyinstaller>=6.6"
    rm -rf "$WORK/pyi-dist" "$WORK/pyi-build"
    (cd "$WORK" && env -u PYTHONPATH "$WORK/venv/bin/python" -m PyInstaller --noconfirm --log-level WARN \
        --distpath "$WORK/pyi-dist" --workpath "$WORK/pyi-build" "$ROOT/build.spec")
}

smoke_frozen() {
    rm -rf "$WORK/frozen-home"
    (cd "$WORK" && env -u PYTHONPATH QJSC_HOME="$WORK/frozen-home" "$WORK/pyi-dist/qjsc-panel/qjsc-panel" --smoke-test)
    # The app logs (rather than fails on) a font it cannot register; here that is a failure.
    if grep -rqs "font missing" "$WORK/frozen-home"; then
        echo "the frozen app could not find its bundled font" >&2
        return 1
    fi
}

step "build the wheel" build_wheel
step "install the wheel into a fresh venv" install_wheel
step "qjsc-panel demo from the wheel" demo_from_wheel
step "PyInstaller one-folder build" freeze
step "frozen app --smoke-test" smoke_frozen
echo "== package checks passed in $((SECONDS - started)) s (work dir $WORK)"
