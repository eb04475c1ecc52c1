"""The ultimate oscillator and Heikin-Ashi candles of the feature engine:
ultosc(a,b,c) against TA-Lib's ULTOSC on real series (aapl, sp500, eurusd),
at any price scale, on flat stretches and with the periods in any order;
heikinashi against a plain numpy loop of its definition. Both streaming ==
batch bit for bit, missing bars skipped as ema and atr skip them, in the
items the clone search builds, and bad arguments refused naming the item."""
import numpy as np
import pytest

import botcopier
from features_util import load, streamed

talib = pytest.importorskip("talib")


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv"])
def series(request):
    return load(request.param)


def compute(spec, t, d):
    f = botcopier.Features(spec)
    return f.compute_arrays(t, d["close"], d["open"], d["high"], d["low"], d["volume"])


def assert_matches(got, ref, tol=1e-12):
    assert np.array_equal(np.isnan(got), np.isnan(ref))
    m = ~np.isnan(ref)
    assert m.sum() > len(ref) // 2
    np.testing.assert_allclose(got[m], ref[m], rtol=tol, atol=tol)


def crossing(a, k):
    """cross(a,k) of the engine: +1 on the bar a goes above k, -1 below, 0
    else; NaN until both bars have values."""
    out = np.full(len(a), np.nan)
    first = np.argmax(~np.isnan(a))
    out[first] = 0.0
    for i in range(first + 1, len(a)):
        up = a[i - 1] <= k and a[i] > k
        down = a[i - 1] >= k and a[i] < k
        out[i] = 1.0 if up else -1.0 if down else 0.0
    return out


def above(a, k):
    with np.errstate(invalid="ignore"):
        return np.where(np.isnan(a), np.nan, (a > k).astype(float))


# ---- ultosc ----------------------------------------------------------------

PERIODS = [(7, 14, 28), (5, 10, 20), (10, 20, 40), (1, 2, 3), (5, 5, 5), (1, 1, 1),
           (2, 50, 9)]


@pytest.mark.parametrize("periods", PERIODS)
def test_ultosc_matches_talib(series, periods):
    bars, d = series
    f = botcopier.Features("ultosc(%d,%d,%d)" % periods)
    got = f.compute(bars)[:, 0]
    want = talib.ULTOSC(d["high"], d["low"], d["close"], *periods)
    assert_matches(got, want)
    # TA-Lib's lookback: the longest period (its SMA's n - 1, plus the
    # previous close)
    assert f.lookback == max(periods)
    assert np.isnan(got[max(periods) - 1]) and np.isfinite(got[max(periods)])


def test_ultosc_periods_in_any_order_are_sorted_as_talib():
    """TA-Lib sorts the periods: the shortest window weighs 4 wherever it is
    written, so every order gives the same series (and TA-Lib's)."""
    bars, d = load("sp500_daily.csv")
    got = botcopier.Features("ultosc(7,14,28),ultosc(28,14,7),ultosc(14,28,7)").compute(bars)
    assert got[:, 0].tobytes() == got[:, 1].tobytes() == got[:, 2].tobytes()
    assert_matches(got[:, 1], talib.ULTOSC(d["high"], d["low"], d["close"], 28, 14, 7))


def flat_series(n=900, flat=slice(200, 500), scale=1.0):
    rng = np.random.default_rng(5)
    c = 100 + np.cumsum(rng.normal(0, 1, n))
    c[flat] = c[flat.start]
    h, lo = c + rng.uniform(0, 2, n), c - rng.uniform(0, 2, n)
    h[flat] = lo[flat] = c[flat]
    t = np.arange(n, dtype=np.int64) * 3600 + 1_600_000_000
    return t, dict(open=c * scale, high=h * scale, low=lo * scale, close=c * scale,
                   volume=np.ones(n))


@pytest.mark.parametrize("scale", [1.0, 1e-9, 1e-200])
def test_ultosc_at_any_price_scale_and_on_flat_stretches_as_talib(scale):
    """TA-Lib C 0.8.1 (the PyPI wheel's) skips a window only when its range
    sum is exactly 0: inside a flat stretch the sums keep rounding residue
    or reach 0 exactly as TA-Lib's do, and a series priced at 1e-9 or 1e-200
    is not zeroed (TA-Lib 0.4's 1e-8 band would)."""
    t, d = flat_series(scale=scale)
    got = compute("ultosc(7,14,28)", t, d)[:, 0]
    want = talib.ULTOSC(d["high"], d["low"], d["close"], 7, 14, 28)
    assert_matches(got, want)
    assert (got[600:] != 0).all()


def test_ultosc_is_0_where_nothing_moved():
    t, d = flat_series(n=120, flat=slice(0, 60))
    got = compute("ultosc(7,14,28)", t, d)[:, 0]
    assert (got[28:60] == 0).all()
    assert_matches(got, talib.ULTOSC(d["high"], d["low"], d["close"], 7, 14, 28))


def test_ultosc_skips_missing_bars_like_ema_and_atr():
    """A bar with a NaN high, low or close is missing: its row is NaN and the
    sums go on from the last bar with prices, so the series is TA-Lib's on
    the bars without the missing ones."""
    bars, d = load("aapl_daily.csv")
    h, lo, c = d["high"].copy(), d["low"].copy(), d["close"].copy()
    gone = np.zeros(len(h), dtype=bool)
    gone[[0, 5, 100, 101, 102, 700, 1000]] = True
    for j, i in enumerate(np.flatnonzero(gone)):
        (h, lo, c)[j % 3][i] = np.nan
    t = np.asarray(bars.time, dtype=np.int64)
    dd = dict(open=d["open"], high=h, low=lo, close=c, volume=d["volume"])
    got = compute("ultosc(7,14,28),ema(12),atr(14)", t, dd)
    assert np.isnan(got[gone]).all()
    keep = ~gone
    hk, lk, ck = d["high"][keep], d["low"][keep], d["close"][keep]
    assert_matches(got[keep, 0], talib.ULTOSC(hk, lk, ck, 7, 14, 28))
    assert_matches(got[keep, 1], talib.EMA(ck, 12))
    assert_matches(got[keep, 2], talib.ATR(hk, lk, ck, 14))


def test_ultosc_items_a_bot_looks_at():
    """The oscillator's customary levels: 30 (oversold), 50, 70 (overbought),
    as crossings and as sides."""
    bars, d = load("bots/eurusd_1h.csv")
    spec = ("cross(ultosc(7,14,28),30),cross(ultosc(7,14,28),70),above(ultosc(7,14,28),50),"
            "ultosc(7,14,28)@1,ultosc(7,14,28)")
    got = botcopier.Features(spec).compute(bars)
    u = talib.ULTOSC(d["high"], d["low"], d["close"], 7, 14, 28)
    # the engine's values are TA-Lib's to the last bit here, so the discrete
    # items are compared exactly
    assert got[:, 4].tobytes() == u.tobytes()
    np.testing.assert_array_equal(got[:, 0], crossing(u, 30))
    np.testing.assert_array_equal(got[:, 1], crossing(u, 70))
    assert (got[29:, 0] == 1).sum() > 10 and (got[29:, 1] == -1).sum() > 10
    np.testing.assert_array_equal(got[:, 2], above(u, 50))
    np.testing.assert_array_equal(got[1:, 3], u[:-1])


# ---- heikinashi ------------------------------------------------------------

def heikin_ashi(o, h, lo, c):
    """The definition, one bar at a time: close (o + h + l + c) / 4, open the
    mean of the previous candle's open and close (the first bar's (o + c) /
    2), high / low the extremes of the bar's own and the candle's open and
    close."""
    n = len(c)
    ho, hh, hl, hc = (np.empty(n) for _ in range(4))
    for i in range(n):
        hc[i] = (o[i] + h[i] + lo[i] + c[i]) / 4
        ho[i] = (o[i] + c[i]) / 2 if i == 0 else (ho[i - 1] + hc[i - 1]) / 2
        hh[i] = max(h[i], ho[i], hc[i])
        hl[i] = min(lo[i], ho[i], hc[i])
    return np.column_stack([ho, hh, hl, hc])


def test_heikinashi_matches_its_definition(series):
    bars, d = series
    f = botcopier.Features("heikinashi")
    assert f.names == ["heikinashi.open", "heikinashi.high", "heikinashi.low",
                       "heikinashi.close"]
    assert f.lookback == 0
    got = f.compute(bars)
    want = heikin_ashi(d["open"], d["high"], d["low"], d["close"])
    # the same operations in the same order: equal to the last bit
    assert got.tobytes() == want.tobytes()
    assert (got[:, 1] >= np.maximum(got[:, 0], got[:, 3])).all()
    assert (got[:, 2] <= np.minimum(got[:, 0], got[:, 3])).all()


def test_heikinashi_skips_missing_bars_like_ema():
    """A bar with a NaN open, high, low or close is missing: its row is NaN
    and the next candle's open comes from the last candle made, so the
    candles are the definition's on the bars without the missing ones (the
    first bar missing too: the first bar with prices starts the recursion)."""
    bars, d = load("sp500_daily.csv")
    cols = [d[k].copy() for k in ("open", "high", "low", "close")]
    gone = np.zeros(len(cols[0]), dtype=bool)
    gone[[0, 1, 5, 100, 101, 102, 700, 3000, 3001]] = True
    for j, i in enumerate(np.flatnonzero(gone)):
        cols[j % 4][i] = np.nan
    t = np.asarray(bars.time, dtype=np.int64)
    dd = dict(open=cols[0], high=cols[1], low=cols[2], close=cols[3], volume=d["volume"])
    got = compute("heikinashi,ema(12)", t, dd)
    assert np.isnan(got[gone]).all()
    keep = ~gone
    want = heikin_ashi(*(d[k][keep] for k in ("open", "high", "low", "close")))
    assert got[keep, :4].tobytes() == want.tobytes()
    assert_matches(got[keep, 4], talib.EMA(d["close"][keep], 12))


def test_heikinashi_items_a_bot_looks_at():
    """The candle's colour (close above open) and its turns: a Heikin-Ashi
    bot's flip is cross(heikinashi.close,heikinashi.open); the level grid's
    ratio(heikinashi.close,heikinashi.open) cut at 1 is the colour."""
    bars, d = load("aapl_daily.csv")
    spec = ("cross(heikinashi.close,heikinashi.open),ratio(heikinashi.close,heikinashi.open),"
            "above(heikinashi.close,heikinashi.open),heikinashi.close@1")
    got = botcopier.Features(spec).compute(bars)
    ha = heikin_ashi(d["open"], d["high"], d["low"], d["close"])
    ho, hc = ha[:, 0], ha[:, 3]
    up = np.zeros(len(hc))
    up[1:] = np.where((ho[:-1] >= hc[:-1]) & (hc[1:] > ho[1:]), 1.0,
                      np.where((ho[:-1] <= hc[:-1]) & (hc[1:] < ho[1:]), -1.0, 0.0))
    np.testing.assert_array_equal(got[:, 0], up)
    assert (got[:, 0] == 1).sum() > 50 and (got[:, 0] == -1).sum() > 50
    np.testing.assert_array_equal(got[:, 1], hc / ho)
    np.testing.assert_array_equal(got[:, 2], (hc > ho).astype(float))
    np.testing.assert_array_equal(got[1:, 3], hc[:-1])


# ---- both families ---------------------------------------------------------

SPEC = ("ultosc(7,14,28),ultosc(28,7,14),ultosc(1,2,3),ultosc(5,5,5),ultosc(1,1,1),"
        "cross(ultosc(7,14,28),30),above(ultosc(10,20,40),70),zscore(ultosc(7,14,28),20),"
        "ultosc(7,14,28)@1,heikinashi,heikinashi.close@2,cross(heikinashi.close,heikinashi.open),"
        "ratio(heikinashi.close,heikinashi.open),zscore(heikinashi.low,20)")


def test_families_stream_bit_identical_to_batch():
    bars, d = load("bots/eurusd_1h.csv")
    f = botcopier.Features(SPEC)
    batch = f.compute(bars)
    assert streamed(f, bars.time, d).tobytes() == batch.tobytes()
    assert np.isfinite(batch[f.lookback + 1:]).all()


@pytest.mark.parametrize("spec, needle", [
    ("ultosc(0,14,28)", "ultosc: 0 is out of range 1..100000"),
    ("ultosc(7,-14,28)", "ultosc: -14 is out of range 1..100000"),
    ("ultosc(7,14,100001)", "ultosc: 100001 is out of range 1..100000"),
    ("ultosc(7,14)", "expected ','"),
    ("ultosc(7,14,28,3)", "expected ')'"),
    ("ultosc", "expected '('"),
    ("ultosc(7,14.5,28)", "ultosc: '14.5' is not an integer"),
    ("ultosc(7,close,28)", "ultosc expects an integer at offset 9, found 'close,28)'"),
    ("ultosc(7,14,28).k", "one output"),
    ("heikinashi(3)", "takes no arguments"),
    ("heikinashi.body", "no output '.body'"),
    ("zscore(heikinashi,20)", "single columns"),
])
def test_bad_items_are_parse_errors_naming_the_item(spec, needle):
    with pytest.raises(botcopier.ParseError) as e:
        botcopier.Features(spec)
    assert needle in str(e.value)
