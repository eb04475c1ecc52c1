"""fractal(k) .up .down (Bill Williams' fractals over 2k+1 bars) against a numpy
reference written from the definition (the heldout13 fractal bot's loop,
generalised to k): bar c is an up fractal when its high is above each of the k
highs before and after it, a down fractal when its low is below each of the k
lows around it; known on bar c+k. .up/.down hold the latest confirmed level,
NaN until the first of their kind; lookback 2k. Streaming == batch, a missing
bar skipped, bad items refused naming them."""
import numpy as np
import pytest

import botcopier
from features_util import load, batch_stream_and_gap


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv", "bots/googl_daily.csv"])
def series(request):
    return load(request.param)


def fractal_reference(h, l, k):
    up = np.full(len(h), np.nan)
    down = np.full(len(h), np.nan)
    last_up = last_down = np.nan
    for t in range(2 * k, len(h)):
        c = t - k
        others = np.r_[c - k:c, c + 1:c + k + 1]
        if h[c] > h[others].max():
            last_up = h[c]
        if l[c] < l[others].min():
            last_down = l[c]
        up[t], down[t] = last_up, last_down
    return up, down


@pytest.mark.parametrize("k", [1, 2, 3, 5, 10])
def test_fractal_matches_the_numpy_definition(series, k):
    bars, d = series
    f = botcopier.Features(f"fractal({k})")
    assert f.names == [f"fractal({k}).up", f"fractal({k}).down"]
    assert f.lookback == 2 * k
    got = f.compute(bars)
    up, down = fractal_reference(d["high"], d["low"], k)
    # levels are copies of bar highs / lows: bit for bit, NaN in the same places
    assert got[:, 0].tobytes() == up.tobytes()
    assert got[:, 1].tobytes() == down.tobytes()
    assert np.isnan(got[:2 * k]).all()
    assert np.isfinite(got[-100:]).all()


def test_the_heldout13_bots_levels_are_fractal_2():
    """The generator's 5-bar loop, verbatim in shape: levels from bar 4 on."""
    bars, d = load("bots/eurusd_1h.csv")
    h, l = d["high"], d["low"]
    up_level, dn_level = np.full_like(h, np.nan), np.full_like(h, np.nan)
    last_up = last_dn = np.nan
    for t in range(4, len(h)):
        k = t - 2
        if h[k] > max(h[k - 2], h[k - 1], h[k + 1], h[k + 2]):
            last_up = h[k]
        if l[k] < min(l[k - 2], l[k - 1], l[k + 1], l[k + 2]):
            last_dn = l[k]
        up_level[t], dn_level[t] = last_up, last_dn
    got = botcopier.Features("fractal(2).up,fractal(2).down").compute(bars)
    np.testing.assert_array_equal(got[:, 0], up_level)
    np.testing.assert_array_equal(got[:, 1], dn_level)


def test_a_tie_is_no_fractal():
    n = 9
    h = np.array([1.0, 2.0, 3.0, 3.0, 2.0, 1.0, 2.0, 5.0, 1.0])
    l = h - 0.5
    t = np.arange(n, dtype=np.int64) * 3600
    got = botcopier.Features("fractal(1)").compute_arrays(t, h - 0.1, h - 0.2, h, l, np.ones(n))
    # bars 2 and 3 tie at 3.0: neither is an up fractal; bar 7's 5.0 is, known on bar 8
    assert np.isnan(got[:8, 0]).all() and got[8, 0] == 5.0
    # bar 5's low 0.5 is a down fractal (below 1.5 and 1.5), known on bar 6
    assert np.isnan(got[:6, 1]).all() and (got[6:, 1] == 0.5).all()


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("bots/eurusd_1h.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    spec = "fractal(2),fractal(5).up,cross(close,fractal(2).up),cross(fractal(2).down,close)"
    rest, keep = batch_stream_and_gap(spec, t, d, column="high")
    up, down = fractal_reference(keep["high"], keep["low"], 2)
    np.testing.assert_array_equal(rest[:, 0], up)
    np.testing.assert_array_equal(rest[:, 1], down)


@pytest.mark.parametrize("spec,message", [
    ("fractal(0)", "fractal: 0 is out of range 1..50"),
    ("fractal(51)", "fractal: 51 is out of range 1..50"),
    ("fractal(2).mid", "has no output '.mid'"),
    ("fractal", "expected '('"),
])
def test_bad_items_are_refused_naming_them(spec, message):
    with pytest.raises(botcopier.ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
