#!/usr/bin/env python3
"""Twentieth held-out set of rule bots for clone fidelity (issue 8), written on
2026-12-06 (twentieth session) at its start, before that session's tuning on the
other bots, and scored once later in the session with default options. Each bot is
a deterministic rule over TA-Lib indicators (PyPI ta-lib) or plain bar arithmetic,
on real data in the repo, decided at a bar's close and logged inside that bar
(daily: 20:00 of the date; hourly: minute 59), in BotCopier's observer schema. Bar
reading and the log writer are the first set's (../heldout/make_heldout_bots.py),
the finiteness check the sixth's, the always-in flip the fifteenth's, the data
paths the sixteenth's.

Run: python3 make_heldout21_bots.py   (writes heldout21_*_trades_raw.csv)
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
from make_heldout16_bots import flip  # noqa: E402
from make_heldout17_bots import AAPL, EURUSD, EURUSD_2017, GOOGL, SP500  # noqa: E402


def write_here(rows, name):
    """The first set's writer, aimed at this folder."""
    write(rows, name, HERE)


def vhf_trend_sp500():
    """Vertical horizontal filter as a trend gate: VHF(28) = (highest close - lowest
    close of 28 bars) / sum of the 28 absolute close changes. Flat, VHF(28) > 0.35 and
    the close crossing above ema(20) -> long, below -> short; exit on the opposite
    cross or after 15 bars."""
    times, b = read_bars(SP500)
    c = b["close"]
    n = 28
    hc = talib.MAX(c, n)
    lc = talib.MIN(c, n)
    d = np.abs(np.diff(c, prepend=np.nan))
    vhf = np.full_like(c, np.nan)
    for t in range(n, len(c)):
        vhf[t] = (hc[t] - lc[t]) / d[t - n + 1:t + 1].sum()
    ema = talib.EMA(c, 20)
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        if not finite(vhf[t], ema[t - 1]):
            continue
        if log.dir != 0 and (t - log.entry_bar >= 15 or (log.dir > 0 and up(ema, c, t))
                             or (log.dir < 0 and up(c, ema, t))):
            log.close(times[t], c[t])
        elif log.dir == 0 and vhf[t] > 0.35:
            if up(c, ema, t):
                log.open(t, times[t], 1, c[t])
            elif up(ema, c, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout21_vhf_trend_sp500_trades_raw.csv")


def supersmoother_flip_eurusd():
    """Always in on the close against Ehlers' two-pole super smoother(20): a1 =
    exp(-1.414 pi / 20), c2 = 2 a1 cos(1.414 pi / 20), c3 = -a1^2, c1 = 1 - c2 - c3,
    f[t] = c1 (close[t] + close[t-1]) / 2 + c2 f[t-1] + c3 f[t-2] (seeded with the
    close). The close crossing above f -> long, below -> short."""
    times, b = read_bars(EURUSD)
    c = b["close"]
    n = 20
    a1 = np.exp(-1.414 * np.pi / n)
    c2 = 2 * a1 * np.cos(1.414 * np.pi / n)
    c3 = -a1 * a1
    c1 = 1 - c2 - c3
    f = c.copy()
    for t in range(2, len(c)):
        f[t] = c1 * (c[t] + c[t - 1]) / 2 + c2 * f[t - 1] + c3 * f[t - 2]
    log = Log("EURUSD", HOURLY)
    for t in range(30, len(c)):
        side = 1 if up(c, f, t) else -1 if up(f, c, t) else 0
        flip(log, t, times[t], side, c[t])
    write_here(log.rows, "heldout21_supersmoother_flip_eurusd_trades_raw.csv")


def tii_levels_googl():
    """Trend intensity index(20, 10): the close's deviations from sma(20) over the last
    10 bars, TII = 100 x (sum of the positive ones) / (sum of their absolute values).
    Flat, TII crossing above 80 -> long, below 20 -> short; exit when it crosses 50
    against the trade."""
    times, b = read_bars(GOOGL)
    c = b["close"]
    dev = c - talib.SMA(c, 20)
    tii = np.full_like(c, np.nan)
    for t in range(29, len(c)):
        w = dev[t - 9:t + 1]
        pos = w[w > 0].sum()
        tot = np.abs(w).sum()
        tii[t] = 100 * pos / tot if tot > 0 else 50.0
    lv80 = np.full_like(c, 80.0)
    lv20 = np.full_like(c, 20.0)
    lv50 = np.full_like(c, 50.0)
    log = Log("GOOGL", DAILY)
    for t in range(1, len(c)):
        if not finite(tii[t - 1], tii[t]):
            continue
        if log.dir != 0 and ((log.dir > 0 and up(lv50, tii, t))
                             or (log.dir < 0 and up(tii, lv50, t))):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if up(tii, lv80, t):
                log.open(t, times[t], 1, c[t])
            elif up(lv20, tii, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout21_tii_levels_googl_trades_raw.csv")


def marubozu_momentum_sp500():
    """A near-marubozu candle: body >= 0.8 of the bar's range and the range above the
    previous bar's atr(14) (TA-Lib ATR). Flat, such an up candle -> long, a down one
    -> short; exit after 3 bars."""
    times, b = read_bars(SP500)
    o, h, l, c = b["open"], b["high"], b["low"], b["close"]
    atr = talib.ATR(h, l, c, 14)
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        if not finite(atr[t - 1]):
            continue
        if log.dir != 0 and t - log.entry_bar >= 3:
            log.close(times[t], c[t])
        elif log.dir == 0:
            rng = h[t] - l[t]
            body = c[t] - o[t]
            if rng > atr[t - 1] and abs(body) >= 0.8 * rng:
                log.open(t, times[t], 1 if body > 0 else -1, c[t])
    write_here(log.rows, "heldout21_marubozu_momentum_sp500_trades_raw.csv")


def mtf_trend_rsi_eurusd():
    """Two timeframes: the daily trend from the completed UTC days (a day's close is its
    last hourly close; ema(5) of the daily closes, TA-Lib EMA), up when the last
    completed day closed above that day's ema(5). On the hour: flat, daily trend up and
    rsi(7) crossing below 30 -> long, trend down and rsi(7) crossing above 70 ->
    short; exit when rsi(7) crosses 50 or after 12 bars."""
    times, b = read_bars(EURUSD_2017)
    c = b["close"]
    days = np.array([t.date() for t in times])
    last_of_day = np.nonzero(np.append(days[1:] != days[:-1], True))[0]
    dclose = c[last_of_day]
    dema = talib.EMA(dclose, 5)
    trend = np.zeros(len(c))
    for k in range(len(last_of_day) - 1):
        if not np.isfinite(dema[k]):
            continue
        side = 1 if dclose[k] > dema[k] else -1 if dclose[k] < dema[k] else 0
        trend[last_of_day[k] + 1:last_of_day[k + 1] + 1] = side
    rsi = talib.RSI(c, 7)
    lv30 = np.full_like(c, 30.0)
    lv70 = np.full_like(c, 70.0)
    lv50 = np.full_like(c, 50.0)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        if not finite(rsi[t - 1], rsi[t]):
            continue
        if log.dir != 0 and (t - log.entry_bar >= 12 or (log.dir > 0 and up(rsi, lv50, t))
                             or (log.dir < 0 and up(lv50, rsi, t))):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if trend[t] > 0 and up(lv30, rsi, t):
                log.open(t, times[t], 1, c[t])
            elif trend[t] < 0 and up(rsi, lv70, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout21_mtf_trend_rsi_eurusd_trades_raw.csv")


def ravi_two_symbols():
    """Multi-symbol log (AAPL and S&P 500 daily): Chande's range action verification
    index RAVI = 100 x |sma(7) - sma(65)| / sma(65). Flat, RAVI > 3 with sma(7) above
    sma(65) and the close crossing above sma(7) -> long; RAVI > 3 with sma(7) below
    sma(65) and the close crossing below sma(7) -> short; exit on the close crossing
    sma(7) against the trade or after 10 bars. Each symbol independently."""
    rows = []
    for sym, path, ticket in (("AAPL", AAPL, 7000), ("SPX500", SP500, 9000)):
        times, b = read_bars(path)
        c = b["close"]
        fast = talib.SMA(c, 7)
        slow = talib.SMA(c, 65)
        ravi = 100 * np.abs(fast - slow) / slow
        log = Log(sym, DAILY, rows, ticket=ticket)
        for t in range(1, len(c)):
            if not finite(ravi[t], fast[t - 1]):
                continue
            if log.dir != 0 and (t - log.entry_bar >= 10 or (log.dir > 0 and up(fast, c, t))
                                 or (log.dir < 0 and up(c, fast, t))):
                log.close(times[t], c[t])
            elif log.dir == 0 and ravi[t] > 3:
                if fast[t] > slow[t] and up(c, fast, t):
                    log.open(t, times[t], 1, c[t])
                elif fast[t] < slow[t] and up(fast, c, t):
                    log.open(t, times[t], -1, c[t])
    write_here(rows, "heldout21_ravi_two_symbols_trades_raw.csv")


def trima_sltp_sp500():
    """Triangular moving averages with broker stops: flat, TA-Lib TRIMA(10) crossing
    above TRIMA(30) -> long, below -> short; sl 2 x atr(14), tp 2.5 x atr(14) from the
    entry, held at the broker; exit also on the opposite cross."""
    times, b = read_bars(SP500)
    h, l, c = b["high"], b["low"], b["close"]
    fast = talib.TRIMA(c, 10)
    slow = talib.TRIMA(c, 30)
    atr = talib.ATR(h, l, c, 14)
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        if log.broker_exit(t, times[t], h[t], l[t]):
            continue
        if not finite(slow[t - 1], atr[t]):
            continue
        if log.dir != 0 and ((log.dir > 0 and up(slow, fast, t))
                             or (log.dir < 0 and up(fast, slow, t))):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if up(fast, slow, t):
                log.open(t, times[t], 1, c[t], c[t] - 2 * atr[t], c[t] + 2.5 * atr[t])
            elif up(slow, fast, t):
                log.open(t, times[t], -1, c[t], c[t] + 2 * atr[t], c[t] - 2.5 * atr[t])
    write_here(log.rows, "heldout21_trima_sltp_sp500_trades_raw.csv")


def range_fib_session_eurusd():
    """Retracement levels of the previous 24 bars' range (lowest low lo, highest high
    hi, the bar itself excluded): 61.8 % = lo + 0.618 (hi - lo), 38.2 % = lo + 0.382
    (hi - lo). Flat, from 09:00 to 16:59, the close crossing above the 61.8 % level ->
    long, below the 38.2 % level -> short; exit at 18:00 or after 6 bars."""
    times, b = read_bars(EURUSD)
    h, l, c = b["high"], b["low"], b["close"]
    hi = np.full_like(c, np.nan)
    lo = np.full_like(c, np.nan)
    hi[1:] = talib.MAX(h, 24)[:-1]
    lo[1:] = talib.MIN(l, 24)[:-1]
    l62 = lo + 0.618 * (hi - lo)
    l38 = lo + 0.382 * (hi - lo)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        if not finite(l62[t - 1], l62[t]):
            continue
        hour = times[t].hour
        if log.dir != 0 and (t - log.entry_bar >= 6 or hour == 18):
            log.close(times[t], c[t])
        elif log.dir == 0 and 9 <= hour <= 16:
            if up(c, l62, t):
                log.open(t, times[t], 1, c[t])
            elif up(l38, c, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout21_range_fib_session_eurusd_trades_raw.csv")


if __name__ == "__main__":
    vhf_trend_sp500()
    supersmoother_flip_eurusd()
    tii_levels_googl()
    marubozu_momentum_sp500()
    mtf_trend_rsi_eurusd()
    ravi_two_symbols()
    trima_sltp_sp500()
    range_fib_session_eurusd()
