#!/usr/bin/env python3
"""Twenty-sixth held-out set of rule bots for clone fidelity (issue 8), written on
2026-12-07 by a helper at the end of the twenty-fifth session, after that
session's last change to the clone pipeline (main 2dadf11), to be scored once by
the next session after its pre-scoring work, with default options. Each bot is a
deterministic rule over TA-Lib indicators (PyPI ta-lib) or plain bar arithmetic,
on real data in the repo, decided at a bar's close and logged inside that bar
(daily: 20:00 of the date; hourly: minute 59), in BotCopier's observer schema.
Bar reading and the log writer are the first set's (../heldout/make_heldout_bots.py),
the finiteness check the seventh's, the volume reader the tenth's, the data paths
the seventeenth's.

Run: python3 make_heldout27_bots.py   (writes heldout27_*_trades_raw.csv)
"""
import os
import sys

import numpy as np
import talib

HERE = os.path.dirname(os.path.abspath(__file__))
for prior in ("heldout", "heldout7", "heldout10", "heldout17"):
    sys.path.insert(0, os.path.join(HERE, "..", prior))
from make_heldout_bots import DAILY, HOURLY, Log, read_bars, up, write  # noqa: E402
from make_heldout7_bots import finite  # noqa: E402
from make_heldout10_bots import read_volume  # noqa: E402
from make_heldout17_bots import AAPL, EURUSD, EURUSD_2017, GOOGL, SP500  # noqa: E402


def write_here(rows, name):
    """The first set's writer, aimed at this folder."""
    write(rows, name, HERE)


def level(c, v):
    return np.full_like(c, float(v))


def from_first(fn, x, *args):
    """fn (a TA-Lib function of one series) applied from x's first finite value on,
    NaN before it (TA-Lib does not skip a series' leading NaNs)."""
    out = np.full_like(x, np.nan)
    first = int(np.argmax(np.isfinite(x)))
    out[first:] = fn(x[first:], *args)
    return out


def triple_screen_sp500():
    """Elder's Triple Screen (Trading for a Living, 1993), compound with three
    conditions. First screen (the tide): the weekly MACD(12, 26, 9) histogram of
    weekly closes (the last close of each ISO week), of the last two completed
    weeks: rising -> only longs, falling -> only shorts. Second screen (the wave):
    the 2-day EMA of the force index ((close - previous close) x volume) below 0 on
    the previous day (long) / above 0 (short). Third screen (the entry): the close
    above the previous day's high (long) / below its low (short). A long exits when
    the close is below the previous day's low, a short when it is above the
    previous day's high."""
    times, b = read_bars(SP500)
    h, l, c = b["high"], b["low"], b["close"]
    vol = read_volume(SP500)
    force = np.full_like(c, np.nan)
    force[1:] = talib.EMA(np.diff(c) * vol[1:], 2)
    week = [tuple(t.isocalendar()[:2]) for t in times]
    keys = sorted(set(week))
    index = {k: i for i, k in enumerate(keys)}
    wclose = np.zeros(len(keys))
    for t, k in enumerate(week):
        wclose[index[k]] = c[t]          # the week's last close
    _, _, whist = talib.MACD(wclose, 12, 26, 9)
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        w = index[week[t]]               # the current (incomplete) week
        if w < 2 or not finite(whist[w - 2], whist[w - 1], force[t - 1]):
            continue
        tide = np.sign(whist[w - 1] - whist[w - 2])
        if log.dir != 0 and ((log.dir > 0 and c[t] < l[t - 1]) or (log.dir < 0 and c[t] > h[t - 1])):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if tide > 0 and force[t - 1] < 0 and c[t] > h[t - 1]:
                log.open(t, times[t], 1, c[t])
            elif tide < 0 and force[t - 1] > 0 and c[t] < l[t - 1]:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout27_triple_screen_sp500_trades_raw.csv")


def projection_bands_googl():
    """Widner's projection bands (TASC, July 1995; customary 14 bars) as band
    levels: the highs of the last 14 bars each projected to today along the 14-bar
    linear-regression slope of the highs (TA-Lib LINEARREG_SLOPE), the upper band
    their maximum; the lows likewise, the lower band their minimum. The close's
    place in the band, PO = 100 (close - lower) / (upper - lower) (Widner's
    projection oscillator, unsmoothed): flat, PO < 20 -> long, PO > 80 -> short; a
    long exits when PO closes above 50, a short below 50."""
    n = 14
    times, b = read_bars(GOOGL)
    h, l, c = b["high"], b["low"], b["close"]
    sh, sl = talib.LINEARREG_SLOPE(h, n), talib.LINEARREG_SLOPE(l, n)
    log = Log("GOOGL", DAILY)
    for t in range(n - 1, len(c)):
        if not finite(sh[t], sl[t]):
            continue
        i = np.arange(n)
        upper = np.max(h[t - i] + i * sh[t])
        lower = np.min(l[t - i] + i * sl[t])
        if upper <= lower:
            continue
        po = 100.0 * (c[t] - lower) / (upper - lower)
        if log.dir != 0 and ((log.dir > 0 and po > 50) or (log.dir < 0 and po < 50)):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if po < 20:
                log.open(t, times[t], 1, c[t])
            elif po > 80:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout27_projection_bands_googl_trades_raw.csv")


def chop_slope_eurusd():
    """Dreiss' choppiness index as a trend filter at a threshold (customary: 14
    bars, 38.2 / 61.8): CHOP = 100 log10(sum of 14 true ranges / (14-bar highest
    high - lowest low)) / log10(14) (TA-Lib TRANGE, MAX, MIN). Flat, CHOP crossing
    below 38.2 (trending): the 14-bar linear-regression slope of the close (TA-Lib
    LINEARREG_SLOPE) > 0 -> long, < 0 -> short. Exit when CHOP closes above 61.8
    (choppy) or the slope's sign turns against the trade."""
    n = 14
    times, b = read_bars(EURUSD)
    h, l, c = b["high"], b["low"], b["close"]
    tr = talib.TRANGE(h, l, c)
    rng = talib.MAX(h, n) - talib.MIN(l, n)
    chop = np.full_like(c, np.nan)
    ok = np.isfinite(rng) & (rng > 0)
    chop[ok] = 100.0 * np.log10(talib.SUM(tr, n)[ok] / rng[ok]) / np.log10(n)
    slope = talib.LINEARREG_SLOPE(c, n)
    thr = level(c, 38.2)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        if not finite(chop[t - 1], chop[t], slope[t]):
            continue
        if log.dir != 0 and (chop[t] > 61.8 or log.dir * slope[t] < 0):
            log.close(times[t], c[t])
        elif log.dir == 0 and up(thr, chop, t):
            if slope[t] > 0:
                log.open(t, times[t], 1, c[t])
            elif slope[t] < 0:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout27_chop_slope_eurusd_trades_raw.csv")


def wavetrend_session_eurusd():
    """LazyBear's WaveTrend oscillator (TradingView, 2014; customary: channel 10,
    average 21, signal sma 4, levels +-60 and +-53): ap = (high + low + close) / 3,
    esa = ema(ap, 10), d = ema(|ap - esa|, 10), wt1 = ema((ap - esa) / (0.015 d), 21),
    wt2 = sma(wt1, 4) (TA-Lib EMA, SMA). Mean reversion inside a session: flat, from
    06:00 to 17:59, wt1 crossing above wt2 while wt1 < -53 -> long, crossing below
    while wt1 > 53 -> short (LazyBear's second levels); exit on the opposite cross
    of wt1 and wt2 or on the 20:00 bar (the session close). (First drafted with
    his first levels, +-60, 07:00-14:59 and an 18:00 close: 21 entries; changed to
    the second levels, 06:00-17:59 and a 20:00 close for the entry count.)"""
    times, b = read_bars(EURUSD_2017)
    h, l, c = b["high"], b["low"], b["close"]
    ap = (h + l + c) / 3.0
    esa = talib.EMA(ap, 10)
    d = from_first(talib.EMA, np.abs(ap - esa), 10)
    ci = np.where(d > 0, (ap - esa) / (0.015 * np.where(d > 0, d, 1.0)), 0.0)
    ci[~np.isfinite(d)] = np.nan
    wt1 = from_first(talib.EMA, ci, 21)
    wt2 = from_first(talib.SMA, wt1, 4)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        hour = times[t].hour
        if log.dir != 0 and (hour == 20 or (log.dir > 0 and up(wt2, wt1, t))
                             or (log.dir < 0 and up(wt1, wt2, t))):
            log.close(times[t], c[t])
        elif log.dir == 0 and 6 <= hour <= 17:
            if wt1[t] < -53 and up(wt1, wt2, t):
                log.open(t, times[t], 1, c[t])
            elif wt1[t] > 53 and up(wt2, wt1, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout27_wavetrend_session_eurusd_trades_raw.csv")


def crabel_stretch_sltp_aapl():
    """Crabel's stretch breakout (Day Trading with Short Term Price Patterns and
    Opening Range Breakout, 1990; customary: the stretch is the 10-day average of
    min(high - open, low's distance below the open)): with the stretch of the 10
    previous days, flat, the close above the day's open + stretch -> long, below the
    open - stretch -> short; sl 1.25, tp 2.5 x atr(10) (TA-Lib ATR) at the broker
    (the stop first when a bar touches both); no other exit."""
    times, b = read_bars(AAPL)
    o, h, l, c = b["open"], b["high"], b["low"], b["close"]
    near = np.minimum(h - o, o - l)
    stretch = np.full_like(c, np.nan)
    stretch[1:] = talib.SMA(near, 10)[:-1]      # the 10 days before today
    atr = talib.ATR(h, l, c, 10)
    log = Log("AAPL", DAILY)
    for t in range(len(c)):
        if log.broker_exit(t, times[t], h[t], l[t]):
            continue
        if log.dir == 0 and finite(stretch[t], atr[t]):
            if c[t] > o[t] + stretch[t]:
                log.open(t, times[t], 1, c[t], c[t] - 1.25 * atr[t], c[t] + 2.5 * atr[t])
            elif c[t] < o[t] - stretch[t]:
                log.open(t, times[t], -1, c[t], c[t] + 1.25 * atr[t], c[t] - 2.5 * atr[t])
    write_here(log.rows, "heldout27_crabel_stretch_sltp_aapl_trades_raw.csv")


def cyber_cycle_sp500():
    """Ehlers' cyber cycle (Cybernetic Analysis for Stocks and Futures, 2004;
    customary alpha 0.07, on the bar's midpoint (high + low) / 2, trigger = the
    cycle one bar earlier): smooth = (p + 2 p[1] + 2 p[2] + p[3]) / 6, cycle =
    (1 - alpha / 2)^2 (smooth - 2 smooth[1] + smooth[2]) + 2 (1 - alpha) cycle[1]
    - (1 - alpha)^2 cycle[2] (the first 7 bars (p - 2 p[1] + p[2]) / 4). Flat, the
    cycle crossing above its trigger while below 0 -> long, crossing below it while
    above 0 -> short; exit after 5 bars (a time stop)."""
    times, b = read_bars(SP500)
    h, l, c = b["high"], b["low"], b["close"]
    p = (h + l) / 2.0
    a = 0.07
    n = len(p)
    smooth = np.zeros(n)
    cyc = np.zeros(n)
    for t in range(3, n):
        smooth[t] = (p[t] + 2 * p[t - 1] + 2 * p[t - 2] + p[t - 3]) / 6.0
    for t in range(2, n):
        if t < 7:
            cyc[t] = (p[t] - 2 * p[t - 1] + p[t - 2]) / 4.0
        else:
            cyc[t] = ((1 - a / 2) ** 2 * (smooth[t] - 2 * smooth[t - 1] + smooth[t - 2])
                      + 2 * (1 - a) * cyc[t - 1] - (1 - a) ** 2 * cyc[t - 2])
    trig = np.full(n, np.nan)
    trig[1:] = cyc[:-1]
    log = Log("SPX500", DAILY)
    for t in range(50, n):               # past the recursion's start-up
        if log.dir != 0 and t - log.entry_bar >= 5:
            log.close(times[t], c[t])
        elif log.dir == 0:
            if cyc[t] < 0 and up(cyc, trig, t):
                log.open(t, times[t], 1, c[t])
            elif cyc[t] > 0 and up(trig, cyc, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout27_cyber_cycle_sp500_trades_raw.csv")


def stochastic_pop_googl():
    """Bernstein's stochastic pop with the ADX filter Raschke and Connors give it
    (Street Smarts, 1995; as the helper recalls them: ADX(14) below 20, slow %K of
    8 bars smoothed 3, levels 80 / 20), compound with two conditions: flat, ADX(14)
    < 20 (no trend yet) and %K (TA-Lib STOCH(8, 3, 3)) crossing above 80 -> long,
    crossing below 20 -> short (a momentum breakout, not a fade); a long exits when
    %K crosses back below 80, a short when it crosses back above 20."""
    times, b = read_bars(GOOGL)
    h, l, c = b["high"], b["low"], b["close"]
    k, _ = talib.STOCH(h, l, c, 8, 3, 0, 3, 0)
    adx = talib.ADX(h, l, c, 14)
    hi, lo = level(c, 80), level(c, 20)
    log = Log("GOOGL", DAILY)
    for t in range(1, len(c)):
        if not finite(adx[t], k[t - 1]):
            continue
        if log.dir != 0 and ((log.dir > 0 and up(hi, k, t)) or (log.dir < 0 and up(k, lo, t))):
            log.close(times[t], c[t])
        elif log.dir == 0 and adx[t] < 20:
            if up(k, hi, t):
                log.open(t, times[t], 1, c[t])
            elif up(lo, k, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout27_stochastic_pop_googl_trades_raw.csv")


def dv2_three_symbols():
    """Multi-symbol log (S&P 500, AAPL and GOOGL daily): Varadi's DV2 (CSS
    Analytics, 2009; customary: the 2-day sma of close / ((high + low) / 2) - 1,
    ranked against its previous 252 values, threshold 50): DV2 = 100 x the share of
    the previous 252 values below today's. Compound with a trend filter: flat, the
    close above sma(200) and DV2 < 10 -> long; below sma(200) and DV2 > 90 ->
    short; a long exits when DV2 closes above 50, a short below 50. Each symbol
    independently."""
    rows = []
    for sym, path, ticket in (("SPX500", SP500, 7000), ("AAPL", AAPL, 8000),
                              ("GOOGL", GOOGL, 9000)):
        times, b = read_bars(path)
        h, l, c = b["high"], b["low"], b["close"]
        raw = talib.SMA(c / ((h + l) / 2.0) - 1.0, 2)
        dv2 = np.full_like(c, np.nan)
        for t in range(253, len(c)):
            past = raw[t - 252:t]
            if finite(raw[t], past[0]):
                dv2[t] = 100.0 * np.count_nonzero(past < raw[t]) / 252.0
        sma200 = talib.SMA(c, 200)
        log = Log(sym, DAILY, rows, ticket=ticket)
        for t in range(len(c)):
            if not finite(dv2[t], sma200[t]):
                continue
            if log.dir != 0 and ((log.dir > 0 and dv2[t] > 50) or (log.dir < 0 and dv2[t] < 50)):
                log.close(times[t], c[t])
            elif log.dir == 0:
                if c[t] > sma200[t] and dv2[t] < 10:
                    log.open(t, times[t], 1, c[t])
                elif c[t] < sma200[t] and dv2[t] > 90:
                    log.open(t, times[t], -1, c[t])
    write_here(rows, "heldout27_dv2_three_symbols_trades_raw.csv")


if __name__ == "__main__":
    triple_screen_sp500()
    projection_bands_googl()
    chop_slope_eurusd()
    wavetrend_session_eurusd()
    crabel_stretch_sltp_aapl()
    cyber_cycle_sp500()
    stochastic_pop_googl()
    dv2_three_symbols()
