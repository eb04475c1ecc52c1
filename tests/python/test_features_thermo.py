"""thermo(n) (Elder's market thermometer, Come Into My Trading Room, 2002)
against numpy/pandas float64 of his definition.

temp = max(high - previous high, previous low - low, 0) from the second bar
(the bar's extension beyond the previous bar's range, 0 on an inside bar);
.temp is it, .ratio = temp / ema(temp, n) (TA-Lib's EMA seeded with the mean
of the first n temps, bars 1..n), 1 where that ema is 0; both NaN until the
ema exists: lookback n. The heldout28 generator's TA-Lib EMA of the same
series (its temp[0] = 0 joins the seed) agrees after the seed has decayed.
Streaming == batch, a missing bar skipped, bad items refused."""
import numpy as np
import pandas as pd
import pytest

import botcopier
from features_util import load, batch_stream_and_gap, ema_reference


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv"])
def series(request):
    return load(request.param)


def temp_reference(h, lo):
    temp = np.full(len(h), np.nan)
    temp[1:] = np.maximum(np.maximum(h[1:] - h[:-1], lo[:-1] - lo[1:]), 0.0)
    return temp


def ema_pandas(x, n):
    """TA-Lib's seed (the mean of the first n finite values) then pandas'
    ewm(span = n, adjust=False): an independent evaluation order."""
    out = np.full(len(x), np.nan)
    first = int(np.argmax(np.isfinite(x)))
    seed = first + n - 1
    y = x[seed:].copy()
    y[0] = pd.Series(x[first:first + n]).mean()
    out[seed:] = pd.Series(y).ewm(span=n, adjust=False).mean().to_numpy()
    return out


def thermo_reference(h, lo, n, ema=ema_reference):
    temp = temp_reference(h, lo)
    avg = ema(temp, n)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(avg > 0, temp / np.where(avg > 0, avg, 1.0), 1.0)
    ratio[~np.isfinite(avg)] = np.nan
    temp = np.where(np.isfinite(avg), temp, np.nan)
    return temp, ratio


@pytest.mark.parametrize("n", [22, 1, 3, 50])
def test_thermo_matches_the_float64_definition(series, n):
    bars, d = series
    f = botcopier.Features(f"thermo({n})")
    assert f.names == [f"thermo({n}).temp", f"thermo({n}).ratio"] and f.lookback == n
    got = f.compute(bars)
    temp, ratio = thermo_reference(d["high"], d["low"], n)
    assert np.array_equal(got[:, 0], temp, equal_nan=True)  # the temp is exact
    np.testing.assert_allclose(got[:, 1], ratio, rtol=1e-12, atol=1e-12, equal_nan=True)
    assert np.isnan(got[:n]).all() and np.isfinite(got[n:]).all()
    _, alt = thermo_reference(d["high"], d["low"], n, ema=ema_pandas)
    np.testing.assert_allclose(got[:, 1], alt, rtol=1e-9, atol=1e-9, equal_nan=True)
    if n == 1:  # its own average: 1 wherever temp is above 0
        assert (got[n:, 1] == 1.0).all()


def test_thermo_is_the_heldout28_generators_talib_ema_after_the_seed():
    talib = pytest.importorskip("talib")
    bars, d = load("sp500_daily.csv")
    h, lo = d["high"], d["low"]
    temp = np.zeros_like(h)
    temp[1:] = np.maximum(np.maximum(h[1:] - h[:-1], lo[:-1] - lo[1:]), 0.0)
    tavg = talib.EMA(temp, 22)
    got = botcopier.Features("thermo(22),above(1,thermo(22).ratio),"
                             "above(thermo(22).ratio,3)").compute(bars)
    assert np.array_equal(got[1:, 0], np.where(np.isnan(got[1:, 0]), np.nan, temp[1:]),
                          equal_nan=True)
    # the generator's seed holds temp[0] = 0; (21/23)^t decays it below 1e-9
    late = slice(400, None)
    np.testing.assert_allclose(got[late, 1], temp[late] / tavg[late], rtol=1e-9)
    assert (got[late, 2] == (temp[late] < tavg[late])).all()
    assert (got[late, 3] == (temp[late] > 3.0 * tavg[late])).all()
    assert got[late, 2].sum() > 1000 and got[late, 3].sum() > 20


def test_thermo_is_1_on_inside_bars_only():
    n = 12
    t = np.arange(n, dtype=np.int64) * 86400
    h = 10.0 - 0.1 * np.arange(n)  # each bar inside the one before
    lo = 5.0 + 0.1 * np.arange(n)
    c = (h + lo) / 2
    got = botcopier.Features("thermo(3)").compute_arrays(t, c, c, h, lo, np.ones(n))
    assert np.isnan(got[:3]).all() and (got[3:, 0] == 0.0).all() and (got[3:, 1] == 1.0).all()


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("sp500_daily.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    spec = "thermo(22),thermo(5).ratio,above(thermo(22).ratio,3)"
    for column in ("high", "low"):
        rest, keep = batch_stream_and_gap(spec, t, d, column=column)
        temp, ratio = thermo_reference(keep["high"], keep["low"], 22)
        assert np.array_equal(rest[:, 0], temp, equal_nan=True)
        np.testing.assert_allclose(rest[:, 1], ratio, rtol=1e-12, atol=1e-12, equal_nan=True)


@pytest.mark.parametrize("spec,message", [
    ("thermo(0)", "thermo: 0 is out of range 1..100000"),
    ("thermo(22,3)", "expected ')'"),
    ("thermo", "expected '('"),
    ("thermo(22).spike", "has no output '.spike'"),
])
def test_bad_items_are_refused_naming_them(spec, message):
    with pytest.raises(botcopier.ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
