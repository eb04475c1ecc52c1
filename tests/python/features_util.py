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
