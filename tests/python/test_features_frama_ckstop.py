"""frama(n) (Ehlers' fractal adaptive moving average) and ckstop(p,x,q) (Chande
and Kroll's stop) against numpy/pandas float64 of their published definitions.

frama(n), n even, m = n / 2: n1 = (highest high - lowest low of the newest m
bars) / m, n2 the same of the m bars before, n3 = (the n bars' range) / n;
d = (log(n1 + n2) - log(n3)) / log 2 (d = 1 unless all three are above 0),
alpha = exp(-4.6 (d - 1)) held to 0.01..1, frama = alpha close + (1 - alpha)
frama@1 seeded with the close of bar n - 1 (lookback n - 1).
ckstop(p,x,q): first high stop = max(high,p) - x atr(p), first low stop =
min(low,p) + x atr(p) (Wilder's ATR seeded with the mean of the first p true
ranges, TA-Lib's); .long = max of the first high stop over q bars, .short = min
of the first low stop over q bars, .upper / .lower their max / min (lookback
p + q - 1). TA-Lib's ATR/MAX/MIN chain (the heldout23 bot's) agrees.
Streaming == batch, a missing bar skipped, bad items refused."""
import numpy as np
import pandas as pd
import pytest

import botcopier
from features_util import load, assert_cross_agrees, batch_stream_and_gap


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv", "bots/googl_daily.csv"])
def series(request):
    return load(request.param)


def frama_reference(h, lo, c, n):
    m = n // 2
    hs, ls = pd.Series(h), pd.Series(lo)
    h1, l1 = hs.rolling(m).max().to_numpy(), ls.rolling(m).min().to_numpy()
    h2, l2 = np.roll(h1, m), np.roll(l1, m)          # the m bars before
    h2[:m] = np.nan
    l2[:m] = np.nan
    n1, n2 = (h1 - l1) / m, (h2 - l2) / m
    n3 = (hs.rolling(n).max().to_numpy() - ls.rolling(n).min().to_numpy()) / n
    with np.errstate(divide="ignore", invalid="ignore"):
        d = np.where((n1 > 0) & (n2 > 0) & (n3 > 0),
                     (np.log(n1 + n2) - np.log(n3)) / np.log(2.0), 1.0)
    alpha = np.clip(np.exp(-4.6 * (d - 1.0)), 0.01, 1.0)
    out = np.full(len(c), np.nan)
    out[n - 1] = c[n - 1]
    for t in range(n, len(c)):
        out[t] = alpha[t] * c[t] + (1.0 - alpha[t]) * out[t - 1]
    return out


def wilder_atr(h, lo, c, p):
    tr = np.full(len(c), np.nan)
    tr[1:] = np.maximum.reduce([h[1:] - lo[1:], np.abs(h[1:] - c[:-1]), np.abs(lo[1:] - c[:-1])])
    atr = np.full(len(c), np.nan)
    atr[p] = tr[1:p + 1].mean()
    for t in range(p + 1, len(c)):
        atr[t] = (atr[t - 1] * (p - 1) + tr[t]) / p
    return atr


def ckstop_reference(h, lo, c, p, x, q):
    atr = wilder_atr(h, lo, c, p)
    fhs = pd.Series(h).rolling(p).max().to_numpy() - x * atr
    fls = pd.Series(lo).rolling(p).min().to_numpy() + x * atr
    lng = pd.Series(fhs).rolling(q).max().to_numpy()
    sht = pd.Series(fls).rolling(q).min().to_numpy()
    return lng, sht, np.maximum(lng, sht), np.minimum(lng, sht)


@pytest.mark.parametrize("n", [16, 2, 32])
def test_frama_matches_the_float64_definition(series, n):
    bars, d = series
    f = botcopier.Features("frama(%d)" % n)
    assert f.lookback == n - 1
    got = f.compute(bars)[:, 0]
    ref = frama_reference(d["high"], d["low"], d["close"], n)
    assert np.array_equal(np.isnan(got), np.isnan(ref))
    np.testing.assert_allclose(got, ref, rtol=1e-12, equal_nan=True)
    # seeded with the close: alpha close + (1 - alpha) close, the close to an ulp
    assert got[n - 1] == pytest.approx(d["close"][n - 1], rel=1e-15)


def test_frama_alpha_is_held_to_its_bounds():
    """A flat window (n1 = n2 = n3 = 0) gives d = 1, alpha 1: frama = the close;
    a window with a flat half (n2 = 0) the same."""
    t = np.arange(8, dtype=np.int64) * 86400
    h = np.array([2.0, 2.0, 2.0, 2.0, 3.0, 5.0, 4.0, 6.0])
    lo = np.array([2.0, 2.0, 2.0, 2.0, 2.5, 4.0, 3.0, 5.0])
    c = np.array([2.0, 2.0, 2.0, 2.0, 2.75, 4.5, 3.5, 5.5])
    got = botcopier.Features("frama(4)").compute_arrays(t, c, open=c, high=h, low=lo, volume=c)[:, 0]
    assert np.isnan(got[:3]).all()
    np.testing.assert_allclose(got[3:5], c[3:5], rtol=1e-15)  # flat, then a flat older half
    np.testing.assert_allclose(got[3:], frama_reference(h, lo, c, 4)[3:], rtol=1e-15)


@pytest.mark.parametrize("p,x,q", [(10, 1.0, 9), (20, 3.0, 10), (1, 0.5, 1)])
def test_ckstop_matches_the_float64_definition(series, p, x, q):
    bars, d = series
    f = botcopier.Features("ckstop(%d,%g,%d)" % (p, x, q))
    assert f.names == ["ckstop(%d,%g,%d).%s" % (p, x, q, s)
                       for s in ("long", "short", "upper", "lower")]
    assert f.lookback == p + q - 1
    got = f.compute(bars)
    refs = ckstop_reference(d["high"], d["low"], d["close"], p, x, q)
    for col, ref in enumerate(refs):
        assert np.array_equal(np.isnan(got[:, col]), np.isnan(ref))
        np.testing.assert_allclose(got[:, col], ref, rtol=1e-9, equal_nan=True)


def test_ckstop_is_the_heldout23_generators_talib_chain():
    talib = pytest.importorskip("talib")
    bars, d = load("bots/googl_daily.csv")
    h, lo, c = d["high"], d["low"], d["close"]
    atr = talib.ATR(h, lo, c, 10)
    fhs, fls = talib.MAX(h, 10) - atr, talib.MIN(lo, 10) + atr
    first = np.argmax(np.isfinite(fhs))
    lng, sht = np.full_like(c, np.nan), np.full_like(c, np.nan)
    lng[first:] = talib.MAX(fhs[first:], 9)
    sht[first:] = talib.MIN(fls[first:], 9)
    got = botcopier.Features("ckstop(10,1,9)").compute(bars)
    np.testing.assert_allclose(got[:, 0], lng, rtol=1e-12, equal_nan=True)
    np.testing.assert_allclose(got[:, 1], sht, rtol=1e-12, equal_nan=True)


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("bots/googl_daily.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    spec = ("frama(16),ckstop(10,1,9),cross(close,frama(16)),"
            "cross(close,ckstop(10,1,9).upper),cross(close,ckstop(10,1,9).long)")
    rest, keep = batch_stream_and_gap(spec, t, d)
    fr = frama_reference(keep["high"], keep["low"], keep["close"], 16)
    np.testing.assert_allclose(rest[:, 0], fr, rtol=1e-12, equal_nan=True)
    refs = ckstop_reference(keep["high"], keep["low"], keep["close"], 10, 1.0, 9)
    for col, ref in enumerate(refs):
        np.testing.assert_allclose(rest[:, 1 + col], ref, rtol=1e-9, equal_nan=True)
    assert_cross_agrees(rest[:, 5], keep["close"] - fr)
    assert_cross_agrees(rest[:, 6], keep["close"] - refs[2])
    assert_cross_agrees(rest[:, 7], keep["close"] - refs[0])


@pytest.mark.parametrize("spec,message", [
    ("frama(15)", "frama(15): the period 15 must be even"),
    ("frama(0)", "frama: 0 is out of range 2..100000"),
    ("frama", "expected '('"),
    ("ckstop(10,1)", "expected ','"),
    ("ckstop(0,1,9)", "ckstop: 0 is out of range 1..100000"),
    ("ckstop(10,1,9).mid", "has no output '.mid'"),
])
def test_bad_items_are_refused_naming_them(spec, message):
    with pytest.raises(botcopier.ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
