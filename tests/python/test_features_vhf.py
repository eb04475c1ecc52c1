"""vhf(n) (White's vertical horizontal filter) against a numpy float64 loop of
its published formula: VHF(n) = (highest close - lowest close of the last n
closes) / sum of the n one-bar moves |close@k - close@k+1|, k = 0..n-1
(lookback n; 0 on a window of flat closes). Its denominator is er(n)'s, one
computation (kama.c er_step's sliding sum): vhf(n) x sum == the range and
er(n) x sum == |close - close@n| with one sum. The heldout21 VHF bot's
talib.MAX / talib.MIN composition is the same value. The RAVI level
ratio(sma(7),sma(65)) is 1 + RAVI/100 with RAVI's sign. Streaming == batch, a
missing bar skipped, bad items refused."""
import numpy as np
import pytest

import botcopier
from features_util import load, batch_stream_and_gap


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv"])
def series(request):
    return load(request.param)


def vhf_reference(c, n):
    """White's VHF, each window's extremes and moves taken afresh."""
    out = np.full(len(c), np.nan)
    d = np.abs(np.diff(c, prepend=np.nan))
    for t in range(n, len(c)):
        win = c[t - n + 1:t + 1]
        s = d[t - n + 1:t + 1].sum()
        out[t] = 0.0 if s == 0.0 else (win.max() - win.min()) / s
    return out


@pytest.mark.parametrize("n", [2, 14, 28])
def test_vhf_matches_the_float64_definition(series, n):
    bars, d = series
    f = botcopier.Features(f"vhf({n})")
    assert f.names == [f"vhf({n})"] and f.lookback == n
    got = f.compute(bars)[:, 0]
    ref = vhf_reference(d["close"], n)
    assert np.isfinite(got[n:]).all() and np.isnan(got[:n]).all()
    # the engine's sum of moves slides (er's, TA-Lib's sumROC1), the loop's is afresh
    np.testing.assert_allclose(got, ref, rtol=1e-9, atol=1e-12, equal_nan=True)
    assert (got[n:] >= 0.0).all() and (got[n:] <= 1.0 + 1e-12).all()


def test_vhf_is_the_heldout21_bots_talib_composition():
    talib = pytest.importorskip("talib")
    bars, d = load("sp500_daily.csv")
    c = d["close"]
    n = 28
    dd = np.abs(np.diff(c, prepend=np.nan))
    ref = np.full(len(c), np.nan)
    hc, lc = talib.MAX(c, n), talib.MIN(c, n)
    for t in range(n, len(c)):
        ref[t] = (hc[t] - lc[t]) / dd[t - n + 1:t + 1].sum()
    got = botcopier.Features("vhf(28),above(vhf(28),0.35)").compute(bars)
    np.testing.assert_allclose(got[:, 0], ref, rtol=1e-9, atol=0, equal_nan=True)
    clear = np.abs(ref - 0.35) > 1e-9
    np.testing.assert_array_equal(got[clear, 1], (ref[clear] > 0.35).astype(float))


def test_vhf_shares_ers_sum():
    """One computation: the range over vhf and |close - close@n| over er give
    the same sum of moves (er's 1 on a flat window aside)."""
    bars, d = load("bots/eurusd_1h.csv")
    c = d["close"]
    n = 10
    got = botcopier.Features(f"vhf({n}),er({n})").compute(bars)
    t = np.arange(n, len(c))
    rng = np.array([c[i - n + 1:i + 1].max() - c[i - n + 1:i + 1].min() for i in t])
    roc = np.abs(c[t] - c[t - n])
    ok = (rng > 0) & (roc > 0) & (got[t, 1] < 1.0)
    np.testing.assert_allclose(rng[ok] / got[t, 0][ok], roc[ok] / got[t, 1][ok],
                               rtol=1e-12, atol=0)


def test_vhf_by_hand():
    t = np.arange(6, dtype=np.int64) * 86400
    c = np.array([1.0, 2.0, 1.0, 3.0, 3.0, 3.0])
    got = botcopier.Features("vhf(2)").compute_arrays(t, c, c, c, c, np.ones(6))[:, 0]
    # bar 2: (2 - 1) / (1 + 1); bar 3: (3 - 1) / (1 + 2); bar 4: (3 - 3) / (2 + 0) = 0;
    # bar 5: a flat window, sum 0: 0
    np.testing.assert_array_equal(got, [np.nan, np.nan, 0.5, 2.0 / 3.0, 0.0, 0.0])


def test_ravi_level_is_the_sma_ratio():
    talib = pytest.importorskip("talib")
    bars, d = load("aapl_daily.csv")
    c = d["close"]
    fast, slow = talib.SMA(c, 7), talib.SMA(c, 65)
    got = botcopier.Features("ratio(sma(7),sma(65))").compute(bars)[:, 0]
    np.testing.assert_allclose(100.0 * np.abs(got - 1.0), 100.0 * np.abs(fast - slow) / slow,
                               rtol=1e-9, atol=1e-9, equal_nan=True)


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("bots/eurusd_1h.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    spec = "vhf(28),vhf(2),er(28),above(vhf(28),0.35),ratio(sma(7),sma(65))"
    rest, keep = batch_stream_and_gap(spec, t, d)
    np.testing.assert_allclose(rest[:, 0], vhf_reference(keep["close"], 28), rtol=1e-9,
                               atol=1e-12, equal_nan=True)
    np.testing.assert_allclose(rest[:, 1], vhf_reference(keep["close"], 2), rtol=1e-9,
                               atol=1e-12, equal_nan=True)


@pytest.mark.parametrize("spec,message", [
    ("vhf(1)", "vhf: 1 is out of range 2..100000"),
    ("vhf", "expected '('"),
    ("vhf(28,2)", "expected ')'"),
    ("vhf(x)", "vhf"),
])
def test_bad_items_are_refused_naming_them(spec, message):
    with pytest.raises(botcopier.ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
