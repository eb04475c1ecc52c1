"""The UTC day's volume-weighted average price in the feature engine: vwap
against a plain float64 loop of its definition (typical price (h + l + c) / 3
times volume, summed from the first bar of each UTC date, over the day's
volume; NaN while the day's volume is 0) on hourly and daily series, bit for
bit. TA-Lib has no anchored VWAP, so the reference is the definition (the
heldout11 VWAP bot's). Zero-volume bars, missing bars, the search grid's
items, streaming == batch, bad items refused naming the item."""
import datetime as dt

import numpy as np
import pytest

import botcopier
from features_util import load, streamed


def day_vwap(times, h, lo, c, v):
    out = np.empty(len(c))
    pv = vol = 0.0
    prev = None
    for i in range(len(c)):
        day = dt.datetime.fromtimestamp(int(times[i]), dt.timezone.utc).date()
        if day != prev:
            pv = vol = 0.0
            prev = day
        pv += (h[i] + lo[i] + c[i]) / 3.0 * v[i]
        vol += v[i]
        out[i] = pv / vol if vol > 0 else np.nan
    return out


@pytest.mark.parametrize("name", ["bots/heldout/eurusd_1h_2017.csv", "bots/eurusd_1h.csv",
                                  "sp500_daily.csv"])
def test_vwap_matches_its_definition(name):
    bars, d = load(name)
    f = botcopier.Features("vwap")
    assert f.names == ["vwap"]
    assert f.lookback == 0
    got = f.compute(bars)[:, 0]
    want = day_vwap(bars.time, d["high"], d["low"], d["close"], d["volume"])
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want))
    assert got.tobytes() == want.tobytes()
    m = ~np.isnan(got)
    assert ((got[m] >= d["low"][m] - 1e-12) | (got[m] <= d["high"][m])).all()


def test_vwap_on_daily_bars_is_the_typical_price():
    bars, d = load("sp500_daily.csv")
    got = botcopier.Features("vwap").compute(bars)[:, 0]
    typ = (d["high"] + d["low"] + d["close"]) / 3.0
    has = d["volume"] > 0
    np.testing.assert_allclose(got[has], typ[has], rtol=1e-15, atol=0)


def test_vwap_is_nan_until_the_day_has_volume_and_missing_bars_enter_no_day():
    bars, d = load("bots/heldout/eurusd_1h_2017.csv")
    t = np.asarray(bars.time, dtype=np.int64)
    v = d["volume"].copy()
    day = t // 86400
    first = np.flatnonzero(np.r_[True, day[1:] != day[:-1]])
    v[first[5]] = 0.0                      # a day whose first bar traded nothing
    v[first[5] + 1] = 0.0
    gone = np.zeros(len(v), dtype=bool)
    gone[[first[7] + 3, first[9]]] = True  # missing volume: the engine's missing bar
    v[gone] = np.nan
    f = botcopier.Features("vwap")
    got = f.compute_arrays(t, d["close"], d["open"], d["high"], d["low"], v)[:, 0]
    assert np.isnan(got[first[5]]) and np.isnan(got[first[5] + 1])
    assert np.isnan(got[gone]).all()
    keep = ~gone
    want = day_vwap(t[keep], d["high"][keep], d["low"][keep], d["close"][keep], v[keep])
    np.testing.assert_array_equal(np.isnan(got[keep]), np.isnan(want))
    assert got[keep].tobytes() == want.tobytes()


def test_vwap_grid_items_are_the_close_side_and_cross():
    bars, d = load("bots/heldout/eurusd_1h_2017.csv")
    got = botcopier.Features("ratio(close,vwap),cross(close,vwap)").compute(bars)
    w = day_vwap(bars.time, d["high"], d["low"], d["close"], d["volume"])
    np.testing.assert_allclose(got[:, 0], d["close"] / w, rtol=1e-15)
    side = np.sign(d["close"] - w)
    ups = (side[1:] > 0) & (side[:-1] < 0)
    assert (got[1:, 1] > 0).sum() >= ups.sum() * 0.9 and ups.sum() > 100


SPEC = "vwap,vwap@1,ratio(close,vwap),cross(close,vwap),zscore(vwap,20)"


def test_vwap_streams_bit_identical_to_batch():
    bars, d = load("bots/heldout/eurusd_1h_2017.csv")
    f = botcopier.Features(SPEC)
    batch = f.compute(bars)
    assert streamed(f, bars.time, d).tobytes() == batch.tobytes()


@pytest.mark.parametrize("spec, needle", [
    ("vwap(20)", "takes no arguments"),
    ("vwap.day", "'.day' selects nothing"),
])
def test_bad_vwap_items_are_parse_errors_naming_the_item(spec, needle):
    with pytest.raises(botcopier.ParseError) as e:
        botcopier.Features(spec)
    assert needle in str(e.value)
