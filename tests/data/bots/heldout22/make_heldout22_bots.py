#!/usr/bin/env python3
"""Twenty-first held-out set of rule bots for clone fidelity (issue 8), written on
2026-12-06 (twenty-first session) at its start, before that session's tuning on the
other bots, and scored once later in the session with default options. Each bot is
a deterministic rule over TA-Lib indicators (PyPI ta-lib) or plain bar arithmetic,
on real data in the repo, decided at a bar's close and logged inside that bar
(daily: 20:00 of the date; hourly: minute 59), in BotCopier's observer schema. Bar
reading and the log writer are the first set's (../heldout/make_heldout_bots.py),
the finiteness check the sixth's, the data paths the sixteenth's.

Run: python3 make_heldout22_bots.py   (writes heldout22_*_trades_raw.csv)
"""
import os
import sys

import numpy as np
import talib

HERE = os.path.dirname(os.path.abspath(__file__))
for prior in ("heldout", "heldout7", "heldout17"):
    sys.path.insert(0, os.path.join(HERE, "..", prior))
from make_heldout_bots import DAILY, HOURLY, Log, read_bars, up, write  # noqa: E402
from make_heldout7_bots import finite  # noqa: E402
from make_heldout17_bots import AAPL, EURUSD, EURUSD_2017, GOOGL, SP500  # noqa: E402


def write_here(rows, name):
    """The first set's writer, aimed at this folder."""
    write(rows, name, HERE)


def level(c, v):
    return np.full_like(c, float(v))


def pmo_signal_sp500():
    """DecisionPoint price momentum oscillator: PMO = EMA19(10 x EMA34(ROC1)), ROC1 the
    one-bar percent change, signal = EMA10(PMO) (TA-Lib EMA; alphas 2/35 and 2/20).
    Flat, PMO crossing above its signal while PMO < 0 -> long, crossing below while
    PMO > 0 -> short; exit on the opposite cross."""
    times, b = read_bars(SP500)
    c = b["close"]
    roc = np.full_like(c, np.nan)
    roc[1:] = 100.0 * (c[1:] / c[:-1] - 1.0)
    s1 = np.full_like(c, np.nan)
    s1[1:] = talib.EMA(roc[1:], 34) * 10.0
    pmo = np.full_like(c, np.nan)
    first = np.argmax(np.isfinite(s1))
    pmo[first:] = talib.EMA(s1[first:], 19)
    sig = np.full_like(c, np.nan)
    first = np.argmax(np.isfinite(pmo))
    sig[first:] = talib.EMA(pmo[first:], 10)
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        if not finite(sig[t - 1], pmo[t - 1]):
            continue
        if log.dir != 0 and ((log.dir > 0 and up(sig, pmo, t))
                             or (log.dir < 0 and up(pmo, sig, t))):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if pmo[t] < 0 and up(pmo, sig, t):
                log.open(t, times[t], 1, c[t])
            elif pmo[t] > 0 and up(sig, pmo, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout22_pmo_signal_sp500_trades_raw.csv")


def ichimoku_cloud_eurusd():
    """Ichimoku cloud breakout: span A = (tenkan(9) + kijun(26)) / 2, span B = the
    52-bar midpoint, both displaced 26 bars forward (the cloud at bar t is computed at
    t - 26). Flat, the close crossing above the cloud's top -> long, below its bottom
    -> short; exit when the close crosses back into the cloud."""
    times, b = read_bars(EURUSD)
    h, l, c = b["high"], b["low"], b["close"]

    def mid(n):
        return (talib.MAX(h, n) + talib.MIN(l, n)) / 2.0

    a = (mid(9) + mid(26)) / 2.0
    bb = mid(52)
    top = np.full_like(c, np.nan)
    bot = np.full_like(c, np.nan)
    top[26:] = np.maximum(a, bb)[:-26]
    bot[26:] = np.minimum(a, bb)[:-26]
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        if not finite(top[t - 1], bot[t - 1]):
            continue
        if log.dir != 0 and ((log.dir > 0 and up(top, c, t))
                             or (log.dir < 0 and up(c, bot, t))):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if up(c, top, t):
                log.open(t, times[t], 1, c[t])
            elif up(bot, c, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout22_ichimoku_cloud_eurusd_trades_raw.csv")


def dss_bressert_eurusd():
    """Bressert's double smoothed stochastic(13, 8): k = the close's place in the 13
    bars' low-high range, e1 = EMA8(k); then e1's place in its own 13-bar range,
    DSS = 100 x EMA8 of that. Flat, DSS crossing above 20 -> long, below 80 -> short;
    exit at the opposite extreme (crossing 80 up for a long, 20 down for a short) or
    after 8 bars."""
    times, b = read_bars(EURUSD)
    h, l, c = b["high"], b["low"], b["close"]
    lo, hi = talib.MIN(l, 13), talib.MAX(h, 13)
    k = np.where(hi > lo, (c - lo) / np.where(hi > lo, hi - lo, 1.0), 0.5)
    first = np.argmax(np.isfinite(k))
    e1 = np.full_like(c, np.nan)
    e1[first:] = talib.EMA(k[first:], 8)
    lo2, hi2 = talib.MIN(e1, 13), talib.MAX(e1, 13)
    k2 = np.where(hi2 > lo2, (e1 - lo2) / np.where(hi2 > lo2, hi2 - lo2, 1.0), 0.5)
    k2[~np.isfinite(lo2)] = np.nan
    first = np.argmax(np.isfinite(k2))
    dss = np.full_like(c, np.nan)
    dss[first:] = 100.0 * talib.EMA(k2[first:], 8)
    lv20, lv80 = level(c, 20), level(c, 80)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        if not finite(dss[t - 1], dss[t]):
            continue
        if log.dir != 0 and (t - log.entry_bar >= 8 or (log.dir > 0 and up(dss, lv80, t))
                             or (log.dir < 0 and up(lv20, dss, t))):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if up(dss, lv20, t):
                log.open(t, times[t], 1, c[t])
            elif up(lv80, dss, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout22_dss_bressert_eurusd_trades_raw.csv")


def pfe_trend_sp500():
    """Polarized fractal efficiency(10) smoothed by EMA(5): raw = 100 x sign(c - c[-9])
    x sqrt((c - c[-9])^2 + 100) / sum of sqrt((c[i] - c[i-1])^2 + 1) over the last 9
    steps (prices in index points, as the formula is usually applied). Flat, PFE > 30 and the
    close crossing above sma(10) -> long, PFE < -30 and crossing below -> short; exit on
    the close crossing sma(10) against the trade."""
    times, b = read_bars(SP500)
    c = b["close"]
    n = 10
    raw = np.full_like(c, np.nan)
    for t in range(n - 1, len(c)):
        d = c[t] - c[t - n + 1]
        path = np.sqrt(np.diff(c[t - n + 1:t + 1]) ** 2 + 1.0).sum()
        raw[t] = 100.0 * np.sign(d) * np.sqrt(d * d + n * n) / path
    first = np.argmax(np.isfinite(raw))
    pfe = np.full_like(c, np.nan)
    pfe[first:] = talib.EMA(raw[first:], 5)
    sma = talib.SMA(c, 10)
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        if not finite(pfe[t], sma[t - 1]):
            continue
        if log.dir != 0 and ((log.dir > 0 and up(sma, c, t))
                             or (log.dir < 0 and up(c, sma, t))):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if pfe[t] > 30 and up(c, sma, t):
                log.open(t, times[t], 1, c[t])
            elif pfe[t] < -30 and up(sma, c, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout22_pfe_trend_sp500_trades_raw.csv")


def tstat_session_eurusd():
    """Return t-statistic fade inside a session: over the last 24 hourly returns,
    tstat = mean / sample std x sqrt(24). Flat, from 08:00 to 15:59, tstat crossing
    below -1.5 -> long, above 1.5 -> short; exit at 17:00 or when tstat crosses 0."""
    times, b = read_bars(EURUSD_2017)
    c = b["close"]
    r = np.full_like(c, np.nan)
    r[1:] = c[1:] / c[:-1] - 1.0
    ts = np.full_like(c, np.nan)
    for t in range(24, len(c)):
        w = r[t - 23:t + 1]
        sd = w.std(ddof=1)
        ts[t] = w.mean() / sd * np.sqrt(24.0) if sd > 0 else 0.0
    lv2, lvm2, lv0 = level(c, 1.5), level(c, -1.5), level(c, 0)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        if not finite(ts[t - 1], ts[t]):
            continue
        hour = times[t].hour
        if log.dir != 0 and (hour == 17 or (log.dir > 0 and up(ts, lv0, t))
                             or (log.dir < 0 and up(lv0, ts, t))):
            log.close(times[t], c[t])
        elif log.dir == 0 and 8 <= hour <= 15:
            if up(lvm2, ts, t):
                log.open(t, times[t], 1, c[t])
            elif up(ts, lv2, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout22_tstat_session_eurusd_trades_raw.csv")


def turtle_soup_sltp_sp500():
    """Turtle soup (a false breakout): the bar's low below the previous 20 bars' lowest
    low and its close back above it -> long; the high above the previous 20 bars'
    highest high and the close back below it -> short; sl 1.5, tp 3 x atr(10) at the
    broker; exit also after 10 bars."""
    times, b = read_bars(SP500)
    h, l, c = b["high"], b["low"], b["close"]
    lo = np.full_like(c, np.nan)
    hi = np.full_like(c, np.nan)
    lo[1:] = talib.MIN(l, 20)[:-1]
    hi[1:] = talib.MAX(h, 20)[:-1]
    atr = talib.ATR(h, l, c, 10)
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        if log.broker_exit(t, times[t], h[t], l[t]):
            continue
        if not finite(lo[t], hi[t], atr[t]):
            continue
        if log.dir != 0 and t - log.entry_bar >= 10:
            log.close(times[t], c[t])
        elif log.dir == 0:
            if l[t] < lo[t] and c[t] > lo[t]:
                log.open(t, times[t], 1, c[t], c[t] - 1.5 * atr[t], c[t] + 3 * atr[t])
            elif h[t] > hi[t] and c[t] < hi[t]:
                log.open(t, times[t], -1, c[t], c[t] + 1.5 * atr[t], c[t] - 3 * atr[t])
    write_here(log.rows, "heldout22_turtle_soup_sltp_sp500_trades_raw.csv")


def pgo_two_symbols():
    """Multi-symbol log (AAPL and GOOGL daily): Johnson's pretty good oscillator
    PGO(14) = (close - sma(14)) / EMA14(true range) (TA-Lib TRANGE, EMA). Flat, PGO
    crossing above 2.5 -> long, below -2.5 -> short; exit when it crosses 0. Each symbol
    independently."""
    rows = []
    for sym, path, ticket in (("AAPL", AAPL, 7000), ("GOOGL", GOOGL, 9000)):
        times, b = read_bars(path)
        h, l, c = b["high"], b["low"], b["close"]
        tr = talib.TRANGE(h, l, c)
        etr = np.full_like(c, np.nan)
        etr[1:] = talib.EMA(tr[1:], 14)
        pgo = (c - talib.SMA(c, 14)) / etr
        lv3, lvm3, lv0 = level(c, 2.5), level(c, -2.5), level(c, 0)
        log = Log(sym, DAILY, rows, ticket=ticket)
        for t in range(1, len(c)):
            if not finite(pgo[t - 1], pgo[t]):
                continue
            if log.dir != 0 and ((log.dir > 0 and up(lv0, pgo, t))
                                 or (log.dir < 0 and up(pgo, lv0, t))):
                log.close(times[t], c[t])
            elif log.dir == 0:
                if up(pgo, lv3, t):
                    log.open(t, times[t], 1, c[t])
                elif up(lvm3, pgo, t):
                    log.open(t, times[t], -1, c[t])
    write_here(rows, "heldout22_pgo_two_symbols_trades_raw.csv")


def dynamic_momentum_sp500():
    """Chande's dynamic momentum index: vi = std(close, 5) / sma(std(close, 5), 10)
    (TA-Lib STDDEV, SMA), the period td = int(14 / vi) held to 5..30, and a plain
    (Cutler) RSI over td bars: 100 x sum of gains / sum of absolute changes. Flat, DMI
    crossing below 30 -> long, above 70 -> short; exit when it crosses 50 (up for a
    long, down for a short)."""
    times, b = read_bars(SP500)
    c = b["close"]
    sd = talib.STDDEV(c, 5)
    vi = sd / talib.SMA(sd, 10)
    d = np.diff(c, prepend=np.nan)
    dmi = np.full_like(c, np.nan)
    for t in range(40, len(c)):
        if not np.isfinite(vi[t]) or vi[t] <= 0:
            continue
        td = int(min(30, max(5, int(14.0 / vi[t]))))
        w = d[t - td + 1:t + 1]
        tot = np.abs(w).sum()
        dmi[t] = 100.0 * w[w > 0].sum() / tot if tot > 0 else 50.0
    lv30, lv70, lv50 = level(c, 30), level(c, 70), level(c, 50)
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        if not finite(dmi[t - 1], dmi[t]):
            continue
        if log.dir != 0 and ((log.dir > 0 and up(dmi, lv50, t))
                             or (log.dir < 0 and up(lv50, dmi, t))):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if up(lv30, dmi, t):
                log.open(t, times[t], 1, c[t])
            elif up(dmi, lv70, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout22_dynamic_momentum_sp500_trades_raw.csv")


if __name__ == "__main__":
    pmo_signal_sp500()
    ichimoku_cloud_eurusd()
    dss_bressert_eurusd()
    pfe_trend_sp500()
    tstat_session_eurusd()
    turtle_soup_sltp_sp500()
    pgo_two_symbols()
    dynamic_momentum_sp500()
