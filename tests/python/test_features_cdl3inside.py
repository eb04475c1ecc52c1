"""cdl3inside (TA-Lib's three inside up / down as its side, +1 / -1 / 0)
against talib.CDL3INSIDE on four series: the item is exactly TA-Lib's value
over 100 (TA-Lib gives only +-100 and 0), integers, no tolerance.
Independently, a numpy float64 reference written from TA-Lib's documented
candle settings (BodyLong and BodyShort: the mean body of the 10 bars
before, factor 1; the first bar long, the second short and strictly inside
its body, the third of the other colour closing beyond the first's open)
agrees. NaN until bar 12 (TA-Lib's lookback), streaming == batch, a missing
bar skipped, bad items refused naming them."""
import numpy as np
import pytest

import botcopier
from features_util import load, batch_stream_and_gap

SERIES = ["aapl_daily.csv", "sp500_daily.csv", "bots/googl_daily.csv", "bots/eurusd_1h.csv"]


@pytest.fixture(scope="module", params=SERIES)
def series(request):
    return load(request.param)


def three_inside_reference(o, c, avg=10):
    """Three inside up / down written out: both body sums as TA-Lib keeps them
    (summed in order from the first bars, then slid by the new body less the
    leaving one), the first bar i-2, the second i-1, the third i."""
    n = len(c)
    body, top, bottom = np.abs(c - o), np.maximum(o, c), np.minimum(o, c)
    white = c >= o
    out = np.full(n, np.nan)
    if n <= avg + 2:
        return out
    long_sum = 0.0
    for j in range(0, avg):
        long_sum += body[j]
    short_sum = 0.0
    for j in range(1, avg + 1):
        short_sum += body[j]
    for i in range(avg + 2, n):
        out[i] = 0.0
        if (body[i - 2] > long_sum / avg and body[i - 1] <= short_sum / avg
                and top[i - 1] < top[i - 2] and bottom[i - 1] > bottom[i - 2]):
            if white[i - 2] and not white[i] and c[i] < o[i - 2]:
                out[i] = -1.0
            elif not white[i - 2] and white[i] and c[i] > o[i - 2]:
                out[i] = 1.0
        long_sum += body[i - 2] - body[i - 2 - avg]
        short_sum += body[i - 1] - body[i - 1 - avg]
    return out


def test_cdl3inside_is_talib_cdl3inside_over_100(series):
    talib = pytest.importorskip("talib")
    bars, d = series
    f = botcopier.Features("cdl3inside")
    assert f.names == ["cdl3inside"] and f.lookback == 12
    got = f.compute(bars)[:, 0]
    ref = talib.CDL3INSIDE(d["open"], d["high"], d["low"], d["close"]).astype(np.float64)
    assert np.isnan(got[:12]).all() and not ref[:12].any()
    assert np.array_equal(got[12:], ref[12:] / 100.0)
    assert (ref == 100).any() and (ref == -100).any()


def test_cdl3inside_matches_the_float64_reference(series):
    bars, d = series
    got = botcopier.Features("cdl3inside").compute(bars)[:, 0]
    ref = three_inside_reference(d["open"], d["close"])
    assert np.array_equal(got, ref, equal_nan=True)
    assert (got == 1.0).sum() > 5 and (got == -1.0).sum() > 5


def test_cdl3inside_streaming_batch_and_a_missing_bar():
    bars, d = load("bots/eurusd_1h.csv")
    times = np.asarray(bars.time, dtype=np.int64)
    rest, keep = batch_stream_and_gap("cdl3inside", times, d, at=300, column="open")
    ref = three_inside_reference(keep["open"], keep["close"])
    assert np.array_equal(rest[:, 0], ref, equal_nan=True)


@pytest.mark.parametrize("bad", ["cdl3inside(3)", "cdl3inside.line", "cdl3inside()"])
def test_bad_cdl3inside_items_are_refused(bad):
    with pytest.raises(ValueError, match="cdl3inside"):
        botcopier.Features(bad)
