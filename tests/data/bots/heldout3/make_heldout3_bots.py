#!/usr/bin/env python3
"""Second held-out set of rule bots for clone fidelity (issue 8), written on
2026-12-04 before the threshold-search work of that session and scored once
at its end, with default options (the first set, ../heldout, was scored and
then used for tuning). Each bot is a deterministic rule over TA-Lib
indicators (PyPI ta-lib) on real data in the repo, decided at a bar's close
and logged inside that bar (daily: 20:00 of the date; hourly: minute 59), in
BotCopier's observer schema. The helpers (bar reading, the log writer) are
the first set's.

Run: python3 make_heldout3_bots.py   (writes heldout3_*_trades_raw.csv)
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


def keltner_rsi_sp500():
    """ATR band with an oscillator: flat, close below ema(20) - 2 atr(10) AND rsi(5) < 30
    -> long; close above ema(20) + 2 atr(10) AND rsi(5) > 70 -> short. A long closes when
    the close is back above ema(20), a short when below."""
    times, b = read_bars(os.path.join(DATA, "sp500_daily.csv"))
    c, h, l = b["close"], b["high"], b["low"]
    mid, atr, rsi = talib.EMA(c, 20), talib.ATR(h, l, c, 10), talib.RSI(c, 5)
    log = Log("SPX500", DAILY)
    for t in range(len(c)):
        if not (np.isfinite(mid[t]) and np.isfinite(atr[t]) and np.isfinite(rsi[t])):
            continue
        if log.dir > 0 and c[t] > mid[t]:
            log.close(times[t], c[t])
        elif log.dir < 0 and c[t] < mid[t]:
            log.close(times[t], c[t])
        elif log.dir == 0:
            if c[t] < mid[t] - 2 * atr[t] and rsi[t] < 30:
                log.open(t, times[t], 1, c[t])
            elif c[t] > mid[t] + 2 * atr[t] and rsi[t] > 70:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout3_keltner_rsi_sp500_trades_raw.csv")


def willr_trend_time_stop_sp500():
    """Pullback in an uptrend with a time stop, long only: flat, williams %R(14) < -80
    while close > sma(50) -> long; the long closes when %R > -20 or after 8 bars."""
    times, b = read_bars(os.path.join(DATA, "sp500_daily.csv"))
    c, h, l = b["close"], b["high"], b["low"]
    wr, trend = talib.WILLR(h, l, c, 14), talib.SMA(c, 50)
    log = Log("SPX500", DAILY)
    for t in range(len(c)):
        if not (np.isfinite(wr[t]) and np.isfinite(trend[t])):
            continue
        if log.dir > 0:
            if wr[t] > -20 or t - log.entry_bar >= 8:
                log.close(times[t], c[t])
            continue
        if wr[t] < -80 and c[t] > trend[t]:
            log.open(t, times[t], 1, c[t])
    write_here(log.rows, "heldout3_willr_trend_sp500_trades_raw.csv")


def macd_hist_adx_session_eurusd():
    """Momentum inside a session with a session-close exit: from 07:00 to 16:59, flat,
    the MACD(12,26,9) histogram crossing above 0 while adx(14) > 20 -> long, crossing
    below 0 while adx > 20 -> short; a position closes on the opposite histogram cross or
    at 20:00 or later."""
    times, b = read_bars(os.path.join(DATA, "bots", "heldout", "eurusd_1h_2017.csv"))
    c, h, l = b["close"], b["high"], b["low"]
    _, _, hist = talib.MACD(c, 12, 26, 9)
    adx = talib.ADX(h, l, c, 14)
    zero = np.zeros_like(c)
    log = Log("EURUSD", HOURLY)
    for t in range(len(c)):
        if not (np.isfinite(hist[t]) and np.isfinite(adx[t])):
            continue
        hour = times[t].hour
        if log.dir:
            against = up(zero, hist, t) if log.dir > 0 else up(hist, zero, t)
            if against or hour >= 20:
                log.close(times[t], c[t])
            continue
        if 7 <= hour <= 16 and adx[t] > 20:
            if up(hist, zero, t):
                log.open(t, times[t], 1, c[t])
            elif up(zero, hist, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout3_macd_hist_adx_eurusd_trades_raw.csv")


def roc_breakout_atr_sltp_googl():
    """Momentum breakout with ATR stop-loss / take-profit: flat, close at a new 30-bar
    closing high (above the highest close of the previous 30 bars) AND roc(10) > 5 -> long
    with sl = close - 2 atr(14), tp = close + 3 atr(14); a new 30-bar closing low AND
    roc(10) < -5 -> short, mirrored. The broker closes at sl/tp when a later bar's low/high
    touches it (sl first when both); the bot also closes any position after 15 bars."""
    times, b = read_bars(os.path.join(DATA, "bots", "googl_daily.csv"))
    c, h, l = b["close"], b["high"], b["low"]
    atr, roc = talib.ATR(h, l, c, 14), talib.ROC(c, 10)
    hc, lc = talib.MAX(c, 30), talib.MIN(c, 30)
    log = Log("GOOGL", DAILY)
    for t in range(1, len(c)):
        if not log.broker_exit(t, times[t], h[t], l[t]) and log.dir and t - log.entry_bar >= 15:
            log.close(times[t], c[t])
        if log.dir == 0 and np.isfinite(atr[t]) and np.isfinite(roc[t]) and np.isfinite(hc[t - 1]):
            if c[t] > hc[t - 1] and roc[t] > 5:
                log.open(t, times[t], 1, c[t], c[t] - 2 * atr[t], c[t] + 3 * atr[t])
            elif c[t] < lc[t - 1] and roc[t] < -5:
                log.open(t, times[t], -1, c[t], c[t] + 2 * atr[t], c[t] - 3 * atr[t])
    write_here(log.rows, "heldout3_roc_breakout_googl_trades_raw.csv")


if __name__ == "__main__":
    keltner_rsi_sp500()
    willr_trend_time_stop_sp500()
    macd_hist_adx_session_eurusd()
    roc_breakout_atr_sltp_googl()
