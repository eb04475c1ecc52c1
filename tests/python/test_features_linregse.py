"""linregse(n), the standard error of the residuals of the least-squares line over
the last n closes, sqrt(sum r^2 / (n - 2)), against an independent numpy float64
reference (np.polyfit of each window, its residuals; TA-Lib has LINEARREG but no
standard error) on real series, the regression channel's place of the close
ratio(diff(close,linreg(n)),linregse(n)) against the same reference with TA-Lib's
LINEARREG for the line, streaming == batch with a missing bar, bad periods refused
naming the item."""
import numpy as np
import pytest

import botcopier
from features_util import load, batch_stream_and_gap


@pytest.fixture(scope="module", params=["sp500_daily.csv", "bots/eurusd_1h.csv"])
def series(request):
    return load(request.param)


def reference_se(c, n):
    """np.polyfit(x, window, 1) per window, float64; NaN before the first full window."""
    out = np.full(len(c), np.nan)
    x = np.arange(n, dtype=np.float64)
    for t in range(n - 1, len(c)):
        w = c[t - n + 1:t + 1]
        m, b = np.polyfit(x, w, 1)
        r = w - (m * x + b)
        out[t] = np.sqrt(np.sum(r * r) / (n - 2))
    return out


def assert_matches(got, ref, rtol, atol):
    assert np.array_equal(np.isnan(got), np.isnan(ref))
    m = ~np.isnan(ref)
    assert m.sum() > len(ref) // 2
    np.testing.assert_allclose(got[m], ref[m], rtol=rtol, atol=atol)


@pytest.mark.parametrize("n", [3, 20, 50, 100])
def test_linregse_matches_numpy_polyfit(series, n):
    bars, d = series
    c = d["close"]
    got = botcopier.Features(f"linregse({n})").compute(bars)[:, 0]
    # polyfit (a least-squares solve) and TA-Lib's sums round differently: the
    # residuals agree to ~1e-12 of the price scale
    assert_matches(got, reference_se(c, n), rtol=1e-9, atol=1e-11 * float(np.nanmax(c)))


def test_channel_position_matches_the_reference():
    talib = pytest.importorskip("talib")
    bars, d = load("sp500_daily.csv")
    c = d["close"]
    got = botcopier.Features("ratio(diff(close,linreg(50)),linregse(50))").compute(bars)[:, 0]
    ref = (c - talib.LINEARREG(c, 50)) / reference_se(c, 50)
    assert_matches(got, ref, rtol=1e-8, atol=1e-8)


def test_a_missing_close_is_skipped_and_streaming_equals_batch():
    bars, d = load("bots/eurusd_1h.csv")
    c = d["close"]
    t = np.asarray(bars.time, dtype=np.int64)
    spec = "linregse(20),ratio(diff(close,linreg(20)),linregse(20))"
    rest, keep = batch_stream_and_gap(spec, t, d)
    np.testing.assert_allclose(rest[:, 0], reference_se(keep["close"], 20), rtol=1e-9,
                               atol=1e-11 * float(np.nanmax(c)))


def test_a_straight_window_has_no_channel():
    n = 80
    c = 100.0 + 0.5 * np.arange(n)
    t = np.arange(n, dtype=np.int64) * 3600 + 1_600_000_000
    got = botcopier.Features("linregse(20),ratio(diff(close,linreg(20)),linregse(20))"
                             ).compute_arrays(t, c, c, c + 1, c - 1, np.ones(n))
    assert np.all(got[19:, 0] < 1e-9)


@pytest.mark.parametrize("bad", ["linregse(2)", "linregse(0)", "linregse(x)"])
def test_bad_periods_are_refused_naming_the_item(bad):
    with pytest.raises(Exception) as e:
        botcopier.Features(bad)
    assert "linregse" in str(e.value)
