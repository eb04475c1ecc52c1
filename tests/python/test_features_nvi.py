"""nvi and pvi, Fosback's negative and positive volume indexes (no TA-Lib
function), against an independent numpy float64 reference written from the
published formula: 1000 on the first bar, then the previous value times close /
previous close on a bar whose volume fell (nvi) / rose (pvi) from the previous
bar's, unchanged otherwise (bit for bit); ema(nvi,50) against TA-Lib EMA of that
reference; the cross; streaming == batch; a missing bar skipped."""
import numpy as np
import pytest

import botcopier
from features_util import load, batch_stream_and_gap, assert_cross_agrees

talib = pytest.importorskip("talib")


def vi_reference(c, v, negative=True):
    c, v = np.asarray(c, dtype=np.float64), np.asarray(v, dtype=np.float64)
    out = np.full_like(c, 1000.0)
    for t in range(1, len(c)):
        moves = v[t] < v[t - 1] if negative else v[t] > v[t - 1]
        out[t] = out[t - 1] * (c[t] / c[t - 1] if moves else 1.0)
    return out


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/googl_daily.csv"])
def series(request):
    return load(request.param)


def test_nvi_pvi_match_the_published_formula_bit_for_bit(series):
    bars, d = series
    got = botcopier.Features("nvi,pvi,ema(nvi,50),cross(nvi,ema(nvi,50))").compute(bars)
    nvi = vi_reference(d["close"], d["volume"], True)
    pvi = vi_reference(d["close"], d["volume"], False)
    assert np.array_equal(got[:, 0], nvi)
    assert np.array_equal(got[:, 1], pvi)
    assert not np.array_equal(nvi, pvi)
    sig = talib.EMA(nvi, 50)
    assert np.array_equal(np.isnan(got[:, 2]), np.isnan(sig))
    m = ~np.isnan(sig)
    np.testing.assert_allclose(got[m, 2], sig[m], rtol=1e-12)
    assert_cross_agrees(got[:, 3], nvi - sig, clear=1e-9 * np.nanmax(np.abs(nvi)))


def test_hand_values():
    c = np.array([10.0, 11.0, 12.0, 9.0, 9.0, 18.0])
    v = np.array([100.0, 50.0, 80.0, 80.0, 10.0, 20.0])
    # nvi moves on bars 1 (x1.1) and 4 (x1); pvi on bars 2 (x12/11) and 5 (x2)
    nvi = vi_reference(c, v, True)
    pvi = vi_reference(c, v, False)
    assert np.allclose(nvi, [1000, 1100, 1100, 1100, 1100, 1100])
    assert np.allclose(pvi, [1000, 1000, 1000 * 12 / 11, 1000 * 12 / 11, 1000 * 12 / 11,
                             2000 * 12 / 11])
    f = botcopier.Features("nvi,pvi")
    rows = [f.update(i * 86400, x, x, x, x, vol) for i, (x, vol) in enumerate(zip(c, v))]
    got = np.array(rows)
    assert np.array_equal(got[:, 0], nvi)
    assert np.array_equal(got[:, 1], pvi)


@pytest.mark.parametrize("column", ["close", "volume"])
def test_streaming_equals_batch_and_a_missing_bar_is_skipped(column):
    bars, d = load("sp500_daily.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    rest, keep = batch_stream_and_gap("nvi,pvi,nvi@1", t, d, at=300, column=column)
    assert np.array_equal(rest[:, 0], vi_reference(keep["close"], keep["volume"], True))
    assert np.array_equal(rest[:, 1], vi_reference(keep["close"], keep["volume"], False))


@pytest.mark.parametrize("item", ["nvi(14)", "pvi(255)"])
def test_the_indexes_take_no_arguments(item):
    with pytest.raises(Exception) as e:
        botcopier.Features(item)
    assert item[:3] in str(e.value)
