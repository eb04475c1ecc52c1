"""fir(n,c0,c1,c2,c3), the learned moving average (lib/features/fir.c),
against a numpy float64 loop of its definition: weights p(u) = c0 + c1 u +
c2 u^2 + c3 u^3 of u = i/(n-1) for the close i bars ago, normalized to sum 1,
summed newest first with separate multiplies and adds (so the loop below
gives the engine's bits); lookback n-1. fir(n,1,0,0,0) is TA-Lib's SMA and
fir(n,1,-(n-1)/n,0,0) TA-Lib's WMA (weights n..1) to rounding. Streaming ==
batch, a missing bar skipped, bad items refused."""
import numpy as np
import pytest

import botcopier
from features_util import load, assert_cross_agrees, batch_stream_and_gap


@pytest.fixture(scope="module", params=["aapl_daily.csv", "bots/eurusd_1h.csv"])
def series(request):
    return load(request.param)


def fir_weights(n, c):
    p = np.empty(n)
    for i in range(n):
        u = float(i) / float(n - 1)
        p[i] = ((c[3] * u + c[2]) * u + c[1]) * u + c[0]
    total = 0.0
    for v in p:
        total += v
    return p / total


def fir_reference(x, n, c):
    w = fir_weights(n, c)
    out = np.full(len(x), np.nan)
    for t in range(n - 1, len(x)):
        acc = 0.0
        for i in range(n):
            acc += w[i] * x[t - i]
        out[t] = acc
    return out


SHAPES = [(10, (1.0, 0.0, 0.0, 0.0)), (20, (1.0, -0.8, 0.1, 0.05)),
          (45, (0.3, 1.0, -2.5, 1.2)), (2, (1.0, 1.0, 0.0, 0.0))]


@pytest.mark.parametrize("n,c", SHAPES)
def test_fir_is_its_float64_definition_bit_for_bit(series, n, c):
    bars, d = series
    spec = "fir(%d,%r,%r,%r,%r)" % ((n,) + c)
    f = botcopier.Features(spec)
    assert f.lookback == n - 1
    got = f.compute(bars)[:, 0]
    assert np.array_equal(got, fir_reference(d["close"], n, c), equal_nan=True)


def test_fir_spells_sma_and_wma():
    talib = pytest.importorskip("talib")
    bars, d = load("bots/eurusd_1h.csv")
    got = botcopier.Features("fir(14,1,0,0,0),fir(10,1,-0.9,0,0)").compute(bars)
    np.testing.assert_allclose(got[:, 0], talib.SMA(d["close"], 14), rtol=1e-13, equal_nan=True)
    np.testing.assert_allclose(got[:, 1], talib.WMA(d["close"], 10), rtol=1e-13, equal_nan=True)


def test_fir_is_scale_free_and_its_cross_agrees():
    bars, d = load("bots/eurusd_1h.csv")
    got = botcopier.Features("fir(20,1,-0.5,0,0),fir(20,-2,1,0,0),"
                             "cross(close,fir(20,1,-0.5,0,0))").compute(bars)
    np.testing.assert_allclose(got[:, 0], got[:, 1], rtol=1e-14, equal_nan=True)
    assert_cross_agrees(got[:, 2], d["close"] - fir_reference(d["close"], 20, (1, -0.5, 0, 0)),
                        clear=1e-12)


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("bots/eurusd_1h.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    spec = "fir(30,1,-0.7,0.2,-0.05),above(close,fir(12,1,0,-1,0))"
    rest, keep = batch_stream_and_gap(spec, t, d)
    assert np.array_equal(rest[:, 0], fir_reference(keep["close"], 30, (1, -0.7, 0.2, -0.05)),
                          equal_nan=True)


@pytest.mark.parametrize("spec,message", [
    ("fir(1,1,0,0,0)", "fir: 1 is out of range 2..1000"),
    ("fir(1001,1,0,0,0)", "fir: 1001 is out of range 2..1000"),
    ("fir(10,1,0,0)", "expected ','"),
    ("fir(10,1,0,0,0,0)", "expected ')'"),
    ("fir(3,1,-2,0,0)", "the weights sum to zero"),
    ("fir(10,0,0,0,0)", "the weights sum to zero"),
    ("fir(10,nan,0,0,0)", "fir"),
])
def test_bad_items_are_refused_naming_them(spec, message):
    with pytest.raises(botcopier.ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        botcopier.Features(spec)
