"""iftrsi(n,m) (Ehlers' inverse Fisher transform of the RSI: tanh of the WMA(m)
of 0.1 (rsi(n) - 50)) against the TA-Lib composition np.tanh(talib.WMA(v[n:], m))
of v = 0.1 (talib.RSI(c, n) - 50) from its first finite value (the heldout23
inverse-Fisher bot's), and bwmfi (Bill Williams' market facilitation index,
(high - low) / volume, NaN where the volume is not above 0) against numpy
float64. Lookbacks, streaming == batch, a missing bar skipped, bad items
refused naming them."""
import numpy as np
import pytest

import botcopier
from features_util import load, batch_stream_and_gap


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv", "bots/googl_daily.csv"])
def series(request):
    return load(request.param)


def close_to(got, want, tol):
    assert np.array_equal(np.isnan(got), np.isnan(want))
    ok = np.isfinite(want)
    assert (np.abs(got[ok] - want[ok]) <= tol).all(), np.max(np.abs(got[ok] - want[ok]))


def iftrsi_talib(talib, c, n, m):
    v = 0.1 * (talib.RSI(c, n) - 50.0)
    out = np.full_like(c, np.nan)
    first = np.flatnonzero(np.isfinite(v))[0]
    out[first:] = np.tanh(talib.WMA(v[first:], m))
    return out


@pytest.mark.parametrize("n,m", [(5, 9), (14, 9), (2, 2), (9, 30)])
def test_iftrsi_is_tanh_of_the_talib_wma_of_the_rsi(series, n, m):
    talib = pytest.importorskip("talib")
    bars, d = series
    f = botcopier.Features(f"iftrsi({n},{m})")
    assert f.names == [f"iftrsi({n},{m})"] and f.lookback == n + m - 1
    got = f.compute(bars)[:, 0]
    close_to(got, iftrsi_talib(talib, d["close"], n, m), 1e-12)
    assert np.isnan(got[:n + m - 1]).all() and np.isfinite(got[n + m - 1:]).all()
    assert (np.abs(got[n + m - 1:]) < 1.0).all()


def test_iftrsi_matches_numpy_float64():
    """An independent float64 chain: Wilder's RSI (first average the mean of n
    changes, then (prev (n-1) + x) / n), the WMA by convolution, tanh."""
    bars, d = load("bots/googl_daily.csv")
    c, n, m = d["close"], 5, 9
    ch = np.diff(c)
    up, dn = np.maximum(ch, 0.0), np.maximum(-ch, 0.0)
    g, l = up[:n].mean(), dn[:n].mean()
    rsi = np.full(len(c), np.nan)
    rsi[n] = 100.0 * g / (g + l)
    for i in range(n, len(ch)):
        g = (g * (n - 1) + up[i]) / n
        l = (l * (n - 1) + dn[i]) / n
        rsi[i + 1] = 100.0 * g / (g + l)
    w = np.arange(m, 0, -1, dtype=np.float64)  # convolve flips it: weight m on the newest
    want = np.full(len(c), np.nan)
    want[n + m - 1:] = np.tanh(np.convolve(0.1 * (rsi[n:] - 50.0), w, "valid") / w.sum())
    close_to(botcopier.Features("iftrsi(5,9)").compute(bars)[:, 0], want, 1e-11)


def test_bwmfi_is_the_range_per_volume(series):
    bars, d = series
    f = botcopier.Features("bwmfi")
    assert f.names == ["bwmfi"] and f.lookback == 0
    got = f.compute(bars)[:, 0]
    v = d["volume"]
    want = np.where(v > 0, (d["high"] - d["low"]) / np.where(v > 0, v, 1.0), np.nan)
    assert np.array_equal(got, want, equal_nan=True)


def test_bwmfi_green_bar_is_both_rising():
    bars, d = load("bots/googl_daily.csv")
    got = botcopier.Features("and(above(bwmfi,bwmfi@1),above(volume,volume@1))").compute(bars)
    mfi = (d["high"] - d["low"]) / d["volume"]
    want = ((mfi[1:] > mfi[:-1]) & (d["volume"][1:] > d["volume"][:-1])).astype(float)
    assert np.isnan(got[0, 0]) and np.array_equal(got[1:, 0], want)
    assert 100 < want.sum() < len(want) / 2


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    talib = pytest.importorskip("talib")
    bars, d = load("bots/googl_daily.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    spec = "iftrsi(5,9),bwmfi,cross(iftrsi(5,9),-0.5),cross(iftrsi(5,9),0.5)," \
           "and(above(bwmfi,bwmfi@1),above(volume,volume@1)),iftrsi(14,9)@1"
    rest, keep = batch_stream_and_gap(spec, t, d)
    close_to(rest[:, 0], iftrsi_talib(talib, keep["close"], 5, 9), 1e-12)
    rest, keep = batch_stream_and_gap(spec, t, d, column="volume")
    assert np.array_equal(rest[:, 1], (keep["high"] - keep["low"]) / keep["volume"])


@pytest.mark.parametrize("spec,message", [
    ("iftrsi(1,9)", "iftrsi: 1 is out of range 2..100000"),
    ("iftrsi(5,1)", "iftrsi: 1 is out of range 2..100000"),
    ("iftrsi(5)", "expected ','"),
    ("iftrsi(5,9.5)", "iftrsi: '9.5' is not an integer"),
    ("iftrsi(5,9).x", "one output"),
    ("bwmfi(3)", "bwmfi"),
    ("bwmfi.x", "one output"),
])
def test_bad_items_are_refused_naming_them(spec, message):
    with pytest.raises(botcopier.ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
