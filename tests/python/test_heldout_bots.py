"""The issue-8 held-out bots (tests/data/bots/heldout, scored once before they
joined the suite) cloned with default options through the CLI: held-out
fidelity F1 must stay at what was measured (minus 0.03, one or two entries).
They were held out until the 2026-11 session scored them once (0.897, 0.986,
1.000, 0.823, 0.938); the level and pair search was then tuned on them, and a
second held-out set lives in tests/data/bots/heldout3."""
import json
import os
import subprocess

import pytest

from conftest import cli_executable

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "tests", "data")
HELD = os.path.join(DATA, "bots", "heldout")

BOTS = [
    # name, bars arguments, F1 now (first scored; then the level and pair search of
    # 2026-12-04 tuned on them: bb_rsi_googl lost 4 of 27 held-out entries to a pair
    # that fits its 21 training entries as well as the bot's own)
    ("heldout_bb_rsi_googl", ["--bars", os.path.join(DATA, "bots", "googl_daily.csv")], 0.807),
    ("heldout_donchian_atr_eurusd", ["--bars", os.path.join(HELD, "eurusd_1h_2017.csv")], 1.000),
    ("heldout_ema_adx_sp500", ["--bars", os.path.join(DATA, "sp500_daily.csv")], 1.000),
    ("heldout_zscore_session_eurusd", ["--bars", os.path.join(HELD, "eurusd_1h_2017.csv")], 0.992),
    ("heldout_rsi_stoch_two_symbols", ["--bars", "AAPL=" + os.path.join(DATA, "aapl_daily.csv"),
                                       "--bars", "SPX500=" + os.path.join(DATA, "sp500_daily.csv")],
     1.000),
    # the second held-out set (heldout3/), written before the level and pair search and
    # scored once after it (before it: 0.831, 0.732, 1.000, 0.471)
    ("../heldout3/heldout3_keltner_rsi_sp500", ["--bars", os.path.join(DATA, "sp500_daily.csv")], 0.988),
    ("../heldout3/heldout3_willr_trend_sp500", ["--bars", os.path.join(DATA, "sp500_daily.csv")], 1.000),
    ("../heldout3/heldout3_macd_hist_adx_eurusd", ["--bars", os.path.join(HELD, "eurusd_1h_2017.csv")],
     1.000),
    ("../heldout3/heldout3_roc_breakout_googl", ["--bars", os.path.join(DATA, "bots", "googl_daily.csv")],
     1.000),
]


@pytest.mark.parametrize("name,bars,measured", BOTS, ids=[os.path.basename(b[0]) for b in BOTS])
def test_heldout_bot_keeps_its_measured_fidelity(tmp_path, name, bars, measured):
    out = tmp_path / os.path.basename(name)
    subprocess.run([cli_executable(), "clone", "--trades",
                    os.path.join(HELD, name + "_trades_raw.csv"), *bars, "--out", str(out),
                    "--quiet"], check=True, stdout=subprocess.DEVNULL)
    report = json.loads((out / "report.json").read_text())
    assert report["fidelity"]["f1"] >= measured - 0.03, report["fidelity"]
