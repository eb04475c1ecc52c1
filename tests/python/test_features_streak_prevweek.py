"""streak(x) and prevweek in the feature engine, against plain numpy/pandas
float64 of their definitions on real series, bit for bit.

streak(x): +k after k consecutive rises of x (x > x@1) through this bar, -k
after k falls, 0 where x equals x@1, not capped; NaN on the first bar.
prevweek -> .open .high .low .close: the previous ISO week's (Monday 00:00
UTC start) first open, highest high, lowest low, last close; NaN through the
second week seen. Streaming == batch; bad items refused naming the item."""
import numpy as np
import pandas as pd
import pytest

import botcopier
from features_util import load, streamed


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv"])
def series(request):
    return load(request.param)


def streak_ref(x):
    out = np.full(len(x), np.nan)
    run = 0.0
    for i in range(1, len(x)):
        if x[i] > x[i - 1]:
            run = run + 1 if run > 0 else 1.0
        elif x[i] < x[i - 1]:
            run = run - 1 if run < 0 else -1.0
        else:
            run = 0.0
        out[i] = run
    return out


def prevweek_ref(times, d):
    t = pd.to_datetime(np.asarray(times, dtype=np.int64), unit="s", utc=True)
    iso = t.isocalendar()
    week = (iso["year"].to_numpy() * 100 + iso["week"].to_numpy()).astype(np.int64)
    df = pd.DataFrame({"w": week, "open": d["open"], "high": d["high"], "low": d["low"],
                       "close": d["close"]})
    g = df.groupby("w", sort=False).agg(open=("open", "first"), high=("high", "max"),
                                        low=("low", "min"), close=("close", "last"))
    order = list(g.index)
    prev = {w: (g.loc[order[k - 1]].to_numpy() if k >= 2 else np.full(4, np.nan))
            for k, w in enumerate(order)}
    return np.array([prev[w] for w in week], dtype=np.float64)


def test_streak_matches_its_definition(series):
    bars, d = series
    f = botcopier.Features("streak(high),streak(low),streak(close)")
    assert f.names == ["streak(high)", "streak(low)", "streak(close)"]
    assert f.lookback == 1
    got = f.compute(bars)
    want = np.column_stack([streak_ref(d[k]) for k in ("high", "low", "close")])
    assert got.tobytes() == want.tobytes()
    assert (got[1:, 0] >= 3).sum() > 10 and (got[1:, 1] <= -3).sum() > 10


def test_streak_of_an_item_with_a_lookback():
    bars, d = load("sp500_daily.csv")
    got = botcopier.Features("streak(sma(5))").compute(bars)[:, 0]
    sma = pd.Series(d["close"]).rolling(5).mean().to_numpy()
    want = streak_ref(sma)
    assert np.isnan(got[:5]).all() and not np.isnan(got[5:]).any()
    # the rolling sums differ in the last bits only where two means are equal
    agree = (got[5:] == want[5:]).mean()
    assert agree > 0.99


def test_prevweek_matches_iso_weeks(series):
    bars, d = series
    f = botcopier.Features("prevweek")
    assert f.names == ["prevweek.open", "prevweek.high", "prevweek.low", "prevweek.close"]
    got = f.compute(bars)
    want = prevweek_ref(bars.time, d)
    assert got.tobytes() == want.tobytes()
    gone = np.isnan(got).any(axis=1)
    k = int(gone.sum())
    assert 0 < k < len(got) // 10 and gone[:k].all()  # the first two weeks only


SPEC = "streak(high),streak(low)@1,above(streak(close),2),prevweek,cross(close,prevweek.high)"


def test_streaming_equals_batch(series):
    bars, d = series
    f = botcopier.Features(SPEC)
    batch = f.compute(bars)
    one = streamed(f, bars.time, d)
    assert one.tobytes() == batch.tobytes()


@pytest.mark.parametrize("bad", ["streak", "streak(high,low)", "prevweek(2)",
                                 "prevweek.p"])
def test_bad_items_are_named(bad):
    with pytest.raises(botcopier.ParseError) as e:
        botcopier.Features(bad)
    assert bad.split("(")[0].split(".")[0] in str(e.value)
