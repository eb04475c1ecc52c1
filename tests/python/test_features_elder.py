"""elderray(n) .bull .bear (MetaTrader iBullsPower / iBearsPower: high - ema(n),
low - ema(n)) and force(n) (Elder's force index: ema(n) of (close - close@1) x
volume) against numpy/pandas float64 of their definitions and TA-Lib's EMA.
The engine's ema seeding is TA-Lib's (the mean of the first n values, then
prev + k (x - prev), k = 2/(n+1)), as ema/macd/dema: elderray's first value at
bar n-1, force's at bar n (its first product is on bar 1). Streaming == batch
bit for bit, a missing bar skipped, bad periods refused naming the item."""
import numpy as np
import pandas as pd
import pytest

import botcopier
from features_util import load, batch_stream_and_gap


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv"])
def series(request):
    return load(request.param)


def ema_sma_seeded(x, n):
    """The TA-Lib EMA written out in numpy float64: NaN until the first n finite
    values, their mean, then the recursion (leading NaNs skipped)."""
    out = np.full(len(x), np.nan)
    first = int(np.argmax(np.isfinite(x)))
    if len(x) - first < n:
        return out
    k = 2.0 / (n + 1)
    v = np.mean(x[first:first + n])
    out[first + n - 1] = v
    for i in range(first + n, len(x)):
        v = v + k * (x[i] - v)
        out[i] = v
    return out


def assert_matches(got, ref, atol):
    assert np.array_equal(np.isnan(got), np.isnan(ref))
    m = ~np.isnan(ref)
    assert m.sum() > len(ref) // 2
    np.testing.assert_allclose(got[m], ref[m], rtol=1e-12, atol=atol)


@pytest.mark.parametrize("n", [2, 5, 13, 26])
def test_elderray_is_high_and_low_minus_the_ema(series, n):
    bars, d = series
    got = botcopier.Features(f"elderray({n}).bull,elderray({n}).bear").compute(bars)
    e = ema_sma_seeded(d["close"], n)
    scale = 1e-13 * float(np.nanmax(d["close"]))
    assert_matches(got[:, 0], d["high"] - e, scale)
    assert_matches(got[:, 1], d["low"] - e, scale)
    assert np.isnan(got[: n - 1]).all() and np.isfinite(got[n - 1]).all()
    # the first value: the mean of the first n closes
    m = d["close"][:n].mean()
    assert got[n - 1, 0] == pytest.approx(d["high"][n - 1] - m, rel=1e-12, abs=scale)


@pytest.mark.parametrize("n", [1, 2, 13])
def test_force_is_the_ema_of_the_close_change_times_volume(series, n):
    bars, d = series
    c, v = d["close"], d["volume"]
    raw = np.full(len(c), np.nan)
    raw[1:] = np.diff(c) * v[1:]
    got = botcopier.Features(f"force({n})").compute(bars)[:, 0]
    ref = ema_sma_seeded(raw, n)
    scale = 1e-12 * float(np.nanmax(np.abs(raw)))
    assert_matches(got, ref, scale)
    assert np.isnan(got[:n]).all() and np.isfinite(got[n])
    assert got[n] == pytest.approx(raw[1:n + 1].mean(), rel=1e-12, abs=scale)
    # pandas' ewm (adjust=False) from the same seed is the same recursion
    s = pd.Series(raw[n + 1:]).copy()
    seeded = pd.concat([pd.Series([raw[1:n + 1].mean()]), s]).ewm(
        alpha=2.0 / (n + 1), adjust=False).mean().to_numpy()
    np.testing.assert_allclose(got[n:], seeded, rtol=1e-9, atol=scale)


def test_ema_seeding_is_talibs():
    talib = pytest.importorskip("talib")
    bars, d = load("sp500_daily.csv")
    c, v = d["close"], d["volume"]
    raw = np.full(len(c), np.nan)
    raw[1:] = np.diff(c) * v[1:]
    got = botcopier.Features("elderray(13).bull,force(2),force(13)").compute(bars)
    np.testing.assert_allclose(got[:, 0], d["high"] - talib.EMA(c, 13), rtol=1e-12,
                               atol=1e-10, equal_nan=True)
    for col, n in ((1, 2), (2, 13)):
        ref = talib.EMA(raw, n)  # TA-Lib skips the leading NaN: its seed is bars 1..n
        scale = 1e-12 * float(np.nanmax(np.abs(raw)))
        np.testing.assert_allclose(got[:, col], ref, rtol=1e-12, atol=scale, equal_nan=True)


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("bots/eurusd_1h.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    spec = "elderray(13).bull,elderray(13).bear,force(2),force(13)"
    rest, keep = batch_stream_and_gap(spec, t, d, exact=False)
    e = ema_sma_seeded(keep["close"], 13)
    raw = np.full(len(keep["close"]), np.nan)
    raw[1:] = np.diff(keep["close"]) * keep["volume"][1:]
    np.testing.assert_allclose(rest[:, 1], keep["low"] - e, rtol=1e-12, atol=1e-13,
                               equal_nan=True)
    np.testing.assert_allclose(rest[:, 2], ema_sma_seeded(raw, 2), rtol=1e-12,
                               atol=1e-12 * np.nanmax(np.abs(raw)), equal_nan=True)


@pytest.mark.parametrize("bad", ["elderray(1)", "force(0)", "elderray(x)", "force(2).bull"])
def test_bad_items_are_refused_naming_them(bad):
    with pytest.raises(Exception) as e:
        botcopier.Features(bad)
    assert bad.split("(")[0] in str(e.value)
