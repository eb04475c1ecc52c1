"""htsine -> .sine .lead, htdcperiod and httrendmode (Ehlers' Hilbert-transform
cycle items) against the PyPI ta-lib's talib.HT_SINE, HT_DCPERIOD and
HT_TRENDMODE, the reference. The kernels (lib/features/ht.c on hilbert.h, the
steps MAMA shares) do TA-Lib's operations in TA-Lib's order without fused
multiply-adds (a plain float64 transliteration of HT_DCPERIOD's loop gives the
kernel's bits); the installed wheel's libta-lib is built with them (vfmadd in
its code), so httrendmode agrees exactly and htdcperiod, sine and lead to a few
ulps (|difference| <= 2e-15 on the sine and lead, <= 2e-15 relative on the
period, from the first output on; talib.MAMA against mama() the same): the test
asks 1e-9 relative plus 1e-12 absolute (a sine near 0).
NaN before bar 63 (htsine, httrendmode) and 32 (htdcperiod), TA-Lib's
lookbacks. Streaming == batch, a missing bar skipped (the series goes on as
TA-Lib's would without that bar), the heldout16 generator's crossing rule, bad
items refused."""
import numpy as np
import pytest

import botcopier
from features_util import load, batch_stream_and_gap

talib = pytest.importorskip("talib")

ITEMS = "htsine,htdcperiod,httrendmode"


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/googl_daily.csv", "bots/eurusd_1h.csv"])
def series(request):
    return load(request.param)


def reference(c):
    sine, lead = talib.HT_SINE(c)
    trend = talib.HT_TRENDMODE(c).astype(float)
    trend[:63] = np.nan  # TA-Lib's integer output holds 0 before its lookback
    return [sine, lead, talib.HT_DCPERIOD(c), trend]


def close(got, ref):
    np.testing.assert_allclose(got, ref, rtol=1e-9, atol=1e-12, equal_nan=True)


def test_ht_items_match_talib(series):
    bars, d = series
    f = botcopier.Features(ITEMS)
    assert f.names == ["htsine.sine", "htsine.lead", "htdcperiod", "httrendmode"]
    assert f.lookback == 63
    assert botcopier.Features("htdcperiod").lookback == 32
    got = f.compute(bars)
    for col, ref in enumerate(reference(d["close"])):
        assert np.array_equal(np.isnan(got[:, col]), np.isnan(ref))
        close(got[:, col], ref)
    np.testing.assert_array_equal(got[63:, 3], talib.HT_TRENDMODE(d["close"])[63:])
    assert np.isnan(got[:63, [0, 1, 3]]).all() and np.isfinite(got[63:]).all()
    assert np.isnan(got[:32, 2]).all() and np.isfinite(got[32:, 2]).all()
    assert 0 < got[63:, 3].mean() < 1


def test_the_crossing_is_the_heldout16_generators_rule():
    """make_heldout16_bots.ht_sine_aapl: the sine going from <= its lead to >
    it is long, the mirror short: cross(...) = +1 / -1 on those bars."""
    bars, d = load("aapl_daily.csv")
    sine, lead = talib.HT_SINE(d["close"])
    got = botcopier.Features("cross(htsine.sine,htsine.lead)").compute(bars)
    ok = np.isfinite(sine) & np.isfinite(lead)
    ok[1:] &= ok[:-1]
    ok[0] = False
    up = np.zeros(len(sine), dtype=bool)
    dn = np.zeros(len(sine), dtype=bool)
    up[1:] = (sine[:-1] <= lead[:-1]) & (sine[1:] > lead[1:])
    dn[1:] = (sine[:-1] >= lead[:-1]) & (sine[1:] < lead[1:])
    want = np.where(ok & up, 1.0, np.where(ok & dn, -1.0, 0.0))
    have = np.nan_to_num(got[:, 0])
    np.testing.assert_array_equal(have, want)
    assert (want == 1).sum() > 20 and (want == -1).sum() > 20


def test_a_series_shorter_than_the_lookback_is_all_nan():
    n = 63
    t = np.arange(n, dtype=np.int64) * 86400
    c = 100.0 + np.sin(np.arange(n) / 3.0)
    got = botcopier.Features(ITEMS).compute_arrays(t, c, c, c, c, np.ones(n))
    assert np.isnan(got[:, [0, 1, 3]]).all()
    c = np.append(c, 101.0)
    t = np.arange(n + 1, dtype=np.int64) * 86400
    got = botcopier.Features(ITEMS).compute_arrays(t, c, c, c, c, np.ones(n + 1))
    for col, ref in enumerate(reference(c)):
        close(got[:, col], ref)
    assert np.isfinite(got[63]).all()


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("sp500_daily.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    s = ITEMS + ",htsine.lead@1,cross(htsine.sine,htsine.lead)"
    for at in (301, 302):  # an odd and an even bar: the parity moves with the bars
        rest, keep = batch_stream_and_gap(s, t, d, at=at)
        for col, ref in enumerate(reference(keep["close"])):
            close(rest[:, col], ref)


@pytest.mark.parametrize("item,message", [
    ("htsine(5)", "takes no arguments"),
    ("htsine.cosine", "has no output '.cosine'"),
    ("htdcperiod.sine", "'htdcperiod' has one output; '.sine' selects nothing"),
    ("httrendmode(1)", "takes no arguments"),
])
def test_bad_items_are_refused_naming_them(item, message):
    with pytest.raises(botcopier.ParseError, match=message.replace("(", r"\(")
                       .replace(")", r"\)").replace(".", r"\.")):
        botcopier.Features(item)
