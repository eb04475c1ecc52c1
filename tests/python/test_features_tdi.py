"""tdi(n) (Pee's trend detection index, TASC October 2001) against numpy/pandas
float64 of its published definition (TA-Lib has no TDI).

mom = close - close@n, direction = the sum of the last n mom, tdi = |direction|
- (the sum of |mom| over the last 2n bars - over the last n); both NaN until 2n
mom exist: lookback 3n - 1. The heldout28 TDI bot's own chain (talib.SUM)
agrees, and its zero crossings are the engine's cross(tdi(20).tdi,0).
Streaming == batch, a missing bar skipped, bad items refused."""
import numpy as np
import pandas as pd
import pytest

import botcopier
from features_util import load, assert_cross_agrees, batch_stream_and_gap


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv", "bots/googl_daily.csv"])
def series(request):
    return load(request.param)


def tdi_reference(c, n):
    """(tdi, direction, scale): pandas rolling sums of the float64 definition;
    scale is the sum of |mom| over 2n bars, the size of the sums' rounding."""
    mom = pd.Series(c) - pd.Series(c).shift(n)
    am = mom.abs()
    direction = mom.rolling(n).sum()
    s1 = am.rolling(n).sum()
    s2 = am.rolling(2 * n).sum()
    tdi = direction.abs() - (s2 - s1)
    return tdi.to_numpy(), direction.to_numpy(), s2.to_numpy()


@pytest.mark.parametrize("n", [20, 1, 5, 40])
def test_tdi_matches_the_float64_definition(series, n):
    bars, d = series
    f = botcopier.Features(f"tdi({n})")
    assert f.names == [f"tdi({n}).tdi", f"tdi({n}).direction"] and f.lookback == 3 * n - 1
    got = f.compute(bars)
    tdi, direction, scale = tdi_reference(d["close"], n)
    assert np.array_equal(np.isnan(got[:, 0]), np.isnan(tdi))
    assert np.array_equal(np.isnan(got[:, 1]), np.isnan(tdi))  # both from bar 3n - 1
    ok = np.isfinite(tdi)
    assert ok.sum() > 0.9 * len(tdi)
    tol = 1e-12 * (1.0 + scale[ok])
    assert (np.abs(got[ok, 0] - tdi[ok]) <= tol).all()
    assert (np.abs(got[ok, 1] - direction[ok]) <= tol).all()
    assert (got[ok, 0] <= np.abs(got[ok, 1])).all()


def test_tdi_is_the_heldout28_bots_talib_chain():
    talib = pytest.importorskip("talib")
    bars, d = load("bots/eurusd_1h.csv")
    c, n = d["close"], 20
    mom = np.full_like(c, np.nan)
    mom[n:] = c[n:] - c[:-n]
    am = np.abs(mom)
    direction = np.full_like(c, np.nan)
    s20 = np.full_like(c, np.nan)
    s40 = np.full_like(c, np.nan)
    direction[n:] = talib.SUM(mom[n:], n)
    s20[n:] = talib.SUM(am[n:], n)
    s40[n:] = talib.SUM(am[n:], 2 * n)
    want = np.abs(direction) - (s40 - s20)
    got = botcopier.Features("tdi(20),cross(tdi(20).tdi,0),above(tdi(20).direction,0)"
                             ).compute(bars)
    np.testing.assert_allclose(got[:, 0], want, rtol=0, atol=1e-12, equal_nan=True)
    # the bot's direction starts at 2n - 1, the engine's with tdi at 3n - 1
    np.testing.assert_allclose(got[:, 1], np.where(np.isnan(want), np.nan, direction),
                               rtol=0, atol=1e-12, equal_nan=True)
    assert_cross_agrees(got[:, 2], want)
    side = got[:, 3]
    ok = np.isfinite(want) & (np.abs(direction) > 1e-9)
    np.testing.assert_array_equal(side[ok], (direction[ok] > 0).astype(float))


def test_tdi_on_a_steady_rise_and_a_zigzag():
    t = np.arange(16, dtype=np.int64) * 86400
    rise = np.arange(1.0, 17.0)
    got = botcopier.Features("tdi(2)").compute_arrays(t, rise, rise, rise, rise, np.ones(16))
    # mom = 2 from bar 2; direction 4 from bar 3; the 2 moms before are 2 + 2: tdi 0
    assert np.isnan(got[:5]).all()
    np.testing.assert_array_equal(got[5:, 0], [0.0] * 11)
    np.testing.assert_array_equal(got[5:, 1], [4.0] * 11)
    zig = np.tile([1.0, 2.0, 2.0, 1.0], 4)  # mom over 2 bars: +1, -1, -1, +1, ...
    got = botcopier.Features("tdi(2)").compute_arrays(t, zig, zig, zig, zig, np.ones(16))
    mom = zig[2:] - zig[:-2]
    for i in range(5, 16):
        m = mom[i - 2 - 3:i - 2 + 1]  # the moms of bars i-3..i
        direction = m[2] + m[3]
        assert got[i, 1] == direction
        assert got[i, 0] == abs(direction) - (abs(m[0]) + abs(m[1]))


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("bots/googl_daily.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    spec = "tdi(20),cross(tdi(20).tdi,0)"
    rest, keep = batch_stream_and_gap(spec, t, d)
    tdi, direction, scale = tdi_reference(keep["close"], 20)
    ok = np.isfinite(tdi)
    assert np.array_equal(np.isnan(rest[:, 0]), ~ok)
    tol = 1e-12 * (1.0 + scale[ok])
    assert (np.abs(rest[ok, 0] - tdi[ok]) <= tol).all()
    assert (np.abs(rest[ok, 1] - direction[ok]) <= tol).all()


@pytest.mark.parametrize("spec,message", [
    ("tdi(0)", "tdi: 0 is out of range 1..33333"),
    ("tdi(20,40)", "expected ')'"),
    ("tdi", "expected '('"),
    ("tdi(20).trend", "'tdi(20)' has no output '.trend'"),
])
def test_bad_items_are_refused_naming_them(spec, message):
    with pytest.raises(botcopier.ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
