"""dtrange(n) (the dual-thrust range) against a numpy float64 loop written from
its definition, and the Gann HiLo activator's levels, which the grammar already
spells (ratio(close,mean(high,n)@1), ratio(close,mean(low,n)@1)), against
TA-Lib's SMA.

dtrange(n) = max(HH - LC, HC - LL) over the last n bars, this bar included (HH
the highest high, LL the lowest low, HC / LC the highest / lowest close); NaN
until n bars have come; lookback n - 1. The dual-thrust entry "close above open
+ k range of the previous n bars" is ratio(diff(close,open),dtrange(n)@1) > k.
Streaming == batch, a missing bar skipped, bad items refused."""
import numpy as np
import pytest

import botcopier
from features_util import load, batch_stream_and_gap


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv"])
def series(request):
    return load(request.param)


def dtrange_reference(h, lo, c, n):
    """The definition, bar by bar in float64."""
    out = np.full(len(c), np.nan)
    for t in range(n - 1, len(c)):
        w = slice(t - n + 1, t + 1)
        hh, ll = max(h[w]), min(lo[w])
        hc, lc = max(c[w]), min(c[w])
        out[t] = max(hh - lc, hc - ll)
    return out


@pytest.mark.parametrize("n", [4, 1, 2, 7, 20])
def test_dtrange_matches_the_float64_definition(series, n):
    bars, d = series
    f = botcopier.Features(f"dtrange({n})")
    assert f.names == [f"dtrange({n})"] and f.lookback == n - 1
    got = f.compute(bars)[:, 0]
    ref = dtrange_reference(d["high"], d["low"], d["close"], n)
    assert np.array_equal(got, ref, equal_nan=True)  # max and minus only: bit for bit


def test_dtrange_level_is_the_heldout20_generators_entry():
    """The dual-thrust bot's test, close > open + 0.5 range and close < open - 0.5
    range with the range of the 4 bars before, is the level item above 0.5 /
    below -0.5 wherever the range is not 0."""
    bars, d = load("sp500_daily.csv")
    o, h, lo, c = d["open"], d["high"], d["low"], d["close"]
    got = botcopier.Features("ratio(diff(close,open),dtrange(4)@1)").compute(bars)[:, 0]
    assert np.isnan(got[:4]).all() and np.isfinite(got[4:]).all()
    for t in range(4, len(c)):
        w = slice(t - 4, t)
        rng = max(h[w].max() - c[w].min(), c[w].max() - lo[w].min())
        assert rng > 0
        assert (got[t] > 0.5) == (c[t] > o[t] + 0.5 * rng)
        assert (got[t] < -0.5) == (c[t] < o[t] - 0.5 * rng)


def test_dtrange_by_hand():
    t = np.arange(5, dtype=np.int64) * 86400
    h = np.array([3.0, 4.0, 3.5, 6.0, 5.0])
    lo = np.array([1.0, 2.0, 2.5, 3.0, 4.5])
    c = np.array([2.0, 3.0, 3.0, 5.0, 4.8])
    got = botcopier.Features("dtrange(2)").compute_arrays(t, c, c, h, lo, np.ones(5))[:, 0]
    # bar 1: HH 4 - LC 2 = 2, HC 3 - LL 1 = 2; bar 2: 4 - 3 = 1, 3 - 2 = 1;
    # bar 3: 6 - 3 = 3, 5 - 2.5 = 2.5; bar 4: 6 - 4.8 = 1.2, 5 - 3 = 2
    np.testing.assert_array_equal(got, [np.nan, 2.0, 1.0, 3.0, 2.0])


@pytest.mark.parametrize("n", [3, 10])
def test_gann_hilo_levels_are_talibs_sma_a_bar_back(n):
    talib = pytest.importorskip("talib")
    bars, d = load("bots/eurusd_1h.csv")
    h, lo, c = d["high"], d["low"], d["close"]
    got = botcopier.Features(f"ratio(close,mean(high,{n})@1),ratio(close,mean(low,{n})@1)"
                             ).compute(bars)
    sh, sl = talib.SMA(h, n), talib.SMA(lo, n)
    want_h = np.full(len(c), np.nan)
    want_l = np.full(len(c), np.nan)
    want_h[1:] = c[1:] / sh[:-1]
    want_l[1:] = c[1:] / sl[:-1]
    np.testing.assert_allclose(got[:, 0], want_h, rtol=1e-12, equal_nan=True)
    np.testing.assert_allclose(got[:, 1], want_l, rtol=1e-12, equal_nan=True)
    # the activator's two tests agree wherever the close is not within rounding of a level
    for col, want in ((0, want_h), (1, want_l)):
        clear = np.isfinite(want) & (np.abs(want - 1.0) > 1e-12)
        assert ((got[clear, col] > 1.0) == (want[clear] > 1.0)).all()


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("bots/googl_daily.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    spec = ("dtrange(4),ratio(diff(close,open),dtrange(4)@1),"
            "ratio(close,mean(high,3)@1),ratio(close,mean(low,3)@1)")
    rest, keep = batch_stream_and_gap(spec, t, d)
    ref = dtrange_reference(keep["high"], keep["low"], keep["close"], 4)
    assert np.array_equal(rest[:, 0], ref, equal_nan=True)
    rest, keep = batch_stream_and_gap(spec, t, d, column="high")
    ref = dtrange_reference(keep["high"], keep["low"], keep["close"], 4)
    assert np.array_equal(rest[:, 0], ref, equal_nan=True)


@pytest.mark.parametrize("spec,message", [
    ("dtrange(0)", "dtrange: 0 is out of range 1..100000"),
    ("dtrange", "expected '('"),
    ("dtrange(4,2)", "expected ')'"),
])
def test_bad_items_are_refused_naming_them(spec, message):
    with pytest.raises(botcopier.ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
