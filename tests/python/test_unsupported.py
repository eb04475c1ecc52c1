"""Against a library without a layer, its wrappers fail with UnsupportedError
naming the missing function (not with a Python error), so the binding can
ship ahead of the library. Each case runs only while its symbol is absent."""
import numpy as np
import pytest

import botcopier

CASES = [
    ("bc_time_parse", lambda tmp: botcopier.time_parse("2024.01.02")),
    ("bc_time_format", lambda tmp: botcopier.time_format(0)),
    ("bc_bars_read_csv", lambda tmp: botcopier.read_bars(tmp / "bars.csv")),
    ("bc_bars_from_arrays", lambda tmp: botcopier.Bars.from_arrays(
        np.arange(3, dtype=np.int64), np.ones(3))),
    ("bc_ticks_read_csv", lambda tmp: botcopier.read_ticks(tmp / "ticks.csv")),
    ("bc_trades_read_csv", lambda tmp: botcopier.read_trades(tmp / "trades.csv")),
    ("bc_trades_create", lambda tmp: botcopier.Trades()),
    ("bc_features_create", lambda tmp: botcopier.Features(["sma(3)"])),
    ("bc_model_load", lambda tmp: botcopier.Model.load(tmp / "m.bcm")),
    ("bc_model_load_bytes", lambda tmp: botcopier.Model.from_bytes(b"BCM1")),
    ("bc_trainer_create", lambda tmp: botcopier.Trainer("logistic", epochs=3)),
    ("bc_cloner_create", lambda tmp: botcopier.Cloner(horizon=5)),
]


@pytest.mark.parametrize("symbol,call", CASES, ids=[c[0] for c in CASES])
def test_wrapper_of_a_missing_function_raises_unsupported_naming_it(symbol, call, tmp_path):
    if botcopier.has(symbol):
        pytest.skip("%s is exported: its own tests cover it" % symbol)
    with pytest.raises(botcopier.UnsupportedError, match=symbol + " is not exported"):
        call(tmp_path)
