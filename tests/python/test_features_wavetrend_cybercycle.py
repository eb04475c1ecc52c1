"""wavetrend(n1,n2,n3) .wt1 .wt2 (LazyBear's WaveTrend) and cybercycle(alpha) (Ehlers'
cyber cycle) against numpy float64 of their definitions, pandas' ewm / rolling and the
heldout27 generator's chains.

WaveTrend: ap = hlc3, esa = ema(ap, n1), d = ema(|ap - esa|, n1), ci = (ap - esa) /
(0.015 d) (0 where d is 0 relative to esa), wt1 = ema(ci, n2), wt2 = sma(wt1, n3); every
ema TA-Lib-seeded from its input's first value; both NaN until wt2 exists (lookback
2 (n1 - 1) + (n2 - 1) + (n3 - 1)).
Cyber cycle: p = (high + low) / 2, smooth = (p + 2 p@1 + 2 p@2 + p@3) / 6, cycle =
(1 - a/2)^2 (smooth - 2 smooth@1 + smooth@2) + 2 (1 - a) cycle@1 - (1 - a)^2 cycle@2 from
bar 7, (p - 2 p@1 + p@2) / 4 on bars 2..6 (0 before: NaN out, lookback 2).
Streaming == batch, a missing bar skipped, bad items refused."""
import numpy as np
import pytest

import botcopier
from features_util import load, batch_stream_and_gap, assert_cross_agrees, ema_reference as ema


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv", "bots/heldout/eurusd_1h_2017.csv"])
def series(request):
    return load(request.param)


def sma(x, n):
    out = np.full(len(x), np.nan)
    first = int(np.argmax(np.isfinite(x)))
    for i in range(first + n - 1, len(x)):
        out[i] = np.mean(x[i - n + 1:i + 1])
    return out


def wavetrend_reference(h, l, c, n1, n2, n3):
    ap = (h + l + c) / 3.0
    esa = ema(ap, n1)
    d = ema(np.abs(ap - esa), n1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ci = np.where(np.abs(d) <= 2e-14 * np.abs(esa), 0.0, (ap - esa) / (0.015 * d))
    ci[np.isnan(d)] = np.nan
    wt1 = ema(ci, n2)
    wt2 = sma(wt1, n3)
    wt1[np.isnan(wt2)] = np.nan
    return wt1, wt2


def cybercycle_reference(h, l, a):
    p = (h + l) / 2.0
    n = len(p)
    smooth, cyc = np.zeros(n), np.zeros(n)
    for t in range(3, n):
        smooth[t] = (p[t] + 2 * p[t - 1] + 2 * p[t - 2] + p[t - 3]) / 6.0
    for t in range(2, n):
        if t < 7:
            cyc[t] = (p[t] - 2 * p[t - 1] + p[t - 2]) / 4.0
        else:
            cyc[t] = ((1 - a / 2) ** 2 * (smooth[t] - 2 * smooth[t - 1] + smooth[t - 2])
                      + 2 * (1 - a) * cyc[t - 1] - (1 - a) ** 2 * cyc[t - 2])
    cyc[:2] = np.nan
    return cyc


@pytest.mark.parametrize("n1,n2,n3", [(10, 21, 4), (1, 1, 1), (9, 12, 3), (20, 40, 8)])
def test_wavetrend_matches_the_float64_definition(series, n1, n2, n3):
    bars, d = series
    feats = botcopier.Features("wavetrend(%d,%d,%d)" % (n1, n2, n3))
    assert feats.names == ["wavetrend(%d,%d,%d).%s" % (n1, n2, n3, o) for o in ("wt1", "wt2")]
    assert feats.lookback == 2 * (n1 - 1) + (n2 - 1) + (n3 - 1)
    got = feats.compute(bars)
    ref = wavetrend_reference(d["high"], d["low"], d["close"], n1, n2, n3)
    for k in range(2):
        assert np.array_equal(np.isnan(got[:, k]), np.isnan(ref[k]))
        np.testing.assert_allclose(got[:, k], ref[k], rtol=1e-9, atol=1e-9, equal_nan=True)


def test_wavetrend_is_pandas_ewm_and_rolling():
    pd = pytest.importorskip("pandas")
    bars, d = load("bots/eurusd_1h.csv")

    def seeded_ewm(x, n):  # TA-Lib's seed: the mean of the first n, then ewm adjust=False
        x = x.dropna()
        seed = x.iloc[:n].mean()
        y = pd.concat([pd.Series([seed], index=[x.index[n - 1]]), x.iloc[n:]])
        return y.ewm(alpha=2.0 / (n + 1), adjust=False).mean().reindex(range(len(d["close"])))

    ap = (pd.Series(d["high"]) + pd.Series(d["low"]) + pd.Series(d["close"])) / 3.0
    esa = seeded_ewm(ap, 10)
    dev = seeded_ewm((ap - esa).abs(), 10)
    wt1 = seeded_ewm((ap - esa) / (0.015 * dev), 21)
    wt2 = wt1.rolling(4).mean()
    got = botcopier.Features("wavetrend(10,21,4)").compute(bars)
    have = wt2.notna().to_numpy()
    assert np.array_equal(np.isfinite(got[:, 1]), have)
    assert int(np.argmax(have)) == 18 + 20 + 3
    np.testing.assert_allclose(got[have, 0], wt1.to_numpy()[have], rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(got[have, 1], wt2.to_numpy()[have], rtol=1e-9, atol=1e-9)


def test_wavetrend_is_the_heldout27_generators_talib_chain():
    talib = pytest.importorskip("talib")
    bars, d = load("bots/heldout/eurusd_1h_2017.csv")
    h, l, c = d["high"], d["low"], d["close"]
    ap = (h + l + c) / 3.0
    esa = talib.EMA(ap, 10)
    dd = np.abs(ap - esa)
    first = int(np.argmax(np.isfinite(dd)))
    dev = np.full_like(c, np.nan)
    dev[first:] = talib.EMA(dd[first:], 10)
    ci = (ap - esa) / (0.015 * dev)
    first = int(np.argmax(np.isfinite(ci)))
    wt1 = np.full_like(c, np.nan)
    wt1[first:] = talib.EMA(ci[first:], 21)
    wt2 = talib.SMA(wt1, 4)
    got = botcopier.Features("wavetrend(10,21,4),cross(wavetrend(10,21,4).wt1,"
                             "wavetrend(10,21,4).wt2),above(-53,wavetrend(10,21,4).wt1)"
                             ).compute(bars)
    have = np.isfinite(wt2)
    assert np.array_equal(np.isfinite(got[:, 1]), have)
    np.testing.assert_allclose(got[have, 0], wt1[have], rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(got[have, 1], wt2[have], rtol=1e-9, atol=1e-9)
    assert_cross_agrees(got[:, 2], wt1 - wt2)
    assert np.array_equal(got[have, 3] == 1.0, wt1[have] < -53)


def test_wavetrend_is_zero_on_a_flat_stretch():
    n = 80
    t = np.arange(n, dtype=np.int64) * 3600
    c = np.full(n, 1.25)
    got = botcopier.Features("wavetrend(3,4,2)").compute_arrays(t, c, c, c, c, np.ones(n))
    lb = 2 * 2 + 3 + 1
    assert np.isnan(got[:lb]).all() and (got[lb:] == 0.0).all()


@pytest.mark.parametrize("alpha", [0.07, 0.05, 0.1, 0.5])
def test_cybercycle_matches_the_float64_definition(series, alpha):
    bars, d = series
    feats = botcopier.Features("cybercycle(%g)" % alpha)
    assert feats.names == ["cybercycle(%g)" % alpha]
    assert feats.lookback == 2
    got = feats.compute(bars)[:, 0]
    ref = cybercycle_reference(d["high"], d["low"], alpha)
    assert np.array_equal(np.isnan(got), np.isnan(ref))
    scale = np.nanmax(np.abs(ref))
    np.testing.assert_allclose(got, ref, rtol=1e-9, atol=1e-12 * scale, equal_nan=True)


def test_cybercycle_trigger_cross_is_the_heldout27_generators_rule():
    bars, d = load("sp500_daily.csv")
    cyc = cybercycle_reference(d["high"], d["low"], 0.07)
    trig = np.full_like(cyc, np.nan)
    trig[1:] = cyc[:-1]
    got = botcopier.Features("cybercycle(0.07),cross(cybercycle(0.07),cybercycle(0.07)@1),"
                             "above(0,cybercycle(0.07))").compute(bars)
    assert_cross_agrees(got[:, 1], cyc - trig, clear=1e-12)
    have = np.isfinite(cyc)
    assert np.array_equal(got[have, 2] == 1.0, cyc[have] < 0)


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("bots/eurusd_1h.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    spec = "wavetrend(10,21,4),cybercycle(0.07),cross(wavetrend(10,21,4).wt1,wavetrend(10,21,4).wt2)"
    for column in ("close", "high", "low"):
        rest, keep = batch_stream_and_gap(spec, t, d, column=column)
        wt = wavetrend_reference(keep["high"], keep["low"], keep["close"], 10, 21, 4)
        for k in range(2):
            np.testing.assert_allclose(rest[:, k], wt[k], rtol=1e-9, atol=1e-9, equal_nan=True)
        np.testing.assert_allclose(rest[:, 2], cybercycle_reference(keep["high"], keep["low"], 0.07),
                                   rtol=1e-9, atol=1e-12, equal_nan=True)


@pytest.mark.parametrize("spec,message", [
    ("wavetrend(10,21)", "expected ','"),
    ("wavetrend(0,21,4)", "wavetrend: 0 is out of range 1..100000"),
    ("wavetrend(10,21,4).wt3", "has no output '.wt3'"),
    ("cybercycle(0)", "alpha 0 is outside (0, 1)"),
    ("cybercycle(1)", "alpha 1 is outside (0, 1)"),
    ("cybercycle(-0.5)", "alpha -0.5 is outside (0, 1)"),
    ("cybercycle", "expected '('"),
])
def test_bad_items_are_refused_naming_them(spec, message):
    with pytest.raises(botcopier.ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
