"""skew(n) (the population skewness of the last n one-bar returns) against
scipy.stats.skew(bias=True) and numpy float64 of its published definition (TA-Lib
has none), and DeMark's TD setup counts written with since(): since(above(close,
close@4)) and since(above(close@4,close)) against the heldout23 generator's counts.

skew(n) = m3 / m2^1.5 over the last n r = close/close@1 - 1, m_k = mean((r -
mean(r))^k), 0 where m2 is 0; lookback n.
Streaming == batch, a missing bar skipped, bad items refused."""
import numpy as np
import pytest

import botcopier
from features_util import load, assert_cross_agrees, batch_stream_and_gap


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv", "bots/googl_daily.csv"])
def series(request):
    return load(request.param)


def skew_reference(c, n):
    r = np.full(len(c), np.nan)
    r[1:] = c[1:] / c[:-1] - 1.0
    out = np.full(len(c), np.nan)
    for t in range(n, len(c)):
        w = r[t - n + 1:t + 1]
        d = w - w.mean()
        m2 = (d * d).mean()
        out[t] = (d ** 3).mean() / m2 ** 1.5 if m2 > 0 else 0.0
    return out


@pytest.mark.parametrize("n", [48, 24, 3, 100])
def test_skew_matches_the_float64_definition(series, n):
    bars, d = series
    f = botcopier.Features(f"skew({n})")
    assert f.names == [f"skew({n})"] and f.lookback == n
    got = f.compute(bars)[:, 0]
    ref = skew_reference(d["close"], n)
    assert np.array_equal(np.isnan(got), np.isnan(ref))
    np.testing.assert_allclose(got, ref, rtol=1e-9, atol=1e-9, equal_nan=True)


def test_skew_is_scipys_biased_skewness():
    stats = pytest.importorskip("scipy.stats")
    bars, d = load("bots/eurusd_1h.csv")
    c = d["close"][:3000]
    got = botcopier.Features("skew(48)").compute(bars)[:3000, 0]
    r = c[1:] / c[:-1] - 1.0
    want = np.full(len(c), np.nan)
    for t in range(48, len(c)):
        want[t] = stats.skew(r[t - 48:t], bias=True)
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-9, equal_nan=True)


def test_skew_crossings_are_the_heldout23_bots_levels():
    bars, d = load("bots/eurusd_1h.csv")
    ref = skew_reference(d["close"], 48)
    got = botcopier.Features("cross(skew(48),0.75),cross(skew(48),-0.75)").compute(bars)
    assert_cross_agrees(got[:, 0], ref - 0.75)
    assert_cross_agrees(got[:, 1], ref + 0.75)


def test_skew_is_0_on_equal_returns_and_signed_by_the_tail():
    t = np.arange(8, dtype=np.int64) * 3600
    flat = np.full(8, 5.0)
    got = botcopier.Features("skew(3)").compute_arrays(t, flat, flat, flat, flat, np.ones(8))
    np.testing.assert_array_equal(got[:, 0], [np.nan] * 3 + [0.0] * 5)
    # small steps up and one large jump: a right tail; its mirror a left tail
    c = np.array([100.0, 100.1, 100.2, 105.0, 105.1])
    got = botcopier.Features("skew(4)").compute_arrays(t[:5], c, c, c, c, np.ones(5))[:, 0]
    assert got[4] > 0
    c = np.array([100.0, 99.9, 99.8, 95.0, 94.9])
    got = botcopier.Features("skew(4)").compute_arrays(t[:5], c, c, c, c, np.ones(5))[:, 0]
    assert got[4] < 0


def td_counts(c, k):
    up = np.zeros(len(c), dtype=int)
    down = np.zeros(len(c), dtype=int)
    for t in range(k, len(c)):
        up[t] = up[t - 1] + 1 if c[t] > c[t - k] else 0
        down[t] = down[t - 1] + 1 if c[t] < c[t - k] else 0
    return up, down


def test_since_gives_the_td_setup_counts_where_no_close_ties():
    """On sp500 no close equals the close four bars before, so the bars since the
    last close above (below) the close 4 bars earlier are DeMark's down (up) setup
    count from the first such close on; a tie would reset both counts, not since()."""
    bars, d = load("sp500_daily.csv")
    c = d["close"]
    assert not (c[4:] == c[:-4]).any()
    got = botcopier.Features("since(above(close,close@4)),since(above(close@4,close))"
                             ).compute(bars)
    up, down = td_counts(c, 4)
    for col, want in ((0, down), (1, up)):
        ok = np.isfinite(got[:, col])
        assert ok[-100:].all()
        first = np.argmax(ok)
        np.testing.assert_array_equal(got[first:, col], want[first:])


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("bots/googl_daily.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    spec = "skew(24),cross(skew(24),0.75),skew(3)"
    rest, keep = batch_stream_and_gap(spec, t, d)
    np.testing.assert_allclose(rest[:, 0], skew_reference(keep["close"], 24),
                               rtol=1e-9, atol=1e-9, equal_nan=True)
    np.testing.assert_allclose(rest[:, 2], skew_reference(keep["close"], 3),
                               rtol=1e-9, atol=1e-9, equal_nan=True)


@pytest.mark.parametrize("spec,message", [
    ("skew(2)", "skew: 2 is out of range 3..100000"),
    ("skew", "expected '('"),
    ("skew(24,2)", "expected ')'"),
])
def test_bad_items_are_refused_naming_them(spec, message):
    with pytest.raises(botcopier.ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
