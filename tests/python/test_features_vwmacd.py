"""vwmacd(f,s,g) .line .signal .hist (Buff Dormeier's volume-weighted MACD)
against numpy float64 of its definition and the heldout24 generator's TA-Lib
chain.

pv = close x volume; line = ema(pv,f) / ema(v,f) - ema(pv,s) / ema(v,s), each a
TA-Lib-seeded EMA from bar 0 (talib.EMA(pv, n), talib.EMA(v, n)); NaN where a
volume EMA is 0 (bars without volume); signal = the TA-Lib EMA(g) of the line
from its first value; hist = line - signal; all three NaN until the signal
exists (lookback s-1 + g-1, macd's). Streaming == batch, a missing bar skipped,
bad items refused."""
import numpy as np
import pytest

import botcopier
from features_util import load, batch_stream_and_gap, assert_cross_agrees, ema_reference as ema


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv", "bots/googl_daily.csv"])
def series(request):
    return load(request.param)


def vwmacd_reference(c, v, f, s, g):
    pv = c * v
    with np.errstate(divide="ignore", invalid="ignore"):
        fv, sv = ema(v, f), ema(v, s)
        line = np.where((fv != 0.0) & (sv != 0.0), ema(pv, f) / fv - ema(pv, s) / sv, np.nan)
    line[np.isnan(sv)] = np.nan
    signal = ema(line, g)
    line[np.isnan(signal)] = np.nan
    return line, signal, line - signal


@pytest.mark.parametrize("f,s,g", [(12, 26, 9), (2, 3, 1), (5, 35, 5)])
def test_vwmacd_matches_the_float64_definition(series, f, s, g):
    bars, d = series
    feats = botcopier.Features("vwmacd(%d,%d,%d)" % (f, s, g))
    assert feats.names == ["vwmacd(%d,%d,%d).%s" % (f, s, g, o) for o in ("line", "signal", "hist")]
    assert feats.lookback == s - 1 + g - 1
    got = feats.compute(bars)
    ref = vwmacd_reference(d["close"], d["volume"], f, s, g)
    scale = np.nanmax(np.abs(d["close"]))
    for k in range(3):
        assert np.array_equal(np.isnan(got[:, k]), np.isnan(ref[k]))
        np.testing.assert_allclose(got[:, k], ref[k], rtol=1e-9, atol=1e-12 * scale,
                                   equal_nan=True)


def test_vwmacd_is_the_heldout24_generators_talib_chain():
    talib = pytest.importorskip("talib")
    bars, d = load("bots/googl_daily.csv")
    c, v = d["close"], d["volume"]
    pv = c * v
    line = talib.EMA(pv, 12) / talib.EMA(v, 12) - talib.EMA(pv, 26) / talib.EMA(v, 26)
    first = np.argmax(np.isfinite(line))
    sig = np.full_like(c, np.nan)
    sig[first:] = talib.EMA(line[first:], 9)
    got = botcopier.Features("vwmacd(12,26,9),cross(vwmacd(12,26,9).line,"
                             "vwmacd(12,26,9).signal)").compute(bars)
    have = np.isfinite(sig)
    assert np.array_equal(np.isfinite(got[:, 1]), have)
    np.testing.assert_allclose(got[have, 0], line[have], rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(got[have, 1], sig[have], rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(got[have, 2], line[have] - sig[have], rtol=1e-9, atol=1e-9)
    assert_cross_agrees(got[:, 3], line - sig)


def test_vwmacd_is_nan_without_volume():
    t = np.arange(40, dtype=np.int64) * 86400
    c = np.linspace(1.0, 2.0, 40)
    v = np.zeros(40)
    got = botcopier.Features("vwmacd(2,3,2)").compute_arrays(t, c, c, c, c, v)
    assert np.isnan(got).all()
    v[20:] = 100.0  # volume from bar 20: the volume EMAs are 0 until then
    got = botcopier.Features("vwmacd(2,3,2)").compute_arrays(t, c, c, c, c, v)
    ref = vwmacd_reference(c, v, 2, 3, 2)
    for k in range(3):
        np.testing.assert_allclose(got[:, k], ref[k], rtol=1e-12, atol=1e-12, equal_nan=True)
    assert np.isfinite(got[21:]).all() and np.isnan(got[:21]).all()


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("bots/googl_daily.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    spec = "vwmacd(12,26,9),cross(vwmacd(12,26,9).line,vwmacd(12,26,9).signal)"
    for column in ("close", "volume"):
        rest, keep = batch_stream_and_gap(spec, t, d, column=column)
        ref = vwmacd_reference(keep["close"], keep["volume"], 12, 26, 9)
        for k in range(3):
            np.testing.assert_allclose(rest[:, k], ref[k], rtol=1e-9, atol=1e-9, equal_nan=True)


@pytest.mark.parametrize("spec,message", [
    ("vwmacd(26,12,9)", "slow period 12 is below fast period 26"),
    ("vwmacd(12,26)", "expected ','"),
    ("vwmacd(1,26,9)", "vwmacd: 1 is out of range 2..100000"),
    ("vwmacd", "expected '('"),
    ("vwmacd(12,26,9).up", "has no output '.up'"),
])
def test_bad_items_are_refused_naming_them(spec, message):
    with pytest.raises(botcopier.ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
