"""dss(n,m) (Bressert's double smoothed stochastic) and dynmom(n) (Chande's
dynamic momentum index) against numpy/pandas float64 of their published
definitions (TA-Lib has neither).

dss(n,m): k = (close - LL) / (HH - LL) over the last n bars (0.5 on a flat
range), e1 = ema(m) of k; k2 = e1's place in its last n values (0.5 when flat),
dss = 100 x ema(m) of k2; lookback 2 (n-1) + 2 (m-1). From the first bars
whose EMAs have settled it is the heldout22 DSS bot's talib chain.
dynmom(n): vi = std(close, 5) / sma(std(close, 5), 10) (population std), td =
int(n / vi) held to 5..30, Cutler's RSI over the last td changes (100 x gains /
|changes|, 50 when all are 0); lookback 30. The heldout22 DMI bot's chain agrees.
Streaming == batch, a missing bar skipped, bad items refused."""
import numpy as np
import pandas as pd
import pytest

import botcopier
from features_util import load, assert_cross_agrees, batch_stream_and_gap, ema_reference


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv", "bots/googl_daily.csv"])
def series(request):
    return load(request.param)


def place(x, lo, hi):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(hi > lo, (x - lo) / np.where(hi > lo, hi - lo, 1.0), 0.5)


def dss_reference(h, lo, c, n, m):
    hh = pd.Series(h).rolling(n).max().to_numpy()
    ll = pd.Series(lo).rolling(n).min().to_numpy()
    k = place(c, ll, hh)
    k[:n - 1] = np.nan
    e1 = ema_reference(k, m)
    hh2 = pd.Series(e1).rolling(n).max().to_numpy()
    ll2 = pd.Series(e1).rolling(n).min().to_numpy()
    k2 = place(e1, ll2, hh2)
    k2[~np.isfinite(ll2)] = np.nan
    return 100.0 * ema_reference(k2, m)


def dynmom_reference(c, n):
    sd = pd.Series(c).rolling(5).std(ddof=0).to_numpy()
    vi = sd / pd.Series(sd).rolling(10).mean().to_numpy()
    d = np.diff(c, prepend=np.nan)
    out = np.full(len(c), np.nan)
    for t in range(30, len(c)):
        td = 30
        if vi[t] > 0:
            td = int(min(30, max(5, int(n / vi[t]))))
        w = d[t - td + 1:t + 1]
        tot = np.abs(w).sum()
        out[t] = 100.0 * w[w > 0].sum() / tot if tot > 0 else 50.0
    return out


@pytest.mark.parametrize("n,m", [(13, 8), (10, 3), (1, 1), (5, 2)])
def test_dss_matches_the_float64_definition(series, n, m):
    bars, d = series
    f = botcopier.Features(f"dss({n},{m})")
    assert f.names == [f"dss({n},{m})"] and f.lookback == 2 * (n - 1) + 2 * (m - 1)
    got = f.compute(bars)[:, 0]
    ref = dss_reference(d["high"], d["low"], d["close"], n, m)
    assert np.array_equal(np.isnan(got), np.isnan(ref))
    np.testing.assert_allclose(got, ref, rtol=1e-9, atol=1e-8, equal_nan=True)
    ok = np.isfinite(got)
    assert ((got[ok] >= 0.0) & (got[ok] <= 100.0)).all()


def test_dss_is_the_heldout22_bots_talib_chain_once_settled():
    """The generator's chain (talib MIN/MAX/EMA; its first stage starts at bar 0 with
    k = 0.5 before the 13-bar window fills) agrees once its EMAs forget that start."""
    talib = pytest.importorskip("talib")
    bars, d = load("bots/eurusd_1h.csv")
    h, lo, c = d["high"], d["low"], d["close"]
    lo1, hi1 = talib.MIN(lo, 13), talib.MAX(h, 13)
    k = place(c, lo1, hi1)
    e1 = talib.EMA(k, 8)
    lo2, hi2 = talib.MIN(e1, 13), talib.MAX(e1, 13)
    k2 = place(e1, lo2, hi2)
    k2[~np.isfinite(lo2)] = np.nan
    first = int(np.argmax(np.isfinite(k2)))
    want = np.full_like(c, np.nan)
    want[first:] = 100.0 * talib.EMA(k2[first:], 8)
    got = botcopier.Features("dss(13,8),cross(dss(13,8),20),cross(dss(13,8),80)").compute(bars)
    np.testing.assert_allclose(got[300:, 0], want[300:], rtol=1e-9, atol=1e-8)
    want[:300] = np.nan
    assert_cross_agrees(got[:, 1], want - 20.0)
    assert_cross_agrees(got[:, 2], want - 80.0)


def test_dss_is_50_on_flat_bars():
    t = np.arange(12, dtype=np.int64) * 86400
    flat = np.full(12, 5.0)
    got = botcopier.Features("dss(3,2)").compute_arrays(t, flat, flat, flat, flat, np.ones(12))
    np.testing.assert_array_equal(got[:6, 0], [np.nan] * 6)
    np.testing.assert_array_equal(got[6:, 0], [50.0] * 6)


@pytest.mark.parametrize("n", [14, 7, 1, 40])
def test_dynmom_matches_the_float64_definition(series, n):
    bars, d = series
    f = botcopier.Features(f"dynmom({n})")
    assert f.names == [f"dynmom({n})"] and f.lookback == 30
    got = f.compute(bars)[:, 0]
    ref = dynmom_reference(d["close"], n)
    assert np.array_equal(np.isnan(got), np.isnan(ref))
    # the period is a truncation of n / vi: a vi within rounding of n / k may
    # take the next period; such bars are rare
    close = np.isclose(got, ref, rtol=1e-9, atol=1e-8) | np.isnan(ref)
    assert close.mean() > 0.999
    ok = np.isfinite(got)
    assert ((got[ok] >= 0.0) & (got[ok] <= 100.0)).all()


def test_dynmom_is_the_heldout22_bots_talib_chain():
    talib = pytest.importorskip("talib")
    bars, d = load("sp500_daily.csv")
    c = d["close"]
    sd = talib.STDDEV(c, 5)
    vi = sd / talib.SMA(sd, 10)
    dd = np.diff(c, prepend=np.nan)
    want = np.full_like(c, np.nan)
    for t in range(30, len(c)):
        td = int(min(30, max(5, int(14.0 / vi[t]))))
        w = dd[t - td + 1:t + 1]
        tot = np.abs(w).sum()
        want[t] = 100.0 * w[w > 0].sum() / tot if tot > 0 else 50.0
    got = botcopier.Features("dynmom(14),cross(30,dynmom(14)),cross(dynmom(14),50)").compute(bars)
    close = np.isclose(got[:, 0], want, rtol=1e-9, atol=1e-8, equal_nan=True)
    assert close.mean() > 0.999
    want[~close] = np.nan
    assert_cross_agrees(got[:, 1], 30.0 - want, at_least=10)
    assert_cross_agrees(got[:, 2], want - 50.0, at_least=10)


def test_dynmom_is_50_on_flat_closes_and_100_on_a_rise():
    t = np.arange(40, dtype=np.int64) * 86400
    flat = np.full(40, 5.0)
    got = botcopier.Features("dynmom(14)").compute_arrays(t, flat, flat, flat, flat, np.ones(40))
    np.testing.assert_array_equal(got[:30, 0], [np.nan] * 30)
    np.testing.assert_array_equal(got[30:, 0], [50.0] * 10)
    rise = np.arange(1.0, 41.0)
    got = botcopier.Features("dynmom(14)").compute_arrays(t, rise, rise, rise, rise, np.ones(40))
    np.testing.assert_array_equal(got[30:, 0], [100.0] * 10)


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("bots/googl_daily.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    spec = "dss(13,8),dynmom(14),cross(dss(13,8),20),cross(30,dynmom(14))"
    rest, keep = batch_stream_and_gap(spec, t, d)
    np.testing.assert_allclose(rest[:, 0], dss_reference(keep["high"], keep["low"],
                                                         keep["close"], 13, 8),
                               rtol=1e-9, atol=1e-8, equal_nan=True)
    ref = dynmom_reference(keep["close"], 14)
    assert (np.isclose(rest[:, 1], ref, rtol=1e-9, atol=1e-8) | np.isnan(ref)).mean() > 0.999


@pytest.mark.parametrize("spec,message", [
    ("dss(0,8)", "dss: 0 is out of range 1..100000"),
    ("dss(13,0)", "dss: 0 is out of range 1..100000"),
    ("dss(13)", "expected ','"),
    ("dss", "expected '('"),
    ("dynmom(0)", "dynmom: 0 is out of range 1..100000"),
    ("dynmom(14,2)", "expected ')'"),
])
def test_bad_items_are_refused_naming_them(spec, message):
    with pytest.raises(botcopier.ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
