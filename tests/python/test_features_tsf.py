"""tsf(n) of the feature engine against TA-Lib TSF (time series forecast:
the least-squares line of the last n closes at one bar past the window,
b + m*n) of the PyPI ta-lib wheel on real series, TA-Lib's first value at
bar n-1 included; tsf = linreg + linregslope to rounding; streaming ==
batch bit for bit; bad periods refused naming the item."""
import numpy as np
import pytest

import botcopier
from features_util import load, streamed

talib = pytest.importorskip("talib")


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv"])
def series(request):
    return load(request.param)


def price_tol(c):
    """TA-Lib 0.8's sums slide from bar to bar and carry their rounding;
    the engine sums each window afresh (as linreg's): agreement within
    1e-12 of the price scale."""
    return 1e-12 * float(np.nanmax(np.abs(c)))


@pytest.mark.parametrize("n", [2, 14, 20, 50])
def test_tsf_matches_talib(series, n):
    bars, d = series
    got = botcopier.Features(f"tsf({n}),linreg({n}),linregslope({n})").compute(bars)
    c = d["close"]
    ref = talib.TSF(c, n)
    assert np.array_equal(np.isnan(got[:, 0]), np.isnan(ref))
    m = ~np.isnan(ref)
    assert m.sum() > len(ref) // 2
    np.testing.assert_allclose(got[m, 0], ref[m], rtol=1e-12, atol=price_tol(c))
    np.testing.assert_allclose(got[m, 0], got[m, 1] + got[m, 2], rtol=1e-12, atol=price_tol(c))


def test_tsf_from_the_published_formula_and_streaming_equals_batch():
    rng = np.random.default_rng(17)
    n = 400
    c = 100 + np.cumsum(rng.normal(0, 1, n))
    t = np.arange(n, dtype=np.int64) * 3600 + 1_600_000_000
    o = np.concatenate([[c[0]], c[:-1]])
    d = dict(open=o, high=c + 1, low=c - 1, close=c, volume=np.ones(n))
    spec = "tsf(20),cross(close,tsf(14)),ratio(close,tsf(20))"
    f = botcopier.Features(spec)
    got = f.compute_arrays(t, d["close"], d["open"], d["high"], d["low"], d["volume"])
    ref = np.full(n, np.nan)
    x = np.arange(20, dtype=np.float64)
    for i in range(19, n):
        m, b = np.polyfit(x, c[i - 19:i + 1], 1)
        ref[i] = b + m * 20.0  # one bar past the window's last x = 19
    assert np.array_equal(np.isnan(got[:, 0]), np.isnan(ref))
    k = ~np.isnan(ref)
    np.testing.assert_allclose(got[k, 0], ref[k], rtol=1e-11, atol=1e-9)
    one = streamed(botcopier.Features(spec), t, d)
    assert np.array_equal(np.isnan(one), np.isnan(got))
    assert np.array_equal(np.nan_to_num(one), np.nan_to_num(got))


@pytest.mark.parametrize("bad", ["tsf(1)", "tsf(x)", "tsf(0)"])
def test_bad_periods_are_refused_naming_the_item(bad):
    with pytest.raises(Exception) as e:
        botcopier.Features(bad)
    assert "tsf" in str(e.value)
