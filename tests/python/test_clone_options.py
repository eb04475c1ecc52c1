"""The replay option by direction and size: divergences on the bars where
the base clone is least sure of the bot's real decision make the new clone
more sure of it there, and more so with a larger replay weight. Labels per
bar come from the trade log itself (an event belongs to its bar's date)."""
import datetime as dt
import pathlib

import numpy as np

import botcopier as bc

DATA = pathlib.Path(__file__).resolve().parents[1] / "data"


def rows_with_labels(model, bars, trades, tmp_path):
    log = tmp_path / "decisions.csv"
    with bc.Predictor(model, decision_log=str(log)) as p:
        p.run(bars)
    label = {}
    for i in range(len(trades)):
        e = trades[i]
        day = dt.datetime.fromtimestamp(e.time, dt.timezone.utc).date()
        if e.action == 1:                       # OPEN: long (order_type 0) or short
            label[day] = 1 if e.order_type == 0 else 2
        elif e.action == 3 and day not in label:
            label[day] = 3
    decisions = bc.read_decisions(str(log))
    x, y, ids = [], [], []
    for i in range(len(decisions)):
        f = decisions.features(i)
        if np.isnan(f).any():
            continue
        row = decisions[i]
        x.append(f)
        y.append(label.get(dt.datetime.fromtimestamp(row.timestamp, dt.timezone.utc).date(), 0))
        ids.append(row.event_id)
    return np.array(x), np.array(y), ids


def test_replay_weight_moves_the_clone_toward_the_bots_decisions(tmp_path):
    bars = bc.read_bars(str(DATA / "aapl_daily.csv"))
    trades = bc.read_trades(str(DATA / "sample_bot_aapl_trades_raw.csv"))
    base = bc.Cloner(holdout=0.3).fit(bars, trades)
    x, y, ids = rows_with_labels(base, bars, trades, tmp_path)
    p_base = base.predict(x)[np.arange(len(y)), y]
    worst = np.argsort(p_base)[:30]
    divergences = bc.Divergences()
    for k in worst:
        divergences.append(decision_id=int(ids[k]), old_prob=0.9, new_prob=0.1, profit=1.0,
                           weight=4.0)
    path = tmp_path / "divergences.csv"
    divergences.write_csv(str(path))
    means = []
    for weight in (1, 10):
        m = bc.Cloner(holdout=0.3, replay_file=str(path), replay_weight=weight).fit(bars, trades)
        means.append(m.predict(x)[np.arange(len(y)), y][worst].mean())
    # measured: 0.856 base, 0.863 at weight 1, 0.870 at weight 10
    assert p_base[worst].mean() < means[0] < means[1]
    assert means[1] - p_base[worst].mean() > 0.005
