"""rbreaker in the feature engine, a float64 reference.

rbreaker -> .ssetup .bsetup .senter .benter .bbreak .sbreak: the R-Breaker's
levels of the previous UTC day's high H, low L and close C at the published
coefficients: sell setup H + 0.35 (C - L), buy setup L - 0.35 (H - C), sell
enter 1.07 (H + L) / 2 - 0.07 L, buy enter 1.07 (H + L) / 2 - 0.07 H, break
buy = sell setup + 0.25 (sell setup - buy setup), break sell = buy setup -
0.25 (sell setup - buy setup); camarilla's days (a Sunday's bars in no day
but ending Friday, the first day seen never counted). The reference groups the bars by date
with pandas. Streaming == batch; bad items refused naming the item."""
import numpy as np
import pandas as pd
import pytest

import botcopier
from features_util import load, streamed


@pytest.fixture(scope="module", params=["sp500_daily.csv", "bots/eurusd_1h.csv",
                                        "bots/heldout/eurusd_1h_2017.csv"])
def series(request):
    return load(request.param)


def rbreaker_ref(times, d):
    """The six levels by pandas, each bar given the last whole day before its
    own date that is no Sunday (a Sunday's bars Friday's; the first such day
    left out)."""
    t = pd.to_datetime(times, unit="s")
    df = pd.DataFrame({"high": d["high"], "low": d["low"], "close": d["close"]})
    df["date"] = t.normalize()
    days = df[t.day_of_week != 6].groupby("date").agg(
        high=("high", "max"), low=("low", "min"), close=("close", "last"))
    pos = np.searchsorted(days.index.values, df["date"].values, side="left") - 1
    ok = pos >= 1
    pick = np.clip(pos, 0, None)
    h = np.where(ok, days["high"].values[pick], np.nan)
    lo = np.where(ok, days["low"].values[pick], np.nan)
    c = np.where(ok, days["close"].values[pick], np.nan)
    ss = h + 0.35 * (c - lo)
    bs = lo - 0.35 * (h - c)
    return np.column_stack([ss, bs, 1.07 / 2.0 * (h + lo) - 0.07 * lo,
                            1.07 / 2.0 * (h + lo) - 0.07 * h,
                            ss + 0.25 * (ss - bs), bs - 0.25 * (ss - bs)])


def test_rbreaker_matches_pandas(series):
    bars, d = series
    f = botcopier.Features("rbreaker")
    assert f.names == ["rbreaker." + s for s in
                       ("ssetup", "bsetup", "senter", "benter", "bbreak", "sbreak")]
    assert f.lookback == 0
    got = f.compute(bars)
    want = rbreaker_ref(np.asarray(bars.time), d)
    assert np.array_equal(np.isnan(got), np.isnan(want))
    v = ~np.isnan(want)
    np.testing.assert_allclose(got[v], want[v], rtol=1e-13, atol=0)
    assert v[:, 0].sum() > len(got) // 2
    r = ~np.isnan(got[:, 0])
    assert (got[r, 4] >= got[r, 0]).all() and (got[r, 5] <= got[r, 1]).all()
    assert got.tobytes() == streamed(f, bars.time, d).tobytes()


@pytest.mark.parametrize("bad,message", [("rbreaker(3)", "rbreaker"), ("rbreaker.h1", "h1")])
def test_rbreaker_bad_items_are_named(bad, message):
    with pytest.raises(botcopier.ParseError) as e:
        botcopier.Features(bad)
    assert message in str(e.value)
