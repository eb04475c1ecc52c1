"""dmpivot in the feature engine, a float64 reference.

dmpivot -> .p .r1 .s1: Tom DeMark's pivot points (The New Science of Technical
Analysis, 1994) of the previous trading day's open O (its first bar's), high
H, low L and close C (its last bar's): X = H + 2L + C if C < O, 2H + L + C if
C > O, H + L + 2C if C == O; p = X / 4, the projected high r1 = X / 2 - L,
the projected low s1 = X / 2 - H; camarilla's days (a UTC Sunday's bars in no
day but ending Friday, the first day seen never counted). The reference
groups the bars by date with pandas and picks the weighting with numpy.select.
Streaming == batch; bad items refused naming the item."""
import numpy as np
import pandas as pd
import pytest

import botcopier
from features_util import load, streamed


@pytest.fixture(scope="module", params=["sp500_daily.csv", "bots/eurusd_1h.csv",
                                        "bots/heldout/eurusd_1h_2017.csv"])
def series(request):
    return load(request.param)


def dmpivot_ref(times, d):
    """p, r1, s1 by pandas: days by UTC date, Sundays dropped, each bar given the
    last day before its own date (a Sunday's bars Friday), the first left out."""
    t = pd.to_datetime(times, unit="s")
    df = pd.DataFrame({"open": d["open"], "high": d["high"], "low": d["low"],
                       "close": d["close"]})
    df["date"] = t.normalize()
    days = df[t.day_of_week != 6].groupby("date").agg(
        open=("open", "first"), high=("high", "max"), low=("low", "min"),
        close=("close", "last"))
    pos = np.searchsorted(days.index.values, df["date"].values, side="left") - 1
    ok = pos >= 1
    pick = np.clip(pos, 0, None)
    o, h, lo, c = (np.where(ok, days[k].values[pick], np.nan)
                   for k in ("open", "high", "low", "close"))
    with np.errstate(invalid="ignore"):
        x = np.select([c < o, c > o, c == o],
                      [h + 2.0 * lo + c, 2.0 * h + lo + c, h + lo + 2.0 * c], np.nan)
    return np.column_stack([x / 4.0, x / 2.0 - lo, x / 2.0 - h])


def test_dmpivot_matches_pandas(series):
    bars, d = series
    f = botcopier.Features("dmpivot")
    assert f.names == ["dmpivot.p", "dmpivot.r1", "dmpivot.s1"]
    assert f.lookback == 0
    got = f.compute(bars)
    want = dmpivot_ref(np.asarray(bars.time), d)
    assert np.array_equal(np.isnan(got), np.isnan(want))
    v = ~np.isnan(want)
    np.testing.assert_allclose(got[v], want[v], rtol=1e-14, atol=0)
    assert v[:, 0].sum() > len(got) // 2
    r = ~np.isnan(got[:, 0])
    assert (got[r, 1] >= got[r, 2]).all()  # r1 - s1 is the day's width H - L
    assert got.tobytes() == streamed(f, bars.time, d).tobytes()


def test_dmpivot_projects_the_heldout30_range():
    """The heldout30 DeMark bot's projected high / low (its generator's days:
    dates with >= 12 hourly bars; the Sunday-evening sessions have 1-3) are
    dmpivot.r1 / .s1 on every bar from the third trading day on."""
    bars, d = load("bots/heldout/eurusd_1h_2017.csv")
    got = botcopier.Features("dmpivot.r1,dmpivot.s1").compute(bars)
    t = pd.to_datetime(np.asarray(bars.time), unit="s")
    dates = np.asarray(t.date)
    o, h, lo, c = d["open"], d["high"], d["low"], d["close"]
    ph, pl = np.full(len(c), np.nan), np.full(len(c), np.nan)
    day, prev, n = None, None, 0
    for i in range(len(c)):
        if dates[i] != day:
            if day is not None and n >= 12:
                prev = (do, dh, dl, dc)
            day, do, dh, dl, n = dates[i], o[i], h[i], lo[i], 0
        n += 1
        dh, dl, dc = max(dh, h[i]), min(dl, lo[i]), c[i]
        if prev is not None:
            po, pH, pL, pC = prev
            x = pH + 2 * pL + pC if pC < po else 2 * pH + pL + pC if pC > po else pH + pL + 2 * pC
            ph[i], pl[i] = x / 2 - pL, x / 2 - pH
    v = ~np.isnan(got[:, 0])
    # the generator also counts the first day (its Monday 2 January)
    assert v.sum() > len(c) - 60
    # the one difference: Christmas Day's short session (10 bars) is a day of the engine's
    short = np.asarray(pd.Series(dates).map(pd.Series(dates).value_counts()) < 12)
    after = np.zeros(len(c), bool)
    for i in range(1, len(c)):
        after[i] = dates[i] != dates[i - 1] and short[i - 1] and t[i - 1].day_of_week != 6
    keep = v.copy()
    for i in np.flatnonzero(after):
        keep[dates == dates[i]] = False
    assert keep.sum() > len(c) - 100
    np.testing.assert_allclose(got[keep, 0], ph[keep], rtol=1e-14, atol=0)
    np.testing.assert_allclose(got[keep, 1], pl[keep], rtol=1e-14, atol=0)


@pytest.mark.parametrize("bad,message", [("dmpivot(3)", "dmpivot"), ("dmpivot.r2", "r2")])
def test_dmpivot_bad_items_are_named(bad, message):
    with pytest.raises(botcopier.ParseError) as e:
        botcopier.Features(bad)
    assert message in str(e.value)
