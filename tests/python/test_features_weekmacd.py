"""weekmacd(f,s,g) .line .signal .hist .slope in the feature engine (macd.c),
against TA-Lib's MACD (PyPI ta-lib, a reference only) of the whole ISO weeks'
closes resampled with pandas, and against the heldout27 triple-screen
generator's tide.

The series: each ISO week's (Monday 00:00 UTC) last close; the first week seen
is left out (prevweek's rule: it may be partial). talib.MACD(whole, f, s, g) as
of the last whole week, held through the next week; slope = hist of the last
whole week - hist of the week before. The engine's EMAs round with a fused
multiply-add and TA-Lib with its own order: a few ulps. Streaming == batch bit
for bit; bad items refused naming the item."""
import numpy as np
import pandas as pd
import pytest
import talib

import botcopier
from features_util import load, streamed


@pytest.fixture(scope="module", params=["sp500_daily.csv", "bots/googl_daily.csv", "bots/eurusd_1h.csv"])
def series(request):
    return load(request.param)


def week_keys(times):
    t = pd.to_datetime(np.asarray(times, dtype=np.int64), unit="s", utc=True)
    iso = t.isocalendar()
    return (iso["year"].to_numpy() * 100 + iso["week"].to_numpy()).astype(np.int64)


def weekmacd_ref(times, close, f, s, g):
    key = week_keys(times)
    last = pd.DataFrame({"k": key, "close": close}).groupby("k", sort=False)["close"].last()
    order = list(last.index)
    whole = last.to_numpy()[1:].astype(np.float64)  # the first week seen left out
    line, signal, hist = talib.MACD(whole, f, s, g)
    slope = np.full(len(whole), np.nan)
    slope[1:] = hist[1:] - hist[:-1]
    outs = np.vstack([line, signal, hist, slope])
    # week k (k >= 2) reads the values as of week k-1, the (k-2)-th whole one
    held = {p: (outs[:, k - 2] if k >= 2 else np.full(4, np.nan)) for k, p in enumerate(order)}
    return np.array([held[p] for p in key], dtype=np.float64)


@pytest.mark.parametrize("f,s,g", [(12, 26, 9), (2, 3, 2), (5, 35, 5)])
def test_matches_talib_macd_of_the_resampled_closes(series, f, s, g):
    bars, d = series
    item = "weekmacd(%d,%d,%d)" % (f, s, g)
    feats = botcopier.Features(item)
    assert feats.names == [item + "." + o for o in ("line", "signal", "hist", "slope")]
    assert feats.lookback == 0
    got = feats.compute(bars)
    want = weekmacd_ref(bars.time, d["close"], f, s, g)
    weeks = len(set(week_keys(bars.time)))
    for k in range(4):
        assert np.array_equal(np.isnan(got[:, k]), np.isnan(want[:, k])), k
        ok = ~np.isnan(want[:, k])
        if weeks > s + g + 10:
            assert ok.sum() > len(got) // 2
        if ok.any():
            np.testing.assert_allclose(got[ok, k], want[ok, k], rtol=1e-9,
                                       atol=1e-9 * np.max(np.abs(want[ok, k])))


def test_the_triple_screen_tide_is_the_slope_sign():
    """make_heldout27_bots.py's tide, sign(whist[w-1] - whist[w-2]) over all ISO
    weeks (the first included), is the slope's sign once the seed's difference
    has faded (the engine leaves the first, partial week out)."""
    bars, d = load("sp500_daily.csv")
    key = week_keys(bars.time)
    order = list(dict.fromkeys(key))
    index = {k: i for i, k in enumerate(order)}
    wclose = np.zeros(len(order))
    for t, k in enumerate(key):
        wclose[index[k]] = d["close"][t]
    whist = talib.MACD(wclose, 12, 26, 9)[2]
    got = botcopier.Features("above(weekmacd(12,26,9).slope,0),above(0,weekmacd(12,26,9).slope)"
                             ).compute(bars)
    checked = 0
    for t in range(len(key)):
        w = index[key[t]]
        if w < 100:  # the seeds' difference fades
            continue
        tide = np.sign(whist[w - 1] - whist[w - 2])
        assert got[t, 0] == (tide > 0) and got[t, 1] == (tide < 0), t
        checked += 1
    assert checked > 4000


def test_streaming_equals_batch(series):
    bars, d = series
    f = botcopier.Features("weekmacd(12,26,9),weekmacd(2,3,2).slope@1,"
                           "above(weekmacd(12,26,9).slope,0),rsi(7)")
    batch = f.compute(bars)
    one = streamed(f, bars.time, d)
    assert one.tobytes() == batch.tobytes()


@pytest.mark.parametrize("item,msg", [
    ("weekmacd(26,12,9)", "slow period 12 is below fast period 26"),
    ("weekmacd(1,26,9)", "1 is out of range"),
    ("weekmacd(12,26)", "expected ','"),
    ("weekmacd(12,26,9).up", "has no output '.up'"),
])
def test_bad_items_are_refused(item, msg):
    with pytest.raises(botcopier.ParseError, match=msg.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(item)
