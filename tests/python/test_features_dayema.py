"""dayema(n) and weekema(n) in the feature engine (prevday.c), against TA-Lib's
EMA (PyPI ta-lib, a reference only) of the whole UTC days' / ISO weeks'
closes resampled with pandas.

dayema(n): TA-Lib EMA(n) of the series of whole UTC days' closes (a day's
close is its last bar's close; days without bars are no days; the first day
seen is left out, prevday's rule) as of the last whole day, held through the
next day; NaN until n whole days ended. weekema(n): the same over ISO weeks
(Monday 00:00 UTC). The engine's EMA rounds with a fused multiply-add and the
wheel's TA-Lib with its own order: a few ulps. Streaming == batch bit for bit;
bad items refused naming the item."""
import numpy as np
import pandas as pd
import pytest
import talib

import botcopier
from features_util import load, streamed


@pytest.fixture(scope="module", params=["sp500_daily.csv", "bots/eurusd_1h.csv"])
def series(request):
    return load(request.param)


def period_ema_ref(times, close, n, weeks):
    t = pd.to_datetime(np.asarray(times, dtype=np.int64), unit="s", utc=True)
    if weeks:
        iso = t.isocalendar()
        key = (iso["year"].to_numpy() * 100 + iso["week"].to_numpy()).astype(np.int64)
    else:
        key = np.asarray(t.normalize().asi8)  # the UTC date
    df = pd.DataFrame({"k": key, "close": close})
    last = df.groupby("k", sort=False)["close"].last()  # the period's close
    order = list(last.index)
    whole = last.to_numpy()[1:]  # the first period seen left out
    ema = talib.EMA(whole.astype(np.float64), n) if len(whole) >= n else np.full(len(whole), np.nan)
    # period k (k >= 2) reads the EMA as of period k-1, the (k-2)-th whole one
    held = {p: (ema[k - 2] if k >= 2 else np.nan) for k, p in enumerate(order)}
    return np.array([held[p] for p in key], dtype=np.float64)


@pytest.mark.parametrize("n,weeks", [(5, 0), (20, 0), (5, 1), (3, 1)])
def test_matches_talib_ema_of_the_resampled_closes(series, n, weeks):
    bars, d = series
    item = "%s(%d)" % ("weekema" if weeks else "dayema", n)
    f = botcopier.Features(item)
    assert f.names == [item] and f.lookback == 0
    got = f.compute(bars)[:, 0]
    want = period_ema_ref(bars.time, d["close"], n, weeks)
    assert np.array_equal(np.isnan(got), np.isnan(want))
    ok = ~np.isnan(want)
    assert ok.sum() > len(got) // 2
    np.testing.assert_allclose(got[ok], want[ok], rtol=1e-13, atol=0)


def test_daily_trend_item_is_the_side_of_the_last_day_close():
    bars, d = load("bots/eurusd_1h.csv")
    got = botcopier.Features("ratio(prevday.close,dayema(5)),prevday.close,dayema(5)").compute(bars)
    ok = ~np.isnan(got[:, 0])
    assert ok.sum() > len(got) // 2
    assert np.array_equal(got[ok, 0] > 1, got[ok, 1] > got[ok, 2])
    # constant through each day: it changes on a day's first bar only
    day = (np.asarray(bars.time, dtype=np.int64) // 86400)
    moved = np.nonzero(np.diff(got[:, 2]) != 0)[0] + 1
    moved = moved[ok[moved] & ok[moved - 1]]
    assert (day[moved] != day[moved - 1]).all()


SPEC = "dayema(5),dayema(20)@1,weekema(5),ratio(prevday.close,dayema(5)),rsi(7)"


def test_streaming_equals_batch(series):
    bars, d = series
    f = botcopier.Features(SPEC)
    batch = f.compute(bars)
    one = streamed(f, bars.time, d)
    assert one.tobytes() == batch.tobytes()


@pytest.mark.parametrize("bad", ["dayema", "dayema(1)", "dayema(5,2)", "weekema(5).close",
                                 "weekema(x)"])
def test_bad_items_are_named(bad):
    with pytest.raises(botcopier.ParseError) as e:
        botcopier.Features(bad)
    assert bad.split("(")[0].split(".")[0] in str(e.value)
