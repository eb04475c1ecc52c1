"""t3(n,v) (Tillson's T3) and ulcer(n) (Peter Martin's ulcer index) against
TA-Lib (T3) and the heldout17 generator's TA-Lib chain (ulcer: MAX then SMA of
the squares), plus independent float64 references written from the formulas.

t3(n,v): six chained EMAs of the close, e1 of the close and each the next's
input, every one seeded with the mean of its first n inputs (TA-Lib's T3
seeding), k = 2/(n+1); T3 = c1 e6 + c2 e5 + c3 e4 + c4 e3 with c1 = -v^3,
c2 = 3v^2 + 3v^3, c3 = -6v^2 - 3v - 3v^3, c4 = 1 + 3v + v^3 + 3v^2; lookback
6(n-1). The engine's EMA step is one fused multiply-add, the wheel's TA-Lib C
is compiled with its own contractions: not bit for bit (bit for bit only at
v = 0, n = 2); measured on these four series: at most 12 ulps (1.4e-15
relative) at (5, 0.7), 16 ulps (2.8e-15) at v = 1, whose coefficients 8, -12,
6, -1 amplify the EMAs' last-bit differences; the test allows 1e-14.

ulcer(n) = sqrt(mean over the last n bars of (100 (close - hc) / hc)^2), hc =
the highest of the last n closes at each bar (this bar's included); lookback
2(n-1). Streaming == batch, a missing bar skipped, bad items refused."""
import numpy as np
import pandas as pd
import pytest

import botcopier
from features_util import load, batch_stream_and_gap, assert_cross_agrees, ema_reference as ema


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv", "bots/googl_daily.csv"])
def series(request):
    return load(request.param)


def t3_reference(c, n, v):
    e = [ema(c, n)]
    for _ in range(5):
        e.append(ema(e[-1], n))
    c1 = -v ** 3
    c2 = 3 * v ** 2 + 3 * v ** 3
    c3 = -6 * v ** 2 - 3 * v - 3 * v ** 3
    c4 = 1 + 3 * v + v ** 3 + 3 * v ** 2
    return c1 * e[5] + c2 * e[4] + c3 * e[3] + c4 * e[2]


def ulcer_reference(c, n):
    hc = pd.Series(c).rolling(n).max().to_numpy()
    d = 100.0 * (c - hc) / hc
    return np.sqrt(pd.Series(d * d).rolling(n).mean().to_numpy())


@pytest.mark.parametrize("n,v", [(5, 0.7), (2, 0.0), (10, 1.0), (30, 0.5)])
def test_t3_matches_talib(series, n, v):
    talib = pytest.importorskip("talib")
    bars, d = series
    got = botcopier.Features("t3(%d,%s)" % (n, v)).compute(bars)[:, 0]
    ref = talib.T3(d["close"], n, v)
    assert np.array_equal(np.isnan(got), np.isnan(ref))
    assert np.isnan(got[:6 * (n - 1)]).all() and np.isfinite(got[6 * (n - 1):]).all()
    have = np.isfinite(ref)
    # a few ulps: the fused EMA step against the wheel's compiled TA-Lib
    np.testing.assert_allclose(got[have], ref[have], rtol=1e-14, atol=0)


@pytest.mark.parametrize("n,v", [(5, 0.7), (14, 0.3)])
def test_t3_matches_the_float64_definition(series, n, v):
    bars, d = series
    got = botcopier.Features("t3(%d,%s)" % (n, v)).compute(bars)[:, 0]
    np.testing.assert_allclose(got, t3_reference(d["close"], n, v), rtol=1e-12, atol=0,
                               equal_nan=True)


def test_t3_flip_is_the_heldout17_generators_cross():
    talib = pytest.importorskip("talib")
    bars, d = load("sp500_daily.csv")
    got = botcopier.Features("cross(close,t3(5,0.7))").compute(bars)[:, 0]
    assert_cross_agrees(got, d["close"] - talib.T3(d["close"], 5, 0.7))


@pytest.mark.parametrize("n", [2, 14])
def test_ulcer_matches_the_float64_definition(series, n):
    bars, d = series
    got = botcopier.Features("ulcer(%d)" % n).compute(bars)[:, 0]
    ref = ulcer_reference(d["close"], n)
    assert np.isnan(got[:2 * (n - 1)]).all() and np.isfinite(got[2 * (n - 1):]).all()
    # the mean of the squares is a running sum (sma.h): where the window is
    # all new highs it is 0 up to the sum's rounding
    np.testing.assert_allclose(got, ref, rtol=1e-9, atol=1e-6, equal_nan=True)


def test_ulcer_is_the_heldout17_generators_talib_chain():
    talib = pytest.importorskip("talib")
    bars, d = load("bots/googl_daily.csv")
    c = d["close"]
    hc = talib.MAX(c, 14)
    dd = 100 * (c - hc) / hc
    ui = np.sqrt(talib.SMA(dd * dd, 14))
    got = botcopier.Features("ulcer(14)").compute(bars)[:, 0]
    assert np.array_equal(np.isnan(got), np.isnan(ui))
    have = np.isfinite(ui)
    np.testing.assert_allclose(got[have], ui[have], rtol=1e-9, atol=1e-6)
    # the generator's calm-market cut at 3 falls the same way on every bar
    assert np.array_equal(got[have] < 3, ui[have] < 3)


def test_ulcer_is_zero_on_a_rising_close():
    t = np.arange(40, dtype=np.int64) * 86400
    c = np.linspace(1.0, 2.0, 40)
    got = botcopier.Features("ulcer(5)").compute_arrays(t, c, c, c, c, c)[:, 0]
    assert np.isnan(got[:8]).all()
    np.testing.assert_allclose(got[8:], 0.0, atol=1e-6)


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("bots/googl_daily.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    spec = "t3(5,0.7),ulcer(14),cross(close,t3(5,0.7)),ratio(close,t3(5,0.7))"
    rest, keep = batch_stream_and_gap(spec, t, d)
    np.testing.assert_allclose(rest[:, 0], t3_reference(keep["close"], 5, 0.7), rtol=1e-12,
                               atol=0, equal_nan=True)
    np.testing.assert_allclose(rest[:, 1], ulcer_reference(keep["close"], 14), rtol=1e-9,
                               atol=1e-6, equal_nan=True)


@pytest.mark.parametrize("spec,message", [
    ("t3(1,0.7)", "t3: 1 is out of range 2..100000"),
    ("t3(5)", "expected ','"),
    ("t3(5,1.5)", "the volume factor 1.5 is not between 0 and 1"),
    ("t3(5,-0.1)", "the volume factor -0.1 is not between 0 and 1"),
    ("ulcer(1)", "ulcer: 1 is out of range 2..100000"),
    ("ulcer", "expected '('"),
    ("ulcer(14,2)", "expected ')'"),
])
def test_bad_items_are_refused_naming_them(spec, message):
    with pytest.raises(botcopier.ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
