"""stiffness(n,m) and camarilla in the feature engine, float64 references.

stiffness(n,m) -> .up .down (Katsanos): 100 x the share of the last m closes
above TA-Lib SMA(n) - 0.2 STDDEV(n) (.up), below SMA(n) + 0.2 STDDEV(n)
(.down), counted from the band's first value (lookback n+m-2); the reference
is the heldout25 generator's chain (TA-Lib SMA, STDDEV and SUM).
camarilla -> .h1 .h2 .h3 .h4 .l1 .l2 .l3 .l4 (Scott): C +- 1.1 (H - L) / 12,
6, 4, 2 of the previous UTC day's high, low and close, a Sunday's bars in no
day but ending Friday (Sunday's and Monday's levels are Friday's), the first
day seen never counted; the
reference groups the bars by date with pandas. Streaming == batch; bad
items refused naming the item."""
import numpy as np
import pandas as pd
import pytest
import talib

import botcopier
from features_util import load, streamed


@pytest.fixture(scope="module", params=["sp500_daily.csv", "bots/eurusd_1h.csv",
                                        "bots/heldout/eurusd_1h_2017.csv"])
def series(request):
    return load(request.param)


def stiffness_ref(c, n, m):
    """.up, .down and each bar's nearness to a tie (the smaller distance of a
    close to either band over the window, relative to the price)."""
    sma, sd = talib.SMA(c, n), talib.STDDEV(c, n)
    lower, upper = sma - 0.2 * sd, sma + 0.2 * sd
    first = int(np.argmax(np.isfinite(sma)))
    out = []
    for flag in ((c > lower), (c < upper)):
        v = np.full_like(c, np.nan)
        v[first:] = 100.0 * talib.SUM(flag[first:].astype(np.float64), m) / m
        out.append(v)
    gap = np.minimum(np.abs(c - lower), np.abs(c - upper)) / np.abs(c)
    gap[:first] = np.inf
    near = pd.Series(gap).rolling(m, min_periods=1).min().to_numpy()
    return out[0], out[1], near


@pytest.mark.parametrize("n,m", [(100, 60), (50, 30), (20, 10), (5, 2)])
def test_stiffness_matches_the_talib_chain(series, n, m):
    bars, d = series
    f = botcopier.Features(f"stiffness({n},{m})")
    assert f.names == [f"stiffness({n},{m}).up", f"stiffness({n},{m}).down"]
    assert f.lookback == n + m - 2
    got = f.compute(bars)
    up, down, near = stiffness_ref(d["close"], n, m)
    lb = n + m - 2
    assert np.isnan(got[:lb]).all() and not np.isnan(got[lb:]).any()
    for k, want in enumerate((up, down)):
        assert np.array_equal(np.isnan(got[:, k]), np.isnan(want))
        differ = (got[:, k] != want) & ~np.isnan(want)
        # the engine's sums round apart from TA-Lib's only where a close in the
        # window is within rounding of a band
        assert (near[differ] < 1e-12).all()
    assert (got[lb:, 0] >= 90).any() or (got[lb:, 1] >= 90).any()


def camarilla_ref(times, d):
    """The eight levels by pandas: days by UTC date, Sundays dropped, the first
    day left out, each bar given the last whole day before its own."""
    t = pd.to_datetime(times, unit="s")
    df = pd.DataFrame({"high": d["high"], "low": d["low"], "close": d["close"]})
    df["date"] = t.normalize()
    keep = t.day_of_week != 6
    days = df[keep].groupby("date").agg(high=("high", "max"), low=("low", "min"),
                                        close=("close", "last"))
    # each bar: the last day before its date (for a Sunday's bar Friday: the
    # Sunday-evening session ends Friday and is Monday's)
    pos = np.searchsorted(days.index.values, df["date"].values, side="left") - 1
    out = np.full((len(df), 8), np.nan)
    ok = pos >= 0
    h = np.where(ok, days["high"].values[np.clip(pos, 0, None)], np.nan)
    lo = np.where(ok, days["low"].values[np.clip(pos, 0, None)], np.nan)
    c = np.where(ok, days["close"].values[np.clip(pos, 0, None)], np.nan)
    h[pos < 1] = lo[pos < 1] = c[pos < 1] = np.nan  # pos 0: the first day seen never counts
    for k, div in enumerate((12.0, 6.0, 4.0, 2.0)):
        w = 1.1 * (h - lo) / div
        out[:, k], out[:, 4 + k] = c + w, c - w
    return out


def test_camarilla_matches_pandas(series):
    bars, d = series
    f = botcopier.Features("camarilla")
    assert f.names == ["camarilla." + s for s in
                       ("h1", "h2", "h3", "h4", "l1", "l2", "l3", "l4")]
    assert f.lookback == 0
    got = f.compute(bars)
    want = camarilla_ref(np.asarray(bars.time), d)
    assert np.array_equal(np.isnan(got), np.isnan(want))
    assert np.array_equal(got[~np.isnan(want)], want[~np.isnan(want)])
    assert (~np.isnan(got[:, 2])).sum() > len(got) // 2
    v = ~np.isnan(got[:, 0])
    assert (got[v, 3] >= got[v, 2]).all() and (got[v, 6] >= got[v, 7]).all()


def test_camarilla_monday_takes_fridays_levels():
    """On hourly EUR/USD (a short Sunday-evening session each week) a Monday's
    H3 is Friday's C + 1.1 (H - L) / 4, where pivot.p follows Sunday's bars;
    the Sunday-evening bars' H3 is Friday's too."""
    bars, d = load("bots/heldout/eurusd_1h_2017.csv")
    got = botcopier.Features("camarilla.h3,prevday.close,pivot.p").compute(bars)
    t = pd.to_datetime(np.asarray(bars.time), unit="s")
    monday = np.asarray(t.day_of_week == 0) & ~np.isnan(got[:, 0])
    fri = pd.DataFrame({"c": d["close"], "h": d["high"], "l": d["low"], "date": t.normalize()})
    fri = fri[np.asarray(t.day_of_week == 4)].groupby("date").agg(h=("h", "max"), l=("l", "min"),
                                                               c=("c", "last"))
    checked = differ = 0
    for i in np.flatnonzero(monday):
        friday = t[i].normalize() - pd.Timedelta(days=3)
        if friday in fri.index:
            r = fri.loc[friday]
            assert got[i, 0] == r.c + 1.1 * (r.h - r.l) / 4.0
            differ += got[i, 1] != r.c  # prevday: Sunday evening's close
            checked += 1
    assert checked > 500 and differ > 0.9 * checked
    # a Sunday's bars (the session that opens Monday's week) have Friday's too
    sunday = np.flatnonzero(np.asarray(t.day_of_week == 6) & ~np.isnan(got[:, 0]))
    checked = 0
    for i in sunday:
        friday = t[i].normalize() - pd.Timedelta(days=2)
        if friday in fri.index:
            r = fri.loc[friday]
            assert got[i, 0] == r.c + 1.1 * (r.h - r.l) / 4.0
            checked += 1
    assert checked > 100


SPEC = ("stiffness(100,60),stiffness(50,30)@1,cross(stiffness(100,60).up,90),camarilla,"
        "cross(close,camarilla.l3),ratio(close,camarilla.h4)")


def test_streaming_equals_batch(series):
    bars, d = series
    f = botcopier.Features(SPEC)
    assert f.compute(bars).tobytes() == streamed(f, bars.time, d).tobytes()


@pytest.mark.parametrize("bad,message", [
    ("stiffness(1,60)", "stiffness"), ("stiffness(100,0)", "stiffness"),
    ("stiffness(100)", "stiffness"), ("stiffness(100,60).mid", "mid"),
    ("camarilla(3)", "camarilla"), ("camarilla.h5", "h5")])
def test_bad_items_are_named(bad, message):
    with pytest.raises(botcopier.ParseError) as e:
        botcopier.Features(bad)
    assert message in str(e.value)
