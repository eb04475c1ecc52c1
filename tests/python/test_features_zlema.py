"""zlema(n), the zero-lag EMA (no TA-Lib function), against an independent
numpy float64 reference written from the published formula: TA-Lib EMA(n) (the
SMA of its first n inputs as the seed, k = 2/(n+1)) of the de-lagged close
2*close - close lag bars back, lag = (n-1)/2 rounded down, the input starting on
bar lag; the EMA step on a hand-written float64 loop as well; the cross and the
ratio; streaming == batch; a missing bar skipped; bad items."""
import numpy as np
import pytest

import botcopier
from features_util import load, batch_stream_and_gap, assert_cross_agrees

talib = pytest.importorskip("talib")


def zlema_reference(c, n, ema=None):
    c = np.asarray(c, dtype=np.float64)
    lag = (n - 1) // 2
    de = 2.0 * c[lag:] - c[:len(c) - lag]
    out = np.full_like(c, np.nan)
    out[lag:] = (ema or talib.EMA)(de, n)
    return out


def ema_loop(x, n):
    """TA-Lib EMA written out: the mean of the first n values, then
    prev + k * (x - prev)."""
    out = np.full_like(x, np.nan)
    if len(x) < n:
        return out
    k = 2.0 / (n + 1)
    prev = np.sum(x[:n]) / n
    out[n - 1] = prev
    for t in range(n, len(x)):
        prev = prev + k * (x[t] - prev)
        out[t] = prev
    return out


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv"])
def series(request):
    return load(request.param)


@pytest.mark.parametrize("n", [2, 3, 10, 20, 21])
def test_zlema_matches_talib_ema_of_the_delagged_close(series, n):
    bars, d = series
    got = botcopier.Features(f"zlema({n})").compute(bars)[:, 0]
    ref = zlema_reference(d["close"], n)
    lag = (n - 1) // 2
    assert np.array_equal(np.isnan(got), np.isnan(ref))
    assert np.isnan(got[lag + n - 2]) and not np.isnan(got[lag + n - 1])
    m = ~np.isnan(ref)
    np.testing.assert_allclose(got[m], ref[m], rtol=1e-13)
    loop = zlema_reference(d["close"], n, ema=ema_loop)
    np.testing.assert_allclose(got[m], loop[m], rtol=1e-13)


def test_the_cross_and_the_ratio_follow_the_line(series):
    bars, d = series
    got = botcopier.Features("cross(close,zlema(20)),ratio(close,zlema(20))").compute(bars)
    ref = zlema_reference(d["close"], 20)
    assert_cross_agrees(got[:, 0], d["close"] - ref, clear=1e-9 * np.nanmax(np.abs(ref)))
    m = ~np.isnan(ref)
    np.testing.assert_allclose(got[m, 1], d["close"][m] / ref[m], rtol=1e-12)


def test_hand_values():
    # n = 3: lag 1, input 2c - c@1 from bar 1, seed the mean of bars 1..3
    c = np.array([1.0, 2.0, 4.0, 4.0, 10.0])
    f = botcopier.Features("zlema(3)")
    got = np.array([f.update(i * 3600, x, x, x, x, 1.0)[0] for i, x in enumerate(c)])
    # inputs 3, 6, 4, 16; seed (3 + 6 + 4) / 3; then + 0.5 * (16 - seed)
    seed = 13.0 / 3.0
    assert np.isnan(got[:3]).all()
    assert got[3] == pytest.approx(seed, rel=1e-15)
    assert got[4] == pytest.approx(seed + 0.5 * (16.0 - seed), rel=1e-15)


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("sp500_daily.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    rest, keep = batch_stream_and_gap("zlema(20),zlema(5)@1", t, d, at=300, column="close")
    ref = zlema_reference(keep["close"], 20)
    m = ~np.isnan(ref)
    assert np.array_equal(np.isnan(rest[:, 0]), ~m)
    np.testing.assert_allclose(rest[m, 0], ref[m], rtol=1e-13)


@pytest.mark.parametrize("item", ["zlema", "zlema(1)", "zlema(20,3)"])
def test_bad_items_are_refused(item):
    with pytest.raises(Exception) as e:
        botcopier.Features(item)
    assert "zlema" in str(e.value)
