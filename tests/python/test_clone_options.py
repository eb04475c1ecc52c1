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
    # One model kind throughout (model auto could pick another per half-life):
    # the test is about the weights, and compares probabilities row by row.
    base = bc.Cloner(holdout=0.3, model="logistic").fit(bars, trades)
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


def regime_change_log(bars, path):
    """An always-in sma(10)/sma(30) cross bot whose rule flips on 2015-06-01
    (long on a cross up before, short on it after): a bot that changed."""
    c, t = np.asarray(bars.close), np.asarray(bars.time)
    fast = np.convolve(c, np.ones(10) / 10, "full")[:len(c)]
    slow = np.convolve(c, np.ones(30) / 30, "full")[:len(c)]
    flip = dt.datetime(2015, 6, 1, tzinfo=dt.timezone.utc).timestamp()
    rows, pos, ticket = [], 0, 100
    for i in range(30, len(c)):
        up = fast[i - 1] <= slow[i - 1] and fast[i] > slow[i]
        down = fast[i - 1] >= slow[i - 1] and fast[i] < slow[i]
        if not (up or down):
            continue
        want = (1 if up else -1) * (-1 if t[i] >= flip else 1)
        stamp = dt.datetime.fromtimestamp(t[i] + 72000, dt.timezone.utc).strftime(
            "%Y.%m.%d %H:%M:%S")
        if pos:
            rows.append("%s;CLOSE;%d;%d;%r" % (stamp, ticket, 0 if pos > 0 else 1, float(c[i])))
        ticket += 1
        rows.append("%s;OPEN;%d;%d;%r" % (stamp, ticket, 0 if want > 0 else 1, float(c[i])))
        pos = want
    text = "event_time;action;ticket;order_type;price;symbol\n" + \
        "".join(r + ";AAPL\n" for r in rows)
    path.write_text(text)
    return flip


def test_half_life_moves_the_clone_toward_the_bots_recent_behaviour(tmp_path):
    bars = bc.read_bars(str(DATA / "aapl_daily.csv"))
    log = tmp_path / "trades.csv"
    flip = regime_change_log(bars, log)
    trades = bc.read_trades(str(log))
    # One model kind throughout (model auto could pick another per half-life):
    # the test is about the weights, and compares probabilities row by row.
    base = bc.Cloner(holdout=0.3, model="logistic").fit(bars, trades)
    x, y, ids = rows_with_labels(base, bars, trades, tmp_path)
    n = len(y)
    events = y > 0
    times = np.array(ids)  # decision ids are the bars' times
    early = events & (times < flip)
    late = events & (times >= flip) & (np.arange(n) < 0.56 * n)  # the changed rule, in training
    assert early.sum() >= 10 and late.sum() >= 5
    p_base = base.predict(x)[np.arange(n), y]
    gain = {}
    for half_life in (30, 90):
        m = bc.Cloner(holdout=0.3, half_life_days=half_life, model="logistic").fit(bars, trades)
        p = m.predict(x)[np.arange(n), y]
        gain[half_life] = (p[early].mean() - p_base[early].mean(),
                           p[late].mean() - p_base[late].mean())
    # measured: half-life 30 moves the late events' mean P(label) by +0.13 and
    # the early ones' by -0.003; 90 by +0.043 and +0.019.
    assert gain[30][1] > gain[30][0] + 0.02       # recent behaviour gains more than old
    assert gain[30][1] > gain[90][1] > 0          # and more so the shorter the half-life
