"""Objects used after close() raise, and closing an object another one
depends on never frees it under that one (issue: Predictor after
Model.close() used to crash in bc_model_forward_row_fast_with)."""
import pathlib

import numpy as np
import pytest

import botcopier as bc

DATA = pathlib.Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def model_path(tmp_path_factory):
    bars = bc.read_bars(str(DATA / "aapl_daily.csv"))
    trades = bc.read_trades(str(DATA / "sample_bot_aapl_trades_raw.csv"))
    path = tmp_path_factory.mktemp("life") / "m.bcm"
    bc.Cloner(holdout=0.3).fit(bars, trades).save(str(path))
    return str(path)


def feed(p, bars, n=80):
    out = []
    for i in range(n):
        d, probs = p.update(int(bars.time[i]), bars.open[i], bars.high[i], bars.low[i],
                            bars.close[i], bars.volume[i])
        out.append((d, probs.copy()))
    return out


def test_predictor_outlives_a_closed_model(model_path):
    bars = bc.read_bars(str(DATA / "aapl_daily.csv"))
    with bc.Model.load(model_path) as m:
        reference = feed(bc.Predictor(m), bars)
        p = bc.Predictor(m)
    # The with-block closed the model: the predictor still runs on it...
    got = feed(p, bars)
    assert [d for d, _ in got] == [d for d, _ in reference]
    assert all(np.array_equal(a, b) for (_, a), (_, b) in zip(got, reference))
    # ...while the model itself refuses Python calls.
    with pytest.raises(ValueError, match="closed"):
        m.num_features
    with pytest.raises(ValueError, match="closed"):
        bc.Predictor(m)
    p.close()  # frees the predictor, then the model it kept
    with pytest.raises(ValueError, match="closed"):
        p.update(0, 1, 1, 1, 1, 0)


def test_explicit_close_order_either_way(model_path):
    for model_first in (True, False):
        m = bc.Model.load(model_path)
        p = bc.Predictor(m)
        q = bc.Predictor(m)
        if model_first:
            m.close()
            p.close()
            q.update(86400 * 20000, 1, 1, 1, 1, 0)  # still alive through q
            q.close()
        else:
            p.close()
            q.close()
            m.close()
        with pytest.raises(ValueError, match="closed"):
            q.position


def closables(model_path, tmp_path):
    """One of each closable binding class, with a call that reaches C."""
    rets = np.random.default_rng(0).normal(0, 0.01, (60, 3))
    trades = bc.read_trades(str(DATA / "sample_bot_aapl_trades_raw.csv"))
    a = np.ones((2, 2), dtype=np.float32)
    return [
        ("Features", lambda: bc.Features("rsi(14)"), lambda o: o.update(0, 1, 1, 1, 1, 0)),
        ("Backend", lambda: bc.Backend("cpu"), lambda o: o.sgemm(a, a)),
        ("Cloner", lambda: bc.Cloner(), lambda o: o.set(holdout=0.3)),
        ("Bandit", lambda: bc.Bandit(2), lambda o: o.choose()),
        ("SymbolGraph", lambda: bc.portfolio.SymbolGraph(rets, window=10),
         lambda o: o.degree()),
        ("Model", lambda: bc.Model.load(model_path), lambda o: o.num_features),
        ("Predictor", lambda: bc.Predictor(bc.Model.load(model_path)),
         lambda o: o.update(0, 1, 1, 1, 1, 0)),
        ("Trades", lambda: bc.read_trades(str(DATA / "sample_bot_aapl_trades_raw.csv")),
         lambda o: o[0]),
        ("DecisionLog", lambda: bc.DecisionLog(str(tmp_path / "d.csv")),
         lambda o: o.write(bc.DecisionRow(event_id=1, timestamp=0, probability=0.5))),
    ]


def test_every_closable_object_raises_after_close(model_path, tmp_path):
    for name, make, use in closables(model_path, tmp_path):
        o = make()
        o.close()
        with pytest.raises(ValueError, match="closed"):
            use(o)
        o.close()  # a second close is harmless
