"""kvo(f,s,g) .line .signal (the Klinger volume oscillator) and correl(n)
(Pearson's r of the close against time) against independent numpy float64
loops of their definitions, the heldout17 generator's chain (TA-Lib EMA) and
talib.CORREL(close, arange, n).

kvo: tp = h+l+c, trend +1 when tp rose else -1 (0 before bar 1), dm = h-l, cm
= cm@1 + dm while the trend holds, dm@1 + dm when it turns, vf = v |2 (dm/cm
- 1)| trend 100 (0 where cm is 0) from bar 1 (bar 0 has no previous tp); line
= ema(vf,f) - ema(vf,s), TA-Lib EMAs from bar 1, signal = ema(line,g) from the
line's first value; both NaN until the signal exists (lookback s + g - 1).
correl(n): r over the window from its own centred sums (not TA-Lib's running
sums of the global bar number), 0 where sxx syy < 1e-14, clamped to [-1, 1];
lookback n-1. TA-Lib's running sums cancel in y^2 (y up to 12k here): they
agree with ours within 1e-9 absolute, not a few ulps. Streaming == batch, a
missing bar skipped, bad items refused."""
import numpy as np
import pytest

import botcopier
from features_util import load, batch_stream_and_gap, assert_cross_agrees, ema_reference as ema


def volume_force(h, lo, c, v):
    vf = np.full(len(c), np.nan)
    trend, cm = 0, 0.0
    for t in range(1, len(c)):
        tr = 1 if h[t] + lo[t] + c[t] > h[t - 1] + lo[t - 1] + c[t - 1] else -1
        dm, dm1 = h[t] - lo[t], h[t - 1] - lo[t - 1]
        cm = cm + dm if tr == trend else dm1 + dm
        trend = tr
        vf[t] = v[t] * abs(2.0 * (dm / cm - 1.0)) * tr * 100.0 if cm != 0 else 0.0
    return vf


def kvo_reference(d, f, s, g):
    vf = volume_force(d["high"], d["low"], d["close"], d["volume"])
    line = ema(vf, f) - ema(vf, s)
    signal = ema(line, g)
    line[np.isnan(signal)] = np.nan
    return line, signal


def correl_reference(c, n):
    out = np.full(len(c), np.nan)
    y = np.arange(n, dtype=float) - (n - 1) / 2.0
    syy = float(np.sum(y * y))
    for t in range(n - 1, len(c)):
        x = c[t - n + 1:t + 1]
        dx = x - x.mean()
        q = np.sum(dx * dx) * syy
        out[t] = np.clip(np.sum(dx * y) / np.sqrt(q), -1, 1) if q >= 1e-14 else 0.0
    return out


@pytest.fixture(scope="module", params=["aapl_daily.csv", "bots/googl_daily.csv"])
def daily(request):
    return load(request.param)


def test_kvo_matches_the_float64_definition(daily):
    bars, d = daily
    f = botcopier.Features("kvo(34,55,13)")
    assert f.names == ["kvo(34,55,13).line", "kvo(34,55,13).signal"]
    assert f.lookback == 55 + 13 - 1
    got = f.compute(bars)
    line, signal = kvo_reference(d, 34, 55, 13)
    for col, ref in ((0, line), (1, signal)):
        assert np.array_equal(np.isnan(got[:, col]), np.isnan(ref))
        scale = np.nanmax(np.abs(ref))
        np.testing.assert_allclose(got[:, col], ref, rtol=1e-9, atol=1e-12 * scale,
                                   equal_nan=True)
    assert np.isnan(got[:67]).all() and np.isfinite(got[67:]).all()


def test_kvo_is_the_heldout17_generators_talib_chain():
    talib = pytest.importorskip("talib")
    for name in ("bots/googl_daily.csv", "aapl_daily.csv"):
        bars, d = load(name)
        vf = volume_force(d["high"], d["low"], d["close"], d["volume"])
        kvo = np.full_like(vf, np.nan)
        kvo[1:] = talib.EMA(vf[1:], 34) - talib.EMA(vf[1:], 55)
        ok = int(np.flatnonzero(np.isfinite(kvo))[0])
        sig = np.full_like(vf, np.nan)
        sig[ok:] = talib.EMA(kvo[ok:], 13)
        got = botcopier.Features("kvo(34,55,13),cross(kvo(34,55,13).line,"
                                 "kvo(34,55,13).signal)").compute(bars)
        have = np.isfinite(sig)
        assert np.array_equal(np.isfinite(got[:, 1]), have)
        scale = np.abs(kvo[have]).max()
        np.testing.assert_allclose(got[have, 0], kvo[have], rtol=1e-9, atol=1e-12 * scale)
        np.testing.assert_allclose(got[have, 1], sig[have], rtol=1e-9, atol=1e-12 * scale)
        diff = np.where(have, kvo - sig, np.nan)
        assert_cross_agrees(got[:, 2], diff, clear=1e-9 * scale)


def test_kvo_flat_bars_and_first_bar():
    """cm 0 (flat bars, dm 0) gives vf 0; volume 0 too; bar 0 is never a vf."""
    t = np.arange(30, dtype=np.int64) * 86400
    c = np.full(30, 5.0)
    v = np.full(30, 100.0)
    got = botcopier.Features("kvo(2,3,2)").compute_arrays(t, c, c, c, c, v)
    assert np.isnan(got[:4]).all()  # vf from bar 1, slow seeded bar 3, signal bar 4
    assert (got[4:] == 0.0).all()
    rng = np.random.default_rng(3)
    c = 10 + np.cumsum(rng.normal(size=30))
    h, lo = c + 1, c - 1
    v[10:15] = 0.0
    d = {"open": c, "high": h, "low": lo, "close": c, "volume": v}
    got = botcopier.Features("kvo(2,3,2)").compute_arrays(t, c, c, h, lo, v)
    line, signal = kvo_reference(d, 2, 3, 2)
    np.testing.assert_allclose(got[:, 0], line, rtol=1e-12, atol=1e-9, equal_nan=True)
    np.testing.assert_allclose(got[:, 1], signal, rtol=1e-12, atol=1e-9, equal_nan=True)


@pytest.mark.parametrize("n", [2, 10, 20, 50])
def test_correl_matches_the_float64_definition_and_talib(n):
    bars, d = load("bots/heldout/eurusd_1h_2017.csv")
    f = botcopier.Features("correl(%d)" % n)
    assert f.lookback == n - 1
    got = f.compute(bars)[:, 0]
    ref = correl_reference(d["close"], n)
    assert np.array_equal(np.isnan(got), np.isnan(ref))
    np.testing.assert_allclose(got, ref, rtol=1e-12, atol=1e-12, equal_nan=True)
    assert (np.abs(got[n - 1:]) <= 1.0).all()
    talib = pytest.importorskip("talib")
    c = d["close"]
    ta = talib.CORREL(c, np.arange(len(c), dtype=float), n)
    assert np.array_equal(np.isnan(got), np.isnan(ta))
    # TA-Lib's running sums of the bar number and its square cancel: 1e-9, not ulps
    np.testing.assert_allclose(got, ta, rtol=0, atol=1e-9, equal_nan=True)


def test_correl_rules_flat_and_straight_lines():
    t = np.arange(40, dtype=np.int64) * 3600
    c = np.full(40, 1.1)
    got = botcopier.Features("correl(5)").compute_arrays(t, c, c, c, c, c)[:, 0]
    assert np.isnan(got[:4]).all() and (got[4:] == 0.0).all()
    up = 1.0 + 0.001 * np.arange(40)
    got = botcopier.Features("correl(5),correl(20)").compute_arrays(t, up, up, up, up, up)
    np.testing.assert_allclose(got[19:], 1.0, rtol=0, atol=1e-13)
    got = botcopier.Features("correl(5)").compute_arrays(t, -up, -up, -up, -up, up)[:, 0]
    np.testing.assert_allclose(got[4:], -1.0, rtol=0, atol=1e-13)


def test_correl_cross_is_the_heldout17_generators_threshold():
    talib = pytest.importorskip("talib")
    bars, d = load("bots/heldout/eurusd_1h_2017.csv")
    c = d["close"]
    r = talib.CORREL(c, np.arange(len(c), dtype=float), 20)
    got = botcopier.Features("cross(correl(20),0.8),cross(correl(20),-0.8)").compute(bars)
    assert_cross_agrees(got[:, 0], r - 0.8, at_least=50)
    assert_cross_agrees(got[:, 1], r + 0.8, at_least=50)


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("bots/googl_daily.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    spec = "kvo(34,55,13),correl(20),cross(kvo(34,55,13).line,kvo(34,55,13).signal),correl(2)"
    for column in ("close", "volume"):
        rest, keep = batch_stream_and_gap(spec, t, d, column=column)
        line, signal = kvo_reference(keep, 34, 55, 13)
        scale = np.nanmax(np.abs(line))
        np.testing.assert_allclose(rest[:, 0], line, rtol=1e-9, atol=1e-12 * scale,
                                   equal_nan=True)
        np.testing.assert_allclose(rest[:, 1], signal, rtol=1e-9, atol=1e-12 * scale,
                                   equal_nan=True)
        np.testing.assert_allclose(rest[:, 2], correl_reference(keep["close"], 20),
                                   rtol=1e-12, atol=1e-12, equal_nan=True)


@pytest.mark.parametrize("spec,msg", [
    ("kvo(55,34,13)", "slow period 34 is below fast period 55"),
    ("kvo(34,55)", "expected ','"),
    ("kvo(0,55,13)", "out of range"),
    ("kvo.hist", "expected '('"),
    ("kvo(34,55,13).hist", "has no output '.hist'"),
    ("correl(1)", "correl: 1 is out of range 2..100000"),
    ("correl", "expected '('"),
    ("correl(20,2)", "expected ')'"),
])
def test_bad_items_are_refused(spec, msg):
    with pytest.raises(Exception, match=msg.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
