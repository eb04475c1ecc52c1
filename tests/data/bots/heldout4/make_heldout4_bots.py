#!/usr/bin/env python3
"""Third held-out set of rule bots for clone fidelity (issue 8), written on
2026-12-04 (third session) before that session's tuning on the other bots and
scored once at its end, with default options. Each bot is a deterministic
rule over TA-Lib indicators (PyPI ta-lib) on real data in the repo, decided at
a bar's close and logged inside that bar (daily: 20:00 of the date; hourly:
minute 59), in BotCopier's observer schema. Bar reading and the log writer
are the first set's (../heldout/make_heldout_bots.py).

Run: python3 make_heldout4_bots.py   (writes heldout4_*_trades_raw.csv)
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


def cci_trend_sp500():
    """Oscillator level under a trend filter, both sides: flat, cci(20) < -100 while
    close > ema(100) -> long; cci(20) > 100 while close < ema(100) -> short. A long
    closes when cci(20) > 100 or the close falls below ema(100); a short mirrored."""
    times, b = read_bars(os.path.join(DATA, "sp500_daily.csv"))
    c, h, l = b["close"], b["high"], b["low"]
    cci, trend = talib.CCI(h, l, c, 20), talib.EMA(c, 100)
    log = Log("SPX500", DAILY)
    for t in range(len(c)):
        if not finite(cci[t], trend[t]):
            continue
        if log.dir > 0 and (cci[t] > 100 or c[t] < trend[t]):
            log.close(times[t], c[t])
        elif log.dir < 0 and (cci[t] < -100 or c[t] > trend[t]):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if cci[t] < -100 and c[t] > trend[t]:
                log.open(t, times[t], 1, c[t])
            elif cci[t] > 100 and c[t] < trend[t]:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout4_cci_trend_sp500_trades_raw.csv")


def rsi3_sltp_sp500():
    """Short-term mean reversion with ATR stop-loss / take-profit and a time stop:
    flat, rsi(3) < 15 -> long with sl = close - 1.5 atr(10), tp = close + 1 atr(10);
    rsi(3) > 85 -> short mirrored. The broker closes at sl/tp when a later bar touches
    it (stop first); the bot closes after 10 bars."""
    times, b = read_bars(os.path.join(DATA, "sp500_daily.csv"))
    c, h, l = b["close"], b["high"], b["low"]
    rsi, atr = talib.RSI(c, 3), talib.ATR(h, l, c, 10)
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        if not log.broker_exit(t, times[t], h[t], l[t]) and log.dir and t - log.entry_bar >= 10:
            log.close(times[t], c[t])
        if log.dir == 0 and finite(rsi[t], atr[t]):
            if rsi[t] < 15:
                log.open(t, times[t], 1, c[t], c[t] - 1.5 * atr[t], c[t] + atr[t])
            elif rsi[t] > 85:
                log.open(t, times[t], -1, c[t], c[t] + 1.5 * atr[t], c[t] - atr[t])
    write_here(log.rows, "heldout4_rsi3_sltp_sp500_trades_raw.csv")


def bb_breakout_adx_two_symbols():
    """Multi-symbol band breakout under a trend-strength filter (AAPL and GOOGL in one
    file): flat, close > bbands(20,2).upper while adx(14) > 25 -> long; close below the
    lower band while adx(14) > 25 -> short; a position closes when the close crosses
    back over the middle band (sma(20)). Each symbol trades independently."""
    rows = []
    for sym, path in (("AAPL", "aapl_daily.csv"), ("GOOGL", os.path.join("bots", "googl_daily.csv"))):
        times, b = read_bars(os.path.join(DATA, path))
        c, h, l = b["close"], b["high"], b["low"]
        upper, mid, lower = talib.BBANDS(c, 20, 2, 2, 0)
        adx = talib.ADX(h, l, c, 14)
        log = Log(sym, DAILY, rows, ticket=3000 if sym == "AAPL" else 4000)
        for t in range(len(c)):
            if not finite(upper[t], adx[t]):
                continue
            if log.dir > 0 and c[t] < mid[t]:
                log.close(times[t], c[t])
            elif log.dir < 0 and c[t] > mid[t]:
                log.close(times[t], c[t])
            elif log.dir == 0 and adx[t] > 25:
                if c[t] > upper[t]:
                    log.open(t, times[t], 1, c[t])
                elif c[t] < lower[t]:
                    log.open(t, times[t], -1, c[t])
    write_here(rows, "heldout4_bb_breakout_adx_two_symbols_trades_raw.csv")


def zscore_session_time_eurusd():
    """Session mean reversion with three exits: from 09:00 to 17:59, flat, the close's
    z-score over 30 bars (sma(30), stddev(30)) below -2.2 -> long, above 2.2 -> short;
    a position closes when |z| < 0.5, after 12 bars, or at 21:00 or later."""
    times, b = read_bars(os.path.join(DATA, "bots", "heldout", "eurusd_1h_2017.csv"))
    c = b["close"]
    z = (c - talib.SMA(c, 30)) / talib.STDDEV(c, 30, 1)
    log = Log("EURUSD", HOURLY)
    for t in range(len(c)):
        if not finite(z[t]):
            continue
        hour = times[t].hour
        if log.dir:
            if abs(z[t]) < 0.5 or t - log.entry_bar >= 12 or hour >= 21:
                log.close(times[t], c[t])
            continue
        if 9 <= hour <= 17:
            if z[t] < -2.2:
                log.open(t, times[t], 1, c[t])
            elif z[t] > 2.2:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout4_zscore_session_time_eurusd_trades_raw.csv")


def stoch_cross_zone_googl():
    """Cross inside a zone: flat, stoch %K(14,3) crossing above %D(3) while %K < 20 ->
    long; %K crossing below %D while %K > 80 -> short; a position closes on the opposite
    %K/%D cross."""
    times, b = read_bars(os.path.join(DATA, "bots", "googl_daily.csv"))
    c, h, l = b["close"], b["high"], b["low"]
    k, d = talib.STOCH(h, l, c, 14, 3, 0, 3, 0)
    log = Log("GOOGL", DAILY)
    for t in range(1, len(c)):
        if not finite(k[t], d[t], k[t - 1], d[t - 1]):
            continue
        if log.dir > 0 and up(d, k, t):
            log.close(times[t], c[t])
        elif log.dir < 0 and up(k, d, t):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if up(k, d, t) and k[t] < 20:
                log.open(t, times[t], 1, c[t])
            elif up(d, k, t) and k[t] > 80:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout4_stoch_cross_zone_googl_trades_raw.csv")


if __name__ == "__main__":
    cci_trend_sp500()
    rsi3_sltp_sp500()
    bb_breakout_adx_two_symbols()
    zscore_session_time_eurusd()
    stoch_cross_zone_googl()
