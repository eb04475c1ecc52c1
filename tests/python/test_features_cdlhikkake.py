"""cdlhikkake (TA-Lib's hikkake pattern with TA-Lib's values: +-100 on the
setup bar, +-200 on its confirmation, 0 elsewhere) against talib.CDLHIKKAKE
on four series, integers, no tolerance. Independently, a numpy float64
reference written from the pattern's definition (an inside bar; then a bar
with a lower high and a lower low, bullish, or a higher high and a higher
low, bearish; a later bar, at most three after that one and not itself a
setup, closing above the inside bar's high / below its low confirms it once)
agrees. NaN until bar 5 (TA-Lib's lookback), streaming == batch, a missing
bar skipped, bad items refused naming them."""
import numpy as np
import pytest

import botcopier
from features_util import load, batch_stream_and_gap

SERIES = ["aapl_daily.csv", "sp500_daily.csv", "bots/googl_daily.csv", "bots/eurusd_1h.csv"]


@pytest.fixture(scope="module", params=SERIES)
def series(request):
    return load(request.param)


def hikkake_reference(h, l, c):
    """The hikkake written out over whole arrays: every setup bar first, then
    each setup's confirmation searched on the three bars after it, a newer
    setup ending the search, a setup bar never a confirmation."""
    n = len(c)
    out = np.zeros(n)
    setup = np.zeros(n)
    for i in range(2, n):
        if h[i - 1] < h[i - 2] and l[i - 1] > l[i - 2]:
            if h[i] < h[i - 1] and l[i] < l[i - 1]:
                setup[i] = 1.0
            elif h[i] > h[i - 1] and l[i] > l[i - 1]:
                setup[i] = -1.0
    out[:] = 100.0 * setup
    for p in np.flatnonzero(setup):
        for j in range(p + 1, min(p + 4, n)):
            if setup[j] != 0:
                break
            if (setup[p] > 0 and c[j] > h[p - 1]) or (setup[p] < 0 and c[j] < l[p - 1]):
                out[j] = 200.0 * setup[p]
                break
    out[:5] = np.nan
    return out


def test_cdlhikkake_is_talib_cdlhikkake(series):
    talib = pytest.importorskip("talib")
    bars, d = series
    f = botcopier.Features("cdlhikkake")
    assert f.names == ["cdlhikkake"] and f.lookback == 5
    got = f.compute(bars)[:, 0]
    ref = talib.CDLHIKKAKE(d["open"], d["high"], d["low"], d["close"]).astype(np.float64)
    assert np.isnan(got[:5]).all() and not ref[:5].any()
    assert np.array_equal(got[5:], ref[5:])
    for v in (100, -100, 200, -200):
        assert (ref == v).any()


def test_cdlhikkake_matches_the_float64_reference(series):
    bars, d = series
    got = botcopier.Features("cdlhikkake").compute(bars)[:, 0]
    ref = hikkake_reference(d["high"], d["low"], d["close"])
    assert np.array_equal(got, ref, equal_nan=True)
    assert (got == 200.0).sum() > 5 and (got == -200.0).sum() > 5


def test_cdlhikkake_streaming_batch_and_a_missing_bar():
    bars, d = load("sp500_daily.csv")
    times = np.asarray(bars.time, dtype=np.int64)
    rest, keep = batch_stream_and_gap("cdlhikkake", times, d, at=300, column="high")
    ref = hikkake_reference(keep["high"], keep["low"], keep["close"])
    assert np.array_equal(rest[:, 0], ref, equal_nan=True)


@pytest.mark.parametrize("bad", ["cdlhikkake(3)", "cdlhikkake.line", "cdlhikkake()"])
def test_bad_cdlhikkake_items_are_refused(bad):
    with pytest.raises(ValueError, match="cdlhikkake"):
        botcopier.Features(bad)
