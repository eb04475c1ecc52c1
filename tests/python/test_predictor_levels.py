"""Predictor.levels() (bc_predictor_levels): a clone of a synthetic broker log whose
stop and target lie k x mean(high - low, 10) from the entry (test_clone_range_unit's
log) is traded bar by bar by a host that reports its own fills (auto_position 0;
a level's fill before the update of the bar that touched it): after each entry reported at the close with one bar held, levels() gives the sl / tp
that botcopier.run_clone places on the same position, exactly; flat and a model without
stop rules give NaN and rules 0."""
import math
import os

import numpy as np
import pandas as pd
import pytest

import botcopier
from botcopier import clone, data
from test_clone_range_unit import SP500, broker_log


def test_levels_are_the_runs_stops_and_nan_when_flat(tmp_path):
    bars = botcopier.read_bars(SP500)
    times = np.asarray(bars.time, dtype=np.int64)
    o, h, l, c, v = (np.asarray(getattr(bars, k), dtype=np.float64)
                     for k in ("open", "high", "low", "close", "volume"))
    rng = pd.Series(h - l).rolling(10).mean().to_numpy()
    broker_log(tmp_path / "log.csv", times, h, l, c, rng, 1.5, 2.5)
    trades = botcopier.read_trades(tmp_path / "log.csv")
    model = botcopier.Cloner(model="logistic").fit(bars, trades)
    opens = [e for e in botcopier.run_clone(model, bars) if e.action == data.ACTION_OPEN]
    p = botcopier.Predictor(model, auto_position=0)
    sl, tp, rules = p.levels()
    assert math.isnan(sl) and math.isnan(tp) and rules == 3
    d_of = {clone.DECISION_BUY: 1, clone.DECISION_SELL: -1, clone.DECISION_CLOSE: 0}
    pos, got = 0, []
    for i in range(len(times)):
        # a level the bar touched closes the position inside the bar, reported before
        # the decision at its close; then the decision's fill
        if (pos > 0 and (l[i] <= sl or h[i] >= tp)) or (pos < 0 and (h[i] >= sl or l[i] <= tp)):
            pos, sl, tp = 0, math.nan, math.nan
            p.set_position(0)
        d, _ = p.update(int(times[i]), o[i], h[i], l[i], c[i], v[i])
        target = d_of.get(d, pos)
        if target != pos or (target != 0 and d != clone.DECISION_HOLD):
            pos = target
            p.set_position(pos, 1 if pos else 0, c[i] if pos else 0.0)
            sl, tp, _ = p.levels()
            if pos:
                got.append((int(times[i]), pos, sl, tp))
            else:
                assert math.isnan(sl) and math.isnan(tp)
    want = [(e.time, -1 if e.order_type == 1 else 1, e.sl, e.tp) for e in opens]
    assert len(want) >= 20 and sum(math.isfinite(w[2]) and math.isfinite(w[3]) for w in want) >= 20
    assert got == want  # exactly: the same rule, entry and unit


def test_a_model_without_stop_rules_has_none(tmp_path):
    data_dir = os.path.dirname(SP500)
    model = botcopier.Cloner(model="logistic").fit(
        botcopier.read_bars(os.path.join(data_dir, "aapl_daily.csv")),
        botcopier.read_trades(os.path.join(data_dir, "sample_bot_aapl_trades_raw.csv")))
    p = botcopier.Predictor(model, auto_position=0)
    p.set_position(1, 1, 100.0)
    sl, tp, rules = p.levels()
    assert rules == 0 and math.isnan(sl) and math.isnan(tp)
