"""smi(q,r,s) .line .signal (Blau's stochastic momentum index) and vidya(n,m)
(Chande's variable index dynamic average) against independent float64
references of their published definitions.

smi: hh, ll the q-bar highest high / lowest low; line = 100 x ema(ema(close -
(hh + ll) / 2, r), r) / (0.5 x ema(ema(hh - ll, r), r)), signal = ema(line, s),
every ema TA-Lib's (seeded with the mean of its first r values) run from its
input's first finite value; both NaN until the signal exists (lookback
q + 2r + s - 4); line 0 where the smoothed range is 0. The numpy reference
writes the ema as a plain loop; the heldout16 SMI bot's TA-Lib chain agrees.
vidya: a = 2/(n+1) x |cmo(m)| / 100 (TA-Lib's CMO), vidya = a x close +
(1 - a) x vidya', seeded with the close of bar m (the first bar with a cmo);
lookback m. The reference computes the cmo with its own numpy Wilder loop;
the heldout16 VIDYA bot's talib.CMO chain agrees to the bit.
Streaming == batch, a missing bar skipped, bad items refused."""
import numpy as np
import pytest

import botcopier
from features_util import load, assert_cross_agrees, batch_stream_and_gap


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv"])
def series(request):
    return load(request.param)


def ema(x, n):
    """TA-Lib's EMA as a loop from x's first finite value: the mean of the
    first n values, then prev + 2/(n+1) x (x - prev)."""
    out = np.full(len(x), np.nan)
    first = int(np.argmax(np.isfinite(x)))
    if len(x) - first < n:
        return out
    k = 2.0 / (n + 1)
    prev = float(np.mean(x[first:first + n]))
    out[first + n - 1] = prev
    for i in range(first + n, len(x)):
        prev = prev + k * (x[i] - prev)
        out[i] = prev
    return out


def window(x, q, fn):
    out = np.full(len(x), np.nan)
    for i in range(q - 1, len(x)):
        out[i] = fn(x[i - q + 1:i + 1])
    return out


def smi_reference(h, lo, c, q, r, s, ema_=ema, hh=None, ll=None):
    hh = window(h, q, np.max) if hh is None else hh
    ll = window(lo, q, np.min) if ll is None else ll
    num = ema_(ema_(c - (hh + ll) / 2.0, r), r)
    den = 0.5 * ema_(ema_(hh - ll, r), r)
    with np.errstate(divide="ignore", invalid="ignore"):
        line = np.where(den != 0.0, 100.0 * num / den, 0.0)
    line[np.isnan(num)] = np.nan
    signal = ema_(line, s)
    line[np.isnan(signal)] = np.nan
    return line, signal


def cmo_reference(c, m):
    """Wilder-smoothed gains and losses (TA-Lib's CMO), written afresh."""
    out = np.full(len(c), np.nan)
    d = np.diff(c)
    g = np.where(d > 0, d, 0.0)
    lo = np.where(d < 0, -d, 0.0)
    if len(d) < m:
        return out
    ag, al = g[:m].sum() / m, lo[:m].sum() / m
    for i in range(m, len(c)):
        if i > m:
            ag = (ag * (m - 1) + g[i - 1]) / m
            al = (al * (m - 1) + lo[i - 1]) / m
        out[i] = 0.0 if ag + al == 0.0 else 100.0 * (ag - al) / (ag + al)
    return out


def vidya_reference(c, n, m, cmo=None):
    cmo = cmo_reference(c, m) if cmo is None else cmo
    out = np.full(len(c), np.nan)
    start = int(np.flatnonzero(np.isfinite(cmo))[0])
    out[start] = v = c[start]
    for t in range(start + 1, len(c)):
        a = 2.0 / (n + 1) * abs(cmo[t]) / 100.0
        v = a * c[t] + (1 - a) * v
        out[t] = v
    return out


@pytest.mark.parametrize("q,r,s", [(10, 3, 3), (13, 25, 2), (5, 2, 9)])
def test_smi_matches_the_float64_definition(series, q, r, s):
    bars, d = series
    f = botcopier.Features(f"smi({q},{r},{s})")
    assert f.names == [f"smi({q},{r},{s}).line", f"smi({q},{r},{s}).signal"]
    lb = q + 2 * r + s - 4
    assert f.lookback == lb
    got = f.compute(bars)
    line, signal = smi_reference(d["high"], d["low"], d["close"], q, r, s)
    for col, ref in ((0, line), (1, signal)):
        assert np.array_equal(np.isnan(got[:, col]), np.isnan(ref))
        np.testing.assert_allclose(got[:, col], ref, rtol=1e-9, atol=1e-9, equal_nan=True)
    assert np.isnan(got[:lb]).all() and np.isfinite(got[lb:]).all()


def test_smi_is_the_heldout16_generators_talib_chain():
    talib = pytest.importorskip("talib")
    bars, d = load("sp500_daily.csv")
    h, lo, c = d["high"], d["low"], d["close"]

    def talib_ema(x, n):
        out = np.full_like(x, np.nan)
        ok = np.flatnonzero(np.isfinite(x))[0]
        out[ok:] = talib.EMA(x[ok:], n)
        return out

    line, signal = smi_reference(h, lo, c, 10, 3, 3, talib_ema,
                                 talib.MAX(h, 10), talib.MIN(lo, 10))
    spec = "smi(10,3,3).line,smi(10,3,3).signal,cross(smi(10,3,3).line,smi(10,3,3).signal)"
    got = botcopier.Features(spec).compute(bars)
    np.testing.assert_allclose(got[:, 0], line, rtol=1e-10, atol=1e-10, equal_nan=True)
    np.testing.assert_allclose(got[:, 1], signal, rtol=1e-10, atol=1e-10, equal_nan=True)
    diff = line - signal
    assert_cross_agrees(got[:, 2], diff)


def test_smi_line_is_0_on_a_flat_start():
    n = 40
    t = np.arange(n, dtype=np.int64) * 86400
    c = np.full(n, 5.0)
    c[25:] = np.linspace(5.0, 6.0, n - 25)
    got = botcopier.Features("smi(4,2,2)").compute_arrays(t, c, c, c, c, np.ones(n))
    line, signal = smi_reference(c, c, c, 4, 2, 2)
    lb = 4 + 4 + 2 - 4
    assert np.isnan(got[:lb]).all() and (got[lb:25, :] == 0.0).all()
    np.testing.assert_allclose(got[:, 0], line, rtol=1e-9, atol=1e-9, equal_nan=True)
    np.testing.assert_allclose(got[:, 1], signal, rtol=1e-9, atol=1e-9, equal_nan=True)


@pytest.mark.parametrize("n,m", [(14, 9), (20, 14), (1, 2), (50, 30)])
def test_vidya_matches_the_float64_definition(series, n, m):
    bars, d = series
    f = botcopier.Features(f"vidya({n},{m})")
    assert f.names == [f"vidya({n},{m})"] and f.lookback == m
    got = f.compute(bars)[:, 0]
    ref = vidya_reference(d["close"], n, m)
    assert np.array_equal(np.isnan(got), np.isnan(ref))
    assert got[m] == d["close"][m]  # the seed
    np.testing.assert_allclose(got, ref, rtol=1e-12, atol=0.0, equal_nan=True)


def test_vidya_is_the_heldout16_generators_talib_cmo_chain():
    talib = pytest.importorskip("talib")
    bars, d = load("bots/eurusd_1h.csv")
    c = d["close"]
    want = vidya_reference(c, 14, 9, talib.CMO(c, 9))
    got = botcopier.Features("vidya(14,9),cross(close,vidya(14,9))").compute(bars)
    np.testing.assert_allclose(got[:, 0], want, rtol=1e-12, atol=0.0, equal_nan=True)
    diff = c - want
    assert_cross_agrees(got[:, 1], diff)


def test_vidya_holds_on_a_flat_stretch():
    n = 20
    t = np.arange(n, dtype=np.int64) * 86400
    c = np.concatenate([np.linspace(1.0, 2.0, 8), np.full(12, 2.0)])
    got = botcopier.Features("vidya(3,2)").compute_arrays(t, c, c, c, c, np.ones(n))[:, 0]
    np.testing.assert_allclose(got, vidya_reference(c, 3, 2), rtol=1e-12, equal_nan=True)
    # Wilder's averages of a flat stretch decay without reaching 0: the seed, and
    # vidya stays at or below the flat close it approaches
    assert got[2] == c[2] and np.all(got[2:] <= 2.0)


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("bots/googl_daily.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    spec = ("smi(10,3,3),vidya(14,9),cross(smi(10,3,3).line,smi(10,3,3).signal),"
            "cross(close,vidya(14,9)),ratio(close,vidya(14,9))")
    rest, keep = batch_stream_and_gap(spec, t, d)
    line, signal = smi_reference(keep["high"], keep["low"], keep["close"], 10, 3, 3)
    v = vidya_reference(keep["close"], 14, 9)
    np.testing.assert_allclose(rest[:, 0], line, rtol=1e-9, atol=1e-9, equal_nan=True)
    np.testing.assert_allclose(rest[:, 1], signal, rtol=1e-9, atol=1e-9, equal_nan=True)
    np.testing.assert_allclose(rest[:, 2], v, rtol=1e-12, equal_nan=True)


@pytest.mark.parametrize("spec,message", [
    ("smi(10,3)", "expected ','"),
    ("smi(1,3,3)", "smi: 1 is out of range 2..100000"),
    ("smi(10,3,3).hist", "has no output '.hist'"),
    ("vidya(14)", "expected ','"),
    ("vidya(14,1)", "vidya: 1 is out of range 2..100000"),
    ("vidya(0,9)", "vidya: 0 is out of range 1..100000"),
])
def test_bad_items_are_refused_naming_them(spec, message):
    with pytest.raises(botcopier.ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
