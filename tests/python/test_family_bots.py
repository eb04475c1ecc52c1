"""Clones of the directional-movement and Chande-momentum tuning bots
(tests/data/bots/dmi_cross_adx_eurusd, cmo_levels_sp500, written by
tests/data/bots/make_test_bots.py with TA-Lib's PLUS_DI / MINUS_DI / ADX and
CMO, not by the library) with default options through the CLI: fidelity F1
must stay at what was measured when dmi(n) and cmo(n) joined the engine and
the search grids (minus 0.03, one or two entries), and the clone's search
must name the bot's own item. Before the grid items: dmi 0.300 (trees),
cmo 1.000 (logistic, on rsi(9): cmo(9) is 2*rsi(9) - 100)."""
import json
import os
import subprocess

import pytest

from conftest import cli_executable

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "tests", "data")
BOTS_DIR = os.path.join(DATA, "bots")

BOTS = [
    # +DI(14) crossing -DI(14) while adx(14) > 20; the opposite cross closes
    # (seventeenth session: the cross and the adx level join as one and(...) column,
    # explained as "flat and (A and B)", 0.988 -> 1.000)
    ("dmi_cross_adx_eurusd", os.path.join(BOTS_DIR, "eurusd_1h.csv"), 1.000,
     ["cross(dmi(14).plus,dmi(14).minus)", "above(adx(14),20)"],
     ["opens long when flat and dmi(14).plus crosses above dmi(14).minus and adx(14) >",
      "opens short when flat and dmi(14).plus crosses below dmi(14).minus and adx(14) >"]),
    # cmo(9) < -50 long / > 50 short, out when cmo crosses 0: the same cuts
    # as rsi(9) < 25 / > 75 and rsi(9) crossing 50, and the grid's earlier
    # rsi(9) is named on the tie
    ("cmo_levels_sp500", os.path.join(DATA, "sp500_daily.csv"), 1.000,
     ["above(rsi(9),25)", "above(rsi(9),75)", "above(rsi(9),50)"],
     ["opens long when flat and rsi(9) <= 25", "opens short when flat and rsi(9) > 75"]),
]


@pytest.mark.parametrize("name,bars,measured,items,rules", BOTS, ids=[b[0] for b in BOTS])
def test_family_bot_keeps_its_fidelity_and_its_own_item(tmp_path, name, bars, measured, items,
                                                        rules):
    out = tmp_path / name
    subprocess.run([cli_executable(), "clone", "--trades",
                    os.path.join(BOTS_DIR, name + "_trades_raw.csv"), "--bars", bars,
                    "--out", str(out), "--quiet"], check=True, stdout=subprocess.DEVNULL)
    report = json.loads((out / "report.json").read_text())
    assert report["fidelity"]["f1"] >= measured - 0.03, report["fidelity"]
    added = report["search"]["added"]
    for item in items:
        assert item in added, added
    text = subprocess.run([cli_executable(), "explain", "--model", str(out / "model.bcm")],
                          check=True, capture_output=True, text=True).stdout
    # a conjunction column reads "when flat and (A and B)": the same rule as "A and B"
    lines = [line.strip().replace("flat and (", "flat and ") for line in text.splitlines()]
    for r in rules:
        assert any(line.startswith(r) for line in lines), text
