"""ribbon(a,b,c,d) in the feature engine, against TA-Lib (PyPI ta-lib) float64.

ribbon(a,b,c,d), a < b < c < d: +1 while TA-Lib EMA(a) > EMA(b) > EMA(c) >
EMA(d) (a moving-average ribbon lined up upwards), -1 while EMA(a) < EMA(b) <
EMA(c) < EMA(d), 0 otherwise; NaN until EMA(d) exists (lookback d-1). The
ribbon lining up is cross(ribbon,0.5) = +1, its mirror cross(ribbon,-0.5) =
-1. Streaming == batch; bad items refused naming the periods."""
import numpy as np
import pytest
import talib

import botcopier
from features_util import load, streamed


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv"])
def series(request):
    return load(request.param)


def ribbon_ref(c, periods):
    """The value and its margin (the smallest gap between neighbouring EMAs,
    relative to the price): the engine's fused EMA step may round a gap at
    the rounding level to the other side of TA-Lib's."""
    e = [talib.EMA(c, n) for n in periods]
    up = (e[0] > e[1]) & (e[1] > e[2]) & (e[2] > e[3])
    down = (e[0] < e[1]) & (e[1] < e[2]) & (e[2] < e[3])
    out = up.astype(np.float64) - down.astype(np.float64)
    out[np.isnan(e[3])] = np.nan
    margin = np.min([np.abs(e[k] - e[k + 1]) for k in range(3)], axis=0) / np.abs(c)
    return out, margin


@pytest.mark.parametrize("periods", [(8, 13, 21, 34), (2, 3, 4, 5), (5, 10, 20, 40)])
def test_ribbon_matches_talib(series, periods):
    bars, d = series
    spec = "ribbon(%d,%d,%d,%d)" % periods
    f = botcopier.Features(spec)
    assert f.names == [spec]
    assert f.lookback == periods[3] - 1
    got = f.compute(bars)[:, 0]
    want, margin = ribbon_ref(d["close"], periods)
    assert np.array_equal(np.isnan(got), np.isnan(want))
    differ = (got != want) & ~np.isnan(want)
    assert (margin[differ] < 1e-12).all()
    assert (got == 1).sum() > 20 and (got == -1).sum() > 20 and (got == 0).sum() > 20


def test_ribbon_equals_its_emas_compared():
    """The kernel is ema.h's step four times: comparing the ema items gives the
    same bits."""
    bars, d = load("bots/eurusd_1h.csv")
    got = botcopier.Features("ribbon(8,13,21,34)").compute(bars)[:, 0]
    e = botcopier.Features("ema(8),ema(13),ema(21),ema(34)").compute(bars).T
    want = (((e[0] > e[1]) & (e[1] > e[2]) & (e[2] > e[3])).astype(np.float64)
            - ((e[0] < e[1]) & (e[1] < e[2]) & (e[2] < e[3])).astype(np.float64))
    want[np.isnan(e[3])] = np.nan
    assert got.tobytes() == want.tobytes()


def test_lining_up_is_the_cross_of_one_half():
    bars, d = load("bots/eurusd_1h.csv")
    got = botcopier.Features("ribbon(8,13,21,34),cross(ribbon(8,13,21,34),0.5),"
                             "cross(ribbon(8,13,21,34),-0.5)").compute(bars)
    r, up, down = got[:, 0], got[:, 1], got[:, 2]
    prev = np.r_[np.nan, r[:-1]]
    both = ~np.isnan(r) & ~np.isnan(prev)
    assert np.array_equal(up[both] == 1, (prev[both] < 1) & (r[both] == 1))
    assert np.array_equal(down[both] == -1, (prev[both] > -1) & (r[both] == -1))
    assert (up == 1).sum() > 20 and (down == -1).sum() > 20


SPEC = "ribbon(8,13,21,34),ribbon(2,3,4,5)@1,cross(ribbon(8,13,21,34),0.5),ribbon(5,10,20,40)"


def test_streaming_equals_batch(series):
    bars, d = series
    f = botcopier.Features(SPEC)
    batch = f.compute(bars)
    one = streamed(f, bars.time, d)
    assert one.tobytes() == batch.tobytes()


@pytest.mark.parametrize("bad,message", [
    ("ribbon(8,8,21,34)", "8 is not above 8"), ("ribbon(34,21,13,8)", "21 is not above 34"),
    ("ribbon(1,13,21,34)", "ribbon"), ("ribbon(8,13,21)", "ribbon"),
    ("ribbon(8,13,21,34).up", "ribbon")])
def test_bad_items_are_named(bad, message):
    with pytest.raises(botcopier.ParseError) as e:
        botcopier.Features(bad)
    assert message in str(e.value)
