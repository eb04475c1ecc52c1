"""vwma(n), the volume-weighted moving average, against numpy float64 and pandas
rolling sums and the TA-Lib composition of its definition (the heldout14 VWMA
trend bot's generator):
  vwma = SUM(close x volume, n) / SUM(volume, n), NaN where the volume sum is not
         above 0.
Streaming == batch, a missing bar skipped, bad items refused naming them."""
import numpy as np
import pytest

import botcopier
from features_util import load, batch_stream_and_gap


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv", "bots/googl_daily.csv"])
def series(request):
    return load(request.param)


def rolling_sum(x, n):
    """TA-Lib SUM's running sum in numpy float64: the first n-1 terms, then add the
    new one, read, subtract the oldest."""
    out = np.full(len(x), np.nan)
    total = 0.0
    for i in range(len(x)):
        total += x[i]
        if i >= n - 1:
            out[i] = total
            total -= x[i - n + 1]
    return out


def vwma_reference(c, v, n, total=rolling_sum):
    pv, vol = total(c * v, n), total(v, n)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(vol > 0, pv / np.where(vol > 0, vol, 1.0), np.nan)


@pytest.mark.parametrize("n", [20, 10, 1, 50])
def test_vwma_matches_the_float64_sums_bit_for_bit(series, n):
    bars, d = series
    f = botcopier.Features(f"vwma({n})")
    assert f.names == [f"vwma({n})"] and f.lookback == n - 1
    got = f.compute(bars)[:, 0]
    want = vwma_reference(d["close"], d["volume"], n)
    assert np.array_equal(np.isnan(got), np.isnan(want))
    assert got.tobytes() == want.tobytes()


def test_vwma_is_the_pandas_rolling_ratio_and_talibs_sum_composition():
    pd = pytest.importorskip("pandas")
    bars, d = load("sp500_daily.csv")
    c, v = d["close"], d["volume"]
    got = botcopier.Features("vwma(20)").compute(bars)[:, 0]
    # pandas' windowed sums are exact to rounding (not the running sums' order)
    want = (pd.Series(c * v).rolling(20).sum() / pd.Series(v).rolling(20).sum()).to_numpy()
    np.testing.assert_allclose(got, want, rtol=1e-12, equal_nan=True)
    talib = pytest.importorskip("talib")
    want = talib.SUM(c * v, 20) / talib.SUM(v, 20)  # the heldout14 VWMA bot's
    np.testing.assert_allclose(got, want, rtol=1e-12, equal_nan=True)


def test_vwma_is_the_sma_on_even_volume_and_nan_without_volume():
    n = 30
    t = np.arange(n, dtype=np.int64) * 86400
    c = np.linspace(10.0, 12.0, n)
    even = botcopier.Features("vwma(5)").compute_arrays(t, c, c, c, c, np.full(n, 3.0))[:, 0]
    assert np.isnan(even[:4]).all()
    np.testing.assert_allclose(even[4:], np.convolve(c, np.ones(5) / 5, "valid"), rtol=1e-14)
    none = botcopier.Features("vwma(5)").compute_arrays(t, c, c, c, c, np.zeros(n))[:, 0]
    assert np.isnan(none).all()
    # one bar with all the volume: the window's average is that bar's close
    v = np.zeros(n)
    v[10] = 7.0
    one = botcopier.Features("vwma(5)").compute_arrays(t, c, c, c, c, v)[:, 0]
    np.testing.assert_allclose(one[10:15], c[10], rtol=1e-15)
    assert np.isnan(one[:10]).all() and np.isnan(one[15:]).all()


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("bots/eurusd_1h.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    spec = "vwma(20),cross(close,vwma(20)),ratio(close,vwma(20)),vwma(3)@1"
    rest, keep = batch_stream_and_gap(spec, t, d)
    np.testing.assert_allclose(rest[:, 0], vwma_reference(keep["close"], keep["volume"], 20),
                               rtol=1e-12, equal_nan=True)


@pytest.mark.parametrize("spec,message", [
    ("vwma(0)", "vwma: 0 is out of range 1..100000"),
    ("vwma(20,2)", "expected ')'"),
    ("vwma(20).line", "one output"),
])
def test_bad_items_are_refused_naming_them(spec, message):
    with pytest.raises(botcopier.ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
