#!/usr/bin/env python3
"""Sixth held-out set of rule bots for clone fidelity (issue 8), written on
2026-12-04 (sixth session) at its start, before that session's tuning on the
other bots, and scored once at its end with default options. Each bot is a
deterministic rule over TA-Lib indicators (PyPI ta-lib) or plain bar arithmetic
on real data in the repo, decided at a bar's close and logged inside that bar
(daily: 20:00 of the date; hourly: minute 59), in BotCopier's observer schema.
Bar reading and the log writer are the first set's (../heldout/make_heldout_bots.py), the
volume reader the fourth's (../heldout5/make_heldout5_bots.py).

Run: python3 make_heldout7_bots.py   (writes heldout7_*_trades_raw.csv)
"""
import os
import sys

import numpy as np
import talib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "heldout"))
from make_heldout_bots import DAILY, HOURLY, Log, read_bars, up, write  # noqa: E402

sys.path.insert(0, os.path.join(HERE, "..", "heldout5"))
from make_heldout5_bots import read_volume  # noqa: E402

DATA = os.path.join(HERE, "..", "..")


def write_here(rows, name):
    """The first set's writer, aimed at this folder."""
    write(rows, name, HERE)


def finite(*xs):
    return all(np.isfinite(x) for x in xs)


def psar_flip_googl():
    """Parabolic SAR, always in the market: TA-Lib SAR(0.02, 0.2); the SAR moving below
    the close -> long (closing a short first), above it -> short."""
    times, b = read_bars(os.path.join(DATA, "bots", "googl_daily.csv"))
    c, h, l = b["close"], b["high"], b["low"]
    sar = talib.SAR(h, l, 0.02, 0.2)
    log = Log("GOOGL", DAILY)
    for t in range(len(c)):
        if not finite(sar[t]):
            continue
        side = 1 if sar[t] < c[t] else -1
        if side != log.dir:
            if log.dir != 0:
                log.close(times[t], c[t])
            log.open(t, times[t], side, c[t])
    write_here(log.rows, "heldout7_psar_flip_googl_trades_raw.csv")


def inside_bar_breakout_sp500():
    """Inside-bar breakout: flat, the previous bar lay inside the one before it (lower
    high and higher low) and the close breaks above the inside bar's high -> long,
    below its low -> short; a position closes after 5 bars."""
    times, b = read_bars(os.path.join(DATA, "sp500_daily.csv"))
    c, h, l = b["close"], b["high"], b["low"]
    log = Log("SPX500", DAILY)
    for t in range(2, len(c)):
        if log.dir != 0 and t - log.entry_bar >= 5:
            log.close(times[t], c[t])
        elif log.dir == 0 and h[t - 1] < h[t - 2] and l[t - 1] > l[t - 2]:
            if c[t] > h[t - 1]:
                log.open(t, times[t], 1, c[t])
            elif c[t] < l[t - 1]:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout7_inside_bar_breakout_sp500_trades_raw.csv")


def volume_spike_googl():
    """Volume spike in the candle's direction: flat, volume above 1.8 times its 20-bar
    average (the current bar included) and an up candle (close > open) -> long, a down
    candle -> short; a position closes after 3 bars."""
    path = os.path.join(DATA, "bots", "googl_daily.csv")
    times, b = read_bars(path)
    o, c, v = b["open"], b["close"], read_volume(path)
    avg = talib.SMA(v, 20)
    log = Log("GOOGL", DAILY)
    for t in range(len(c)):
        if log.dir != 0 and t - log.entry_bar >= 3:
            log.close(times[t], c[t])
        elif log.dir == 0 and finite(avg[t]) and v[t] > 1.8 * avg[t]:
            if c[t] > o[t]:
                log.open(t, times[t], 1, c[t])
            elif c[t] < o[t]:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout7_volume_spike_googl_trades_raw.csv")


def chandelier_trail_eurusd():
    """Trend entry with a chandelier trailing exit: flat, the close crossing above
    sma(50) -> long, below -> short; a long closes when the close falls below the
    highest close since entry minus 3 atr(14) (a short mirrored, from the lowest close).
    The trail lives in the bot, not at the broker: no sl/tp is logged."""
    times, b = read_bars(os.path.join(DATA, "bots", "heldout", "eurusd_1h_2017.csv"))
    c, h, l = b["close"], b["high"], b["low"]
    trend, atr = talib.SMA(c, 50), talib.ATR(h, l, c, 14)
    log = Log("EURUSD", HOURLY)
    extreme = 0.0
    for t in range(1, len(c)):
        if not finite(trend[t], trend[t - 1], atr[t]):
            continue
        if log.dir > 0:
            extreme = max(extreme, c[t])
            if c[t] < extreme - 3 * atr[t]:
                log.close(times[t], c[t])
        elif log.dir < 0:
            extreme = min(extreme, c[t])
            if c[t] > extreme + 3 * atr[t]:
                log.close(times[t], c[t])
        elif up(c, trend, t):
            log.open(t, times[t], 1, c[t])
            extreme = c[t]
        elif up(trend, c, t):
            log.open(t, times[t], -1, c[t])
            extreme = c[t]
    write_here(log.rows, "heldout7_chandelier_trail_eurusd_trades_raw.csv")


def asian_range_breakout_eurusd():
    """Asian-range breakout, one trade a day: the range is the day's highest high and
    lowest low over the bars from 00:00 to 06:59 UTC; from 07:00 to 11:59, flat and not
    yet traded that day, a close above the range -> long, below it -> short; every
    position closes on the 20:00 bar (or the day's first later bar)."""
    times, b = read_bars(os.path.join(DATA, "bots", "eurusd_1h.csv"))
    c, h, l = b["close"], b["high"], b["low"]
    log = Log("EURUSD", HOURLY)
    day, hi, lo, traded = None, -np.inf, np.inf, False
    for t in range(len(c)):
        when = times[t]
        if when.date() != day:
            if log.dir != 0:
                log.close(when, c[t])
            day, hi, lo, traded = when.date(), -np.inf, np.inf, False
        hour = when.hour
        if hour < 7:
            hi, lo = max(hi, h[t]), min(lo, l[t])
        elif log.dir != 0 and hour >= 20:
            log.close(when, c[t])
        elif log.dir == 0 and not traded and hour < 12 and np.isfinite(hi):
            if c[t] > hi:
                log.open(t, when, 1, c[t])
                traded = True
            elif c[t] < lo:
                log.open(t, when, -1, c[t])
                traded = True
    write_here(log.rows, "heldout7_asian_range_breakout_eurusd_trades_raw.csv")


def aroon_cross_sp500():
    """Aroon cross with strength: TA-Lib AROON(25); flat, aroon up crossing above aroon
    down while up >= 70 -> long; down crossing above up while down >= 70 -> short; a
    position closes on the opposite cross."""
    times, b = read_bars(os.path.join(DATA, "sp500_daily.csv"))
    c, h, l = b["close"], b["high"], b["low"]
    down, upl = talib.AROON(h, l, 25)
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        if not finite(down[t], upl[t], down[t - 1], upl[t - 1]):
            continue
        if log.dir > 0 and up(down, upl, t):
            log.close(times[t], c[t])
        elif log.dir < 0 and up(upl, down, t):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if up(upl, down, t) and upl[t] >= 70:
                log.open(t, times[t], 1, c[t])
            elif up(down, upl, t) and down[t] >= 70:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout7_aroon_cross_sp500_trades_raw.csv")


if __name__ == "__main__":
    psar_flip_googl()
    inside_bar_breakout_sp500()
    volume_spike_googl()
    chandelier_trail_eurusd()
    asian_range_breakout_eurusd()
    aroon_cross_sp500()
