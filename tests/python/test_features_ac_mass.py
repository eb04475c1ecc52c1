"""ac (MT5 iAC, Bill Williams' accelerator oscillator: AO = sma(medprice,5) -
sma(medprice,34), AC = AO - sma(AO,5)) against TA-Lib SMA's composition (the
heldout14 accelerator bot's), numpy float64 and the grammar's own diff/mean
spelling; mass(e,n) (Dorsey's mass index: the n-bar sum
of ema(e)(high - low) / ema(e)(ema(e)(high - low)); TA-Lib has no MASS) against
the TA-Lib EMA/SUM composition (the heldout14 mass index bot's) and a numpy
float64 loop. Lookbacks, streaming == batch, a missing bar skipped, bad items
refused naming them."""
import numpy as np
import pytest

import botcopier
from features_util import load, batch_stream_and_gap


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv", "bots/googl_daily.csv"])
def series(request):
    return load(request.param)


def close_to(got, want, tol, scale=None):
    """Equal NaNs, and within tol relative to scale (default |want|, at least 1)."""
    assert np.array_equal(np.isnan(got), np.isnan(want))
    ok = np.isfinite(want)
    scale = np.maximum(1.0, np.abs(want if scale is None else scale)[ok])
    assert (np.abs(got[ok] - want[ok]) <= tol * scale).all(), np.max(np.abs(got[ok] - want[ok]))


def sma_numpy(x, n):
    out = np.full(len(x), np.nan)
    ok = np.flatnonzero(np.isfinite(x))[0]
    out[ok + n - 1:] = np.convolve(x[ok:], np.ones(n), "valid") / n
    return out


def ema_numpy(x, n):
    """TA-Lib's EMA written out: seeded with the mean of the first n finite
    values, then v + k (x - v), k = 2 / (n + 1)."""
    out = np.full(len(x), np.nan)
    first = np.flatnonzero(np.isfinite(x))[0]
    k, v = 2.0 / (n + 1), np.mean(x[first:first + n])
    out[first + n - 1] = v
    for i in range(first + n, len(x)):
        v = v + k * (x[i] - v)
        out[i] = v
    return out


def ac_numpy(d):
    mid = (d["high"] + d["low"]) / 2.0
    ao = sma_numpy(mid, 5) - sma_numpy(mid, 34)
    return ao - sma_numpy(ao, 5)


def mass_numpy(d, e, n):
    single = ema_numpy(d["high"] - d["low"], e)
    r = single / ema_numpy(single, e)
    first = np.flatnonzero(np.isfinite(r))[0]
    out = np.full(len(r), np.nan)
    out[first + n - 1:] = np.convolve(r[first:], np.ones(n), "valid")
    return out


def test_ac_is_the_numpy_accelerator(series):
    bars, d = series
    f = botcopier.Features("ac")
    assert f.names == ["ac"] and f.lookback == 37
    got = f.compute(bars)[:, 0]
    close_to(got, ac_numpy(d), 1e-12, d["close"])  # the window sums' rounding
    assert np.isnan(got[:37]).all() and np.isfinite(got[37:]).all()


def test_ac_is_the_heldout14_bots_talib_composition():
    talib = pytest.importorskip("talib")
    for name in ("sp500_daily.csv", "bots/googl_daily.csv"):
        bars, d = load(name)
        mid = (d["high"] + d["low"]) / 2.0
        ao = talib.SMA(mid, 5) - talib.SMA(mid, 34)
        want = np.full_like(mid, np.nan)
        want[33:] = ao[33:] - talib.SMA(ao[33:], 5)
        close_to(botcopier.Features("ac").compute(bars)[:, 0], want, 1e-12, d["close"])


def test_ac_is_the_grammars_ao_less_its_mean():
    bars, d = load("sp500_daily.csv")
    ao = "diff(mean(medprice,5),mean(medprice,34))"
    got = botcopier.Features(f"ac,diff({ao},mean({ao},5))").compute(bars)
    close_to(got[:, 0], got[:, 1], 1e-12, d["close"])  # mean's window sums round apart


@pytest.mark.parametrize("e,n", [(9, 25), (2, 1), (3, 7), (14, 30)])
def test_mass_is_the_numpy_mass_index(series, e, n):
    bars, d = series
    f = botcopier.Features(f"mass({e},{n})")
    lb = 2 * (e - 1) + n - 1
    assert f.names == [f"mass({e},{n})"] and f.lookback == lb
    got = f.compute(bars)[:, 0]
    close_to(got, mass_numpy(d, e, n), 1e-12)
    assert np.isnan(got[:lb]).all() and np.isfinite(got[lb:]).all()


def test_mass_is_the_heldout14_bots_talib_composition():
    talib = pytest.importorskip("talib")
    bars, d = load("sp500_daily.csv")
    e1 = talib.EMA(d["high"] - d["low"], 9)
    e2 = np.full_like(e1, np.nan)
    ok = np.flatnonzero(np.isfinite(e1))
    e2[ok[0]:] = talib.EMA(e1[ok[0]:], 9)
    r = e1 / e2
    want = np.full_like(e1, np.nan)
    ok = np.flatnonzero(np.isfinite(r))
    want[ok[0]:] = talib.SUM(r[ok[0]:], 25)
    close_to(botcopier.Features("mass(9,25)").compute(bars)[:, 0], want, 1e-12)


def test_mass_ratio_is_1_over_flat_bars():
    """Bars without range: both EMAs 0, each ratio 1, the index n."""
    c = np.full(40, 100.0)
    t = np.arange(len(c), dtype=np.int64) * 86400
    got = botcopier.Features("mass(3,5)").compute_arrays(t, c, c, c, c, np.zeros(len(c)))
    assert np.isnan(got[:8, 0]).all() and (got[8:, 0] == 5.0).all()


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("bots/eurusd_1h.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    spec = "ac,mass(9,25),cross(ac,0),cross(25,mass(9,25)),above(max(mass(9,25),10),25.5)," \
           "mass(3,7)"
    rest, keep = batch_stream_and_gap(spec, t, d, column="high")
    close_to(rest[:, 0], ac_numpy(keep), 1e-12, keep["close"])
    close_to(rest[:, 1], mass_numpy(keep, 9, 25), 1e-12)


@pytest.mark.parametrize("spec,message", [
    ("ac(5)", "'ac' takes no arguments"),
    ("ac.x", "'ac' has one output"),
    ("mass(9,25,3)", "expected ')'"),
    ("mass(1,25)", "mass: 1 is out of range 2..100000"),
    ("mass(9,0)", "mass: 0 is out of range 1..100000"),
    ("mass(9)", "expected ','"),
    ("mass(9,2.5)", "mass: '2.5' is not an integer"),
    ("mass(9,25).x", "one output"),
])
def test_bad_items_are_refused_naming_them(spec, message):
    with pytest.raises(botcopier.ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
