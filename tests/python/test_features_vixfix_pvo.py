"""vixfix(n) (Larry Williams' VIX Fix) and pvo(f,s,g) .line .signal (the
percentage volume oscillator) against numpy float64 of their definitions and
the heldout16 generators' TA-Lib chains.

vixfix(n) = (hc - low) / hc x 100, hc = the highest of the last n closes (this
bar's included: TA-Lib MAX(close, n)); lookback n-1. pvo: line = (ema(v,f) -
ema(v,s)) / ema(v,s) x 100 with TA-Lib-seeded EMAs both from bar 0 (ppo's),
signal = the TA-Lib EMA(g) of the line from its first value; both NaN until the
signal exists (lookback s-1 + g-1); the line NaN where ema(v,s) is 0.
zscore's deviation is the population one (TA-Lib STDDEV(x, n, 1)), so the VIX
Fix's Bollinger band (20, 2) is zscore(vixfix(22),20) > 2. Streaming == batch, a
missing bar skipped, bad items refused."""
import numpy as np
import pandas as pd
import pytest

import botcopier
from features_util import load, batch_stream_and_gap, ema_reference as ema


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv", "bots/googl_daily.csv"])
def series(request):
    return load(request.param)


def vixfix_reference(c, lo, n):
    hc = pd.Series(c).rolling(n).max().to_numpy()
    return (hc - lo) / hc * 100.0


def pvo_reference(v, f, s, g):
    slow = ema(v, s)
    with np.errstate(divide="ignore", invalid="ignore"):
        line = np.where(slow != 0.0, (ema(v, f) - slow) / slow * 100.0, np.nan)
    signal = ema(line, g)
    line[np.isnan(signal)] = np.nan
    return line, signal


@pytest.mark.parametrize("n", [2, 22])
def test_vixfix_matches_the_float64_definition(series, n):
    bars, d = series
    f = botcopier.Features("vixfix(%d)" % n)
    assert f.lookback == n - 1
    got = f.compute(bars)[:, 0]
    ref = vixfix_reference(d["close"], d["low"], n)
    assert np.array_equal(np.isnan(got), np.isnan(ref))
    np.testing.assert_allclose(got, ref, rtol=1e-12, atol=1e-12, equal_nan=True)


def test_vixfix_band_is_the_heldout16_generators_talib_chain():
    """talib.MAX of the close, talib.SMA + 2 talib.STDDEV(.., 20, 1): the band's
    break is zscore(vixfix(22),20) > 2 (zscore's deviation is the population
    one, as STDDEV with nbdev 1)."""
    talib = pytest.importorskip("talib")
    bars, d = load("bots/googl_daily.csv")
    c, lo = d["close"], d["low"]
    hc = talib.MAX(c, 22)
    wvf = (hc - lo) / hc * 100
    mid = talib.SMA(wvf, 20)
    sd = talib.STDDEV(wvf, 20, 1)
    got = botcopier.Features("vixfix(22),zscore(vixfix(22),20)").compute(bars)
    np.testing.assert_allclose(got[:, 0], wvf, rtol=1e-12, atol=1e-12, equal_nan=True)
    z = (wvf - mid) / sd
    ok = np.isfinite(z) & (sd > 1e-6)
    np.testing.assert_allclose(got[ok, 1], z[ok], rtol=1e-6, atol=1e-6)
    upper = mid + 2 * sd
    clear = ok & (np.abs(wvf - upper) > 1e-9 * np.abs(upper))
    assert ((got[clear, 1] > 2) == (wvf[clear] > upper[clear])).all()


def test_pvo_matches_the_float64_definition(series):
    bars, d = series
    if not (d["volume"] > 0).any():
        pytest.skip("no volume")
    f = botcopier.Features("pvo(12,26,9)")
    assert f.names == ["pvo(12,26,9).line", "pvo(12,26,9).signal"]
    assert f.lookback == 25 + 8
    got = f.compute(bars)
    line, signal = pvo_reference(d["volume"], 12, 26, 9)
    for col, ref in ((0, line), (1, signal)):
        assert np.array_equal(np.isnan(got[:, col]), np.isnan(ref))
        np.testing.assert_allclose(got[:, col], ref, rtol=1e-9, atol=1e-9, equal_nan=True)


def test_pvo_is_the_heldout16_generators_talib_chain():
    talib = pytest.importorskip("talib")
    bars, d = load("bots/googl_daily.csv")
    v = d["volume"]
    e26 = talib.EMA(v, 26)
    pvo = (talib.EMA(v, 12) - e26) / e26 * 100
    ok = np.flatnonzero(np.isfinite(pvo))[0]
    sig = np.full_like(v, np.nan)
    sig[ok:] = talib.EMA(pvo[ok:], 9)
    got = botcopier.Features("pvo(12,26,9)").compute(bars)
    have = np.isfinite(sig)
    assert np.array_equal(np.isfinite(got[:, 1]), have)
    np.testing.assert_allclose(got[have, 0], pvo[have], rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(got[have, 1], sig[have], rtol=1e-9, atol=1e-9)


def test_pvo_is_nan_without_volume():
    t = np.arange(40, dtype=np.int64) * 86400
    c = np.linspace(1.0, 2.0, 40)
    v = np.zeros(40)
    got = botcopier.Features("pvo(2,3,2)").compute_arrays(t, c, c, c, c, v)
    assert np.isnan(got).all()
    v[20:] = 100.0  # volume from bar 20: ema(3) is 0 until then, NaN lines skipped
    got = botcopier.Features("pvo(2,3,2)").compute_arrays(t, c, c, c, c, v)
    line, signal = pvo_reference(v, 2, 3, 2)
    np.testing.assert_allclose(got[:, 0], line, rtol=1e-12, atol=1e-12, equal_nan=True)
    np.testing.assert_allclose(got[:, 1], signal, rtol=1e-12, atol=1e-12, equal_nan=True)
    assert np.isfinite(got[21:]).all() and np.isnan(got[:21]).all()


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("bots/googl_daily.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    spec = ("vixfix(22),pvo(12,26,9),zscore(vixfix(22),20),"
            "cross(pvo(12,26,9).line,pvo(12,26,9).signal)")
    rest, keep = batch_stream_and_gap(spec, t, d)
    np.testing.assert_allclose(rest[:, 0], vixfix_reference(keep["close"], keep["low"], 22),
                               rtol=1e-12, atol=1e-12, equal_nan=True)
    line, signal = pvo_reference(keep["volume"], 12, 26, 9)
    np.testing.assert_allclose(rest[:, 1], line, rtol=1e-9, atol=1e-9, equal_nan=True)
    np.testing.assert_allclose(rest[:, 2], signal, rtol=1e-9, atol=1e-9, equal_nan=True)


@pytest.mark.parametrize("spec,message", [
    ("vixfix(1)", "vixfix: 1 is out of range 2..100000"),
    ("vixfix", "expected '('"),
    ("vixfix(22,2)", "expected ')'"),
    ("pvo(26,12,9)", "slow period 12 is below fast period 26"),
    ("pvo(12,26)", "expected ','"),
    ("pvo(12,26,9).hist", "has no output '.hist'"),
])
def test_bad_items_are_refused_naming_them(spec, message):
    with pytest.raises(botcopier.ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
