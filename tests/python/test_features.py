"""The feature engine through the binding (runs once lib/features is merged)."""
import numpy as np
import pytest

import botcopier
from conftest import requires

pytestmark = requires("bc_features_create", "bc_features_count", "bc_features_name",
                      "bc_features_update", "bc_features_compute_arrays")


def series(n=120, seed=4):
    rng = np.random.default_rng(seed)
    close = 100 + np.cumsum(rng.standard_normal(n))
    high = close + rng.uniform(0.1, 1.0, n)
    low = close - rng.uniform(0.1, 1.0, n)
    open_ = np.concatenate([[close[0]], close[:-1]])
    volume = rng.uniform(1e3, 1e4, n)
    time = (np.arange(n, dtype=np.int64) + 1_700_000_000 // 3600) * 3600
    return time, open_, high, low, close, volume


def test_names_follow_the_spec_and_multi_output_items_expand():
    f = botcopier.Features("sma(3),macd(12,26,9)")
    assert len(f) == f.count == 4
    assert f.names == ["sma(3)", "macd(12,26,9).line", "macd(12,26,9).signal", "macd(12,26,9).hist"]
    assert botcopier.Features("macd(12,26,9).hist").names == ["macd(12,26,9).hist"]


def test_a_list_spec_equals_the_string_spec():
    assert botcopier.Features(["sma(3)", "rsi(14)"]).names == botcopier.Features("sma(3),rsi(14)").names


def test_an_unknown_item_is_a_parse_error_naming_it():
    with pytest.raises(botcopier.ParseError, match="nosuch"):
        botcopier.Features("sma(3),nosuch(2)")


def test_sma_matches_a_numpy_rolling_mean():
    time, o, h, l, c, v = series()
    out = botcopier.Features("sma(3)").compute_arrays(time, c, open=o, high=h, low=l, volume=v)
    assert out.shape == (len(c), 1)
    assert np.isnan(out[:2, 0]).all()
    np.testing.assert_allclose(out[2:, 0], np.convolve(c, np.ones(3) / 3, mode="valid"), rtol=1e-12)


def test_streaming_updates_are_bit_identical_to_batch():
    time, o, h, l, c, v = series()
    f = botcopier.Features("sma(5),ema(7),rsi(14),atr(14),bbands(20,2)")
    batch = f.compute_arrays(time, c, open=o, high=h, low=l, volume=v)
    f.reset()
    row = np.empty(f.count)
    streamed = np.empty_like(batch)
    for i in range(len(c)):
        assert f.update(time[i], o[i], h[i], l[i], c[i], v[i], out=row) is row
        streamed[i] = row
    np.testing.assert_array_equal(streamed, batch)
    assert np.isfinite(batch[f.lookback:]).all()


@requires("bc_features_compute", "bc_bars_from_arrays")
def test_compute_on_bars_equals_compute_on_arrays():
    time, o, h, l, c, v = series()
    f = botcopier.Features("ema(5),vol(10)")
    bars = botcopier.Bars.from_arrays(time, c, open=o, high=h, low=l, volume=v)
    np.testing.assert_array_equal(f.compute(bars),
                                  f.compute_arrays(time, c, open=o, high=h, low=l, volume=v))


def test_outputs_are_checked_before_calling_c():
    f = botcopier.Features("sma(3),ema(3)")
    with pytest.raises(ValueError, match=r"out must have shape \(2,\)"):
        f.update(0, 1.0, 1.0, 1.0, 1.0, out=np.empty(3))
    time, o, h, l, c, v = series(10)
    with pytest.raises(ValueError, match=r"high must have shape \(10,\)"):
        f.compute_arrays(time, c, open=o, high=h[:5], low=l, volume=v)


@requires("bc_bars_read_csv", "bc_features_compute")
def test_on_real_bars_streaming_compute_and_numpy_arrays_agree_bit_for_bit(repo_root):
    bars = botcopier.read_bars(repo_root / "tests" / "data" / "aapl_daily.csv")
    spec = ("sma(20),ema(12),rsi(14),macd(12,26,9),bbands(20,2),stoch(14,3,3),adx(14),atr(14),"
            "ret(1),logret(5),vol(20),cross(sma(5),sma(20)),above(rsi(14),70),rsi(14)@1,"
            "hour_sin,dow_cos")
    f = botcopier.Features(spec)
    batch = f.compute(bars)
    assert batch.shape == (len(bars), f.count) and f.count == 21
    # The bars' columns are numpy views: the same memory goes to compute_arrays.
    arrays = f.compute_arrays(bars.time, bars.close, open=bars.open, high=bars.high,
                              low=bars.low, volume=bars.volume)
    np.testing.assert_array_equal(arrays, batch)
    f.reset()
    row = np.empty(f.count)
    for i in range(len(bars)):
        f.update(bars.time[i], bars.open[i], bars.high[i], bars.low[i], bars.close[i],
                 bars.volume[i], out=row)
        np.testing.assert_array_equal(row, batch[i])
    # Every column is valid after the lookback and NaN on the bar before it.
    assert np.isfinite(batch[f.lookback:]).all()
    assert np.isnan(batch[f.lookback - 1]).any()
    # sma(20) against numpy, and above() as the comparison of rsi with 70.
    names = f.names
    close = np.asarray(bars.close)
    np.testing.assert_allclose(batch[19:, names.index("sma(20)")],
                               np.convolve(close, np.ones(20) / 20, mode="valid"), rtol=1e-12)
    rsi, above = batch[:, names.index("rsi(14)")], batch[:, names.index("above(rsi(14),70)")]
    ok = ~np.isnan(rsi)
    np.testing.assert_array_equal(above[ok], (rsi[ok] > 70).astype(np.float64))
    np.testing.assert_array_equal(batch[1:, names.index("rsi(14)@1")], rsi[:-1])


def test_time_encodings_are_the_correctly_rounded_sin_and_cos():
    """hour/dow/month sin and cos are sin and cos of the angle the engine
    forms (2*pi*h/24 with h = minutes/60, 2*pi*d/7, 2*pi*m/12, in double)
    rounded once: mpmath at 200 bits as the reference, every minute of a day,
    every weekday and month. The same bits the Windows DLL computes (its C
    library's sin/cos would not be; lib/core/exact_sincos.h)."""
    mpmath = pytest.importorskip("mpmath")
    two_pi = 6.283185307179586476925286766559
    f = botcopier.Features("hour_sin,hour_cos,dow_sin,dow_cos,month_sin,month_cos")
    # 2024-01-01 (a Monday) 00:00 UTC, then one bar a minute for a day.
    start = 1704067200
    minutes = np.arange(1440, dtype=np.int64)
    time = start + 60 * minutes
    close = np.ones(len(time))
    out = f.compute_arrays(time, close, open=close, high=close, low=close, volume=close)

    def rounded(fn, a):
        with mpmath.workprec(200):
            return float(fn(mpmath.mpf(a)))

    for m in range(1440):
        a = two_pi * (m / 60.0) / 24.0
        assert out[m, 0] == rounded(mpmath.sin, a), (m, out[m, 0].hex())
        assert out[m, 1] == rounded(mpmath.cos, a), (m, out[m, 1].hex())
    # Noon on each weekday (Monday = 0) and on the 15th of each month.
    days = start + 86400 * np.arange(7, dtype=np.int64) + 43200
    months = np.array([1705320000, 1707998400, 1710504000, 1713182400, 1715774400,
                       1718452800, 1721044800, 1723723200, 1726401600, 1728993600,
                       1731672000, 1734264000], dtype=np.int64)  # 2024-MM-15 12:00 UTC
    for times, col, n, period in ((days, 2, 7, 7.0), (months, 4, 12, 12.0)):
        one = np.ones(len(times))
        o = f.compute_arrays(times, one, open=one, high=one, low=one, volume=one)
        for k in range(n):
            a = two_pi * float(k) / period
            assert o[k, col] == rounded(mpmath.sin, a), (col, k)
            assert o[k, col + 1] == rounded(mpmath.cos, a), (col, k)
