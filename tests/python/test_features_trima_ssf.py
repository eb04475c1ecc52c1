"""trima(n), TA-Lib TRIMA (sma of sma with TA-Lib's period split: (n+1)/2 then
n/2 + 1), against talib.TRIMA and a numpy sma-of-sma; ssf(n), Ehlers' two-pole
super smoother (no TA-Lib function), against an independent float64 loop from
the published formula (a1 = exp(-1.414 pi / n), c2 = 2 a1 cos(1.414 pi / n),
c3 = -a1^2, c1 = 1 - c2 - c3, f = c1 (x + x[-1]) / 2 + c2 f[-1] + c3 f[-2],
seeded with the close on the first two bars); the crosses; streaming == batch
with a missing bar skipped; a later start agreeing after warm-up; bad items."""
import numpy as np
import pytest

import botcopier
from features_util import load, batch_stream_and_gap, assert_cross_agrees

talib = pytest.importorskip("talib")


def sma(x, n):
    out = np.full_like(x, np.nan)
    cs = np.cumsum(np.concatenate([[0.0], x]))
    out[n - 1:] = (cs[n:] - cs[:-n]) / n
    return out


def trima_reference(c, n):
    """The triangular weights written out: sma(n2) of sma(n1), as one
    convolution (exact weights, summed per bar)."""
    c = np.asarray(c, dtype=np.float64)
    n1, n2 = (n + 1) // 2, n // 2 + 1
    w = np.convolve(np.ones(n1), np.ones(n2)) / (n1 * n2)
    assert len(w) == n
    out = np.full_like(c, np.nan)
    for t in range(n - 1, len(c)):
        out[t] = np.dot(w, c[t - n + 1:t + 1][::-1])
    return out


def ssf_reference(c, n):
    c = np.asarray(c, dtype=np.float64)
    a1 = np.exp(-1.414 * np.pi / n)
    c2 = 2 * a1 * np.cos(1.414 * np.pi / n)
    c3 = -a1 * a1
    c1 = 1 - c2 - c3
    f = c.copy()
    for t in range(2, len(c)):
        f[t] = c1 * (c[t] + c[t - 1]) / 2 + c2 * f[t - 1] + c3 * f[t - 2]
    f[:2] = np.nan
    return f


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv"])
def series(request):
    return load(request.param)


@pytest.mark.parametrize("n", [2, 3, 10, 11, 20, 30])
def test_trima_matches_talib(series, n):
    bars, d = series
    got = botcopier.Features(f"trima({n})").compute(bars)[:, 0]
    ref = talib.TRIMA(d["close"], n)
    assert np.array_equal(np.isnan(got), np.isnan(ref))
    assert np.isnan(got[n - 2]) and not np.isnan(got[n - 1])
    m = ~np.isnan(ref)
    # the engine's two running sums stay within ~1e-14 of the exact weights;
    # TA-Lib's one weighted running numerator drifts further from them (up
    # to ~4e-12 relative for odd n on the EURUSD hours, ~1e-13 for even n,
    # measured): not bit for bit, and not a few ulps over long series
    np.testing.assert_allclose(got[m], trima_reference(d["close"], n)[m], rtol=5e-14)
    np.testing.assert_allclose(got[m], ref[m], rtol=1e-11)
    np.testing.assert_allclose(got[m][:200], ref[m][:200], rtol=2e-13)


def test_trima_split_hand_values():
    # trima(4): sma(2) then sma(3): weights 1,2,2,1 / 6; trima(5): sma(3) of sma(3)
    c = np.array([1.0, 2.0, 4.0, 8.0, 16.0, 32.0])
    f = botcopier.Features("trima(4),trima(5)")
    got = np.array([f.update(i * 3600, x, x, x, x, 1.0) for i, x in enumerate(c)])
    assert np.isnan(got[2, 0]) and got[3, 0] == pytest.approx((1 + 4 + 8 + 8) / 6, rel=1e-15)
    assert np.isnan(got[3, 1])
    assert got[4, 1] == pytest.approx((1 + 4 + 12 + 16 + 16) / 9, rel=1e-15)


@pytest.mark.parametrize("n", [2, 10, 20, 48])
def test_ssf_matches_the_formula(series, n):
    bars, d = series
    got = botcopier.Features(f"ssf({n})").compute(bars)[:, 0]
    ref = ssf_reference(d["close"], n)
    assert np.array_equal(np.isnan(got), np.isnan(ref))
    m = ~np.isnan(ref)
    np.testing.assert_allclose(got[m], ref[m], rtol=1e-13)


def test_ssf_started_later_agrees_after_warm_up():
    bars, d = load("bots/eurusd_1h.csv")
    c = d["close"]
    ref = ssf_reference(c, 20)
    late = ssf_reference(c[500:], 20)
    # the seed's transient decays as a1^t, a1 = 0.80 for n = 20
    np.testing.assert_allclose(late[150:], ref[650:], rtol=1e-10)


def test_the_crosses_follow_the_lines(series):
    bars, d = series
    got = botcopier.Features("cross(trima(10),trima(30)),cross(close,ssf(20)),"
                             "above(close,ssf(20))").compute(bars)
    c = d["close"]
    tf, ts = talib.TRIMA(c, 10), talib.TRIMA(c, 30)
    assert_cross_agrees(got[:, 0], tf - ts, clear=1e-9 * np.nanmax(np.abs(ts)))
    s = ssf_reference(c, 20)
    assert_cross_agrees(got[:, 1], c - s, clear=1e-9 * np.nanmax(np.abs(s)))
    m = ~np.isnan(s) & (np.abs(c - s) > 1e-9 * np.nanmax(np.abs(s)))
    assert np.array_equal(got[m, 2] > 0.5, (c > s)[m])


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("sp500_daily.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    rest, keep = batch_stream_and_gap("trima(30),ssf(20)", t, d, at=300, column="close")
    ref = trima_reference(keep["close"], 30)
    m = ~np.isnan(ref)
    assert np.array_equal(np.isnan(rest[:, 0]), ~m)
    np.testing.assert_allclose(rest[m, 0], ref[m], rtol=5e-14)
    s = ssf_reference(keep["close"], 20)
    m = ~np.isnan(s)
    assert np.array_equal(np.isnan(rest[:, 1]), ~m)
    np.testing.assert_allclose(rest[m, 1], s[m], rtol=1e-13)


@pytest.mark.parametrize("item", ["trima", "trima(1)", "trima(20,3)", "ssf", "ssf(1)",
                                  "ssf(20,3)"])
def test_bad_items_are_refused(item):
    with pytest.raises(Exception) as e:
        botcopier.Features(item)
    assert item.split("(")[0] in str(e.value)
