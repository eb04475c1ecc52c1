"""dpo(n) (the detrended price oscillator: close - sma(n) of n/2+1 bars
earlier) against numpy float64 (TA-Lib has no DPO; the heldout13 DPO bot's
definition), ppo(fast,slow) against TA-Lib PPO with EMAs (matype 1: both EMAs
from bar 0, seeded on their own first n closes, not macd's aligned seeds), and
coppock(a,b,n) against the TA-Lib composition WMA(n) of ROC(a) + ROC(b) from
its first finite value (the heldout13 Coppock bot's). Lookbacks, streaming ==
batch, a missing bar skipped, bad items refused naming them."""
import numpy as np
import pytest

import botcopier
from features_util import load, batch_stream_and_gap


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv", "bots/googl_daily.csv"])
def series(request):
    return load(request.param)


def sma_numpy(x, n):
    out = np.full(len(x), np.nan)
    out[n - 1:] = np.convolve(x, np.ones(n), "valid") / n
    return out


def dpo_reference(c, n):
    m = n // 2 + 1
    sma = sma_numpy(c, n)
    out = np.full(len(c), np.nan)
    out[m:] = c[m:] - sma[:-m]
    return out


def close_to(got, want, tol, scale=None):
    """Equal NaNs, and within tol relative to scale (default |want|, at least 1)."""
    assert np.array_equal(np.isnan(got), np.isnan(want))
    ok = np.isfinite(want)
    scale = np.maximum(1.0, np.abs(want if scale is None else scale)[ok])
    assert (np.abs(got[ok] - want[ok]) <= tol * scale).all(), np.max(np.abs(got[ok] - want[ok]))


@pytest.mark.parametrize("n", [20, 2, 9, 50])
def test_dpo_is_the_close_against_the_shifted_sma(series, n):
    bars, d = series
    f = botcopier.Features(f"dpo({n})")
    lb = n - 1 + n // 2 + 1
    assert f.names == [f"dpo({n})"] and f.lookback == lb
    got = f.compute(bars)[:, 0]
    close_to(got, dpo_reference(d["close"], n), 1e-13, d["close"])  # the sums' rounding
    assert np.isnan(got[:lb]).all() and np.isfinite(got[lb:]).all()


def test_dpo_is_the_heldout13_bots_talib_sma_shift():
    talib = pytest.importorskip("talib")
    bars, d = load("sp500_daily.csv")
    c = d["close"]
    sma = talib.SMA(c, 20)
    want = np.full_like(c, np.nan)
    want[11:] = c[11:] - sma[:-11]
    close_to(botcopier.Features("dpo(20)").compute(bars)[:, 0], want, 1e-13, c)


@pytest.mark.parametrize("fast,slow", [(12, 26), (2, 2), (5, 35), (3, 10)])
def test_ppo_is_talibs_ppo_with_emas(series, fast, slow):
    talib = pytest.importorskip("talib")
    bars, d = series
    f = botcopier.Features(f"ppo({fast},{slow})")
    assert f.names == [f"ppo({fast},{slow})"] and f.lookback == slow - 1
    got = f.compute(bars)[:, 0]
    close_to(got, talib.PPO(d["close"], fast, slow, 1), 1e-12)


def test_ppo_is_the_numpy_ema_percentage_not_macds_alignment():
    """TA-Lib PPO's EMAs both start on bar 0 (the numpy float64 EMA written
    out); MACD's fast EMA starts on bar slow-fast instead: a different series
    for hundreds of bars."""
    bars, d = load("aapl_daily.csv")
    c = d["close"]

    def ema(x, n):
        out = np.full(len(x), np.nan)
        k, v = 2.0 / (n + 1), np.mean(x[:n])
        out[n - 1] = v
        for i in range(n, len(x)):
            v = v + k * (x[i] - v)
            out[i] = v
        return out

    want = 100.0 * (ema(c, 12) - ema(c, 26)) / ema(c, 26)
    got = botcopier.Features("ppo(12,26),macd(12,26,1).line").compute(bars)
    close_to(got[:, 0], want, 1e-12)
    macd_pct = 100.0 * got[:, 1] / ema(c, 26)
    assert np.nanmax(np.abs(macd_pct[26:60] - want[26:60])) > 1e-3


def test_ppo_is_0_where_the_slow_average_is_within_1e_14_of_0():
    """TA-Lib's TA_IS_ZERO (TA_EPSILON 1e-14): 0 there, the percentage of
    however small a slow average beyond it (to the EMA's rounding: ema.h
    fuses TA-Lib's multiply-add)."""
    talib = pytest.importorskip("talib")
    for size in (0.99e-14, 1.01e-14, -0.99e-14, -1.01e-14, 1e-12, 0.0):
        c = np.full(12, size)
        c[6:] = size * np.arange(2, 8)
        c[9] = 0.0
        t = np.arange(len(c), dtype=np.int64) * 86400
        got = botcopier.Features("ppo(2,3)").compute_arrays(t, c, c, c, c, np.zeros(len(c)))
        want = talib.PPO(c, 2, 3, 1)
        assert np.array_equal(got[:, 0] == 0.0, want == 0.0), (size, got[:, 0], want)
        close_to(got[:, 0], want, 1e-12)
    assert (want[2:] == 0.0).all()


def coppock_talib(talib, c, a, b, n):
    r = talib.ROC(c, a) + talib.ROC(c, b)
    out = np.full_like(c, np.nan)
    first = np.flatnonzero(np.isfinite(r))[0]
    out[first:] = talib.WMA(r[first:], n)
    return out


@pytest.mark.parametrize("a,b,n", [(14, 11, 10), (3, 30, 2), (1, 1, 5), (11, 14, 20)])
def test_coppock_is_the_talib_wma_of_two_rocs(series, a, b, n):
    talib = pytest.importorskip("talib")
    bars, d = series
    f = botcopier.Features(f"coppock({a},{b},{n})")
    lb = max(a, b) + n - 1
    assert f.names == [f"coppock({a},{b},{n})"] and f.lookback == lb
    got = f.compute(bars)[:, 0]
    close_to(got, coppock_talib(talib, d["close"], a, b, n), 1e-11)
    assert np.isnan(got[:lb]).all() and np.isfinite(got[lb:]).all()


def test_coppock_matches_numpy_float64():
    bars, d = load("sp500_daily.csv")
    c = d["close"]
    r = np.full(len(c), np.nan)
    r[14:] = (c[14:] / c[:-14] - 1.0) * 100.0 + (c[14:] / c[3:-11] - 1.0) * 100.0
    w = np.arange(10, 0, -1, dtype=np.float64)  # convolve flips it: weight 10 on the newest
    want = np.full(len(c), np.nan)
    want[23:] = np.convolve(r[14:], w, "valid") / w.sum()
    close_to(botcopier.Features("coppock(14,11,10)").compute(bars)[:, 0], want, 1e-11)


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("bots/eurusd_1h.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    spec = "dpo(20),ppo(12,26),coppock(14,11,10),cross(dpo(20),0),cross(ppo(12,26),1)," \
           "coppock(3,30,2),above(0,coppock(14,11,10))"
    rest, keep = batch_stream_and_gap(spec, t, d)
    keep = keep["close"]
    close_to(rest[:, 0], dpo_reference(keep, 20), 1e-13, keep)


@pytest.mark.parametrize("spec,message", [
    ("dpo(1)", "dpo: 1 is out of range 2..100000"),
    ("dpo(20,3)", "expected ')'"),
    ("ppo(26,12)", "slow period 12 is below fast period 26"),
    ("ppo(1,26)", "ppo: 1 is out of range 2..100000"),
    ("ppo(12)", "expected ','"),
    ("coppock(0,11,10)", "coppock: 0 is out of range 1..100000"),
    ("coppock(14,11,1)", "coppock: 1 is out of range 2..100000"),
    ("coppock(14,11,2.5)", "coppock: '2.5' is not an integer"),
    ("coppock(14,11,10).x", "one output"),
])
def test_bad_items_are_refused_naming_them(spec, message):
    with pytest.raises(botcopier.ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
