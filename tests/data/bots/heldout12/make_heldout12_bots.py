#!/usr/bin/env python3
"""Eleventh held-out set of rule bots for clone fidelity (issue 8), written on
2026-12-05 (eleventh session) at its start, before that session's tuning on the
other bots, and scored once at its end with default options. Each bot is a
deterministic rule over TA-Lib indicators (PyPI ta-lib) or plain bar arithmetic,
on real data in the repo, decided at a bar's close and logged inside that bar
(daily: 20:00 of the date; hourly: minute 59), in BotCopier's observer schema. Bar
reading and the log writer are the first set's (../heldout/make_heldout_bots.py),
the finiteness check the sixth's, the volume reader the ninth's.

Run: python3 make_heldout12_bots.py   (writes heldout12_*_trades_raw.csv)
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


def flip(log, t, when, side, price):
    """Always in: a signal against the position closes it and opens the other way."""
    if side and side != log.dir:
        if log.dir != 0:
            log.close(when, price)
        log.open(t, when, side, price)


def ma_ribbon_eurusd():
    """An EMA ribbon: flat, ema(8) > ema(13) > ema(21) > ema(34) on this bar and not
    on the previous one (the ribbon has just lined up) -> long; the mirror order ->
    short. A long closes when ema(8) falls below ema(13), a short when it rises above."""
    times, b = read_bars(os.path.join(DATA, "bots", "eurusd_1h.csv"))
    c = b["close"]
    e8, e13, e21, e34 = (talib.EMA(c, n) for n in (8, 13, 21, 34))
    bull = (e8 > e13) & (e13 > e21) & (e21 > e34)
    bear = (e8 < e13) & (e13 < e21) & (e21 < e34)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        if not finite(e34[t - 1]):
            continue
        if (log.dir > 0 and e8[t] < e13[t]) or (log.dir < 0 and e8[t] > e13[t]):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if bull[t] and not bull[t - 1]:
                log.open(t, times[t], 1, c[t])
            elif bear[t] and not bear[t - 1]:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout12_ma_ribbon_eurusd_trades_raw.csv")


def vortex_cross_sp500():
    """Always in on the vortex indicator's side: VI+(14) = sum |high - previous low| /
    sum true range, VI-(14) = sum |low - previous high| / sum true range over 14 bars;
    VI+ crossing above VI- -> long (closing a short), below -> short."""
    times, b = read_bars(os.path.join(DATA, "sp500_daily.csv"))
    h, l, c = b["high"], b["low"], b["close"]
    vmp = np.full_like(c, np.nan)
    vmm = np.full_like(c, np.nan)
    vmp[1:] = np.abs(h[1:] - l[:-1])
    vmm[1:] = np.abs(l[1:] - h[:-1])
    tr = talib.TRANGE(h, l, c)
    n = 14
    vip, vim = talib.SUM(vmp, n) / talib.SUM(tr, n), talib.SUM(vmm, n) / talib.SUM(tr, n)
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        side = 1 if up(vip, vim, t) else -1 if up(vim, vip, t) else 0
        flip(log, t, times[t], side, c[t])
    write_here(log.rows, "heldout12_vortex_cross_sp500_trades_raw.csv")


def chaikin_osc_googl():
    """Volume flow in the trend: the Chaikin oscillator (TA-Lib ADOSC(3, 10)) crossing
    above 0 with the close above sma(50) -> long; crossing below 0 under sma(50) ->
    short; a position closes when the oscillator crosses 0 the other way."""
    path = os.path.join(DATA, "bots", "googl_daily.csv")
    times, b = read_bars(path)
    h, l, c = b["high"], b["low"], b["close"]
    osc = talib.ADOSC(h, l, c, read_volume(path), 3, 10)
    trend = talib.SMA(c, 50)
    zero = np.zeros_like(c)
    log = Log("GOOGL", DAILY)
    for t in range(1, len(c)):
        if not finite(osc[t - 1], trend[t]):
            continue
        cross_up, cross_dn = up(osc, zero, t), up(zero, osc, t)
        if (log.dir > 0 and cross_dn) or (log.dir < 0 and cross_up):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if cross_up and c[t] > trend[t]:
                log.open(t, times[t], 1, c[t])
            elif cross_dn and c[t] < trend[t]:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout12_chaikin_osc_googl_trades_raw.csv")


def tsi_signal_sp500():
    """The true strength index: TSI = 100 x ema(13) of ema(25) of the close change over
    ema(13) of ema(25) of its absolute value; signal = ema(7) of TSI. Flat, TSI
    crossing above its signal below 0 -> long, crossing below it above 0 -> short; exit
    on the opposite cross."""
    times, b = read_bars(os.path.join(DATA, "sp500_daily.csv"))
    c = b["close"]
    d = np.full_like(c, np.nan)
    d[1:] = c[1:] - c[:-1]

    def ema_from(x, n):
        out = np.full_like(x, np.nan)
        ok = np.flatnonzero(np.isfinite(x))
        out[ok[0]:] = talib.EMA(x[ok[0]:], n)
        return out

    tsi = 100.0 * ema_from(ema_from(d, 25), 13) / ema_from(ema_from(np.abs(d), 25), 13)
    sig = ema_from(tsi, 7)
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        if not finite(sig[t - 1]):
            continue
        cross_up, cross_dn = up(tsi, sig, t), up(sig, tsi, t)
        if (log.dir > 0 and cross_dn) or (log.dir < 0 and cross_up):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if cross_up and tsi[t] < 0:
                log.open(t, times[t], 1, c[t])
            elif cross_dn and tsi[t] > 0:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout12_tsi_signal_sp500_trades_raw.csv")


def vol_expansion_eurusd():
    """Volatility expansion: the standard deviation of the last 10 close changes above
    1.3 x that of the last 50 on this bar and not on the previous one; the close above
    sma(20) -> long, below -> short; exit after 6 bars."""
    times, b = read_bars(EURUSD_2017)
    c = b["close"]
    d = np.full_like(c, np.nan)
    d[1:] = c[1:] - c[:-1]
    s10, s50 = talib.STDDEV(d, 10), talib.STDDEV(d, 50)
    hot = s10 > 1.3 * s50
    mid = talib.SMA(c, 20)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        if not finite(s50[t - 1], mid[t]):
            continue
        if log.dir != 0 and t - log.entry_bar >= 6:
            log.close(times[t], c[t])
        elif log.dir == 0 and hot[t] and not hot[t - 1]:
            if c[t] > mid[t]:
                log.open(t, times[t], 1, c[t])
            elif c[t] < mid[t]:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout12_vol_expansion_eurusd_trades_raw.csv")


def bop_smooth_sp500():
    """Balance of power: sma(14) of TA-Lib BOP ((close - open) / (high - low)) crossing
    above 0.1 -> long, below -0.1 -> short; a long closes when it falls below 0, a
    short when it rises above 0."""
    path = os.path.join(DATA, "sp500_daily.csv")
    times, b = read_bars(path)
    o, h, l, c = b["open"], b["high"], b["low"], b["close"]
    bop = talib.SMA(talib.BOP(o, h, l, c), 14)
    hi, lo = np.full_like(c, 0.1), np.full_like(c, -0.1)
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        if not finite(bop[t - 1]):
            continue
        if (log.dir > 0 and bop[t] < 0) or (log.dir < 0 and bop[t] > 0):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if up(bop, hi, t):
                log.open(t, times[t], 1, c[t])
            elif up(lo, bop, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout12_bop_smooth_sp500_trades_raw.csv")


def prevbar_stop_eurusd():
    """A stop under the previous bar: flat, the close crossing above sma(100) -> long
    with sl at the previous bar's low - 0.5 x ATR(14) and tp at entry + 2.5 x ATR(14);
    mirrored short (previous high + 0.5 ATR). The broker closes at the levels; the bot
    closes itself on the opposite cross."""
    times, b = read_bars(EURUSD_2017)
    h, l, c = b["high"], b["low"], b["close"]
    mid, atr = talib.SMA(c, 100), talib.ATR(h, l, c, 14)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        if log.broker_exit(t, times[t], h[t], l[t]):
            continue
        if not finite(mid[t - 1], atr[t]):
            continue
        cross_up, cross_dn = up(c, mid, t), up(mid, c, t)
        if (log.dir > 0 and cross_dn) or (log.dir < 0 and cross_up):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if cross_up:
                log.open(t, times[t], 1, c[t], l[t - 1] - 0.5 * atr[t], c[t] + 2.5 * atr[t])
            elif cross_dn:
                log.open(t, times[t], -1, c[t], h[t - 1] + 0.5 * atr[t], c[t] - 2.5 * atr[t])
    write_here(log.rows, "heldout12_prevbar_stop_eurusd_trades_raw.csv")


def hull_turn_googl():
    """Always in on the Hull moving average's slope: HMA(16) = wma(4) of (2 x wma(8) -
    wma(16)); HMA turning up (rising after falling) -> long, turning down -> short."""
    times, b = read_bars(os.path.join(DATA, "bots", "googl_daily.csv"))
    c = b["close"]
    raw = 2.0 * talib.WMA(c, 8) - talib.WMA(c, 16)
    ok = np.flatnonzero(np.isfinite(raw))[0]
    hma = np.full_like(c, np.nan)
    hma[ok:] = talib.WMA(raw[ok:], 4)
    log = Log("GOOGL", DAILY)
    for t in range(2, len(c)):
        if not finite(hma[t - 2]):
            continue
        rising, was_rising = hma[t] > hma[t - 1], hma[t - 1] > hma[t - 2]
        side = 1 if rising and not was_rising else -1 if was_rising and not rising else 0
        flip(log, t, times[t], side, c[t])
    write_here(log.rows, "heldout12_hull_turn_googl_trades_raw.csv")


if __name__ == "__main__":
    ma_ribbon_eurusd()
    vortex_cross_sp500()
    chaikin_osc_googl()
    tsi_signal_sp500()
    vol_expansion_eurusd()
    bop_smooth_sp500()
    prevbar_stop_eurusd()
    hull_turn_googl()
