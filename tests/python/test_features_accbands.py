"""accbands(n), Price Headley's acceleration bands, against TA-Lib ACCBANDS (the
published definition, period 20 by default), a numpy float64 reference written
out from the definition, and pandas rolling means:
  f = 4 (high - low) / (high + low)
  upper = sma(high (1 + f), n), middle = sma(close, n), lower = sma(low (1 - f), n)
Streaming == batch, a missing bar skipped, the close's band crosses, bad items
refused naming them."""
import numpy as np
import pytest

import botcopier
from features_util import assert_cross_agrees, batch_stream_and_gap, load


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv", "bots/googl_daily.csv"])
def series(request):
    return load(request.param)


def sma_reference(x, n):
    """sma.h's running mean in numpy float64: sum += x - oldest once the window
    is full, the mean sum * (1/n); NaN for the first n-1 values."""
    out = np.full(len(x), np.nan)
    total, inv = 0.0, 1.0 / n
    for i in range(len(x)):
        total += x[i] if i < n else x[i] - x[i - n]
        if i >= n - 1:
            out[i] = total * inv
    return out


def widened(h, l):
    """The bands' inputs as TA-Lib ACCBANDS forms them: high (1 + f) and
    low (1 - f), f = 4 (high - low) / (high + low), unwidened where high + low
    is within 1e-14 of 0."""
    s = h + l
    zero = (s > -1e-14) & (s < 1e-14)
    with np.errstate(invalid="ignore", divide="ignore"):
        f = 4.0 * (h - l) / np.where(zero, 1.0, s)
    return np.where(zero, h, h * (1.0 + f)), np.where(zero, l, l * (1.0 - f))


def accbands_reference(h, l, c, n):
    up, down = widened(h, l)
    return sma_reference(up, n), sma_reference(c, n), sma_reference(down, n)


@pytest.mark.parametrize("n", [20, 10, 2, 50])
def test_accbands_matches_the_float64_definition_bit_for_bit(series, n):
    bars, d = series
    f = botcopier.Features(f"accbands({n})")
    assert f.names == [f"accbands({n}).upper", f"accbands({n}).middle",
                       f"accbands({n}).lower"]
    assert f.lookback == n - 1
    got = f.compute(bars)
    want = accbands_reference(d["high"], d["low"], d["close"], n)
    for k in range(3):
        assert np.array_equal(np.isnan(got[:, k]), np.isnan(want[k]))
        assert got[:, k].tobytes() == want[k].tobytes()
    # the middle band is sma(n) bit for bit (one computation)
    sma = botcopier.Features(f"sma({n})").compute(bars)[:, 0]
    assert got[:, 1].tobytes() == sma.tobytes()


@pytest.mark.parametrize("n", [20, 10, 2])
def test_accbands_is_talibs_accbands(series, n):
    talib = pytest.importorskip("talib")
    bars, d = series
    got = botcopier.Features(f"accbands({n})").compute(bars)
    want = talib.ACCBANDS(d["high"], d["low"], d["close"], timeperiod=n)
    for k in range(3):  # upper, middle, lower in TA-Lib's order
        assert np.array_equal(np.isnan(got[:, k]), np.isnan(want[k]))
        np.testing.assert_allclose(got[:, k], want[k], rtol=1e-13, equal_nan=True)
    # TA-Lib's default period is the customary 20
    default = talib.ACCBANDS(d["high"], d["low"], d["close"])
    if n == 20:
        np.testing.assert_allclose(got[:, 0], default[0], rtol=1e-13, equal_nan=True)


def test_accbands_is_the_pandas_rolling_mean_and_brackets_the_middle():
    pd = pytest.importorskip("pandas")
    bars, d = load("bots/eurusd_1h.csv")
    h, l, c = d["high"], d["low"], d["close"]
    got = botcopier.Features("accbands(20)").compute(bars)
    f = 4.0 * (h - l) / (h + l)
    want_up = pd.Series(h * (1 + f)).rolling(20).mean().to_numpy()
    want_lo = pd.Series(l * (1 - f)).rolling(20).mean().to_numpy()
    np.testing.assert_allclose(got[:, 0], want_up, rtol=1e-12, equal_nan=True)
    np.testing.assert_allclose(got[:, 2], want_lo, rtol=1e-12, equal_nan=True)
    ok = np.isfinite(got[:, 0])
    assert (got[ok, 0] > got[ok, 1]).all() and (got[ok, 1] > got[ok, 2]).all()


def test_a_flat_market_gives_bands_on_the_price_and_a_zero_price_is_unwidened():
    n = 12
    t = np.arange(n, dtype=np.int64) * 86400
    p = np.full(n, 5.0)
    got = botcopier.Features("accbands(3)").compute_arrays(t, p, p, p, p, np.ones(n))
    assert np.isnan(got[:2]).all()
    assert (got[2:] == 5.0).all()
    # high + low == 0 (a spread around zero): TA-Lib keeps high and low unwidened
    h, l = np.full(n, 1.0), np.full(n, -1.0)
    z = np.zeros(n)
    got = botcopier.Features("accbands(2)").compute_arrays(t, z, z, h, l, np.ones(n))
    assert (got[1:, 0] == 1.0).all() and (got[1:, 2] == -1.0).all()
    talib = pytest.importorskip("talib")
    want = talib.ACCBANDS(h, l, z, timeperiod=2)
    np.testing.assert_array_equal(got[:, 0], want[0])
    np.testing.assert_array_equal(got[:, 2], want[2])


def test_streaming_equals_batch_a_missing_bar_is_skipped_and_the_crosses_agree():
    bars, d = load("bots/eurusd_1h.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    spec = ("accbands(20),cross(close,accbands(20).upper),cross(close,accbands(20).lower),"
            "accbands(5).lower@1")
    for column in ("high", "low", "close"):
        rest, keep = batch_stream_and_gap(spec, t, d, column=column)
        want = accbands_reference(keep["high"], keep["low"], keep["close"], 20)
        for k in range(3):
            assert rest[:, k].tobytes() == want[k].tobytes()
    got = botcopier.Features(spec).compute(bars)
    up, _, lo = accbands_reference(d["high"], d["low"], d["close"], 20)
    assert_cross_agrees(got[:, 3], d["close"] - up, at_least=20)
    assert_cross_agrees(got[:, 4], d["close"] - lo, at_least=20)


@pytest.mark.parametrize("spec,message", [
    ("accbands(1)", "accbands: 1 is out of range 2..100000"),
    ("accbands(20,2)", "expected ')'"),
    ("accbands", "expected '('"),
    ("accbands(20).band", "'accbands(20)' has no output '.band'"),
])
def test_bad_items_are_refused_naming_them(spec, message):
    with pytest.raises(botcopier.ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
