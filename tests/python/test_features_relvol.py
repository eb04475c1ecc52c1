"""relvol(n,m), Dorsey's relative volatility index, against the heldout18
generator's TA-Lib chain (STDDEV(close, n, 1) and EMA(m); TA-Lib's running
sums of x and x^2 cancel in the variance, as ours do in another order: within
1e-6, not ulps) and an independent numpy float64
loop of the published formula: sd = the population standard deviation of the
last n closes, u = sd on an up close else 0, d = sd on a down close else 0,
relvol = 100 ema(u,m) / (ema(u,m) + ema(d,m)) with TA-Lib's SMA-seeded EMAs
from bar n - 1, 50 where both EMAs are 0; lookback n - 1 + m - 1.
Streaming == batch, a missing bar skipped, bad items refused."""
import numpy as np
import pytest

import botcopier
from features_util import load, batch_stream_and_gap, assert_cross_agrees


def ema(x, m):
    out = np.full(len(x), np.nan)
    if len(x) < m:
        return out
    v = float(np.mean(x[:m]))
    out[m - 1] = v
    k = 2.0 / (m + 1)
    for t in range(m, len(x)):
        v = v + k * (x[t] - v)
        out[t] = v
    return out


def relvol_reference(c, n, m):
    out = np.full(len(c), np.nan)
    sd = np.full(len(c), np.nan)
    for t in range(n - 1, len(c)):
        w = c[t - n + 1:t + 1]
        var = float(np.mean(w * w) - np.mean(w) ** 2)
        sd[t] = np.sqrt(var) if var >= 1e-8 else 0.0
    dc = np.diff(c, prepend=np.nan)
    u = np.where(dc > 0, sd, 0.0)[n - 1:]
    d = np.where(dc < 0, sd, 0.0)[n - 1:]
    eu, ed = ema(u, m), ema(d, m)
    tot = eu + ed
    out[n - 1:] = np.where(tot != 0, 100.0 * eu / np.where(tot != 0, tot, 1.0), 50.0)
    out[n - 1:][np.isnan(tot)] = np.nan
    return out


@pytest.mark.parametrize("n,m", [(10, 14), (2, 2), (20, 5)])
def test_relvol_matches_the_definition(n, m):
    bars, d = load("aapl_daily.csv")
    f = botcopier.Features("relvol(%d,%d)" % (n, m))
    assert f.names == ["relvol(%d,%d)" % (n, m)] and f.lookback == n - 1 + m - 1
    got = f.compute(bars)[:, 0]
    ref = relvol_reference(d["close"], n, m)
    assert np.array_equal(np.isnan(got), np.isnan(ref))
    lb = n - 1 + m - 1
    assert np.isnan(got[:lb]).all() and np.isfinite(got[lb:]).all()
    np.testing.assert_allclose(got, ref, rtol=1e-6, atol=1e-6, equal_nan=True)
    assert (got[lb:] >= 0).all() and (got[lb:] <= 100).all()


@pytest.mark.parametrize("name", ["aapl_daily.csv", "bots/heldout/eurusd_1h_2017.csv"])
def test_relvol_is_the_heldout18_generators_talib_chain(name):
    talib = pytest.importorskip("talib")
    bars, d = load(name)
    c = d["close"]
    sd = talib.STDDEV(c, 10, 1)
    dc = np.diff(c, prepend=np.nan)
    u = np.where(dc > 0, sd, 0.0)
    dn = np.where(dc < 0, sd, 0.0)
    ok = int(np.flatnonzero(np.isfinite(sd) & np.isfinite(dc))[0])
    rvi = np.full_like(c, np.nan)
    eu, ed = talib.EMA(u[ok:], 14), talib.EMA(dn[ok:], 14)
    rvi[ok:] = 100 * eu / (eu + ed)
    got = botcopier.Features("relvol(10,14),cross(relvol(10,14),60),"
                             "cross(40,relvol(10,14))").compute(bars)
    np.testing.assert_allclose(got[:, 0], rvi, rtol=1e-6, atol=1e-6, equal_nan=True)
    assert_cross_agrees(got[:, 1], rvi - 60, at_least=5)
    assert_cross_agrees(got[:, 2], 40 - rvi, at_least=5)


def test_relvol_flat_closes_give_50_and_rises_100():
    t = np.arange(30, dtype=np.int64) * 86400
    c = np.full(30, 5.0)
    got = botcopier.Features("relvol(3,2)").compute_arrays(t, c, c, c, c, c)[:, 0]
    assert np.isnan(got[:3]).all() and (got[3:] == 50.0).all()
    up = 5.0 + np.arange(30.0)
    got = botcopier.Features("relvol(3,2)").compute_arrays(t, up, up, up, up, up)[:, 0]
    np.testing.assert_allclose(got[3:], 100.0, rtol=0, atol=1e-12)


@pytest.mark.parametrize("column", ["close"])
def test_streaming_equals_batch_and_a_missing_bar_is_skipped(column):
    bars, d = load("aapl_daily.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    rest, keep = batch_stream_and_gap("relvol(10,14),relvol(2,2),cross(relvol(10,14),60)",
                                      t, d, column=column)
    np.testing.assert_allclose(rest[:, 0], relvol_reference(keep["close"], 10, 14),
                               rtol=1e-6, atol=1e-6, equal_nan=True)


@pytest.mark.parametrize("spec,msg", [
    ("relvol(1,14)", "relvol: 1 is out of range 2..100000"),
    ("relvol(10,1)", "relvol: 1 is out of range 2..100000"),
    ("relvol(10)", "expected ','"),
    ("relvol", "expected '('"),
    ("relvol(10,14).line", "has one output"),
])
def test_bad_items_are_refused(spec, msg):
    with pytest.raises(Exception, match=msg.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
