#!/usr/bin/env python3
"""Tenth held-out set of rule bots for clone fidelity (issue 8), written on
2026-12-05 (tenth session) at its start, before that session's tuning on the
other bots, and scored once at its end with default options. Each bot is a
deterministic rule over TA-Lib indicators (PyPI ta-lib), plain bar arithmetic or
the calendar, on real data in the repo, decided at a bar's close and logged inside
that bar (daily: 20:00 of the date; hourly: minute 59), in BotCopier's observer
schema. Bar reading and the log writer are the first set's
(../heldout/make_heldout_bots.py), the finiteness check the sixth's, the volume
reader the ninth's.

Run: python3 make_heldout11_bots.py   (writes heldout11_*_trades_raw.csv)
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

sys.path.insert(0, os.path.join(HERE, "..", "heldout10"))
from make_heldout10_bots import read_volume  # noqa: E402

DATA = os.path.join(HERE, "..", "..")
EURUSD_2017 = os.path.join(DATA, "bots", "heldout", "eurusd_1h_2017.csv")


def write_here(rows, name):
    """The first set's writer, aimed at this folder."""
    write(rows, name, HERE)


def bulls_bears_power_eurusd():
    """Elder-ray (MetaTrader's Bulls Power / Bears Power over EMA(13)): flat, ema(13)
    rising and bears power (low - ema) below zero but above its previous value ->
    long; ema(13) falling and bulls power (high - ema) above zero but below its
    previous value -> short. A position closes on the first bar its ema turns."""
    times, b = read_bars(EURUSD_2017)
    h, l, c = b["high"], b["low"], b["close"]
    e = talib.EMA(c, 13)
    bears, bulls = l - e, h - e
    log = Log("EURUSD", HOURLY)
    for t in range(2, len(c)):
        if not finite(e[t - 1], bears[t - 1]):
            continue
        rising, falling = e[t] > e[t - 1], e[t] < e[t - 1]
        if (log.dir > 0 and falling) or (log.dir < 0 and rising):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if rising and bears[t] < 0 and bears[t] > bears[t - 1]:
                log.open(t, times[t], 1, c[t])
            elif falling and bulls[t] > 0 and bulls[t] < bulls[t - 1]:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout11_bulls_bears_power_eurusd_trades_raw.csv")


def force_index_sp500():
    """Elder's force index, buying dips in the trend: force = ema(2) of (close -
    previous close) x volume. Flat, close above sma(50) and force crossing below 0 ->
    long, exit when force is back above 0; close below sma(50) and force crossing
    above 0 -> short, exit when force is below 0."""
    path = os.path.join(DATA, "sp500_daily.csv")
    times, b = read_bars(path)
    c = b["close"]
    raw = np.full_like(c, np.nan)
    raw[1:] = (c[1:] - c[:-1]) * read_volume(path)[1:]
    force = talib.EMA(raw, 2)
    trend = talib.SMA(c, 50)
    zero = np.zeros_like(c)
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        if not finite(force[t - 1], trend[t]):
            continue
        if (log.dir > 0 and force[t] > 0) or (log.dir < 0 and force[t] < 0):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if c[t] > trend[t] and up(zero, force, t):
                log.open(t, times[t], 1, c[t])
            elif c[t] < trend[t] and up(force, zero, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout11_force_index_sp500_trades_raw.csv")


def sma5_dip_trend_aapl():
    """The short-term dip in a long-term uptrend, long only: close above sma(200) and
    below sma(5) -> buy; sell when the close is back above sma(5)."""
    times, b = read_bars(os.path.join(DATA, "aapl_daily.csv"))
    c = b["close"]
    s5, s200 = talib.SMA(c, 5), talib.SMA(c, 200)
    log = Log("AAPL", DAILY)
    for t in range(1, len(c)):
        if not finite(s200[t]):
            continue
        if log.dir > 0 and c[t] > s5[t]:
            log.close(times[t], c[t])
        elif log.dir == 0 and c[t] > s200[t] and c[t] < s5[t]:
            log.open(t, times[t], 1, c[t])
    write_here(log.rows, "heldout11_sma5_dip_trend_aapl_trades_raw.csv")


def higher_highs_eurusd():
    """A bar sequence: three higher highs and three higher lows in a row (bars t-3 ..
    t) -> long, exit on the first bar whose low is below the previous bar's low;
    three lower lows and lower highs -> short, exit on the first higher high."""
    times, b = read_bars(os.path.join(DATA, "bots", "eurusd_1h.csv"))
    h, l, c = b["high"], b["low"], b["close"]
    log = Log("EURUSD", HOURLY)
    for t in range(3, len(c)):
        if (log.dir > 0 and l[t] < l[t - 1]) or (log.dir < 0 and h[t] > h[t - 1]):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if all(h[t - k] > h[t - k - 1] and l[t - k] > l[t - k - 1] for k in range(3)):
                log.open(t, times[t], 1, c[t])
            elif all(h[t - k] < h[t - k - 1] and l[t - k] < l[t - k - 1] for k in range(3)):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout11_higher_highs_eurusd_trades_raw.csv")


def day_vwap_eurusd():
    """The day's volume-weighted average price: typical price (h + l + c) / 3 weighted
    by the bar's volume, accumulated from the first bar of each UTC date. 08:00-15:59,
    the close crossing above the day's VWAP -> long, below -> short; a position
    closes on the opposite cross or on the 20:00 bar."""
    times, b = read_bars(EURUSD_2017)
    h, l, c = b["high"], b["low"], b["close"]
    v = read_volume(EURUSD_2017)
    vwap = np.empty_like(c)
    pv = vol = 0.0
    for t in range(len(c)):
        if t == 0 or times[t].date() != times[t - 1].date():
            pv = vol = 0.0
        pv += (h[t] + l[t] + c[t]) / 3.0 * v[t]
        vol += v[t]
        vwap[t] = pv / vol if vol > 0 else np.nan
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        same_day = times[t].date() == times[t - 1].date()
        cross_up = same_day and up(c, vwap, t)
        cross_dn = same_day and up(vwap, c, t)
        hour = times[t].hour
        if log.dir != 0 and (hour == 20 or (log.dir > 0 and cross_dn)
                             or (log.dir < 0 and cross_up)):
            log.close(times[t], c[t])
        elif log.dir == 0 and 8 <= hour < 16:
            if cross_up:
                log.open(t, times[t], 1, c[t])
            elif cross_dn:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout11_day_vwap_eurusd_trades_raw.csv")


def squeeze_release_sp500():
    """The volatility squeeze: Bollinger bands (20, 2) inside Keltner channels (ema(20)
    +- 2 x ATR(20)) on the previous bar and not on this one (the release): momentum
    (close - close 12 bars earlier) above 0 -> long, below -> short; exit after 5 bars
    or when the momentum changes sign."""
    times, b = read_bars(os.path.join(DATA, "sp500_daily.csv"))
    h, l, c = b["high"], b["low"], b["close"]
    upper, _, lower = talib.BBANDS(c, 20, 2, 2)
    mid, atr = talib.EMA(c, 20), talib.ATR(h, l, c, 20)
    kup, klo = mid + 2.0 * atr, mid - 2.0 * atr
    inside = (upper < kup) & (lower > klo)
    mom = talib.MOM(c, 12)
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        if not finite(kup[t - 1], upper[t - 1], mom[t]):
            continue
        if log.dir != 0 and (t - log.entry_bar >= 5 or log.dir * mom[t] < 0):
            log.close(times[t], c[t])
        elif log.dir == 0 and inside[t - 1] and not inside[t]:
            if mom[t] > 0:
                log.open(t, times[t], 1, c[t])
            elif mom[t] < 0:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout11_squeeze_release_sp500_trades_raw.csv")


def weekly_breakout_sp500():
    """Calendar-week levels: flat, the close above the previous calendar week's (ISO
    week) highest high -> long, below its lowest low -> short; a long closes when the
    close falls below the previous week's low, a short above its high."""
    times, b = read_bars(os.path.join(DATA, "sp500_daily.csv"))
    h, l, c = b["high"], b["low"], b["close"]
    week = [tm.isocalendar()[:2] for tm in times]
    prev_hi = np.full_like(c, np.nan)
    prev_lo = np.full_like(c, np.nan)
    cur_hi, cur_lo, last_hi, last_lo = -np.inf, np.inf, np.nan, np.nan
    for t in range(len(c)):
        if t > 0 and week[t] != week[t - 1]:
            last_hi, last_lo, cur_hi, cur_lo = cur_hi, cur_lo, -np.inf, np.inf
        prev_hi[t], prev_lo[t] = last_hi, last_lo
        cur_hi, cur_lo = max(cur_hi, h[t]), min(cur_lo, l[t])
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        if not finite(prev_hi[t], prev_lo[t]):
            continue
        if (log.dir > 0 and c[t] < prev_lo[t]) or (log.dir < 0 and c[t] > prev_hi[t]):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if c[t] > prev_hi[t]:
                log.open(t, times[t], 1, c[t])
            elif c[t] < prev_lo[t]:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout11_weekly_breakout_sp500_trades_raw.csv")


def breakeven_stop_eurusd():
    """A stop moved to break-even at the broker: flat, macd(12,26,9) crossing above its
    signal line below zero -> long with sl at entry - 1.5 x ATR(14) and tp at entry +
    3 x ATR(14); once a bar's high reaches entry + 1 x ATR the stop moves to the entry
    price (the open event keeps the first sl). Mirrored short above zero. The bot
    itself never closes; after a broker exit it may open again on the same bar."""
    times, b = read_bars(os.path.join(DATA, "bots", "eurusd_1h.csv"))
    h, l, c = b["high"], b["low"], b["close"]
    macd, signal, _ = talib.MACD(c, 12, 26, 9)
    atr = talib.ATR(h, l, c, 14)
    log = Log("EURUSD", HOURLY)
    risk = 0.0
    for t in range(1, len(c)):
        log.broker_exit(t, times[t], h[t], l[t])
        if log.dir > 0 and h[t] >= log.entry_price + risk:
            log.sl = max(log.sl, log.entry_price)
        elif log.dir < 0 and l[t] <= log.entry_price - risk:
            log.sl = min(log.sl, log.entry_price)
        if log.dir != 0 or not finite(signal[t - 1], atr[t]):
            continue
        risk = atr[t]
        if up(macd, signal, t) and macd[t] < 0:
            log.open(t, times[t], 1, c[t], c[t] - 1.5 * risk, c[t] + 3 * risk)
        elif up(signal, macd, t) and macd[t] > 0:
            log.open(t, times[t], -1, c[t], c[t] + 1.5 * risk, c[t] - 3 * risk)
    write_here(log.rows, "heldout11_breakeven_stop_eurusd_trades_raw.csv")


if __name__ == "__main__":
    bulls_bears_power_eurusd()
    force_index_sp500()
    sma5_dip_trend_aapl()
    higher_highs_eurusd()
    day_vwap_eurusd()
    squeeze_release_sp500()
    weekly_breakout_sp500()
    breakeven_stop_eurusd()
