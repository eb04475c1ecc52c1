"""keltner1960(n), Chester Keltner's original 1960 channel, against numpy float64
running sums, pandas rolling means and the TA-Lib composition of its definition
(the heldout25 Keltner bot's generator):
  middle = SMA((high + low + close) / 3, n), width = SMA(high - low, n),
  upper / lower = middle +- width;
and the psychological line PSY(n) = 100 x (up closes among the last n) / n, which
the grammar says as mean(above(close,close@1),n), against a numpy count and the
heldout25 PSY bot's talib.SUM. Streaming == batch, a missing bar skipped, bad
items refused naming them."""
import numpy as np
import pytest

import botcopier
from features_util import assert_cross_agrees, batch_stream_and_gap, load


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv", "bots/googl_daily.csv"])
def series(request):
    return load(request.param)


def running_mean(x, n):
    """sma.h's step in numpy float64: the first n values summed, then sum += x -
    oldest; the mean is sum x (1 / n)."""
    out = np.full(len(x), np.nan)
    total, inv_n = 0.0, 1.0 / n
    for i in range(len(x)):
        total += x[i] if i < n else x[i] - x[i - n]
        if i >= n - 1:
            out[i] = total * inv_n
    return out


def keltner1960_reference(h, l, c, n, mean=running_mean):
    mid = mean((h + l + c) / 3.0, n)
    width = mean(h - l, n)
    return mid + width, mid, mid - width


@pytest.mark.parametrize("n", [10, 20, 1, 3])
def test_keltner1960_matches_the_float64_running_sums_bit_for_bit(series, n):
    bars, d = series
    f = botcopier.Features(f"keltner1960({n})")
    assert f.names == [f"keltner1960({n}).upper", f"keltner1960({n}).middle",
                       f"keltner1960({n}).lower"]
    assert f.lookback == n - 1
    got = f.compute(bars)
    want = keltner1960_reference(d["high"], d["low"], d["close"], n)
    for k in range(3):
        assert got[:, k].tobytes() == want[k].tobytes()


def test_keltner1960_is_pandas_rolling_and_talibs_composition():
    pd = pytest.importorskip("pandas")
    bars, d = load("aapl_daily.csv")
    h, l, c = d["high"], d["low"], d["close"]
    got = botcopier.Features("keltner1960(10)").compute(bars)

    def rolling(x, n):
        return pd.Series(x).rolling(n).mean().to_numpy()

    for k, want in enumerate(keltner1960_reference(h, l, c, 10, mean=rolling)):
        np.testing.assert_allclose(got[:, k], want, rtol=1e-12, equal_nan=True)
    talib = pytest.importorskip("talib")
    mid = talib.SMA((h + l + c) / 3.0, 10)  # the heldout25 Keltner bot's
    width = talib.SMA(h - l, 10)
    np.testing.assert_allclose(got[:, 1], mid, rtol=1e-12, equal_nan=True)
    np.testing.assert_allclose(got[:, 1], talib.SMA(talib.TYPPRICE(h, l, c), 10), rtol=1e-12,
                               equal_nan=True)
    np.testing.assert_allclose(got[:, 0], mid + width, rtol=1e-12, equal_nan=True)
    np.testing.assert_allclose(got[:, 2], mid - width, rtol=1e-12, equal_nan=True)


def test_the_channel_crosses_are_the_close_crossing_its_lines():
    bars, d = load("aapl_daily.csv")
    spec = ("cross(close,keltner1960(10).upper),cross(keltner1960(10).lower,close),"
            "cross(close,keltner1960(10).middle)")
    got = botcopier.Features(spec).compute(bars)
    upper, mid, lower = keltner1960_reference(d["high"], d["low"], d["close"], 10)
    assert_cross_agrees(got[:, 0], d["close"] - upper)
    assert_cross_agrees(got[:, 1], lower - d["close"])
    assert_cross_agrees(got[:, 2], d["close"] - mid)


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("bots/eurusd_1h.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    spec = "keltner1960(10),cross(close,keltner1960(10).upper),keltner1960(3).lower@1"
    rest, keep = batch_stream_and_gap(spec, t, d, column="high")
    want = keltner1960_reference(keep["high"], keep["low"], keep["close"], 10)
    for k in range(3):
        np.testing.assert_allclose(rest[:, k], want[k], rtol=1e-12, equal_nan=True)


@pytest.mark.parametrize("n", [12, 10, 20])
def test_the_psychological_line_is_the_mean_of_up_closes(series, n):
    bars, d = series
    c = d["close"]
    got = 100.0 * botcopier.Features(f"mean(above(close,close@1),{n})").compute(bars)[:, 0]
    up = np.r_[np.nan, (c[1:] > c[:-1]).astype(float)]
    count = np.full(len(c), np.nan)
    for i in range(n, len(c)):
        count[i] = up[i - n + 1:i + 1].sum()
    np.testing.assert_allclose(got, 100.0 * count / n, rtol=0, atol=1e-9, equal_nan=True)
    talib = pytest.importorskip("talib")
    psy = np.full_like(c, np.nan)  # the heldout25 PSY bot's
    psy[1:] = 100.0 * talib.SUM(up[1:], n) / n
    np.testing.assert_allclose(got, psy, rtol=0, atol=1e-9, equal_nan=True)


@pytest.mark.parametrize("spec,message", [
    ("keltner1960(0)", "keltner1960: 0 is out of range 1..100000"),
    ("keltner1960(10,2)", "expected ')'"),
    ("keltner1960", "expected '('"),
    ("keltner1960(10).up", "'keltner1960(10)' has no output '.up'"),
])
def test_bad_items_are_refused_naming_them(spec, message):
    with pytest.raises(botcopier.ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
