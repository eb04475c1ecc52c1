"""dti(r,s,u) (Blau's directional trend index, Momentum, Direction and
Divergence, 1995) against numpy float64 of its definition: from bar 1,
hmu = max(high - high[1], 0), lmd = max(low[1] - low, 0), d = hmu - lmd;
DTI = 100 x ema(u) of ema(s) of ema(r) of d / the same of |d|, each EMA
TA-Lib's (seeded with the mean of its first n values, run from its first
finite value); NaN until the third EMA is seeded, lookback r+s+u-2; the
heldout30 bot's talib chain; a pandas ewm composition; streaming == batch, a
missing bar skipped, bad items refused naming them."""
import numpy as np
import pytest

import botcopier
from features_util import load, batch_stream_and_gap, ema_reference


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv", "bots/googl_daily.csv"])
def series(request):
    return load(request.param)


def dti_reference(d, r, s, u, ema=ema_reference):
    h, l = d["high"], d["low"]
    move = np.full(len(h), np.nan)
    move[1:] = np.maximum(h[1:] - h[:-1], 0.0) - np.maximum(l[:-1] - l[1:], 0.0)
    num = ema(ema(ema(move, r), s), u)
    den = ema(ema(ema(np.abs(move), r), s), u)
    out = np.where(den != 0.0, 100.0 * num / np.where(den != 0.0, den, 1.0), 0.0)
    out[np.isnan(num) | np.isnan(den)] = np.nan
    return out


@pytest.mark.parametrize("r,s,u", [(14, 10, 5), (25, 13, 5), (1, 1, 1), (40, 20, 10)])
def test_dti_matches_the_float64_ema_composition(series, r, s, u):
    bars, d = series
    f = botcopier.Features(f"dti({r},{s},{u})")
    assert f.names == [f"dti({r},{s},{u})"]
    assert f.lookback == r + s + u - 2
    got = f.compute(bars)[:, 0]
    ref = dti_reference(d, r, s, u)
    assert np.array_equal(np.isnan(got), np.isnan(ref))
    np.testing.assert_allclose(got, ref, rtol=1e-9, atol=1e-9, equal_nan=True)
    lb = r + s + u - 2
    assert np.isnan(got[:lb]).all() and np.isfinite(got[lb:]).all()
    assert (np.abs(got[lb:]) <= 100.0 + 1e-9).all()


def test_dti_is_the_heldout30_bots_talib_chain():
    talib = pytest.importorskip("talib")
    bars, d = load("bots/googl_daily.csv")
    h, l = d["high"], d["low"]
    m = len(h)
    hmu, lmd = np.zeros(m), np.zeros(m)
    hmu[1:] = np.maximum(np.diff(h), 0.0)
    lmd[1:] = np.maximum(-np.diff(l), 0.0)
    x = hmu[1:] - lmd[1:]

    def ema3(v):
        a = talib.EMA(v, 14)
        a = talib.EMA(a[13:], 10)
        a = talib.EMA(a[9:], 5)
        return a[4:]

    num, den = ema3(x), ema3(np.abs(x))
    ref = np.full(m, np.nan)
    ref[m - len(num):] = 100.0 * num / den
    got = botcopier.Features("dti(14,10,5)").compute(bars)[:, 0]
    assert np.array_equal(np.isfinite(got), np.isfinite(ref))
    ok = np.isfinite(ref)
    np.testing.assert_allclose(got[ok], ref[ok], rtol=1e-9, atol=1e-9)


def test_dti_is_a_pandas_ewm_composition():
    pd = pytest.importorskip("pandas")
    bars, d = load("aapl_daily.csv")
    df = pd.DataFrame({"high": d["high"], "low": d["low"]})
    x = (df["high"].diff().clip(lower=0.0) - (-df["low"].diff()).clip(lower=0.0)).iloc[1:]

    def ema(v, n):
        # TA-Lib's seed (the mean of the first n) then pandas' recursive ewm
        v = v.dropna()
        seeded = v.iloc[n - 1:].copy()
        seeded.iloc[0] = v.iloc[:n].mean()
        return seeded.ewm(span=n, adjust=False).mean()

    num = ema(ema(ema(x, 14), 10), 5)
    den = ema(ema(ema(x.abs(), 14), 10), 5)
    ref = (100.0 * num / den).reindex(df.index)
    got = botcopier.Features("dti(14,10,5)").compute(bars)[:, 0]
    np.testing.assert_allclose(got, ref.to_numpy(), rtol=1e-9, atol=1e-9, equal_nan=True)


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("aapl_daily.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    rest, keep = batch_stream_and_gap("dti(14,10,5)", t, d, at=300, column="high")
    ref = dti_reference(keep, 14, 10, 5)
    np.testing.assert_allclose(rest[:, 0], ref, rtol=1e-9, atol=1e-9, equal_nan=True)


@pytest.mark.parametrize("item", ["dti", "dti(0,10,5)", "dti(14,10)", "dti(14,10,5).line"])
def test_bad_items_are_refused(item):
    with pytest.raises(Exception) as e:
        botcopier.Features(item)
    assert "dti" in str(e.value)
