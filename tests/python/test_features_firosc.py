"""firosc(n,c0,c1,c2,c3), the learned oscillator (lib/features/firosc.c),
against a numpy float64 loop of its definition: weights p(u) = c0 + c1 u +
c2 u^2 + c3 u^3 of u = i/(n-1) on the one-bar close change i bars ago,
divided by the sum of their sizes, summed newest first with separate
multiplies and adds, 100 * (sum / close) (so the loop below gives the
engine's bits); lookback n. firosc(n,1,0,0,0) is TA-Lib's MOM(n) * 100 /
(n close) to rounding; a positive scale of the coefficients leaves it, a
negative one flips its sign. Streaming == batch, a missing bar skipped, bad
items refused."""
import numpy as np
import pytest

import botcopier
from features_util import load, assert_cross_agrees, batch_stream_and_gap


@pytest.fixture(scope="module", params=["aapl_daily.csv", "bots/eurusd_1h.csv"])
def series(request):
    return load(request.param)


def firosc_weights(n, c):
    p = np.empty(n)
    for i in range(n):
        u = float(i) / float(n - 1)
        p[i] = ((c[3] * u + c[2]) * u + c[1]) * u + c[0]
    mass = 0.0
    for v in p:
        mass += abs(v)
    return p / mass


def firosc_reference(x, n, c):
    w = firosc_weights(n, c)
    out = np.full(len(x), np.nan)
    for t in range(n, len(x)):
        if x[t] == 0.0:
            continue
        acc = 0.0
        for i in range(n):
            acc += w[i] * (x[t - i] - x[t - i - 1])
        out[t] = 100.0 * (acc / x[t])
    return out


SHAPES = [(10, (1.0, 0.0, 0.0, 0.0)), (20, (1.0, -0.8, 0.1, 0.05)),
          (45, (0.3, 1.0, -2.5, 1.2)), (2, (1.0, -3.0, 0.0, 0.0))]


@pytest.mark.parametrize("n,c", SHAPES)
def test_firosc_is_its_float64_definition_bit_for_bit(series, n, c):
    bars, d = series
    spec = "firosc(%d,%r,%r,%r,%r)" % ((n,) + c)
    f = botcopier.Features(spec)
    assert f.lookback == n
    got = f.compute(bars)[:, 0]
    assert np.array_equal(got, firosc_reference(d["close"], n, c), equal_nan=True)


def test_firosc_spells_momentum_per_bar_in_percent():
    talib = pytest.importorskip("talib")
    bars, d = load("bots/eurusd_1h.csv")
    got = botcopier.Features("firosc(14,1,0,0,0)").compute(bars)[:, 0]
    want = talib.MOM(d["close"], 14) * 100.0 / (14.0 * d["close"])
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-13, equal_nan=True)


def test_firosc_scales_and_its_cross_agrees():
    bars, d = load("bots/eurusd_1h.csv")
    got = botcopier.Features("firosc(20,1,-0.5,0,0),firosc(20,3,-1.5,0,0),firosc(20,-1,0.5,0,0),"
                             "cross(firosc(20,1,-0.5,0,0),0.02)").compute(bars)
    np.testing.assert_allclose(got[:, 0], got[:, 1], rtol=1e-14, atol=1e-16, equal_nan=True)
    np.testing.assert_array_equal(got[:, 0], -got[:, 2])
    assert_cross_agrees(got[:, 3], firosc_reference(d["close"], 20, (1, -0.5, 0, 0)) - 0.02,
                        clear=1e-12)


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("bots/eurusd_1h.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    spec = "firosc(30,1,-0.7,0.2,-0.05),above(firosc(12,1,0,-1,0),0)"
    rest, keep = batch_stream_and_gap(spec, t, d)
    assert np.array_equal(rest[:, 0], firosc_reference(keep["close"], 30, (1, -0.7, 0.2, -0.05)),
                          equal_nan=True)


@pytest.mark.parametrize("spec,message", [
    ("firosc(1,1,0,0,0)", "firosc: 1 is out of range 2..1000"),
    ("firosc(1001,1,0,0,0)", "firosc: 1001 is out of range 2..1000"),
    ("firosc(10,1,0,0)", "expected ','"),
    ("firosc(10,1,0,0,0,0)", "expected ')'"),
    ("firosc(10,0,0,0,0)", "the weights are all zero or not finite"),
    ("firosc(10,nan,0,0,0)", "firosc"),
])
def test_bad_items_are_refused_naming_them(spec, message):
    with pytest.raises(botcopier.ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
