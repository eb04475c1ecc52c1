"""Two published indicators the level grid spells with existing items (no family of
their own), against independent float64 references (PyPI ta-lib, numpy):

- Leibfarth's premier stochastic oscillator (TASC, August 2008): k = TA-Lib STOCHF
  fast %K(8), s = ema(ema(0.1 (k - 50), 5), 5), PSO = (e^s - 1) / (e^s + 1) =
  tanh(s / 2). The EMAs are linear (TA-Lib's SMA seed too), so s = 0.1
  (ema(ema(stoch(8,1,1).k,5),5) - 50), and PSO is monotone in that item: his levels
  +-0.2 are the item at 50 -+ 20 atanh(0.2) (45.95 / 54.05), the grid's fitted
  crossings.
- Andersen's standard error bands (TASC, September 1996): the 21-bar least-squares
  line's end value LR and its standard error SE, mid = sma(LR, 3), bands mid +- 2
  sma(SE, 3); the close's place ratio(diff(close,mean(linreg(21),3)),
  mean(linregse(21),3)) is +-2 on the bands and 0 on mid."""
import numpy as np
import pytest
import talib

import botcopier
from features_util import load

PSO_ITEM = "ema(ema(stoch(8,1,1).k,5),5)"
SE_ITEM = "ratio(diff(close,mean(linreg(21),3)),mean(linregse(21),3))"


@pytest.fixture(scope="module", params=["bots/heldout/eurusd_1h_2017.csv", "sp500_daily.csv",
                                        "bots/googl_daily.csv"])
def series(request):
    return load(request.param)


def ema_from_first(x, n):
    """TA-Lib EMA from x's first finite value (its SMA seed there)."""
    out = np.full(len(x), np.nan)
    first = int(np.argmax(np.isfinite(x)))
    out[first:] = talib.EMA(x[first:], n)
    return out


def pso_reference(d):
    k, _ = talib.STOCHF(d["high"], d["low"], d["close"], 8, 1, 0)
    s = ema_from_first(ema_from_first(0.1 * (k - 50.0), 5), 5)
    return s, (np.exp(s) - 1.0) / (np.exp(s) + 1.0)


def test_the_pso_item_is_leibfarths_smoothing(series):
    bars, d = series
    got = botcopier.Features(PSO_ITEM).compute(bars)[:, 0]
    s, pso = pso_reference(d)
    assert np.array_equal(np.isnan(got), np.isnan(s))
    m = ~np.isnan(s)
    np.testing.assert_allclose(0.1 * (got[m] - 50.0), s[m], rtol=1e-9, atol=1e-11)
    # his levels are the item's 50 -+ 20 atanh(level): the same side on every bar
    # but those within rounding of the level
    for level in (-0.9, -0.2, 0.2, 0.9):
        cut = 50.0 + 20.0 * np.arctanh(level)
        near = np.abs(got[m] - cut) < 1e-9
        assert np.array_equal((got[m] > cut)[~near], (pso[m] > level)[~near])
        assert (got[m] > cut).any() and (got[m] < cut).any()


def se_reference(c, n=21, smooth=3, width=2.0):
    x = np.arange(n, dtype=np.float64)
    lr = np.full(len(c), np.nan)
    se = np.full(len(c), np.nan)
    for t in range(n - 1, len(c)):
        y = c[t - n + 1:t + 1]
        slope, icept = np.polyfit(x, y, 1)
        r = y - (icept + slope * x)
        lr[t] = icept + slope * (n - 1)
        se[t] = np.sqrt(np.sum(r * r) / (n - 2))
    mid = np.full(len(c), np.nan)
    band = np.full(len(c), np.nan)
    mid[n - 1:] = talib.SMA(lr[n - 1:], smooth)
    band[n - 1:] = talib.SMA(se[n - 1:], smooth)
    return mid, width * band


def test_the_se_item_is_the_close_in_andersens_bands(series):
    bars, d = series
    c = d["close"]
    got = botcopier.Features(SE_ITEM).compute(bars)[:, 0]
    mid, width = se_reference(c)
    want = 2.0 * (c - mid) / width
    assert np.array_equal(np.isnan(got), np.isnan(want))
    m = ~np.isnan(want)
    np.testing.assert_allclose(got[m], want[m], rtol=1e-7, atol=1e-7)
    # the bot's events: below the lower band, above the upper, beyond mid
    # (but on bars within rounding of a band)
    g, cm = got[m], c[m]
    off = np.abs(g + 2) > 1e-6
    assert np.array_equal((g < -2)[off], (cm < (mid - width)[m])[off])
    off = np.abs(g - 2) > 1e-6
    assert np.array_equal((g > 2)[off], (cm > (mid + width)[m])[off])
    assert (got[m] < -2).sum() > 5 and (got[m] > 2).sum() > 5
