"""crsi(a,b,c), Connors RSI, against an independent numpy float64 reference of
the published formula and against TA-Lib RSI (the heldout18 generator's chain).

crsi = (rsi(close, a) + rsi(streak, b) + pr(c)) / 3 where each rsi is Wilder's
RSI seeded as TA-Lib seeds it (the mean gain / loss of the first n changes,
then avg = (avg (n - 1) + change) / n; 0 where gain + loss is 0), streak is
Connors' up/down streak of the close (+k after k up closes, -k after k down
closes, 0 on an unchanged close and on the first bar, where its rsi starts),
and pr(c) is 100 x the count of the previous c one-bar returns close / close@1
- 1 strictly below today's, / c. NaN through bar max(a, b, c + 1) - 1. The
library evaluates the rsi smoothing with one fused multiply-add (rsi.h): a few
ulps from the plain float64 loop, so 1e-9 here; the percent rank is exact.
Streaming == batch, a missing bar skipped, bad items refused."""
import numpy as np
import pytest

import botcopier
from features_util import load, batch_stream_and_gap, assert_cross_agrees


def wilder_rsi(x, n):
    """TA-Lib RSI (unstable period 0) written out: NaN through bar n - 1."""
    out = np.full(len(x), np.nan)
    if len(x) <= n:
        return out
    d = np.diff(x)
    gain = float(np.sum(np.where(d[:n] > 0, d[:n], 0.0))) / n
    loss = float(np.sum(np.where(d[:n] < 0, -d[:n], 0.0))) / n
    for t in range(n, len(x)):
        if t > n:
            ch = d[t - 1]
            gain = (gain * (n - 1) + (ch if ch > 0 else 0.0)) / n
            loss = (loss * (n - 1) + (-ch if ch < 0 else 0.0)) / n
        s = gain + loss
        out[t] = 0.0 if s == 0 else 100.0 * (gain / s)
    return out


def connors_streak(c):
    s = np.zeros(len(c))
    for t in range(1, len(c)):
        if c[t] > c[t - 1]:
            s[t] = max(s[t - 1], 0.0) + 1.0
        elif c[t] < c[t - 1]:
            s[t] = min(s[t - 1], 0.0) - 1.0
    return s


def percent_rank(c, k):
    """100 x (the count of the previous k one-bar returns strictly below
    today's) / k; NaN through bar k."""
    r = np.full(len(c), np.nan)
    r[1:] = c[1:] / c[:-1] - 1.0
    out = np.full(len(c), np.nan)
    if len(c) > k + 1:
        win = np.lib.stride_tricks.sliding_window_view(r[1:-1], k)  # r[t-k..t-1], t = k+1..
        below = (win < r[k + 1:, None]).sum(axis=1)
        out[k + 1:] = 100.0 * below / k
    return out


def crsi_reference(c, a, b, k):
    return (wilder_rsi(c, a) + wilder_rsi(connors_streak(c), b) + percent_rank(c, k)) / 3.0


@pytest.fixture(scope="module", params=["bots/googl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv"])
def series(request):
    return load(request.param)


@pytest.mark.parametrize("a,b,k", [(3, 2, 100), (2, 2, 1), (14, 5, 20), (2, 9, 3)])
def test_crsi_matches_the_definition(series, a, b, k):
    bars, d = series
    f = botcopier.Features("crsi(%d,%d,%d)" % (a, b, k))
    lb = max(a, b, k + 1)
    assert f.names == ["crsi(%d,%d,%d)" % (a, b, k)] and f.lookback == lb
    got = f.compute(bars)[:, 0]
    ref = crsi_reference(d["close"], a, b, k)
    assert np.isnan(got[:lb]).all() and np.isfinite(got[lb:]).all()
    assert np.array_equal(np.isnan(got), np.isnan(ref))
    np.testing.assert_allclose(got, ref, rtol=0, atol=1e-9, equal_nan=True)
    assert (got[lb:] >= 0).all() and (got[lb:] <= 100).all()


def test_crsi_is_the_heldout18_generators_talib_chain(series):
    """talib.RSI of the close and of the streak array (from its bar 0), the
    generator's percent rank: within 1e-10; the percent rank read back from
    3 crsi - the two TA-Lib RSIs is the reference's exactly."""
    talib = pytest.importorskip("talib")
    bars, d = series
    c = d["close"]
    r1, r2 = talib.RSI(c, 3), talib.RSI(connors_streak(c), 2)
    roc = np.full_like(c, np.nan)
    roc[1:] = c[1:] / c[:-1] - 1
    rank = np.full_like(c, np.nan)
    for t in range(101, len(c)):
        rank[t] = 100.0 * np.sum(roc[t - 100:t] < roc[t]) / 100
    want = (r1 + r2 + rank) / 3
    got = botcopier.Features("crsi(3,2,100),above(15,crsi(3,2,100)),"
                             "cross(crsi(3,2,100),70)").compute(bars)
    np.testing.assert_allclose(got[:, 0], want, rtol=0, atol=1e-10, equal_nan=True)
    ok = np.isfinite(want)
    pr = 3.0 * got[ok, 0] - r1[ok] - r2[ok]
    assert np.array_equal(np.round(pr), rank[ok])
    assert np.abs(pr - rank[ok]).max() < 1e-9
    clear = np.abs(want - 15) > 1e-9
    assert np.array_equal(got[ok & clear, 1], (want[ok & clear] < 15).astype(float))
    assert_cross_agrees(got[:, 2], want - 70, at_least=5)


def test_streak_part_is_streak_of_the_close_with_0_on_the_first_bar():
    """The streak crsi takes is streak(close) (NaN on its first bar, 0 here,
    where rsi(streak, b) starts); crsi(2,2,1) of three closes is the hand
    value."""
    t = np.arange(6, dtype=np.int64) * 86400
    c = np.array([10.0, 11.0, 12.0, 11.0, 11.0, 13.0])
    got = botcopier.Features("crsi(2,2,1),streak(close)").compute_arrays(t, c, c, c, c, c)
    assert np.array_equal(got[1:, 1], connors_streak(c)[1:])
    assert np.isnan(got[:2, 0]).all()
    np.testing.assert_allclose(got[:, 0], crsi_reference(c, 2, 2, 1), rtol=0, atol=1e-12,
                               equal_nan=True)
    # bar 2: rsi(close,2) = 100 (two rises), streak 0,1,2 -> rsi 100,
    # return 1/11 below 1/10 -> pr 0: (100 + 100 + 0) / 3
    assert got[2, 0] == (100.0 + 100.0 + 0.0) / 3.0


def test_flat_closes_give_0_and_steady_rises_200_over_3():
    t = np.arange(30, dtype=np.int64) * 86400
    c = np.full(30, 5.0)
    got = botcopier.Features("crsi(3,2,5)").compute_arrays(t, c, c, c, c, c)[:, 0]
    assert np.isnan(got[:6]).all() and (got[6:] == 0.0).all()
    up = 5.0 + np.arange(30.0)  # falling returns: pr 0; both rsi 100
    got = botcopier.Features("crsi(3,2,5)").compute_arrays(t, up, up, up, up, up)[:, 0]
    assert (got[6:] == 200.0 / 3.0).all()


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("bots/googl_daily.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    rest, keep = batch_stream_and_gap("crsi(3,2,100),crsi(2,2,1),cross(crsi(3,2,100),70)",
                                      t, d, column="close")
    np.testing.assert_allclose(rest[:, 0], crsi_reference(keep["close"], 3, 2, 100),
                               rtol=0, atol=1e-9, equal_nan=True)
    np.testing.assert_allclose(rest[:, 1], crsi_reference(keep["close"], 2, 2, 1),
                               rtol=0, atol=1e-9, equal_nan=True)


@pytest.mark.parametrize("spec,msg", [
    ("crsi(1,2,100)", "crsi: 1 is out of range 2..100000"),
    ("crsi(3,1,100)", "crsi: 1 is out of range 2..100000"),
    ("crsi(3,2,0)", "crsi: 0 is out of range 1..10000"),
    ("crsi(3,2,10001)", "crsi: 10001 is out of range 1..10000"),
    ("crsi(3,2)", "expected ','"),
    ("crsi", "expected '('"),
    ("crsi(3,2,100).line", "has one output"),
])
def test_bad_items_are_refused(spec, msg):
    with pytest.raises(Exception, match=msg.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
