#!/usr/bin/env python3
"""Sixteenth held-out set of rule bots for clone fidelity (issue 8), written on
2026-12-06 (sixteenth session) at its start, before that session's tuning on the
other bots, and scored once at its end with default options. Each bot is a
deterministic rule over TA-Lib indicators (PyPI ta-lib) or plain bar arithmetic,
on real data in the repo, decided at a bar's close and logged inside that bar
(daily: 20:00 of the date; hourly: minute 59), in BotCopier's observer schema. Bar
reading and the log writer are the first set's (../heldout/make_heldout_bots.py),
the finiteness check the sixth's, the volume reader and the always-in flip the
fifteenth's.

Run: python3 make_heldout17_bots.py   (writes heldout17_*_trades_raw.csv)
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

sys.path.insert(0, os.path.join(HERE, "..", "heldout16"))
from make_heldout16_bots import flip, read_volume  # noqa: E402

DATA = os.path.join(HERE, "..", "..")
EURUSD = os.path.join(DATA, "bots", "eurusd_1h.csv")
EURUSD_2017 = os.path.join(DATA, "bots", "heldout", "eurusd_1h_2017.csv")
GOOGL = os.path.join(DATA, "bots", "googl_daily.csv")
SP500 = os.path.join(DATA, "sp500_daily.csv")
AAPL = os.path.join(DATA, "aapl_daily.csv")


def write_here(rows, name):
    """The first set's writer, aimed at this folder."""
    write(rows, name, HERE)


def t3_flip_sp500():
    """Always in on Tillson's T3: the close crossing above TA-Lib T3(5, 0.7) -> long,
    below -> short (reversal)."""
    times, b = read_bars(SP500)
    c = b["close"]
    t3 = talib.T3(c, 5, 0.7)
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        side = 1 if up(c, t3, t) else -1 if up(t3, c, t) else 0
        flip(log, t, times[t], side, c[t])
    write_here(log.rows, "heldout17_t3_flip_sp500_trades_raw.csv")


def ulcer_calm_dip_googl():
    """Buying dips in calm markets, long only: Peter Martin's ulcer index UI(14) =
    sqrt(mean over 14 bars of (100 x (close - max(close, 14)) / max(close, 14))^2).
    Flat, the close crossing below sma(10) while UI(14) < 3 -> long; close when the
    close is back above sma(10) or after 8 bars."""
    times, b = read_bars(GOOGL)
    c = b["close"]
    n = 14
    dd = 100 * (c - talib.MAX(c, n)) / talib.MAX(c, n)
    ui = np.sqrt(talib.SMA(dd * dd, n))
    ma = talib.SMA(c, 10)
    log = Log("GOOGL", DAILY)
    for t in range(1, len(c)):
        if not finite(ui[t], ma[t - 1]):
            continue
        if log.dir > 0 and (t - log.entry_bar >= 8 or c[t] > ma[t]):
            log.close(times[t], c[t])
        elif log.dir == 0 and up(ma, c, t) and ui[t] < 3:
            log.open(t, times[t], 1, c[t])
    write_here(log.rows, "heldout17_ulcer_calm_dip_googl_trades_raw.csv")


def rsi_divergence_eurusd():
    """A momentum divergence: flat, the close at its lowest of the last 20 closes while
    rsi(14) is at least 5 points above its own lowest of the last 20 bars -> long; the
    close at its 20-bar highest while rsi(14) is at least 5 below its 20-bar highest ->
    short. A long closes when rsi(14) > 60, a short when rsi(14) < 40, or after 10 bars."""
    times, b = read_bars(EURUSD_2017)
    c = b["close"]
    rsi = talib.RSI(c, 14)
    cmin, cmax = talib.MIN(c, 20), talib.MAX(c, 20)
    rmin, rmax = talib.MIN(rsi, 20), talib.MAX(rsi, 20)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        if not finite(rmin[t], cmin[t]):
            continue
        if log.dir != 0 and (t - log.entry_bar >= 10 or (log.dir > 0 and rsi[t] > 60)
                             or (log.dir < 0 and rsi[t] < 40)):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if c[t] <= cmin[t] and rsi[t] >= rmin[t] + 5:
                log.open(t, times[t], 1, c[t])
            elif c[t] >= cmax[t] and rsi[t] <= rmax[t] - 5:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout17_rsi_divergence_eurusd_trades_raw.csv")


def double_seven_sp500():
    """Connors' double seven, long only: flat, the close above sma(200) and at its
    lowest of the last 7 closes -> long; close when the close is the highest of the
    last 7."""
    times, b = read_bars(SP500)
    c = b["close"]
    trend = talib.SMA(c, 200)
    lo, hi = talib.MIN(c, 7), talib.MAX(c, 7)
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        if not finite(trend[t], lo[t]):
            continue
        if log.dir > 0 and c[t] >= hi[t]:
            log.close(times[t], c[t])
        elif log.dir == 0 and c[t] > trend[t] and c[t] <= lo[t]:
            log.open(t, times[t], 1, c[t])
    write_here(log.rows, "heldout17_double_seven_sp500_trades_raw.csv")


def harami_eurusd():
    """Candle pattern: flat, TA-Lib CDLHARAMI +100 (a small candle inside a large
    opposite one, bullish) -> long, -100 -> short; close after 4 bars."""
    times, b = read_bars(EURUSD)
    o, h, l, c = b["open"], b["high"], b["low"], b["close"]
    pat = talib.CDLHARAMI(o, h, l, c)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        if log.dir != 0 and t - log.entry_bar >= 4:
            log.close(times[t], c[t])
        elif log.dir == 0 and pat[t] != 0:
            log.open(t, times[t], 1 if pat[t] > 0 else -1, c[t])
    write_here(log.rows, "heldout17_harami_eurusd_trades_raw.csv")


def klinger_two_symbols():
    """Multi-symbol log (GOOGL and AAPL daily in one file): the Klinger volume
    oscillator, kvo = ema(vf, 34) - ema(vf, 55) of the volume force vf = volume x
    |2 (dm / cm - 1)| x trend x 100 (trend +1 when h+l+c rose, else -1; dm = high -
    low; cm adds dm while the trend holds, restarts at dm@1 + dm when it turns; vf 0
    where cm is 0), and its ema(13) signal. Flat, kvo crossing above the signal while
    below 0 -> long, below it while above 0 -> short; exit on the opposite cross or
    after 10 bars. Each symbol trades independently."""
    rows = []
    for sym, path, ticket in (("GOOGL", GOOGL, 7000), ("AAPL", AAPL, 9000)):
        times, b = read_bars(path)
        h, l, c = b["high"], b["low"], b["close"]
        v = read_volume(path)
        tp = h + l + c
        dm = h - l
        vf = np.zeros_like(c)
        trend, cm = 0, 0.0
        for t in range(1, len(c)):
            tr = 1 if tp[t] > tp[t - 1] else -1
            cm = cm + dm[t] if tr == trend else dm[t - 1] + dm[t]
            trend = tr
            vf[t] = v[t] * abs(2 * (dm[t] / cm - 1)) * tr * 100 if cm != 0 else 0.0
        vf[0] = np.nan
        kvo = np.full_like(c, np.nan)
        kvo[1:] = talib.EMA(vf[1:], 34) - talib.EMA(vf[1:], 55)
        ok = int(np.flatnonzero(np.isfinite(kvo))[0])
        sig = np.full_like(c, np.nan)
        sig[ok:] = talib.EMA(kvo[ok:], 13)
        log = Log(sym, DAILY, rows, ticket=ticket)
        for t in range(1, len(c)):
            if not finite(sig[t - 1], sig[t]):
                continue
            if log.dir != 0 and (t - log.entry_bar >= 10 or (log.dir > 0 and up(sig, kvo, t))
                                 or (log.dir < 0 and up(kvo, sig, t))):
                log.close(times[t], c[t])
            elif log.dir == 0:
                if up(kvo, sig, t) and kvo[t] < 0:
                    log.open(t, times[t], 1, c[t])
                elif up(sig, kvo, t) and kvo[t] > 0:
                    log.open(t, times[t], -1, c[t])
    write_here(rows, "heldout17_klinger_two_symbols_trades_raw.csv")


def closing_high_volume_sltp_sp500():
    """Breakouts on volume with broker stops: flat, the close at its highest of the
    last 50 closes with volume above its sma(20) -> long, at its 50-bar lowest close
    with the same volume test -> short; sl 2 x atr(14) and tp 4 x atr(14) from the
    entry, held at the broker, no other exit."""
    times, b = read_bars(SP500)
    h, l, c = b["high"], b["low"], b["close"]
    v = read_volume(SP500)
    hi, lo = talib.MAX(c, 50), talib.MIN(c, 50)
    vma = talib.SMA(v, 20)
    atr = talib.ATR(h, l, c, 14)
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        if log.broker_exit(t, times[t], h[t], l[t]):
            continue
        if log.dir != 0 or not finite(hi[t], vma[t], atr[t]) or v[t] <= vma[t]:
            continue
        if c[t] >= hi[t]:
            log.open(t, times[t], 1, c[t], c[t] - 2 * atr[t], c[t] + 4 * atr[t])
        elif c[t] <= lo[t]:
            log.open(t, times[t], -1, c[t], c[t] + 2 * atr[t], c[t] - 4 * atr[t])
    write_here(log.rows, "heldout17_closing_high_volume_sltp_sp500_trades_raw.csv")


def correl_trend_eurusd():
    """A trend by correlation with time: r = TA-Lib CORREL(close, bar number, 20),
    Pearson's r of the last 20 closes against time. Flat, r crossing above 0.8 ->
    long, below -0.8 -> short; a long closes when r falls below 0, a short when it
    rises above 0, or after 12 bars."""
    times, b = read_bars(EURUSD_2017)
    c = b["close"]
    r = talib.CORREL(c, np.arange(len(c), dtype=float), 20)
    hi, lo = np.full_like(c, 0.8), np.full_like(c, -0.8)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        if not finite(r[t - 1], r[t]):
            continue
        if log.dir != 0 and (t - log.entry_bar >= 12 or (log.dir > 0 and r[t] < 0)
                             or (log.dir < 0 and r[t] > 0)):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if up(r, hi, t):
                log.open(t, times[t], 1, c[t])
            elif up(lo, r, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout17_correl_trend_eurusd_trades_raw.csv")


if __name__ == "__main__":
    t3_flip_sp500()
    ulcer_calm_dip_googl()
    rsi_divergence_eurusd()
    double_seven_sp500()
    harami_eurusd()
    klinger_two_symbols()
    closing_high_volume_sltp_sp500()
    correl_trend_eurusd()
