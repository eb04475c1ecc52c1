"""tcf(n) (Pee's trend continuation factor, TASC August 2002) against
numpy/pandas float64 of its published definition (TA-Lib has no TCF).

change = close - close@1, plus = max(change, 0), minus = max(-change, 0); cf+ is
the running total of plus over the current run of up closes (0 on a bar whose
plus is 0), cf- likewise; TCF+ = the n-bar sum of plus - cf-, TCF- of minus - cf+,
the first term bar 1's: lookback n. The heldout29 TCF bot's own chain
(talib.SUM) agrees, and its zero crossings are the engine's cross(tcf(35).plus,0).
Streaming == batch, a missing bar skipped, bad items refused."""
import numpy as np
import pandas as pd
import pytest

import botcopier
from features_util import load, assert_cross_agrees, batch_stream_and_gap


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv", "bots/googl_daily.csv"])
def series(request):
    return load(request.param)


def tcf_reference(c, n):
    """(tcf+, tcf-, scale): the runs' totals by pandas groupby cumsum, the sums by
    pandas rolling; scale is the sum of the terms' sizes, the size of the sums'
    rounding."""
    change = pd.Series(c).diff()
    plus = change.clip(lower=0.0)
    minus = (-change).clip(lower=0.0)
    cfp = plus.groupby((plus <= 0).cumsum()).cumsum()
    cfm = minus.groupby((minus <= 0).cumsum()).cumsum()
    up, down = plus - cfm, minus - cfp  # NaN on bar 0
    scale = (up.abs() + down.abs()).rolling(n).sum()
    return (up.rolling(n).sum().to_numpy(), down.rolling(n).sum().to_numpy(),
            scale.to_numpy())


@pytest.mark.parametrize("n", [35, 1, 2, 20])
def test_tcf_matches_the_float64_definition(series, n):
    bars, d = series
    f = botcopier.Features(f"tcf({n})")
    assert f.names == [f"tcf({n}).plus", f"tcf({n}).minus"] and f.lookback == n
    got = f.compute(bars)
    tp, tm, scale = tcf_reference(d["close"], n)
    assert np.array_equal(np.isnan(got[:, 0]), np.isnan(tp))
    assert np.array_equal(np.isnan(got[:, 1]), np.isnan(tm))
    ok = np.isfinite(tp)
    assert ok.sum() > 0.9 * len(tp)
    tol = 1e-12 * (1.0 + scale[ok])
    assert (np.abs(got[ok, 0] - tp[ok]) <= tol).all()
    assert (np.abs(got[ok, 1] - tm[ok]) <= tol).all()


def test_tcf_is_the_heldout29_bots_talib_chain():
    talib = pytest.importorskip("talib")
    bars, d = load("bots/eurusd_1h.csv")
    c, n = d["close"], 35
    m = len(c)
    plus = np.zeros(m)
    minus = np.zeros(m)
    plus[1:] = np.maximum(np.diff(c), 0.0)
    minus[1:] = np.maximum(-np.diff(c), 0.0)
    cfp = np.zeros(m)
    cfm = np.zeros(m)
    for t in range(1, m):
        cfp[t] = cfp[t - 1] + plus[t] if plus[t] > 0 else 0.0
        cfm[t] = cfm[t - 1] + minus[t] if minus[t] > 0 else 0.0
    tp = np.full(m, np.nan)
    tm = np.full(m, np.nan)
    tp[1:] = talib.SUM(plus[1:] - cfm[1:], n)
    tm[1:] = talib.SUM(minus[1:] - cfp[1:], n)
    got = botcopier.Features("tcf(35),cross(tcf(35).plus,0),cross(tcf(35).minus,0)"
                             ).compute(bars)
    np.testing.assert_array_equal(got[:, 0], tp)  # TA-Lib SUM's order: the same bits
    np.testing.assert_array_equal(got[:, 1], tm)
    assert_cross_agrees(got[:, 2], tp)
    assert_cross_agrees(got[:, 3], tm)


def test_tcf_on_a_steady_rise_and_a_zigzag():
    t = np.arange(12, dtype=np.int64) * 86400
    rise = np.arange(1.0, 13.0)
    got = botcopier.Features("tcf(3)").compute_arrays(t, rise, rise, rise, rise, np.ones(12))
    # plus 1 and cf- 0 on every bar from bar 1: TCF+ = 3; minus 0, cf+ = t: TCF- = -(3t - 3)
    assert np.isnan(got[:3]).all()
    np.testing.assert_array_equal(got[3:, 0], [3.0] * 9)
    np.testing.assert_array_equal(got[3:, 1], [-(3.0 * i - 3.0) for i in range(3, 12)])
    zig = np.tile([1.0, 2.0], 6)  # +1, -1, ...: every run one bar long
    got = botcopier.Features("tcf(2)").compute_arrays(t, zig, zig, zig, zig, np.ones(12))
    # an up bar: plus 1, cf- 0, minus 0, cf+ 1 -> terms (1, -1); a down bar (-1, 1)
    np.testing.assert_array_equal(got[2:], np.zeros((10, 2)))


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("bots/googl_daily.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    spec = "tcf(35),cross(tcf(35).plus,0)"
    rest, keep = batch_stream_and_gap(spec, t, d)
    tp, tm, scale = tcf_reference(keep["close"], 35)
    ok = np.isfinite(tp)
    assert np.array_equal(np.isnan(rest[:, 0]), ~ok)
    tol = 1e-12 * (1.0 + scale[ok])
    assert (np.abs(rest[ok, 0] - tp[ok]) <= tol).all()
    assert (np.abs(rest[ok, 1] - tm[ok]) <= tol).all()


@pytest.mark.parametrize("spec,message", [
    ("tcf(0)", "tcf: 0 is out of range 1..100000"),
    ("tcf(35,2)", "expected ')'"),
    ("tcf", "expected '('"),
    ("tcf(35).up", "'tcf(35)' has no output '.up'"),
])
def test_bad_items_are_refused_naming_them(spec, message):
    with pytest.raises(botcopier.ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
