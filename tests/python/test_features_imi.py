"""imi(n), Chande's intraday momentum index, against talib.IMI (bit for bit:
both sums are taken afresh over the window, oldest bar first, as TA-Lib does)
and an independent numpy float64 loop of the published formula: over the last
n bars, up = sum of close - open on up candles, down = sum of open - close on
the others, imi = 100 (up / (up + down)), 50 on an all-flat window; lookback
n - 1, n >= 2. Streaming == batch, a missing bar skipped, bad items refused."""
import numpy as np
import pytest

import botcopier
from features_util import load, batch_stream_and_gap, assert_cross_agrees


def imi_reference(o, c, n):
    out = np.full(len(c), np.nan)
    body = c - o
    for t in range(n - 1, len(c)):
        w = body[t - n + 1:t + 1]
        up = float(np.sum(w[w > 0]))
        down = float(np.sum(-w[w <= 0]))
        out[t] = 100.0 * up / (up + down) if up + down != 0 else 50.0
    return out


@pytest.mark.parametrize("name", ["bots/heldout/eurusd_1h_2017.csv", "aapl_daily.csv"])
@pytest.mark.parametrize("n", [2, 14, 30])
def test_imi_matches_the_definition_and_talib(name, n):
    bars, d = load(name)
    f = botcopier.Features("imi(%d)" % n)
    assert f.names == ["imi(%d)" % n] and f.lookback == n - 1
    got = f.compute(bars)[:, 0]
    ref = imi_reference(d["open"], d["close"], n)
    assert np.array_equal(np.isnan(got), np.isnan(ref))
    assert np.isnan(got[:n - 1]).all() and np.isfinite(got[n - 1:]).all()
    np.testing.assert_allclose(got, ref, rtol=1e-12, atol=1e-10, equal_nan=True)
    assert (got[n - 1:] >= 0).all() and (got[n - 1:] <= 100).all()
    talib = pytest.importorskip("talib")
    ta = talib.IMI(d["open"], d["close"], timeperiod=n)
    assert np.array_equal(got, ta, equal_nan=True)


def test_imi_flat_windows_give_50_and_one_candle_decides():
    t = np.arange(12, dtype=np.int64) * 3600
    o = np.full(12, 1.1)
    c = o.copy()
    c[6] = 1.2   # one up candle: 100 while it is in the window
    c[9] = 1.0   # one down candle
    got = botcopier.Features("imi(3)").compute_arrays(t, c, o, np.maximum(o, c),
                                                     np.minimum(o, c), o)[:, 0]
    want = [np.nan, np.nan, 50, 50, 50, 50, 100, 100, 100, 0, 0, 0]
    np.testing.assert_array_equal(got, np.array(want))
    talib = pytest.importorskip("talib")
    assert np.array_equal(got, talib.IMI(o, c, timeperiod=3), equal_nan=True)


def test_imi_levels_are_the_heldout18_generators():
    """The heldout18 IMI bot's chain: talib.SUM of the up and down bodies."""
    talib = pytest.importorskip("talib")
    bars, d = load("bots/heldout/eurusd_1h_2017.csv")
    o, c = d["open"], d["close"]
    gain = talib.SUM(np.where(c > o, c - o, 0.0), 14)
    loss = talib.SUM(np.where(c < o, o - c, 0.0), 14)
    tot = gain + loss
    imi = np.where(tot > 0, 100 * gain / np.where(tot > 0, tot, 1.0), 50.0)
    imi[~np.isfinite(tot)] = np.nan
    got = botcopier.Features("imi(14),cross(imi(14),20),cross(imi(14),80)").compute(bars)
    np.testing.assert_allclose(got[:, 0], imi, rtol=0, atol=1e-9, equal_nan=True)
    assert_cross_agrees(got[:, 1], imi - 20, at_least=20)
    assert_cross_agrees(got[:, 2], imi - 80, at_least=20)


@pytest.mark.parametrize("column", ["close", "open"])
def test_streaming_equals_batch_and_a_missing_bar_is_skipped(column):
    bars, d = load("aapl_daily.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    rest, keep = batch_stream_and_gap("imi(14),imi(2),cross(imi(14),50)", t, d, column=column)
    np.testing.assert_allclose(rest[:, 0], imi_reference(keep["open"], keep["close"], 14),
                               rtol=1e-12, atol=1e-10, equal_nan=True)
    talib = pytest.importorskip("talib")
    assert np.array_equal(rest[:, 1], talib.IMI(keep["open"], keep["close"], timeperiod=2),
                          equal_nan=True)


@pytest.mark.parametrize("spec,msg", [
    ("imi(1)", "imi: 1 is out of range 2..100000"),
    ("imi", "expected '('"),
    ("imi(14,2)", "expected ')'"),
    ("imi(14).line", "has one output"),
])
def test_bad_items_are_refused(spec, msg):
    with pytest.raises(Exception, match=msg.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
