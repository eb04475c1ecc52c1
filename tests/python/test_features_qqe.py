"""qqe(n,m,k) .line .trail (the QQE, quantitative qualitative estimation, the
MetaTrader indicator as its common ports compute it) against numpy float64 of
its definition: line = ema(m) of rsi(n) (TA-Lib's RSI and EMA, the EMA from
the first RSI); from the line's second bar d = |line - line[1]|, dar = k x
ema(w) of ema(w) of d, w = 2n - 1; the trail seeded at line - dar on dar's
first bar, then below the previous trail min(trail[1], line + dar) when the
previous line was below too, else line + dar; above, max(trail[1], line -
dar) when the previous line was above too, else line - dar; equal,
unchanged. Both NaN until the trail exists: lookback 5n + m - 4; the
heldout30 bot's talib chain; streaming == batch, a missing bar skipped, bad
items refused naming them."""
import numpy as np
import pytest

import botcopier
from features_util import load, batch_stream_and_gap, ema_reference


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv", "bots/googl_daily.csv"])
def series(request):
    return load(request.param)


def rsi_reference(c, n):
    """Wilder's RSI as TA-Lib seeds it: the mean gain / loss of the first n
    changes, then avg = (avg (n - 1) + x) / n; 0 where both are 0."""
    out = np.full(len(c), np.nan)
    if len(c) <= n:
        return out
    ch = np.diff(c)
    up, dn = np.where(ch > 0, ch, 0.0), np.where(ch < 0, -ch, 0.0)
    g, l = up[:n].mean(), dn[:n].mean()
    for i in range(n, len(c)):
        if i > n:
            g = (g * (n - 1) + up[i - 1]) / n
            l = (l * (n - 1) + dn[i - 1]) / n
        out[i] = 0.0 if g + l == 0.0 else 100.0 * g / (g + l)
    return out


def qqe_reference(c, n, m, k, rsi=rsi_reference, ema=ema_reference):
    line = ema(rsi(c, n), m)
    d = np.abs(np.diff(line, prepend=np.nan))
    w = 2 * n - 1
    dar = k * ema(ema(d, w), w)
    trail = np.full(len(c), np.nan)
    for t in range(len(c)):
        if np.isnan(dar[t]):
            continue
        v, v1 = line[t], line[t - 1]
        if t == 0 or np.isnan(trail[t - 1]):
            trail[t] = v - dar[t]
            continue
        p = trail[t - 1]
        if v < p:
            trail[t] = min(p, v + dar[t]) if v1 < p else v + dar[t]
        elif v > p:
            trail[t] = max(p, v - dar[t]) if v1 > p else v - dar[t]
        else:
            trail[t] = p
    line = np.where(np.isnan(trail), np.nan, line)
    return line, trail


@pytest.mark.parametrize("n,m,k", [(14, 5, 4.236), (8, 3, 3.0), (2, 1, 1.0), (21, 8, 4.236)])
def test_qqe_matches_the_float64_definition(series, n, m, k):
    bars, d = series
    item = f"qqe({n},{m},{k:g})"
    f = botcopier.Features(item)
    assert f.names == [f"{item}.line", f"{item}.trail"]
    assert f.lookback == 5 * n + m - 4
    got = f.compute(bars)
    line, trail = qqe_reference(d["close"], n, m, k)
    for col, ref in ((0, line), (1, trail)):
        assert np.array_equal(np.isnan(got[:, col]), np.isnan(ref))
        # the trail's branches compare the line with it: one rounding apart
        # could take another branch, which these series do not meet
        np.testing.assert_allclose(got[:, col], ref, rtol=1e-9, atol=1e-9, equal_nan=True)
    lb = 5 * n + m - 4
    assert np.isnan(got[:lb]).all() and np.isfinite(got[lb:]).all()
    assert ((got[lb:, 0] >= 0.0) & (got[lb:, 0] <= 100.0)).all()


def test_qqe_is_the_heldout30_bots_talib_chain():
    talib = pytest.importorskip("talib")
    for name in ("sp500_daily.csv", "bots/googl_daily.csv"):
        bars, d = load(name)
        c = d["close"]
        n, sf, k = 14, 5, 4.236
        rsima = np.full(len(c), np.nan)
        rsima[n:] = talib.EMA(talib.RSI(c, n)[n:], sf)
        first = int(np.argmax(np.isfinite(rsima)))
        dd = np.full(len(c), np.nan)
        dd[first + 1:] = np.abs(np.diff(rsima[first:]))
        w = 2 * n - 1
        e1 = talib.EMA(dd[first + 1:], w)
        e2 = np.full_like(e1, np.nan)
        e2[w - 1:] = talib.EMA(e1[w - 1:], w)
        dar = np.full(len(c), np.nan)
        dar[first + 1:] = e2 * k
        got = botcopier.Features("qqe(14,5,4.236)").compute(bars)
        ok = np.isfinite(dar)
        assert np.array_equal(np.isfinite(got[:, 1]), ok)
        np.testing.assert_allclose(got[ok, 0], rsima[ok], rtol=1e-9, atol=1e-9)
        # the first trail is line - dar, and every trail is within dar of the line
        t0 = int(np.argmax(ok))
        np.testing.assert_allclose(got[t0, 1], rsima[t0] - dar[t0], rtol=1e-9, atol=1e-9)
        assert (np.abs(got[ok, 1] - got[ok, 0]) <= dar[ok] * (1 + 1e-9) + 1e-9).all()


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("aapl_daily.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    rest, keep = batch_stream_and_gap("qqe(14,5,4.236)", t, d, at=300, column="close")
    line, trail = qqe_reference(keep["close"], 14, 5, 4.236)
    np.testing.assert_allclose(rest[:, 0], line, rtol=1e-9, atol=1e-9, equal_nan=True)
    np.testing.assert_allclose(rest[:, 1], trail, rtol=1e-9, atol=1e-9, equal_nan=True)


@pytest.mark.parametrize("item", ["qqe", "qqe(1,5,4.236)", "qqe(14,0,4.236)", "qqe(14,5,0)",
                                  "qqe(14,5,-1)", "qqe(14,5)", "qqe(14,5,4.236).signal"])
def test_bad_items_are_refused(item):
    with pytest.raises(Exception) as e:
        botcopier.Features(item)
    assert "qqe" in str(e.value)
