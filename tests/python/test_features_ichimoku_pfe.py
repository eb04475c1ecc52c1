"""ichimoku(t,k,s,d) (Hosoda's cloud) and pfe(n,m) (Hannula's polarized fractal
efficiency) against numpy/pandas float64 of their published definitions (TA-Lib
has neither; its MIDPRICE and EMA build the heldout22 generators' chains).

ichimoku: span A = (midprice(t) + midprice(k)) / 2, span B = midprice(s),
midprice(n) = (highest high + lowest low) / 2 of the last n bars, both shifted d
bars forward; .top / .bottom their max / min (NaN while either is), .a / .b the
shifted spans; lookback max(t,k,s) - 1 + d.
pfe: D = close - close n-1 bars ago, raw = 100 sign(D) sqrt(D^2 + n^2) / the sum
of sqrt(step^2 + 1) over the n-1 steps, pfe = EMA(m) of raw (TA-Lib's: the mean
of the first m, then prev + 2/(m+1)(x - prev)); lookback (n-1) + (m-1).
Streaming == batch, a missing bar skipped, bad items refused."""
import numpy as np
import pandas as pd
import pytest

import botcopier
from features_util import load, assert_cross_agrees, batch_stream_and_gap, ema_reference


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv"])
def series(request):
    return load(request.param)


def mid_reference(h, lo, n):
    return (pd.Series(h).rolling(n).max().to_numpy()
            + pd.Series(lo).rolling(n).min().to_numpy()) / 2.0


def ichimoku_reference(h, lo, t, k, s, d):
    a = (mid_reference(h, lo, t) + mid_reference(h, lo, k)) / 2.0
    b = mid_reference(h, lo, s)
    sa = np.full(len(h), np.nan)
    sb = np.full(len(h), np.nan)
    sa[d:] = a[:-d]
    sb[d:] = b[:-d]
    return np.maximum(sa, sb), np.minimum(sa, sb), sa, sb


def pfe_reference(c, n, m):
    raw = np.full(len(c), np.nan)
    for t in range(n - 1, len(c)):
        w = c[t - n + 1:t + 1]
        path = 0.0
        for step in np.diff(w):  # oldest first, one add at a time
            path += np.sqrt(step * step + 1.0)
        dd = w[-1] - w[0]
        raw[t] = 100.0 * np.sign(dd) * np.sqrt(dd * dd + float(n * n)) / path
    return ema_reference(raw, m)


@pytest.mark.parametrize("t,k,s,d", [(9, 26, 52, 26), (7, 22, 44, 22), (1, 1, 1, 1),
                                     (26, 9, 5, 3)])
def test_ichimoku_matches_the_float64_definition(series, t, k, s, d):
    bars, x = series
    spec = f"ichimoku({t},{k},{s},{d})"
    f = botcopier.Features(spec)
    assert f.names == [f"{spec}.top", f"{spec}.bottom", f"{spec}.a", f"{spec}.b"]
    assert f.lookback == max(t, k, s) - 1 + d
    got = f.compute(bars)
    for j, ref in enumerate(ichimoku_reference(x["high"], x["low"], t, k, s, d)):
        assert np.array_equal(got[:, j], ref, equal_nan=True)  # bit for bit


def test_ichimoku_crossings_are_the_heldout22_cloud_bots():
    """The generator's cloud (talib MAX / MIN, shifted 26) crossed by the close."""
    talib = pytest.importorskip("talib")
    bars, x = load("bots/eurusd_1h.csv")
    h, lo, c = x["high"], x["low"], x["close"]

    def mid(n):
        return (talib.MAX(h, n) + talib.MIN(lo, n)) / 2.0

    a = (mid(9) + mid(26)) / 2.0
    b = mid(52)
    top = np.full_like(c, np.nan)
    bot = np.full_like(c, np.nan)
    top[26:] = np.maximum(a, b)[:-26]
    bot[26:] = np.minimum(a, b)[:-26]
    got = botcopier.Features("ichimoku(9,26,52,26),cross(close,ichimoku(9,26,52,26).top),"
                             "cross(close,ichimoku(9,26,52,26).bottom)").compute(bars)
    assert np.array_equal(got[:, 0], top, equal_nan=True)
    assert np.array_equal(got[:, 1], bot, equal_nan=True)
    assert_cross_agrees(got[:, 4], c - top)
    assert_cross_agrees(got[:, 5], c - bot)


@pytest.mark.parametrize("n,m", [(10, 5), (20, 5), (2, 1), (14, 3)])
def test_pfe_matches_the_float64_definition(series, n, m):
    bars, x = series
    f = botcopier.Features(f"pfe({n},{m})")
    assert f.names == [f"pfe({n},{m})"] and f.lookback == n - 1 + m - 1
    got = f.compute(bars)[:, 0]
    ref = pfe_reference(x["close"], n, m)
    assert np.array_equal(np.isnan(got), np.isnan(ref))
    np.testing.assert_allclose(got, ref, rtol=1e-11, atol=1e-10, equal_nan=True)
    ok = np.isfinite(got)
    # sqrt(D^2 + n^2) over a path of n-1 steps, at least sqrt(D^2 + (n-1)^2)
    assert (np.abs(got[ok]) <= 100.0 * n / (n - 1) * (1 + 1e-12)).all()


def test_pfe_is_the_heldout22_bots_chain():
    """The generator's raw PFE(10) (numpy sums) under talib.EMA(5), and its > 30 /
    < -30 levels."""
    talib = pytest.importorskip("talib")
    bars, x = load("sp500_daily.csv")
    c = x["close"]
    n = 10
    raw = np.full_like(c, np.nan)
    for t in range(n - 1, len(c)):
        dd = c[t] - c[t - n + 1]
        path = np.sqrt(np.diff(c[t - n + 1:t + 1]) ** 2 + 1.0).sum()
        raw[t] = 100.0 * np.sign(dd) * np.sqrt(dd * dd + n * n) / path
    want = np.full_like(c, np.nan)
    want[n - 1:] = talib.EMA(raw[n - 1:], 5)
    got = botcopier.Features("pfe(10,5),cross(pfe(10,5),30),cross(pfe(10,5),-30)").compute(bars)
    np.testing.assert_allclose(got[:, 0], want, rtol=1e-11, atol=1e-10, equal_nan=True)
    assert_cross_agrees(got[:, 1], want - 30.0)
    assert_cross_agrees(got[:, 2], want + 30.0)


def test_pfe_is_0_on_flat_closes_and_its_formula_on_a_straight_line():
    t = np.arange(12, dtype=np.int64) * 86400
    flat = np.full(12, 5.0)
    got = botcopier.Features("pfe(4,1)").compute_arrays(t, flat, flat, flat, flat, np.ones(12))
    np.testing.assert_array_equal(got[:3, 0], [np.nan] * 3)
    np.testing.assert_array_equal(got[3:, 0], [0.0] * 9)
    fall = np.arange(12.0, 0.0, -1.0)  # steps of -1: D = -3, path 3 sqrt(2)
    got = botcopier.Features("pfe(4,1)").compute_arrays(t, fall, fall, fall, fall, np.ones(12))
    np.testing.assert_allclose(got[3:, 0], [-100.0 * 5.0 / (3.0 * np.sqrt(2.0))] * 9, rtol=1e-15)


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, x = load("sp500_daily.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    spec = ("ichimoku(9,26,52,26),pfe(10,5),cross(close,ichimoku(9,26,52,26).top),"
            "cross(pfe(10,5),30)")
    rest, keep = batch_stream_and_gap(spec, t, x)
    refs = ichimoku_reference(keep["high"], keep["low"], 9, 26, 52, 26)
    for j in range(4):
        assert np.array_equal(rest[:, j], refs[j], equal_nan=True)
    np.testing.assert_allclose(rest[:, 4], pfe_reference(keep["close"], 10, 5),
                               rtol=1e-11, atol=1e-10, equal_nan=True)


@pytest.mark.parametrize("spec,message", [
    ("ichimoku(9,26,52,0)", "ichimoku: 0 is out of range 1..100000"),
    ("ichimoku(0,26,52,26)", "ichimoku: 0 is out of range 1..100000"),
    ("ichimoku(9,26,52)", "expected ','"),
    ("ichimoku", "expected '('"),
    ("ichimoku(9,26,52,26).c", "output"),
    ("pfe(1,5)", "pfe: 1 is out of range 2..100000"),
    ("pfe(10,0)", "pfe: 0 is out of range 1..100000"),
    ("pfe(10)", "expected ','"),
])
def test_bad_items_are_refused_naming_them(spec, message):
    with pytest.raises(botcopier.ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
