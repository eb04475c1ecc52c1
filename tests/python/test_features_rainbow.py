"""rainbow(n,r) (Widner's rainbow oscillator, TASC July 1997) against numpy/pandas
float64 of its published definition (TA-Lib has none).

m1 = sma(close, 2), m(i) = sma(m(i-1), 2) for i = 2..n, osc = 100 x (close - the
mean of m1..mn) / (the highest close - the lowest close of the last r bars);
NaN where that range is 0; lookback max(n, r - 1). The heldout28 rainbow bot's
own chain (talib.SMA, MAX, MIN) agrees, and its +-50 crossings are the engine's
cross items. Streaming == batch, a missing bar skipped, bad items refused."""
import numpy as np
import pandas as pd
import pytest

import botcopier
from features_util import load, assert_cross_agrees, batch_stream_and_gap


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv", "bots/googl_daily.csv"])
def series(request):
    return load(request.param)


def rainbow_reference(c, n, r):
    close = pd.Series(c)
    m, avgs = close, []
    for _ in range(n):
        m = m.rolling(2).mean()
        avgs.append(m)
    mean = pd.concat(avgs, axis=1).mean(axis=1, skipna=False)
    width = close.rolling(r).max() - close.rolling(r).min()
    out = 100.0 * (close - mean) / width.where(width != 0.0)
    return out.to_numpy()


@pytest.mark.parametrize("n,r", [(10, 10), (1, 2), (3, 20), (20, 5)])
def test_rainbow_matches_the_float64_definition(series, n, r):
    bars, d = series
    f = botcopier.Features(f"rainbow({n},{r})")
    assert f.names == [f"rainbow({n},{r})"] and f.lookback == max(n, r - 1)
    got = f.compute(bars)[:, 0]
    ref = rainbow_reference(d["close"], n, r)
    assert np.array_equal(np.isnan(got), np.isnan(ref))
    assert np.isfinite(got).sum() > 0.9 * len(got)
    np.testing.assert_allclose(got, ref, rtol=1e-9, atol=1e-8, equal_nan=True)


def test_rainbow_is_the_heldout28_bots_talib_chain():
    talib = pytest.importorskip("talib")
    bars, d = load("bots/googl_daily.csv")
    c = d["close"]
    ms, m = [], c
    for _ in range(10):
        first = int(np.argmax(np.isfinite(m)))
        nxt = np.full_like(c, np.nan)
        nxt[first:] = talib.SMA(m[first:], 2)
        ms.append(nxt)
        m = nxt
    avg = np.mean(ms, axis=0)
    rng = talib.MAX(c, 10) - talib.MIN(c, 10)
    want = np.full_like(c, np.nan)
    ok = np.isfinite(avg) & np.isfinite(rng) & (rng > 0)
    want[ok] = 100.0 * (c[ok] - avg[ok]) / rng[ok]
    got = botcopier.Features("rainbow(10,10),cross(rainbow(10,10),-50),cross(50,rainbow(10,10))"
                             ).compute(bars)
    np.testing.assert_allclose(got[:, 0], want, rtol=1e-9, atol=1e-8, equal_nan=True)
    assert_cross_agrees(got[:, 1], want + 50.0)
    assert_cross_agrees(got[:, 2], 50.0 - want)


def test_rainbow_on_a_steady_rise_and_a_flat_stretch():
    t = np.arange(14, dtype=np.int64) * 86400
    rise = np.arange(1.0, 15.0)
    got = botcopier.Features("rainbow(2,3)").compute_arrays(t, rise, rise, rise, rise,
                                                           np.ones(14))[:, 0]
    # m1 = c - 0.5, m2 = c - 1, their mean c - 0.75; range 2: 37.5 from bar 2
    assert np.isnan(got[:2]).all()
    np.testing.assert_array_equal(got[2:], [37.5] * 12)
    flat = np.full(14, 3.0)
    got = botcopier.Features("rainbow(2,3)").compute_arrays(t, flat, flat, flat, flat,
                                                           np.ones(14))[:, 0]
    assert np.isnan(got).all()


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("bots/googl_daily.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    spec = "rainbow(10,10),cross(rainbow(10,10),-50)"
    rest, keep = batch_stream_and_gap(spec, t, d)
    np.testing.assert_allclose(rest[:, 0], rainbow_reference(keep["close"], 10, 10),
                               rtol=1e-9, atol=1e-8, equal_nan=True)


@pytest.mark.parametrize("spec,message", [
    ("rainbow(0,10)", "rainbow: 0 is out of range 1..100000"),
    ("rainbow(10,0)", "rainbow: 0 is out of range 1..100000"),
    ("rainbow(10)", "expected ','"),
    ("rainbow", "expected '('"),
    ("rainbow(10,10).osc", "one output"),
])
def test_bad_items_are_refused_naming_them(spec, message):
    with pytest.raises(botcopier.ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
