"""usmooth(n), Ehlers' UltimateSmoother (TASC, April 2024; no TA-Lib
function), against an independent float64 loop from the published formula
(a1 = exp(-1.414 pi / n), c2 = 2 a1 cos(1.414 pi / n), c3 = -a1^2,
c1 = (1 + c2 - c3) / 4, us = (1 - c1) x + (2 c1 - c2) x[-1] - (c1 + c3) x[-2]
+ c2 us[-1] + c3 us[-2], seeded with the close on the first two bars);
uband(n), the close's place in his Ultimate Bands, (close - us) / sd with sd
the square root of pandas' rolling(n) mean of (close - us)^2; the heldout29
bot's own chain (seeded on four bars) after warm-up; streaming == batch with a
missing bar skipped; bad items."""
import numpy as np
import pandas as pd
import pytest

import botcopier
from features_util import load, batch_stream_and_gap


def us_reference(c, n, seed=2):
    c = np.asarray(c, dtype=np.float64)
    a1 = np.exp(-1.414 * np.pi / n)
    c2 = 2 * a1 * np.cos(1.414 * np.pi / n)
    c3 = -a1 * a1
    c1 = (1 + c2 - c3) / 4
    u = c.copy()
    for t in range(seed, len(c)):
        u[t] = ((1 - c1) * c[t] + (2 * c1 - c2) * c[t - 1] - (c1 + c3) * c[t - 2]
                + c2 * u[t - 1] + c3 * u[t - 2])
    u[:2] = np.nan
    return u


def uband_reference(c, n, seed=2):
    c = np.asarray(c, dtype=np.float64)
    u = us_reference(c, n, seed)
    d = c - u
    sd = np.sqrt(pd.Series(d * d).rolling(n).mean().to_numpy())
    out = d / sd
    out[~(sd > 0)] = np.nan
    return out


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv"])
def series(request):
    return load(request.param)


@pytest.mark.parametrize("n", [2, 10, 20, 48])
def test_usmooth_and_uband_match_the_formula(series, n):
    bars, d = series
    got = botcopier.Features(f"usmooth({n}),uband({n})").compute(bars)
    ref = us_reference(d["close"], n)
    assert np.array_equal(np.isnan(got[:, 0]), np.isnan(ref))
    m = ~np.isnan(ref)
    np.testing.assert_allclose(got[m, 0], ref[m], rtol=1e-13)
    zb = uband_reference(d["close"], n)
    assert np.array_equal(np.isnan(got[:, 1]), np.isnan(zb))
    assert np.isnan(got[n, 1]) and not np.isnan(got[n + 1, 1])
    m = ~np.isnan(zb)
    # rolling sums of squared distances against pandas' own: ~1e-12 absolute
    np.testing.assert_allclose(got[m, 1], zb[m], rtol=1e-8, atol=1e-9)


def test_the_bots_four_bar_seed_agrees_after_warm_up():
    bars, d = load("aapl_daily.csv")
    got = botcopier.Features("uband(20)").compute(bars)[:, 0]
    ref = uband_reference(d["close"], 20, seed=4)
    np.testing.assert_allclose(got[200:], ref[200:], rtol=1e-8, atol=1e-9)
    # the bands' entries: below -1 / above +1 on the same bars
    assert np.array_equal(got[200:] < -1, ref[200:] < -1)
    assert np.array_equal(got[200:] > 1, ref[200:] > 1)


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("sp500_daily.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    rest, keep = batch_stream_and_gap("usmooth(20),uband(20)", t, d, at=300, column="close")
    u = us_reference(keep["close"], 20)
    m = ~np.isnan(u)
    assert np.array_equal(np.isnan(rest[:, 0]), ~m)
    np.testing.assert_allclose(rest[m, 0], u[m], rtol=1e-13)
    z = uband_reference(keep["close"], 20)
    m = ~np.isnan(z)
    assert np.array_equal(np.isnan(rest[:, 1]), ~m)
    np.testing.assert_allclose(rest[m, 1], z[m], rtol=1e-8, atol=1e-9)


@pytest.mark.parametrize("item", ["usmooth", "usmooth(1)", "usmooth(20,3)", "uband",
                                  "uband(1)", "uband(20,1)"])
def test_bad_items_are_refused(item):
    with pytest.raises(Exception) as e:
        botcopier.Features(item)
    assert item.split("(")[0] in str(e.value)
