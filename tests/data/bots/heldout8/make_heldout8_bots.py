#!/usr/bin/env python3
"""Seventh held-out set of rule bots for clone fidelity (issue 8), written on
2026-12-04 (seventh session) at its start, before that session's tuning on the
other bots, and scored once at its end with default options. Each bot is a
deterministic rule over TA-Lib indicators (PyPI ta-lib), plain bar arithmetic or
the calendar, on real data in the repo, decided at a bar's close and logged inside
that bar (daily: 20:00 of the date; hourly: minute 59), in BotCopier's observer
schema. Bar reading and the log writer are the first set's
(../heldout/make_heldout_bots.py), the finiteness check the sixth's.

Run: python3 make_heldout8_bots.py   (writes heldout8_*_trades_raw.csv)
"""
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


def engulfing_sp500():
    """Engulfing candles: flat, the previous bar a down candle (close < open) and this
    bar an up candle that opens at or below the previous close and closes at or above
    the previous open -> long; the mirror (bearish engulfing) -> short; a position
    closes after 4 bars."""
    times, b = read_bars(os.path.join(DATA, "sp500_daily.csv"))
    o, c = b["open"], b["close"]
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        if log.dir != 0 and t - log.entry_bar >= 4:
            log.close(times[t], c[t])
        elif log.dir == 0:
            if c[t - 1] < o[t - 1] and c[t] > o[t] and o[t] <= c[t - 1] and c[t] >= o[t - 1]:
                log.open(t, times[t], 1, c[t])
            elif c[t - 1] > o[t - 1] and c[t] < o[t] and o[t] >= c[t - 1] and c[t] <= o[t - 1]:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout8_engulfing_sp500_trades_raw.csv")


def trix_zero_googl():
    """TRIX momentum, always in the market: TA-Lib TRIX(12) crossing above 0 -> long
    (closing a short first), below 0 -> short."""
    times, b = read_bars(os.path.join(DATA, "bots", "googl_daily.csv"))
    c = b["close"]
    trix = talib.TRIX(c, 12)
    zero = np.zeros_like(c)
    log = Log("GOOGL", DAILY)
    for t in range(1, len(c)):
        if not finite(trix[t], trix[t - 1]):
            continue
        side = 1 if up(trix, zero, t) else -1 if up(zero, trix, t) else 0
        if side and side != log.dir:
            if log.dir != 0:
                log.close(times[t], c[t])
            log.open(t, times[t], side, c[t])
    write_here(log.rows, "heldout8_trix_zero_googl_trades_raw.csv")


def range_expansion_eurusd():
    """Range-expansion bar: flat, the bar's range (high - low) more than 2 times the
    previous bar's atr(20) and the close in the top quarter of the range -> long, in
    the bottom quarter -> short; a position closes after 6 bars."""
    times, b = read_bars(os.path.join(DATA, "bots", "heldout", "eurusd_1h_2017.csv"))
    c, h, l = b["close"], b["high"], b["low"]
    atr = talib.ATR(h, l, c, 20)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        if log.dir != 0 and t - log.entry_bar >= 6:
            log.close(times[t], c[t])
        elif log.dir == 0 and finite(atr[t - 1]) and h[t] - l[t] > 2 * atr[t - 1]:
            where = (c[t] - l[t]) / (h[t] - l[t])
            if where >= 0.75:
                log.open(t, times[t], 1, c[t])
            elif where <= 0.25:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout8_range_expansion_eurusd_trades_raw.csv")


def month_start_sp500():
    """Turn of the month, long only: buy the close of each month's first trading day
    while the close is above sma(100); sell the close 5 bars later."""
    times, b = read_bars(os.path.join(DATA, "sp500_daily.csv"))
    c = b["close"]
    trend = talib.SMA(c, 100)
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        if log.dir != 0 and t - log.entry_bar >= 5:
            log.close(times[t], c[t])
        elif (log.dir == 0 and times[t].month != times[t - 1].month
              and finite(trend[t]) and c[t] > trend[t]):
            log.open(t, times[t], 1, c[t])
    write_here(log.rows, "heldout8_month_start_sp500_trades_raw.csv")


def percent_trail_googl():
    """Trend entry with a percentage trailing stop, long only: flat, the close crossing
    above ema(20) -> long; it closes when the close is 4 % below the highest close since
    entry. The trail lives in the bot: no sl/tp is logged."""
    times, b = read_bars(os.path.join(DATA, "bots", "googl_daily.csv"))
    c = b["close"]
    ema = talib.EMA(c, 20)
    log = Log("GOOGL", DAILY)
    best = 0.0
    for t in range(1, len(c)):
        if not finite(ema[t], ema[t - 1]):
            continue
        if log.dir > 0:
            best = max(best, c[t])
            if c[t] < 0.96 * best:
                log.close(times[t], c[t])
        elif up(c, ema, t):
            log.open(t, times[t], 1, c[t])
            best = c[t]
    write_here(log.rows, "heldout8_percent_trail_googl_trades_raw.csv")


def daily_pivot_eurusd():
    """Floor-trader pivots from the previous day: P = (H + L + C) / 3 of the previous
    calendar day's bars, R1 = 2P - L, S1 = 2P - H. From 08:00 to 16:59, flat, the close
    crossing above R1 -> long, below S1 -> short; a long closes when the close falls
    back below P, a short above P, and everything closes on the 21:00 bar (or the
    day's first later bar)."""
    times, b = read_bars(os.path.join(DATA, "bots", "eurusd_1h.csv"))
    c, h, l = b["close"], b["high"], b["low"]
    log = Log("EURUSD", HOURLY)
    day, hi, lo, last = None, -np.inf, np.inf, np.nan
    piv = r1 = s1 = np.nan
    for t in range(len(c)):
        when = times[t]
        if when.date() != day:
            if day is not None and np.isfinite(hi):
                piv = (hi + lo + last) / 3
                r1, s1 = 2 * piv - lo, 2 * piv - hi
            day, hi, lo = when.date(), -np.inf, np.inf
            if log.dir != 0:
                log.close(when, c[t])
        hi, lo, last = max(hi, h[t]), min(lo, l[t]), c[t]
        if not np.isfinite(piv) or t == 0:
            continue
        hour = when.hour
        if log.dir != 0 and hour >= 21:
            log.close(when, c[t])
        elif log.dir > 0 and c[t] < piv:
            log.close(when, c[t])
        elif log.dir < 0 and c[t] > piv:
            log.close(when, c[t])
        elif log.dir == 0 and 8 <= hour < 17 and times[t - 1].date() == when.date():
            if c[t - 1] <= r1 < c[t]:
                log.open(t, when, 1, c[t])
            elif c[t - 1] >= s1 > c[t]:
                log.open(t, when, -1, c[t])
    write_here(log.rows, "heldout8_daily_pivot_eurusd_trades_raw.csv")


def rsi_signal_cross_eurusd():
    """RSI against its own average: flat, rsi(14) crossing above its 9-bar sma while
    rsi < 45 -> long, crossing below it while rsi > 55 -> short; a long closes when
    rsi(14) reaches 60, a short when it reaches 40."""
    times, b = read_bars(os.path.join(DATA, "bots", "heldout", "eurusd_1h_2017.csv"))
    c = b["close"]
    rsi = talib.RSI(c, 14)
    sig = talib.SMA(rsi, 9)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        if not finite(rsi[t], sig[t], rsi[t - 1], sig[t - 1]):
            continue
        if log.dir > 0 and rsi[t] >= 60:
            log.close(times[t], c[t])
        elif log.dir < 0 and rsi[t] <= 40:
            log.close(times[t], c[t])
        elif log.dir == 0:
            if up(rsi, sig, t) and rsi[t] < 45:
                log.open(t, times[t], 1, c[t])
            elif up(sig, rsi, t) and rsi[t] > 55:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout8_rsi_signal_cross_eurusd_trades_raw.csv")


if __name__ == "__main__":
    engulfing_sp500()
    trix_zero_googl()
    range_expansion_eurusd()
    month_start_sp500()
    percent_trail_googl()
    daily_pivot_eurusd()
    rsi_signal_cross_eurusd()
