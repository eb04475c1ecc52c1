#!/usr/bin/env python3
"""Nineteenth held-out set of rule bots for clone fidelity (issue 8), written on
2026-12-06 (nineteenth session) at its start, before that session's tuning on the
other bots, and scored once later in the session with default options. Each bot is
a deterministic rule over TA-Lib indicators (PyPI ta-lib) or plain bar arithmetic,
on real data in the repo, decided at a bar's close and logged inside that bar
(daily: 20:00 of the date; hourly: minute 59), in BotCopier's observer schema. Bar
reading and the log writer are the first set's (../heldout/make_heldout_bots.py),
the finiteness check the sixth's, the volume reader and the always-in flip the
fifteenth's, the data paths the sixteenth's.

Run: python3 make_heldout20_bots.py   (writes heldout20_*_trades_raw.csv)
"""
import os
import sys

import numpy as np
import pandas as pd
import talib

HERE = os.path.dirname(os.path.abspath(__file__))
for prior in ("heldout", "heldout7", "heldout16", "heldout17"):
    sys.path.insert(0, os.path.join(HERE, "..", prior))
from make_heldout_bots import DAILY, HOURLY, Log, read_bars, up, write  # noqa: E402
from make_heldout7_bots import finite  # noqa: E402
from make_heldout16_bots import flip, read_volume  # noqa: E402
from make_heldout17_bots import AAPL, EURUSD, EURUSD_2017, GOOGL, SP500  # noqa: E402

del read_volume  # imported for parity with the earlier sets; no bot here reads volume


def write_here(rows, name):
    """The first set's writer, aimed at this folder."""
    write(rows, name, HERE)


def rwi_trend_googl():
    """Poulos' random walk index on one lookback n = 10: RWI-high = (high - low 10
    bars ago) / (atr(10) x sqrt(10)), RWI-low = (high 10 bars ago - low) / (atr(10) x
    sqrt(10)) (TA-Lib ATR). Flat, RWI-high > 1 and above RWI-low -> long, RWI-low > 1
    and above RWI-high -> short; exit when the other side's index exceeds 1 or after
    10 bars."""
    times, b = read_bars(GOOGL)
    h, l, c = b["high"], b["low"], b["close"]
    n = 10
    atr = talib.ATR(h, l, c, n)
    hi = np.full_like(c, np.nan)
    lo = np.full_like(c, np.nan)
    hi[n:] = (h[n:] - l[:-n]) / (atr[n:] * np.sqrt(n))
    lo[n:] = (h[:-n] - l[n:]) / (atr[n:] * np.sqrt(n))
    log = Log("GOOGL", DAILY)
    for t in range(1, len(c)):
        if not finite(hi[t], lo[t]):
            continue
        if log.dir != 0 and (t - log.entry_bar >= 10 or (log.dir > 0 and lo[t] > 1)
                             or (log.dir < 0 and hi[t] > 1)):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if hi[t] > 1 and hi[t] > lo[t]:
                log.open(t, times[t], 1, c[t])
            elif lo[t] > 1 and lo[t] > hi[t]:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout20_rwi_trend_googl_trades_raw.csv")


def gann_hilo_flip_eurusd():
    """Always in on the Gann HiLo activator(3): a close above the previous bar's
    sma(high, 3) -> long, a close below the previous bar's sma(low, 3) -> short, else
    keep the side."""
    times, b = read_bars(EURUSD)
    h, l, c = b["high"], b["low"], b["close"]
    sh = talib.SMA(h, 3)
    sl = talib.SMA(l, 3)
    log = Log("EURUSD", HOURLY)
    for t in range(4, len(c)):
        side = 1 if c[t] > sh[t - 1] else -1 if c[t] < sl[t - 1] else 0
        flip(log, t, times[t], side, c[t])
    write_here(log.rows, "heldout20_gann_hilo_flip_eurusd_trades_raw.csv")


def median_two_symbols():
    """Multi-symbol log (GOOGL and S&P 500 daily in one file): the close against its
    rolling 20-bar median (pandas, the bar itself included). Flat, the close crossing
    above the median -> long, below -> short; exit on the opposite cross or after 8
    bars. Each symbol independently."""
    rows = []
    for sym, path, ticket in (("GOOGL", GOOGL, 7000), ("SPX500", SP500, 9000)):
        times, b = read_bars(path)
        c = b["close"]
        med = pd.Series(c).rolling(20).median().to_numpy()
        log = Log(sym, DAILY, rows, ticket=ticket)
        for t in range(1, len(c)):
            if not finite(med[t - 1], med[t]):
                continue
            if log.dir != 0 and (t - log.entry_bar >= 8 or (log.dir > 0 and up(med, c, t))
                                 or (log.dir < 0 and up(c, med, t))):
                log.close(times[t], c[t])
            elif log.dir == 0:
                if up(c, med, t):
                    log.open(t, times[t], 1, c[t])
                elif up(med, c, t):
                    log.open(t, times[t], -1, c[t])
    write_here(rows, "heldout20_median_two_symbols_trades_raw.csv")


def wad_ema_aapl():
    """Williams' accumulation/distribution: true range high/low against the previous
    close (max(high, close'), min(low, close')); a bar adds close - TRL when the close
    rose, close - TRH when it fell, 0 else; WAD is the running sum. Flat, WAD crossing
    above its ema(20) -> long, below -> short; exit on the opposite cross or after 15
    bars."""
    times, b = read_bars(AAPL)
    h, l, c = b["high"], b["low"], b["close"]
    ad = np.zeros_like(c)
    for t in range(1, len(c)):
        if c[t] > c[t - 1]:
            ad[t] = c[t] - min(l[t], c[t - 1])
        elif c[t] < c[t - 1]:
            ad[t] = c[t] - max(h[t], c[t - 1])
    wad = np.cumsum(ad)
    sig = talib.EMA(wad, 20)
    log = Log("AAPL", DAILY)
    for t in range(1, len(c)):
        if not finite(sig[t - 1], sig[t]):
            continue
        if log.dir != 0 and (t - log.entry_bar >= 15 or (log.dir > 0 and up(sig, wad, t))
                             or (log.dir < 0 and up(wad, sig, t))):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if up(wad, sig, t):
                log.open(t, times[t], 1, c[t])
            elif up(sig, wad, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout20_wad_ema_aapl_trades_raw.csv")


def dual_thrust_sltp_sp500():
    """Dual thrust with broker stops: range = max(HH - LC, HC - LL) over the previous
    4 bars (HH highest high, LC lowest close, HC highest close, LL lowest low). Flat,
    a close above the bar's open + 0.5 range -> long, below the open - 0.5 range ->
    short; sl 1.5 x atr(10), tp 3 x atr(10) from the entry, held at the broker, no
    other exit."""
    times, b = read_bars(SP500)
    o, h, l, c = b["open"], b["high"], b["low"], b["close"]
    atr = talib.ATR(h, l, c, 10)
    log = Log("SPX500", DAILY)
    for t in range(5, len(c)):
        if log.broker_exit(t, times[t], h[t], l[t]):
            continue
        if log.dir != 0 or not finite(atr[t]):
            continue
        w = slice(t - 4, t)
        rng = max(h[w].max() - c[w].min(), c[w].max() - l[w].min())
        if c[t] > o[t] + 0.5 * rng:
            log.open(t, times[t], 1, c[t], c[t] - 1.5 * atr[t], c[t] + 3 * atr[t])
        elif c[t] < o[t] - 0.5 * rng:
            log.open(t, times[t], -1, c[t], c[t] + 1.5 * atr[t], c[t] - 3 * atr[t])
    write_here(log.rows, "heldout20_dual_thrust_sltp_sp500_trades_raw.csv")


def holy_grail_eurusd():
    """Raschke's "holy grail" pullback: flat, ADX(14) > 30 with +DI(14) above -DI(14)
    and the bar's low at or below ema(20) while its close is above it -> long; ADX(14)
    > 30 with -DI above +DI and the bar's high at or above ema(20) while its close is
    below it -> short (TA-Lib ADX, PLUS_DI, MINUS_DI, EMA); exit when the close
    crosses ema(20) against the trade or after 5 bars."""
    times, b = read_bars(EURUSD)
    h, l, c = b["high"], b["low"], b["close"]
    adx = talib.ADX(h, l, c, 14)
    pdi = talib.PLUS_DI(h, l, c, 14)
    mdi = talib.MINUS_DI(h, l, c, 14)
    ema = talib.EMA(c, 20)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        if not finite(adx[t], ema[t - 1]):
            continue
        if log.dir != 0 and (t - log.entry_bar >= 5 or (log.dir > 0 and up(ema, c, t))
                             or (log.dir < 0 and up(c, ema, t))):
            log.close(times[t], c[t])
        elif log.dir == 0 and adx[t] > 30:
            if pdi[t] > mdi[t] and l[t] <= ema[t] < c[t]:
                log.open(t, times[t], 1, c[t])
            elif mdi[t] > pdi[t] and h[t] >= ema[t] > c[t]:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout20_holy_grail_eurusd_trades_raw.csv")


def cog_signal_eurusd():
    """Always in on Ehlers' center of gravity(10): CG = -sum_{i=0..9} (i+1) close[t-i]
    / sum_{i=0..9} close[t-i], against its sma(3). CG crossing above its sma -> long,
    below -> short."""
    times, b = read_bars(EURUSD_2017)
    c = b["close"]
    n = 10
    cg = np.full_like(c, np.nan)
    w = np.arange(1, n + 1, dtype=float)
    for t in range(n - 1, len(c)):
        win = c[t - n + 1:t + 1][::-1]
        cg[t] = -np.dot(w, win) / win.sum()
    sig = talib.SMA(cg, 3)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        if not finite(sig[t - 1], sig[t]):
            continue
        side = 1 if up(cg, sig, t) else -1 if up(sig, cg, t) else 0
        flip(log, t, times[t], side, c[t])
    write_here(log.rows, "heldout20_cog_signal_eurusd_trades_raw.csv")


def er_breakout_eurusd():
    """A breakout under Kaufman's efficiency ratio: ER(10) = |close - close 10 bars
    ago| / sum of the last 10 absolute close changes. Flat, between 08:00 and 16:00,
    ER(10) > 0.5 and a close above the previous 10 bars' highest high -> long, below
    their lowest low -> short; exit at the close crossing ema(10) against the trade,
    at 20:00, or after 10 bars."""
    times, b = read_bars(EURUSD)
    h, l, c = b["high"], b["low"], b["close"]
    n = 10
    er = np.full_like(c, np.nan)
    d = np.abs(np.diff(c, prepend=np.nan))
    for t in range(n, len(c)):
        er[t] = abs(c[t] - c[t - n]) / d[t - n + 1:t + 1].sum()
    hh = talib.MAX(h, n)
    ll = talib.MIN(l, n)
    ema = talib.EMA(c, 10)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        if not finite(er[t], hh[t - 1], ema[t - 1]):
            continue
        hour = times[t].hour
        if log.dir != 0 and (t - log.entry_bar >= 10 or hour == 20
                             or (log.dir > 0 and up(ema, c, t))
                             or (log.dir < 0 and up(c, ema, t))):
            log.close(times[t], c[t])
        elif log.dir == 0 and 8 <= hour <= 16 and er[t] > 0.5:
            if c[t] > hh[t - 1]:
                log.open(t, times[t], 1, c[t])
            elif c[t] < ll[t - 1]:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout20_er_breakout_eurusd_trades_raw.csv")


if __name__ == "__main__":
    rwi_trend_googl()
    gann_hilo_flip_eurusd()
    median_two_symbols()
    wad_ema_aapl()
    dual_thrust_sltp_sp500()
    holy_grail_eurusd()
    cog_signal_eurusd()
    er_breakout_eurusd()
