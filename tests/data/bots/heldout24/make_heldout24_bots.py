#!/usr/bin/env python3
"""Twenty-third held-out set of rule bots for clone fidelity (issue 8), written on
2026-12-07 at the end of the twenty-second session, after that session's last
change to the pipeline, and to be scored once by the next session after its
pre-scoring work, with default options. Each bot is a deterministic rule over
TA-Lib indicators (PyPI ta-lib) or plain bar arithmetic, on real data in the repo,
decided at a bar's close and logged inside that bar (daily: 20:00 of the date;
hourly: minute 59), in BotCopier's observer schema. Bar reading and the log writer
are the first set's (../heldout/make_heldout_bots.py), the volume reader the
tenth's, the finiteness check the seventh's, the data paths the seventeenth's.

Run: python3 make_heldout24_bots.py   (writes heldout24_*_trades_raw.csv)
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


def wilder(x, n):
    """Wilder's smoothing (TA-Lib's RSI/ATR recursion) of x from its first finite
    value: the first value the mean of n, then (prev (n - 1) + x) / n."""
    out = np.full_like(x, np.nan)
    first = np.argmax(np.isfinite(x))
    if len(x) - first < n:
        return out
    out[first + n - 1] = x[first:first + n].mean()
    for t in range(first + n, len(x)):
        out[t] = (out[t - 1] * (n - 1) + x[t]) / n
    return out


def rmi_levels_sp500():
    """Altman's relative momentum index RMI(14, 5): an RSI whose changes are the
    5-bar momentum close - close[-5] (Wilder-smoothed ups and downs over 14). Flat,
    RMI crossing below 30 -> long, above 70 -> short; exit when it crosses 50."""
    times, b = read_bars(SP500)
    c = b["close"]
    m = np.full_like(c, np.nan)
    m[5:] = c[5:] - c[:-5]
    # + 0 * m keeps m's leading NaNs, so the smoothing starts at the first momentum
    upm = wilder(np.where(m > 0, m, 0.0) + 0 * m, 14)
    dnm = wilder(np.where(m < 0, -m, 0.0) + 0 * m, 14)
    rmi = np.where(upm + dnm > 0, 100.0 * upm / np.where(upm + dnm > 0, upm + dnm, 1.0), 50.0)
    rmi[~np.isfinite(upm)] = np.nan
    lv30, lv70, lv50 = level(c, 30), level(c, 70), level(c, 50)
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        if not finite(rmi[t - 1], rmi[t]):
            continue
        if log.dir != 0 and ((log.dir > 0 and up(rmi, lv50, t))
                             or (log.dir < 0 and up(lv50, rmi, t))):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if up(lv30, rmi, t):
                log.open(t, times[t], 1, c[t])
            elif up(rmi, lv70, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout24_rmi_levels_sp500_trades_raw.csv")


def starc_band_eurusd():
    """Stoller's average range channel (STARC): sma(6) +- 2 x atr(15) (TA-Lib SMA,
    ATR). Flat, the close below the lower band -> long, above the upper band -> short
    (a level, not a cross); exit when the close crosses sma(6)."""
    times, b = read_bars(EURUSD)
    h, l, c = b["high"], b["low"], b["close"]
    mid = talib.SMA(c, 6)
    atr = talib.ATR(h, l, c, 15)
    lo, hi = mid - 2 * atr, mid + 2 * atr
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        if not finite(lo[t], hi[t], mid[t - 1]):
            continue
        if log.dir != 0 and ((log.dir > 0 and up(c, mid, t))
                             or (log.dir < 0 and up(mid, c, t))):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if c[t] < lo[t]:
                log.open(t, times[t], 1, c[t])
            elif c[t] > hi[t]:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout24_starc_band_eurusd_trades_raw.csv")


def vwmacd_googl():
    """Buff Dormeier's volume-weighted MACD: line = EMA12(close x volume) /
    EMA12(volume) - EMA26(close x volume) / EMA26(volume) (TA-Lib EMA), signal =
    EMA9(line). Flat, the line crossing above its signal while below 0 -> long,
    below it while above 0 -> short; exit on the opposite cross."""
    times, b = read_bars(GOOGL)
    c = b["close"]
    v = read_volume(GOOGL)
    pv = c * v
    line = talib.EMA(pv, 12) / talib.EMA(v, 12) - talib.EMA(pv, 26) / talib.EMA(v, 26)
    first = np.argmax(np.isfinite(line))
    sig = np.full_like(c, np.nan)
    sig[first:] = talib.EMA(line[first:], 9)
    log = Log("GOOGL", DAILY)
    for t in range(1, len(c)):
        if not finite(sig[t - 1], line[t - 1]):
            continue
        if log.dir != 0 and ((log.dir > 0 and up(sig, line, t))
                             or (log.dir < 0 and up(line, sig, t))):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if line[t] < 0 and up(line, sig, t):
                log.open(t, times[t], 1, c[t])
            elif line[t] > 0 and up(sig, line, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout24_vwmacd_googl_trades_raw.csv")


def soldiers_crows_eurusd():
    """Three white soldiers / three black crows: three bars in a row closing above
    their open, each close above the previous close and each open inside the
    previous bar's body -> long (the mirror -> short). Exit after 6 bars."""
    times, b = read_bars(EURUSD)
    o, c = b["open"], b["close"]
    log = Log("EURUSD", HOURLY)
    for t in range(3, len(c)):
        if log.dir != 0 and t - log.entry_bar >= 6:
            log.close(times[t], c[t])
        elif log.dir == 0:
            ks = range(t - 2, t + 1)
            white = all(c[k] > o[k] and c[k] > c[k - 1] and c[k - 1] >= o[k] >= o[k - 1]
                        for k in ks)
            black = all(c[k] < o[k] and c[k] < c[k - 1] and c[k - 1] <= o[k] <= o[k - 1]
                        for k in ks)
            if white:
                log.open(t, times[t], 1, c[t])
            elif black:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout24_soldiers_crows_eurusd_trades_raw.csv")


def pzo_trend_sp500():
    """Khalil and Steckler's price zone oscillator PZO(14) = 100 x EMA14(sign(close -
    close[-1]) x close) / EMA14(close) (TA-Lib EMA), with an ema(60) trend filter.
    Flat, close > ema(60) and PZO crossing above -20 -> long; close < ema(60) and PZO
    crossing below 20 -> short; exit when PZO crosses 0 against the trade."""
    times, b = read_bars(SP500)
    c = b["close"]
    sv = np.full_like(c, np.nan)
    sv[1:] = np.sign(c[1:] - c[:-1]) * c[1:]
    pzo = np.full_like(c, np.nan)
    pzo[1:] = 100.0 * talib.EMA(sv[1:], 14) / talib.EMA(c[1:], 14)
    ema60 = talib.EMA(c, 60)
    lvm40, lv40, lv0 = level(c, -20), level(c, 20), level(c, 0)
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        if not finite(pzo[t - 1], pzo[t], ema60[t]):
            continue
        if log.dir != 0 and ((log.dir > 0 and up(lv0, pzo, t))
                             or (log.dir < 0 and up(pzo, lv0, t))):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if c[t] > ema60[t] and up(pzo, lvm40, t):
                log.open(t, times[t], 1, c[t])
            elif c[t] < ema60[t] and up(lv40, pzo, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout24_pzo_trend_sp500_trades_raw.csv")


def kairi_session_eurusd():
    """Kairi relative index inside a session: kairi = 100 x (close - sma(20)) /
    sma(20). Flat, from 07:00 to 16:59, kairi crossing below -0.3 -> long, above 0.3
    -> short; exit at 19:00 or when kairi crosses 0."""
    times, b = read_bars(EURUSD_2017)
    c = b["close"]
    sma = talib.SMA(c, 20)
    k = 100.0 * (c - sma) / sma
    lvm, lvp, lv0 = level(c, -0.3), level(c, 0.3), level(c, 0)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        hour = times[t].hour
        if not finite(k[t - 1], k[t]):
            continue
        if log.dir != 0 and (hour == 19 or (log.dir > 0 and up(k, lv0, t))
                             or (log.dir < 0 and up(lv0, k, t))):
            log.close(times[t], c[t])
        elif log.dir == 0 and 7 <= hour <= 16:
            if up(lvm, k, t):
                log.open(t, times[t], 1, c[t])
            elif up(k, lvp, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout24_kairi_session_eurusd_trades_raw.csv")


def vzo_two_symbols():
    """Multi-symbol log (AAPL and GOOGL daily): Khalil and Steckler's volume zone
    oscillator VZO(14) = 100 x EMA14(sign(close - close[-1]) x volume) / EMA14(volume)
    (TA-Lib EMA). Flat, VZO crossing above -40 -> long, below 40 -> short; exit when it
    crosses 0 against the trade. Each symbol independently."""
    rows = []
    for sym, path, ticket in (("AAPL", AAPL, 7000), ("GOOGL", GOOGL, 9000)):
        times, b = read_bars(path)
        c = b["close"]
        v = read_volume(path)
        sv = np.full_like(c, np.nan)
        sv[1:] = np.sign(c[1:] - c[:-1]) * v[1:]
        vzo = np.full_like(c, np.nan)
        vzo[1:] = 100.0 * talib.EMA(sv[1:], 14) / talib.EMA(v[1:], 14)
        lvm40, lv40, lv0 = level(c, -40), level(c, 40), level(c, 0)
        log = Log(sym, DAILY, rows, ticket=ticket)
        for t in range(1, len(c)):
            if not finite(vzo[t - 1], vzo[t]):
                continue
            if log.dir != 0 and ((log.dir > 0 and up(lv0, vzo, t))
                                 or (log.dir < 0 and up(vzo, lv0, t))):
                log.close(times[t], c[t])
            elif log.dir == 0:
                if up(vzo, lvm40, t):
                    log.open(t, times[t], 1, c[t])
                elif up(lv40, vzo, t):
                    log.open(t, times[t], -1, c[t])
    write_here(rows, "heldout24_vzo_two_symbols_trades_raw.csv")


def ttf_sltp_eurusd():
    """Trend trigger factor TTF(15) with ATR broker stops: buy power = max(high, 15) -
    min(low, 15)@15, sell power = max(high, 15)@15 - min(low, 15) (the 15-bar extremes
    now against those of the 15 bars before), TTF = 100 x (buy - sell) / (0.5 (buy +
    sell)). Flat, TTF crossing above 100 -> long, below -100 -> short; sl 1.5, tp 3 x
    atr(20) at the broker (the stop first when a bar touches both); exit also after
    30 bars."""
    times, b = read_bars(EURUSD)
    h, l, c = b["high"], b["low"], b["close"]
    hh, ll = talib.MAX(h, 15), talib.MIN(l, 15)
    hh15 = np.full_like(c, np.nan)
    ll15 = np.full_like(c, np.nan)
    hh15[15:] = hh[:-15]
    ll15[15:] = ll[:-15]
    buy, sell = hh - ll15, hh15 - ll
    den = 0.5 * (buy + sell)
    ttf = np.where(den != 0, 100.0 * (buy - sell) / np.where(den != 0, den, 1.0), 0.0)
    ttf[~np.isfinite(den)] = np.nan
    atr = talib.ATR(h, l, c, 20)
    lv, lvm = level(c, 100), level(c, -100)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        if log.broker_exit(t, times[t], h[t], l[t]):
            continue
        if not finite(ttf[t - 1], ttf[t], atr[t]):
            continue
        if log.dir != 0 and t - log.entry_bar >= 30:
            log.close(times[t], c[t])
        elif log.dir == 0:
            if up(ttf, lv, t):
                log.open(t, times[t], 1, c[t], c[t] - 1.5 * atr[t], c[t] + 3 * atr[t])
            elif up(lvm, ttf, t):
                log.open(t, times[t], -1, c[t], c[t] + 1.5 * atr[t], c[t] - 3 * atr[t])
    write_here(log.rows, "heldout24_ttf_sltp_eurusd_trades_raw.csv")


if __name__ == "__main__":
    rmi_levels_sp500()
    starc_band_eurusd()
    vwmacd_googl()
    soldiers_crows_eurusd()
    pzo_trend_sp500()
    kairi_session_eurusd()
    vzo_two_symbols()
    ttf_sltp_eurusd()
