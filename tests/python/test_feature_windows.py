"""The window and event items of the feature grammar - max(x,n), min(x,n),
ratio(a,b), rank(x,n), zscore(x,n), mean(x,n), since(e) - against pandas and plain
numpy formulas on real bars (tests/data), and streaming == batch."""
import numpy as np
import pytest
from numpy.lib.stride_tricks import sliding_window_view

import botcopier
from conftest import requires

pytestmark = requires("bc_features_create", "bc_features_compute", "bc_features_update",
                      "bc_bars_read_csv")


@pytest.fixture(scope="module")
def aapl(repo_root):
    return botcopier.read_bars(repo_root / "tests" / "data" / "aapl_daily.csv")


@pytest.fixture(scope="module")
def eurusd(repo_root):
    return botcopier.read_bars(repo_root / "tests" / "data" / "bots" / "eurusd_1h.csv")


def columns(bars, spec):
    f = botcopier.Features(spec)
    out = f.compute(bars)
    return {name: out[:, j] for j, name in enumerate(f.names)}


def windows(x, n):
    """Row i (for i >= n-1) is x[i-n+1 .. i]."""
    return sliding_window_view(np.asarray(x, dtype=np.float64), n)


def head_nan(values, n):
    """The reference padded with NaN for the first n-1 bars."""
    return np.concatenate([np.full(n - 1, np.nan), values])


def test_max_and_min_are_numpy_window_extremes(aapl):
    got = columns(aapl, "max(high,20),min(low,20),max(close,55),min(volume,3)")
    for name, x, n, fn in [("max(high,20)", aapl.high, 20, np.max),
                           ("min(low,20)", aapl.low, 20, np.min),
                           ("max(close,55)", aapl.close, 55, np.max),
                           ("min(volume,3)", aapl.volume, 3, np.min)]:
        np.testing.assert_array_equal(got[name], head_nan(fn(windows(x, n), axis=1), n))


def test_donchian_channels_match_pandas_rolling_max_and_min(eurusd):
    pd = pytest.importorskip("pandas")
    got = columns(eurusd, "max(high,20),min(low,20),diff(max(high,20),min(low,20)),"
                          "max(rsi(14),10)")
    high, low = pd.Series(np.asarray(eurusd.high)), pd.Series(np.asarray(eurusd.low))
    upper, lower = high.rolling(20).max().to_numpy(), low.rolling(20).min().to_numpy()
    np.testing.assert_array_equal(got["max(high,20)"], upper)
    np.testing.assert_array_equal(got["min(low,20)"], lower)
    np.testing.assert_array_equal(got["diff(max(high,20),min(low,20))"], upper - lower)
    # Over an indicator: NaN until its lookback (14) plus n - 1 bars.
    rsi = pd.Series(columns(eurusd, "rsi(14)")["rsi(14)"])
    np.testing.assert_array_equal(got["max(rsi(14),10)"], rsi.rolling(10).max().to_numpy())
    assert np.isnan(got["max(rsi(14),10)"][:23]).all()
    assert not np.isnan(got["max(rsi(14),10)"][23:]).any()


def test_ratio_is_the_quotient_and_nan_on_a_zero_denominator(aapl):
    got = columns(aapl, "ratio(close,open),ratio(volume,volume@1),ratio(close,sma(20)),"
                        "ratio(high,diff(close,close))")
    c, o, v = (np.asarray(a) for a in (aapl.close, aapl.open, aapl.volume))
    np.testing.assert_array_equal(got["ratio(close,open)"], c / o)
    np.testing.assert_array_equal(got["ratio(volume,volume@1)"][1:], v[1:] / v[:-1])
    sma = head_nan(windows(c, 20).mean(axis=1), 20)
    np.testing.assert_allclose(got["ratio(close,sma(20))"], c / sma, rtol=1e-13)
    assert np.isnan(got["ratio(high,diff(close,close))"]).all()  # x / 0


def rank_reference(x, n):
    """Share of the window's values <= the newest one (ties count)."""
    w = windows(x, n)
    return head_nan((w <= w[:, -1:]).sum(axis=1) / n, n)


def test_rank_is_the_share_of_the_window_at_or_below_the_current_value(aapl, eurusd):
    # Windows up to 512 are counted by a scan, longer ones in a treap.
    got = columns(aapl, "rank(close,20),rank(volume,250),rank(close,2),rank(close,513),"
                        "rank(volume,1000)")
    for name, x, n in [("rank(close,20)", aapl.close, 20), ("rank(volume,250)", aapl.volume, 250),
                       ("rank(close,2)", aapl.close, 2), ("rank(close,513)", aapl.close, 513),
                       ("rank(volume,1000)", aapl.volume, 1000)]:
        np.testing.assert_array_equal(got[name], rank_reference(x, n))
    # Hourly closes repeat within a window: the tie rule matters there.
    got = columns(eurusd, "rank(close,50),rank(close,800)")
    w = windows(eurusd.close, 50)
    assert ((w == w[:, -1:]).sum(axis=1) > 1).sum() > 100
    np.testing.assert_array_equal(got["rank(close,50)"], rank_reference(eurusd.close, 50))
    np.testing.assert_array_equal(got["rank(close,800)"], rank_reference(eurusd.close, 800))


def test_rank_equals_pandas_rolling_rank_max_pct(eurusd):
    pd = pytest.importorskip("pandas")
    got = columns(eurusd, "rank(close,50),rank(rsi(14),20)")
    close = pd.Series(np.asarray(eurusd.close))
    ref = close.rolling(50).rank(method="max", pct=True).to_numpy()
    np.testing.assert_allclose(got["rank(close,50)"], ref, rtol=1e-15)
    rsi = pd.Series(columns(eurusd, "rsi(14)")["rsi(14)"])
    ref = rsi.rolling(20).rank(method="max", pct=True).to_numpy()
    np.testing.assert_allclose(got["rank(rsi(14),20)"], ref, rtol=1e-15)


def zscore_reference(x, n):
    """(x - mean) / population std of each window, two-pass in long double;
    NaN where the window is constant."""
    w = windows(x, n).astype(np.longdouble)
    mean = w.mean(axis=1)
    std = np.sqrt(((w - mean[:, None]) ** 2).mean(axis=1))
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (w[:, -1] - mean) / std
    z[w.max(axis=1) == w.min(axis=1)] = np.nan
    return head_nan(z.astype(np.float64), n)


def test_zscore_uses_the_population_std_of_the_window(aapl, eurusd):
    for bars, spec, x, n in [(aapl, "zscore(close,20)", aapl.close, 20),
                             (aapl, "zscore(volume,100)", aapl.volume, 100),
                             (eurusd, "zscore(close,24)", eurusd.close, 24),
                             (eurusd, "zscore(close,3)", eurusd.close, 3)]:
        got = columns(bars, spec)[spec]
        ref = zscore_reference(x, n)
        np.testing.assert_array_equal(np.isnan(got), np.isnan(ref))
        ok = ~np.isnan(ref)
        assert ok.sum() > len(ref) // 2
        np.testing.assert_allclose(got[ok], ref[ok], rtol=1e-11, atol=1e-11)


def test_zscore_matches_pandas_rolling_mean_and_std_ddof0(aapl):
    pd = pytest.importorskip("pandas")
    got = columns(aapl, "zscore(close,20),zscore(rsi(14),30)")
    close = pd.Series(np.asarray(aapl.close))
    roll = close.rolling(20)
    ref = ((close - roll.mean()) / roll.std(ddof=0)).to_numpy()
    # pandas' online variance drifts ~1e-11 on these prices.
    np.testing.assert_allclose(got["zscore(close,20)"], ref, rtol=1e-9, atol=1e-9)
    rsi = pd.Series(columns(aapl, "rsi(14)")["rsi(14)"])
    roll = rsi.rolling(30)
    ref = ((rsi - roll.mean()) / roll.std(ddof=0)).to_numpy()
    np.testing.assert_allclose(got["zscore(rsi(14),30)"], ref, rtol=1e-9, atol=1e-9)
    assert np.isnan(got["zscore(rsi(14),30)"][:43]).all()


def test_mean_matches_pandas_rolling_mean_and_numpy_windows(aapl, eurusd):
    pd = pytest.importorskip("pandas")
    for bars, n in [(aapl, 20), (aapl, 2), (eurusd, 24), (eurusd, 200)]:
        got = columns(bars, f"mean(volume,{n}),mean(close,{n}),ratio(volume,mean(volume,{n}))")
        for item, x in [("volume", bars.volume), ("close", bars.close)]:
            x = np.asarray(x, dtype=np.float64)
            ref = pd.Series(x).rolling(n).mean().to_numpy()
            np.testing.assert_allclose(got[f"mean({item},{n})"], ref, rtol=1e-12, atol=0)
            np.testing.assert_allclose(got[f"mean({item},{n})"],
                                       head_nan(windows(x, n).mean(axis=1), n), rtol=1e-12, atol=0)
        vol = np.asarray(bars.volume, dtype=np.float64)
        mean = pd.Series(vol).rolling(n).mean().to_numpy()
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(mean != 0, vol / mean, np.nan)
        np.testing.assert_allclose(got[f"ratio(volume,mean(volume,{n}))"], ratio, rtol=1e-12)
    # of an indicator: NaN through rsi's lookback plus n - 1, then pandas' mean
    got = columns(aapl, "mean(rsi(14),5)")["mean(rsi(14),5)"]
    rsi = pd.Series(columns(aapl, "rsi(14)")["rsi(14)"])
    np.testing.assert_allclose(got, rsi.rolling(5).mean().to_numpy(), rtol=1e-12)
    assert np.isnan(got[:18]).all() and not np.isnan(got[18])


def since_reference(event):
    """Bars since event was last nonzero; NaN before the first and where NaN."""
    event = np.asarray(event)
    idx = np.arange(len(event))
    hit = np.where((event != 0) & ~np.isnan(event), idx, -1)
    last = np.maximum.accumulate(hit)
    out = (idx - last).astype(np.float64)
    out[(last < 0) | np.isnan(event)] = np.nan
    return out


def test_since_counts_bars_from_the_last_cross_or_level(aapl, eurusd):
    for bars in (aapl, eurusd):
        got = columns(bars, "cross(sma(10),sma(30)),since(cross(sma(10),sma(30))),"
                            "above(rsi(14),70),since(above(rsi(14),70)),"
                            "since(cross(close,max(high,20)@1))")
        cross = got["cross(sma(10),sma(30))"]
        assert (cross != 0).sum() > 10
        np.testing.assert_array_equal(got["since(cross(sma(10),sma(30)))"],
                                      since_reference(cross))
        np.testing.assert_array_equal(got["since(above(rsi(14),70))"],
                                      since_reference(got["above(rsi(14),70)"]))
        # A breakout of the previous 20-bar high, with the event from numpy.
        high, close = np.asarray(bars.high), np.asarray(bars.close)
        upper = head_nan(windows(high, 20).max(axis=1), 20)
        prev = np.concatenate([[np.nan], upper[:-1]])
        up = (close[1:] > prev[1:]) & (close[:-1] <= prev[:-1])
        down = (close[1:] < prev[1:]) & (close[:-1] >= prev[:-1])
        event = np.concatenate([[np.nan], np.where(up | down, 1.0, 0.0)])
        event[np.isnan(prev)] = np.nan
        event[np.flatnonzero(~np.isnan(prev))[0]] = 0.0  # first bar: nothing to cross from
        np.testing.assert_array_equal(got["since(cross(close,max(high,20)@1))"],
                                      since_reference(event))


def test_window_items_stream_bit_identical_to_batch(eurusd):
    spec = ("max(high,20),min(low,20),ratio(close,sma(20)),rank(close,50),zscore(close,20),"
            "since(cross(sma(10),sma(30))),since(above(rsi(14),70)),zscore(rank(close,10),30)")
    f = botcopier.Features(spec)
    batch = f.compute(eurusd)
    f.reset()
    row = np.empty(f.count)
    streamed = np.empty_like(batch)
    for i in range(len(eurusd)):
        f.update(eurusd.time[i], eurusd.open[i], eurusd.high[i], eurusd.low[i],
                 eurusd.close[i], eurusd.volume[i], out=row)
        streamed[i] = row
    assert streamed.tobytes() == batch.tobytes()
    assert f.lookback == 49  # rank(close,50); zscore(rank(close,10),30) needs 9 + 29
    assert np.isfinite(batch[f.lookback + 300:, :5]).all()


def test_and_is_the_conjunction_of_two_conditions(aapl):
    got = columns(aapl, "and(above(rsi(14),50),above(close,sma(10))),rsi(14),sma(10),"
                        "and(above(45,rsi(14)),cross(close,sma(10))),cross(close,sma(10))")
    rsi, sma, close = got["rsi(14)"], got["sma(10)"], np.asarray(aapl.close)
    with np.errstate(invalid="ignore"):
        want = np.where(np.isnan(rsi) | np.isnan(sma), np.nan,
                        ((rsi > 50) & (close > sma)).astype(float))
    np.testing.assert_array_equal(got["and(above(rsi(14),50),above(close,sma(10)))"], want)
    cross = got["cross(close,sma(10))"]
    with np.errstate(invalid="ignore"):
        # a cross of -1 is not > 0: only the upward cross under rsi < 45 fires
        want = np.where(np.isnan(rsi) | np.isnan(cross), np.nan,
                        ((rsi < 45) & (cross > 0)).astype(float))
    np.testing.assert_array_equal(got["and(above(45,rsi(14)),cross(close,sma(10)))"], want)
    assert np.nansum(want) > 0


def test_cci_and_and_stream_bit_identical_to_batch(eurusd):
    f = botcopier.Features("cci(20),cci(7),and(above(cci(20),100),above(close,sma(50)))")
    batch = f.compute(eurusd)
    f.reset()
    row = np.empty(f.count)
    streamed = np.empty_like(batch)
    for i in range(len(eurusd)):
        f.update(eurusd.time[i], eurusd.open[i], eurusd.high[i], eurusd.low[i],
                 eurusd.close[i], eurusd.volume[i], out=row)
        streamed[i] = row
    assert streamed.tobytes() == batch.tobytes()
    assert f.lookback == 49
    talib = pytest.importorskip("talib")
    ref = talib.CCI(np.asarray(eurusd.high), np.asarray(eurusd.low), np.asarray(eurusd.close), 20)
    np.testing.assert_allclose(batch[:, 0], ref, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("spec, needle", [
    ("max(high)", "expected ','"),
    ("min(low,0)", "2..100000"),
    ("zscore(close,-3)", "-3"),
    ("rank(nosuch(2),10)", "nosuch"),
    ("since(cross(close))", "expected ','"),
    ("ratio(close,open,high)", "expected ')'"),
    ("and(above(rsi(14),50))", "expected ','"),
    ("cci(1)", "2..100000"),
    ("zscore(bbands(20,2),20)", "single columns"),
])
def test_bad_window_items_are_parse_errors_naming_the_item(spec, needle):
    with pytest.raises(botcopier.ParseError, match=needle.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
