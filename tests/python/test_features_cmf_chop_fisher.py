"""cmf(n) (Chaikin money flow), chop(n) (the choppiness index) and fisher(n)
(Ehlers' Fisher transform of the bar midpoint) against numpy float64 and
TA-Lib compositions of their definitions (the heldout13 generator's):
  cmf    = SUM(mfm x volume, n) / SUM(volume, n), mfm = ((c - l) - (h - c)) /
           (h - l), 0 where h - l is not above 0; 0 where the volume sum is 0
  chop   = 100 x log10(SUM(TRANGE, n) / (MAX(high, n) - MIN(low, n))) / log10(n)
  fisher = from bar n-1 (v = f = 0 before): x = (m - MIN(m, n)) / (MAX(m, n) -
           MIN(m, n)) - 0.5 (0 on a flat window), v = clip(0.66 x + 0.67 v,
           +-0.999), f = 0.5 ln((1 + v) / (1 - v)) + 0.5 f, m = (h + l) / 2.
Streaming == batch, a missing bar skipped, bad items refused naming them."""
import numpy as np
import pytest

import botcopier
from features_util import load, batch_stream_and_gap


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv", "bots/googl_daily.csv"])
def series(request):
    return load(request.param)


def rolling_sum(x, n):
    """TA-Lib SUM's running sum in numpy float64: the first n-1 terms, then
    add the new one, read, subtract the oldest."""
    out = np.full(len(x), np.nan)
    total = 0.0
    for i in range(len(x)):
        total += x[i]
        if i >= n - 1:
            out[i] = total
            total -= x[i - n + 1]
    return out


def rolling(x, n, f):
    out = np.full(len(x), np.nan)
    for i in range(n - 1, len(x)):
        out[i] = f(x[i - n + 1:i + 1])
    return out


def cmf_reference(h, l, c, v, n, total=rolling_sum):
    rng = h - l
    mfm = np.where(rng > 0, ((c - l) - (h - c)) / np.where(rng > 0, rng, 1.0), 0.0)
    flow, vol = total(mfm * v, n), total(v, n)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(vol > 0, flow / vol, np.where(np.isnan(vol), np.nan, 0.0))


def true_range(h, l, c):
    tr = np.full(len(c), np.nan)
    prev = c[:-1]
    tr[1:] = np.maximum(h[1:] - l[1:], np.maximum(np.abs(h[1:] - prev), np.abs(l[1:] - prev)))
    return tr


def chop_reference(h, l, c, n):
    tr = true_range(h, l, c)
    total = np.full(len(c), np.nan)
    total[1:] = rolling_sum(tr[1:], n)
    span = rolling(h, n, np.max) - rolling(l, n, np.min)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(span > 0, 100.0 * np.log10(total / span) / np.log10(n), np.nan)


def fisher_reference(h, l, n, hi=None, lo=None):
    mid = (h + l) / 2.0
    if hi is None:
        hi, lo = rolling(mid, n, np.max), rolling(mid, n, np.min)
    out = np.full(len(mid), np.nan)
    v = f = 0.0
    for t in range(len(mid)):
        if not np.isfinite(hi[t]):
            continue
        span = hi[t] - lo[t]
        x = (mid[t] - lo[t]) / span - 0.5 if span > 0 else 0.0
        v = min(max(0.66 * x + 0.67 * v, -0.999), 0.999)
        f = 0.5 * np.log((1 + v) / (1 - v)) + 0.5 * f
        out[t] = f
    return out


@pytest.mark.parametrize("n", [20, 10, 1, 50])
def test_cmf_matches_the_float64_sums_bit_for_bit(series, n):
    bars, d = series
    f = botcopier.Features(f"cmf({n})")
    assert f.names == [f"cmf({n})"] and f.lookback == n - 1
    got = f.compute(bars)[:, 0]
    want = cmf_reference(d["high"], d["low"], d["close"], d["volume"], n)
    assert np.array_equal(np.isnan(got), np.isnan(want))
    assert got.tobytes() == want.tobytes()
    assert (np.abs(got[n - 1:]) <= 1.0 + 1e-12).all()


def test_cmf_is_talibs_sum_composition():
    talib = pytest.importorskip("talib")
    bars, d = load("bots/googl_daily.csv")
    h, l, c, v = d["high"], d["low"], d["close"], d["volume"]
    want = cmf_reference(h, l, c, v, 20, talib.SUM)  # the heldout13 CMF bot's
    got = botcopier.Features("cmf(20)").compute(bars)[:, 0]
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-14, equal_nan=True)


def test_cmf_is_0_without_volume_and_flat_bars_add_nothing():
    n = 30
    t = np.arange(n, dtype=np.int64) * 86400
    c = np.linspace(10.0, 12.0, n)
    h, l = c + 0.5, c - 0.5
    got = botcopier.Features("cmf(5)").compute_arrays(t, c, c, h, l, np.zeros(n))[:, 0]
    assert np.isnan(got[:4]).all() and (got[4:] == 0.0).all()
    flat = botcopier.Features("cmf(5)").compute_arrays(t, c, c, c, c, np.ones(n))[:, 0]
    assert (flat[4:] == 0.0).all()


@pytest.mark.parametrize("n", [14, 2, 30])
def test_chop_matches_the_float64_log10_composition(series, n):
    bars, d = series
    f = botcopier.Features(f"chop({n})")
    assert f.names == [f"chop({n})"] and f.lookback == n
    got = f.compute(bars)[:, 0]
    want = chop_reference(d["high"], d["low"], d["close"], n)
    assert np.array_equal(np.isnan(got), np.isnan(want))
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12, equal_nan=True)
    assert np.isnan(got[:n]).all()


def test_chop_is_talibs_sum_trange_max_min_composition():
    talib = pytest.importorskip("talib")
    bars, d = load("bots/eurusd_1h.csv")
    h, l, c = d["high"], d["low"], d["close"]
    want = 100.0 * np.log10(talib.SUM(talib.TRANGE(h, l, c), 14)
                            / (talib.MAX(h, 14) - talib.MIN(l, 14))) / np.log10(14)
    got = botcopier.Features("chop(14)").compute(bars)[:, 0]
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12, equal_nan=True)


def test_chop_is_nan_on_a_window_without_range_and_100_on_a_pure_zigzag():
    n = 40
    t = np.arange(n, dtype=np.int64) * 3600
    c = np.full(n, 1.1)
    got = botcopier.Features("chop(4)").compute_arrays(t, c, c, c, c, np.ones(n))[:, 0]
    assert np.isnan(got).all()
    # every bar spans the whole window's range: the sum is n ranges, log_n(n) = 1
    h, l = np.full(n, 2.0), np.full(n, 1.0)
    got = botcopier.Features("chop(4)").compute_arrays(t, c * 0 + 1.5, c, h, l,
                                                      np.ones(n))[:, 0]
    np.testing.assert_allclose(got[4:], 100.0, rtol=1e-14)


@pytest.mark.parametrize("n", [10, 2, 25])
def test_fisher_matches_the_float64_recursion(series, n):
    bars, d = series
    f = botcopier.Features(f"fisher({n})")
    assert f.names == [f"fisher({n})"] and f.lookback == n - 1
    got = f.compute(bars)[:, 0]
    want = fisher_reference(d["high"], d["low"], n)
    assert np.array_equal(np.isnan(got), np.isnan(want))
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12, equal_nan=True)
    # |v| <= 0.999 bounds the transform: |f| <= 0.5 atanh(0.999) x 2
    assert (np.abs(got[n - 1:]) <= 2.0 * np.arctanh(0.999) + 1e-12).all()


def test_fisher_is_the_heldout13_generators_talib_max_min_fisher():
    talib = pytest.importorskip("talib")
    bars, d = load("aapl_daily.csv")
    mid = (d["high"] + d["low"]) / 2.0
    want = fisher_reference(d["high"], d["low"], 10, talib.MAX(mid, 10), talib.MIN(mid, 10))
    got = botcopier.Features("fisher(10)").compute(bars)[:, 0]
    assert got.tobytes() == want.tobytes()


def test_fisher_saturates_at_the_clip_on_a_steady_rise():
    n = 200
    t = np.arange(n, dtype=np.int64) * 86400
    c = 100.0 + np.arange(n, dtype=float)
    got = botcopier.Features("fisher(10)").compute_arrays(t, c, c, c + 1, c - 1,
                                                         np.ones(n))[:, 0]
    # x = 0.5 every bar: v reaches the clip 0.999, f -> 2 x 0.5 ln(1999)
    np.testing.assert_allclose(got[-1], np.log(1999.0), rtol=1e-12)


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("bots/eurusd_1h.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    spec = "cmf(20),chop(14),fisher(10),cross(cmf(20),0.05),cross(chop(14),45),fisher(10)@1"
    rest, keep = batch_stream_and_gap(spec, t, d)
    h, l, c, v = keep["high"], keep["low"], keep["close"], keep["volume"]
    np.testing.assert_allclose(rest[:, 0], cmf_reference(h, l, c, v, 20), rtol=1e-12,
                               atol=1e-12, equal_nan=True)
    np.testing.assert_allclose(rest[:, 1], chop_reference(h, l, c, 14), rtol=1e-12,
                               atol=1e-12, equal_nan=True)
    np.testing.assert_allclose(rest[:, 2], fisher_reference(h, l, 10), rtol=1e-12,
                               atol=1e-12, equal_nan=True)


@pytest.mark.parametrize("spec,message", [
    ("cmf(0)", "cmf: 0 is out of range 1..100000"),
    ("chop(1)", "chop: 1 is out of range 2..100000"),
    ("fisher(1)", "fisher: 1 is out of range 2..100000"),
    ("fisher(10,3)", "expected ')'"),
    ("chop(14).line", "'chop(14)' has one output; '.line' selects nothing"),
    ("cmf", "expected '('"),
])
def test_bad_items_are_refused_naming_them(spec, message):
    with pytest.raises(botcopier.ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
