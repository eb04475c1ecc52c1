#!/usr/bin/env python3
"""Eighth held-out set of rule bots for clone fidelity (issue 8), written on
2026-12-05 (eighth session) at its start, before that session's tuning on the
other bots, and scored once at its end with default options. Each bot is a
deterministic rule over TA-Lib indicators (PyPI ta-lib), plain bar arithmetic or
the clock, on real data in the repo, decided at a bar's close and logged inside
that bar (daily: 20:00 of the date; hourly: minute 59), in BotCopier's observer
schema. Bar reading and the log writer are the first set's
(../heldout/make_heldout_bots.py), the finiteness check the sixth's.

Run: python3 make_heldout9_bots.py   (writes heldout9_*_trades_raw.csv)
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


def ultosc_levels_eurusd():
    """Ultimate oscillator levels: flat and TA-Lib ULTOSC(7,14,28) below 30 -> long,
    above 70 -> short; a long closes when it crosses above 50, a short below 50."""
    times, b = read_bars(os.path.join(DATA, "bots", "heldout", "eurusd_1h_2017.csv"))
    c, h, l = b["close"], b["high"], b["low"]
    uo = talib.ULTOSC(h, l, c, 7, 14, 28)
    mid = np.full_like(c, 50.0)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        if not finite(uo[t], uo[t - 1]):
            continue
        if log.dir > 0 and up(uo, mid, t):
            log.close(times[t], c[t])
        elif log.dir < 0 and up(mid, uo, t):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if uo[t] < 30:
                log.open(t, times[t], 1, c[t])
            elif uo[t] > 70:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout9_ultosc_levels_eurusd_trades_raw.csv")


def heikin_ashi_flip_aapl():
    """Heikin-Ashi colour flips, always in the market: ha_close = (o+h+l+c)/4,
    ha_open = (previous ha_open + previous ha_close)/2 (the first bar's (o+c)/2); the
    candle turning up (ha_close > ha_open after a bar with ha_close <= ha_open) ->
    long, closing a short first; turning down -> short."""
    times, b = read_bars(os.path.join(DATA, "aapl_daily.csv"))
    o, h, l, c = b["open"], b["high"], b["low"], b["close"]
    hc = (o + h + l + c) / 4.0
    ho = np.empty_like(c)
    ho[0] = (o[0] + c[0]) / 2.0
    for t in range(1, len(c)):
        ho[t] = (ho[t - 1] + hc[t - 1]) / 2.0
    log = Log("AAPL", DAILY)
    for t in range(1, len(c)):
        side = 0
        if hc[t] > ho[t] and hc[t - 1] <= ho[t - 1]:
            side = 1
        elif hc[t] < ho[t] and hc[t - 1] >= ho[t - 1]:
            side = -1
        if side and side != log.dir:
            if log.dir != 0:
                log.close(times[t], c[t])
            log.open(t, times[t], side, c[t])
    write_here(log.rows, "heldout9_heikin_ashi_flip_aapl_trades_raw.csv")


def nr7_breakout_sp500():
    """NR7 breakout: the previous bar's range (high - low) the smallest of the 7 bars
    ending with it (ties count) and this bar's close above that bar's high -> long,
    below its low -> short; a position closes after 4 bars."""
    times, b = read_bars(os.path.join(DATA, "sp500_daily.csv"))
    h, l, c = b["high"], b["low"], b["close"]
    r = h - l
    log = Log("SPX500", DAILY)
    for t in range(7, len(c)):
        if log.dir != 0 and t - log.entry_bar >= 4:
            log.close(times[t], c[t])
        elif log.dir == 0 and r[t - 1] <= r[t - 7:t].min():
            if c[t] > h[t - 1]:
                log.open(t, times[t], 1, c[t])
            elif c[t] < l[t - 1]:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout9_nr7_breakout_sp500_trades_raw.csv")


def percent_sltp_eurusd():
    """Percentage stop-loss / take-profit: flat, 06:00-19:59 UTC, ema(12) crossing above
    ema(48) -> long with sl 0.25 % below and tp 0.5 % above the entry close (mirrored
    short). The broker closes at sl/tp when a later bar touches it (the stop first
    when both); the bot closes at the close on the opposite cross; after a broker
    exit it may open again on the same bar."""
    times, b = read_bars(os.path.join(DATA, "bots", "eurusd_1h.csv"))
    h, l, c = b["high"], b["low"], b["close"]
    fast, slow = talib.EMA(c, 12), talib.EMA(c, 48)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        log.broker_exit(t, times[t], h[t], l[t])
        if not finite(slow[t], slow[t - 1]):
            continue
        cross_up, cross_dn = up(fast, slow, t), up(slow, fast, t)
        if (log.dir > 0 and cross_dn) or (log.dir < 0 and cross_up):
            log.close(times[t], c[t])
        elif log.dir == 0 and 6 <= times[t].hour < 20:
            if cross_up:
                log.open(t, times[t], 1, c[t], c[t] * (1 - 0.0025), c[t] * (1 + 0.005))
            elif cross_dn:
                log.open(t, times[t], -1, c[t], c[t] * (1 + 0.0025), c[t] * (1 - 0.005))
    write_here(log.rows, "heldout9_percent_sltp_eurusd_trades_raw.csv")


def ema_turn_sp500():
    """Turning points of a moving average with a trend filter: ema(20) turning up (it
    rises after a bar on which it did not) with the close above sma(200) -> long;
    turning down below sma(200) -> short; a long closes when ema(20) turns down, a
    short when it turns up, and may reverse on that bar when the filter allows."""
    times, b = read_bars(os.path.join(DATA, "sp500_daily.csv"))
    c = b["close"]
    e, trend = talib.EMA(c, 20), talib.SMA(c, 200)
    log = Log("SPX500", DAILY)
    for t in range(2, len(c)):
        if not finite(e[t - 2], trend[t]):
            continue
        turn_up = e[t] > e[t - 1] and e[t - 1] <= e[t - 2]
        turn_dn = e[t] < e[t - 1] and e[t - 1] >= e[t - 2]
        if (log.dir > 0 and turn_dn) or (log.dir < 0 and turn_up):
            log.close(times[t], c[t])
        if log.dir == 0:
            if turn_up and c[t] > trend[t]:
                log.open(t, times[t], 1, c[t])
            elif turn_dn and c[t] < trend[t]:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout9_ema_turn_sp500_trades_raw.csv")


def london_open_eurusd():
    """London-open momentum, one trade a day: on the 08:00 UTC bar the close above
    sma(24) -> long, below -> short; the position closes on the 16:00 bar."""
    times, b = read_bars(os.path.join(DATA, "bots", "heldout", "eurusd_1h_2017.csv"))
    c = b["close"]
    s = talib.SMA(c, 24)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        hour = times[t].hour
        if log.dir != 0 and hour == 16:
            log.close(times[t], c[t])
        elif log.dir == 0 and hour == 8 and finite(s[t]):
            if c[t] > s[t]:
                log.open(t, times[t], 1, c[t])
            elif c[t] < s[t]:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout9_london_open_eurusd_trades_raw.csv")


def atr_filter_cross_aapl():
    """A cross with a volatility filter: ema(5) crossing ema(20) opens that way only
    while atr(14) is above 1.4 % of the close; a position closes on the opposite cross
    (and reverses when the filter allows)."""
    times, b = read_bars(os.path.join(DATA, "aapl_daily.csv"))
    h, l, c = b["high"], b["low"], b["close"]
    fast, slow, atr = talib.EMA(c, 5), talib.EMA(c, 20), talib.ATR(h, l, c, 14)
    log = Log("AAPL", DAILY)
    for t in range(1, len(c)):
        if not finite(slow[t - 1], atr[t]):
            continue
        cross_up, cross_dn = up(fast, slow, t), up(slow, fast, t)
        if (log.dir > 0 and cross_dn) or (log.dir < 0 and cross_up):
            log.close(times[t], c[t])
        if log.dir == 0 and atr[t] > 0.014 * c[t]:
            if cross_up:
                log.open(t, times[t], 1, c[t])
            elif cross_dn:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout9_atr_filter_cross_aapl_trades_raw.csv")


if __name__ == "__main__":
    ultosc_levels_eurusd()
    heikin_ashi_flip_aapl()
    nr7_breakout_sp500()
    percent_sltp_eurusd()
    ema_turn_sp500()
    london_open_eurusd()
    atr_filter_cross_aapl()
