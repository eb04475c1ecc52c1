"""mama(fast,slow) -> .mama .fama (Ehlers' MESA adaptive moving average) against
the PyPI ta-lib's talib.MAMA, the reference: TA-Lib's WMA(4) smoother, its
even/odd-bar Hilbert transform steps, phase, alpha = fast / delta phase (at
least slow), the period clamps; NaN before bar 32 (TA-Lib's lookback). The
kernel does TA-Lib's operations in TA-Lib's order; the PyPI wheel's TA-Lib
0.8.2 is compiled with fused multiply-adds, so the two differ by a few ulps
(<= 1e-15 relative on the four series); the test asks 1e-9 relative. Streaming == batch, a missing bar skipped
(the series goes on as TA-Lib's would without that bar), the heldout15
generator's crossing rule, bad items refused."""
import numpy as np
import pytest

import botcopier
from features_util import load, batch_stream_and_gap

talib = pytest.importorskip("talib")

LIMITS = [(0.5, 0.05), (0.3, 0.1), (0.99, 0.01), (0.01, 0.99), (0.9, 0.02)]


@pytest.fixture(scope="module", params=["aapl_daily.csv", "sp500_daily.csv",
                                        "bots/googl_daily.csv", "bots/eurusd_1h.csv"])
def series(request):
    return load(request.param)


def spec(fast, slow):
    return f"mama({fast:g},{slow:g})"


@pytest.mark.parametrize("fast,slow", LIMITS)
def test_mama_matches_talib(series, fast, slow):
    bars, d = series
    f = botcopier.Features(spec(fast, slow))
    assert f.names == [spec(fast, slow) + ".mama", spec(fast, slow) + ".fama"]
    assert f.lookback == 32
    got = f.compute(bars)
    mama, fama = talib.MAMA(d["close"], fast, slow)
    for col, ref in ((0, mama), (1, fama)):
        assert np.array_equal(np.isnan(got[:, col]), np.isnan(ref))
        np.testing.assert_allclose(got[:, col], ref, rtol=1e-9, atol=0, equal_nan=True)
    assert np.isnan(got[:32]).all() and np.isfinite(got[32:]).all()


def test_the_crossing_is_the_heldout15_generators_rule():
    """make_heldout15_bots.mama_fama_googl: MAMA(0.5, 0.05) going from <= FAMA
    to > FAMA is long, the mirror short: cross(...) = +1 / -1 on those bars."""
    bars, d = load("bots/googl_daily.csv")
    mama, fama = talib.MAMA(d["close"], 0.5, 0.05)
    got = botcopier.Features("cross(mama(0.5,0.05).mama,mama(0.5,0.05).fama)").compute(bars)
    ok = np.isfinite(mama) & np.isfinite(fama)
    ok[1:] &= ok[:-1]
    ok[0] = False
    up = np.zeros(len(mama), dtype=bool)
    dn = np.zeros(len(mama), dtype=bool)
    up[1:] = (mama[:-1] <= fama[:-1]) & (mama[1:] > fama[1:])
    dn[1:] = (mama[:-1] >= fama[:-1]) & (mama[1:] < fama[1:])
    want = np.where(ok & up, 1.0, np.where(ok & dn, -1.0, 0.0))
    have = np.nan_to_num(got[:, 0])
    np.testing.assert_array_equal(have, want)
    assert (want == 1).sum() > 20 and (want == -1).sum() > 20


def test_a_series_shorter_than_the_lookback_is_all_nan():
    n = 32
    t = np.arange(n, dtype=np.int64) * 86400
    c = 100.0 + np.sin(np.arange(n) / 3.0)
    got = botcopier.Features("mama(0.5,0.05)").compute_arrays(t, c, c, c, c, np.ones(n))
    assert np.isnan(got).all()
    c = np.append(c, 101.0)
    t = np.arange(n + 1, dtype=np.int64) * 86400
    got = botcopier.Features("mama(0.5,0.05)").compute_arrays(t, c, c, c, c, np.ones(n + 1))
    mama, fama = talib.MAMA(c, 0.5, 0.05)
    np.testing.assert_allclose(got[:, 0], mama, rtol=1e-9, equal_nan=True)
    np.testing.assert_allclose(got[:, 1], fama, rtol=1e-9, equal_nan=True)
    assert np.isfinite(got[32]).all()


def test_streaming_equals_batch_and_a_missing_bar_is_skipped():
    bars, d = load("sp500_daily.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    s = ("mama(0.5,0.05),mama(0.3,0.1).fama,mama(0.5,0.05).mama@1,"
         "cross(mama(0.5,0.05).mama,mama(0.5,0.05).fama)")
    for at in (301, 302):  # an odd and an even bar: the parity moves with the bars
        rest, keep = batch_stream_and_gap(s, t, d, at=at)
        mama, fama = talib.MAMA(keep["close"], 0.5, 0.05)
        _, fama2 = talib.MAMA(keep["close"], 0.3, 0.1)
        np.testing.assert_allclose(rest[:, 0], mama, rtol=1e-9, equal_nan=True)
        np.testing.assert_allclose(rest[:, 1], fama, rtol=1e-9, equal_nan=True)
        np.testing.assert_allclose(rest[:, 2], fama2, rtol=1e-9, equal_nan=True)


@pytest.mark.parametrize("item,message", [
    ("mama(0.5,0.005)", "the slow limit 0.005 is outside [0.01, 0.99]"),
    ("mama(1,0.05)", "the fast limit 1 is outside [0.01, 0.99]"),
    ("mama(0,0.05)", "the fast limit 0 is outside [0.01, 0.99]"),
    ("mama(0.5,nan)", "'nan' is not a finite number"),
    ("mama(0.5)", "expected ','"),
    ("mama", "expected '('"),
    ("mama(0.5,0.05).kama", "has no output '.kama'"),
])
def test_bad_items_are_refused_naming_them(item, message):
    with pytest.raises(botcopier.ParseError, match=message.replace("(", r"\(")
                       .replace(")", r"\)").replace("[", r"\[").replace("]", r"\]")
                       .replace(".", r"\.")):
        botcopier.Features(item)
