"""squeeze(n,x,y) in the feature engine, against TA-Lib (PyPI ta-lib) float64.

squeeze(n,x,y): 1 while both Bollinger bands (TA-Lib BBANDS(n, x, x), SMA
middle) lie strictly inside the Keltner channel TA-Lib EMA(n) +- y x TA-Lib
ATR(n) (upper < ema + y*atr and lower > ema - y*atr), 0 otherwise; NaN until
all three exist (lookback n). Its release is cross(squeeze,0.5) = -1.
Streaming == batch; bad items refused naming the value."""
import numpy as np
import pytest
import talib

import botcopier
from features_util import load, streamed


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv"])
def series(request):
    return load(request.param)


def squeeze_ref(d, n, x, y):
    """The value and its margin (the smaller gap between a band and its channel
    line, relative to the price): where the margin is at the rounding level the
    engine's fused steps may round to the other side of TA-Lib's."""
    h, lo, c = d["high"], d["low"], d["close"]
    upper, _, lower = talib.BBANDS(c, n, x, x)
    mid, atr = talib.EMA(c, n), talib.ATR(h, lo, c, n)
    kup, klo = mid + y * atr, mid - y * atr
    inside = ((upper < kup) & (lower > klo)).astype(np.float64)
    inside[np.isnan(upper) | np.isnan(mid) | np.isnan(atr)] = np.nan
    margin = np.minimum(np.abs(kup - upper), np.abs(lower - klo)) / np.abs(c)
    return inside, margin


@pytest.mark.parametrize("n,x,y", [(20, 2.0, 2.0), (20, 2.0, 1.5), (10, 1.5, 1.0),
                                   (5, 2.0, 2.5)])
def test_squeeze_matches_talib(series, n, x, y):
    bars, d = series
    f = botcopier.Features(f"squeeze({n},{x:g},{y:g})")
    assert f.names == [f"squeeze({n},{x:g},{y:g})"]
    assert f.lookback == n
    got = f.compute(bars)[:, 0]
    want, margin = squeeze_ref(d, n, x, y)
    assert np.isnan(got[:n]).all() and not np.isnan(got[n:]).any()
    assert np.array_equal(np.isnan(got), np.isnan(want))
    differ = (got != want) & ~np.isnan(want)
    assert (margin[differ] < 1e-12).all()
    assert 0.02 < np.nanmean(got) < 0.98  # both states occur


def test_squeeze_equals_its_items_compared():
    """The kernel is bbands', ema's and atr's steps: comparing those items gives
    the same bits."""
    bars, d = load("sp500_daily.csv")
    got = botcopier.Features("squeeze(20,2,2)").compute(bars)[:, 0]
    parts = botcopier.Features("bbands(20,2),ema(20),atr(20)").compute(bars)
    upper, lower, mid, atr = parts[:, 0], parts[:, 2], parts[:, 3], parts[:, 4]
    want = ((upper < mid + 2.0 * atr) & (lower > mid - 2.0 * atr)).astype(np.float64)
    want[np.isnan(atr)] = np.nan
    assert got.tobytes() == want.tobytes()


def test_release_is_the_cross_below_one_half():
    """cross(squeeze(20,2,2),0.5) is -1 exactly where the squeeze was on the bar
    before and is off now (the release a squeeze bot trades), +1 where it starts."""
    bars, d = load("sp500_daily.csv")
    got = botcopier.Features("squeeze(20,2,2),cross(squeeze(20,2,2),0.5)").compute(bars)
    sq, ev = got[:, 0], got[:, 1]
    prev = np.r_[np.nan, sq[:-1]]
    both = ~np.isnan(sq) & ~np.isnan(prev)
    assert np.array_equal(ev[both] == -1, (prev[both] == 1) & (sq[both] == 0))
    assert np.array_equal(ev[both] == 1, (prev[both] == 0) & (sq[both] == 1))
    assert (ev == -1).sum() > 20


SPEC = "squeeze(20,2,2),squeeze(10,1.5,1)@1,cross(squeeze(20,2,2),0.5),squeeze(5,2,2.5)"


def test_streaming_equals_batch(series):
    bars, d = series
    f = botcopier.Features(SPEC)
    batch = f.compute(bars)
    one = streamed(f, bars.time, d)
    assert one.tobytes() == batch.tobytes()


@pytest.mark.parametrize("bad,message", [
    ("squeeze(20,0,2)", "band width 0"), ("squeeze(20,2,-1)", "channel width -1"),
    ("squeeze(1,2,2)", "squeeze"), ("squeeze(20,2)", "squeeze"),
    ("squeeze(20,2,2).up", "squeeze")])
def test_bad_items_are_named(bad, message):
    with pytest.raises(botcopier.ParseError) as e:
        botcopier.Features(bad)
    assert message in str(e.value)
