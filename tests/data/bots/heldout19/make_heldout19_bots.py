#!/usr/bin/env python3
"""Eighteenth held-out set of rule bots for clone fidelity (issue 8), written on
2026-12-06 (eighteenth session) at its start, before that session's tuning on the
other bots, and scored once later in the session with default options. Each bot is
a deterministic rule over TA-Lib indicators (PyPI ta-lib) or plain bar arithmetic,
on real data in the repo, decided at a bar's close and logged inside that bar
(daily: 20:00 of the date; hourly: minute 59), in BotCopier's observer schema. Bar
reading and the log writer are the first set's (../heldout/make_heldout_bots.py),
the finiteness check the sixth's, the volume reader and the always-in flip the
fifteenth's, the data paths the sixteenth's.

Run: python3 make_heldout19_bots.py   (writes heldout19_*_trades_raw.csv)
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


def nvi_two_symbols():
    """Multi-symbol log (GOOGL and AAPL daily in one file): Fosback's negative volume
    index NVI, from 1000, moving by close / previous close only on a bar whose
    volume fell, and its ema(50). Flat, NVI crossing above its ema -> long, below ->
    short; exit on the opposite cross or after 20 bars. Each symbol independently."""
    rows = []
    for sym, path, ticket in (("GOOGL", GOOGL, 7000), ("AAPL", AAPL, 9000)):
        times, b = read_bars(path)
        c = b["close"]
        v = read_volume(path)
        nvi = np.full_like(c, 1000.0)
        for t in range(1, len(c)):
            nvi[t] = nvi[t - 1] * (c[t] / c[t - 1] if v[t] < v[t - 1] else 1.0)
        sig = talib.EMA(nvi, 50)
        log = Log(sym, DAILY, rows, ticket=ticket)
        for t in range(1, len(c)):
            if not finite(sig[t - 1], sig[t]):
                continue
            if log.dir != 0 and (t - log.entry_bar >= 20 or (log.dir > 0 and up(sig, nvi, t))
                                 or (log.dir < 0 and up(nvi, sig, t))):
                log.close(times[t], c[t])
            elif log.dir == 0:
                if up(nvi, sig, t):
                    log.open(t, times[t], 1, c[t])
                elif up(sig, nvi, t):
                    log.open(t, times[t], -1, c[t])
    write_here(rows, "heldout19_nvi_two_symbols_trades_raw.csv")


def zlema_flip_eurusd():
    """Always in on the zero-lag EMA ZLEMA(20): ema(2 x close - close 9 bars ago,
    20) (TA-Lib EMA). The close crossing above ZLEMA -> long, below -> short."""
    times, b = read_bars(EURUSD)
    c = b["close"]
    lag = 9
    de = np.full_like(c, np.nan)
    de[lag:] = 2 * c[lag:] - c[:-lag]
    z = np.full_like(c, np.nan)
    z[lag:] = talib.EMA(de[lag:], 20)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        side = 1 if up(c, z, t) else -1 if up(z, c, t) else 0
        flip(log, t, times[t], side, c[t])
    write_here(log.rows, "heldout19_zlema_flip_eurusd_trades_raw.csv")


def mcginley_cross_sp500():
    """Always in on the McGinley dynamic MD(14): MD = MD' + (close - MD') / (14 x
    (close / MD')^4), seeded with the first close. The close crossing above MD ->
    long, below -> short."""
    times, b = read_bars(SP500)
    c = b["close"]
    md = np.empty_like(c)
    md[0] = c[0]
    for t in range(1, len(c)):
        md[t] = md[t - 1] + (c[t] - md[t - 1]) / (14 * (c[t] / md[t - 1]) ** 4)
    log = Log("SPX500", DAILY)
    for t in range(20, len(c)):
        side = 1 if up(c, md, t) else -1 if up(md, c, t) else 0
        flip(log, t, times[t], side, c[t])
    write_here(log.rows, "heldout19_mcginley_cross_sp500_trades_raw.csv")


def momentum_sltp_sp500():
    """Momentum with broker stops: flat, MOM(10) = close - close 10 bars ago crossing
    above 0 while the close is above sma(100) -> long; crossing below 0 while below
    sma(100) -> short; sl 2 x atr(20), tp 2 x atr(20) from the entry, held at the
    broker, no other exit."""
    times, b = read_bars(SP500)
    h, l, c = b["high"], b["low"], b["close"]
    mom = talib.MOM(c, 10)
    zero = np.zeros_like(c)
    ma = talib.SMA(c, 100)
    atr = talib.ATR(h, l, c, 20)
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        if log.broker_exit(t, times[t], h[t], l[t]):
            continue
        if log.dir != 0 or not finite(ma[t], atr[t], mom[t - 1]):
            continue
        if up(mom, zero, t) and c[t] > ma[t]:
            log.open(t, times[t], 1, c[t], c[t] - 2 * atr[t], c[t] + 2 * atr[t])
        elif up(zero, mom, t) and c[t] < ma[t]:
            log.open(t, times[t], -1, c[t], c[t] + 2 * atr[t], c[t] - 2 * atr[t])
    write_here(log.rows, "heldout19_momentum_sltp_sp500_trades_raw.csv")


def ht_trendline_aapl():
    """Ehlers' instantaneous trendline (TA-Lib HT_TRENDLINE): flat, the close
    crossing above the trendline -> long, below -> short; exit on the opposite
    cross or after 12 bars."""
    times, b = read_bars(AAPL)
    c = b["close"]
    tl = talib.HT_TRENDLINE(c)
    log = Log("AAPL", DAILY)
    for t in range(1, len(c)):
        if not finite(tl[t - 1], tl[t]):
            continue
        if log.dir != 0 and (t - log.entry_bar >= 12 or (log.dir > 0 and up(tl, c, t))
                             or (log.dir < 0 and up(c, tl, t))):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if up(c, tl, t):
                log.open(t, times[t], 1, c[t])
            elif up(tl, c, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout19_ht_trendline_aapl_trades_raw.csv")


def prev_day_breakout_eurusd():
    """Hourly breakout of the previous calendar day's range: flat, between 07:00
    and 12:00 (the bar's hour), a close above the previous day's high -> long, below
    its low -> short; close at the 20:00 bar or when the close is back inside the
    previous day's range by its midpoint (long below it, short above it)."""
    times, b = read_bars(EURUSD_2017)
    h, l, c = b["high"], b["low"], b["close"]
    prev_hi = prev_lo = np.nan
    day_hi, day_lo = h[0], l[0]
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        if times[t].date() != times[t - 1].date():
            prev_hi, prev_lo = day_hi, day_lo
            day_hi, day_lo = h[t], l[t]
        else:
            day_hi, day_lo = max(day_hi, h[t]), min(day_lo, l[t])
        if not finite(prev_hi, prev_lo):
            continue
        mid = (prev_hi + prev_lo) / 2
        hour = times[t].hour
        if log.dir != 0 and (hour == 20 or (log.dir > 0 and c[t] < mid)
                             or (log.dir < 0 and c[t] > mid)):
            log.close(times[t], c[t])
        elif log.dir == 0 and 7 <= hour <= 12:
            if c[t] > prev_hi:
                log.open(t, times[t], 1, c[t])
            elif c[t] < prev_lo:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout19_prev_day_breakout_eurusd_trades_raw.csv")


def rsi50_adxr_eurusd():
    """A compound entry with Wilder's ADX rating: flat, rsi(14) crossing above 50
    while ADXR(14) > 20 and the close above ema(50) -> long; rsi(14) crossing below
    50 while ADXR(14) > 20 and the close below ema(50) -> short; exit when rsi(14)
    crosses back through 45 (long) / 55 (short) or after 15 bars."""
    times, b = read_bars(EURUSD)
    h, l, c = b["high"], b["low"], b["close"]
    rsi = talib.RSI(c, 14)
    adxr = talib.ADXR(h, l, c, 14)
    ema = talib.EMA(c, 50)
    f50, f45, f55 = (np.full_like(c, x) for x in (50.0, 45.0, 55.0))
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        if not finite(rsi[t - 1], adxr[t], ema[t]):
            continue
        if log.dir != 0 and (t - log.entry_bar >= 15 or (log.dir > 0 and up(f45, rsi, t))
                             or (log.dir < 0 and up(rsi, f55, t))):
            log.close(times[t], c[t])
        elif log.dir == 0 and adxr[t] > 20:
            if up(rsi, f50, t) and c[t] > ema[t]:
                log.open(t, times[t], 1, c[t])
            elif up(f50, rsi, t) and c[t] < ema[t]:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout19_rsi50_adxr_eurusd_trades_raw.csv")


def doji_dip_eurusd():
    """A doji after a fall, long only: flat, a bar whose body |close - open| is under
    a tenth of its range, after the previous two closes each fell -> long; close
    at the first close above the entry's high or after 4 bars."""
    times, b = read_bars(EURUSD_2017)
    o, h, l, c = b["open"], b["high"], b["low"], b["close"]
    log = Log("EURUSD", HOURLY)
    entry_high = np.nan
    for t in range(4, len(c)):
        if log.dir > 0 and (t - log.entry_bar >= 4 or c[t] > entry_high):
            log.close(times[t], c[t])
        elif log.dir == 0:
            doji = h[t] > l[t] and abs(c[t] - o[t]) < 0.1 * (h[t] - l[t])
            falls = c[t - 1] < c[t - 2] < c[t - 3]
            if doji and falls:
                log.open(t, times[t], 1, c[t])
                entry_high = h[t]
    write_here(log.rows, "heldout19_doji_dip_eurusd_trades_raw.csv")


if __name__ == "__main__":
    nvi_two_symbols()
    zlema_flip_eurusd()
    mcginley_cross_sp500()
    momentum_sltp_sp500()
    ht_trendline_aapl()
    prev_day_breakout_eurusd()
    rsi50_adxr_eurusd()
    doji_dip_eurusd()
