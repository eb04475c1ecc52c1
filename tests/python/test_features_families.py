"""The volume, range, moving-average, window-extreme, parabolic SAR,
directional-line and Chande momentum families of the feature engine (mfi,
willr, obv, ad, adosc, wma, dema, tema, trix, aroon, aroonosc, stochrsi,
midprice, sar, dmi, cmo): each against TA-Lib on real series and on synthetic ones built
to hit the edge cases (flat stretches, bars without volume, moves below
TA-Lib's dead-zone), streaming == batch bit for bit, nested in the window
items, and bad arguments refused naming the item. The session-anchored day
extremes (dayhigh, daylow) against pandas (groupby of the UTC date, an hour
filter, cummax / cummin); the previous day's levels (prevday, pivot) against a
pandas groupby of the UTC date."""
import csv
import importlib.util
import pathlib

import numpy as np
import pandas as pd
import pytest

import botcopier
from features_util import load, streamed

DATA = pathlib.Path(__file__).resolve().parents[2] / "tests" / "data"
talib = pytest.importorskip("talib")


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv"])
def series(request):
    return load(request.param)


def synthetic():
    """A random walk with a flat stretch (high = low = close for 30 bars),
    bars without volume, bars of tiny volume and moves of 1e-15 relative
    (inside TA-Lib's dead-zone)."""
    rng = np.random.default_rng(7)
    n = 700
    c = 100 + np.cumsum(rng.normal(0, 1, n))
    c[100:130] = c[100]
    c[300:305] = c[300] * (1 + 1e-15)
    h, lo = c + rng.uniform(0, 2, n), c - rng.uniform(0, 2, n)
    h[100:130] = lo[100:130] = c[100:130]
    v = rng.uniform(0, 1e6, n)
    v[200:220] = 0.0
    v[400:450] = 1e-9
    o = np.concatenate([[c[0]], c[:-1]])
    t = np.arange(n, dtype=np.int64) * 3600 + 1_600_000_000
    return t, dict(open=o, high=h, low=lo, close=c, volume=v)


def compute(spec, t, d):
    f = botcopier.Features(spec)
    return f.compute_arrays(t, d["close"], d["open"], d["high"], d["low"], d["volume"])


def assert_matches(got, ref, tol=1e-9):
    assert np.array_equal(np.isnan(got), np.isnan(ref))
    m = ~np.isnan(ref)
    assert m.sum() > len(ref) // 2
    np.testing.assert_allclose(got[m], ref[m], rtol=tol, atol=tol)


@pytest.mark.parametrize("n", [14, 7, 2, 60])
def test_mfi_matches_talib(series, n):
    bars, d = series
    got = botcopier.Features(f"mfi({n})").compute(bars)[:, 0]
    assert_matches(got, talib.MFI(d["high"], d["low"], d["close"], d["volume"], n))


@pytest.mark.parametrize("n", [3, 14, 20])
def test_mfi_zero_flow_windows_as_talib(n):
    t, d = synthetic()
    got = compute(f"mfi({n})", t, d)[:, 0]
    ref = talib.MFI(d["high"], d["low"], d["close"], d["volume"], n)
    assert_matches(got, ref)
    # the flat stretch and the volumeless bars give windows without flow: 0
    assert got[129] == 0.0 and got[219] == 0.0
    assert (got[~np.isnan(got)] >= 0).all() and (got[~np.isnan(got)] <= 100).all()


@pytest.mark.parametrize("n", [14, 7, 2, 60])
def test_willr_matches_talib(series, n):
    bars, d = series
    got = botcopier.Features(f"willr({n})").compute(bars)[:, 0]
    assert_matches(got, talib.WILLR(d["high"], d["low"], d["close"], n), tol=1e-12)


def test_willr_flat_window_is_zero_and_not_stoch_minus_100():
    t, d = synthetic()
    got = compute("willr(3),stoch(3,1,1).k", t, d)
    assert_matches(got[:, 0], talib.WILLR(d["high"], d["low"], d["close"], 3), tol=1e-12)
    # a flat window: both are 0 (TA-Lib's rule), so willr is not stoch.k - 100 there
    assert got[129, 0] == 0.0 and got[129, 1] == 0.0
    m = ~np.isnan(got[:, 0]) & (np.arange(len(t)) < 100)
    np.testing.assert_allclose(got[m, 0] + 100.0, got[m, 1], atol=1e-11)


def test_obv_and_ad_match_talib(series):
    bars, d = series
    got = botcopier.Features("obv,ad").compute(bars)
    assert_matches(got[:, 0], talib.OBV(d["close"], d["volume"]))
    assert_matches(got[:, 1], talib.AD(d["high"], d["low"], d["close"], d["volume"]))


@pytest.mark.parametrize("fast, slow", [(3, 10), (10, 3), (2, 2), (5, 20)])
def test_adosc_matches_talib(series, fast, slow):
    bars, d = series
    got = botcopier.Features(f"adosc({fast},{slow})").compute(bars)[:, 0]
    assert_matches(got, talib.ADOSC(d["high"], d["low"], d["close"], d["volume"], fast, slow))


def test_volume_lines_on_edge_cases_and_their_offset_free_views():
    t, d = synthetic()
    got = compute("obv,ad,adosc(3,10),zscore(obv,20),diff(obv,obv@5)", t, d)
    h, lo, c, v = d["high"], d["low"], d["close"], d["volume"]
    obv = talib.OBV(c, v)
    assert_matches(got[:, 0], obv)
    assert_matches(got[:, 1], talib.AD(h, lo, c, v))
    assert_matches(got[:, 2], talib.ADOSC(h, lo, c, v, 3, 10))
    # the flat stretch (high == low) adds nothing to ad; unchanged closes nothing to obv
    assert got[110, 1] == got[129, 1] and got[110, 0] == got[129, 0]
    # started 100 bars later, obv is offset by a constant: its zscore and
    # differences are the same numbers (to rounding)
    late = compute("obv,zscore(obv,20),diff(obv,obv@5)", t[100:], {k: x[100:] for k, x in d.items()})
    off = got[100:, 0] - late[:, 0]
    scale = np.abs(obv).max()
    assert np.ptp(off) <= 1e-12 * scale and abs(off[0]) > 1e3
    # (up to bar 400: the 1e-9 volumes after it vanish in a sum of ~1e7 but
    # not in a smaller one, so a zscore may see a flat window in one only)
    np.testing.assert_allclose(late[30:300, 1], got[130:400, 3], rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(late[30:, 2], got[130:, 4], rtol=0, atol=1e-12 * scale)


@pytest.mark.parametrize("n", [2, 10, 20, 30])
def test_wma_dema_tema_match_talib(series, n):
    bars, d = series
    got = botcopier.Features(f"wma({n}),dema({n}),tema({n})").compute(bars)
    c = d["close"]
    assert_matches(got[:, 0], talib.WMA(c, n), tol=1e-12)
    assert_matches(got[:, 1], talib.DEMA(c, n), tol=1e-12)
    assert_matches(got[:, 2], talib.TEMA(c, n), tol=1e-12)


@pytest.mark.parametrize("n", [2, 9, 12, 15, 30])
def test_trix_matches_talib(series, n):
    """TRIX: tema's chain of three SMA-seeded EMAs, then TA-Lib's one-bar ROC of
    the third in percent; NaN exactly where TA-Lib has none. The EMAs' rounding
    order is the engine's (ema.h), so the values agree to the last bits (1e-12
    relative), exactly where the period makes k a power of two (15)."""
    bars, d = series
    got = botcopier.Features(f"trix({n})").compute(bars)[:, 0]
    want = talib.TRIX(d["close"], n)
    assert_matches(got, want, tol=1e-12)
    if n == 15:
        assert got[~np.isnan(got)].tobytes() == want[~np.isnan(want)].tobytes()


def test_trix_after_a_zero_and_on_a_flat_stretch_as_talib():
    """A triple EMA of zero (closes at 0) gives TA-Lib's ROC its 0 case; a flat
    stretch gives 0 exactly."""
    t, d = synthetic()
    c = d["close"].copy()
    c[:60] = 0.0
    d = dict(d, close=c)
    got = compute("trix(5)", t, d)[:, 0]
    want = talib.TRIX(c, 5)
    assert np.array_equal(np.isnan(got), np.isnan(want))
    m = ~np.isnan(want)
    np.testing.assert_allclose(got[m], want[m], rtol=1e-12, atol=1e-12)
    assert (got[13:60] == 0.0).all()  # e3 and its predecessor 0: TA-Lib's ROC gives 0


def test_wma_is_the_weighted_mean_of_the_window():
    bars, d = load("sp500_daily.csv")
    got = botcopier.Features("wma(7)").compute(bars)[:, 0]
    w = np.arange(1, 8, dtype=np.float64)
    c = d["close"]
    want = np.convolve(c, w[::-1] / w.sum(), mode="valid")
    np.testing.assert_allclose(got[6:], want, rtol=1e-13)


def test_wma_does_not_drift_over_a_long_series():
    # the running sums alone would drift (1.7e-9 relative after 1e6 bars);
    # summed afresh every n bars they stay at the rounding of one window
    rng = np.random.default_rng(11)
    n = 200_000
    c = 1000 * np.exp(np.cumsum(rng.normal(0, 0.01, n)))
    t = np.arange(n, dtype=np.int64) * 60 + 1_600_000_000
    got = compute("wma(20)", t, dict(open=c, high=c, low=c, close=c, volume=c))[:, 0]
    w = np.arange(1, 21, dtype=np.float64)
    want = np.convolve(c, w[::-1] / w.sum(), mode="valid")
    np.testing.assert_allclose(got[19:], want, rtol=1e-13)


@pytest.mark.parametrize("n", [2, 14, 25])
def test_aroon_matches_talib(series, n):
    bars, d = series
    got = botcopier.Features(f"aroon({n}),aroonosc({n})").compute(bars)
    down, up = talib.AROON(d["high"], d["low"], n)
    assert_matches(got[:, 0], up, tol=0)
    assert_matches(got[:, 1], down, tol=0)
    assert_matches(got[:, 2], talib.AROONOSC(d["high"], d["low"], n), tol=0)


def test_aroon_ties_go_to_the_newest_bar_as_talib():
    rng = np.random.default_rng(3)
    c = np.round(100 + np.cumsum(rng.normal(0, 1, 800)))  # whole numbers: many ties
    d = dict(open=c, high=c + np.round(rng.uniform(0, 2, 800)), low=c - 1, close=c, volume=c)
    t = np.arange(800, dtype=np.int64) * 60 + 1_600_000_000
    for n in (3, 14):
        got = compute(f"aroon({n}),aroonosc({n})", t, d)
        down, up = talib.AROON(d["high"], d["low"], n)
        assert_matches(got[:, 0], up, tol=0)
        assert_matches(got[:, 1], down, tol=0)
        assert_matches(got[:, 2], talib.AROONOSC(d["high"], d["low"], n), tol=0)


@pytest.mark.parametrize("n, k, d", [(14, 14, 3), (14, 5, 3), (2, 1, 1), (5, 3, 2), (21, 9, 5)])
def test_stochrsi_matches_talib(series, n, k, d):
    bars, x = series
    got = botcopier.Features(f"stochrsi({n},{k},{d})").compute(bars)
    fast_k, fast_d = talib.STOCHRSI(x["close"], timeperiod=n, fastk_period=k, fastd_period=d,
                                    fastd_matype=0)
    assert_matches(got[:, 0], fast_k)
    assert_matches(got[:, 1], fast_d)
    assert np.isnan(got[n + k + d - 3, 0]) and not np.isnan(got[n + k + d - 2, 0])


def test_stochrsi_flat_windows_are_zero_as_talib():
    """A flat start (rsi 0: no gain, no loss) and a strictly rising stretch
    (rsi exactly 100) give windows of equal rsi values: %K is 0 there, as
    TA-Lib's STOCHF gives on a zero range; then a random walk."""
    rng = np.random.default_rng(5)
    c = np.concatenate([np.full(60, 100.0), 100.0 + np.arange(1, 61),
                        160.0 + np.cumsum(rng.normal(0, 1, 400))])
    d = dict(open=c, high=c + 1, low=c - 1, close=c, volume=np.ones_like(c))
    t = np.arange(len(c), dtype=np.int64) * 60 + 1_600_000_000
    for n, k, dd in ((14, 14, 3), (14, 5, 3), (3, 2, 2)):
        got = compute(f"stochrsi({n},{k},{dd})", t, d)
        fast_k, fast_d = talib.STOCHRSI(c, n, k, dd, 0)
        assert_matches(got[:, 0], fast_k)
        assert_matches(got[:, 1], fast_d)
        assert (got[n + k + dd - 2:60, 0] == 0.0).all()   # rsi 0 throughout the window
        assert (got[60 + n + k:120, 0] == 0.0).all()      # rsi 100 throughout the window
        v = got[~np.isnan(got[:, 0])]
        # TA-Lib's (x - lowest) / ((highest - lowest) / 100) may round just above
        # 100, and its running-sum %D a few 1e-14 below 0; this does the same
        assert (v >= -1e-9).all() and (v <= 100 + 1e-9).all()


@pytest.mark.parametrize("n", [2, 9, 26, 52])
def test_midprice_matches_talib(series, n):
    bars, d = series
    got = botcopier.Features(f"midprice({n})").compute(bars)[:, 0]
    assert_matches(got, talib.MIDPRICE(d["high"], d["low"], n), tol=0)


def test_midprice_is_the_ichimoku_lines():
    # tenkan and kijun from pandas' rolling extremes, independent of TA-Lib
    pd = pytest.importorskip("pandas")
    bars, d = load("aapl_daily.csv")
    got = botcopier.Features("midprice(9),midprice(26)").compute(bars)
    h, lo = pd.Series(d["high"]), pd.Series(d["low"])
    for j, n in enumerate((9, 26)):
        want = ((h.rolling(n).max() + lo.rolling(n).min()) / 2).to_numpy()
        assert_matches(got[:, j], want, tol=0)


def test_window_extreme_families_compose():
    bars, d = load("sp500_daily.csv")
    spec = ("cross(stochrsi(14,14,3).d,20),above(stochrsi(14,5,3).k,80),"
            "cross(midprice(9),midprice(26)),ratio(close,midprice(26)),stochrsi(14,14,3).d@2,"
            "midprice(9)@1")
    f = botcopier.Features(spec)
    got = {name: f.compute(bars)[:, j] for j, name in enumerate(f.names)}
    c, h, lo = d["close"], d["high"], d["low"]
    sd = talib.STOCHRSI(c, 14, 14, 3, 0)[1]
    sk5 = talib.STOCHRSI(c, 14, 5, 3, 0)[0]
    tenkan, kijun = talib.MIDPRICE(h, lo, 9), talib.MIDPRICE(h, lo, 26)

    def cross(a, b):
        out = np.full(len(a), np.nan)
        for i in range(1, len(a)):
            if np.isnan(a[i]) or np.isnan(b[i]):
                continue
            if np.isnan(a[i - 1]) or np.isnan(b[i - 1]):
                out[i] = 0.0
            elif a[i - 1] <= b[i - 1] and a[i] > b[i]:
                out[i] = 1.0
            elif a[i - 1] >= b[i - 1] and a[i] < b[i]:
                out[i] = -1.0
            else:
                out[i] = 0.0
        return out

    # the stochrsi %D within 1e-9 of TA-Lib: away from the level, the cross is exact
    got_x = got["cross(stochrsi(14,14,3).d,20)"]
    want_x = cross(sd, np.full(len(sd), 20.0))
    near = np.abs(sd - 20.0) < 1e-6
    near[1:] |= near[:-1]
    m = ~np.isnan(want_x) & ~near
    assert np.array_equal(np.isnan(got_x), np.isnan(want_x))
    np.testing.assert_array_equal(got_x[m], want_x[m])
    assert (np.abs(want_x[m]) == 1).sum() > 50
    with np.errstate(invalid="ignore"):
        want_a = np.where(np.isnan(sk5), np.nan, (sk5 > 80).astype(float))
    m = np.abs(sk5 - 80.0) > 1e-6
    np.testing.assert_array_equal(got["above(stochrsi(14,5,3).k,80)"][m], want_a[m])
    np.testing.assert_array_equal(got["cross(midprice(9),midprice(26))"], cross(tenkan, kijun))
    np.testing.assert_array_equal(got["ratio(close,midprice(26))"], c / kijun)
    assert_matches(got["stochrsi(14,14,3).d@2"][2:], sd[:-2])
    np.testing.assert_array_equal(got["midprice(9)@1"][1:], tenkan[:-1])


SAR_PARAMS = [(0.02, 0.2), (0.01, 0.1), (0.03, 0.25), (0.02, 0.02), (0.1, 1.0), (0.005, 0.5)]


@pytest.mark.parametrize("accel, maximum", SAR_PARAMS)
def test_sar_matches_talib_bit_for_bit(series, accel, maximum):
    bars, d = series
    got = botcopier.Features(f"sar({accel},{maximum})").compute(bars)[:, 0]
    want = talib.SAR(d["high"], d["low"], acceleration=accel, maximum=maximum)
    assert np.isnan(got[0]) and np.isfinite(got[1:]).all()   # lookback 1
    assert got.tobytes() == want.tobytes()


def test_sar_starts_and_turns_as_talib_on_edge_cases():
    """The start's direction from the first two bars (the low falling by more
    than the high rises: short; a tie: long), flat bars (high = low), bars
    touching the SAR exactly (low == sar: a flip) and a random walk."""
    t, d = synthetic()
    h, lo = d["high"], d["low"]
    for accel, maximum in SAR_PARAMS:
        got = compute(f"sar({accel},{maximum})", t, d)[:, 0]
        assert got.tobytes() == talib.SAR(h, lo, accel, maximum).tobytes()
    starts = [([10, 10.5], [9, 8]),      # low -1, high +0.5: short
              ([10, 10.5], [9, 8.5]),    # tie (+0.5, -0.5): long
              ([10, 11], [9, 8.5]),      # high +1, low -0.5: long
              ([10, 9.5], [9, 9.5]),     # inside bar (no movement): long
              ([10, 9], [9, 7])]         # both fall, low more: short
    rng = np.random.default_rng(2)
    tt = np.arange(60, dtype=np.int64) * 60 + 1_600_000_000
    for h0, l0 in starts:
        c = 10 + np.cumsum(rng.normal(0, 0.3, 60))
        hh = np.concatenate([h0, c[2:] + 0.5])
        ll = np.concatenate([l0, c[2:] - 0.5])
        dd = dict(open=c, high=hh, low=ll, close=c, volume=np.ones_like(c))
        got = compute("sar(0.02,0.2)", tt, dd)[:, 0]
        assert got.tobytes() == talib.SAR(hh, ll, 0.02, 0.2).tobytes()
    # a low landing exactly on the long SAR flips it (TA-Lib's low <= sar)
    hh, ll = np.array([10.0, 11, 12, 13, 14]), np.array([9.0, 10, 11, 12, 13])
    ll[3] = talib.SAR(hh, ll, 0.02, 0.2)[3]
    ref = talib.SAR(hh, ll, 0.02, 0.2)
    dd = dict(open=hh, high=hh, low=ll, close=hh, volume=np.ones(5))
    got = compute("sar(0.02,0.2)", tt[:5], dd)[:, 0]
    assert got.tobytes() == ref.tobytes()
    assert ref[3] >= hh[3]                 # the flip's value: the extreme point, above the bar


def test_sar_skips_missing_bars_like_ema_and_atr():
    """A bar with a NaN high or low is missing: its row is NaN and the SAR
    goes on from the last bar with prices, as ema and atr do; so the series
    is TA-Lib's on the bars without the missing ones."""
    bars, d = load("aapl_daily.csv")
    h, lo = d["high"].copy(), d["low"].copy()
    gone = np.zeros(len(h), dtype=bool)
    gone[[0, 5, 100, 101, 102, 700]] = True
    even = np.arange(len(h)) % 2 == 0
    h[gone & even] = np.nan                # 0, 100, 102, 700
    lo[gone & ~even] = np.nan              # 5, 101
    t = np.asarray(bars.time, dtype=np.int64)
    dd = dict(open=d["open"], high=h, low=lo, close=d["close"], volume=d["volume"])
    got = compute("sar(0.02,0.2),ema(12),atr(14)", t, dd)
    assert np.isnan(got[gone]).all()
    keep = ~gone
    want_sar = talib.SAR(d["high"][keep], d["low"][keep], 0.02, 0.2)
    assert got[keep, 0].tobytes() == want_sar.tobytes()
    assert_matches(got[keep, 1], talib.EMA(d["close"][keep], 12), tol=1e-12)
    assert_matches(got[keep, 2], talib.ATR(d["high"][keep], d["low"][keep], d["close"][keep], 14),
                   tol=1e-12)


def test_sar_items_a_bot_looks_at():
    """above(close,sar) is the side a SAR bot holds, cross(close,sar) its
    flips; ratio and lag as the grids use them."""
    bars, d = load("bots/googl_daily.csv")
    spec = ("above(close,sar(0.02,0.2)),cross(close,sar(0.02,0.2)),ratio(close,sar(0.01,0.1)),"
            "sar(0.02,0.2)@1,sar(0.020,0.20)")
    f = botcopier.Features(spec)
    assert f.names[-1] == "sar(0.02,0.2)"   # canonical numbers
    got = f.compute(bars)
    c = d["close"]
    sar = talib.SAR(d["high"], d["low"], 0.02, 0.2)
    with np.errstate(invalid="ignore"):
        side = np.where(np.isnan(sar), np.nan, (c > sar).astype(float))
    np.testing.assert_array_equal(got[:, 0], side)
    flips = np.full(len(c), np.nan)
    flips[1] = 0.0                          # the first bar with a SAR
    for i in range(2, len(c)):
        up = c[i - 1] <= sar[i - 1] and c[i] > sar[i]
        down = c[i - 1] >= sar[i - 1] and c[i] < sar[i]
        flips[i] = 1.0 if up else -1.0 if down else 0.0
    np.testing.assert_array_equal(got[:, 1], flips)
    assert (np.abs(got[2:, 1]) == 1).sum() > 100
    np.testing.assert_array_equal(got[:, 2], c / talib.SAR(d["high"], d["low"], 0.01, 0.1))
    np.testing.assert_array_equal(got[1:, 3], sar[:-1])
    np.testing.assert_array_equal(got[:, 4], sar)


@pytest.mark.parametrize("n", [14, 7, 2, 60])
def test_dmi_matches_talib_plus_di_and_minus_di(series, n):
    bars, d = series
    got = botcopier.Features(f"dmi({n})").compute(bars)
    h, lo, c = d["high"], d["low"], d["close"]
    assert_matches(got[:, 0], talib.PLUS_DI(h, lo, c, n))
    assert_matches(got[:, 1], talib.MINUS_DI(h, lo, c, n))
    # one smoothing with adx(n): its lines are these (lookback n, adx's 2n - 1)
    assert np.isnan(got[n - 1]).all() and np.isfinite(got[n]).all()


@pytest.mark.parametrize("n", [14, 9, 2, 60])
def test_cmo_matches_talib(series, n):
    bars, d = series
    got = botcopier.Features(f"cmo({n}),rsi({n})").compute(bars)
    # TA-Lib's CMO is its RSI's Wilder smoothing read as 100*(g-l)/(g+l), not
    # Chande's plain n-bar sums: 2*rsi - 100 to rounding
    assert_matches(got[:, 0], talib.CMO(d["close"], n))
    m = ~np.isnan(got[:, 1])
    np.testing.assert_allclose(got[m, 0], 2.0 * got[m, 1] - 100.0, rtol=0, atol=1e-10)
    with pytest.raises(Exception):
        talib.CMO(d["close"], 1)           # TA-Lib refuses 1, as the grammar does


def flat_series(n=1300, flat=slice(200, 700), scale=1.0):
    """A random walk (seed 3) with a long flat stretch (high = low = close):
    the smoothed sums decay towards 0 without reaching it."""
    rng = np.random.default_rng(3)
    c = 100 + np.cumsum(rng.normal(0, 1, n))
    c[flat] = c[flat.start]
    h, lo = c + rng.uniform(0, 2, n), c - rng.uniform(0, 2, n)
    h[flat] = lo[flat] = c[flat]
    t = np.arange(n, dtype=np.int64) * 3600 + 1_600_000_000
    return t, dict(open=c * scale, high=h * scale, low=lo * scale, close=c * scale,
                   volume=np.ones(n))


@pytest.mark.parametrize("scale", [1.0, 1e-8, 1e-12, 1e-200])
def test_dmi_cmo_rsi_adx_at_any_price_scale_and_on_flat_stretches(scale):
    """TA-Lib C 0.8.1 (the wheel's) writes 0 only where the sum it divides
    by is 0: the lines keep their ratio on a long flat stretch and on a
    series priced at 1e-8 or 1e-200 (TA-Lib 0.4's band |v| < 1e-8 wrote 0
    there; the engine followed it for rsi and adx until dmi/cmo joined).
    Subnormal sums (prices near 1e-300) round differently in each and are
    not compared."""
    t, d = flat_series(scale=scale)
    h, lo, c = d["high"], d["low"], d["close"]
    got = compute("dmi(14),cmo(14),rsi(14),adx(14)", t, d)
    refs = [talib.PLUS_DI(h, lo, c, 14), talib.MINUS_DI(h, lo, c, 14), talib.CMO(c, 14),
            talib.RSI(c, 14), talib.ADX(h, lo, c, 14)]
    for j, ref in enumerate(refs):
        assert_matches(got[:, j], ref)
    assert (got[600:700, :4] != 0).all()   # deep in the flat stretch: the last ratio


def test_dmi_and_cmo_are_0_where_nothing_moved():
    """Bars that never move: +DM, -DM, TR and the gains and losses are all 0,
    and TA-Lib writes 0 (not NaN) from the lookback on; the first move
    gives the lines at once."""
    t, d = flat_series(n=80, flat=slice(0, 40))
    h, lo, c = d["high"], d["low"], d["close"]
    got = compute("dmi(14),cmo(14)", t, d)
    assert (got[14:40] == 0).all()
    assert_matches(got[:, 0], talib.PLUS_DI(h, lo, c, 14), tol=1e-9)
    assert_matches(got[:, 1], talib.MINUS_DI(h, lo, c, 14), tol=1e-9)
    assert_matches(got[:, 2], talib.CMO(c, 14), tol=1e-9)
    assert (got[41:] != 0).any()


def test_dmi_and_cmo_skip_missing_bars_like_ema_and_atr():
    """A bar with a NaN high (dmi reads it) or close is missing: its row is
    NaN and the lines go on from the last bar with prices, as ema and atr
    do; so the series is TA-Lib's on the bars without the missing ones."""
    bars, d = load("sp500_daily.csv")
    h, c = d["high"].copy(), d["close"].copy()
    gone = np.zeros(len(h), dtype=bool)
    gone[[0, 5, 100, 101, 102, 700, 3000]] = True
    even = np.arange(len(h)) % 2 == 0
    h[gone & even] = np.nan
    c[gone & ~even] = np.nan
    t = np.asarray(bars.time, dtype=np.int64)
    dd = dict(open=d["open"], high=h, low=d["low"], close=c, volume=d["volume"])
    got = compute("dmi(14),cmo(9),ema(12),atr(14)", t, dd)
    assert np.isnan(got[gone]).all()
    keep = ~gone
    hk, lk, ck = d["high"][keep], d["low"][keep], d["close"][keep]
    assert_matches(got[keep, 0], talib.PLUS_DI(hk, lk, ck, 14))
    assert_matches(got[keep, 1], talib.MINUS_DI(hk, lk, ck, 14))
    assert_matches(got[keep, 2], talib.CMO(ck, 9))
    assert_matches(got[keep, 3], talib.EMA(ck, 12), tol=1e-12)
    assert_matches(got[keep, 4], talib.ATR(hk, lk, ck, 14), tol=1e-12)


def test_dmi_and_cmo_items_a_bot_looks_at():
    """cross(dmi.plus,dmi.minus) is a DMI bot's signal and the lines' levels
    its strength; cmo's levels and zero crossings a momentum bot's."""
    bars, d = load("bots/eurusd_1h.csv")
    spec = ("cross(dmi(14).plus,dmi(14).minus),above(dmi(14).plus,25),cross(cmo(9),0),"
            "above(cmo(9),-50),dmi(14).minus@1,dmi(14)")
    f = botcopier.Features(spec)
    assert f.names[-2:] == ["dmi(14).plus", "dmi(14).minus"]
    got = f.compute(bars)
    h, lo, c = d["high"], d["low"], d["close"]
    plus, minus = talib.PLUS_DI(h, lo, c, 14), talib.MINUS_DI(h, lo, c, 14)
    cmo = talib.CMO(c, 9)

    def crossing(a, b):
        out = np.full(len(a), np.nan)
        first = np.argmax(~np.isnan(a) & ~np.isnan(b))
        out[first] = 0.0
        for i in range(first + 1, len(a)):
            up = a[i - 1] <= b[i - 1] and a[i] > b[i]
            down = a[i - 1] >= b[i - 1] and a[i] < b[i]
            out[i] = 1.0 if up else -1.0 if down else 0.0
        return out

    def above(a, k):
        with np.errstate(invalid="ignore"):
            return np.where(np.isnan(a), np.nan, (a > k).astype(float))

    np.testing.assert_array_equal(got[:, 0], crossing(plus, minus))
    assert (np.abs(got[15:, 0]) == 1).sum() > 300
    np.testing.assert_array_equal(got[:, 1], above(plus, 25))
    np.testing.assert_array_equal(got[:, 2], crossing(cmo, np.zeros(len(c))))
    np.testing.assert_array_equal(got[:, 3], above(cmo, -50))
    np.testing.assert_array_equal(got[1:, 4], got[:-1, 6])


SPEC = ("mfi(14),mfi(3),zscore(mfi(14),20),above(mfi(10),80),rank(mfi(7),50),willr(14),"
        "willr(2),cross(willr(10),-80),obv,ad,adosc(3,10),adosc(10,3),zscore(obv,20),"
        "rank(ad,50),diff(obv,obv@5),zscore(adosc(3,10),50),wma(10),wma(2),dema(10),tema(10),"
        "cross(close,wma(20)),ratio(close,dema(30)),aroon(14),aroon(25).down,aroonosc(14),"
        "aroonosc(2),stochrsi(14,14,3),stochrsi(14,5,3).d,stochrsi(2,1,1),"
        "cross(stochrsi(14,14,3).d,20),midprice(9),midprice(26),midprice(2),"
        "cross(midprice(9),midprice(26)),ratio(close,midprice(52)),zscore(stochrsi(14,5,3).k,20),"
        "cci(20),cci(16),cci(9),aroon(2),sar(0.02,0.2),sar(0.01,0.1),sar(0.2,0.2),"
        "cross(close,sar(0.02,0.2)),above(close,sar(0.02,0.2)),ratio(close,sar(0.03,0.25)),"
        "sar(0.02,0.2)@1,trix(12),cross(trix(9),0),trix(15)@1,dmi(14),dmi(7).minus,dmi(2),"
        "cross(dmi(14).plus,dmi(14).minus),above(dmi(14).plus,25),zscore(dmi(10).minus,20),"
        "cmo(14),cmo(9),cmo(2),cross(cmo(14),0),rank(cmo(20),50),cmo(9)@1")


def test_families_stream_bit_identical_to_batch():
    bars, d = load("bots/eurusd_1h.csv")
    f = botcopier.Features(SPEC)
    batch = f.compute(bars)
    assert streamed(f, bars.time, d).tobytes() == batch.tobytes()
    assert np.isfinite(batch[f.lookback + 1:]).all()


def test_families_compose_with_the_window_items():
    bars, d = load("sp500_daily.csv")
    f = botcopier.Features(SPEC)
    got = {name: f.compute(bars)[:, j] for j, name in enumerate(f.names)}
    mfi14 = talib.MFI(d["high"], d["low"], d["close"], d["volume"], 14)
    z = got["zscore(mfi(14),20)"]
    i = 500
    w = mfi14[i - 19:i + 1]
    assert z[i] == pytest.approx((mfi14[i] - w.mean()) / w.std(), rel=1e-9)
    mfi10 = talib.MFI(d["high"], d["low"], d["close"], d["volume"], 10)
    with np.errstate(invalid="ignore"):
        want = np.where(np.isnan(mfi10), np.nan, (mfi10 > 80).astype(float))
    np.testing.assert_array_equal(got["above(mfi(10),80)"], want)


@pytest.mark.parametrize("spec, needle", [
    ("mfi(1)", "2..100000"),
    ("mfi(14", "expected ')'"),
    ("mfi", "expected '('"),
    ("mfi(14).up", "one output"),
    ("willr(1)", "2..100000"),
    ("willr(14,3)", "expected ')'"),
    ("obv(14)", "takes no arguments"),
    ("ad.x", "one output"),
    ("adosc(3)", "expected ','"),
    ("adosc(1,10)", "2..100000"),
    ("wma(1)", "2..100000"),
    ("tema(0)", "2..100000"),
    ("trix(1)", "trix: 1 is out of range 2..100000"),
    ("trix(12,3)", "expected ')'"),
    ("trix(12).up", "one output"),
    ("aroon(14).middle", "no output '.middle'"),
    ("aroonosc(14).up", "one output"),
    ("zscore(aroon(14),20)", "single columns"),
    ("stochrsi(1,14,3)", "stochrsi: 1 is out of range 2..100000"),
    ("stochrsi(14,0,3)", "stochrsi: 0 is out of range 1..100000"),
    ("stochrsi(14,14,0)", "stochrsi: 0 is out of range 1..100000"),
    ("stochrsi(100001,14,3)", "stochrsi: 100001 is out of range 2..100000"),
    ("stochrsi(14,14)", "expected ','"),
    ("stochrsi(14,14,3).up", "no output '.up'"),
    ("zscore(stochrsi(14,14,3),20)", "single columns"),
    ("midprice(1)", "midprice: 1 is out of range 2..100000"),
    ("midprice(9).k", "one output"),
    ("midprice(9,26)", "expected ')'"),
    ("sar(0,0.2)", "sar(0,0.2): the acceleration 0 must be above 0"),
    ("sar(-0.02,0.2)", "the acceleration -0.02 must be above 0"),
    ("sar(0.02,0.01)", "the maximum 0.01 is below the acceleration 0.02"),
    ("sar(0.5,2)", "the maximum 2 is above 1"),
    ("sar(x,0.2)", "sar expects a number at offset 4, found 'x,0.2)'"),
    ("sar(0.02,close)", "sar expects a number at offset 9, found 'close)'"),
    ("sar(inf,0.2)", "'inf' is not a finite number"),
    ("sar(14)", "expected ','"),
    ("sar(0.02,0.2,3)", "expected ')'"),
    ("sar(0.02,0.2).up", "one output"),
    ("dmi(1)", "dmi: 1 is out of range 2..100000"),
    ("dmi(100001)", "dmi: 100001 is out of range 2..100000"),
    ("dmi(2.5)", "dmi: '2.5' is not an integer"),
    ("dmi(14).up", "'dmi(14)' has no output '.up'"),
    ("dmi(14,3)", "expected ')'"),
    ("dmi", "expected '('"),
    ("zscore(dmi(14),20)", "single columns"),
    ("cmo(1)", "cmo: 1 is out of range 2..100000"),
    ("cmo(-3)", "cmo: -3 is out of range 2..100000"),
    ("cmo(close)", "cmo expects an integer at offset 4, found 'close)'"),
    ("cmo()", "cmo expects an integer at offset 4, found ')'"),
    ("cmo(14).plus", "one output"),
])
def test_bad_family_items_are_parse_errors_naming_the_item(spec, needle):
    with pytest.raises(botcopier.ParseError) as e:
        botcopier.Features(spec)
    assert needle in str(e.value)


def mfi_level_log(path, tmp_path):
    """The trade log of an mfi(10) 25/75 mean-reversion bot (exits at 50)
    on AAPL daily bars, written with tests/data/bots/make_test_bots.py's
    logger (TA-Lib's MFI, independent of the library)."""
    spec = importlib.util.spec_from_file_location("make_test_bots",
                                                  DATA / "bots" / "make_test_bots.py")
    bots = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bots)
    times, b = bots.read_bars(str(path))
    x = talib.MFI(b["high"], b["low"], b["close"], b["volume"], 10)
    log = bots.Log("AAPL", bots.DAILY)
    for t in range(len(x)):
        if not np.isfinite(x[t]):
            continue
        if log.dir == 0 and (x[t] < 25 or x[t] > 75):
            log.open(t, times[t], 1 if x[t] < 25 else -1, b["close"][t])
        elif (log.dir > 0 and x[t] > 50) or (log.dir < 0 and x[t] < 50):
            log.close(times[t], b["close"][t])
    out = tmp_path / "mfi_levels_aapl_trades_raw.csv"
    with open(out, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=bots.HEADER, delimiter=";", lineterminator="\n")
        w.writeheader()
        w.writerows(log.rows)
    return out


def test_a_clone_of_an_mfi_bot_finds_mfi_and_explain_names_it(tmp_path):
    # Before mfi joined the feature engine and the level grid, this clone's
    # held-out entry F1 was 0.143 (trees); with it 0.857 (logistic).
    bars = botcopier.read_bars(DATA / "aapl_daily.csv")
    trades = botcopier.read_trades(mfi_level_log(DATA / "aapl_daily.csv", tmp_path))
    cloner = botcopier.Cloner(model="logistic")
    model = cloner.fit(bars, trades)
    assert cloner.report["fidelity"]["f1"] >= 0.8, cloner.report["fidelity"]
    rules = botcopier.explain(model, bars)
    texts = [r["text"] for r in rules["open_short"]["rules"]]
    assert any(t.startswith("opens short when flat and mfi(10) > 7") for t in texts), texts
    texts = [r["text"] for r in rules["open_long"]["rules"]]
    assert any("mfi(10) <= 2" in t for t in texts), texts


@pytest.mark.parametrize("trades, bars, long_text, short_text", [
    ("heldout6_ichimoku_tk_cross_aapl", "aapl_daily.csv",
     "reverses the short to long when midprice(9) crosses above midprice(26)",
     "reverses the long to short when midprice(9) crosses below midprice(26)"),
    ("heldout6_stochrsi_eurusd", "bots/heldout/eurusd_1h_2017.csv",
     "opens long when flat and stochrsi(14,14,3).d crosses above 20",
     "opens short when flat and stochrsi(14,14,3).d crosses below 80"),
])
def test_clones_of_window_extreme_bots_find_them_and_explain_names_them(trades, bars, long_text,
                                                                        short_text):
    # Before stochrsi and midprice joined the engine and the grids these
    # clones' held-out F1 was 0.567 (stochrsi, trees) and 0.438 (ichimoku,
    # logistic); with them 1.000 each.
    b = botcopier.read_bars(DATA / bars)
    t = botcopier.read_trades(DATA / "bots" / "heldout6" / f"{trades}_trades_raw.csv")
    cloner = botcopier.Cloner()
    model = cloner.fit(b, t)
    assert cloner.report["fidelity"]["f1"] >= 0.97, cloner.report["fidelity"]
    rules = botcopier.explain(model, b)
    texts = [r["text"] for r in rules["open_long"]["rules"]]
    assert any(x.startswith(long_text) for x in texts), texts
    texts = [r["text"] for r in rules["open_short"]["rules"]]
    assert any(x.startswith(short_text) for x in texts), texts


def test_a_clone_of_the_sar_bot_finds_sar_and_explain_names_it():
    # heldout7's always-in SAR(0.02, 0.2) bot: F1 0.554 before sar joined the
    # engine and the grids (its flips fell on no grid item); with them 1.000
    b = botcopier.read_bars(DATA / "bots" / "googl_daily.csv")
    t = botcopier.read_trades(DATA / "bots" / "heldout7" / "heldout7_psar_flip_googl_trades_raw.csv")
    cloner = botcopier.Cloner()
    model = cloner.fit(b, t)
    assert cloner.report["fidelity"]["f1"] >= 0.97, cloner.report["fidelity"]
    rules = botcopier.explain(model, b)
    texts = [r["text"] for r in rules["open_long"]["rules"]]
    assert any(x.startswith("reverses the short to long when close crosses above sar(0.02,0.2)")
               for x in texts), texts
    texts = [r["text"] for r in rules["open_short"]["rules"]]
    assert any(x.startswith("reverses the long to short when close crosses below sar(0.02,0.2)")
               for x in texts), texts
# ---- session-anchored extremes of the day: dayhigh(h0,h1), daylow(h0,h1) ----

def day_extreme_reference(t, high, low, h0, h1):
    """pandas: per UTC calendar date, the cumulative max of the highs / min
    of the lows of the bars whose hour is in [h0, h1), carried forward
    over the day's later bars; NaN before the day's first bar in the
    window. Bars with a NaN high or low are missing (dropped, then NaN)."""
    ok = ~(np.isnan(high) | np.isnan(low))
    ts = pd.to_datetime(pd.Series(t[ok]), unit="s", utc=True)
    date, hour = ts.dt.date, ts.dt.hour
    inside = (hour >= h0) & (hour < h1)
    out = []
    for x, fn in ((high[ok], "cummax"), (low[ok], "cummin")):
        v = pd.Series(x).where(inside.values)
        run = getattr(v.groupby(date.values), fn)()
        full = np.full(len(t), np.nan)
        full[ok] = run.groupby(date.values).ffill().to_numpy()
        out.append(full)
    return out


DAY_WINDOWS = [(0, 7), (0, 24), (0, 6), (0, 9), (7, 12), (8, 17), (13, 14), (23, 24), (0, 1)]


@pytest.mark.parametrize("name", ["bots/eurusd_1h.csv", "bots/heldout/eurusd_1h_2017.csv"])
@pytest.mark.parametrize("h0, h1", DAY_WINDOWS)
def test_day_extremes_match_pandas_on_hourly_eurusd(name, h0, h1):
    bars, d = load(name)
    t = np.asarray(bars.time, dtype=np.int64)
    got = botcopier.Features(f"dayhigh({h0},{h1}),daylow({h0},{h1})").compute(bars)
    ref_hi, ref_lo = day_extreme_reference(t, d["high"], d["low"], h0, h1)
    np.testing.assert_array_equal(got[:, 0], ref_hi)
    np.testing.assert_array_equal(got[:, 1], ref_lo)
    # not a vacuous check: finite values on many days, NaN on others' early bars
    assert np.isfinite(ref_hi).sum() > 100
    if h0 > 0:
        assert np.isnan(ref_hi).sum() > 100


def test_day_extremes_of_the_asian_range_and_the_running_day():
    bars, d = load("bots/eurusd_1h.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    f = botcopier.Features("dayhigh(0,7),daylow(0,7),dayhigh(0,24),daylow(0,24)")
    x = f.compute(bars)
    assert f.lookback == 0
    hour = (t % 86400) // 3600
    day = t // 86400
    # after 07:00 the Asian range holds for the rest of the day
    for i in np.flatnonzero(hour >= 7)[:500]:
        same = (day == day[i]) & (hour < 7)
        if same.any():
            assert x[i, 0] == d["high"][same].max() and x[i, 1] == d["low"][same].min()
        else:
            assert np.isnan(x[i, 0]) and np.isnan(x[i, 1])
    # dayhigh(0,24) is the running high of the day, never below the bar's own high
    assert (x[:, 2] >= d["high"]).all() and (x[:, 3] <= d["low"]).all()


def test_day_extremes_on_daily_bars_are_the_bar_itself():
    # one bar a day: the day's range is the bar's own (bars at 00:00 UTC)
    bars, d = load("aapl_daily.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    assert len(np.unique(t // 86400)) == len(t)
    got = botcopier.Features("dayhigh(0,24),daylow(0,24),dayhigh(0,7),daylow(8,17)").compute(bars)
    np.testing.assert_array_equal(got[:, 0], d["high"])
    np.testing.assert_array_equal(got[:, 1], d["low"])
    for j, (h0, h1) in zip((2, 3), ((0, 7), (8, 17))):
        hi, lo = day_extreme_reference(t, d["high"], d["low"], h0, h1)
        np.testing.assert_array_equal(got[:, j], hi if j == 2 else lo)


def synthetic_days(n=900, seed=11):
    """Bars every 23 minutes from 1969-12-25 (negative times, minutes off
    the hour, day boundaries at varying minutes) into 1970, with missing
    bars (a NaN high) every 41 bars."""
    rng = np.random.default_rng(seed)
    t = -7 * 86400 + 5 * 60 + np.arange(n, dtype=np.int64) * 23 * 60
    c = 100 + np.cumsum(rng.normal(0, 1, n))
    h, lo = c + rng.uniform(0, 2, n), c - rng.uniform(0, 2, n)
    h[np.arange(n) % 41 == 17] = np.nan
    return t, dict(open=c, high=h, low=lo, close=c, volume=np.ones(n))


@pytest.mark.parametrize("h0, h1", DAY_WINDOWS)
def test_day_extremes_before_1970_and_with_missing_bars_match_pandas(h0, h1):
    t, d = synthetic_days()
    assert t[0] < 0 < t[-1]
    got = compute(f"dayhigh({h0},{h1}),daylow({h0},{h1})", t, d)
    ref_hi, ref_lo = day_extreme_reference(t, d["high"], d["low"], h0, h1)
    np.testing.assert_array_equal(got[:, 0], ref_hi)
    np.testing.assert_array_equal(got[:, 1], ref_lo)
    assert np.isnan(got[np.isnan(d["high"])]).all()


DAY_SPEC = ("dayhigh(0,7),daylow(0,7),dayhigh(0,24),daylow(0,24),dayhigh(8,12),daylow(23,24),"
            "ratio(close,dayhigh(0,8)),above(close,dayhigh(0,7)),above(daylow(0,7),close),"
            "dayhigh(0,7)@3,zscore(dayhigh(0,24),20),since(above(close,dayhigh(0,9)))")


@pytest.mark.parametrize("which", ["eurusd", "synthetic"])
def test_day_extremes_stream_bit_identical_to_batch(which):
    if which == "eurusd":
        bars, d = load("bots/eurusd_1h.csv")
        t = np.asarray(bars.time, dtype=np.int64)
        d["high"] = d["high"].copy()
        d["high"][np.arange(len(t)) % 67 == 30] = np.nan   # missing bars
    else:
        t, d = synthetic_days()
    f = botcopier.Features(DAY_SPEC)
    batch = compute(DAY_SPEC, t, d)
    assert streamed(f, t, d).tobytes() == batch.tobytes()
    assert np.isfinite(batch).sum() > batch.size // 3


@pytest.mark.parametrize("spec, needle", [
    ("dayhigh(7,7)", "dayhigh(7,7): the window [7, 7) is empty"),
    ("daylow(9,3)", "the start hour 9 must be below the end hour 3"),
    ("dayhigh(24,24)", "dayhigh: 24 is out of range 0..23"),
    ("daylow(0,25)", "daylow: 25 is out of range 1..24"),
    ("dayhigh(-1,7)", "dayhigh: -1 is out of range 0..23"),
    ("dayhigh(0,0)", "dayhigh: 0 is out of range 1..24"),
    ("daylow(0.5,7)", "daylow: '0.5' is not an integer"),
    ("dayhigh(0,6.5)", "dayhigh: '6.5' is not an integer"),
    ("dayhigh(0,7e0)", "dayhigh(0,7)"),
    ("dayhigh(7)", "expected ','"),
    ("dayhigh", "expected '('"),
    ("dayhigh(0,7,1)", "expected ')'"),
    ("daylow(0,7).low", "one output"),
])
def test_bad_day_extreme_items_are_parse_errors_naming_the_value(spec, needle):
    if spec == "dayhigh(0,7e0)":
        # a whole number written otherwise is the same integer: no error
        assert botcopier.Features(spec).names == [needle]
        return
    with pytest.raises(botcopier.ParseError) as e:
        botcopier.Features(spec)
    assert needle in str(e.value)


def test_a_clone_of_the_asian_range_bot_finds_the_range_and_explain_names_it():
    # Before dayhigh/daylow joined the engine and the level grid this
    # clone's held-out F1 was 0.667; with them 0.971.
    b = botcopier.read_bars(DATA / "bots" / "eurusd_1h.csv")
    t = botcopier.read_trades(DATA / "bots" / "heldout7" /
                              "heldout7_asian_range_breakout_eurusd_trades_raw.csv")
    cloner = botcopier.Cloner()
    model = cloner.fit(b, t)
    # Since the cross cuts (twelfth session) the search names the close crossing the
    # range (the bot's event) rather than its side, 1.000.
    assert cloner.report["fidelity"]["f1"] >= 0.97, cloner.report["fidelity"]
    added = cloner.report["search"]["added"]
    assert "cross(ratio(close,dayhigh(0,7)),1)" in added, added
    assert any(a.startswith("cross(0.99") and a.endswith(",ratio(close,daylow(0,7)))")
               for a in added), added
    rules = botcopier.explain(model, b)
    texts = [r["text"] for r in rules["open_long"]["rules"]]
    assert any("ratio(close,dayhigh(0,7))" in x for x in texts), texts
    texts = [r["text"] for r in rules["open_short"]["rules"]]
    assert any("ratio(close,daylow(0,7))" in x for x in texts), texts


def calendar_reference(t, freq):
    """monthbar / weekbar by pandas: the bar's 1-based place among its UTC calendar
    month's (freq "M") or Monday week's ("W-SUN" periods end on Sunday) bars,
    NaN through the first period seen."""
    ts = pd.to_datetime(pd.Series(t), unit="s", utc=True).dt.tz_localize(None)
    period = ts.dt.to_period(freq)
    n = period.groupby(period).cumcount().to_numpy() + 1.0
    n[(period == period.iloc[0]).to_numpy()] = np.nan
    return n


@pytest.mark.parametrize("name", ["sp500_daily.csv", "aapl_daily.csv", "bots/eurusd_1h.csv"])
def test_calendar_items_match_pandas(name):
    bars, d = load(name)
    t = np.asarray(bars.time, dtype=np.int64)
    f = botcopier.Features("monthbar,weekbar")
    got = f.compute(bars)
    assert f.lookback == 0
    np.testing.assert_array_equal(got[:, 0], calendar_reference(t, "M"))
    np.testing.assert_array_equal(got[:, 1], calendar_reference(t, "W-SUN"))
    assert streamed(f, bars.time, d).tobytes() == got.tobytes()
    # not vacuous: every month after the first has a first bar
    assert (got[:, 0] == 1).sum() >= len(np.unique(t // (86400 * 31))) - 2


def test_calendar_items_before_1970_skipped_periods_and_missing_prices():
    """Daily bars from 1969-11-20 with a gap over a whole month (January 1970
    absent) and a bar with a NaN close: the floor day split before 1970, a month
    without bars skipped (the next bar is 1), and time being all they read."""
    days = np.concatenate([np.arange(-42, 0), np.arange(31, 80)])
    t = days.astype(np.int64) * 86400 + 20 * 3600
    t[5] = days[5] * 86400 - 1  # 23:59:59 the day before: still that day, by floor
    n = len(t)
    c = np.linspace(100, 120, n)
    c[50] = np.nan
    d = dict(open=c, high=c, low=c, close=c, volume=np.ones(n))
    got = compute("monthbar,weekbar", t, d)
    np.testing.assert_array_equal(got[:, 0], calendar_reference(t, "M"))
    np.testing.assert_array_equal(got[:, 1], calendar_reference(t, "W-SUN"))
    first_feb = int(np.argmax(days >= 31))
    assert got[first_feb, 0] == 1.0 and got[first_feb - 1, 0] == 31.0  # December's 31st bar


def test_a_clone_of_the_month_start_bot_finds_the_first_bar_of_the_month(tmp_path):
    """heldout8's month-start bot buys each month's first trading day above
    sma(100) and sells 5 bars later: its clone cuts monthbar at the first bar
    (0.269 before the calendar items; measured after them in the BOTS table of
    test_heldout_bots.py)."""
    import json
    import subprocess
    from conftest import cli_executable
    out = tmp_path / "month"
    subprocess.run([cli_executable(), "clone", "--trades",
                    str(DATA / "bots" / "heldout8" / "heldout8_month_start_sp500_trades_raw.csv"),
                    "--bars", str(DATA / "sp500_daily.csv"), "--out", str(out), "--quiet"],
                   check=True, stdout=subprocess.DEVNULL)
    report = json.loads((out / "report.json").read_text())
    added = report["search"]["added"]
    assert any("monthbar" in a for a in added), added
    assert report["search"]["decisions"]["open_long"]["best_f1"] >= 0.9, report["search"]


# ---- the previous UTC day's levels: prevday, pivot ----

def prevday_reference(t, d):
    """pandas: the bars grouped by UTC calendar date (days that have bars, in
    time order), each day's first open, max high, min low and last close;
    the first day is dropped (it may have begun before the first bar); each
    bar gets the previous such day's values (shift(1): after a weekend the
    last trading day). Bars with a non-finite price are missing (dropped,
    then NaN)."""
    cols = ("open", "high", "low", "close")
    ok = np.all([np.isfinite(d[k]) for k in cols], axis=0)
    ts = pd.to_datetime(pd.Series(t[ok]), unit="s", utc=True)
    date = ts.dt.date.values
    df = pd.DataFrame({k: d[k][ok] for k in cols})
    daily = df.groupby(date, sort=False).agg(open=("open", "first"), high=("high", "max"),
                                             low=("low", "min"), close=("close", "last"))
    daily.iloc[0] = np.nan
    prev = daily.shift(1)
    out = np.full((len(t), 4), np.nan)
    out[ok] = prev.loc[date, list(cols)].to_numpy()
    return out


def pivot_reference(prev):
    """The classic floor pivots of the previous day's high, low and close."""
    h, lo, c = prev[:, 1], prev[:, 2], prev[:, 3]
    p = (h + lo + c) / 3.0
    return np.column_stack([p, 2.0 * p - lo, 2.0 * p - h, p + (h - lo), p - (h - lo),
                            h + 2.0 * (p - lo), lo - 2.0 * (h - p)])


PREVDAY_NAMES = ["prevday.open", "prevday.high", "prevday.low", "prevday.close", "pivot.p",
                 "pivot.r1", "pivot.s1", "pivot.r2", "pivot.s2", "pivot.r3", "pivot.s3"]


@pytest.mark.parametrize("name", ["bots/eurusd_1h.csv", "bots/heldout/eurusd_1h_2017.csv",
                                  "aapl_daily.csv", "sp500_daily.csv"])
def test_previous_day_levels_match_pandas_exactly(name):
    bars, d = load(name)
    t = np.asarray(bars.time, dtype=np.int64)
    f = botcopier.Features("prevday,pivot")
    assert f.names == PREVDAY_NAMES and f.lookback == 0
    got = f.compute(bars)
    prev = prevday_reference(t, d)
    np.testing.assert_array_equal(got[:, :4], prev)
    np.testing.assert_array_equal(got[:, 4:], pivot_reference(prev))
    # NaN through the second day seen, valid from the third day's first bar
    day = t // 86400
    third = np.flatnonzero(day == np.unique(day)[2])[0]
    assert np.isnan(got[:third]).all() and np.isfinite(got[third:]).all()


def test_previous_day_is_the_last_day_with_bars_and_the_previous_bar_on_daily_bars():
    bars, d = load("bots/eurusd_1h.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    x = botcopier.Features("prevday.high,prevday.low,prevday.close").compute(bars)
    day, weekday = t // 86400, (t // 86400 + 3) % 7   # 0 = Monday
    days = np.unique(day)
    mondays = [k for k in range(3, len(days)) if (days[k] + 3) % 7 == 0]
    assert len(mondays) > 20
    for k in mondays:
        before = days[k - 1]            # the Sunday-evening session, or Friday
        i, j = np.flatnonzero(day == days[k])[0], day == before
        assert x[i, 0] == d["high"][j].max() and x[i, 1] == d["low"][j].min()
        assert x[i, 2] == d["close"][np.flatnonzero(j)[-1]]
    # the feed's Sunday-evening session is a day of its own: Monday's previous day
    assert sum((days[k - 1] + 3) % 7 == 6 for k in mondays) > 20
    assert not (weekday == 5).any()   # no Saturday bars: Sunday's previous day is Friday
    # daily bars: the previous bar itself, from the third bar on
    bars, d = load("aapl_daily.csv")
    x = botcopier.Features("prevday").compute(bars)
    assert np.isnan(x[:2]).all()
    for k, col in enumerate(("open", "high", "low", "close")):
        np.testing.assert_array_equal(x[2:, k], d[col][1:-1])


def test_previous_day_levels_before_1970_and_with_missing_bars_match_pandas():
    t, d = synthetic_days()
    d["open"] = d["open"] + 0.25
    d["close"] = d["close"].copy()
    d["close"][np.arange(len(t)) % 53 == 8] = np.inf   # missing too
    assert t[0] < 0 < t[-1]
    got = compute("prevday,pivot", t, d)
    prev = prevday_reference(t, d)
    np.testing.assert_array_equal(got[:, :4], prev)
    np.testing.assert_array_equal(got[:, 4:], pivot_reference(prev))
    missing = ~(np.isfinite(d["high"]) & np.isfinite(d["close"]))
    assert np.isnan(got[missing]).all() and np.isfinite(got[~missing]).sum() > got.size // 2


PREVDAY_SPEC = ("prevday,pivot,cross(close,pivot.r1),cross(close,pivot.s1),ratio(close,pivot.p),"
                "ratio(close,prevday.high),pivot.s3@2,zscore(pivot.p,10),"
                "since(cross(close,pivot.p))")


@pytest.mark.parametrize("which", ["eurusd", "synthetic", "daily"])
def test_previous_day_levels_stream_bit_identical_to_batch(which):
    if which == "eurusd":
        bars, d = load("bots/eurusd_1h.csv")
        t = np.asarray(bars.time, dtype=np.int64)
        d["low"] = d["low"].copy()
        d["low"][np.arange(len(t)) % 67 == 30] = np.nan   # missing bars
    elif which == "daily":
        bars, d = load("sp500_daily.csv")
        t = np.asarray(bars.time, dtype=np.int64)
    else:
        t, d = synthetic_days()
    f = botcopier.Features(PREVDAY_SPEC)
    batch = compute(PREVDAY_SPEC, t, d)
    assert streamed(f, t, d).tobytes() == batch.tobytes()
    assert np.isfinite(batch).sum() > batch.size // 3


@pytest.mark.parametrize("spec, needle", [
    ("prevday(1)", "'prevday' takes no arguments"),
    ("pivot()", "'pivot' takes no arguments"),
    ("pivot.r4", "'pivot' has no output '.r4'"),
    ("prevday.p", "'prevday' has no output '.p'"),
])
def test_bad_previous_day_items_are_parse_errors_naming_the_value(spec, needle):
    with pytest.raises(botcopier.ParseError) as e:
        botcopier.Features(spec)
    assert needle in str(e.value)
