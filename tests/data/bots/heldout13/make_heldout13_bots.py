#!/usr/bin/env python3
"""Twelfth held-out set of rule bots for clone fidelity (issue 8), written on
2026-12-05 (twelfth session) at its start, before that session's tuning on the
other bots, and scored once at its end with default options. Each bot is a
deterministic rule over TA-Lib indicators (PyPI ta-lib) or plain bar arithmetic,
on real data in the repo, decided at a bar's close and logged inside that bar
(daily: 20:00 of the date; hourly: minute 59), in BotCopier's observer schema. Bar
reading and the log writer are the first set's (../heldout/make_heldout_bots.py),
the finiteness check the sixth's, the volume reader the ninth's.

Run: python3 make_heldout13_bots.py   (writes heldout13_*_trades_raw.csv)
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


def from_first(f, x, *args):
    """f over x from x's first finite value on (TA-Lib functions stop at a NaN)."""
    out = np.full_like(x, np.nan)
    ok = np.flatnonzero(np.isfinite(x))
    out[ok[0]:] = f(x[ok[0]:], *args)
    return out


def dpo_zero_sp500():
    """Always in on the detrended price oscillator's sign: DPO(20) = close - sma(20)
    of 11 bars earlier (n / 2 + 1); DPO crossing above 0 -> long, below -> short."""
    times, b = read_bars(os.path.join(DATA, "sp500_daily.csv"))
    c = b["close"]
    sma = talib.SMA(c, 20)
    dpo = np.full_like(c, np.nan)
    dpo[11:] = c[11:] - sma[:-11]
    zero = np.zeros_like(c)
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        side = 1 if up(dpo, zero, t) else -1 if up(zero, dpo, t) else 0
        flip(log, t, times[t], side, c[t])
    write_here(log.rows, "heldout13_dpo_zero_sp500_trades_raw.csv")


def cmf_level_googl():
    """Chaikin money flow: CMF(20) = sum over 20 bars of ((close - low) - (high -
    close)) / (high - low) x volume, over the sum of volume. Flat, CMF crossing above
    0.05 -> long, below -0.05 -> short; a long closes when CMF falls below 0, a short
    when it rises above 0."""
    path = os.path.join(DATA, "bots", "googl_daily.csv")
    times, b = read_bars(path)
    h, l, c = b["high"], b["low"], b["close"]
    v = read_volume(path)
    rng = h - l
    mfm = np.where(rng > 0, ((c - l) - (h - c)) / np.where(rng > 0, rng, 1.0), 0.0)
    cmf = talib.SUM(mfm * v, 20) / talib.SUM(v, 20)
    hi, lo = np.full_like(c, 0.05), np.full_like(c, -0.05)
    log = Log("GOOGL", DAILY)
    for t in range(1, len(c)):
        if not finite(cmf[t - 1]):
            continue
        if (log.dir > 0 and cmf[t] < 0) or (log.dir < 0 and cmf[t] > 0):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if up(cmf, hi, t):
                log.open(t, times[t], 1, c[t])
            elif up(lo, cmf, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout13_cmf_level_googl_trades_raw.csv")


def fractal_breakout_eurusd():
    """Bill Williams fractals: bar k is an up fractal when its high is above the two
    highs before and the two after it (a down fractal: its low below the lows around
    it); known two bars later. Always in: the close crossing above the latest known up
    fractal's high -> long, below the latest down fractal's low -> short."""
    times, b = read_bars(os.path.join(DATA, "bots", "eurusd_1h.csv"))
    h, l, c = b["high"], b["low"], b["close"]
    up_level = np.full_like(c, np.nan)
    dn_level = np.full_like(c, np.nan)
    last_up = last_dn = np.nan
    for t in range(4, len(c)):
        k = t - 2
        if h[k] > max(h[k - 2], h[k - 1], h[k + 1], h[k + 2]):
            last_up = h[k]
        if l[k] < min(l[k - 2], l[k - 1], l[k + 1], l[k + 2]):
            last_dn = l[k]
        up_level[t], dn_level[t] = last_up, last_dn
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        side = 1 if up(c, up_level, t) else -1 if up(dn_level, c, t) else 0
        flip(log, t, times[t], side, c[t])
    write_here(log.rows, "heldout13_fractal_breakout_eurusd_trades_raw.csv")


def coppock_turn_sp500():
    """Long only, the Coppock curve: wma(10) of roc(14) + roc(11). Below 0 and turning
    up (rising after falling) -> buy; sell when it turns down."""
    times, b = read_bars(os.path.join(DATA, "sp500_daily.csv"))
    c = b["close"]
    cop = from_first(talib.WMA, talib.ROC(c, 14) + talib.ROC(c, 11), 10)
    log = Log("SPX500", DAILY)
    for t in range(2, len(c)):
        if not finite(cop[t - 2]):
            continue
        rising, was_rising = cop[t] > cop[t - 1], cop[t - 1] > cop[t - 2]
        if log.dir > 0 and was_rising and not rising:
            log.close(times[t], c[t])
        elif log.dir == 0 and rising and not was_rising and cop[t] < 0:
            log.open(t, times[t], 1, c[t])
    write_here(log.rows, "heldout13_coppock_turn_sp500_trades_raw.csv")


def chop_trend_eurusd():
    """The choppiness index: CHOP(14) = 100 x log10(sum of 14 true ranges / (14-bar
    highest high - lowest low)) / log10(14). From 08:00 to 17:59 UTC, flat, CHOP
    crossing below 45 (a trend starting) with the close above ema(20) -> long, below
    -> short; exit after 10 bars, when CHOP rises above 60, or on the 21:00 bar."""
    times, b = read_bars(EURUSD_2017)
    h, l, c = b["high"], b["low"], b["close"]
    n = 14
    chop = 100.0 * np.log10(talib.SUM(talib.TRANGE(h, l, c), n)
                            / (talib.MAX(h, n) - talib.MIN(l, n))) / np.log10(n)
    ema = talib.EMA(c, 20)
    level = np.full_like(c, 45.0)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        if not finite(chop[t - 1], ema[t]):
            continue
        hour = times[t].hour
        if log.dir != 0 and (t - log.entry_bar >= 10 or chop[t] > 60 or hour == 21):
            log.close(times[t], c[t])
        elif log.dir == 0 and 8 <= hour <= 17 and up(level, chop, t):
            if c[t] > ema[t]:
                log.open(t, times[t], 1, c[t])
            elif c[t] < ema[t]:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout13_chop_trend_eurusd_trades_raw.csv")


def fisher_turn_aapl():
    """Ehlers' Fisher transform of the bar midpoint over 10 bars: v = 0.66 x ((mid -
    lowest mid) / (highest mid - lowest mid) - 0.5) + 0.67 x previous v, clipped to
    +-0.999; fisher = 0.5 x ln((1 + v) / (1 - v)) + 0.5 x previous fisher. Flat, fisher
    rising above its previous value while below -1 -> long; falling below it while above
    +1 -> short; a position closes when fisher crosses 0."""
    times, b = read_bars(os.path.join(DATA, "aapl_daily.csv"))
    c = b["close"]
    mid = (b["high"] + b["low"]) / 2.0
    hi, lo = talib.MAX(mid, 10), talib.MIN(mid, 10)
    fish = np.full_like(c, np.nan)
    v = f = 0.0
    for t in range(len(c)):
        if not finite(hi[t]):
            continue
        span = hi[t] - lo[t]
        x = (mid[t] - lo[t]) / span - 0.5 if span > 0 else 0.0
        v = min(max(0.66 * x + 0.67 * v, -0.999), 0.999)
        f = 0.5 * np.log((1 + v) / (1 - v)) + 0.5 * f
        fish[t] = f
    log = Log("AAPL", DAILY)
    for t in range(2, len(c)):
        if not finite(fish[t - 2]):
            continue
        if (log.dir > 0 and fish[t] > 0) or (log.dir < 0 and fish[t] < 0):
            log.close(times[t], c[t])
        elif log.dir == 0:
            turn_up = fish[t] > fish[t - 1] and fish[t - 1] <= fish[t - 2]
            turn_dn = fish[t] < fish[t - 1] and fish[t - 1] >= fish[t - 2]
            if turn_up and fish[t] < -1:
                log.open(t, times[t], 1, c[t])
            elif turn_dn and fish[t] > 1:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout13_fisher_turn_aapl_trades_raw.csv")


def range_sltp_eurusd():
    """Stops sized by the average bar range: ema(20) crossing ema(50) opens that way
    with sl 2 x sma(high - low, 20) and tp 3 x that from the entry, at the broker; the
    bot closes itself on the opposite cross."""
    times, b = read_bars(os.path.join(DATA, "bots", "eurusd_1h.csv"))
    h, l, c = b["high"], b["low"], b["close"]
    fast, slow, rng = talib.EMA(c, 20), talib.EMA(c, 50), talib.SMA(h - l, 20)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        if log.broker_exit(t, times[t], h[t], l[t]):
            continue
        if not finite(slow[t - 1], rng[t]):
            continue
        cross_up, cross_dn = up(fast, slow, t), up(slow, fast, t)
        if (log.dir > 0 and cross_dn) or (log.dir < 0 and cross_up):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if cross_up:
                log.open(t, times[t], 1, c[t], c[t] - 2 * rng[t], c[t] + 3 * rng[t])
            elif cross_dn:
                log.open(t, times[t], -1, c[t], c[t] + 2 * rng[t], c[t] - 3 * rng[t])
    write_here(log.rows, "heldout13_range_sltp_eurusd_trades_raw.csv")


def ppo_two_symbols():
    """Multi-symbol log (AAPL and GOOGL daily in one file): TA-Lib PPO(12, 26, EMA) =
    100 x (ema(12) - ema(26)) / ema(26). Flat, PPO crossing above +1 -> long, below -1
    -> short; a long closes when PPO falls below 0, a short when it rises above 0.
    Each symbol trades independently."""
    rows = []
    for sym, path, ticket in (("AAPL", os.path.join(DATA, "aapl_daily.csv"), 7000),
                              ("GOOGL", os.path.join(DATA, "bots", "googl_daily.csv"), 9000)):
        times, b = read_bars(path)
        c = b["close"]
        ppo = talib.PPO(c, 12, 26, 1)
        hi, lo = np.full_like(c, 1.0), np.full_like(c, -1.0)
        log = Log(sym, DAILY, rows, ticket=ticket)
        for t in range(1, len(c)):
            if not finite(ppo[t - 1]):
                continue
            if (log.dir > 0 and ppo[t] < 0) or (log.dir < 0 and ppo[t] > 0):
                log.close(times[t], c[t])
            elif log.dir == 0:
                if up(ppo, hi, t):
                    log.open(t, times[t], 1, c[t])
                elif up(lo, ppo, t):
                    log.open(t, times[t], -1, c[t])
    write_here(rows, "heldout13_ppo_two_symbols_trades_raw.csv")


if __name__ == "__main__":
    dpo_zero_sp500()
    cmf_level_googl()
    fractal_breakout_eurusd()
    coppock_turn_sp500()
    chop_trend_eurusd()
    fisher_turn_aapl()
    range_sltp_eurusd()
    ppo_two_symbols()
