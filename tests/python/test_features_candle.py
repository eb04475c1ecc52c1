"""The bar's own candle shape in the feature engine: candle -> .body .upper
.lower against numpy float64 of its definition (body |close - open|, upper
shadow high - max(open, close), lower shadow min(open, close) - low) on real
series, bit for bit. TA-Lib has no such function (its CDL* patterns compare
bodies with averaged sizes), so the reference is the definition. Missing
bars NaN, the search grid's scale-free ratios (shadows over the body, shares
of the range), streaming == batch, bad items refused naming the item."""
import numpy as np
import pytest

import botcopier
from features_util import load, streamed


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv"])
def series(request):
    return load(request.param)


def candle(o, h, lo, c):
    top, bottom = np.maximum(o, c), np.minimum(o, c)
    return np.column_stack([np.abs(c - o), h - top, bottom - lo])


def test_candle_matches_its_definition(series):
    bars, d = series
    f = botcopier.Features("candle")
    assert f.names == ["candle.body", "candle.upper", "candle.lower"]
    assert f.lookback == 0
    got = f.compute(bars)
    want = candle(d["open"], d["high"], d["low"], d["close"])
    assert got.tobytes() == want.tobytes()
    assert (got >= 0).all()
    assert (got[:, 0] > 0).sum() > len(got) // 2


def test_candle_missing_bars_are_nan():
    bars, d = load("sp500_daily.csv")
    cols = [d[k].copy() for k in ("open", "high", "low", "close")]
    gone = np.zeros(len(cols[0]), dtype=bool)
    gone[[0, 1, 5, 100, 101, 102, 700, 3000, 3001]] = True
    for j, i in enumerate(np.flatnonzero(gone)):
        cols[j % 4][i] = np.nan
    t = np.asarray(bars.time, dtype=np.int64)
    f = botcopier.Features("candle")
    got = f.compute_arrays(t, cols[3], cols[0], cols[1], cols[2], d["volume"])
    assert np.isnan(got[gone]).all()
    keep = ~gone
    want = candle(*(d[k][keep] for k in ("open", "high", "low", "close")))
    assert got[keep].tobytes() == want.tobytes()


def test_candle_ratios_the_search_cuts():
    """The level grid's items: the shadows over the body (NaN where the body
    is 0) and the shares of the bar's range; a hammer is lower/body >= 2 and
    upper/body <= 1 with a body."""
    bars, d = load("sp500_daily.csv")
    spec = ("ratio(candle.lower,candle.body),ratio(candle.upper,candle.body),"
            "ratio(candle.lower,diff(high,low)),ratio(candle.upper,diff(high,low)),"
            "ratio(candle.body,diff(high,low))")
    got = botcopier.Features(spec).compute(bars)
    body, upper, lower = candle(d["open"], d["high"], d["low"], d["close"]).T
    rng = d["high"] - d["low"]
    with np.errstate(divide="ignore", invalid="ignore"):
        want = np.column_stack([np.where(body == 0, np.nan, lower / body),
                                np.where(body == 0, np.nan, upper / body),
                                np.where(rng == 0, np.nan, lower / rng),
                                np.where(rng == 0, np.nan, upper / rng),
                                np.where(rng == 0, np.nan, body / rng)])
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want))
    m = ~np.isnan(want)
    np.testing.assert_allclose(got[m], want[m], rtol=1e-15, atol=0)
    hammer = (got[:, 0] >= 2) & (got[:, 1] <= 1)
    assert hammer.sum() > 20


SPEC = ("candle,candle.body@1,ratio(candle.lower,candle.body),"
        "ratio(candle.body,diff(high,low)),zscore(candle.upper,20),above(candle.lower,0)")


def test_candle_streams_bit_identical_to_batch():
    bars, d = load("bots/eurusd_1h.csv")
    f = botcopier.Features(SPEC)
    batch = f.compute(bars)
    assert streamed(f, bars.time, d).tobytes() == batch.tobytes()


@pytest.mark.parametrize("spec, needle", [
    ("candle(3)", "takes no arguments"),
    ("candle.wick", "no output '.wick'"),
    ("zscore(candle,20)", "single columns"),
])
def test_bad_candle_items_are_parse_errors_naming_the_item(spec, needle):
    with pytest.raises(botcopier.ParseError) as e:
        botcopier.Features(spec)
    assert needle in str(e.value)


@pytest.mark.parametrize("n", [5, 10, 20])
def test_body_over_its_previous_mean_the_search_cuts(series, n):
    """The level grid's big-candle item ratio(candle.body,mean(candle.body,n)@1):
    the body over the mean body of the n bars before it, against pandas float64
    (rolling(n).mean() shifted one bar); NaN for the first n bars; a momentum
    candle "over twice its recent mean body" is a cut at 2."""
    import pandas as pd
    bars, d = series
    name = "ratio(candle.body,mean(candle.body,%d)@1)" % n
    f = botcopier.Features(name)
    assert f.names == [name]
    assert f.lookback == n
    got = f.compute(bars)[:, 0]
    body = pd.Series(np.abs(d["close"] - d["open"]))
    mean = body.rolling(n).mean().shift(1).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        want = np.where(mean == 0, np.nan, body.to_numpy() / mean)
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want))
    assert np.isnan(got[:n]).all()
    m = ~np.isnan(want)
    np.testing.assert_allclose(got[m], want[m], rtol=1e-12, atol=0)
    assert 0 < (got[m] > 2).sum() < m.sum() // 5
    assert streamed(f, bars.time, d).tobytes() == f.compute(bars).tobytes()
