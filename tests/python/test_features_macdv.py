"""macdv(f,s,a,g) .line .signal (Spiroglou's MACD-V) against numpy float64 of its
definition, pandas' ewm/rolling and the heldout26 generator's TA-Lib chain.

line = 100 x (ema(f) - ema(s)) / atr(a): TA-Lib-seeded EMAs of the close from bar 0
(talib.EMA(c, f), talib.EMA(c, s)), TA-Lib's ATR (Wilder, seeded with the mean of
the first a true ranges from bar 1); NaN where the ATR is 0 (a flat stretch);
signal = the TA-Lib EMA(g) of the line from its first value; both NaN until the
signal exists (lookback max(s-1, a) + g-1). Streaming == batch, a missing bar
skipped, bad items refused."""
import numpy as np
import pytest

import botcopier
from features_util import load, batch_stream_and_gap, assert_cross_agrees, ema_reference as ema


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv", "bots/heldout/eurusd_1h_2017.csv"])
def series(request):
    return load(request.param)


def atr_reference(h, l, c, n):
    """Wilder's ATR in numpy float64, TA-Lib's seed: the true range from bar 1, the
    mean of the first n of them on bar n, then (atr (n-1) + tr) / n."""
    out = np.full(len(c), np.nan)
    tr = np.maximum(h[1:], c[:-1]) - np.minimum(l[1:], c[:-1])
    if len(tr) < n:
        return out
    prev = np.mean(tr[:n])
    out[n] = prev
    for i in range(n + 1, len(c)):
        prev = (prev * (n - 1) + tr[i - 1]) / n
        out[i] = prev
    return out


def macdv_reference(h, l, c, f, s, a, g):
    atr = atr_reference(h, l, c, a)
    with np.errstate(divide="ignore", invalid="ignore"):
        line = np.where(atr != 0.0, 100.0 * (ema(c, f) - ema(c, s)) / atr, np.nan)
    signal = ema(line, g)
    line[np.isnan(signal)] = np.nan
    return line, signal


@pytest.mark.parametrize("f,s,a,g", [(12, 26, 26, 9), (2, 3, 1, 1), (5, 35, 50, 5)])
def test_macdv_matches_the_float64_definition(series, f, s, a, g):
    bars, d = series
    feats = botcopier.Features("macdv(%d,%d,%d,%d)" % (f, s, a, g))
    assert feats.names == ["macdv(%d,%d,%d,%d).%s" % (f, s, a, g, o) for o in ("line", "signal")]
    assert feats.lookback == max(s - 1, a) + g - 1
    got = feats.compute(bars)
    ref = macdv_reference(d["high"], d["low"], d["close"], f, s, a, g)
    for k in range(2):
        assert np.array_equal(np.isnan(got[:, k]), np.isnan(ref[k]))
        np.testing.assert_allclose(got[:, k], ref[k], rtol=1e-9, atol=1e-9, equal_nan=True)


def test_macdv_is_pandas_ewm_and_rolling_wilder():
    pd = pytest.importorskip("pandas")
    bars, d = load("sp500_daily.csv")
    h, l, c = (pd.Series(d[k]) for k in ("high", "low", "close"))

    def seeded_ewm(x, n):  # TA-Lib's seed: the mean of the first n, then ewm adjust=False
        x = x.dropna()
        seed = x.iloc[:n].mean()
        y = pd.concat([pd.Series([seed], index=[x.index[n - 1]]), x.iloc[n:]])
        return y.ewm(alpha=2.0 / (n + 1), adjust=False).mean().reindex(range(len(c)))

    tr = pd.concat([h - l, (h - c.shift()).abs(), (l - c.shift()).abs()], axis=1).max(axis=1)
    tr.iloc[0] = np.nan
    seed = tr.iloc[1:27].mean()
    atr = pd.concat([pd.Series([seed], index=[26]), tr.iloc[27:]]).ewm(
        alpha=1.0 / 26, adjust=False).mean().reindex(range(len(c)))
    line = 100.0 * (seeded_ewm(c, 12) - seeded_ewm(c, 26)) / atr
    signal = seeded_ewm(line, 9)
    got = botcopier.Features("macdv(12,26,26,9)").compute(bars)
    have = signal.notna().to_numpy()
    assert np.array_equal(np.isfinite(got[:, 1]), have)
    np.testing.assert_allclose(got[have, 0], line.to_numpy()[have], rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(got[have, 1], signal.to_numpy()[have], rtol=1e-9, atol=1e-9)


def test_macdv_is_the_heldout26_generators_talib_chain():
    talib = pytest.importorskip("talib")
    bars, d = load("bots/heldout/eurusd_1h_2017.csv")
    h, l, c = d["high"], d["low"], d["close"]
    mv = 100.0 * (talib.EMA(c, 12) - talib.EMA(c, 26)) / talib.ATR(h, l, c, 26)
    first = np.argmax(np.isfinite(mv))
    sig = np.full_like(c, np.nan)
    sig[first:] = talib.EMA(mv[first:], 9)
    got = botcopier.Features("macdv(12,26,26,9),cross(macdv(12,26,26,9).line,"
                             "macdv(12,26,26,9).signal),above(macdv(12,26,26,9).line,50)"
                             ).compute(bars)
    have = np.isfinite(sig)
    assert np.array_equal(np.isfinite(got[:, 1]), have)
    assert int(np.argmax(have)) == 34  # max(25, 26) + 8
    np.testing.assert_allclose(got[have, 0], mv[have], rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(got[have, 1], sig[have], rtol=1e-9, atol=1e-9)
    assert_cross_agrees(got[:, 2], mv - sig)
    assert np.array_equal(got[have, 3] == 1.0, mv[have] > 50)


def test_macdv_is_nan_on_a_flat_stretch():
    n = 60
    t = np.arange(n, dtype=np.int64) * 3600
    c = np.full(n, 1.25)
    got = botcopier.Features("macdv(2,3,2,2)").compute_arrays(t, c, c, c, c, np.ones(n))
    assert np.isnan(got).all()  # no range: the ATR is 0
    c = c.copy()
    c[30:] = np.linspace(1.3, 1.6, n - 30)
    h, l = c + 0.01, c - 0.01
    h[:30], l[:30] = c[:30], c[:30]
    got = botcopier.Features("macdv(2,3,2,2)").compute_arrays(t, c, c, h, l, np.ones(n))
    ref = macdv_reference(h, l, c, 2, 3, 2, 2)
    for k in range(2):
        np.testing.assert_allclose(got[:, k], ref[k], rtol=1e-12, atol=1e-12, equal_nan=True)
    assert np.isfinite(got[32:]).all() and np.isnan(got[:30]).all()


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("bots/eurusd_1h.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    spec = "macdv(12,26,26,9),cross(macdv(12,26,26,9).line,macdv(12,26,26,9).signal)"
    for column in ("close", "high", "low"):
        rest, keep = batch_stream_and_gap(spec, t, d, column=column)
        ref = macdv_reference(keep["high"], keep["low"], keep["close"], 12, 26, 26, 9)
        for k in range(2):
            np.testing.assert_allclose(rest[:, k], ref[k], rtol=1e-9, atol=1e-9, equal_nan=True)


@pytest.mark.parametrize("spec,message", [
    ("macdv(26,12,26,9)", "slow period 12 is below fast period 26"),
    ("macdv(12,26,9)", "expected ','"),
    ("macdv(1,26,26,9)", "macdv: 1 is out of range 2..100000"),
    ("macdv(12,26,0,9)", "macdv: 0 is out of range 1..100000"),
    ("macdv", "expected '('"),
    ("macdv(12,26,26,9).macd", "has no output '.macd'"),
])
def test_bad_items_are_refused_naming_them(spec, message):
    with pytest.raises(botcopier.ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
