"""ema(x,n), the EMA of any single-column item, and chvol(e,n), Chaikin's
volatility, against TA-Lib.

ema(x,n) is talib.EMA on the numpy series of x (TA-Lib starts at x's first
finite value: the SMA of its first n values, then alpha = 2/(n+1)); a NaN of x
inside the series restarts it (NaN while a NaN is among the last n values, as
mean(x,n); then talib.EMA of what follows). ema(close,n) is ema(n) bit for bit
and ema(n) keeps its name. chvol(e,n) = (ema(high - low, e) / its value n bars
ago - 1) x 100 (the heldout16 generator's numpy), lookback e - 1 + n, NaN where
the value n bars ago is 0. Streaming == batch, a missing bar skipped, bad items
refused."""
import numpy as np
import pytest

import botcopier
from features_util import load, batch_stream_and_gap

talib = pytest.importorskip("talib")


@pytest.fixture(scope="module", params=["aapl_daily.csv", "bots/eurusd_1h.csv",
                                        "bots/googl_daily.csv"])
def series(request):
    return load(request.param)


def talib_ema(x, n):
    """talib.EMA restarted after every NaN of x (each finite run on its own)."""
    out = np.full(len(x), np.nan)
    bad = np.flatnonzero(np.isnan(x))
    starts = np.concatenate(([0], bad + 1))
    ends = np.concatenate((bad, [len(x)]))
    for a, b in zip(starts, ends):
        if b - a >= n:
            out[a:b] = talib.EMA(x[a:b], n)
    return out


def chvol_reference(h, lo, e, n):
    er = talib.EMA(h - lo, e)
    out = np.full(len(h), np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        out[n:] = (er[n:] / er[:-n] - 1) * 100
    out[~np.isfinite(out)] = np.nan
    return out


def close_enough(got, want):
    assert np.array_equal(np.isnan(got), np.isnan(want))
    scale = np.nanmax(np.abs(want)) or 1.0
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12 * scale, equal_nan=True)


@pytest.mark.parametrize("item,n", [("diff(high,low)", 10), ("volume", 20), ("rsi(14)", 5),
                                    ("close", 2), ("ret(1)", 30)])
def test_ema_of_an_item_is_talibs_ema_of_its_series(series, item, n):
    bars, d = series
    f = botcopier.Features(f"{item},ema({item},{n})")
    assert f.names == [item, f"ema({item},{n})"]
    x = botcopier.Features(item)
    assert f.lookback == x.lookback + n - 1
    got = f.compute(bars)
    first = int(np.argmax(np.isfinite(got[:, 0])))
    want = np.full(len(got), np.nan)
    want[first:] = talib.EMA(got[first:, 0], n)  # the series from x's first finite value
    close_enough(got[:, 1], want)


def test_ema_of_close_is_ema_n_bit_for_bit_and_ema_n_keeps_its_name(series):
    bars, _ = series
    f = botcopier.Features("ema(20),ema(close,20), ema ( close , 20 ),ema( 20 )")
    assert f.names == ["ema(20)", "ema(close,20)", "ema(close,20)", "ema(20)"]
    assert f.spec == "ema(20),ema(close,20),ema(close,20),ema(20)"
    got = f.compute(bars)
    assert got[:, 0].tobytes() == got[:, 1].tobytes()
    assert f.lookback == 19


def test_a_nan_inside_x_restarts_the_average_as_mean_does():
    n = 80
    t = np.arange(n, dtype=np.int64) * 86400
    rng = np.random.default_rng(7)
    c = 100 + np.cumsum(rng.normal(size=n))
    hi = c + 1.0
    lo = c - 1.0
    lo[30] = c[30] + 1.0  # high - low = 0 on bar 30: ratio(diff(close,open),diff(high,low))...
    hi[30] = c[30] + 1.0
    o = c - rng.normal(size=n) * 0.1
    o[30] = c[30]  # ... is 0/0 -> NaN there
    item = "ratio(diff(close,open),diff(high,low))"
    got = botcopier.Features(f"{item},ema({item},5),mean({item},5)").compute_arrays(
        t, c, o, hi, lo, np.ones(n))
    x = got[:, 0]
    assert np.isnan(x[30]) and np.isfinite(x[29]) and np.isfinite(x[31])
    close_enough(got[:, 1], talib_ema(x, 5))
    # NaN exactly where mean(x,n) is
    assert np.array_equal(np.isnan(got[:, 1]), np.isnan(got[:, 2]))
    assert np.isnan(got[30:35, 1]).all() and np.isfinite(got[35, 1])


@pytest.mark.parametrize("e,n", [(10, 10), (2, 1), (5, 20)])
def test_chvol_is_the_heldout16_generators_numpy(series, e, n):
    bars, d = series
    f = botcopier.Features(f"chvol({e},{n}),ema(diff(high,low),{e})")
    assert f.names == [f"chvol({e},{n})", f"ema(diff(high,low),{e})"]
    assert f.lookback == e - 1 + n
    got = f.compute(bars)
    want = chvol_reference(d["high"], d["low"], e, n)
    close_enough(got[:, 0], want)
    # the named item reuses the ema kernel: its r is ema(diff(high,low),e) bit for bit
    r = got[:, 1]
    comp = np.full(len(r), np.nan)
    comp[n:] = (r[n:] / r[:-n] - 1.0) * 100.0
    assert np.array_equal(got[:, 0], comp, equal_nan=True)


def test_chvol_is_nan_where_the_range_n_bars_ago_is_0():
    t = np.arange(12, dtype=np.int64) * 86400
    c = np.full(12, 5.0)
    hi = c.copy()
    hi[6:] = 6.0  # flat for six bars, then a range of 1
    got = botcopier.Features("chvol(2,3)").compute_arrays(t, c, c, hi, c, np.ones(12))[:, 0]
    want = chvol_reference(hi, c, 2, 3)
    assert np.array_equal(np.isnan(got), np.isnan(want))
    # r = 0 through bar 5 (the seed on bars 0-1 and four flat bars), so bars 6-8 compare
    # with a 0 three bars before: NaN, not inf
    assert np.isnan(got[:9]).all() and np.isfinite(got[9:]).all()
    np.testing.assert_allclose(got, want, rtol=1e-12, equal_nan=True)


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("bots/googl_daily.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    spec = ("chvol(10,10),cross(chvol(10,10),0),ema(diff(high,low),10),ema(volume,20),"
            "ema(rsi(14),5),ema(20)")
    rest, keep = batch_stream_and_gap(spec, t, d)
    close_enough(rest[:, 0], chvol_reference(keep["high"], keep["low"], 10, 10))
    close_enough(rest[:, 3], talib.EMA(keep["volume"], 20))


@pytest.mark.parametrize("spec,message", [
    ("ema(close,1)", "ema: 1 is out of range 2..100000"),
    ("ema(macd(12,26,9),5)", "takes single columns"),
    ("ema(close,5,3)", "expected ')'"),
    ("ema(close)", "expects an integer"),
    ("ema(nosuch,5)", "unknown feature 'nosuch'"),
    ("chvol(10)", "expected ','"),
    ("chvol(1,10)", "chvol: 1 is out of range 2..100000"),
    ("chvol(10,0)", "chvol: 0 is out of range 1..100000"),
    ("chvol", "expected '('"),
    ("chvol(10,10).x", "one output"),
])
def test_bad_items_are_refused_naming_them(spec, message):
    with pytest.raises(botcopier.ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
