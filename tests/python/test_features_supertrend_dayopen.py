"""supertrend(n,m) .line .trend and dayopen against independent numpy float64
loops written from their definitions.

supertrend: basic bands hl2 -/+ m x ATR(n) (Wilder's ATR as TA-Lib's: true
range from bar 1, seeded with the mean of the first n, then (atr (n-1) + tr)
/ n); the final lower band only rises while the previous close stays above it,
the final upper only falls while the previous close stays below it; the trend
turns up where the close crosses above the previous final upper band and down
where it crosses below the previous final lower band. First bar with an ATR
(bar n, the lookback): bands = basic bands, trend +1. .line = the lower band
while up, the upper while down. TA-Lib's ATR in the same loop (the heldout15
Supertrend bot's) gives the same trend.
dayopen: the open of the first bar of the bar's UTC day, NaN through the first
day seen. Streaming == batch, a missing bar skipped, bad items refused."""
import numpy as np
import pytest

import botcopier
from features_util import load, batch_stream_and_gap


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv", "bots/googl_daily.csv"])
def series(request):
    return load(request.param)


def wilder_atr(h, lo, c, n):
    """TA-Lib ATR's definition in plain float64 (no fused multiply-add)."""
    out = np.full(len(c), np.nan)
    tr = np.full(len(c), np.nan)
    for t in range(1, len(c)):
        tr[t] = max(h[t] - lo[t], abs(h[t] - c[t - 1]), abs(lo[t] - c[t - 1]))
    if len(c) <= n:
        return out
    a = float(np.sum(tr[1:n + 1])) / n
    out[n] = a
    for t in range(n + 1, len(c)):
        a = (a * (n - 1) + tr[t]) / n
        out[t] = a
    return out


def supertrend_reference(h, lo, c, n, m, atr=None):
    atr = wilder_atr(h, lo, c, n) if atr is None else atr
    mid = (h + lo) / 2.0
    lower, upper = mid - m * atr, mid + m * atr
    fl, fu = lower.copy(), upper.copy()
    trend = np.full(len(c), np.nan)
    line = np.full(len(c), np.nan)
    ok = np.flatnonzero(np.isfinite(atr))
    if len(ok) == 0:
        return line, trend
    start = int(ok[0])
    trend[start] = 1.0
    for t in range(start + 1, len(c)):
        fl[t] = max(lower[t], fl[t - 1]) if c[t - 1] > fl[t - 1] else lower[t]
        fu[t] = min(upper[t], fu[t - 1]) if c[t - 1] < fu[t - 1] else upper[t]
        if trend[t - 1] < 0 and c[t] > fu[t - 1]:
            trend[t] = 1.0
        elif trend[t - 1] > 0 and c[t] < fl[t - 1]:
            trend[t] = -1.0
        else:
            trend[t] = trend[t - 1]
    line[start:] = np.where(trend[start:] > 0, fl[start:], fu[start:])
    return line, trend


def dayopen_reference(times, o):
    day = np.floor_divide(np.asarray(times, dtype=np.int64), 86400)
    out = np.full(len(o), np.nan)
    for t in range(len(o)):
        if t == 0 or day[t] != day[t - 1]:
            cur = o[t]
        out[t] = cur
    out[day == day[0]] = np.nan  # the first day seen may have begun earlier
    return out


@pytest.mark.parametrize("n,m", [(10, 3.0), (7, 3.0), (14, 2.5), (1, 1.0), (20, 0.5)])
def test_supertrend_matches_the_float64_definition(series, n, m):
    bars, d = series
    f = botcopier.Features(f"supertrend({n},{m:g})")
    assert f.names == [f"supertrend({n},{m:g}).line", f"supertrend({n},{m:g}).trend"]
    assert f.lookback == n
    got = f.compute(bars)
    line, trend = supertrend_reference(d["high"], d["low"], d["close"], n, m)
    assert np.isnan(got[:n]).all() and np.isfinite(got[n:]).all()
    np.testing.assert_array_equal(got[:, 1], trend)
    np.testing.assert_allclose(got[:, 0], line, rtol=1e-12, atol=0, equal_nan=True)
    # the line is on the side of the close its trend says, except on a turn's
    # own bar where the close has just crossed the other band
    up = trend > 0
    assert (line[n:][up[n:]] <= np.maximum(d["close"], d["high"])[n:][up[n:]]).mean() > 0.9
    assert (trend[n:] == 1).sum() > 10 and (trend[n:] == -1).sum() > 10


def test_supertrend_is_the_heldout15_generators_talib_loop():
    """TA-Lib ATR(10) in the same loop (heldout15 supertrend_eurusd's rule):
    the same trend on every bar, its turns the cross item's +-1."""
    talib = pytest.importorskip("talib")
    bars, d = load("bots/eurusd_1h.csv")
    h, lo, c = d["high"], d["low"], d["close"]
    line, trend = supertrend_reference(h, lo, c, 10, 3.0, atr=talib.ATR(h, lo, c, 10))
    got = botcopier.Features("supertrend(10,3),cross(supertrend(10,3).trend,0)").compute(bars)
    np.testing.assert_array_equal(got[:, 1], trend)
    np.testing.assert_allclose(got[:, 0], line, rtol=1e-12, equal_nan=True)
    turn = np.zeros(len(c))
    turn[11:] = np.where(trend[11:] != trend[10:-1], trend[11:], 0.0)
    np.testing.assert_array_equal(got[11:, 2], turn[11:])
    assert (turn == 1).sum() > 50 and (turn == -1).sum() > 50


def test_supertrend_by_hand():
    """n = 1, m = 1: ATR(1) is the true range from bar 1."""
    t = np.arange(6, dtype=np.int64) * 86400
    h = np.array([10.0, 11.0, 11.0, 12.0, 9.0, 9.0])
    lo = np.array([9.0, 10.0, 10.0, 11.0, 8.0, 8.0])
    c = np.array([9.5, 10.5, 10.5, 11.5, 8.5, 8.5])
    got = botcopier.Features("supertrend(1,1)").compute_arrays(t, c, c, h, lo, np.ones(6))
    # bar 1: tr 1.5 (|11 - 9.5|), mid 10.5: lower 9, upper 12, trend +1, line 9
    # bar 2: tr 1, basic 9.5 / 11.5; close 10.5 > 9 -> lower max(9.5, 9) = 9.5;
    #        10.5 < 12 -> upper min(11.5, 12) = 11.5; line 9.5
    # bar 3: tr 1.5, basic 10 / 13 -> lower 10, upper 11.5; line 10
    # bar 4: tr 3.5 (|11.5 - 8|), mid 8.5: basic 5 / 12; close 11.5 > 10 -> lower
    #        max(5, 10) = 10; 11.5 >= 11.5 -> upper afresh 12; close 8.5 < 10: down,
    #        line = upper 12
    # bar 5: tr 1, basic 7.5 / 9.5; 8.5 < 10 -> lower afresh 7.5; 8.5 < 12 ->
    #        upper min(9.5, 12) = 9.5; stays down (8.5 < 12), line 9.5
    np.testing.assert_array_equal(got[:, 0], [np.nan, 9.0, 9.5, 10.0, 12.0, 9.5])
    np.testing.assert_array_equal(got[:, 1], [np.nan, 1, 1, 1, -1, -1])


def test_dayopen_matches_the_definition(series):
    bars, d = series
    f = botcopier.Features("dayopen")
    assert f.names == ["dayopen"] and f.lookback == 0
    got = f.compute(bars)[:, 0]
    ref = dayopen_reference(np.asarray(bars.time, dtype=np.int64), d["open"])
    np.testing.assert_array_equal(got, ref)
    assert np.isfinite(got).sum() > len(got) // 2


def test_dayopen_by_hand_with_a_mid_day_start_and_times_before_1970():
    day = 86400
    # 1969-12-30 23:00 (the first day seen: NaN), 1969-12-31 01:00, 1970-01-01
    # 01:00, 02:00, 23:30, 1970-01-02 00:00, 00:01
    t = np.array([-2 * day + 23 * 3600, -day + 3600, 3600, 7200, 23 * 3600 + 1800, day,
                  day + 60], dtype=np.int64)
    o = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0])
    got = botcopier.Features("dayopen").compute_arrays(t, o, o, o, o, np.ones(7))[:, 0]
    np.testing.assert_array_equal(got, [np.nan, 2.0, 3.0, 3.0, 3.0, 6.0, 6.0])


def test_ratio_and_cross_of_the_close_with_dayopen():
    bars, d = load("bots/eurusd_1h.csv")
    got = botcopier.Features("dayopen,ratio(close,dayopen),cross(close,dayopen)").compute(bars)
    ok = np.isfinite(got[:, 0])
    np.testing.assert_array_equal(got[ok, 1], d["close"][ok] / got[ok, 0])
    side = np.sign(d["close"] - got[:, 0])
    both = ok & np.roll(ok, 1)
    both[0] = False
    up = both & (side > 0) & (np.roll(side, 1) <= 0)
    dn = both & (side < 0) & (np.roll(side, 1) >= 0)
    assert (got[up, 2] == 1.0).all() and (got[dn, 2] == -1.0).all()
    assert up.sum() > 100 and dn.sum() > 100


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("bots/eurusd_1h.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    k = 2000
    t, d = t[:k], {c: x[:k] for c, x in d.items()}
    spec = "supertrend(10,3),supertrend(7,3),dayopen,cross(supertrend(10,3).trend,0)"
    rest, keep = batch_stream_and_gap(spec, t, d)
    for col, (n, m) in ((0, (10, 3.0)), (2, (7, 3.0))):
        line, trend = supertrend_reference(keep["high"], keep["low"], keep["close"], n, m)
        np.testing.assert_allclose(rest[:, col], line, rtol=1e-12, equal_nan=True)
        np.testing.assert_array_equal(rest[:, col + 1], trend)
    np.testing.assert_array_equal(rest[:, 4], dayopen_reference(np.delete(t, 300), keep["open"]))


@pytest.mark.parametrize("spec,message", [
    ("supertrend(10)", "expected ','"),
    ("supertrend(0,3)", "supertrend: 0 is out of range 1..100000"),
    ("supertrend(10,0)", "the multiplier 0 must be above 0"),
    ("supertrend(10,-1)", "the multiplier -1 must be above 0"),
    ("supertrend(10,3).upper", "has no output '.upper'"),
    ("dayopen(1)", "'dayopen' takes no arguments"),
])
def test_bad_items_are_refused_naming_them(spec, message):
    with pytest.raises(botcopier.ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
