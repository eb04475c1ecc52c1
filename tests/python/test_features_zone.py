"""pzo(n) and vzo(n) (Khalil and Steckler's price and volume zone
oscillators) against numpy/pandas float64 of their published formula:

    pzo = 100 x EMA_n(sign(close - close@1) x close) / EMA_n(close)
    vzo = 100 x EMA_n(sign(close - close@1) x volume) / EMA_n(volume)

each EMA TA-Lib's (the mean of the first n values, then prev + 2/(n+1) (x -
prev)), both from bar 1 (the first close change): the first value on bar n
(lookback n); 0 where EMA_n(volume) is 0. TA-Lib's EMA on the same series
(the heldout24 generators' composition) agrees to rounding and gives the
same crossings of the bots' levels. Streaming == batch, a missing bar
skipped, bad items refused."""
import numpy as np
import pandas as pd
import pytest

import botcopier
from features_util import load, assert_cross_agrees, batch_stream_and_gap


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv", "bots/googl_daily.csv"])
def series(request):
    return load(request.param)


def ema(x, n):
    """TA-Lib's EMA in pandas float64: NaN for the first n-1 values, the mean of
    the first n, then the recursion prev + k (x - prev), k = 2/(n+1)
    (ewm(alpha=k, adjust=False) started from that mean)."""
    out = np.full(len(x), np.nan)
    if len(x) < n:
        return out
    seeded = np.concatenate([[np.mean(x[:n])], x[n:]])
    out[n - 1:] = pd.Series(seeded).ewm(alpha=2.0 / (n + 1), adjust=False).mean().to_numpy()
    return out


def zone_reference(c, x, n, ema_=ema):
    """100 EMA_n(sign(change) x) / EMA_n(x) from bar 1; 0 where EMA_n(x) is 0."""
    out = np.full(len(c), np.nan)
    sx = np.sign(np.diff(c)) * x[1:]
    num, den = ema_(sx, n), ema_(x[1:], n)
    with np.errstate(divide="ignore", invalid="ignore"):
        out[1:] = np.where(den != 0.0, 100.0 * num / den, 0.0)
    out[1:][np.isnan(den)] = np.nan
    return out


@pytest.mark.parametrize("n", [14, 2, 21, 28])
def test_pzo_and_vzo_match_the_float64_formula(series, n):
    bars, d = series
    f = botcopier.Features(f"pzo({n}),vzo({n})")
    assert f.names == [f"pzo({n})", f"vzo({n})"] and f.lookback == n
    got = f.compute(bars)
    c = d["close"]
    for col, src in ((0, c), (1, d["volume"])):
        ref = zone_reference(c, src, n)
        assert np.array_equal(np.isnan(got[:, col]), np.isnan(ref))
        assert np.isnan(got[:n, col]).all() and np.isfinite(got[n:, col]).all()
        np.testing.assert_allclose(got[:, col], ref, rtol=1e-9, atol=1e-9, equal_nan=True)
        assert (np.abs(got[n:, col]) <= 100.0 + 1e-9).all()


@pytest.mark.parametrize("name,csv,src,levels", [
    ("pzo", "sp500_daily.csv", "close", (-20.0, 20.0, 0.0)),
    ("vzo", "aapl_daily.csv", "volume", (-40.0, 40.0, 0.0)),
    ("vzo", "bots/googl_daily.csv", "volume", (-40.0, 40.0, 0.0)),
])
def test_zone_is_the_heldout24_generators_talib_composition(name, csv, src, levels):
    """make_heldout24_bots.py: 100 talib.EMA(sign(diff) x src, 14) / talib.EMA(src, 14)
    on bars 1..; the crossings of the bots' levels agree wherever the value is clear
    of the level."""
    talib = pytest.importorskip("talib")
    bars, d = load(csv)
    c, x = d["close"], d[src]
    want = np.full(len(c), np.nan)
    want[1:] = 100.0 * talib.EMA(np.sign(np.diff(c)) * x[1:], 14) / talib.EMA(x[1:], 14)
    spec = ",".join([f"{name}(14)"] + [f"cross({name}(14),{lv:g})" for lv in levels])
    got = botcopier.Features(spec).compute(bars)
    np.testing.assert_allclose(got[:, 0], want, rtol=1e-11, atol=1e-11, equal_nan=True)
    for j, lv in enumerate(levels):
        assert_cross_agrees(got[:, 1 + j], want - lv, at_least=5)


def test_zone_by_hand_and_0_without_volume():
    t = np.arange(6, dtype=np.int64) * 86400
    c = np.array([10.0, 11.0, 11.0, 10.0, 12.0, 13.0])
    v = np.array([5.0, 1.0, 2.0, 3.0, 4.0, 0.0])
    got = botcopier.Features("pzo(2),vzo(2)").compute_arrays(t, c, c, c, c, v)
    # signs from bar 1: +1, 0, -1, +1, +1; k = 2/3
    # pzo: bar 2 seed (11 + 0) / (11 + 11) -> 50; bar 3 num = 5.5 + 2/3 (-10 - 5.5)
    p_num, p_den = 5.5, 11.0
    v_num, v_den = 0.5, 1.5
    want_p, want_v = [np.nan, np.nan, 50.0], [np.nan, np.nan, 100.0 / 3.0]
    for s, ci, vi in ((-1, 10.0, 3.0), (1, 12.0, 4.0), (1, 13.0, 0.0)):
        p_num += 2.0 / 3.0 * (s * ci - p_num)
        p_den += 2.0 / 3.0 * (ci - p_den)
        v_num += 2.0 / 3.0 * (s * vi - v_num)
        v_den += 2.0 / 3.0 * (vi - v_den)
        want_p.append(100.0 * p_num / p_den)
        want_v.append(100.0 * v_num / v_den)
    np.testing.assert_allclose(got[:, 0], want_p, rtol=1e-14, equal_nan=True)
    np.testing.assert_allclose(got[:, 1], want_v, rtol=1e-14, equal_nan=True)
    # no volume at all: vzo is 0 throughout after its lookback
    got = botcopier.Features("vzo(3)").compute_arrays(t, c, c, c, c, np.zeros(6))[:, 0]
    np.testing.assert_array_equal(got, [np.nan, np.nan, np.nan, 0.0, 0.0, 0.0])


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("bots/googl_daily.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    spec = "pzo(14),vzo(14),cross(pzo(14),-20),cross(vzo(14),40),pzo(21)@1"
    rest, keep = batch_stream_and_gap(spec, t, d)
    np.testing.assert_allclose(rest[:, 0], zone_reference(keep["close"], keep["close"], 14),
                               rtol=1e-9, atol=1e-9, equal_nan=True)
    np.testing.assert_allclose(rest[:, 1], zone_reference(keep["close"], keep["volume"], 14),
                               rtol=1e-9, atol=1e-9, equal_nan=True)


@pytest.mark.parametrize("spec,message", [
    ("pzo(1)", "pzo: 1 is out of range 2..100000"),
    ("vzo(0)", "vzo: 0 is out of range 2..100000"),
    ("pzo", "expected '('"),
    ("vzo(14,2)", "expected ')'"),
    ("pzo(14).line", "has one output"),
])
def test_bad_items_are_refused_naming_them(spec, message):
    with pytest.raises(botcopier.ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
