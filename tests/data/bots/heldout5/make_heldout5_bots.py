#!/usr/bin/env python3
"""Fourth held-out set of rule bots for clone fidelity (issue 8), written on
2026-12-04 (fourth session) at its start, before that session's tuning on the
other bots, and scored once at its end with default options. Each bot is a
deterministic rule over TA-Lib indicators (PyPI ta-lib) on real data in the
repo, decided at a bar's close and logged inside that bar (daily: 20:00 of the
date; hourly: minute 59), in BotCopier's observer schema. Bar reading and the
log writer are the first set's (../heldout/make_heldout_bots.py).

Run: python3 make_heldout5_bots.py   (writes heldout5_*_trades_raw.csv)
"""
import csv
import os
import sys

import numpy as np
import talib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "heldout"))
from make_heldout_bots import DAILY, HOURLY, Log, read_bars, up, write  # noqa: E402

DATA = os.path.join(HERE, "..", "..")


def write_here(rows, name):
    """The first set's writer, aimed at this folder."""
    write(rows, name, HERE)


def finite(*xs):
    return all(np.isfinite(x) for x in xs)


def read_volume(path):
    with open(path) as f:
        rows = list(csv.DictReader(f))
    key = {k.lower(): k for k in rows[0]}
    return np.array([float(r[key["volume"]]) for r in rows])


def connors_rsi2_sp500():
    """Short-horizon pullback inside the long trend (Connors' RSI-2): flat,
    rsi(2) < 10 while close > sma(200) -> long; rsi(2) > 90 while close < sma(200)
    -> short. A long closes when the close is above sma(5); a short when below."""
    times, b = read_bars(os.path.join(DATA, "sp500_daily.csv"))
    c = b["close"]
    rsi, trend, fast = talib.RSI(c, 2), talib.SMA(c, 200), talib.SMA(c, 5)
    log = Log("SPX500", DAILY)
    for t in range(len(c)):
        if not finite(rsi[t], trend[t], fast[t]):
            continue
        if log.dir > 0 and c[t] > fast[t]:
            log.close(times[t], c[t])
        elif log.dir < 0 and c[t] < fast[t]:
            log.close(times[t], c[t])
        elif log.dir == 0:
            if rsi[t] < 10 and c[t] > trend[t]:
                log.open(t, times[t], 1, c[t])
            elif rsi[t] > 90 and c[t] < trend[t]:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout5_connors_rsi2_sp500_trades_raw.csv")


def envelope_eurusd():
    """Percent envelope mean reversion: flat, close below sma(24) x (1 - 0.25 %) ->
    long, above sma(24) x (1 + 0.25 %) -> short; a position closes when the close is
    back across sma(24)."""
    times, b = read_bars(os.path.join(DATA, "bots", "eurusd_1h.csv"))
    c = b["close"]
    mid = talib.SMA(c, 24)
    log = Log("EURUSD", HOURLY)
    for t in range(len(c)):
        if not finite(mid[t]):
            continue
        if log.dir > 0 and c[t] > mid[t]:
            log.close(times[t], c[t])
        elif log.dir < 0 and c[t] < mid[t]:
            log.close(times[t], c[t])
        elif log.dir == 0:
            if c[t] < mid[t] * (1 - 0.0025):
                log.open(t, times[t], 1, c[t])
            elif c[t] > mid[t] * (1 + 0.0025):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout5_envelope_eurusd_trades_raw.csv")


def turtle_breakout_sp500():
    """Channel breakout with a shorter exit channel (turtle style): flat, close above
    the highest high of the previous 40 bars -> long, below the lowest low of the
    previous 40 bars -> short; a long closes when the close falls below the lowest low
    of the previous 15 bars, a short when it rises above the previous 15 bars' high."""
    times, b = read_bars(os.path.join(DATA, "sp500_daily.csv"))
    c, h, l = b["close"], b["high"], b["low"]
    log = Log("SPX500", DAILY)
    for t in range(40, len(c)):
        hi40, lo40 = h[t - 40:t].max(), l[t - 40:t].min()
        hi15, lo15 = h[t - 15:t].max(), l[t - 15:t].min()
        if log.dir > 0 and c[t] < lo15:
            log.close(times[t], c[t])
        elif log.dir < 0 and c[t] > hi15:
            log.close(times[t], c[t])
        elif log.dir == 0:
            if c[t] > hi40:
                log.open(t, times[t], 1, c[t])
            elif c[t] < lo40:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout5_turtle_breakout_sp500_trades_raw.csv")


def mfi_levels_sp500():
    """Volume-weighted oscillator levels: flat, mfi(14) < 25 -> long, mfi(14) > 75 ->
    short; a position closes when mfi(14) crosses 50 the other way (long: above 50,
    short: below 50)."""
    path = os.path.join(DATA, "sp500_daily.csv")
    times, b = read_bars(path)
    c, h, l, v = b["close"], b["high"], b["low"], read_volume(path)
    mfi = talib.MFI(h, l, c, v, 14)
    log = Log("SPX500", DAILY)
    for t in range(len(c)):
        if not finite(mfi[t]):
            continue
        if log.dir > 0 and mfi[t] > 50:
            log.close(times[t], c[t])
        elif log.dir < 0 and mfi[t] < 50:
            log.close(times[t], c[t])
        elif log.dir == 0:
            if mfi[t] < 25:
                log.open(t, times[t], 1, c[t])
            elif mfi[t] > 75:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout5_mfi_levels_sp500_trades_raw.csv")


def macd_signal_sltp_eurusd():
    """Signal-line cross with broker stops: flat, the MACD(12,26,9) line crossing above
    its signal line while the line is below 0 -> long with sl = close - 2 atr(14),
    tp = close + 3 atr(14); crossing below while above 0 -> short mirrored. The broker
    closes at sl/tp when a later bar touches it (stop first); the bot also closes on
    the opposite cross."""
    times, b = read_bars(os.path.join(DATA, "bots", "heldout", "eurusd_1h_2017.csv"))
    c, h, l = b["close"], b["high"], b["low"]
    macd, signal, _ = talib.MACD(c, 12, 26, 9)
    atr = talib.ATR(h, l, c, 14)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        if log.broker_exit(t, times[t], h[t], l[t]):
            continue
        if not finite(macd[t], signal[t], atr[t]):
            continue
        if log.dir > 0 and up(signal, macd, t):
            log.close(times[t], c[t])
        elif log.dir < 0 and up(macd, signal, t):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if up(macd, signal, t) and macd[t] < 0:
                log.open(t, times[t], 1, c[t], c[t] - 2 * atr[t], c[t] + 3 * atr[t])
            elif up(signal, macd, t) and macd[t] > 0:
                log.open(t, times[t], -1, c[t], c[t] + 2 * atr[t], c[t] - 3 * atr[t])
    write_here(log.rows, "heldout5_macd_signal_sltp_eurusd_trades_raw.csv")


if __name__ == "__main__":
    connors_rsi2_sp500()
    envelope_eurusd()
    turtle_breakout_sp500()
    mfi_levels_sp500()
    macd_signal_sltp_eurusd()
