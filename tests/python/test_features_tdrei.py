"""tdrei(n) (DeMark's TD range expansion index: The New Science of Technical
Analysis, 1994; TASC August 1997) against a numpy/pandas float64 reference of
its published definition (TA-Lib has no REI).

From bar 8, v = (high - high@2) + (low - low@2), kept only when (high@2 >= close@7
or close@8, or high >= low@5 or low@6) and (low@2 <= close@7 or close@8, or low <=
high@5 or high@6), else 0; a = |high - high@2| + |low - low@2|; REI = 100 sum(v, n)
/ sum(a, n), NaN where sum(a, n) = 0; lookback n + 7. The heldout29 TD REI bot's
own chain (talib.SUM) agrees bit for bit, and its crossings of -45 are the
engine's cross(tdrei(5),-45). Streaming == batch, a missing bar skipped, bad
items refused."""
import numpy as np
import pandas as pd
import pytest

import botcopier
from features_util import load, assert_cross_agrees, batch_stream_and_gap


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv", "bots/googl_daily.csv"])
def series(request):
    return load(request.param)


def tdrei_reference(h, l, c, n):
    """REI by pandas shifts (vectorized conditions) and rolling sums."""
    h, l, c = pd.Series(h), pd.Series(l), pd.Series(c)
    dh, dl = h - h.shift(2), l - l.shift(2)
    up = (h.shift(2) >= c.shift(7)) | (h.shift(2) >= c.shift(8)) | \
        (h >= l.shift(5)) | (h >= l.shift(6))
    down = (l.shift(2) <= c.shift(7)) | (l.shift(2) <= c.shift(8)) | \
        (l <= h.shift(5)) | (l <= h.shift(6))
    v = (dh + dl).where(up & down, 0.0)
    a = dh.abs() + dl.abs()
    v[:8] = np.nan
    a[:8] = np.nan
    sv, sa = v.rolling(n).sum(), a.rolling(n).sum()
    return (100.0 * sv / sa.where(sa > 0)).to_numpy()


@pytest.mark.parametrize("n", [5, 1, 2, 13])
def test_tdrei_matches_the_float64_definition(series, n):
    bars, d = series
    f = botcopier.Features(f"tdrei({n})")
    assert f.names == [f"tdrei({n})"] and f.lookback == n + 7
    got = f.compute(bars)[:, 0]
    want = tdrei_reference(d["high"], d["low"], d["close"], n)
    assert np.isnan(got[:n + 7]).all()
    ok = np.isfinite(want)
    assert ok.sum() > 0.9 * len(want)
    np.testing.assert_allclose(got[ok], want[ok], rtol=0, atol=1e-9)
    assert (np.abs(got[ok]) <= 100.0 + 1e-9).all()
    assert np.array_equal(np.isnan(got), ~ok)  # NaN only where the sizes' sum is 0


def test_tdrei_is_the_heldout29_bots_talib_chain():
    talib = pytest.importorskip("talib")
    bars, d = load("bots/heldout/eurusd_1h_2017.csv")
    h, l, c = d["high"], d["low"], d["close"]
    m = len(c)
    num = np.full(m, np.nan)
    den = np.full(m, np.nan)
    for t in range(8, m):
        dh, dl = h[t] - h[t - 2], l[t] - l[t - 2]
        c1 = (h[t - 2] >= c[t - 7] or h[t - 2] >= c[t - 8] or h[t] >= l[t - 5] or h[t] >= l[t - 6])
        c2 = (l[t - 2] <= c[t - 7] or l[t - 2] <= c[t - 8] or l[t] <= h[t - 5] or l[t] <= h[t - 6])
        num[t] = dh + dl if (c1 and c2) else 0.0
        den[t] = abs(dh) + abs(dl)
    sn = np.full(m, np.nan)
    sd = np.full(m, np.nan)
    sn[8:] = talib.SUM(num[8:], 5)
    sd[8:] = talib.SUM(den[8:], 5)
    want = np.full(m, np.nan)
    ok = np.isfinite(sd) & (sd > 0)
    want[ok] = 100.0 * sn[ok] / sd[ok]
    got = botcopier.Features("tdrei(5),cross(tdrei(5),-45),cross(45,tdrei(5))").compute(bars)
    np.testing.assert_array_equal(got[:, 0], want)  # TA-Lib SUM's order: the same bits
    assert_cross_agrees(got[:, 1], want + 45.0)
    assert_cross_agrees(got[:, 2], 45.0 - want)


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("bots/googl_daily.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    spec = "tdrei(5),cross(tdrei(5),-45)"
    rest, keep = batch_stream_and_gap(spec, t, d)
    want = tdrei_reference(keep["high"], keep["low"], keep["close"], 5)
    ok = np.isfinite(want)
    np.testing.assert_allclose(rest[ok, 0], want[ok], rtol=0, atol=1e-9)


@pytest.mark.parametrize("spec,message", [
    ("tdrei(0)", "tdrei: 0 is out of range 1..100000"),
    ("tdrei(5,2)", "expected ')'"),
    ("tdrei", "expected '('"),
    ("tdrei(5).rei", "one output"),
])
def test_bad_items_are_refused_naming_them(spec, message):
    with pytest.raises(botcopier.ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
