"""decycler(n), Ehlers' simple decycler (TASC, September 2015; no TA-Lib
function): the close less his two-pole high-pass filter (w = 0.707 2 pi / n,
a1 = (cos w + sin w - 1) / cos w, hp = (1 - a1/2)^2 (x - 2 x[-1] + x[-2])
+ 2 (1 - a1) hp[-1] - (1 - a1)^2 hp[-2], hp = 0 on the first two bars),
against an independent float64 loop from that formula and against
scipy.signal.lfilter of the close's second difference through the same
poles; ratio(close,decycler(125)) against his +-0.5 % hysteresis lines;
streaming == batch with a missing bar skipped; bad items."""
import numpy as np
import pytest

import botcopier
from features_util import load, batch_stream_and_gap


def coefficients(n):
    w = 0.707 * 2.0 * np.pi / n
    a1 = (np.cos(w) + np.sin(w) - 1.0) / np.cos(w)
    return (1.0 - a1 / 2.0) ** 2, 2.0 * (1.0 - a1), (1.0 - a1) ** 2


def decycler_reference(c, n):
    c = np.asarray(c, dtype=np.float64)
    k0, k1, k2 = coefficients(n)
    hp = np.zeros(len(c))
    for t in range(2, len(c)):
        hp[t] = k0 * (c[t] - 2.0 * c[t - 1] + c[t - 2]) + k1 * hp[t - 1] - k2 * hp[t - 2]
    out = c - hp
    out[:2] = np.nan
    return out


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv"])
def series(request):
    return load(request.param)


@pytest.mark.parametrize("n", [2, 20, 60, 125])
def test_decycler_matches_the_formula(series, n):
    bars, d = series
    got = botcopier.Features(f"decycler({n})").compute(bars)[:, 0]
    ref = decycler_reference(d["close"], n)
    assert np.isnan(got[1]) and not np.isnan(got[2])
    assert np.array_equal(np.isnan(got), np.isnan(ref))
    m = ~np.isnan(ref)
    np.testing.assert_allclose(got[m], ref[m], rtol=1e-12)


@pytest.mark.parametrize("n", [20, 125])
def test_decycler_is_the_close_less_scipys_high_pass(n):
    signal = pytest.importorskip("scipy.signal")
    bars, d = load("sp500_daily.csv")
    c = np.asarray(d["close"], dtype=np.float64)
    k0, k1, k2 = coefficients(n)
    # hp from bar 2 on, zero state before: the filter k0 / (1 - k1 z^-1 + k2 z^-2)
    # of the second difference
    hp = signal.lfilter([k0], [1.0, -k1, k2], c[2:] - 2.0 * c[1:-1] + c[:-2])
    got = botcopier.Features(f"decycler({n})").compute(bars)[:, 0]
    np.testing.assert_allclose(got[2:], c[2:] - hp, rtol=1e-11)


def test_hysteresis_lines_as_the_search_cuts_them():
    bars, d = load("sp500_daily.csv")
    got = botcopier.Features("ratio(close,decycler(125)),"
                             "above(ratio(close,decycler(125)),1.005),"
                             "above(ratio(close,decycler(125)),0.995)").compute(bars)
    c = np.asarray(d["close"], dtype=np.float64)
    dec = decycler_reference(c, 125)
    np.testing.assert_allclose(got[2:, 0], c[2:] / dec[2:], rtol=1e-12)
    # the lines on the same bars where the ratio is not within rounding of them
    r = c[2:] / dec[2:]
    for col, line in ((1, 1.005), (2, 0.995)):
        clear = np.abs(r - line) > 1e-9
        assert np.array_equal(got[2:, col][clear] == 1.0, (r > line)[clear])
        assert 0 < np.sum(r > line) < len(r)


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("sp500_daily.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    rest, keep = batch_stream_and_gap("decycler(125)", t, d, at=300, column="close")
    ref = decycler_reference(keep["close"], 125)
    m = ~np.isnan(ref)
    assert np.array_equal(np.isnan(rest[:, 0]), ~m)
    np.testing.assert_allclose(rest[m, 0], ref[m], rtol=1e-12)


@pytest.mark.parametrize("item", ["decycler", "decycler(1)", "decycler(125,2)"])
def test_bad_items_are_refused(item):
    with pytest.raises(Exception) as e:
        botcopier.Features(item)
    assert item.split("(")[0] in str(e.value)
