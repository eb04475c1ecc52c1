#!/usr/bin/env python3
"""Fifteenth held-out set of rule bots for clone fidelity (issue 8), written on
2026-12-06 (fifteenth session) at its start, before that session's tuning on the
other bots, and scored once at its end with default options. Each bot is a
deterministic rule over TA-Lib indicators (PyPI ta-lib) or plain bar arithmetic,
on real data in the repo, decided at a bar's close and logged inside that bar
(daily: 20:00 of the date; hourly: minute 59), in BotCopier's observer schema. Bar
reading and the log writer are the first set's (../heldout/make_heldout_bots.py),
the finiteness check the sixth's; volume is read here.

Run: python3 make_heldout16_bots.py   (writes heldout16_*_trades_raw.csv)
"""
import csv
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
GOOGL = os.path.join(DATA, "bots", "googl_daily.csv")
SP500 = os.path.join(DATA, "sp500_daily.csv")
AAPL = os.path.join(DATA, "aapl_daily.csv")


def write_here(rows, name):
    """The first set's writer, aimed at this folder."""
    write(rows, name, HERE)


def read_volume(path):
    with open(path) as f:
        rows = list(csv.DictReader(f))
    key = {k.lower(): k for k in rows[0]}
    return np.array([float(r[key["volume"]]) for r in rows])


def flip(log, t, when, side, price):
    """Always in: a signal against the position closes it and opens the other way."""
    if side and side != log.dir:
        if log.dir != 0:
            log.close(when, price)
        log.open(t, when, side, price)


def vix_fix_googl():
    """Williams' VIX Fix: wvf = (max(close, 22) - low) / max(close, 22) x 100, with
    a Bollinger band of its own (sma(wvf, 20) + 2 x stddev(wvf, 20)). Long only: flat,
    wvf crossing above its upper band -> long (buy the panic); close when wvf falls
    back below its sma(20) or after 8 bars."""
    times, b = read_bars(GOOGL)
    l, c = b["low"], b["close"]
    hc = talib.MAX(c, 22)
    wvf = (hc - l) / hc * 100
    mid = talib.SMA(wvf, 20)
    upper = mid + 2 * talib.STDDEV(wvf, 20, 1)
    log = Log("GOOGL", DAILY)
    for t in range(1, len(c)):
        if not finite(upper[t - 1], upper[t]):
            continue
        if log.dir > 0 and (t - log.entry_bar >= 8 or wvf[t] < mid[t]):
            log.close(times[t], c[t])
        elif log.dir == 0 and up(wvf, upper, t):
            log.open(t, times[t], 1, c[t])
    write_here(log.rows, "heldout16_vix_fix_googl_trades_raw.csv")


def smi_signal_sp500():
    """Blau's stochastic momentum index SMI(10, 3, 3): the close's distance from the
    middle of the 10-bar range, double-smoothed by ema(3), over half the range,
    double-smoothed alike, x 100; its signal ema(smi, 3). Flat, smi crossing above
    its signal while below -40 -> long, below it while above 40 -> short; exit on the
    opposite cross."""
    times, b = read_bars(SP500)
    h, l, c = b["high"], b["low"], b["close"]
    hh, ll = talib.MAX(h, 10), talib.MIN(l, 10)

    def ema2(x):
        ok = np.flatnonzero(np.isfinite(x))[0]
        out = np.full_like(x, np.nan)
        out[ok:] = talib.EMA(x[ok:], 3)
        ok2 = np.flatnonzero(np.isfinite(out))[0]
        out2 = np.full_like(x, np.nan)
        out2[ok2:] = talib.EMA(out[ok2:], 3)
        return out2

    smi = 100 * ema2(c - (hh + ll) / 2) / (0.5 * ema2(hh - ll))
    ok = np.flatnonzero(np.isfinite(smi))[0]
    sig = np.full_like(c, np.nan)
    sig[ok:] = talib.EMA(smi[ok:], 3)
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        if not finite(sig[t - 1], sig[t]):
            continue
        if (log.dir > 0 and up(sig, smi, t)) or (log.dir < 0 and up(smi, sig, t)):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if up(smi, sig, t) and smi[t] < -40:
                log.open(t, times[t], 1, c[t])
            elif up(sig, smi, t) and smi[t] > 40:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout16_smi_signal_sp500_trades_raw.csv")


def vidya_flip_eurusd():
    """Always in on Chande's VIDYA(14) with CMO(9) as its volatility index:
    a = 2 / 15 x |cmo(9)| / 100, vidya = a x close + (1 - a) x vidya'. The close
    crossing above vidya -> long, below -> short (reversal)."""
    times, b = read_bars(EURUSD_2017)
    c = b["close"]
    cmo = talib.CMO(c, 9)
    vidya = np.full_like(c, np.nan)
    start = int(np.flatnonzero(np.isfinite(cmo))[0])
    vidya[start] = c[start]
    for t in range(start + 1, len(c)):
        a = 2.0 / 15.0 * abs(cmo[t]) / 100.0
        vidya[t] = a * c[t] + (1 - a) * vidya[t - 1]
    log = Log("EURUSD", HOURLY)
    for t in range(start + 30, len(c)):
        side = 1 if up(c, vidya, t) else -1 if up(vidya, c, t) else 0
        flip(log, t, times[t], side, c[t])
    write_here(log.rows, "heldout16_vidya_flip_eurusd_trades_raw.csv")


def ht_sine_aapl():
    """Always in on Ehlers' Hilbert-transform sine wave: TA-Lib HT_SINE's sine
    crossing above its lead sine -> long, below -> short (reversal)."""
    times, b = read_bars(AAPL)
    c = b["close"]
    sine, lead = talib.HT_SINE(c)
    log = Log("AAPL", DAILY)
    for t in range(1, len(c)):
        if not finite(sine[t - 1], lead[t - 1]):
            continue
        side = 1 if up(sine, lead, t) else -1 if up(lead, sine, t) else 0
        flip(log, t, times[t], side, c[t])
    write_here(log.rows, "heldout16_ht_sine_aapl_trades_raw.csv")


def pvo_candle_googl():
    """The percentage volume oscillator PVO(12, 26, 9): (ema(volume, 12) -
    ema(volume, 26)) / ema(volume, 26) x 100 and its ema(9) signal. Flat, PVO crossing
    above its signal on an up candle (close > open) -> long, on a down candle -> short;
    close after 5 bars."""
    times, b = read_bars(GOOGL)
    o, c = b["open"], b["close"]
    v = read_volume(GOOGL)
    e26 = talib.EMA(v, 26)
    pvo = (talib.EMA(v, 12) - e26) / e26 * 100
    ok = np.flatnonzero(np.isfinite(pvo))[0]
    sig = np.full_like(c, np.nan)
    sig[ok:] = talib.EMA(pvo[ok:], 9)
    log = Log("GOOGL", DAILY)
    for t in range(1, len(c)):
        if not finite(sig[t - 1], sig[t]):
            continue
        if log.dir != 0 and t - log.entry_bar >= 5:
            log.close(times[t], c[t])
        elif log.dir == 0 and up(pvo, sig, t):
            if c[t] > o[t]:
                log.open(t, times[t], 1, c[t])
            elif c[t] < o[t]:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout16_pvo_candle_googl_trades_raw.csv")


def up_count_fade_eurusd():
    """Counting candles: of the last 10 hourly bars, flat and at least 8 closed above
    their open -> short (fade the run); at least 8 below -> long. A position closes
    once the count on its side falls to 5 or fewer, or after 6 bars."""
    times, b = read_bars(os.path.join(DATA, "bots", "eurusd_1h.csv"))
    o, c = b["open"], b["close"]
    ups = talib.SUM((c > o).astype(float), 10)
    downs = talib.SUM((c < o).astype(float), 10)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        if not finite(ups[t]):
            continue
        if log.dir != 0 and (t - log.entry_bar >= 6 or (log.dir < 0 and ups[t] <= 5)
                             or (log.dir > 0 and downs[t] <= 5)):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if ups[t] >= 8:
                log.open(t, times[t], -1, c[t])
            elif downs[t] >= 8:
                log.open(t, times[t], 1, c[t])
    write_here(log.rows, "heldout16_up_count_fade_eurusd_trades_raw.csv")


def linreg_channel_sltp_sp500():
    """A linear-regression channel with broker stops: the 50-bar least-squares line's
    end value (TA-Lib LINEARREG(50)) and the standard error of its residuals
    (sqrt(sum r^2 / 48)). Flat, the close below the line - 2 standard errors -> long,
    above the line + 2 -> short; tp at the line's value at entry, sl as far on the
    other side; held at the broker, no other exit."""
    times, b = read_bars(SP500)
    h, l, c = b["high"], b["low"], b["close"]
    n = 50
    line = talib.LINEARREG(c, n)
    slope = talib.LINEARREG_SLOPE(c, n)
    se = np.full_like(c, np.nan)
    x = np.arange(n, dtype=float)
    for t in range(n - 1, len(c)):
        fit = line[t] - slope[t] * (n - 1 - x)
        r = c[t - n + 1:t + 1] - fit
        se[t] = np.sqrt(np.sum(r * r) / (n - 2))
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        if log.broker_exit(t, times[t], h[t], l[t]):
            continue
        if log.dir != 0 or not finite(line[t], se[t]):
            continue
        d = line[t] - c[t]
        if c[t] < line[t] - 2 * se[t]:
            log.open(t, times[t], 1, c[t], c[t] - d, line[t])
        elif c[t] > line[t] + 2 * se[t]:
            log.open(t, times[t], -1, c[t], c[t] - d, line[t])
    write_here(log.rows, "heldout16_linreg_channel_sltp_sp500_trades_raw.csv")


def chaikin_volatility_two_symbols():
    """Multi-symbol log (GOOGL and the S&P 500 daily in one file): Chaikin's
    volatility cv = (ema(high - low, 10) / its value 10 bars ago - 1) x 100. Flat, cv
    crossing above 0 with the close above ema(20) -> long, below it -> short; a
    position closes after 6 bars or when the close crosses ema(20) against it. Each
    symbol trades independently."""
    rows = []
    for sym, path, ticket in (("GOOGL", GOOGL, 7000), ("SPX500", SP500, 9000)):
        times, b = read_bars(path)
        h, l, c = b["high"], b["low"], b["close"]
        er = talib.EMA(h - l, 10)
        cv = np.full_like(c, np.nan)
        cv[10:] = (er[10:] / er[:-10] - 1) * 100
        trend = talib.EMA(c, 20)
        zero = np.zeros_like(c)
        log = Log(sym, DAILY, rows, ticket=ticket)
        for t in range(1, len(c)):
            if not finite(cv[t - 1], trend[t - 1]):
                continue
            if log.dir != 0 and (t - log.entry_bar >= 6 or (log.dir > 0 and up(trend, c, t))
                                 or (log.dir < 0 and up(c, trend, t))):
                log.close(times[t], c[t])
            elif log.dir == 0 and up(cv, zero, t):
                if c[t] > trend[t]:
                    log.open(t, times[t], 1, c[t])
                elif c[t] < trend[t]:
                    log.open(t, times[t], -1, c[t])
    write_here(rows, "heldout16_chaikin_volatility_two_symbols_trades_raw.csv")


if __name__ == "__main__":
    vix_fix_googl()
    smi_signal_sp500()
    vidya_flip_eurusd()
    ht_sine_aapl()
    pvo_candle_googl()
    up_count_fade_eurusd()
    linreg_channel_sltp_sp500()
    chaikin_volatility_two_symbols()
