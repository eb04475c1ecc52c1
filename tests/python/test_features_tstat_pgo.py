"""tstat(n) (the t-statistic of the last n one-bar returns) and pgo(n) (Johnson's
pretty good oscillator) against numpy/pandas float64 of their published
definitions (TA-Lib has neither; pgo's TA-Lib chain TRANGE / SMA / EMA agrees too).

tstat(n) = mean(r) / std(r, ddof=1) x sqrt(n) over the last n r = close/close@1 - 1,
0 where the std is 0; lookback n.
pgo(n) = (close - sma(n)) / ema(n)(true range), the true range from bar 1 and its
ema seeded with the mean of the first n; NaN where that ema is 0; lookback n.
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


def tstat_reference(c, n):
    r = np.full(len(c), np.nan)
    r[1:] = c[1:] / c[:-1] - 1.0
    out = np.full(len(c), np.nan)
    for t in range(n, len(c)):
        w = r[t - n + 1:t + 1]
        sd = w.std(ddof=1)
        out[t] = w.mean() / sd * np.sqrt(n) if sd > 0 else 0.0
    return out


def pgo_reference(h, lo, c, n):
    pc = np.concatenate([[np.nan], c[:-1]])
    tr = np.maximum.reduce([h - lo, np.abs(h - pc), np.abs(lo - pc)])
    tr[0] = np.nan
    e = np.full(len(c), np.nan)
    if len(c) > n:
        e[n] = tr[1:n + 1].mean()
        k = 2.0 / (n + 1)
        for t in range(n + 1, len(c)):
            e[t] = e[t - 1] + k * (tr[t] - e[t - 1])
    sma = pd.Series(c).rolling(n).mean().to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(e != 0.0, (c - sma) / e, np.nan)


@pytest.mark.parametrize("n", [24, 20, 2, 50])
def test_tstat_matches_the_float64_definition(series, n):
    bars, d = series
    f = botcopier.Features(f"tstat({n})")
    assert f.names == [f"tstat({n})"] and f.lookback == n
    got = f.compute(bars)[:, 0]
    ref = tstat_reference(d["close"], n)
    assert np.array_equal(np.isnan(got), np.isnan(ref))
    np.testing.assert_allclose(got, ref, rtol=1e-9, atol=1e-9, equal_nan=True)


def test_tstat_crossings_are_the_heldout22_bots_levels():
    bars, d = load("bots/eurusd_1h.csv")
    ref = tstat_reference(d["close"], 24)
    got = botcopier.Features("cross(tstat(24),1.5),cross(tstat(24),-1.5),cross(tstat(24),0)"
                             ).compute(bars)
    assert_cross_agrees(got[:, 0], ref - 1.5)
    assert_cross_agrees(got[:, 1], ref + 1.5)
    assert_cross_agrees(got[:, 2], ref)


def test_tstat_is_0_on_equal_returns_and_signed_by_the_drift():
    t = np.arange(8, dtype=np.int64) * 3600
    flat = np.full(8, 5.0)
    got = botcopier.Features("tstat(3)").compute_arrays(t, flat, flat, flat, flat, np.ones(8))
    np.testing.assert_array_equal(got[:, 0], [np.nan] * 3 + [0.0] * 5)
    c = np.array([1.0, 1.1, 1.3, 1.35, 1.5, 1.52, 1.7, 1.75])
    got = botcopier.Features("tstat(3)").compute_arrays(t, c, c, c, c, np.ones(8))[:, 0]
    assert (got[3:] > 0).all()
    got = botcopier.Features("tstat(3)").compute_arrays(t, c[::-1].copy(), c[::-1].copy(),
                                                        c[::-1].copy(), c[::-1].copy(),
                                                        np.ones(8))[:, 0]
    assert (got[3:] < 0).all()


@pytest.mark.parametrize("n", [14, 10, 2, 30])
def test_pgo_matches_the_float64_definition(series, n):
    bars, d = series
    f = botcopier.Features(f"pgo({n})")
    assert f.names == [f"pgo({n})"] and f.lookback == n
    got = f.compute(bars)[:, 0]
    ref = pgo_reference(d["high"], d["low"], d["close"], n)
    assert np.array_equal(np.isnan(got), np.isnan(ref))
    np.testing.assert_allclose(got, ref, rtol=1e-9, atol=1e-9, equal_nan=True)


def test_pgo_is_the_heldout22_bots_talib_chain():
    """The heldout22 PGO bot's own chain: TRANGE, EMA(14) from bar 1, SMA(14);
    its levels 2.5, -2.5, 0 as crossings."""
    talib = pytest.importorskip("talib")
    bars, d = load("bots/googl_daily.csv")
    h, lo, c = d["high"], d["low"], d["close"]
    tr = talib.TRANGE(h, lo, c)
    etr = np.full_like(c, np.nan)
    etr[1:] = talib.EMA(tr[1:], 14)
    want = (c - talib.SMA(c, 14)) / etr
    got = botcopier.Features("pgo(14),cross(pgo(14),2.5),cross(pgo(14),-2.5),cross(pgo(14),0)"
                             ).compute(bars)
    np.testing.assert_allclose(got[:, 0], want, rtol=1e-9, atol=1e-9, equal_nan=True)
    assert_cross_agrees(got[:, 1], want - 2.5)
    assert_cross_agrees(got[:, 2], want + 2.5)
    assert_cross_agrees(got[:, 3], want)


def test_pgo_is_nan_on_flat_bars():
    t = np.arange(6, dtype=np.int64) * 86400
    flat = np.full(6, 5.0)
    got = botcopier.Features("pgo(2)").compute_arrays(t, flat, flat, flat, flat, np.ones(6))
    assert np.isnan(got[:, 0]).all()


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("bots/googl_daily.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    spec = "tstat(24),pgo(14),cross(tstat(24),-1.5),cross(pgo(14),3)"
    rest, keep = batch_stream_and_gap(spec, t, d)
    np.testing.assert_allclose(rest[:, 0], tstat_reference(keep["close"], 24),
                               rtol=1e-9, atol=1e-9, equal_nan=True)
    np.testing.assert_allclose(rest[:, 1], pgo_reference(keep["high"], keep["low"],
                                                         keep["close"], 14),
                               rtol=1e-9, atol=1e-9, equal_nan=True)


@pytest.mark.parametrize("spec,message", [
    ("tstat(1)", "tstat: 1 is out of range 2..100000"),
    ("tstat", "expected '('"),
    ("tstat(24,2)", "expected ')'"),
    ("pgo(1)", "pgo: 1 is out of range 2..100000"),
    ("pgo(14,3)", "expected ')'"),
])
def test_bad_items_are_refused_naming_them(spec, message):
    with pytest.raises(botcopier.ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
