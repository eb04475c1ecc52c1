"""soldiers(k) (k white soldiers +1, k black crows -1, 0 neither) against an
independent numpy float64 reference written from its definition: k bars in a
row each closing above its open and the previous close and opening inside
the previous bar's body (open@1 <= open <= close@1), the first of the k
tested against the bar before it too; crows the mirror. NaN until bar k,
streaming == batch, a missing bar skipped, bad items refused naming them.

TA-Lib's CDL3WHITESOLDIERS / CDL3BLACKCROWS are another definition, so not a
reference: they test bars 2 and 3 against the bar before only (the first
soldier against nothing; the first crow after a white bar, which soldiers(3)'s
first crow, opening inside the bar before's body read as a black one, rules
out unless that bar is a doji), let an open lie "near" the body, and add very
short upper (lower) shadows and, for the soldiers, bodies not far shorter than
the previous ones. On the four series (AAPL, S&P 500, GOOGL, EUR/USD) TA-Lib
finds 1 + 7 + 0 + 2 soldiers and no crows, soldiers(3) 0 + 184 + 10 + 127 bars
of either sign. What is checked against TA-Lib is the one inclusion the
definitions share: where talib.CDL3WHITESOLDIERS fires with the 2nd and 3rd
opens inside the previous bodies, the textbook three without TA-Lib's shadow
and length conditions, and(above(close@2,open@2), soldiers(2)), is +1 (6 such
bars: 5 on the S&P 500, 1 on EUR/USD). Measured with ta-lib 0.8.2."""
import numpy as np
import pytest

import botcopier
from features_util import load, batch_stream_and_gap

SERIES = ["aapl_daily.csv", "sp500_daily.csv", "bots/googl_daily.csv", "bots/eurusd_1h.csv"]


@pytest.fixture(scope="module", params=SERIES)
def series(request):
    return load(request.param)


def soldiers_reference(o, c, k):
    """The definition written out: per-bar soldier / crow flags against the
    bar before, then a window of k flags."""
    n = len(c)
    white = np.zeros(n, dtype=bool)
    black = np.zeros(n, dtype=bool)
    white[1:] = (c[1:] > o[1:]) & (c[1:] > c[:-1]) & (o[:-1] <= o[1:]) & (o[1:] <= c[:-1])
    black[1:] = (c[1:] < o[1:]) & (c[1:] < c[:-1]) & (c[:-1] <= o[1:]) & (o[1:] <= o[:-1])
    out = np.full(n, np.nan)
    for i in range(k, n):
        out[i] = 1.0 if white[i - k + 1:i + 1].all() else (-1.0 if black[i - k + 1:i + 1].all()
                                                           else 0.0)
    return out


def test_soldiers_matches_the_float64_reference(series):
    bars, d = series
    f = botcopier.Features("soldiers(3),soldiers(1),soldiers(2),soldiers(5)")
    assert f.names == ["soldiers(3)", "soldiers(1)", "soldiers(2)", "soldiers(5)"]
    assert f.lookback == 5
    got = f.compute(bars)
    for j, k in enumerate((3, 1, 2, 5)):
        ref = soldiers_reference(d["open"], d["close"], k)
        assert np.array_equal(got[:, j], ref, equal_nan=True), k
        assert np.isnan(got[:k, j]).all() and not np.isnan(got[k:, j]).any()
    assert (got[:, 1] == 1.0).sum() > 50 and (got[:, 1] == -1.0).sum() > 50


def test_soldiers_takes_both_signs_at_three_on_the_long_series():
    for name, at_least in (("sp500_daily.csv", 50), ("bots/eurusd_1h.csv", 50)):
        bars, d = load(name)
        got = botcopier.Features("soldiers(3)").compute(bars)[:, 0]
        assert (got == 1.0).sum() > at_least and (got == -1.0).sum() > at_least


def test_talib_three_white_soldiers_inside_the_bodies_are_the_textbook_three(series):
    talib = pytest.importorskip("talib")
    bars, d = series
    o, h, lo, c = d["open"], d["high"], d["low"], d["close"]
    got = botcopier.Features("and(above(close@2,open@2),soldiers(2))").compute(bars)[:, 0]
    fired = talib.CDL3WHITESOLDIERS(o, h, lo, c) != 0
    inside = np.zeros(len(c), dtype=bool)
    inside[2:] = ((o[1:-1] >= o[:-2]) & (o[1:-1] <= c[:-2])
                  & (o[2:] >= o[1:-1]) & (o[2:] <= c[1:-1]))
    assert (got[fired & inside] == 1.0).all()
    # TA-Lib's shadow and length conditions keep it far rarer than the three
    assert fired.sum() <= (got == 1.0).sum()


def test_soldiers_streaming_batch_and_a_missing_bar():
    bars, d = load("bots/eurusd_1h.csv")
    times = np.asarray(bars.time, dtype=np.int64)
    rest, keep = batch_stream_and_gap("soldiers(3),soldiers(1)", times, d, at=300,
                                      column="open")
    assert np.array_equal(rest[:, 0], soldiers_reference(keep["open"], keep["close"], 3),
                          equal_nan=True)
    assert np.array_equal(rest[:, 1], soldiers_reference(keep["open"], keep["close"], 1),
                          equal_nan=True)


@pytest.mark.parametrize("bad", ["soldiers", "soldiers(0)", "soldiers(21)", "soldiers(3,2)",
                                 "soldiers(3).up"])
def test_bad_soldiers_items_are_refused(bad):
    with pytest.raises(ValueError, match="soldiers"):
        botcopier.Features(bad)
