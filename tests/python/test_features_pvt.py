"""pvt, the price volume trend (no TA-Lib function), against an independent
numpy/pandas float64 reference written from the published formula: 0 on the
first bar, then the running sum of volume * (close / previous close - 1)
(pandas' cumsum of the terms, bit for bit); its ema(21) against TA-Lib EMA
of that reference; the cross; streaming == batch; a missing bar skipped."""
import numpy as np
import pandas as pd
import pytest

import botcopier
from features_util import load, batch_stream_and_gap, assert_cross_agrees

talib = pytest.importorskip("talib")


def pvt_reference(c, v):
    c, v = pd.Series(c), pd.Series(v)
    step = (v * (c / c.shift(1) - 1.0)).fillna(0.0)
    return step.cumsum().to_numpy()


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/googl_daily.csv"])
def series(request):
    return load(request.param)


def test_pvt_matches_the_published_formula_bit_for_bit(series):
    bars, d = series
    got = botcopier.Features("pvt,ema(pvt,21),cross(pvt,ema(pvt,21))").compute(bars)
    ref = pvt_reference(d["close"], d["volume"])
    assert np.array_equal(got[:, 0], ref)
    sig = talib.EMA(ref, 21)
    assert np.array_equal(np.isnan(got[:, 1]), np.isnan(sig))
    m = ~np.isnan(sig)
    np.testing.assert_allclose(got[m, 1], sig[m], rtol=1e-12, atol=1e-9 * np.nanmax(np.abs(ref)))
    assert_cross_agrees(got[:, 2], ref - sig, clear=1e-6 * np.nanmax(np.abs(ref)))


@pytest.mark.parametrize("column", ["close", "volume"])
def test_streaming_equals_batch_and_a_missing_bar_is_skipped(column):
    bars, d = load("sp500_daily.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    rest, keep = batch_stream_and_gap("pvt,pvt@1", t, d, at=300, column=column)
    assert np.array_equal(rest[:, 0], pvt_reference(keep["close"], keep["volume"]))


def test_pvt_takes_no_arguments():
    with pytest.raises(Exception) as e:
        botcopier.Features("pvt(14)")
    assert "pvt" in str(e.value)
