"""stc(f,s,c) (Schaff's trend cycle) and laguerre(g) (Ehlers' Laguerre RSI)
against independent numpy float64 loops written from the published formulas.

stc: macd = EMA(f) - EMA(s) of the close (TA-Lib's SMA-seeded EMAs, each from
bar 0); pf = the c-bar stochastic of macd smoothed by v = v' + 0.5 (k - v'),
stc = the c-bar stochastic of pf smoothed the same way; the first value of a
line is its first raw %K, a flat window (hi == lo) keeps the previous value
(50 when there is none); lookback s - 1 + 2 (c - 1).
laguerre: the four-stage Laguerre filter of the close (all stages start at the
first close), cu / (cu + cd) over the three stage differences; NaN on the
first 3 bars and where cu + cd == 0. Streaming == batch, a missing bar
skipped, bad items refused."""
import numpy as np
import pytest

import botcopier
from features_util import load, batch_stream_and_gap


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv", "bots/googl_daily.csv"])
def series(request):
    return load(request.param)


def ema(x, n):
    """TA-Lib's EMA: the mean of the first n values, then v + 2/(n+1) (x - v)."""
    out = np.full(len(x), np.nan)
    if len(x) < n:
        return out
    k = 2.0 / (n + 1)
    v = float(np.mean(x[:n]))
    out[n - 1] = v
    for t in range(n, len(x)):
        v = v + k * (x[t] - v)
        out[t] = v
    return out


def smoothed_stoch(x, n):
    out = np.full(len(x), np.nan)
    v = None
    first = int(np.argmax(np.isfinite(x))) if np.isfinite(x).any() else len(x)
    for t in range(first + n - 1, len(x)):
        w = x[t - n + 1:t + 1]
        lo, hi = w.min(), w.max()
        if hi > lo:
            k = (x[t] - lo) / (hi - lo) * 100.0
        else:
            k = 50.0 if v is None else v
        v = k if v is None else v + 0.5 * (k - v)
        out[t] = v
    return out


def stc_reference(c, f, s, n):
    return smoothed_stoch(smoothed_stoch(ema(c, f) - ema(c, s), n), n)


def laguerre_reference(c, g):
    out = np.full(len(c), np.nan)
    l0 = l1 = l2 = l3 = c[0]
    for t in range(len(c)):
        p0, p1, p2 = l0, l1, l2
        l0 = (1.0 - g) * c[t] + g * l0
        l1 = -g * l0 + p0 + g * l1
        l2 = -g * l1 + p1 + g * l2
        l3 = -g * l2 + p2 + g * l3
        d = np.array([l0 - l1, l1 - l2, l2 - l3])
        cu, cd = d[d > 0].sum(), -d[d < 0].sum()
        if t >= 3 and cu + cd != 0:
            out[t] = cu / (cu + cd)
    return out


@pytest.mark.parametrize("f,s,n", [(23, 50, 10), (12, 26, 10), (5, 8, 3), (2, 2, 2)])
def test_stc_matches_the_float64_definition(series, f, s, n):
    bars, d = series
    fe = botcopier.Features(f"stc({f},{s},{n})")
    assert fe.names == [f"stc({f},{s},{n})"]
    lb = s - 1 + 2 * (n - 1)
    assert fe.lookback == lb
    got = fe.compute(bars)[:, 0]
    ref = stc_reference(d["close"], f, s, n)
    assert np.array_equal(np.isnan(got), np.isnan(ref))
    assert np.isnan(got[:lb]).all() and np.isfinite(got[lb:]).all()
    # the EMAs step by fma in the engine: the macd differs at the last bit, and a
    # stochastic can magnify that only where a window is nearly flat
    np.testing.assert_allclose(got, ref, rtol=0, atol=1e-6, equal_nan=True)
    assert np.nanmin(got) >= 0.0 and np.nanmax(got) <= 100.0


def test_stc_is_the_heldout15_generators_talib_chain():
    """The heldout15 Schaff bot's composition: talib.EMA(23) - talib.EMA(50)."""
    talib = pytest.importorskip("talib")
    bars, d = load("sp500_daily.csv")
    c = d["close"]
    want = smoothed_stoch(smoothed_stoch(talib.EMA(c, 23) - talib.EMA(c, 50), 10), 10)
    got = botcopier.Features("stc(23,50,10),cross(stc(23,50,10),25)").compute(bars)
    np.testing.assert_allclose(got[:, 0], want, rtol=0, atol=1e-6, equal_nan=True)
    # the 25 crossings a Schaff bot trades are the same bars
    ref_up = np.zeros(len(c), bool)
    ref_up[1:] = (want[1:] > 25) & (want[:-1] <= 25)
    assert ref_up.sum() > 20
    assert (got[ref_up, 1] == 1.0).all()


def test_stc_keeps_its_value_on_a_flat_window():
    n = 40
    t = np.arange(n, dtype=np.int64) * 86400
    # flat from the start (macd exactly 0: flat windows, 50), then moving
    rng = np.random.default_rng(15)
    c = np.concatenate([np.full(15, 2.0), 2.0 + np.cumsum(rng.normal(0.0, 0.05, 25))])
    got = botcopier.Features("stc(2,3,3)").compute_arrays(t, c, c, c, c, np.ones(n))[:, 0]
    ref = stc_reference(c, 2, 3, 3)
    np.testing.assert_allclose(got, ref, rtol=0, atol=1e-9, equal_nan=True)
    assert (got[6:15] == 50.0).all() and np.isfinite(got[6:]).all()
    # a constant close from the start: macd 0, every window flat, 50 throughout
    flat = np.full(n, 3.0)
    got = botcopier.Features("stc(2,3,3)").compute_arrays(t, flat, flat, flat, flat,
                                                          np.ones(n))[:, 0]
    assert np.isnan(got[:6]).all() and (got[6:] == 50.0).all()


@pytest.mark.parametrize("g", [0.5, 0.4, 0.6, 0.8, 0.05, 0.95])
def test_laguerre_matches_the_float64_definition(series, g):
    bars, d = series
    fe = botcopier.Features(f"laguerre({g})")
    assert fe.names == [f"laguerre({g})"] and fe.lookback == 3
    got = fe.compute(bars)[:, 0]
    ref = laguerre_reference(d["close"], g)
    assert np.array_equal(np.isnan(got), np.isnan(ref))
    np.testing.assert_allclose(got, ref, rtol=1e-12, atol=1e-12, equal_nan=True)
    assert np.nanmin(got) >= 0.0 and np.nanmax(got) <= 1.0


def test_laguerre_is_nan_without_movement():
    n = 12
    t = np.arange(n, dtype=np.int64) * 86400
    c = np.full(n, 5.0)
    c[8:] = 6.0
    got = botcopier.Features("laguerre(0.5)").compute_arrays(t, c, c, c, c, np.ones(n))[:, 0]
    assert np.isnan(got[:8]).all()        # warm-up, then no movement: cu + cd == 0
    assert np.isfinite(got[8:]).all()     # the step moves the stages apart
    np.testing.assert_array_equal(got, laguerre_reference(c, 0.5))


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("bots/googl_daily.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    spec = "stc(23,50,10),laguerre(0.6),cross(stc(23,50,10),25),cross(laguerre(0.5),0.8)"
    rest, keep = batch_stream_and_gap(spec, t, d)
    keep = keep["close"]
    np.testing.assert_allclose(rest[:, 0], stc_reference(keep, 23, 50, 10), rtol=0, atol=1e-6,
                               equal_nan=True)
    np.testing.assert_allclose(rest[:, 1], laguerre_reference(keep, 0.6), rtol=1e-12,
                               atol=1e-12, equal_nan=True)


@pytest.mark.parametrize("spec,message", [
    ("stc(50,23,10)", "slow period 23 is below fast period 50"),
    ("stc(23,50,1)", "stc: 1 is out of range 2..100000"),
    ("stc(23,50)", "expected ','"),
    ("stc", "expected '('"),
    ("laguerre(1)", "the gamma 1 is not between 0 and 1"),
    ("laguerre(0)", "the gamma 0 is not between 0 and 1"),
    ("laguerre(-0.5)", "the gamma -0.5 is not between 0 and 1"),
    ("laguerre", "expected '('"),
    ("laguerre(0.5,0.2)", "expected ')'"),
])
def test_bad_items_are_refused_naming_them(spec, message):
    with pytest.raises(botcopier.ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
