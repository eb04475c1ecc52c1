"""wad, Williams' accumulation / distribution line, and rwi(n), Poulos' random
walk index on one lookback (TA-Lib has neither), against independent numpy
float64 references written from the published formulas:
- wad: 0 on the first bar, then the running sum of close - min(low, close@1)
  on a bar whose close rose, close - max(high, close@1) on one whose close
  fell, 0 on an unchanged close (bit for bit);
- rwi(n): .high = (high - low n bars ago) / (atr(n) sqrt(n)), .low = (high n
  bars ago - low) / (atr(n) sqrt(n)), atr(n) TA-Lib ATR (TA-Lib used only for
  the ATR and EMA references; the engine's ATR has its own tests);
ema(wad,20) against TA-Lib EMA of that reference; the crosses; streaming ==
batch; a missing bar skipped; bad items refused."""
import numpy as np
import pytest

import botcopier
from features_util import load, batch_stream_and_gap, assert_cross_agrees

talib = pytest.importorskip("talib")


def wad_reference(h, l, c):
    h, l, c = (np.asarray(x, dtype=np.float64) for x in (h, l, c))
    out = np.zeros_like(c)
    acc = 0.0
    for t in range(1, len(c)):
        if c[t] > c[t - 1]:
            acc += c[t] - min(l[t], c[t - 1])
        elif c[t] < c[t - 1]:
            acc += c[t] - max(h[t], c[t - 1])
        out[t] = acc
    return out


def rwi_reference(h, l, atr, n):
    """atr: the n-bar ATR column (NaN through its lookback)."""
    hi = np.full(len(h), np.nan)
    lo = np.full(len(h), np.nan)
    for t in range(n, len(h)):
        if np.isnan(atr[t]):
            continue
        if atr[t] == 0.0:
            hi[t] = lo[t] = 0.0
            continue
        scale = atr[t] * np.sqrt(float(n))
        hi[t] = (h[t] - l[t - n]) / scale
        lo[t] = (h[t - n] - l[t]) / scale
    return hi, lo


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/googl_daily.csv"])
def series(request):
    return load(request.param)


def test_wad_matches_the_published_formula_bit_for_bit(series):
    bars, d = series
    got = botcopier.Features("wad,ema(wad,20),cross(wad,ema(wad,20))").compute(bars)
    ref = wad_reference(d["high"], d["low"], d["close"])
    assert np.array_equal(got[:, 0], ref)
    sig = talib.EMA(ref, 20)
    assert np.array_equal(np.isnan(got[:, 1]), np.isnan(sig))
    m = ~np.isnan(sig)
    np.testing.assert_allclose(got[m, 1], sig[m], rtol=1e-12, atol=1e-12 * np.abs(ref).max())
    assert_cross_agrees(got[:, 2], ref - sig, clear=1e-9 * np.nanmax(np.abs(ref)))


@pytest.mark.parametrize("n", [10, 14, 2])
def test_rwi_matches_the_published_formula(series, n):
    bars, d = series
    got = botcopier.Features(f"rwi({n}),atr({n}),cross(rwi({n}).high,1)").compute(bars)
    ref_atr = talib.ATR(d["high"], d["low"], d["close"], n)
    assert np.array_equal(np.isnan(got[:, 2]), np.isnan(ref_atr))
    np.testing.assert_allclose(got[n:, 2], ref_atr[n:], rtol=1e-12)
    # on the engine's own atr column the lines are the formula bit for bit
    hi, lo = rwi_reference(d["high"], d["low"], got[:, 2], n)
    assert np.array_equal(got[:, 0], hi, equal_nan=True)
    assert np.array_equal(got[:, 1], lo, equal_nan=True)
    assert np.isnan(got[:n, 0]).all() and np.isfinite(got[n:, 0]).all()
    # and against TA-Lib's ATR to a few ulps
    thi, tlo = rwi_reference(d["high"], d["low"], ref_atr, n)
    np.testing.assert_allclose(got[n:, 0], thi[n:], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(got[n:, 1], tlo[n:], rtol=1e-12, atol=1e-12)
    assert_cross_agrees(got[:, 3], hi - 1.0, at_least=10)


def test_hand_values():
    h = np.array([10.0, 12.0, 11.0, 13.0, 12.0])
    l = np.array([9.0, 10.0, 9.0, 11.0, 12.0])
    c = np.array([9.5, 11.0, 10.0, 10.0, 12.0])
    # bar 1 up: 11 - min(10, 9.5) = 1.5; bar 2 down: 10 - max(11, 11) = -1;
    # bar 3 unchanged: 0; bar 4 up: 12 - min(12, 10) = 2
    assert np.array_equal(wad_reference(h, l, c), [0.0, 1.5, 0.5, 0.5, 2.5])
    f = botcopier.Features("wad,rwi(2)")
    got = np.array([f.update(i * 86400, x, hh, ll, x, 1.0)
                    for i, (x, hh, ll) in enumerate(zip(c, h, l))])
    assert np.array_equal(got[:, 0], [0.0, 1.5, 0.5, 0.5, 2.5])
    # rwi(2): TA-Lib ATR(2) seeds on bars 1, 2: tr 2.5, 2 -> 2.25 at bar 2;
    # bar 3: tr max(2, 3, 1) = 3 -> 2.625; bar 4: tr max(0, 2, 2) = 2 -> 2.3125
    atr = [np.nan, np.nan, 2.25, 2.625, 2.3125]
    hi, lo = rwi_reference(h, l, np.array(atr), 2)
    assert np.array_equal(got[:, 1], hi, equal_nan=True)
    assert np.array_equal(got[:, 2], lo, equal_nan=True)
    assert got[2, 1] == (11.0 - 9.0) / (2.25 * np.sqrt(2.0))


@pytest.mark.parametrize("column", ["high", "close"])
def test_streaming_equals_batch_and_a_missing_bar_is_skipped(column):
    bars, d = load("sp500_daily.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    rest, keep = batch_stream_and_gap("wad,rwi(10),atr(10),rwi(14).low@1", t, d, at=300,
                                      column=column)
    assert np.array_equal(rest[:, 0], wad_reference(keep["high"], keep["low"], keep["close"]))
    hi, lo = rwi_reference(keep["high"], keep["low"], rest[:, 3], 10)
    assert np.array_equal(rest[:, 1], hi, equal_nan=True)
    assert np.array_equal(rest[:, 2], lo, equal_nan=True)


@pytest.mark.parametrize("item", ["wad(20)", "rwi(1)", "rwi", "rwi(10).mid"])
def test_bad_items_are_refused(item):
    with pytest.raises(Exception) as e:
        botcopier.Features(item)
    assert item[:3] in str(e.value)
