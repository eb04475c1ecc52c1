"""harami (TA-Lib's harami pattern as its side, +1 / -1 / 0) against
talib.CDLHARAMI on four series: the item is exactly the sign of TA-Lib's
value (+-100 strictly inside, +-80 touching: both +-1), integers, no
tolerance. Independently, a numpy float64 reference written from TA-Lib's
documented candle settings (BodyLong and BodyShort: the mean body of the 10
bars before, factor 1; the previous body holding the current one; colour of
the previous bar) agrees. NaN until bar 11 (TA-Lib's lookback), streaming ==
batch, a missing bar skipped, bad items refused naming them."""
import numpy as np
import pytest

import botcopier
from features_util import load, batch_stream_and_gap

SERIES = ["aapl_daily.csv", "sp500_daily.csv", "bots/googl_daily.csv", "bots/eurusd_1h.csv"]


@pytest.fixture(scope="module", params=SERIES)
def series(request):
    return load(request.param)


def harami_reference(o, c, avg=10):
    """TA-Lib's harami written out: both body sums as TA-Lib keeps them (summed
    in order from the first bars, then slid by the new body less the leaving one)."""
    n = len(c)
    body, top, bottom = np.abs(c - o), np.maximum(o, c), np.minimum(o, c)
    out = np.full(n, np.nan)
    if n <= avg + 1:
        return out
    long_sum = 0.0
    for j in range(0, avg):
        long_sum += body[j]
    short_sum = 0.0
    for j in range(1, avg + 1):
        short_sum += body[j]
    for i in range(avg + 1, n):
        out[i] = 0.0
        if (body[i - 1] > long_sum / avg and body[i] <= short_sum / avg
                and top[i] <= top[i - 1] and bottom[i] >= bottom[i - 1]):
            out[i] = -1.0 if c[i - 1] >= o[i - 1] else 1.0
        long_sum += body[i - 1] - body[i - 1 - avg]
        short_sum += body[i] - body[i - avg]
    return out


def test_harami_is_the_sign_of_talib_cdlharami(series):
    talib = pytest.importorskip("talib")
    bars, d = series
    f = botcopier.Features("harami")
    assert f.names == ["harami"] and f.lookback == 11
    got = f.compute(bars)[:, 0]
    ref = talib.CDLHARAMI(d["open"], d["high"], d["low"], d["close"]).astype(np.float64)
    assert np.isnan(got[:11]).all() and not ref[:11].any()
    assert np.array_equal(got[11:], np.sign(ref[11:]))
    assert (ref == 100).any() and (ref == -100).any()


def test_harami_matches_the_float64_reference(series):
    bars, d = series
    got = botcopier.Features("harami").compute(bars)[:, 0]
    ref = harami_reference(d["open"], d["close"])
    assert np.array_equal(got, ref, equal_nan=True)
    assert (got == 1.0).sum() > 5 and (got == -1.0).sum() > 5


def test_harami_streaming_batch_and_a_missing_bar():
    bars, d = load("bots/eurusd_1h.csv")
    times = np.asarray(bars.time, dtype=np.int64)
    rest, keep = batch_stream_and_gap("harami", times, d, at=300, column="open")
    ref = harami_reference(keep["open"], keep["close"])
    assert np.array_equal(rest[:, 0], ref, equal_nan=True)


@pytest.mark.parametrize("bad", ["harami(3)", "harami.line", "harami()"])
def test_bad_harami_items_are_refused(bad):
    with pytest.raises(ValueError, match="harami"):
        botcopier.Features(bad)
