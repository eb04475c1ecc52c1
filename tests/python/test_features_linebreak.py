"""linebreak(n) .trend .level against an independent float64 loop written from
Nison's definition (Beyond Candlesticks, 1994; n = 3 is his three-line break).

The chart keeps a list of lines (bottom, top, colour). The first line is drawn
on the first close unlike the first close seen (white when above it). In a
white run a close above the last line's top adds a white line; a close below
the lowest bottom of the last n lines (all of them while fewer) turns the chart
black with a line from the close up to the last line's bottom; the mirror in a
black run. .trend is the last line's colour (+1 white, -1 black), .level the
close that would turn it (the lowest bottom, or the highest top, of the last n
lines). Both NaN until the first line. The heldout29 three-line break bot's
turns are the crossings of .trend through 0. Streaming == batch, a missing bar
skipped, bad items refused."""
import os

import numpy as np
import pytest

import botcopier
from features_util import load, batch_stream_and_gap


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/eurusd_1h.csv", "bots/googl_daily.csv"])
def series(request):
    return load(request.param)


def linebreak_reference(c, n):
    """A plain list of every line drawn, the last n sliced from it."""
    trend = np.full(len(c), np.nan)
    level = np.full(len(c), np.nan)
    lines = []
    for t in range(1, len(c)):
        if not lines:
            if c[t] == c[0]:
                continue
            lines.append((min(c[0], c[t]), max(c[0], c[t]), 1 if c[t] > c[0] else -1))
        else:
            bot, top, col = lines[-1]
            last = lines[-n:]
            if col > 0:
                if c[t] > top:
                    lines.append((top, c[t], 1))
                elif c[t] < min(x[0] for x in last):
                    lines.append((c[t], bot, -1))
            else:
                if c[t] < bot:
                    lines.append((c[t], bot, -1))
                elif c[t] > max(x[1] for x in last):
                    lines.append((top, c[t], 1))
        col = lines[-1][2]
        last = lines[-n:]
        trend[t] = col
        level[t] = min(x[0] for x in last) if col > 0 else max(x[1] for x in last)
    return trend, level


@pytest.mark.parametrize("n", [3, 2, 1, 4, 10])
def test_linebreak_matches_the_float64_definition(series, n):
    bars, d = series
    f = botcopier.Features(f"linebreak({n})")
    assert f.names == [f"linebreak({n}).trend", f"linebreak({n}).level"]
    assert f.lookback == 1
    got = f.compute(bars)
    trend, level = linebreak_reference(d["close"], n)
    np.testing.assert_array_equal(got[:, 0], trend)
    np.testing.assert_array_equal(got[:, 1], level)
    ok = ~np.isnan(trend)
    assert (trend[ok] == 1).sum() > 10 and (trend[ok] == -1).sum() > 10
    # the level is on the far side of the close from the colour's way
    assert (d["close"][ok][trend[ok] > 0] >= level[ok][trend[ok] > 0]).all()
    assert (d["close"][ok][trend[ok] < 0] <= level[ok][trend[ok] < 0]).all()


def test_the_turns_are_the_heldout29_bots_entries():
    """The heldout29 three-line break bot opens on the first line and then at
    every turn of the colour, at that close: its OPEN rows after the first
    are, in order, the closes where cross(linebreak(3).trend,0) is not 0,
    long (order type 0) where it is +1."""
    import csv
    bars, d = load("bots/googl_daily.csv")
    log = os.path.join(os.path.dirname(__file__), "..", "data", "bots", "heldout29",
                       "heldout29_three_line_break_googl_trades_raw.csv")
    with open(log, newline="") as fh:
        opens = [r for r in csv.DictReader(fh, delimiter=";") if r["action"] == "OPEN"]
    got = botcopier.Features("cross(linebreak(3).trend,0)").compute(bars)
    turns = np.flatnonzero(np.nan_to_num(got[:, 0]) != 0)
    assert len(turns) == len(opens) - 1 > 100
    np.testing.assert_allclose(d["close"][turns], [float(r["price"]) for r in opens[1:]],
                               rtol=0, atol=1e-4)
    np.testing.assert_array_equal(got[turns, 0],
                                  [1.0 if r["order_type"] == "0" else -1.0 for r in opens[1:]])


def test_linebreak_by_hand():
    """closes 10 10 11 12 11.5 10.5 13 9: the first line on 11 (white 10-11),
    12 adds a white line (11-12); 11.5 and 10.5 are inside the last lines
    (the lowest bottom of the last 3 is 10) and draw nothing; 13 adds a white
    line (12-13); 9 is below the lowest bottom of the last 3 (10) and turns
    it black (9-12; its level the highest top of the last 3, 13); with n = 1,
    10.5 is below the last bottom (11) and turns it black (10.5-11), 13 turns
    it white (11-13), 9 black (9-11): the level stays 11."""
    c = np.array([10, 10, 11, 12, 11.5, 10.5, 13, 9], dtype=float)
    t = np.arange(len(c), dtype=np.int64) * 86400
    got = botcopier.Features("linebreak(3),linebreak(1)").compute_arrays(t, c, c, c, c,
                                                                          np.ones(len(c)))
    nan = np.nan
    np.testing.assert_array_equal(got[:, 0], [nan, nan, 1, 1, 1, 1, 1, -1])
    np.testing.assert_array_equal(got[:, 1], [nan, nan, 10, 10, 10, 10, 10, 13])
    np.testing.assert_array_equal(got[:, 2], [nan, nan, 1, 1, 1, -1, 1, -1])
    np.testing.assert_array_equal(got[:, 3], [nan, nan, 10, 11, 11, 11, 11, 11])


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("bots/eurusd_1h.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    k = 2000
    t, d = t[:k], {c: x[:k] for c, x in d.items()}
    rest, keep = batch_stream_and_gap("linebreak(3),linebreak(2),cross(linebreak(3).trend,0)", t, d)
    for col, n in ((0, 3), (2, 2)):
        trend, level = linebreak_reference(keep["close"], n)
        np.testing.assert_array_equal(rest[:, col], trend)
        np.testing.assert_array_equal(rest[:, col + 1], level)


@pytest.mark.parametrize("spec,message", [
    ("linebreak", "expected '('"),
    ("linebreak(0)", "linebreak: 0 is out of range 1..10"),
    ("linebreak(11)", "linebreak: 11 is out of range 1..10"),
    ("linebreak(3,2)", "expected ')'"),
    ("linebreak(3).line", "has no output '.line'"),
])
def test_bad_items_are_refused_naming_them(spec, message):
    with pytest.raises(botcopier.ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
