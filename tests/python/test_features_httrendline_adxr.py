"""httrendline (Ehlers' instantaneous trendline, lib/features/ht.c: httrendmode's
trendline, one function) against the PyPI ta-lib's talib.HT_TRENDLINE, and
adxr(n) (Wilder's ADX rating, lib/features/adx.c on adx(n)'s step) against
talib.ADXR, the references.

Measured: httrendline equals HT_TRENDLINE bit for bit (np.array_equal) on the
four series below; the trendline is sums and a WMA with no product that the
wheel's fused multiply-adds round differently. adxr agrees to <= 2e-15
relative (adx(n)'s own difference from talib.ADX: the wheel contracts the
smoothing differently); the test asks 1e-12 relative. NaN before bar 63
(httrendline) and 3n-2 (adxr), TA-Lib's lookbacks. Streaming == batch, a
missing bar skipped, the heldout19 generators' rules, bad items refused."""
import numpy as np
import pytest

import botcopier
from features_util import load, batch_stream_and_gap

talib = pytest.importorskip("talib")

ITEMS = "httrendline,adxr(14),adxr(5)"


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/googl_daily.csv", "bots/eurusd_1h.csv"])
def series(request):
    return load(request.param)


def reference(d):
    h, l, c = d["high"], d["low"], d["close"]
    return [talib.HT_TRENDLINE(c), talib.ADXR(h, l, c, 14), talib.ADXR(h, l, c, 5)]


def test_httrendline_and_adxr_match_talib(series):
    bars, d = series
    f = botcopier.Features(ITEMS)
    assert f.names == ["httrendline", "adxr(14)", "adxr(5)"]
    assert f.lookback == 63
    assert botcopier.Features("adxr(14)").lookback == 40
    assert botcopier.Features("adxr(2)").lookback == 4
    got = f.compute(bars)
    ref = reference(d)
    for col in range(3):
        assert np.array_equal(np.isnan(got[:, col]), np.isnan(ref[col]))
    assert np.array_equal(got[:, 0], ref[0], equal_nan=True)  # bit for bit
    for col in (1, 2):
        np.testing.assert_allclose(got[:, col], ref[col], rtol=1e-12, atol=0, equal_nan=True)
    assert np.isnan(got[:63, 0]).all() and np.isfinite(got[63:, 0]).all()
    assert np.isnan(got[:40, 1]).all() and np.isfinite(got[40:, 1]).all()
    assert np.isnan(got[:13, 2]).all() and np.isfinite(got[13:, 2]).all()


def test_adxr_is_the_mean_of_adx_and_its_lag_exactly():
    bars, _ = load("bots/eurusd_1h.csv")
    got = botcopier.Features("adxr(14),adx(14),adx(14)@13").compute(bars)
    ok = np.isfinite(got[:, 0])
    assert ok.sum() > 1000
    np.testing.assert_array_equal(got[ok, 0], (got[ok, 1] + got[ok, 2]) / 2.0)


def test_the_crossing_is_the_heldout19_generators_rule():
    """make_heldout19_bots.ht_trendline_aapl: the close going from <= the
    trendline to > it is long, the mirror short: cross(close,httrendline)."""
    bars, d = load("aapl_daily.csv")
    c = d["close"]
    tl = talib.HT_TRENDLINE(c)
    got = botcopier.Features("cross(close,httrendline),ratio(close,httrendline)").compute(bars)
    ok = np.isfinite(tl)
    ok[1:] &= ok[:-1]
    ok[0] = False
    up = np.zeros(len(c), dtype=bool)
    dn = np.zeros(len(c), dtype=bool)
    up[1:] = (c[:-1] <= tl[:-1]) & (c[1:] > tl[1:])
    dn[1:] = (c[:-1] >= tl[:-1]) & (c[1:] < tl[1:])
    want = np.where(ok & up, 1.0, np.where(ok & dn, -1.0, 0.0))
    np.testing.assert_array_equal(np.nan_to_num(got[:, 0]), want)
    assert (want == 1).sum() > 20 and (want == -1).sum() > 20
    np.testing.assert_array_equal(got[63:, 1], c[63:] / tl[63:])


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("sp500_daily.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    for at in (301, 302):  # an odd and an even bar: the Hilbert parity moves with the bars
        rest, keep = batch_stream_and_gap(ITEMS, t, d, at=at)
        ref = reference(keep)
        assert np.array_equal(rest[:, 0], ref[0], equal_nan=True)
        for col in (1, 2):
            np.testing.assert_allclose(rest[:, col], ref[col], rtol=1e-12, equal_nan=True)


@pytest.mark.parametrize("item,message", [
    ("httrendline(5)", "takes no arguments"),
    ("httrendline.sine", "'httrendline' has one output; '.sine' selects nothing"),
    ("adxr(1)", "adxr: 1 is out of range 2..100000"),
    ("adxr", "expected '('"),
    ("adxr(14).plus", "one output"),
])
def test_bad_items_are_refused_naming_them(item, message):
    with pytest.raises(botcopier.ParseError, match=message.replace("(", r"\(")
                       .replace(")", r"\)").replace(".", r"\.")):
        botcopier.Features(item)
