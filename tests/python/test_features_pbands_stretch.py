"""pbands(n) .upper .lower .po (Widner's projection bands and oscillator) and
stretch(n) (Crabel's stretch) against numpy float64 of their definitions, TA-Lib
(LINEARREG_SLOPE, SMA) and pandas' rolling windows, and the heldout27 generators'
chains.

pbands: each of the last n highs projected to today along the n-bar least-squares
slope of the highs (high@k + k slope), the upper band their maximum; the lows
likewise, the lower band their minimum; po = 100 (close - lower) / (upper - lower).
stretch: the mean over the last n bars of min(high - open, open - low) (Crabel's
breakout level is open +/- the stretch of the n bars before: stretch(n)@1).
Streaming == batch, a missing bar skipped, bad items refused."""
import numpy as np
import pytest

import botcopier
from features_util import load, batch_stream_and_gap


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/googl_daily.csv", "bots/eurusd_1h.csv"])
def series(request):
    return load(request.param)


def slope_reference(x, n):
    """The n-bar least-squares slope by numpy's polyfit (float64), NaN before n."""
    out = np.full(len(x), np.nan)
    k = np.arange(n, dtype=np.float64)
    for t in range(n - 1, len(x)):
        out[t] = np.polyfit(k, x[t - n + 1:t + 1], 1)[0]
    return out


def pbands_reference(h, l, c, n, slope=slope_reference):
    sh, sl = slope(h, n), slope(l, n)
    upper, lower = np.full(len(c), np.nan), np.full(len(c), np.nan)
    i = np.arange(n)
    for t in range(n - 1, len(c)):
        upper[t] = np.max(h[t - i] + i * sh[t])
        lower[t] = np.min(l[t - i] + i * sl[t])
    with np.errstate(divide="ignore", invalid="ignore"):
        po = np.where(upper > lower, 100.0 * (c - lower) / (upper - lower), np.nan)
    return upper, lower, po


def stretch_reference(o, h, l, n):
    near = np.minimum(h - o, o - l)
    out = np.full(len(o), np.nan)
    for t in range(n - 1, len(o)):
        out[t] = np.mean(near[t - n + 1:t + 1])
    return out


@pytest.mark.parametrize("n", [14, 2, 10, 20])
def test_pbands_match_the_float64_definition(series, n):
    bars, d = series
    feats = botcopier.Features("pbands(%d)" % n)
    assert feats.names == ["pbands(%d).%s" % (n, o) for o in ("upper", "lower", "po")]
    assert feats.lookback == n - 1
    got = feats.compute(bars)
    ref = pbands_reference(d["high"], d["low"], d["close"], n)
    for k in range(3):
        assert np.array_equal(np.isnan(got[:, k]), np.isnan(ref[k]))
        np.testing.assert_allclose(got[:, k], ref[k], rtol=1e-9, atol=1e-7, equal_nan=True)
    have = np.isfinite(got[:, 2])
    assert (got[have, 2] >= 0.0).all() and (got[have, 2] <= 100.0).all()
    assert (got[have, 0] >= d["high"][have]).all() and (got[have, 1] <= d["low"][have]).all()


@pytest.mark.parametrize("n", [10, 1, 5, 20])
def test_stretch_matches_the_float64_definition(series, n):
    bars, d = series
    feats = botcopier.Features("stretch(%d)" % n)
    assert feats.lookback == n - 1
    got = feats.compute(bars)[:, 0]
    ref = stretch_reference(d["open"], d["high"], d["low"], n)
    assert np.array_equal(np.isnan(got), np.isnan(ref))
    np.testing.assert_allclose(got, ref, rtol=1e-12, atol=1e-12, equal_nan=True)
    assert (got[np.isfinite(got)] >= 0.0).all()


def test_stretch_is_pandas_rolling():
    pd = pytest.importorskip("pandas")
    bars, d = load("aapl_daily.csv")
    o, h, l = (pd.Series(d[k]) for k in ("open", "high", "low"))
    ref = pd.concat([h - o, o - l], axis=1).min(axis=1).rolling(10).mean().to_numpy()
    got = botcopier.Features("stretch(10)").compute(bars)[:, 0]
    np.testing.assert_allclose(got, ref, rtol=1e-12, atol=1e-12, equal_nan=True)


def test_pbands_are_the_heldout27_generators_talib_chain():
    """make_heldout27_bots.py's projection bands (TA-Lib LINEARREG_SLOPE of the
    highs and of the lows) and its 20 / 80 entries on the oscillator."""
    talib = pytest.importorskip("talib")
    bars, d = load("bots/googl_daily.csv")
    h, l, c = d["high"], d["low"], d["close"]
    ref = pbands_reference(h, l, c, 14, slope=talib.LINEARREG_SLOPE)
    got = botcopier.Features("pbands(14),above(pbands(14).po,80),above(20,pbands(14).po)"
                             ).compute(bars)
    for k in range(3):
        np.testing.assert_allclose(got[:, k], ref[k], rtol=1e-12, atol=1e-9, equal_nan=True)
    have = np.isfinite(ref[2])
    assert int(np.argmax(have)) == 13
    assert np.array_equal(got[have, 3] == 1.0, ref[2][have] > 80)
    assert np.array_equal(got[have, 4] == 1.0, ref[2][have] < 20)
    assert (got[have, 3] == 1.0).sum() > 50 and (got[have, 4] == 1.0).sum() > 50


def test_stretch_is_the_heldout27_generators_talib_chain():
    """make_heldout27_bots.py's stretch of the 10 previous days (TA-Lib SMA of
    min(high - open, open - low), shifted one bar) and its breakout: the close
    beyond open +/- the stretch is the level item cut at +/-1."""
    talib = pytest.importorskip("talib")
    bars, d = load("aapl_daily.csv")
    o, h, l, c = d["open"], d["high"], d["low"], d["close"]
    prev = np.full_like(c, np.nan)
    prev[1:] = talib.SMA(np.minimum(h - o, o - l), 10)[:-1]
    got = botcopier.Features("stretch(10)@1,ratio(diff(close,open),stretch(10)@1)").compute(bars)
    np.testing.assert_allclose(got[:, 0], prev, rtol=1e-12, atol=1e-12, equal_nan=True)
    have = np.isfinite(prev) & (prev > 0)
    clear = have & (np.abs(np.abs(c - o) - prev) > 1e-9)
    assert np.array_equal(got[clear, 1] > 1.0, c[clear] > o[clear] + prev[clear])
    assert np.array_equal(got[clear, 1] < -1.0, c[clear] < o[clear] - prev[clear])
    assert (got[clear, 1] > 1.0).sum() > 50 and (got[clear, 1] < -1.0).sum() > 50


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("bots/googl_daily.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    for column in ("close", "high", "low"):
        rest, keep = batch_stream_and_gap("pbands(14)", t, d, column=column)
        ref = pbands_reference(keep["high"], keep["low"], keep["close"], 14)
        for k in range(3):
            np.testing.assert_allclose(rest[:, k], ref[k], rtol=1e-9, atol=1e-7, equal_nan=True)
    for column in ("open", "high", "low"):
        rest, keep = batch_stream_and_gap("stretch(10)", t, d, column=column)
        ref = stretch_reference(keep["open"], keep["high"], keep["low"], 10)
        np.testing.assert_allclose(rest[:, 0], ref, rtol=1e-12, atol=1e-12, equal_nan=True)


@pytest.mark.parametrize("spec,message", [
    ("pbands(1)", "pbands: 1 is out of range 2..100000"),
    ("pbands", "expected '('"),
    ("pbands(14,2)", "expected ')'"),
    ("pbands(14).middle", "has no output '.middle'"),
    ("stretch(0)", "stretch: 0 is out of range 1..100000"),
    ("stretch(10).up", "one output"),
])
def test_bad_items_are_refused_naming_them(spec, message):
    with pytest.raises(botcopier.ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
