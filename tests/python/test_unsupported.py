"""Against a library without a layer, its wrappers fail with UnsupportedError
naming the missing function (not with a Python error or a crash), so the
binding can ship ahead of the library. Checked against a stand-in library
that exports only the version functions, in a subprocess (a process loads
one libbotcopier)."""
import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

# (the C function the call needs first, a Python expression using it)
CASES = [
    ("bc_time_parse", "botcopier.time_parse('2024.01.02')"),
    ("bc_time_format", "botcopier.time_format(0)"),
    ("bc_bars_read_csv", "botcopier.read_bars(tmp + '/bars.csv')"),
    ("bc_bars_from_arrays", "botcopier.Bars.from_arrays(np.arange(3, dtype=np.int64), np.ones(3))"),
    ("bc_ticks_read_csv", "botcopier.read_ticks(tmp + '/ticks.csv')"),
    ("bc_trades_read_csv", "botcopier.read_trades(tmp + '/trades.csv')"),
    ("bc_trades_create", "botcopier.Trades()"),
    ("bc_decisions_read_csv", "botcopier.read_decisions(tmp + '/decisions.csv')"),
    ("bc_decision_log_open", "botcopier.DecisionLog(tmp + '/decisions.csv')"),
    ("bc_divergences_create", "botcopier.Divergences()"),
    ("bc_features_create", "botcopier.Features(['sma(3)'])"),
    ("bc_model_load", "botcopier.Model.load(tmp + '/m.bcm')"),
    ("bc_model_load_bytes", "botcopier.Model.from_bytes(b'BCM1')"),
    ("bc_trainer_create", "botcopier.Trainer('logistic', epochs=3)"),
    ("bc_threshold_search", "botcopier.threshold_search(np.ones(2), np.ones(2, np.int32))"),
    ("bc_platt_fit", "botcopier.platt_fit(np.ones(2) / 2, np.ones(2, np.int32))"),
    ("bc_hwinfo_json", "botcopier.hwinfo()"),
    ("bc_cloner_create", "botcopier.Cloner(holdout=0.3)"),
    ("bc_clone_default_features", "botcopier.default_features()"),
    ("bc_backend_init", "botcopier.Backend('cpu')"),
    ("bc_random_uniform", "botcopier.random_uniform(4, seed=1)"),
]

STAND_IN = r"""
#include <stdint.h>
__attribute__((visibility("default"))) uint32_t bc_abi_version(void) { return 1; }
__attribute__((visibility("default"))) const char *bc_version_string(void) { return "0.0.1"; }
__attribute__((visibility("default"))) const char *bc_last_error(void) { return ""; }
__attribute__((visibility("default"))) void bc_clear_error(void) {}
"""

SCRIPT = r"""
import json, sys
import numpy as np
import botcopier
tmp = sys.argv[1]
results = {}
for symbol, expr in json.loads(sys.argv[2]):
    try:
        eval(expr)
        results[symbol] = "returned"
    except botcopier.UnsupportedError as e:
        results[symbol] = ["UnsupportedError", e.function, e.status, str(e)]
    except Exception as e:
        results[symbol] = [type(e).__name__, str(e)]
print(json.dumps(results))
"""


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    if shutil.which("cc") is None:
        pytest.skip("no C compiler to build the stand-in library")
    tmp = tmp_path_factory.mktemp("stand_in")
    src, lib = tmp / "stand_in.c", tmp / "libbotcopier.so.1"
    src.write_text(STAND_IN)
    subprocess.run(["cc", "-shared", "-fPIC", "-o", str(lib), str(src)], check=True)
    env = dict(os.environ, BC_LIBRARY=str(lib), PYTHONPATH=str(ROOT / "bindings" / "python"))
    r = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp), json.dumps(CASES)], env=env,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


@pytest.mark.parametrize("symbol,expr", CASES, ids=[c[0] for c in CASES])
def test_wrapper_of_a_missing_function_raises_unsupported_naming_it(outcomes, symbol, expr):
    kind, function, status, message = outcomes[symbol]
    assert (kind, function, status) == ("UnsupportedError", symbol, -12)
    assert message.startswith(symbol + " is not exported by libbotcopier 0.0.1 at ")
    assert "update the library" in message
