"""The sl/tp fit's average-range unit (lib/clone/cloner_exits.c): a synthetic log on
the S&P 500's daily bars whose broker stop and target lie k x mean(high - low, n)
from the entry close (the range computed here with pandas' rolling mean, not by the
library) is read back as unit "range" with its n and both multipliers, and used; a
log whose levels are k x TA-Lib's ATR(14) keeps the atr unit (the range is no
better fit for it). The heldout13 range bot's rule read from its log is checked in
test_heldout_bots.py, on the clone its fidelity test makes."""
import json
import os
import subprocess
import time

import numpy as np
import pandas as pd
import pytest

import botcopier
from conftest import cli_executable

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "tests", "data")
SP500 = os.path.join(DATA, "sp500_daily.csv")
HEADER = ("event_id;event_time;broker_time;local_time;action;ticket;magic;source;symbol;"
          "order_type;lots;price;sl;tp;profit;profit_after_trade;spread;trace_id;span_id;"
          "comment;remaining_lots;slippage;volume;open_time;book_bid_vol;book_ask_vol;"
          "book_imbalance")


def stamp(t):
    return time.strftime("%Y.%m.%d %H:%M:%S", time.gmtime(int(t)))


def broker_log(path, times, h, l, c, unit, k_sl, k_tp):
    """Alternating long/short entries every 12 bars from the first bar with a unit;
    each closes at the first level a later bar touches (the stop first, as a broker
    takes it), or after 8 bars at the close."""
    rows, eid, ticket = [], 1, 5000
    t = int(np.argmax(np.isfinite(unit))) + 1
    side = 1
    while t < len(c) - 10:
        entry, u = round(c[t], 2), unit[t]
        sl, tp = round(entry - side * k_sl * u, 2), round(entry + side * k_tp * u, 2)
        ticket += 1
        otype = 0 if side > 0 else 1
        rows.append(f"{eid};{stamp(times[t])};{stamp(times[t])};{stamp(times[t])};OPEN;{ticket};1;"
                    f"mt5;SPX500;{otype};1.00;{entry:.2f};{sl:.2f};{tp:.2f};0.00;;;;;;0;0;0;"
                    f"{stamp(times[t])};;;")
        eid += 1
        price, j = None, t + 1
        while price is None:
            if (side > 0 and l[j] <= sl) or (side < 0 and h[j] >= sl):
                price = sl
            elif (side > 0 and h[j] >= tp) or (side < 0 and l[j] <= tp):
                price = tp
            elif j - t >= 8:
                price = round(c[j], 2)
            else:
                j += 1
        rows.append(f"{eid};{stamp(times[j])};{stamp(times[j])};{stamp(times[j])};CLOSE;{ticket};1;"
                    f"mt5;SPX500;{otype};1.00;{price:.2f};{sl:.2f};{tp:.2f};0.00;;;;;;0;0;0;"
                    f"{stamp(times[t])};;;")
        eid += 1
        t, side = max(j + 1, t + 12), -side
    with open(path, "w") as f:
        f.write(HEADER + "\n" + "\n".join(rows) + "\n")


def clone_exits(tmp_path, trades):
    out = tmp_path / "clone"
    # the sl/tp fit reads the log and the bars, not the model: logistic keeps the
    # clone short (model auto fits three kinds)
    subprocess.run([cli_executable(), "clone", "--trades", str(trades), "--bars", SP500,
                    "--out", str(out), "--quiet", "--set", "model=logistic"], check=True,
                   stdout=subprocess.DEVNULL)
    return json.loads((out / "report.json").read_text())["exits"]


@pytest.fixture(scope="module")
def sp500():
    bars = botcopier.read_bars(SP500)
    return (np.asarray(bars.time, dtype=np.int64),
            *(np.asarray(getattr(bars, k), dtype=np.float64) for k in ("high", "low", "close")))


def test_a_stop_and_target_in_average_ranges_are_learned_as_range(tmp_path, sp500):
    times, h, l, c = sp500
    rng = pd.Series(h - l).rolling(10).mean().to_numpy()
    broker_log(tmp_path / "log.csv", times, h, l, c, rng, 1.5, 2.5)
    exits = clone_exits(tmp_path, tmp_path / "log.csv")
    for side, k in (("sl", 1.5), ("tp", 2.5)):
        fit = exits[side]
        assert (fit["unit"], fit.get("n")) == ("range", 10), fit
        assert fit["k"] == pytest.approx(k, rel=2e-3), fit
        assert fit["relative_error"] < 0.01 and fit["used"], fit


def test_a_stop_in_atrs_keeps_the_atr_unit(tmp_path, sp500):
    talib = pytest.importorskip("talib")
    times, h, l, c = sp500
    broker_log(tmp_path / "log.csv", times, h, l, c, talib.ATR(h, l, c, 14), 2.0, 3.0)
    exits = clone_exits(tmp_path, tmp_path / "log.csv")
    for side, k in (("sl", 2.0), ("tp", 3.0)):
        fit = exits[side]
        assert fit["unit"] == "atr" and fit.get("n", 14) == 14, fit
        assert fit["k"] == pytest.approx(k, rel=2e-3), fit
        assert fit["used"], fit
