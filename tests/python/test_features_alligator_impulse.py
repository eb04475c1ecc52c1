"""alligator(j,t,l) and impulse(e,f,s,g) in the feature engine, against float64
references: the alligator's lines are MT5's SMMA (numpy, written out here: the
first value the mean of the first n values, then (prev x (n-1) + x) / n) of
the median price (high + low) / 2, shifted 8, 5 and 3 bars; the impulse system
reads TA-Lib (PyPI ta-lib) EMA and MACD.

alligator -> .order .jaw .teeth .lips: order +1 while lips > teeth > jaw, -1
while lips < teeth < jaw, else 0; NaN until all three lines exist.
impulse: +1 where ema(e) and the macd(f,s,g) histogram both rose on the bar,
-1 where both fell, else 0; NaN until both have a value on the bar before.
The entries of the bots they were made for: cross(x,0.5) = +1 (lining up,
green after non-green), cross(x,-0.5) = -1. Streaming == batch; bad items
refused naming the value."""
import numpy as np
import pytest
import talib

import botcopier
from features_util import load, streamed

SHIFTS = (8, 5, 3)


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv"])
def series(request):
    return load(request.param)


def smma_ref(x, n):
    out = np.full_like(x, np.nan)
    seed = 0.0
    for v in x[:n]:  # summed oldest first, as MT5 (numpy's mean sums pairwise)
        seed += v
    out[n - 1] = seed / n
    for t in range(n, len(x)):
        out[t] = (out[t - 1] * (n - 1) + x[t]) / n
    return out


def shifted(x, k):
    out = np.full_like(x, np.nan)
    out[k:] = x[:-k]
    return out


def alligator_ref(d, periods):
    mid = (d["high"] + d["low"]) / 2.0
    jaw, teeth, lips = (shifted(smma_ref(mid, n), k) for n, k in zip(periods, SHIFTS))
    order = (((lips > teeth) & (teeth > jaw)).astype(np.float64)
             - ((lips < teeth) & (teeth < jaw)).astype(np.float64))
    bad = np.isnan(jaw) | np.isnan(teeth) | np.isnan(lips)
    order[bad] = np.nan
    for line in (jaw, teeth, lips):
        line[bad] = np.nan
    return order, jaw, teeth, lips


@pytest.mark.parametrize("periods", [(13, 8, 5), (5, 3, 2), (2, 30, 4)])
def test_alligator_matches_the_smma_reference(series, periods):
    bars, d = series
    spec = "alligator(%d,%d,%d)" % periods
    f = botcopier.Features(spec)
    assert f.names == [spec + s for s in (".order", ".jaw", ".teeth", ".lips")]
    assert f.lookback == max(n - 1 + k for n, k in zip(periods, SHIFTS))
    got = f.compute(bars)
    want = alligator_ref(d, periods)
    for j in range(4):
        assert np.array_equal(np.isnan(got[:, j]), np.isnan(want[j]))
    ok = ~np.isnan(want[0])
    for j in (1, 2, 3):  # the same operations in the same order: the same bits
        assert np.array_equal(got[ok, j], want[j][ok])
    assert np.array_equal(got[ok, 0], want[0][ok])
    o = got[ok, 0]
    assert (o == 1).sum() > 20 and (o == -1).sum() > 20 and (o == 0).sum() > 20


def impulse_ref(c, e, f, s, g):
    ema = talib.EMA(c, e)
    _, _, hist = talib.MACD(c, f, s, g)
    de = np.r_[np.nan, np.diff(ema)]
    dh = np.r_[np.nan, np.diff(hist)]
    out = ((de > 0) & (dh > 0)).astype(np.float64) - ((de < 0) & (dh < 0)).astype(np.float64)
    out[np.isnan(de) | np.isnan(dh)] = np.nan
    # the engine's fused EMA step may round a change at the rounding level to
    # the other side of TA-Lib's: the margin is the smaller change, relative
    margin = np.minimum(np.abs(de), np.abs(dh)) / np.abs(c)
    return out, margin


@pytest.mark.parametrize("periods", [(13, 12, 26, 9), (40, 3, 5, 2), (2, 5, 12, 3)])
def test_impulse_matches_talib(series, periods):
    bars, d = series
    spec = "impulse(%d,%d,%d,%d)" % periods
    f = botcopier.Features(spec)
    assert f.names == [spec]
    e, fa, sl, g = periods
    assert f.lookback == max(e, sl - 1 + g - 1 + 1)
    got = f.compute(bars)[:, 0]
    want, margin = impulse_ref(d["close"], *periods)
    assert np.array_equal(np.isnan(got), np.isnan(want))
    differ = (got != want) & ~np.isnan(want)
    assert (margin[differ] < 1e-12).all()
    assert (got == 1).sum() > 20 and (got == -1).sum() > 20 and (got == 0).sum() > 20


def test_impulse_is_its_ema_and_macd_items_compared():
    """One computation: the kernel's ema and histogram are the ema and macd
    items' bits."""
    bars, d = load("sp500_daily.csv")
    got = botcopier.Features("impulse(13,12,26,9)").compute(bars)[:, 0]
    x = botcopier.Features("ema(13),macd(12,26,9).hist").compute(bars)
    de, dh = np.r_[np.nan, np.diff(x[:, 0])], np.r_[np.nan, np.diff(x[:, 1])]
    want = ((de > 0) & (dh > 0)).astype(np.float64) - ((de < 0) & (dh < 0)).astype(np.float64)
    want[np.isnan(de) | np.isnan(dh)] = np.nan
    assert got.tobytes() == want.tobytes()


@pytest.mark.parametrize("item", ["alligator(13,8,5).order", "impulse(13,12,26,9)"])
def test_appearing_is_the_cross_of_one_half(item):
    """cross(x,0.5) = +1 exactly where x becomes +1 (it was not on the bar
    before), cross(x,-0.5) = -1 where it becomes -1: the conjunction appearing."""
    bars, d = load("sp500_daily.csv")
    got = botcopier.Features("%s,cross(%s,0.5),cross(%s,-0.5)" % (item, item, item)).compute(bars)
    x, up, down = got[:, 0], got[:, 1], got[:, 2]
    prev = np.r_[np.nan, x[:-1]]
    both = ~np.isnan(x) & ~np.isnan(prev)
    assert np.array_equal(up[both] == 1, (prev[both] < 1) & (x[both] == 1))
    assert np.array_equal(down[both] == -1, (prev[both] > -1) & (x[both] == -1))
    assert (up == 1).sum() > 20 and (down == -1).sum() > 20


SPEC = ("alligator(13,8,5),alligator(2,2,2).lips@1,cross(alligator(13,8,5).order,0.5),"
        "cross(alligator(13,8,5).lips,alligator(13,8,5).teeth),impulse(13,12,26,9),"
        "impulse(2,2,3,1)@1,cross(impulse(13,12,26,9),-0.5)")


def test_streaming_equals_batch(series):
    bars, d = series
    f = botcopier.Features(SPEC)
    batch = f.compute(bars)
    one = streamed(f, bars.time, d)
    assert one.tobytes() == batch.tobytes()


@pytest.mark.parametrize("bad,message", [
    ("alligator(13,1,5)", "1 is out of range"), ("alligator(13,8)", "alligator"),
    ("alligator(13,8,5).mouth", "mouth"),
    ("impulse(13,26,12,9)", "slow period 12 is below fast period 26"),
    ("impulse(13,12,26,0)", "0 is out of range"), ("impulse(13,12,26)", "impulse")])
def test_bad_items_are_named(bad, message):
    with pytest.raises(botcopier.ParseError) as e:
        botcopier.Features(bad)
    assert message in str(e.value)
