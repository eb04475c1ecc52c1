"""rmi(n,m) (Altman's relative momentum index) and ttf(n) (the trend trigger
factor) against numpy/pandas float64 of their published definitions.

rmi(n,m): an RSI over the m-bar momentum close - close@m: up = max(mom, 0),
down = max(-mom, 0), each Wilder-smoothed over n (the first value the mean
of the first n momenta, then (avg (n - 1) + x) / n), rmi = 100 up /
(up + down), 50 where up + down is 0; lookback m + n - 1. rmi(n,1) is
TA-Lib's RSI(n) off flat stretches. ttf(n): buy = max(high, n) -
min(low, n)@n, sell = max(high, n)@n - min(low, n), ttf = 100 (buy - sell) /
(0.5 (buy + sell)), 0 where that is 0; lookback 2n - 1. No TA-Lib function
for either (TA-Lib's RSI, MAX and MIN are the heldout24 generators' pieces).
Streaming == batch, a missing bar skipped, bad items refused."""
import numpy as np
import pandas as pd
import pytest

import botcopier
from features_util import load, batch_stream_and_gap


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv"])
def series(request):
    return load(request.param)


def wilder_loop(x, n):
    """Wilder's smoothing from x's first finite value, a plain float64 loop
    (the first value the bar-order sum / n)."""
    out = np.full(len(x), np.nan)
    first = int(np.argmax(np.isfinite(x)))
    if len(x) - first < n:
        return out
    s = 0.0
    for v in x[first:first + n]:
        s += v
    out[first + n - 1] = avg = s / n
    for t in range(first + n, len(x)):
        avg = (avg * (n - 1) + x[t]) / n
        out[t] = avg
    return out


def wilder_pandas(x, n):
    """The same smoothing as pandas' ewm(alpha = 1/n, adjust=False) seeded
    with the n-bar mean (an independent evaluation order)."""
    out = np.full(len(x), np.nan)
    first = int(np.argmax(np.isfinite(x)))
    seed = first + n - 1
    if seed >= len(x):
        return out
    y = x[seed:].copy()
    y[0] = pd.Series(x[first:first + n]).mean()
    out[seed:] = pd.Series(y).ewm(alpha=1.0 / n, adjust=False).mean().to_numpy()
    return out


def rmi_reference(c, n, m, smooth=wilder_loop):
    mom = np.full(len(c), np.nan)
    mom[m:] = c[m:] - c[:-m]
    up = smooth(np.where(mom > 0, mom, 0.0) + 0 * mom, n)
    dn = smooth(np.where(mom < 0, -mom, 0.0) + 0 * mom, n)
    tot = up + dn
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(tot > 0, 100.0 * up / np.where(tot > 0, tot, 1.0), 50.0)
    out[~np.isfinite(up)] = np.nan
    return out


def ttf_reference(h, lo, n):
    hh = pd.Series(h).rolling(n).max().to_numpy()
    ll = pd.Series(lo).rolling(n).min().to_numpy()
    hh_n = np.full(len(h), np.nan)
    ll_n = np.full(len(h), np.nan)
    hh_n[n:] = hh[:-n]
    ll_n[n:] = ll[:-n]
    buy, sell = hh - ll_n, hh_n - ll
    den = 0.5 * (buy + sell)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(den != 0, 100.0 * (buy - sell) / np.where(den != 0, den, 1.0), 0.0)
    out[~np.isfinite(den)] = np.nan
    return out


@pytest.mark.parametrize("n,m", [(14, 5), (20, 5), (14, 1), (1, 3), (9, 10)])
def test_rmi_matches_the_float64_definition(series, n, m):
    bars, d = series
    f = botcopier.Features(f"rmi({n},{m})")
    assert f.names == [f"rmi({n},{m})"] and f.lookback == m + n - 1
    got = f.compute(bars)[:, 0]
    ref = rmi_reference(d["close"], n, m)
    # the same operations in the same order: bit for bit
    assert np.array_equal(got, ref, equal_nan=True)
    assert np.isnan(got[:m + n - 1]).all() and np.isfinite(got[m + n - 1:]).all()
    # pandas' ewm of the same recursion: a few ulps
    alt = rmi_reference(d["close"], n, m, smooth=wilder_pandas)
    np.testing.assert_allclose(got, alt, rtol=1e-9, atol=1e-9, equal_nan=True)


def test_rmi_with_m_1_is_talibs_rsi_off_flat_stretches():
    talib = pytest.importorskip("talib")
    bars, d = load("aapl_daily.csv")
    got = botcopier.Features("rmi(14,1)").compute(bars)[:, 0]
    want = talib.RSI(d["close"], 14)
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-9, equal_nan=True)


def test_rmi_is_50_on_a_flat_series_and_100_on_a_rising_one():
    n = 30
    t = np.arange(n, dtype=np.int64) * 86400
    flat = np.full(n, 10.0)
    rising = 10.0 + np.arange(n)
    for c, value in ((flat, 50.0), (rising, 100.0)):
        got = botcopier.Features("rmi(3,2)").compute_arrays(t, c, c, c, c, np.ones(n))[:, 0]
        assert np.array_equal(got, rmi_reference(c, 3, 2), equal_nan=True)
        assert np.isnan(got[:4]).all() and (got[4:] == value).all()


@pytest.mark.parametrize("n", [15, 1, 5, 30])
def test_ttf_matches_the_float64_definition(series, n):
    bars, d = series
    f = botcopier.Features(f"ttf({n})")
    assert f.names == [f"ttf({n})"] and f.lookback == 2 * n - 1
    got = f.compute(bars)[:, 0]
    ref = ttf_reference(d["high"], d["low"], n)
    assert np.array_equal(got, ref, equal_nan=True)  # the extremes are exact
    assert np.isnan(got[:2 * n - 1]).all() and np.isfinite(got[2 * n - 1:]).all()


def test_ttf_is_the_heldout24_generators_talib_max_min():
    talib = pytest.importorskip("talib")
    bars, d = load("bots/eurusd_1h.csv")
    h, lo = d["high"], d["low"]
    hh, ll = talib.MAX(h, 15), talib.MIN(lo, 15)
    hh15 = np.full_like(h, np.nan)
    ll15 = np.full_like(h, np.nan)
    hh15[15:] = hh[:-15]
    ll15[15:] = ll[:-15]
    buy, sell = hh - ll15, hh15 - ll
    den = 0.5 * (buy + sell)
    want = np.where(den != 0, 100.0 * (buy - sell) / np.where(den != 0, den, 1.0), 0.0)
    want[~np.isfinite(den)] = np.nan
    got = botcopier.Features("ttf(15),cross(ttf(15),100),cross(-100,ttf(15))").compute(bars)
    assert np.array_equal(got[:, 0], want, equal_nan=True)
    assert np.nansum(got[:, 1] > 0) > 20 and np.nansum(got[:, 2] > 0) > 20


def test_ttf_is_0_on_flat_bars():
    n = 12
    t = np.arange(n, dtype=np.int64) * 86400
    c = np.full(n, 5.0)
    got = botcopier.Features("ttf(3)").compute_arrays(t, c, c, c, c, np.ones(n))[:, 0]
    assert np.isnan(got[:5]).all() and (got[5:] == 0.0).all()


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("sp500_daily.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    spec = "rmi(14,5),ttf(15),cross(30,rmi(14,5)),cross(ttf(15),100)"
    rest, keep = batch_stream_and_gap(spec, t, d)
    np.testing.assert_array_equal(rest[:, 0], rmi_reference(keep["close"], 14, 5))
    np.testing.assert_array_equal(rest[:, 1], ttf_reference(keep["high"], keep["low"], 15))


@pytest.mark.parametrize("spec,message", [
    ("rmi(14)", "expected ','"),
    ("rmi(0,5)", "rmi: 0 is out of range 1..100000"),
    ("rmi(14,0)", "rmi: 0 is out of range 1..100000"),
    ("rmi", "expected '('"),
    ("ttf(0)", "ttf: 0 is out of range 1..50000"),
    ("ttf(15,2)", "expected ')'"),
    ("ttf.line", "expected '('"),
])
def test_bad_items_are_refused_naming_them(spec, message):
    with pytest.raises(botcopier.ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
