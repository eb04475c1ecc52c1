"""tsi(r,s,k) .line .signal (Blau's true strength index) against numpy/pandas
float64 of its definition: with d = close - close@1, line = 100 x ema(s) of
ema(r) of d / ema(s) of ema(r) of |d|, signal = ema(k) of line, each EMA
TA-Lib's (seeded with the mean of its first n values, run on each series from
its first finite value: the heldout12 TSI bot's reference); both NaN until the
signal exists (macd's shape), lookback r+s+k-2 (d starts on bar 1). bop against TA-Lib BOP bit for
bit ((close - open) / (high - low), 0 where the range is not above 0).
Streaming == batch, a missing bar skipped, bad items refused naming them."""
import numpy as np
import pandas as pd
import pytest

import botcopier
from features_util import load, batch_stream_and_gap, ema_reference as ema_from_first_finite


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv", "bots/googl_daily.csv"])
def series(request):
    return load(request.param)


def tsi_reference(c, r, s, k, ema=ema_from_first_finite):
    d = np.full(len(c), np.nan)
    d[1:] = np.diff(c)
    line = 100.0 * ema(ema(d, r), s) / ema(ema(np.abs(d), r), s)
    signal = ema(line, k)
    line[np.isnan(signal)] = np.nan  # macd's shape: NaN until the signal exists
    return line, signal


@pytest.mark.parametrize("r,s,k", [(25, 13, 7), (13, 7, 4), (2, 1, 1), (40, 20, 10)])
def test_tsi_matches_the_float64_ema_composition(series, r, s, k):
    bars, d = series
    f = botcopier.Features(f"tsi({r},{s},{k})")
    assert f.names == [f"tsi({r},{s},{k}).line", f"tsi({r},{s},{k}).signal"]
    assert f.lookback == r + s + k - 2
    got = f.compute(bars)
    line, signal = tsi_reference(d["close"], r, s, k)
    for col, ref in ((0, line), (1, signal)):
        assert np.array_equal(np.isnan(got[:, col]), np.isnan(ref))
        np.testing.assert_allclose(got[:, col], ref, rtol=1e-9, atol=1e-9, equal_nan=True)
    lb = r + s + k - 2
    assert np.isnan(got[:lb]).all() and np.isfinite(got[lb:]).all()
    assert (np.abs(got[lb:]) <= 100.0).all()


def test_tsi_is_talibs_ema_chain_and_pandas_ewm_agrees():
    talib = pytest.importorskip("talib")
    bars, d = load("sp500_daily.csv")
    c = d["close"]

    def talib_from_first_finite(x, n):  # the heldout12 generator's ema_from
        out = np.full_like(x, np.nan)
        ok = np.flatnonzero(np.isfinite(x))
        out[ok[0]:] = talib.EMA(x[ok[0]:], n)
        return out

    line, signal = tsi_reference(c, 25, 13, 7, talib_from_first_finite)
    got = botcopier.Features("tsi(25,13,7)").compute(bars)
    np.testing.assert_allclose(got[:, 0], line, rtol=1e-10, atol=1e-10, equal_nan=True)
    np.testing.assert_allclose(got[:, 1], signal, rtol=1e-10, atol=1e-10, equal_nan=True)
    # pandas' ewm (adjust=False) from the same seeds is the same recursion
    def pandas_ema(x, n):
        out = np.full(len(x), np.nan)
        first = int(np.argmax(np.isfinite(x)))
        seed = np.mean(x[first:first + n])
        tail = pd.Series(np.concatenate([[seed], x[first + n:]]))
        out[first + n - 1:] = tail.ewm(alpha=2.0 / (n + 1), adjust=False).mean().to_numpy()
        return out
    line_p, signal_p = tsi_reference(c, 25, 13, 7, pandas_ema)
    np.testing.assert_allclose(got[:, 0], line_p, rtol=1e-9, atol=1e-9, equal_nan=True)
    np.testing.assert_allclose(got[:, 1], signal_p, rtol=1e-9, atol=1e-9, equal_nan=True)


def test_tsi_line_is_0_where_nothing_moves():
    n = 80
    t = np.arange(n, dtype=np.int64) * 86400
    c = np.full(n, 100.0)
    got = botcopier.Features("tsi(5,3,2)").compute_arrays(t, c, c, c, c, np.zeros(n))
    assert np.isnan(got[:8]).all()
    assert (got[8:] == 0.0).all()


def test_bop_is_talibs_bop_bit_for_bit(series):
    talib = pytest.importorskip("talib")
    bars, d = series
    f = botcopier.Features("bop,mean(bop,14)")
    assert f.names == ["bop", "mean(bop,14)"] and f.lookback == 13
    got = f.compute(bars)
    want = talib.BOP(d["open"], d["high"], d["low"], d["close"])
    assert got[:, 0].tobytes() == want.tobytes()
    np.testing.assert_allclose(got[:, 1], talib.SMA(want, 14), rtol=1e-12, atol=1e-12,
                               equal_nan=True)


def test_bop_is_0_only_where_the_range_is_not_above_0():
    """TA-Lib divides by any positive range, however small, and gives 0 for a
    flat bar (and for high below low)."""
    talib = pytest.importorskip("talib")
    h = np.array([1.0, 1.0 + 2.0 ** -52, 5e-324, 2.0, 2.0, 1.0])
    lo = np.array([1.0, 1.0, 0.0, 1.5, 1.0, 2.0])
    o = np.array([1.0, 1.0, 0.0, 1.5, 2.0, 1.0])
    c = np.array([1.0, 1.0 + 2.0 ** -52, 5e-324, 1.9, 1.0, 1.5])
    n = len(c)
    t = np.arange(n, dtype=np.int64) * 86400
    got = botcopier.Features("bop").compute_arrays(t, c, o, h, lo, np.zeros(n))[:, 0]
    want = talib.BOP(o, h, lo, c)
    assert got.tobytes() == want.tobytes()
    assert got[0] == 0.0 and got[1] == 1.0 and got[2] == 1.0 and got[4] == -1.0
    assert got[5] == 0.0


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("bots/eurusd_1h.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    spec = "tsi(25,13,7),tsi(2,1,1).line,bop,mean(bop,14)," \
           "cross(tsi(25,13,7).line,tsi(25,13,7).signal)"
    rest, keep = batch_stream_and_gap(spec, t, d)
    line, signal = tsi_reference(keep["close"], 25, 13, 7)
    np.testing.assert_allclose(rest[:, 0], line, rtol=1e-9, atol=1e-9, equal_nan=True)
    np.testing.assert_allclose(rest[:, 1], signal, rtol=1e-9, atol=1e-9, equal_nan=True)


@pytest.mark.parametrize("spec,message", [
    ("tsi(0,13,7)", "tsi: 0 is out of range 1..100000"),
    ("tsi(25,13)", "expected ','"),
    ("tsi(25,13,7).hist", "has no output '.hist'"),
    ("bop(14)", "'bop' takes no arguments"),
])
def test_bad_items_are_refused_naming_them(spec, message):
    with pytest.raises(botcopier.ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
