"""tii(n,m) (Pee's trend intensity index) and rangepos(n) (the close's place in
the previous n bars' range) against numpy/pandas float64 of their published
definitions (TA-Lib has neither).

tii(n,m): d = close - sma(n) over the last m bars, 100 x (sum of the positive d) /
(sum of |d|), 50 where every d is 0; lookback (n-1) + (m-1). The heldout21 TII
bot's own chain (talib.SMA, numpy window sums) agrees.
rangepos(n) = (close - LL) / (HH - LL) over the n bars before this one (this bar
excluded), NaN where HH = LL; lookback n; the same bits as the composite
ratio(diff(close,min(low,n)@1),diff(max(high,n),min(low,n))@1).
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


def tii_reference(c, n, m, clear=None):
    """The float64 definition; with clear, also the bars whose window holds a
    deviation within 1e-12 of the close of 0 (its sign is rounding's: the
    engine's sma.h and pandas' mean differ by ulps there)."""
    dev = c - pd.Series(c).rolling(n).mean().to_numpy()
    out = np.full(len(c), np.nan)
    if clear is not None:
        near = (np.abs(dev) <= 1e-12 * np.abs(c)).astype(float)
        clear[:] = pd.Series(near).rolling(m).max().to_numpy() != 1.0
    for t in range(n - 1 + m - 1, len(c)):
        w = dev[t - m + 1:t + 1]
        tot = np.abs(w).sum()
        out[t] = 100.0 * w[w > 0].sum() / tot if tot > 0 else 50.0
    return out


def rangepos_reference(h, lo, c, n):
    hh = pd.Series(h).rolling(n).max().shift(1).to_numpy()
    ll = pd.Series(lo).rolling(n).min().shift(1).to_numpy()
    width = hh - ll
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(width != 0.0, (c - ll) / width, np.nan)


@pytest.mark.parametrize("n,m", [(20, 10), (60, 30), (2, 1), (14, 5)])
def test_tii_matches_the_float64_definition(series, n, m):
    bars, d = series
    f = botcopier.Features(f"tii({n},{m})")
    assert f.names == [f"tii({n},{m})"] and f.lookback == n - 1 + m - 1
    got = f.compute(bars)[:, 0]
    clear = np.empty(len(got), dtype=bool)
    ref = tii_reference(d["close"], n, m, clear)
    assert np.array_equal(np.isnan(got), np.isnan(ref))
    assert clear.sum() > 0.99 * len(got)
    np.testing.assert_allclose(got[clear], ref[clear], rtol=1e-9, atol=1e-8, equal_nan=True)
    ok = np.isfinite(got)
    assert ((got[ok] >= 0.0) & (got[ok] <= 100.0)).all()


def test_tii_is_the_heldout21_bots_talib_chain():
    talib = pytest.importorskip("talib")
    bars, d = load("bots/googl_daily.csv")
    c = d["close"]
    dev = c - talib.SMA(c, 20)
    want = np.full_like(c, np.nan)
    for t in range(28, len(c)):  # the generator starts at 29, a bar past the first value
        w = dev[t - 9:t + 1]
        tot = np.abs(w).sum()
        want[t] = 100 * w[w > 0].sum() / tot if tot > 0 else 50.0
    got = botcopier.Features("tii(20,10),cross(tii(20,10),80),cross(tii(20,10),20)").compute(bars)
    np.testing.assert_allclose(got[:, 0], want, rtol=1e-9, atol=1e-8, equal_nan=True)
    assert_cross_agrees(got[:, 1], want - 80.0)
    assert_cross_agrees(got[:, 2], want - 20.0)


def test_tii_is_50_on_flat_closes_and_100_on_a_rise():
    t = np.arange(12, dtype=np.int64) * 86400
    flat = np.full(12, 5.0)
    got = botcopier.Features("tii(3,2)").compute_arrays(t, flat, flat, flat, flat, np.ones(12))
    np.testing.assert_array_equal(got[:3, 0], [np.nan] * 3)
    np.testing.assert_array_equal(got[3:, 0], [50.0] * 9)
    rise = np.arange(1.0, 13.0)
    got = botcopier.Features("tii(3,2)").compute_arrays(t, rise, rise, rise, rise, np.ones(12))
    np.testing.assert_array_equal(got[3:, 0], [100.0] * 9)


@pytest.mark.parametrize("n", [24, 20, 1, 50])
def test_rangepos_matches_the_float64_definition(series, n):
    bars, d = series
    f = botcopier.Features(f"rangepos({n})")
    assert f.names == [f"rangepos({n})"] and f.lookback == n
    got = f.compute(bars)[:, 0]
    ref = rangepos_reference(d["high"], d["low"], d["close"], n)
    assert np.array_equal(np.isnan(got), np.isnan(ref))
    np.testing.assert_allclose(got, ref, rtol=1e-12, atol=1e-12, equal_nan=True)


def test_rangepos_is_the_composite_bit_for_bit(series):
    bars, _ = series
    got = botcopier.Features(
        "rangepos(24),ratio(diff(close,min(low,24)@1),diff(max(high,24),min(low,24))@1)"
    ).compute(bars)
    assert np.array_equal(got[:, 0], got[:, 1], equal_nan=True)


def test_rangepos_crossings_are_the_heldout21_fib_bots_levels():
    """The close crossing lo + 0.618 (hi - lo) of the previous 24 bars (talib.MAX,
    MIN) is rangepos(24) crossing 0.618."""
    talib = pytest.importorskip("talib")
    bars, d = load("bots/eurusd_1h.csv")
    h, lo, c = d["high"], d["low"], d["close"]
    hi = np.full_like(c, np.nan)
    ll = np.full_like(c, np.nan)
    hi[1:] = talib.MAX(h, 24)[:-1]
    ll[1:] = talib.MIN(lo, 24)[:-1]
    got = botcopier.Features("cross(rangepos(24),0.618),cross(rangepos(24),0.382)").compute(bars)
    assert_cross_agrees(got[:, 0], c - (ll + 0.618 * (hi - ll)))
    assert_cross_agrees(got[:, 1], c - (ll + 0.382 * (hi - ll)))


def test_rangepos_is_nan_on_a_flat_window():
    t = np.arange(5, dtype=np.int64) * 86400
    h = np.array([2.0, 2.0, 3.0, 4.0, 4.0])
    lo = np.array([2.0, 2.0, 1.0, 2.0, 2.0])
    c = np.array([2.0, 2.5, 2.0, 3.0, 2.0])
    got = botcopier.Features("rangepos(2)").compute_arrays(t, c, c, h, lo, np.ones(5))[:, 0]
    # bar 2: window bars 0-1 flat at 2 -> NaN; bar 3: hh 3, ll 1 -> 1.0; bar 4: hh 4, ll 1 -> 1/3
    np.testing.assert_array_equal(got[:4], [np.nan, np.nan, np.nan, 1.0])
    assert got[4] == (2.0 - 1.0) / 3.0


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("bots/googl_daily.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    spec = "tii(20,10),rangepos(24),cross(tii(20,10),80),cross(rangepos(24),0.618)"
    rest, keep = batch_stream_and_gap(spec, t, d)
    np.testing.assert_allclose(rest[:, 0], tii_reference(keep["close"], 20, 10),
                               rtol=1e-9, atol=1e-8, equal_nan=True)
    np.testing.assert_allclose(rest[:, 1],
                               rangepos_reference(keep["high"], keep["low"], keep["close"], 24),
                               rtol=1e-12, atol=1e-12, equal_nan=True)


@pytest.mark.parametrize("spec,message", [
    ("tii(1,10)", "tii: 1 is out of range 2..100000"),
    ("tii(20,0)", "tii: 0 is out of range 1..100000"),
    ("tii(20)", "expected ','"),
    ("tii", "expected '('"),
    ("rangepos(0)", "rangepos: 0 is out of range 1..100000"),
    ("rangepos(24,2)", "expected ')'"),
])
def test_bad_items_are_refused_naming_them(spec, message):
    with pytest.raises(botcopier.ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
