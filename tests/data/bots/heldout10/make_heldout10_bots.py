#!/usr/bin/env python3
"""Ninth held-out set of rule bots for clone fidelity (issue 8), written on
2026-12-05 (ninth session) at its start, before that session's tuning on the
other bots, and scored once at its end with default options. Each bot is a
deterministic rule over TA-Lib indicators (PyPI ta-lib), plain bar arithmetic or
the calendar, on real data in the repo, decided at a bar's close and logged inside
that bar (daily: 20:00 of the date; hourly: minute 59), in BotCopier's observer
schema. Bar reading and the log writer are the first set's
(../heldout/make_heldout_bots.py), the finiteness check the sixth's.

Run: python3 make_heldout10_bots.py   (writes heldout10_*_trades_raw.csv)
"""
import csv
import os
import sys

import numpy as np
import talib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "heldout"))
from make_heldout_bots import DAILY, HOURLY, Log, read_bars, up, write  # noqa: E402

sys.path.insert(0, os.path.join(HERE, "..", "heldout7"))
from make_heldout7_bots import finite  # noqa: E402

DATA = os.path.join(HERE, "..", "..")


def write_here(rows, name):
    """The first set's writer, aimed at this folder."""
    write(rows, name, HERE)


def read_volume(path):
    """The bar file's volume column as float64 (read_bars leaves it out)."""
    with open(path) as f:
        rows = list(csv.DictReader(f))
    key = {k.lower(): k for k in rows[0]}
    return np.array([float(r[key["volume"]]) for r in rows])


def kama_flip_googl():
    """Always in the market on the side of an adaptive average: the close crossing
    above TA-Lib KAMA(20) -> long (closing a short first), below -> short."""
    times, b = read_bars(os.path.join(DATA, "bots", "googl_daily.csv"))
    c = b["close"]
    k = talib.KAMA(c, 20)
    log = Log("GOOGL", DAILY)
    for t in range(1, len(c)):
        side = 1 if up(c, k, t) else -1 if up(k, c, t) else 0
        if side and side != log.dir:
            if log.dir != 0:
                log.close(times[t], c[t])
            log.open(t, times[t], side, c[t])
    write_here(log.rows, "heldout10_kama_flip_googl_trades_raw.csv")


def obv_trend_sp500():
    """Volume confirmation: on-balance volume crossing above its 20-bar sma while the
    close is above sma(50) -> long; crossing below it under sma(50) -> short; a
    position closes when OBV crosses its average the other way."""
    path = os.path.join(DATA, "sp500_daily.csv")
    times, b = read_bars(path)
    c = b["close"]
    obv = talib.OBV(c, read_volume(path))
    avg, trend = talib.SMA(obv, 20), talib.SMA(c, 50)
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        if not finite(avg[t - 1], trend[t]):
            continue
        cross_up, cross_dn = up(obv, avg, t), up(avg, obv, t)
        if (log.dir > 0 and cross_dn) or (log.dir < 0 and cross_up):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if cross_up and c[t] > trend[t]:
                log.open(t, times[t], 1, c[t])
            elif cross_dn and c[t] < trend[t]:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout10_obv_trend_sp500_trades_raw.csv")


def hammer_star_sp500():
    """Candle shapes against the short trend: a hammer (lower shadow at least twice
    the body, upper shadow at most the body) closing below sma(10) -> long; a
    shooting star (the mirror) closing above sma(10) -> short; exit after 3 bars."""
    times, b = read_bars(os.path.join(DATA, "sp500_daily.csv"))
    o, h, l, c = b["open"], b["high"], b["low"], b["close"]
    s = talib.SMA(c, 10)
    body = np.abs(c - o)
    lower = np.minimum(o, c) - l
    upper = h - np.maximum(o, c)
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        if log.dir != 0 and t - log.entry_bar >= 3:
            log.close(times[t], c[t])
        elif log.dir == 0 and finite(s[t]) and body[t] > 0:
            if lower[t] >= 2 * body[t] and upper[t] <= body[t] and c[t] < s[t]:
                log.open(t, times[t], 1, c[t])
            elif upper[t] >= 2 * body[t] and lower[t] <= body[t] and c[t] > s[t]:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout10_hammer_star_sp500_trades_raw.csv")


def swing_stop_2r_eurusd():
    """A pullback entry with a swing stop and a 2R target at the broker: flat, ema(21)
    above ema(55) and the close crossing above ema(21) -> long, the stop at the lowest
    low of the last 3 bars (this one included), the target twice the risk above the
    entry; mirrored short. The bot itself never closes; after a broker exit it may
    open again on the same bar."""
    times, b = read_bars(os.path.join(DATA, "bots", "eurusd_1h.csv"))
    h, l, c = b["high"], b["low"], b["close"]
    fast, slow = talib.EMA(c, 21), talib.EMA(c, 55)
    lo3, hi3 = talib.MIN(l, 3), talib.MAX(h, 3)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        log.broker_exit(t, times[t], h[t], l[t])
        if log.dir != 0 or not finite(slow[t], fast[t - 1], lo3[t]):
            continue
        if fast[t] > slow[t] and up(c, fast, t) and c[t] > lo3[t]:
            sl = lo3[t]
            log.open(t, times[t], 1, c[t], sl, c[t] + 2 * (c[t] - sl))
        elif fast[t] < slow[t] and up(fast, c, t) and c[t] < hi3[t]:
            sl = hi3[t]
            log.open(t, times[t], -1, c[t], sl, c[t] - 2 * (sl - c[t]))
    write_here(log.rows, "heldout10_swing_stop_2r_eurusd_trades_raw.csv")


def linreg_slope_eurusd():
    """A regression slope's sign with a session: 07:00-18:59 UTC, TA-Lib
    LINEARREG_SLOPE(close, 24) crossing above 0 -> long, below -> short; a position
    closes when the slope crosses back or on the 22:00 bar."""
    times, b = read_bars(os.path.join(DATA, "bots", "heldout", "eurusd_1h_2017.csv"))
    c = b["close"]
    slope = talib.LINEARREG_SLOPE(c, 24)
    zero = np.zeros_like(c)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        hour = times[t].hour
        if not finite(slope[t - 1]):
            continue
        cross_up, cross_dn = up(slope, zero, t), up(zero, slope, t)
        if log.dir != 0 and (hour == 22 or (log.dir > 0 and cross_dn)
                             or (log.dir < 0 and cross_up)):
            log.close(times[t], c[t])
        elif log.dir == 0 and 7 <= hour < 19:
            if cross_up:
                log.open(t, times[t], 1, c[t])
            elif cross_dn:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout10_linreg_slope_eurusd_trades_raw.csv")


def friday_dip_sp500():
    """A day-of-week rule, long only: on a Friday whose close is below the close five
    bars earlier, buy the close; sell on the next bar's close."""
    times, b = read_bars(os.path.join(DATA, "sp500_daily.csv"))
    c = b["close"]
    log = Log("SPX500", DAILY)
    for t in range(5, len(c)):
        if log.dir != 0:
            log.close(times[t], c[t])
        elif times[t].weekday() == 4 and c[t] < c[t - 5]:
            log.open(t, times[t], 1, c[t])
    write_here(log.rows, "heldout10_friday_dip_sp500_trades_raw.csv")


def drawdown_dip_googl():
    """Buy the dip, long only: the close more than 7 % below the highest high of the
    last 60 bars with rsi(14) under 45 -> long; exit when the close rises above
    sma(10) or after 10 bars."""
    times, b = read_bars(os.path.join(DATA, "bots", "googl_daily.csv"))
    h, c = b["high"], b["close"]
    top, rsi, s = talib.MAX(h, 60), talib.RSI(c, 14), talib.SMA(c, 10)
    log = Log("GOOGL", DAILY)
    for t in range(1, len(c)):
        if not finite(top[t], rsi[t], s[t]):
            continue
        if log.dir != 0 and (c[t] > s[t] or t - log.entry_bar >= 10):
            log.close(times[t], c[t])
        elif log.dir == 0 and c[t] < 0.93 * top[t] and rsi[t] < 45:
            log.open(t, times[t], 1, c[t])
    write_here(log.rows, "heldout10_drawdown_dip_googl_trades_raw.csv")


if __name__ == "__main__":
    kama_flip_googl()
    obv_trend_sp500()
    hammer_star_sp500()
    swing_stop_2r_eurusd()
    linreg_slope_eurusd()
    friday_dip_sp500()
    drawdown_dip_googl()
