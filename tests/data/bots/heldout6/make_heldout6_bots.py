#!/usr/bin/env python3
"""Fifth held-out set of rule bots for clone fidelity (issue 8), written on
2026-12-04 (fifth session) at its start, before that session's tuning on the
other bots, and scored once at its end with default options. Each bot is a
deterministic rule over TA-Lib indicators (PyPI ta-lib) on real data in the
repo, decided at a bar's close and logged inside that bar (daily: 20:00 of the
date; hourly: minute 59), in BotCopier's observer schema. Bar reading and the
log writer are the first set's (../heldout/make_heldout_bots.py).

Run: python3 make_heldout6_bots.py   (writes heldout6_*_trades_raw.csv)
"""
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


def ichimoku_tk_cross_aapl():
    """Ichimoku tenkan/kijun cross, always in the market: tenkan = the midpoint of the
    last 9 bars' highest high and lowest low, kijun = the same over 26 bars; tenkan
    crossing above kijun -> long (closing a short first), below -> short."""
    times, b = read_bars(os.path.join(DATA, "aapl_daily.csv"))
    c, h, l = b["close"], b["high"], b["low"]
    tenkan = (talib.MAX(h, 9) + talib.MIN(l, 9)) / 2
    kijun = (talib.MAX(h, 26) + talib.MIN(l, 26)) / 2
    log = Log("AAPL", DAILY)
    for t in range(1, len(c)):
        if up(tenkan, kijun, t) and log.dir <= 0:
            if log.dir < 0:
                log.close(times[t], c[t])
            log.open(t, times[t], 1, c[t])
        elif up(kijun, tenkan, t) and log.dir >= 0:
            if log.dir > 0:
                log.close(times[t], c[t])
            log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout6_ichimoku_tk_cross_aapl_trades_raw.csv")


def gap_reversal_sp500():
    """Gap fade: flat, the bar opens more than 0.3 % below the previous close and closes
    above its open -> long; opens more than 0.3 % above it and closes below its open ->
    short; a position closes after 3 bars."""
    times, b = read_bars(os.path.join(DATA, "sp500_daily.csv"))
    o, c = b["open"], b["close"]
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        if log.dir != 0 and t - log.entry_bar >= 3:
            log.close(times[t], c[t])
        elif log.dir == 0:
            if o[t] < c[t - 1] * (1 - 0.003) and c[t] > o[t]:
                log.open(t, times[t], 1, c[t])
            elif o[t] > c[t - 1] * (1 + 0.003) and c[t] < o[t]:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout6_gap_reversal_sp500_trades_raw.csv")


def roc_momentum_sp500():
    """Rate-of-change momentum with a trend filter: flat, roc(10) > 3 % while close >
    sma(50) -> long; roc(10) < -3 % while close < sma(50) -> short; a long closes when
    roc(10) turns negative, a short when it turns positive."""
    times, b = read_bars(os.path.join(DATA, "sp500_daily.csv"))
    c = b["close"]
    roc, trend = talib.ROC(c, 10), talib.SMA(c, 50)
    log = Log("SPX500", DAILY)
    for t in range(len(c)):
        if not finite(roc[t], trend[t]):
            continue
        if log.dir > 0 and roc[t] < 0:
            log.close(times[t], c[t])
        elif log.dir < 0 and roc[t] > 0:
            log.close(times[t], c[t])
        elif log.dir == 0:
            if roc[t] > 3 and c[t] > trend[t]:
                log.open(t, times[t], 1, c[t])
            elif roc[t] < -3 and c[t] < trend[t]:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout6_roc_momentum_sp500_trades_raw.csv")


def three_down_closes_sp500():
    """Buy the dip after three lower closes (long only): flat, three consecutive lower
    closes while close > sma(100) -> long; the position closes when the close is above
    the previous bar's high, or after 7 bars."""
    times, b = read_bars(os.path.join(DATA, "sp500_daily.csv"))
    c, h = b["close"], b["high"]
    trend = talib.SMA(c, 100)
    log = Log("SPX500", DAILY)
    for t in range(3, len(c)):
        if not finite(trend[t]):
            continue
        if log.dir > 0 and (c[t] > h[t - 1] or t - log.entry_bar >= 7):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if c[t] < c[t - 1] < c[t - 2] < c[t - 3] and c[t] > trend[t]:
                log.open(t, times[t], 1, c[t])
    write_here(log.rows, "heldout6_three_down_closes_sp500_trades_raw.csv")


def stochrsi_eurusd():
    """Stochastic RSI levels: k = the 3-bar average of the stochastic (14 bars) of
    rsi(14) (TA-Lib STOCHRSI(14, 14, 3) fastd). Flat, k crossing above 20 -> long,
    crossing below 80 -> short; a long closes when k is above 80, a short when k is
    below 20."""
    times, b = read_bars(os.path.join(DATA, "bots", "heldout", "eurusd_1h_2017.csv"))
    c = b["close"]
    _, k = talib.STOCHRSI(c, 14, 14, 3, 0)
    twenty, eighty = np.full_like(k, 20.0), np.full_like(k, 80.0)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        if not finite(k[t], k[t - 1]):
            continue
        if log.dir > 0 and k[t] > 80:
            log.close(times[t], c[t])
        elif log.dir < 0 and k[t] < 20:
            log.close(times[t], c[t])
        elif log.dir == 0:
            if up(k, twenty, t):
                log.open(t, times[t], 1, c[t])
            elif up(eighty, k, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout6_stochrsi_eurusd_trades_raw.csv")


def ema_sltp_eurusd():
    """EMA cross with a broker stop and target: flat, ema(8) crossing above ema(34) ->
    long with sl = close - 2.5 atr(20), tp = close + 4 atr(20); crossing below ->
    short mirrored. The broker closes at sl/tp when a later bar touches it (stop first);
    the bot also closes on the opposite cross."""
    times, b = read_bars(os.path.join(DATA, "bots", "eurusd_1h.csv"))
    c, h, l = b["close"], b["high"], b["low"]
    fast, slow, atr = talib.EMA(c, 8), talib.EMA(c, 34), talib.ATR(h, l, c, 20)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        if log.broker_exit(t, times[t], h[t], l[t]):
            continue
        if not finite(fast[t], slow[t], atr[t]):
            continue
        if log.dir > 0 and up(slow, fast, t):
            log.close(times[t], c[t])
        elif log.dir < 0 and up(fast, slow, t):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if up(fast, slow, t):
                log.open(t, times[t], 1, c[t], c[t] - 2.5 * atr[t], c[t] + 4 * atr[t])
            elif up(slow, fast, t):
                log.open(t, times[t], -1, c[t], c[t] + 2.5 * atr[t], c[t] - 4 * atr[t])
    write_here(log.rows, "heldout6_ema_sltp_eurusd_trades_raw.csv")


if __name__ == "__main__":
    ichimoku_tk_cross_aapl()
    gap_reversal_sp500()
    roc_momentum_sp500()
    three_down_closes_sp500()
    stochrsi_eurusd()
    ema_sltp_eurusd()
