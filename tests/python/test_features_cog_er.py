"""cog(n) (Ehlers' center of gravity) and er(n) (Kaufman's efficiency ratio,
KAMA's own) against numpy float64 loops of their published formulas.

cog(n) = -sum_{i=0..n-1} (i+1) close@i / sum_{i=0..n-1} close@i (lookback
n-1); its customary signal is mean(cog(10),3), TA-Lib's SMA of it (the
heldout20 COG bot's talib.SMA(cg, 3)). er(n) = |close - close@n| / sum of the
n one-bar moves |close@k - close@k+1| (lookback n; 1 on a window of flat
closes, TA-Lib KAMA's test); TA-Lib's KAMA recomputed from er(n) in numpy is
talib.KAMA. Streaming == batch, a missing bar skipped, bad items refused."""
import numpy as np
import pytest

import botcopier
from features_util import load, assert_cross_agrees, batch_stream_and_gap


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv"])
def series(request):
    return load(request.param)


def cog_reference(c, n):
    """The heldout20 generator's loop: a window newest first, weights 1..n."""
    out = np.full(len(c), np.nan)
    w = np.arange(1, n + 1, dtype=np.float64)
    for t in range(n - 1, len(c)):
        win = c[t - n + 1:t + 1][::-1]
        out[t] = -np.dot(w, win) / win.sum()
    return out


def er_reference(c, n):
    """Kaufman's ratio, each window summed afresh (NaN on a flat window)."""
    out = np.full(len(c), np.nan)
    d = np.abs(np.diff(c, prepend=np.nan))
    with np.errstate(divide="ignore", invalid="ignore"):
        for t in range(n, len(c)):
            out[t] = abs(c[t] - c[t - n]) / d[t - n + 1:t + 1].sum()
    return out


@pytest.mark.parametrize("n", [2, 8, 10, 14])
def test_cog_matches_the_float64_definition(series, n):
    bars, d = series
    f = botcopier.Features(f"cog({n})")
    assert f.names == [f"cog({n})"] and f.lookback == n - 1
    got = f.compute(bars)[:, 0]
    ref = cog_reference(d["close"], n)
    assert np.array_equal(np.isnan(got), np.isnan(ref))
    np.testing.assert_allclose(got, ref, rtol=1e-13, atol=0, equal_nan=True)


def test_cog_signal_is_talibs_sma_and_the_cross_agrees():
    """The heldout20 COG bot's composition: talib.SMA(cg, 3) is mean(cog(10),3)."""
    talib = pytest.importorskip("talib")
    bars, d = load("bots/eurusd_1h.csv")
    cg = cog_reference(d["close"], 10)
    sig = talib.SMA(cg, 3)
    got = botcopier.Features("cog(10),mean(cog(10),3),cross(cog(10),mean(cog(10),3))"
                             ).compute(bars)
    np.testing.assert_allclose(got[:, 1], sig, rtol=1e-13, atol=0, equal_nan=True)
    assert_cross_agrees(got[:, 2], cg - sig, clear=1e-12)


def test_cog_by_hand_and_zero_closes():
    t = np.arange(5, dtype=np.int64) * 86400
    c = np.array([1.0, 2.0, 4.0, 0.0, 0.0])
    got = botcopier.Features("cog(2)").compute_arrays(t, c, c, c, c, np.ones(5))[:, 0]
    # bar 1: -(1*2 + 2*1) / 3; bar 2: -(1*4 + 2*2) / 6; bar 3: -(0 + 2*4) / 4;
    # bar 4: two zero closes, no center: NaN
    np.testing.assert_array_equal(got, [np.nan, -4.0 / 3.0, -8.0 / 6.0, -2.0, np.nan])


@pytest.mark.parametrize("n", [2, 10, 14, 20])
def test_er_matches_the_float64_definition(series, n):
    bars, d = series
    f = botcopier.Features(f"er({n})")
    assert f.names == [f"er({n})"] and f.lookback == n
    got = f.compute(bars)[:, 0]
    ref = er_reference(d["close"], n)
    flat = np.isnan(ref) & ~np.isnan(got)
    assert (got[flat] == 1.0).all()  # a flat window: TA-Lib KAMA's 1 (0/0 in the loop)
    ref[flat] = 1.0
    assert np.array_equal(np.isnan(got), np.isnan(ref))
    assert np.isfinite(got[n:]).all() and np.isnan(got[:n]).all()
    # the engine's sum of moves slides (TA-Lib's sumROC1), the loop's is afresh
    np.testing.assert_allclose(got, ref, rtol=1e-9, atol=1e-12, equal_nan=True)
    assert (got[n:] >= 0.0).all() and (got[n:] <= 1.0 + 1e-12).all()


@pytest.mark.parametrize("n", [2, 10, 30])
def test_er_is_talib_kamas_own_ratio(series, n):
    """KAMA recomputed in numpy from er(n) (sc = (er (2/3 - 2/31) + 2/31)^2,
    seeded on close@1 at bar n) is talib.KAMA and the engine's kama(n)."""
    talib = pytest.importorskip("talib")
    bars, d = series
    c = d["close"]
    got = botcopier.Features(f"er({n}),kama({n})").compute(bars)
    er = got[:, 0]
    k = np.full(len(c), np.nan)
    prev = c[n - 1]
    for t in range(n, len(c)):
        sc = er[t] * (2.0 / 3.0 - 2.0 / 31.0) + 2.0 / 31.0
        sc *= sc
        prev = (c[t] - prev) * sc + prev
        k[t] = prev
    np.testing.assert_array_equal(k, got[:, 1])  # one computation: kama's own ratio
    np.testing.assert_allclose(k, talib.KAMA(c, n), rtol=1e-12, atol=0, equal_nan=True)


def test_er_by_hand():
    t = np.arange(6, dtype=np.int64) * 86400
    c = np.array([1.0, 2.0, 1.0, 3.0, 3.0, 3.0])
    got = botcopier.Features("er(2)").compute_arrays(t, c, c, c, c, np.ones(6))[:, 0]
    # bar 2: |1 - 1| / (1 + 1) = 0; bar 3: |3 - 2| / (1 + 2) = 1/3; bar 4: |3 - 1| / 2 = 1;
    # bar 5: flat window: 1 (TA-Lib's test)
    np.testing.assert_array_equal(got, [np.nan, np.nan, 0.0, 1.0 / 3.0, 1.0, 1.0])


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("bots/eurusd_1h.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    spec = "cog(10),er(10),kama(10),cross(cog(10),mean(cog(10),3)),above(er(10),0.5)"
    rest, keep = batch_stream_and_gap(spec, t, d)
    np.testing.assert_allclose(rest[:, 0], cog_reference(keep["close"], 10), rtol=1e-13,
                               atol=0, equal_nan=True)
    np.testing.assert_allclose(rest[:, 1], er_reference(keep["close"], 10), rtol=1e-9,
                               atol=1e-12, equal_nan=True)


@pytest.mark.parametrize("spec,message", [
    ("cog(1)", "cog: 1 is out of range 2..100000"),
    ("cog", "expected '('"),
    ("cog(10,3)", "expected ')'"),
    ("er(1)", "er: 1 is out of range 2..100000"),
    ("er", "expected '('"),
    ("er(x)", "er"),
])
def test_bad_items_are_refused_naming_them(spec, message):
    with pytest.raises(botcopier.ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
