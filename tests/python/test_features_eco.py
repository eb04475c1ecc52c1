"""eco(r,s,k) .line .signal (Blau's ergodic candlestick oscillator, Momentum,
Direction and Divergence, 1995) against numpy float64 of its definition:
line = 100 x ema(s) of ema(r) of close - open / ema(s) of ema(r) of high - low,
signal = ema(k) of line, each EMA TA-Lib's (seeded with the mean of its first
n values, run from its first finite value); both NaN until the signal exists,
lookback r+s+k-3; the heldout29 bot's talib chain; streaming == batch, a
missing bar skipped, bad items refused naming them."""
import numpy as np
import pytest

import botcopier
from features_util import load, batch_stream_and_gap, ema_reference


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv", "bots/googl_daily.csv"])
def series(request):
    return load(request.param)


def eco_reference(d, r, s, k, ema=ema_reference):
    body = d["close"] - d["open"]
    rng = d["high"] - d["low"]
    num = ema(ema(body, r), s)
    den = ema(ema(rng, r), s)
    line = np.where(den != 0.0, 100.0 * num / np.where(den != 0.0, den, 1.0), 0.0)
    line[np.isnan(num) | np.isnan(den)] = np.nan
    signal = ema(line, k)
    line[np.isnan(signal)] = np.nan
    return line, signal


@pytest.mark.parametrize("r,s,k", [(32, 5, 5), (13, 7, 4), (1, 1, 1), (40, 20, 10)])
def test_eco_matches_the_float64_ema_composition(series, r, s, k):
    bars, d = series
    f = botcopier.Features(f"eco({r},{s},{k})")
    assert f.names == [f"eco({r},{s},{k}).line", f"eco({r},{s},{k}).signal"]
    assert f.lookback == r + s + k - 3
    got = f.compute(bars)
    line, signal = eco_reference(d, r, s, k)
    for col, ref in ((0, line), (1, signal)):
        assert np.array_equal(np.isnan(got[:, col]), np.isnan(ref))
        np.testing.assert_allclose(got[:, col], ref, rtol=1e-9, atol=1e-9, equal_nan=True)
    lb = r + s + k - 3
    assert np.isnan(got[:lb]).all() and np.isfinite(got[lb:]).all()
    assert (np.abs(got[lb:]) <= 100.0 + 1e-9).all()


def test_eco_is_the_heldout29_bots_talib_chain():
    talib = pytest.importorskip("talib")
    bars, d = load("sp500_daily.csv")
    o, h, l, c = d["open"], d["high"], d["low"], d["close"]
    co = talib.EMA(talib.EMA(c - o, 32)[31:], 5)
    hl = talib.EMA(talib.EMA(h - l, 32)[31:], 5)
    eco = np.full_like(c, np.nan)
    eco[31:] = 100.0 * co / hl
    first = int(np.argmax(np.isfinite(eco)))
    sig = np.full_like(c, np.nan)
    sig[first:] = talib.EMA(eco[first:], 5)
    got = botcopier.Features("eco(32,5,5)").compute(bars)
    m = np.isfinite(sig)
    assert np.array_equal(np.isfinite(got[:, 1]), m)
    np.testing.assert_allclose(got[m, 0], eco[m], rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(got[m, 1], sig[m], rtol=1e-9, atol=1e-9)


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("aapl_daily.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    rest, keep = batch_stream_and_gap("eco(32,5,5)", t, d, at=300, column="open")
    line, signal = eco_reference(keep, 32, 5, 5)
    np.testing.assert_allclose(rest[:, 0], line, rtol=1e-9, atol=1e-9, equal_nan=True)
    np.testing.assert_allclose(rest[:, 1], signal, rtol=1e-9, atol=1e-9, equal_nan=True)


@pytest.mark.parametrize("item", ["eco", "eco(0,5,5)", "eco(32,5)", "eco(32,5,5).hist"])
def test_bad_items_are_refused(item):
    with pytest.raises(Exception) as e:
        botcopier.Features(item)
    assert "eco" in str(e.value)
