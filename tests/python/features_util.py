"""Shared by the feature-family tests: reading a bars file of tests/data with its
columns as float64 arrays, and a spec's rows computed bar by bar (streaming)."""
import pathlib

import numpy as np

import botcopier

DATA = pathlib.Path(__file__).resolve().parents[2] / "tests" / "data"


def load(name):
    bars = botcopier.read_bars(DATA / name)
    return bars, {k: np.asarray(getattr(bars, k), dtype=np.float64)
                  for k in ("open", "high", "low", "close", "volume")}


def streamed(f, times, d):
    """f's rows over the bars (their times, columns d) one update at a time,
    after a reset."""
    f.reset()
    row = np.empty(f.count)
    out = np.empty((len(d["close"]), f.count))
    for i in range(len(d["close"])):
        f.update(int(times[i]), d["open"][i], d["high"][i], d["low"][i], d["close"][i],
                 d["volume"][i], out=row)
        out[i] = row
    return out


def batch(spec, times, d):
    """spec's rows over the bars (their times, columns d) in one batch call."""
    return botcopier.Features(spec).compute_arrays(times, d["close"], d["open"], d["high"],
                                                   d["low"], d["volume"])


def batch_stream_and_gap(spec, times, d, at=300, column="close", exact=True):
    """The checks every feature family shares: streaming == batch on the bars, then
    with bar `at`'s `column` missing: that bar's row is all NaN and streaming ==
    batch again. exact compares the bytes (NaN payloads and signed zeros too),
    else the values with NaN equal to NaN. Returns (rest, keep): the gapped run's
    rows without bar `at`, and the columns without it, which a reference computed
    on keep must match (a missing bar is skipped, as if it never came)."""
    def same(a, b):
        return a.tobytes() == b.tobytes() if exact else np.array_equal(a, b, equal_nan=True)

    assert same(streamed(botcopier.Features(spec), times, d), batch(spec, times, d))
    gap = d[column].copy()
    gap[at] = np.nan
    dd = dict(d, **{column: gap})
    got = batch(spec, times, dd)
    assert np.isnan(got[at]).all()
    assert same(streamed(botcopier.Features(spec), times, dd), got)
    return np.delete(got, at, axis=0), {k: np.delete(x, at) for k, x in d.items()}


def assert_cross_agrees(got, diff, at_least=20, clear=1e-9):
    """got (a cross item's column) is +1 / -1 wherever the reference difference
    a - b goes clearly (|a - b| > clear on both bars) from <= 0 to > 0 / from >= 0
    to < 0, and each direction happens more than at_least times."""
    ok = np.isfinite(diff) & (np.abs(diff) > clear)
    prev = np.roll(ok, 1) & ok
    prev[0] = False
    up = prev & (diff > 0) & (np.roll(diff, 1) <= 0)
    down = prev & (diff < 0) & (np.roll(diff, 1) >= 0)
    assert (got[up] == 1.0).all() and (got[down] == -1.0).all()
    assert up.sum() > at_least and down.sum() > at_least


def ema_reference(x, n):
    """TA-Lib's EMA written out in numpy float64 from x's first finite value:
    the mean of the first n values, then prev + 2/(n+1) (x - prev); all NaN
    where fewer than n values follow the first finite one."""
    out = np.full(len(x), np.nan)
    first = int(np.argmax(np.isfinite(x)))
    if not np.isfinite(x).any() or len(x) - first < n:
        return out
    k = 2.0 / (n + 1)
    prev = np.mean(x[first:first + n])
    out[first + n - 1] = prev
    for i in range(first + n, len(x)):
        prev = prev + k * (x[i] - prev)
        out[i] = prev
    return out
