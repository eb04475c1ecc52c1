"""The vortex indicator vortex(n) (.plus .minus) and Hull's moving average
hma(n): vortex against a plain numpy float64 loop (each window summed afresh)
and against the TA-Lib composition a bot writes (talib.SUM of the terms over
talib.SUM of TRANGE, bit for bit: the engine keeps SUM's running sums); hma
against its definition on TA-Lib WMA (wma(floor(sqrt n)) of 2 wma(n/2) -
wma(n)); NaN through the warm-up, streaming == batch bit for bit, the items a
bot looks at, and bad arguments refused naming the item."""
import numpy as np
import pytest

import botcopier
from features_util import load, streamed

talib = pytest.importorskip("talib")


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv", "bots/googl_daily.csv"])
def series(request):
    return load(request.param)


def vortex_loop(h, lo, c, n):
    """VI+ and VI- by their definition, one window at a time in float64."""
    out_p, out_m = np.full(len(c), np.nan), np.full(len(c), np.nan)
    for t in range(n, len(c)):
        sp = sm = sr = 0.0
        for i in range(t - n + 1, t + 1):
            sp += abs(h[i] - lo[i - 1])
            sm += abs(lo[i] - h[i - 1])
            sr += max(h[i] - lo[i], abs(h[i] - c[i - 1]), abs(lo[i] - c[i - 1]))
        out_p[t], out_m[t] = (sp / sr, sm / sr) if sr != 0.0 else (0.0, 0.0)
    return out_p, out_m


def vortex_talib(h, lo, c, n):
    vmp, vmm = np.full_like(c, np.nan), np.full_like(c, np.nan)
    vmp[1:], vmm[1:] = np.abs(h[1:] - lo[:-1]), np.abs(lo[1:] - h[:-1])
    tr = talib.SUM(talib.TRANGE(h, lo, c), n)
    return talib.SUM(vmp, n) / tr, talib.SUM(vmm, n) / tr


def hma_talib(c, n):
    raw = 2.0 * talib.WMA(c, n // 2) - talib.WMA(c, n)
    out = np.full_like(c, np.nan)
    out[n - 1:] = talib.WMA(raw[n - 1:], int(np.floor(np.sqrt(n))))
    return out


@pytest.mark.parametrize("n", [14, 21, 2, 60])
def test_vortex_matches_a_numpy_loop_and_talib_sums(series, n):
    bars, d = series
    got = botcopier.Features(f"vortex({n})").compute(bars)
    h, lo, c = d["high"], d["low"], d["close"]
    for k, (loop, ta) in enumerate(zip(vortex_loop(h, lo, c, n), vortex_talib(h, lo, c, n))):
        assert np.isnan(got[:n, k]).all() and np.isfinite(got[n:, k]).all()
        np.testing.assert_allclose(got[n:, k], loop[n:], rtol=1e-12, atol=0)
        assert got[n:, k].tobytes() == ta[n:].tobytes()


def test_vortex_is_0_on_a_flat_stretch_and_in_range():
    rng = np.random.default_rng(3)
    n = 400
    c = 100 + np.cumsum(rng.normal(0, 1, n))
    c[100:140] = c[100]
    h, lo = c + rng.uniform(0, 2, n), c - rng.uniform(0, 2, n)
    h[100:140] = lo[100:140] = c[100:140]
    t = np.arange(n, dtype=np.int64) * 86400
    f = botcopier.Features("vortex(14)")
    got = f.compute_arrays(t, c, c, h, lo, np.ones(n))
    loop = vortex_loop(h, lo, c, 14)
    np.testing.assert_allclose(got[14:, 0], loop[0][14:], rtol=1e-12)
    np.testing.assert_allclose(got[14:, 1], loop[1][14:], rtol=1e-12)
    assert (got[120:140] == 0.0).all()  # 14 bars with nothing moving
    assert (got[14:] >= 0).all()


@pytest.mark.parametrize("n", [16, 9, 20, 21, 4, 5, 55])
def test_hma_matches_the_talib_wma_composition(series, n):
    bars, d = series
    got = botcopier.Features(f"hma({n})").compute(bars)[:, 0]
    ref = hma_talib(d["close"], n)
    lookback = n - 1 + int(np.floor(np.sqrt(n))) - 1
    assert np.isnan(got[:lookback]).all() and np.isfinite(got[lookback:]).all()
    assert np.array_equal(np.isnan(got), np.isnan(ref))
    np.testing.assert_allclose(got[lookback:], ref[lookback:], rtol=1e-12, atol=0)


def test_hma_of_a_line_is_the_line():
    """Every wma of a straight line lags it by (n-1)/3; Hull's 2*wma(n/2) -
    wma(n) and the outer wma cancel the lag only approximately, but a
    constant is kept exactly."""
    c = np.full(300, 42.0)
    t = np.arange(300, dtype=np.int64) * 86400
    got = botcopier.Features("hma(16)").compute_arrays(t, c, c, c, c, np.ones(300))[:, 0]
    assert (got[18:] == 42.0).all() and np.isnan(got[:18]).all()


SPEC = ("vortex(14),vortex(21).plus,vortex(2),cross(vortex(14).plus,vortex(14).minus),"
        "ratio(vortex(14).plus,vortex(14).minus),vortex(14).minus@1,hma(16),hma(9),hma(4),"
        "cross(hma(16),hma(16)@1),ratio(close,hma(20)),zscore(hma(21),20),hma(16)@2")


@pytest.mark.parametrize("name", ["bots/eurusd_1h.csv", "bots/googl_daily.csv"])
def test_vortex_and_hma_stream_bit_identical_to_batch(name):
    bars, d = load(name)
    f = botcopier.Features(SPEC)
    batch = f.compute(bars)
    assert streamed(f, bars.time, d).tobytes() == batch.tobytes()
    assert np.isfinite(batch[f.lookback + 1:]).all()


def test_the_hull_turn_is_a_cross_of_hma_with_its_previous_bar():
    """A Hull turn bot (rising after falling) reads cross(hma(16),hma(16)@1):
    +1 where hma starts rising, -1 where it starts falling."""
    bars, d = load("bots/googl_daily.csv")
    got = botcopier.Features("cross(hma(16),hma(16)@1)").compute(bars)[:, 0]
    hma = hma_talib(d["close"], 16)
    rising = hma[2:] > hma[1:-1]
    was = hma[1:-1] > hma[:-2]
    ok = np.isfinite(hma[:-2])
    turn = np.where(rising & ~was, 1.0, np.where(was & ~rising, -1.0, 0.0))
    assert (got[2:][ok] != 0).sum() > 50
    # ties (hma exactly equal to its previous value) aside, the two agree
    assert (got[2:][ok] == turn[ok]).mean() > 0.99


@pytest.mark.parametrize("spec, needle", [
    ("vortex(1)", "vortex: 1 is out of range 2..100000"),
    ("vortex(100001)", "vortex: 100001 is out of range 2..100000"),
    ("vortex(2.5)", "vortex: '2.5' is not an integer"),
    ("vortex(14).up", "'vortex(14)' has no output '.up'"),
    ("hma(3)", "hma: 3 is out of range 4..100000"),
    ("hma(14,2)", "expected ')'"),
])
def test_bad_vortex_and_hma_items_are_parse_errors_naming_the_item(spec, needle):
    with pytest.raises(botcopier.ParseError) as e:
        botcopier.Features(spec)
    assert needle in str(e.value)
