"""The MetaTrader 5 families of the feature engine (lib/features/mt5.c):
smma(n) (iMA MODE_SMMA), medprice and typprice (TA-Lib MEDPRICE/TYPPRICE,
MT5 PRICE_MEDIAN/PRICE_TYPICAL), demarker(n) and rvi(n), each against an
independent reference written here from MT5's published formulas (float64
loops, pandas, TA-Lib) on real series, streaming == batch bit for bit, the
Awesome Oscillator as a composite, and bad arguments refused naming the
value."""
import pathlib

import numpy as np
import pandas as pd
import pytest

import botcopier
from features_util import load, streamed

DATA = pathlib.Path(__file__).resolve().parents[2] / "tests" / "data"


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv"])
def series(request):
    return load(request.param)


def column(bars, spec):
    return botcopier.Features(spec).compute(bars)[:, 0]


def smma_loop(x, n):
    """MT5's SMMA as its formula reads, in float64: SMMA1 = SUM(CLOSE, N)/N
    (summed oldest first), SMMA(i) = (SMMA(i-1) * (N-1) + CLOSE(i)) / N."""
    out = np.full(len(x), np.nan)
    acc = 0.0
    for i in range(n):
        acc += float(x[i])
    prev = acc / n
    out[n - 1] = prev
    for i in range(n, len(x)):
        prev = (prev * (n - 1) + float(x[i])) / n
        out[i] = prev
    return out


@pytest.mark.parametrize("n", [2, 10, 14, 30, 100])
def test_smma_is_bit_identical_to_the_mt5_formula(series, n):
    bars, d = series
    got = column(bars, f"smma({n})")
    ref = smma_loop(d["close"], n)
    assert np.array_equal(np.isnan(got), np.isnan(ref))
    assert got.tobytes() == ref.tobytes()


@pytest.mark.parametrize("n", [2, 10, 30])
def test_smma_is_pandas_ewm_with_alpha_one_over_n_seeded_with_the_sma(series, n):
    bars, d = series
    got = column(bars, f"smma({n})")
    c = pd.Series(d["close"])
    seed = c.iloc[:n].mean()
    s = pd.concat([pd.Series([seed]), c.iloc[n:]], ignore_index=True)
    ref = np.concatenate([np.full(n - 1, np.nan),
                          s.ewm(alpha=1.0 / n, adjust=False).mean().to_numpy()])
    np.testing.assert_allclose(got[n - 1:], ref[n - 1:], rtol=1e-12, atol=0)
    assert np.isnan(got[:n - 1]).all()


def test_medprice_and_typprice_are_talib_bit_for_bit(series):
    talib = pytest.importorskip("talib")
    bars, d = series
    f = botcopier.Features("medprice,typprice")
    got = f.compute(bars)
    assert got[:, 0].tobytes() == talib.MEDPRICE(d["high"], d["low"]).tobytes()
    assert got[:, 1].tobytes() == talib.TYPPRICE(d["high"], d["low"], d["close"]).tobytes()


def test_awesome_oscillator_is_the_median_price_sma_difference(series):
    bars, d = series
    got = column(bars, "diff(mean(medprice,5),mean(medprice,34))")
    m = pd.Series((d["high"] + d["low"]) / 2.0)
    ref = (m.rolling(5).mean() - m.rolling(34).mean()).to_numpy()
    assert np.array_equal(np.isnan(got), np.isnan(ref))
    ok = ~np.isnan(ref)
    scale = np.abs(m.to_numpy()).max()
    np.testing.assert_allclose(got[ok], ref[ok], rtol=0, atol=1e-12 * scale)


def demarker_ref(h, lo, n):
    hs, ls = pd.Series(h), pd.Series(lo)
    dmax = (hs - hs.shift(1)).clip(lower=0.0)
    dmin = (ls.shift(1) - ls).clip(lower=0.0)
    a, b = dmax.rolling(n).mean(), dmin.rolling(n).mean()
    total = a + b
    return np.where(total.isna(), np.nan, np.where(total != 0, a / total.where(total != 0, 1), 0.0))


@pytest.mark.parametrize("n", [1, 2, 14, 30])
def test_demarker_matches_pandas(series, n):
    bars, d = series
    got = column(bars, f"demarker({n})")
    ref = demarker_ref(d["high"], d["low"], n)
    assert np.array_equal(np.isnan(got), np.isnan(ref))
    ok = ~np.isnan(ref)
    np.testing.assert_allclose(got[ok], ref[ok], rtol=0, atol=1e-12)
    assert (got[ok] >= 0).all() and (got[ok] <= 1).all()
    assert np.isnan(got[:n]).all() and not np.isnan(got[n])


def test_demarker_of_a_window_without_moves_is_zero():
    n = 60
    t = np.arange(n, dtype=np.int64) * 86400 + 1_600_000_000
    c = np.full(n, 100.0)
    h, lo = c + 1.0, c - 1.0
    h[40:] = h[40] + np.arange(n - 40)  # the highs rise from bar 41 on
    f = botcopier.Features("demarker(5)")
    got = f.compute_arrays(t, c, c, h, lo, np.ones(n))[:, 0]
    assert (got[5:41] == 0.0).all()
    assert got[45] == 1.0


def rvi_ref(o, h, lo, c, n):
    """numpy: the 1-2-2-1 weighted close-open and high-low of 4 bars, their
    sums over n bars, line = num/den (0 where den is 0), signal = the
    1-2-2-1 weighting of the line over 6."""
    co, hl = c - o, h - lo
    up = np.full(len(c), np.nan)
    dn = np.full(len(c), np.nan)
    up[3:] = co[3:] + 2 * co[2:-1] + 2 * co[1:-2] + co[:-3]
    dn[3:] = hl[3:] + 2 * hl[2:-1] + 2 * hl[1:-2] + hl[:-3]
    num = pd.Series(up).rolling(n).sum().to_numpy()
    den = pd.Series(dn).rolling(n).sum().to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        line = np.where(den != 0, num / den, 0.0) + 0 * num
    sig = np.full(len(c), np.nan)
    sig[3:] = (line[3:] + 2 * line[2:-1] + 2 * line[1:-2] + line[:-3]) / 6
    line[np.isnan(sig)] = np.nan  # the kind's outputs start together
    return line, sig


@pytest.mark.parametrize("n", [1, 4, 10, 20])
def test_rvi_matches_numpy(series, n):
    bars, d = series
    got = botcopier.Features(f"rvi({n})").compute(bars)
    line, sig = rvi_ref(d["open"], d["high"], d["low"], d["close"], n)
    for j, ref in ((0, line), (1, sig)):
        assert np.array_equal(np.isnan(got[:, j]), np.isnan(ref))
        ok = ~np.isnan(ref)
        np.testing.assert_allclose(got[ok, j], ref[ok], rtol=0, atol=1e-12)
    assert np.isnan(got[:n + 5]).all() and not np.isnan(got[n + 5]).any()


SPEC = ("smma(10),smma(30),medprice,typprice,diff(mean(medprice,5),mean(medprice,34)),"
        "cross(diff(mean(medprice,5),mean(medprice,34)),0),demarker(14),cross(demarker(14),0.3),"
        "rvi(10),cross(rvi(10).line,rvi(10).signal),ratio(close,smma(20)),zscore(demarker(14),20),"
        "smma(10)@2,rvi(10).line@1")


def test_mt5_families_stream_bit_identical_to_batch():
    bars, d = load("bots/eurusd_1h.csv")
    f = botcopier.Features(SPEC)
    batch = f.compute(bars)
    assert streamed(f, bars.time, d).tobytes() == batch.tobytes()
    assert np.isfinite(batch[f.lookback + 1:]).all()
    assert f.names[8:10] == ["rvi(10).line", "rvi(10).signal"]


@pytest.mark.parametrize("spec, needle", [
    ("smma(1)", "smma: 1 is out of range 2..100000"),
    ("smma(100001)", "smma: 100001 is out of range 2..100000"),
    ("smma(2.5)", "'2.5' is not an integer"),
    ("smma(10).x", "one output"),
    ("medprice(5)", "takes no arguments"),
    ("typprice(1)", "takes no arguments"),
    ("demarker(0)", "demarker: 0 is out of range 1..100000"),
    ("demarker(14,3)", "expected ')'"),
    ("rvi(0)", "rvi: 0 is out of range 1..1000"),
    ("rvi(1001)", "rvi: 1001 is out of range 1..1000"),
    ("rvi(10).hist", "no output '.hist'"),
    ("cross(rvi(10),0)", "single columns"),
])
def test_bad_mt5_items_are_parse_errors_naming_the_value(spec, needle):
    with pytest.raises(botcopier.ParseError) as e:
        botcopier.Features(spec)
    assert needle in str(e.value)
