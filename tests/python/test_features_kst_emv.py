"""kst .line .signal (Pring's Know Sure Thing, his daily parameters) and emv(n)
(the ease of movement) against numpy/pandas float64 of their definitions.

kst: line = 1 sma(10) of roc(10) + 2 sma(10) of roc(15) + 3 sma(10) of roc(20)
+ 4 sma(15) of roc(30), roc = (close / close@r - 1) x 100 (TA-Lib's ROC), each
sma over its roc from the roc's first value; signal = sma(9) of line; both NaN
until the signal exists (lookback 52). TA-Lib's ROC/SMA chain (the heldout14
KST bot's) agrees. emv(n) = sma(n) of (mid - mid@1) x (high - low) / (volume /
1e8), mid = (high + low) / 2, 0 where the range or the volume is not above 0,
lookback n. Streaming == batch, a missing bar skipped, bad items refused."""
import numpy as np
import pandas as pd
import pytest

import botcopier
from features_util import load, assert_cross_agrees, batch_stream_and_gap

PARTS = ((10, 10, 1.0), (15, 10, 2.0), (20, 10, 3.0), (30, 15, 4.0))


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv", "bots/googl_daily.csv"])
def series(request):
    return load(request.param)


def sma(x, n):
    """pandas' rolling mean from the first finite value (NaN before)."""
    out = np.full(len(x), np.nan)
    first = int(np.argmax(np.isfinite(x)))
    out[first:] = pd.Series(x[first:]).rolling(n).mean().to_numpy()
    return out


def roc(c, r):
    out = np.full(len(c), np.nan)
    then = c[:-r]
    with np.errstate(divide="ignore", invalid="ignore"):
        out[r:] = np.where(then != 0.0, (c[r:] / then - 1.0) * 100.0, 0.0)
    return out


def kst_reference(c, roc_=roc, sma_=sma):
    line = np.zeros(len(c))
    for r, s, w in PARTS:
        line = line + w * sma_(roc_(c, r), s)
    signal = sma_(line, 9)
    line[np.isnan(signal)] = np.nan  # macd's shape: NaN until the signal exists
    return line, signal


def emv_reference(h, lo, v, n, sma_=sma):
    mid = (h + lo) / 2.0
    rng = h - lo
    one = np.full(len(h), np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        one[1:] = np.where((rng[1:] > 0) & (v[1:] > 0),
                           (mid[1:] - mid[:-1]) * rng[1:] / (v[1:] / 1e8), 0.0)
    return sma_(one, n)


def test_kst_matches_the_float64_definition(series):
    bars, d = series
    f = botcopier.Features("kst")
    assert f.names == ["kst.line", "kst.signal"]
    assert f.lookback == 52
    got = f.compute(bars)
    line, signal = kst_reference(d["close"])
    for col, ref in ((0, line), (1, signal)):
        assert np.array_equal(np.isnan(got[:, col]), np.isnan(ref))
        np.testing.assert_allclose(got[:, col], ref, rtol=1e-9, atol=1e-9, equal_nan=True)
    assert np.isnan(got[:52]).all() and np.isfinite(got[52:]).all()


def test_kst_is_talibs_roc_sma_chain():
    """The heldout14 generator's composition: talib.ROC, talib.SMA from each
    series' first finite value."""
    talib = pytest.importorskip("talib")
    bars, d = load("sp500_daily.csv")
    c = d["close"]

    def talib_sma(x, n):
        out = np.full_like(x, np.nan)
        ok = np.flatnonzero(np.isfinite(x))
        out[ok[0]:] = talib.SMA(x[ok[0]:], n)
        return out

    line, signal = kst_reference(c, lambda x, r: talib.ROC(x, r), talib_sma)
    got = botcopier.Features("kst.line,kst.signal,cross(kst.line,kst.signal)").compute(bars)
    np.testing.assert_allclose(got[:, 0], line, rtol=1e-10, atol=1e-10, equal_nan=True)
    np.testing.assert_allclose(got[:, 1], signal, rtol=1e-10, atol=1e-10, equal_nan=True)
    # the crossing's sign agrees with the reference's wherever the two differ clearly
    diff = line - signal
    assert_cross_agrees(got[:, 2], diff)


def test_kst_roc_is_0_after_a_zero_close():
    n = 120
    t = np.arange(n, dtype=np.int64) * 86400
    c = np.linspace(1.0, 2.0, n)
    c[40] = 0.0
    got = botcopier.Features("kst").compute_arrays(t, c, c, c, c, np.ones(n))
    line, signal = kst_reference(c)
    np.testing.assert_allclose(got[:, 0], line, rtol=1e-9, atol=1e-9, equal_nan=True)
    np.testing.assert_allclose(got[:, 1], signal, rtol=1e-9, atol=1e-9, equal_nan=True)


@pytest.mark.parametrize("n", [14, 1, 9, 30])
def test_emv_matches_the_float64_definition(series, n):
    bars, d = series
    f = botcopier.Features(f"emv({n})")
    assert f.names == [f"emv({n})"] and f.lookback == n
    got = f.compute(bars)[:, 0]
    ref = emv_reference(d["high"], d["low"], d["volume"], n)
    assert np.array_equal(np.isnan(got), np.isnan(ref))
    scale = np.nanmax(np.abs(ref)) or 1.0
    np.testing.assert_allclose(got, ref, rtol=1e-9, atol=1e-12 * scale, equal_nan=True)


def test_emv_is_the_heldout14_generators_talib_sma():
    talib = pytest.importorskip("talib")
    bars, d = load("aapl_daily.csv")
    h, lo, v = d["high"], d["low"], d["volume"]
    mid = (h + lo) / 2.0
    rng = h - lo
    one = np.where(rng[1:] > 0, (mid[1:] - mid[:-1]) * rng[1:] / (v[1:] / 1e8), 0.0)
    want = np.full(len(h), np.nan)
    want[1:] = talib.SMA(one, 14)
    got = botcopier.Features("emv(14),cross(emv(14),0)").compute(bars)
    scale = np.nanmax(np.abs(want))
    np.testing.assert_allclose(got[:, 0], want, rtol=1e-9, atol=1e-12 * scale, equal_nan=True)
    # the sign (what a zero-crossing bot reads) is the same wherever the value is not ~0
    clear = np.isfinite(want) & (np.abs(want) > 1e-9 * scale)
    assert (np.sign(got[clear, 0]) == np.sign(want[clear])).all()


def test_emv_is_0_on_flat_or_volumeless_bars():
    t = np.arange(6, dtype=np.int64) * 86400
    h = np.array([2.0, 3.0, 3.0, 4.0, 5.0, 5.0])
    lo = np.array([1.0, 2.0, 3.0, 2.0, 4.0, 3.0])
    v = np.array([1e8, 1e8, 1e8, 0.0, 2e8, 1e8])
    got = botcopier.Features("emv(1)").compute_arrays(t, h, h, h, lo, v)[:, 0]
    # bar 1: mid 2.5 - 1.5 = 1, range 1, box 1 -> 1; bar 2 flat -> 0; bar 3 no volume -> 0;
    # bar 4: (4.5 - 3) x 1 / 2 = 0.75; bar 5: (4 - 4.5) x 2 / 1 = -1
    np.testing.assert_array_equal(got, [np.nan, 1.0, 0.0, 0.0, 0.75, -1.0])


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("bots/googl_daily.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    spec = "kst,emv(14),cross(kst.line,kst.signal),cross(kst.line,0),cross(emv(14),0)"
    rest, keep = batch_stream_and_gap(spec, t, d)
    line, signal = kst_reference(keep["close"])
    e = emv_reference(keep["high"], keep["low"], keep["volume"], 14)
    np.testing.assert_allclose(rest[:, 0], line, rtol=1e-9, atol=1e-9, equal_nan=True)
    np.testing.assert_allclose(rest[:, 1], signal, rtol=1e-9, atol=1e-9, equal_nan=True)
    np.testing.assert_allclose(rest[:, 2], e, rtol=1e-9,
                               atol=1e-12 * np.nanmax(np.abs(e)), equal_nan=True)


@pytest.mark.parametrize("spec,message", [
    ("kst(10)", "'kst' takes no arguments"),
    ("kst.hist", "has no output '.hist'"),
    ("emv(0)", "emv: 0 is out of range 1..100000"),
    ("emv", "expected '('"),
    ("emv(14,2)", "expected ')'"),
])
def test_bad_items_are_refused_naming_them(spec, message):
    with pytest.raises(botcopier.ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
