#!/usr/bin/env python3
"""Seventeenth held-out set of rule bots for clone fidelity (issue 8), written on
2026-12-06 (seventeenth session) at its start, before that session's tuning on the
other bots, and scored once at its end with default options. Each bot is a
deterministic rule over TA-Lib indicators (PyPI ta-lib) or plain bar arithmetic,
on real data in the repo, decided at a bar's close and logged inside that bar
(daily: 20:00 of the date; hourly: minute 59), in BotCopier's observer schema. Bar
reading and the log writer are the first set's (../heldout/make_heldout_bots.py),
the finiteness check the sixth's, the volume reader and the always-in flip the
fifteenth's, the data paths the sixteenth's.

Run: python3 make_heldout18_bots.py   (writes heldout18_*_trades_raw.csv)
"""
import os
import sys

import numpy as np
import talib

HERE = os.path.dirname(os.path.abspath(__file__))
for prior in ("heldout", "heldout7", "heldout16", "heldout17"):
    sys.path.insert(0, os.path.join(HERE, "..", prior))
from make_heldout_bots import DAILY, HOURLY, Log, read_bars, up, write  # noqa: E402
from make_heldout7_bots import finite  # noqa: E402
from make_heldout16_bots import flip, read_volume  # noqa: E402
from make_heldout17_bots import AAPL, EURUSD, EURUSD_2017, GOOGL, SP500  # noqa: E402


def write_here(rows, name):
    """The first set's writer, aimed at this folder."""
    write(rows, name, HERE)


def ibs_trend_sp500():
    """Internal bar strength, long only: IBS = (close - low) / (high - low) (0.5 on a
    bar with no range). Flat, IBS < 0.2 while the close is above sma(200) -> long;
    close when IBS > 0.7 or after 5 bars."""
    times, b = read_bars(SP500)
    h, l, c = b["high"], b["low"], b["close"]
    rng = h - l
    ibs = np.where(rng > 0, (c - l) / np.where(rng > 0, rng, 1.0), 0.5)
    trend = talib.SMA(c, 200)
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        if not finite(trend[t]):
            continue
        if log.dir > 0 and (t - log.entry_bar >= 5 or ibs[t] > 0.7):
            log.close(times[t], c[t])
        elif log.dir == 0 and ibs[t] < 0.2 and c[t] > trend[t]:
            log.open(t, times[t], 1, c[t])
    write_here(log.rows, "heldout18_ibs_trend_sp500_trades_raw.csv")


def connors_rsi_googl():
    """Connors RSI (3, 2, 100), long only: CRSI = (rsi(close, 3) + rsi(streak, 2) +
    percent rank(100)) / 3, where streak counts consecutive up closes (+1, +2, ...)
    or down closes (-1, -2, ...), 0 on an unchanged close, and the percent rank is
    the share of the previous 100 one-bar returns below today's, x 100. Flat, CRSI <
    15 -> long; close when CRSI > 70 or after 10 bars."""
    times, b = read_bars(GOOGL)
    c = b["close"]
    streak = np.zeros_like(c)
    for t in range(1, len(c)):
        if c[t] > c[t - 1]:
            streak[t] = max(streak[t - 1], 0) + 1
        elif c[t] < c[t - 1]:
            streak[t] = min(streak[t - 1], 0) - 1
    roc = np.full_like(c, np.nan)
    roc[1:] = c[1:] / c[:-1] - 1
    rank = np.full_like(c, np.nan)
    for t in range(101, len(c)):
        rank[t] = 100.0 * np.sum(roc[t - 100:t] < roc[t]) / 100
    crsi = (talib.RSI(c, 3) + talib.RSI(streak, 2) + rank) / 3
    log = Log("GOOGL", DAILY)
    for t in range(1, len(c)):
        if not finite(crsi[t]):
            continue
        if log.dir > 0 and (t - log.entry_bar >= 10 or crsi[t] > 70):
            log.close(times[t], c[t])
        elif log.dir == 0 and crsi[t] < 15:
            log.open(t, times[t], 1, c[t])
    write_here(log.rows, "heldout18_connors_rsi_googl_trades_raw.csv")


def alma_flip_eurusd():
    """Always in on the Arnaud Legoux moving average ALMA(9, 0.85, 6): weights
    exp(-(i - 0.85 x 8)^2 / (2 (9 / 6)^2)) over the last 9 closes, i = 0 the oldest,
    normalised. The close crossing above ALMA -> long, below -> short (reversal)."""
    times, b = read_bars(EURUSD)
    c = b["close"]
    n, offset, sigma = 9, 0.85, 6.0
    m, s = offset * (n - 1), n / sigma
    w = np.exp(-((np.arange(n) - m) ** 2) / (2 * s * s))
    w /= w.sum()
    alma = np.full_like(c, np.nan)
    for t in range(n - 1, len(c)):
        alma[t] = np.dot(w, c[t - n + 1:t + 1])
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        side = 1 if up(c, alma, t) else -1 if up(alma, c, t) else 0
        flip(log, t, times[t], side, c[t])
    write_here(log.rows, "heldout18_alma_flip_eurusd_trades_raw.csv")


def relative_volatility_aapl():
    """Dorsey's relative volatility index RVI(10, 14): u = stddev(close, 10) on a bar
    whose close rose, else 0; d likewise on a fall; RVI = 100 x ema(u, 14) / (ema(u,
    14) + ema(d, 14)) (TA-Lib STDDEV, population, and EMA). Flat, RVI crossing above
    60 -> long, below 40 -> short; a long closes when RVI falls below 50, a short
    when it rises above 50, or after 15 bars."""
    times, b = read_bars(AAPL)
    c = b["close"]
    sd = talib.STDDEV(c, 10, 1)
    dc = np.diff(c, prepend=np.nan)
    u = np.where(dc > 0, sd, 0.0)
    d = np.where(dc < 0, sd, 0.0)
    ok = int(np.flatnonzero(np.isfinite(sd) & np.isfinite(dc))[0])
    rvi = np.full_like(c, np.nan)
    eu, ed = talib.EMA(u[ok:], 14), talib.EMA(d[ok:], 14)
    rvi[ok:] = 100 * eu / (eu + ed)
    hi, lo = np.full_like(c, 60.0), np.full_like(c, 40.0)
    log = Log("AAPL", DAILY)
    for t in range(1, len(c)):
        if not finite(rvi[t - 1], rvi[t]):
            continue
        if log.dir != 0 and (t - log.entry_bar >= 15 or (log.dir > 0 and rvi[t] < 50)
                             or (log.dir < 0 and rvi[t] > 50)):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if up(rvi, hi, t):
                log.open(t, times[t], 1, c[t])
            elif up(lo, rvi, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout18_relative_volatility_aapl_trades_raw.csv")


def intraday_momentum_eurusd():
    """Chande's intraday momentum index IMI(14) = 100 x sum of (close - open) over
    the last 14 up candles / (that + sum of (open - close) over the down candles).
    Flat, IMI < 20 -> long, IMI > 80 -> short; a long closes when IMI > 50, a short
    when IMI < 50, or after 8 bars."""
    times, b = read_bars(EURUSD_2017)
    o, c = b["open"], b["close"]
    gain = talib.SUM(np.where(c > o, c - o, 0.0), 14)
    loss = talib.SUM(np.where(c < o, o - c, 0.0), 14)
    tot = gain + loss
    imi = np.where(tot > 0, 100 * gain / np.where(tot > 0, tot, 1.0), 50.0)
    imi[~np.isfinite(tot)] = np.nan
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        if not finite(imi[t]):
            continue
        if log.dir != 0 and (t - log.entry_bar >= 8 or (log.dir > 0 and imi[t] > 50)
                             or (log.dir < 0 and imi[t] < 50)):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if imi[t] < 20:
                log.open(t, times[t], 1, c[t])
            elif imi[t] > 80:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout18_intraday_momentum_eurusd_trades_raw.csv")


def tsf_trend_sltp_sp500():
    """A forecast line with broker stops: flat, the close crossing above TA-Lib
    TSF(20) (the regression line's value one bar ahead) while the close is above
    sma(50) -> long; crossing below it while below sma(50) -> short; sl 1.5 x
    atr(14), tp 3 x atr(14) from the entry, held at the broker, no other exit."""
    times, b = read_bars(SP500)
    h, l, c = b["high"], b["low"], b["close"]
    tsf = talib.TSF(c, 20)
    ma = talib.SMA(c, 50)
    atr = talib.ATR(h, l, c, 14)
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        if log.broker_exit(t, times[t], h[t], l[t]):
            continue
        if log.dir != 0 or not finite(ma[t], atr[t]):
            continue
        if up(c, tsf, t) and c[t] > ma[t]:
            log.open(t, times[t], 1, c[t], c[t] - 1.5 * atr[t], c[t] + 3 * atr[t])
        elif up(tsf, c, t) and c[t] < ma[t]:
            log.open(t, times[t], -1, c[t], c[t] + 1.5 * atr[t], c[t] - 3 * atr[t])
    write_here(log.rows, "heldout18_tsf_trend_sltp_sp500_trades_raw.csv")


def pvt_two_symbols():
    """Multi-symbol log (GOOGL and AAPL daily in one file): the price volume trend
    PVT = running sum of volume x (close / previous close - 1), from 0 on the first
    bar, and its ema(21). Flat, PVT crossing above its ema -> long, below -> short;
    exit on the opposite cross or after 15 bars. Each symbol trades independently."""
    rows = []
    for sym, path, ticket in (("GOOGL", GOOGL, 7000), ("AAPL", AAPL, 9000)):
        times, b = read_bars(path)
        c = b["close"]
        v = read_volume(path)
        step = np.zeros_like(c)
        step[1:] = v[1:] * (c[1:] / c[:-1] - 1)
        pvt = np.cumsum(step)
        sig = talib.EMA(pvt, 21)
        log = Log(sym, DAILY, rows, ticket=ticket)
        for t in range(1, len(c)):
            if not finite(sig[t - 1], sig[t]):
                continue
            if log.dir != 0 and (t - log.entry_bar >= 15 or (log.dir > 0 and up(sig, pvt, t))
                                 or (log.dir < 0 and up(pvt, sig, t))):
                log.close(times[t], c[t])
            elif log.dir == 0:
                if up(pvt, sig, t):
                    log.open(t, times[t], 1, c[t])
                elif up(sig, pvt, t):
                    log.open(t, times[t], -1, c[t])
    write_here(rows, "heldout18_pvt_two_symbols_trades_raw.csv")


def outside_day_sp500():
    """An outside-day reversal, long only: flat, a bar whose high is above the
    previous high and whose low is below the previous low, closing below the
    previous low -> long; close at the first close above the entry price, or after
    5 bars."""
    times, b = read_bars(SP500)
    h, l, c = b["high"], b["low"], b["close"]
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        if log.dir > 0 and (t - log.entry_bar >= 5 or c[t] > log.entry_price):
            log.close(times[t], c[t])
        elif log.dir == 0 and h[t] > h[t - 1] and l[t] < l[t - 1] and c[t] < l[t - 1]:
            log.open(t, times[t], 1, c[t])
    write_here(log.rows, "heldout18_outside_day_sp500_trades_raw.csv")


if __name__ == "__main__":
    ibs_trend_sp500()
    connors_rsi_googl()
    alma_flip_eurusd()
    relative_volatility_aapl()
    intraday_momentum_eurusd()
    tsf_trend_sltp_sp500()
    pvt_two_symbols()
    outside_day_sp500()
