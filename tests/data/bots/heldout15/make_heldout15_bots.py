#!/usr/bin/env python3
"""Fourteenth held-out set of rule bots for clone fidelity (issue 8), written on
2026-12-06 (fourteenth session) at its start, before that session's tuning on the
other bots, and scored once at its end with default options. Each bot is a
deterministic rule over TA-Lib indicators (PyPI ta-lib) or plain bar arithmetic,
on real data in the repo, decided at a bar's close and logged inside that bar
(daily: 20:00 of the date; hourly: minute 59), in BotCopier's observer schema. Bar
reading and the log writer are the first set's (../heldout/make_heldout_bots.py),
the finiteness check the sixth's.

Run: python3 make_heldout15_bots.py   (writes heldout15_*_trades_raw.csv)
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
EURUSD_2017 = os.path.join(DATA, "bots", "heldout", "eurusd_1h_2017.csv")


def write_here(rows, name):
    """The first set's writer, aimed at this folder."""
    write(rows, name, HERE)


def flip(log, t, when, side, price):
    """Always in: a signal against the position closes it and opens the other way."""
    if side and side != log.dir:
        if log.dir != 0:
            log.close(when, price)
        log.open(t, when, side, price)


def after_first_finite(f, x, *args):
    """f applied to x from its first finite value on (NaN before)."""
    out = np.full_like(x, np.nan)
    ok = np.flatnonzero(np.isfinite(x))
    out[ok[0]:] = f(x[ok[0]:], *args)
    return out


def supertrend_eurusd():
    """Always in on the Supertrend(10, 3): basic bands hl2 -/+ 3 x TA-Lib ATR(10);
    the lower band only rises while the close stays above it, the upper only falls
    while the close stays below it; the trend turns up when the close crosses above
    the previous upper band, down when it crosses below the previous lower band.
    A turn reverses the position."""
    times, b = read_bars(os.path.join(DATA, "bots", "eurusd_1h.csv"))
    h, l, c = b["high"], b["low"], b["close"]
    atr = talib.ATR(h, l, c, 10)
    mid = (h + l) / 2.0
    lower, upper = mid - 3 * atr, mid + 3 * atr
    fl, fu = lower.copy(), upper.copy()
    trend = np.zeros(len(c), int)
    log = Log("EURUSD", HOURLY)
    start = int(np.flatnonzero(np.isfinite(atr))[0])
    trend[start] = 1
    for t in range(start + 1, len(c)):
        fl[t] = max(lower[t], fl[t - 1]) if c[t - 1] > fl[t - 1] else lower[t]
        fu[t] = min(upper[t], fu[t - 1]) if c[t - 1] < fu[t - 1] else upper[t]
        if trend[t - 1] < 0 and c[t] > fu[t - 1]:
            trend[t] = 1
        elif trend[t - 1] > 0 and c[t] < fl[t - 1]:
            trend[t] = -1
        else:
            trend[t] = trend[t - 1]
        if trend[t] != trend[t - 1]:
            flip(log, t, times[t], trend[t], c[t])
    write_here(log.rows, "heldout15_supertrend_eurusd_trades_raw.csv")


def schaff_cycle_sp500():
    """Schaff trend cycle(23, 50, 10): macd = ema(23) - ema(50); %K1 = the 10-bar
    stochastic of macd, smoothed by a factor-0.5 recursion into pf; %K2 = the 10-bar
    stochastic of pf, smoothed the same way into stc. Flat, stc crossing above 25 ->
    long, below 75 -> short; a long closes when stc crosses below 75, a short when it
    crosses above 25."""
    times, b = read_bars(os.path.join(DATA, "sp500_daily.csv"))
    c = b["close"]
    macd = talib.EMA(c, 23) - talib.EMA(c, 50)

    def smoothed_stoch(x, n):
        out = np.full_like(x, np.nan)
        prev = np.nan
        for t in range(n - 1, len(x)):
            w = x[t - n + 1:t + 1]
            if not np.all(np.isfinite(w)):
                continue
            lo, hi = w.min(), w.max()
            k = (x[t] - lo) / (hi - lo) * 100 if hi > lo else (prev if np.isfinite(prev) else 50.0)
            prev = k if not np.isfinite(prev) else prev + 0.5 * (k - prev)
            out[t] = prev
        return out

    stc = smoothed_stoch(smoothed_stoch(macd, 10), 10)
    lo, hi = np.full_like(c, 25.0), np.full_like(c, 75.0)
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        if not finite(stc[t - 1]):
            continue
        if (log.dir > 0 and up(hi, stc, t)) or (log.dir < 0 and up(stc, lo, t)):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if up(stc, lo, t):
                log.open(t, times[t], 1, c[t])
            elif up(hi, stc, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout15_schaff_cycle_sp500_trades_raw.csv")


def mama_fama_googl():
    """Always in on Ehlers' MESA adaptive average: TA-Lib MAMA(0.5, 0.05) crossing
    above FAMA -> long, below -> short (reversal)."""
    times, b = read_bars(os.path.join(DATA, "bots", "googl_daily.csv"))
    c = b["close"]
    mama, fama = talib.MAMA(c, 0.5, 0.05)
    log = Log("GOOGL", DAILY)
    for t in range(1, len(c)):
        if not finite(fama[t - 1]):
            continue
        side = 1 if up(mama, fama, t) else -1 if up(fama, mama, t) else 0
        flip(log, t, times[t], side, c[t])
    write_here(log.rows, "heldout15_mama_fama_googl_trades_raw.csv")


def tema_dema_two_symbols():
    """Multi-symbol log (AAPL and the S&P 500 daily in one file): flat, TA-Lib
    TEMA(8) crossing above DEMA(21) -> long, below -> short; exit on the opposite
    cross. Each symbol trades independently."""
    rows = []
    for sym, path, ticket in (("AAPL", os.path.join(DATA, "aapl_daily.csv"), 7000),
                              ("SPX500", os.path.join(DATA, "sp500_daily.csv"), 9000)):
        times, b = read_bars(path)
        c = b["close"]
        tema, dema = talib.TEMA(c, 8), talib.DEMA(c, 21)
        log = Log(sym, DAILY, rows, ticket=ticket)
        for t in range(1, len(c)):
            if not finite(tema[t - 1], dema[t - 1]):
                continue
            if (log.dir > 0 and up(dema, tema, t)) or (log.dir < 0 and up(tema, dema, t)):
                log.close(times[t], c[t])
            elif log.dir == 0:
                if up(tema, dema, t):
                    log.open(t, times[t], 1, c[t])
                elif up(dema, tema, t):
                    log.open(t, times[t], -1, c[t])
    write_here(rows, "heldout15_tema_dema_two_symbols_trades_raw.csv")


def stddev_sltp_eurusd():
    """Stops in units of the close's standard deviation: 08:00-17:59, rsi(14)
    crossing above 50 -> long, below -> short, sl 2 x stddev(close, 20) and tp 3 x
    stddev(close, 20) from the entry close, held at the broker; no other exit."""
    times, b = read_bars(EURUSD_2017)
    h, l, c = b["high"], b["low"], b["close"]
    rsi = talib.RSI(c, 14)
    sd = talib.STDDEV(c, 20)
    mid = np.full_like(c, 50.0)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        if log.broker_exit(t, times[t], h[t], l[t]):
            continue
        if log.dir != 0 or not finite(rsi[t - 1], sd[t]) or not 8 <= times[t].hour <= 17:
            continue
        if up(rsi, mid, t):
            log.open(t, times[t], 1, c[t], c[t] - 2 * sd[t], c[t] + 3 * sd[t])
        elif up(mid, rsi, t):
            log.open(t, times[t], -1, c[t], c[t] + 2 * sd[t], c[t] - 3 * sd[t])
    write_here(log.rows, "heldout15_stddev_sltp_eurusd_trades_raw.csv")


def laguerre_rsi_sp500():
    """Ehlers' Laguerre RSI (gamma 0.6) of the close: the four-stage Laguerre filter
    L0 = (1 - g) x + g L0', L1 = -g L0 + L0' + g L1', L2 = -g L1 + L1' + g L2',
    L3 = -g L2 + L2' + g L3'; cu / (cu + cd) over the three stage differences. Flat,
    crossing above 0.2 -> long, below 0.8 -> short; a long closes when it crosses
    above 0.8, a short when it crosses below 0.2."""
    times, b = read_bars(os.path.join(DATA, "sp500_daily.csv"))
    c = b["close"]
    g = 0.6
    lr = np.full_like(c, np.nan)
    l0 = l1 = l2 = l3 = c[0]
    for t in range(len(c)):
        p0, p1, p2 = l0, l1, l2
        l0 = (1 - g) * c[t] + g * l0
        l1 = -g * l0 + p0 + g * l1
        l2 = -g * l1 + p1 + g * l2
        l3 = -g * l2 + p2 + g * l3
        d = (l0 - l1, l1 - l2, l2 - l3)
        cu = sum(x for x in d if x > 0)
        cd = -sum(x for x in d if x < 0)
        if t >= 20 and cu + cd > 0:
            lr[t] = cu / (cu + cd)
    lo, hi = np.full_like(c, 0.2), np.full_like(c, 0.8)
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        if not finite(lr[t - 1], lr[t]):
            continue
        if (log.dir > 0 and up(lr, hi, t)) or (log.dir < 0 and up(lo, lr, t)):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if up(lr, lo, t):
                log.open(t, times[t], 1, c[t])
            elif up(hi, lr, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout15_laguerre_rsi_sp500_trades_raw.csv")


def day_open_cross_eurusd():
    """Hourly, the UTC day's opening price (the open of its first bar): 09:00-16:59,
    the close crossing above it -> long, below -> short; a position closes on the
    opposite cross or on the 21:00 bar."""
    times, b = read_bars(os.path.join(DATA, "bots", "eurusd_1h.csv"))
    o, c = b["open"], b["close"]
    day_open = np.full_like(c, np.nan)
    for t in range(len(c)):
        new_day = t == 0 or times[t].date() != times[t - 1].date()
        day_open[t] = o[t] if new_day else day_open[t - 1]
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        if times[t].date() != times[t - 1].date():
            continue
        hour = times[t].hour
        if log.dir != 0 and (hour == 21 or (log.dir > 0 and up(day_open, c, t))
                             or (log.dir < 0 and up(c, day_open, t))):
            log.close(times[t], c[t])
        elif log.dir == 0 and 9 <= hour <= 16:
            if up(c, day_open, t):
                log.open(t, times[t], 1, c[t])
            elif up(day_open, c, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout15_day_open_cross_eurusd_trades_raw.csv")


def qstick_trend_aapl():
    """Chande's QStick: sma(close - open, 8). Flat, QStick crossing above 0 with the
    close above sma(50) -> long, below 0 with the close below sma(50) -> short; a
    position closes when QStick crosses 0 back or after 7 bars."""
    times, b = read_bars(os.path.join(DATA, "aapl_daily.csv"))
    o, c = b["open"], b["close"]
    q = talib.SMA(c - o, 8)
    trend = talib.SMA(c, 50)
    zero = np.zeros_like(c)
    log = Log("AAPL", DAILY)
    for t in range(1, len(c)):
        if not finite(q[t - 1], trend[t]):
            continue
        if log.dir != 0 and (t - log.entry_bar >= 7 or (log.dir > 0 and up(zero, q, t))
                             or (log.dir < 0 and up(q, zero, t))):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if up(q, zero, t) and c[t] > trend[t]:
                log.open(t, times[t], 1, c[t])
            elif up(zero, q, t) and c[t] < trend[t]:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout15_qstick_trend_aapl_trades_raw.csv")


if __name__ == "__main__":
    supertrend_eurusd()
    schaff_cycle_sp500()
    mama_fama_googl()
    tema_dema_two_symbols()
    stddev_sltp_eurusd()
    laguerre_rsi_sp500()
    day_open_cross_eurusd()
    qstick_trend_aapl()
