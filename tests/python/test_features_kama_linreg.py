"""kama(n), linreg(n), linregslope(n) of the feature engine against TA-Lib
(KAMA, LINEARREG, LINEARREG_SLOPE of the PyPI ta-lib wheel) on real series
and on a synthetic one with a flat stretch (KAMA's efficiency ratio where
the sum of moves is 0), TA-Lib's first values included (KAMA's first value
at bar n, seeded on close@1), streaming == batch bit for bit, bad periods
refused naming the item."""
import numpy as np
import pytest

import botcopier
from features_util import load, streamed

talib = pytest.importorskip("talib")


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv"])
def series(request):
    return load(request.param)


def assert_matches(got, ref, tol, atol=None):
    assert np.array_equal(np.isnan(got), np.isnan(ref))
    m = ~np.isnan(ref)
    assert m.sum() > len(ref) // 2
    np.testing.assert_allclose(got[m], ref[m], rtol=tol, atol=tol if atol is None else atol)


def price_tol(c):
    """TA-Lib 0.8's LINEARREG sums slide from bar to bar and carry their
    rounding (measured up to 1.6e-11 on sp500 closes of ~2000); the engine
    sums each window afresh. Agreement within 1e-12 of the price scale (eurusd, n = 2: 1.3e-13)."""
    return 1e-12 * float(np.nanmax(np.abs(c)))


@pytest.mark.parametrize("n", [2, 10, 14, 20, 30])
def test_kama_matches_talib(series, n):
    bars, d = series
    got = botcopier.Features(f"kama({n})").compute(bars)
    ref = talib.KAMA(d["close"], n)
    assert_matches(got[:, 0], ref, tol=1e-13)  # TA-Lib to an ulp or two (rounding of the wheel)


@pytest.mark.parametrize("n", [2, 14, 20, 24, 50])
def test_linreg_and_slope_match_talib(series, n):
    bars, d = series
    got = botcopier.Features(f"linreg({n}),linregslope({n})").compute(bars)
    c = d["close"]
    assert_matches(got[:, 0], talib.LINEARREG(c, n), tol=1e-12, atol=price_tol(c))
    assert_matches(got[:, 1], talib.LINEARREG_SLOPE(c, n), tol=1e-12, atol=price_tol(c))


def test_flat_stretch_and_streaming_equal_batch():
    rng = np.random.default_rng(11)
    n = 600
    c = 100 + np.cumsum(rng.normal(0, 1, n))
    c[200:260] = c[200]
    t = np.arange(n, dtype=np.int64) * 3600 + 1_600_000_000
    o = np.concatenate([[c[0]], c[:-1]])
    d = dict(open=o, high=c + 1, low=c - 1, close=c, volume=np.ones(n))
    spec = "kama(10),kama(20),linreg(24),linregslope(24)"
    f = botcopier.Features(spec)
    got = f.compute_arrays(t, d["close"], d["open"], d["high"], d["low"], d["volume"])
    assert_matches(got[:, 0], talib.KAMA(c, 10), tol=1e-13)
    assert_matches(got[:, 1], talib.KAMA(c, 20), tol=1e-13)
    assert_matches(got[:, 2], talib.LINEARREG(c, 24), tol=1e-12, atol=price_tol(c))
    assert_matches(got[:, 3], talib.LINEARREG_SLOPE(c, 24), tol=1e-12, atol=price_tol(c))
    one = streamed(botcopier.Features(spec), t, d)
    assert np.array_equal(np.isnan(one), np.isnan(got))
    assert np.array_equal(np.nan_to_num(one), np.nan_to_num(got))


@pytest.mark.parametrize("bad", ["kama(1)", "linreg(1)", "linregslope(0)", "kama(x)"])
def test_bad_periods_are_refused_naming_the_item(bad):
    with pytest.raises(Exception) as e:
        botcopier.Features(bad)
    assert bad.split("(")[0] in str(e.value)


def test_a_missing_close_is_skipped():
    bars, d = load("bots/eurusd_1h.csv")
    c = d["close"].copy()
    t = np.asarray(bars.time, dtype=np.int64)
    gap = c.copy()
    gap[300] = np.nan
    spec = "kama(20),linreg(24),linregslope(24)"
    dd = dict(d, close=gap)
    got = botcopier.Features(spec).compute_arrays(t, gap, d["open"], d["high"], d["low"],
                                                  d["volume"])
    keep = np.delete(c, 300)
    assert np.isnan(got[300]).all()
    rest = np.delete(got, 300, axis=0)
    np.testing.assert_allclose(rest[:, 0], talib.KAMA(keep, 20), rtol=1e-13, atol=1e-13)
    np.testing.assert_allclose(rest[:, 2], talib.LINEARREG_SLOPE(keep, 24), rtol=1e-12,
                               atol=price_tol(keep))
    one = streamed(botcopier.Features(spec), t, dd)
    assert np.array_equal(np.nan_to_num(one), np.nan_to_num(got))
