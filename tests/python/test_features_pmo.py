"""pmo(a,b) -> .line .signal, DecisionPoint's price momentum oscillator (no
TA-Lib function), against an independent numpy float64 reference written from
the published formula: roc = 100 x (close / close@1 - 1) from bar 1, line =
EMA(b-1) of 10 x EMA(a-1) of roc (the "custom smoothing" of alpha 2/a, 2/b),
signal = EMA(10) of the line, each EMA TA-Lib's (the mean of its first n
inputs as the seed) applied from its input's first finite value; the EMA step
on a hand-written float64 loop as well; the signal cross; streaming == batch;
a missing bar skipped; bad items."""
import numpy as np
import pytest

import botcopier
from features_util import load, batch_stream_and_gap, assert_cross_agrees

talib = pytest.importorskip("talib")


def ema_loop(x, n):
    """TA-Lib EMA written out: the mean of the first n values, then
    prev + k * (x - prev)."""
    out = np.full_like(x, np.nan)
    if len(x) < n:
        return out
    k = 2.0 / (n + 1)
    prev = np.sum(x[:n]) / n
    out[n - 1] = prev
    for t in range(n, len(x)):
        prev = prev + k * (x[t] - prev)
        out[t] = prev
    return out


def _from_first(ema, x, n):
    out = np.full_like(x, np.nan)
    first = int(np.argmax(np.isfinite(x)))
    out[first:] = ema(x[first:], n)
    return out


def pmo_reference(c, a=35, b=20, ema=None):
    ema = ema or talib.EMA
    c = np.asarray(c, dtype=np.float64)
    roc = np.full_like(c, np.nan)
    roc[1:] = 100.0 * (c[1:] / c[:-1] - 1.0)
    s1 = _from_first(ema, roc, a - 1) * 10.0
    line = _from_first(ema, s1, b - 1)
    sig = _from_first(ema, line, 10)
    line = np.where(np.isnan(sig), np.nan, line)
    return line, sig


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv"])
def series(request):
    return load(request.param)


@pytest.mark.parametrize("a,b", [(35, 20), (2, 2), (10, 5)])
def test_pmo_matches_the_published_formula(series, a, b):
    bars, d = series
    got = botcopier.Features(f"pmo({a},{b}).line,pmo({a},{b}).signal").compute(bars)
    line, sig = pmo_reference(d["close"], a, b)
    lb = a + b + 6
    assert np.array_equal(np.isnan(got[:, 0]), np.isnan(line))
    assert np.array_equal(np.isnan(got[:, 1]), np.isnan(sig))
    assert np.isnan(got[lb - 1, 0]) and not np.isnan(got[lb, 0])
    m = ~np.isnan(sig)
    scale = np.nanmax(np.abs(line))
    np.testing.assert_allclose(got[m, 0], line[m], rtol=1e-9, atol=1e-12 * scale)
    np.testing.assert_allclose(got[m, 1], sig[m], rtol=1e-9, atol=1e-12 * scale)
    lline, lsig = pmo_reference(d["close"], a, b, ema=ema_loop)
    np.testing.assert_allclose(got[m, 0], lline[m], rtol=1e-9, atol=1e-12 * scale)
    np.testing.assert_allclose(got[m, 1], lsig[m], rtol=1e-9, atol=1e-12 * scale)


def test_the_signal_cross_follows_the_lines(series):
    bars, d = series
    got = botcopier.Features("cross(pmo(35,20).line,pmo(35,20).signal),"
                             "cross(pmo(35,20).line,0)").compute(bars)
    line, sig = pmo_reference(d["close"])
    scale = np.nanmax(np.abs(line))
    assert_cross_agrees(got[:, 0], line - sig, clear=1e-9 * scale)
    assert_cross_agrees(got[:, 1], line, at_least=5, clear=1e-9 * scale)


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("sp500_daily.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    rest, keep = batch_stream_and_gap("pmo(35,20).line,pmo(35,20).signal,pmo(10,5).signal@1",
                                      t, d, at=300, column="close")
    line, sig = pmo_reference(keep["close"])
    m = ~np.isnan(sig)
    assert np.array_equal(np.isnan(rest[:, 1]), ~m)
    scale = np.nanmax(np.abs(line))
    np.testing.assert_allclose(rest[m, 0], line[m], rtol=1e-9, atol=1e-12 * scale)
    np.testing.assert_allclose(rest[m, 1], sig[m], rtol=1e-9, atol=1e-12 * scale)


@pytest.mark.parametrize("item", ["pmo", "pmo(35)", "pmo(1,20)", "pmo(35,20,10)",
                                  "pmo(35,20).hist"])
def test_bad_items_are_refused(item):
    with pytest.raises(Exception) as e:
        botcopier.Features(item)
    assert "pmo" in str(e.value)
