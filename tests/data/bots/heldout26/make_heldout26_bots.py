#!/usr/bin/env python3
"""Twenty-fifth held-out set of rule bots for clone fidelity (issue 8), written on
2026-12-07 by a helper at the end of the twenty-fourth session, after that
session's last change to the clone pipeline (one merge, a camarilla/stiffness
branch, still pending at writing time), and to be scored once by the next session
after its pre-scoring work, with default options. Each bot is a deterministic rule
over TA-Lib indicators (PyPI ta-lib) or plain bar arithmetic, on real data in the
repo, decided at a bar's close and logged inside that bar (daily: 20:00 of the
date; hourly: minute 59), in BotCopier's observer schema. Bar reading and the log
writer are the first set's (../heldout/make_heldout_bots.py), the finiteness check
the seventh's, the data paths the seventeenth's.

Run: python3 make_heldout26_bots.py   (writes heldout26_*_trades_raw.csv)
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
from make_heldout17_bots import AAPL, EURUSD, EURUSD_2017, SP500  # noqa: E402


def write_here(rows, name):
    """The first set's writer, aimed at this folder."""
    write(rows, name, HERE)


def level(c, v):
    return np.full_like(c, float(v))


def r3_sp500():
    """Connors and Alvarez's R3 (High Probability ETF Trading, 2009; all parameters
    theirs), compound with three conditions: the close above sma(200), RSI(2)
    (TA-Lib RSI) falling on three days in a row with its value on the first of
    those days below 60, and RSI(2) below 10 -> long; the mirror (below sma(200),
    RSI(2) rising on three days in a row with the first day's value above 40, RSI(2)
    above 90) -> short. A long exits when RSI(2) closes above 70, a short when it
    closes below 30."""
    times, b = read_bars(SP500)
    c = b["close"]
    sma200, rsi = talib.SMA(c, 200), talib.RSI(c, 2)
    log = Log("SPX500", DAILY)
    for t in range(3, len(c)):
        if not finite(sma200[t], rsi[t - 3]):
            continue
        r0, r1, r2, r3 = rsi[t - 3], rsi[t - 2], rsi[t - 1], rsi[t]
        if log.dir != 0 and ((log.dir > 0 and r3 > 70) or (log.dir < 0 and r3 < 30)):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if c[t] > sma200[t] and r0 > r1 > r2 > r3 and r1 < 60 and r3 < 10:
                log.open(t, times[t], 1, c[t])
            elif c[t] < sma200[t] and r0 < r1 < r2 < r3 and r1 > 40 and r3 > 90:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout26_r3_sp500_trades_raw.csv")


def double_bollinger_eurusd():
    """Kathy Lien's double Bollinger bands (customary: sma(20), 1 and 2 standard
    deviations; TA-Lib BBANDS) as band levels: flat, the close between the upper
    1-sd and 2-sd bands (her buy zone) -> long, between the lower 1-sd and 2-sd
    bands (the sell zone) -> short; exit when the close is back inside the 1-sd
    bands (the neutral zone)."""
    times, b = read_bars(EURUSD)
    c = b["close"]
    u1, _, l1 = talib.BBANDS(c, 20, 1.0, 1.0)
    u2, _, l2 = talib.BBANDS(c, 20, 2.0, 2.0)
    log = Log("EURUSD", HOURLY)
    for t in range(len(c)):
        if not finite(u1[t], u2[t]):
            continue
        if log.dir != 0 and ((log.dir > 0 and c[t] < u1[t]) or (log.dir < 0 and c[t] > l1[t])):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if u1[t] < c[t] < u2[t]:
                log.open(t, times[t], 1, c[t])
            elif l2[t] < c[t] < l1[t]:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout26_double_bollinger_eurusd_trades_raw.csv")


def macdv_trend_eurusd():
    """Spiroglou's MACD-V (2022; customary: ema 12 and 26, ATR 26, signal ema 9,
    momentum threshold 50): MACD-V = 100 (ema(12) - ema(26)) / atr(26) (TA-Lib EMA,
    ATR). A trend filter at a threshold: flat, MACD-V above 50 and crossing above
    its signal -> long; below -50 and crossing below its signal -> short; exit on
    the opposite cross of MACD-V and its signal. (First drafted on GOOGL daily: 29
    entries; moved, parameters unchanged, to the 2017 EUR/USD hours: 65.)"""
    times, b = read_bars(EURUSD_2017)
    h, l, c = b["high"], b["low"], b["close"]
    atr = talib.ATR(h, l, c, 26)
    mv = 100.0 * (talib.EMA(c, 12) - talib.EMA(c, 26)) / atr
    first = np.argmax(np.isfinite(mv))
    sig = np.full_like(c, np.nan)
    sig[first:] = talib.EMA(mv[first:], 9)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        if not finite(sig[t - 1], sig[t]):
            continue
        if log.dir != 0 and ((log.dir > 0 and up(sig, mv, t)) or (log.dir < 0 and up(mv, sig, t))):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if mv[t] > 50 and up(mv, sig, t):
                log.open(t, times[t], 1, c[t])
            elif mv[t] < -50 and up(sig, mv, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout26_macdv_trend_eurusd_trades_raw.csv")


def cci_session_eurusd():
    """Lambert's CCI (customary: 20 bars, +-100; TA-Lib CCI) faded inside a session:
    flat, from 08:00 to 15:59, CCI(20) crossing below -100 -> long, above +100 ->
    short; exit when CCI crosses 0 against the trade or at 19:00 (the session
    close)."""
    times, b = read_bars(EURUSD_2017)
    h, l, c = b["high"], b["low"], b["close"]
    cci = talib.CCI(h, l, c, 20)
    lo, hi, zero = level(c, -100), level(c, 100), level(c, 0)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        hour = times[t].hour
        if log.dir != 0 and (hour == 19 or (log.dir > 0 and up(cci, zero, t))
                             or (log.dir < 0 and up(zero, cci, t))):
            log.close(times[t], c[t])
        elif log.dir == 0 and 8 <= hour <= 15:
            if up(lo, cci, t):
                log.open(t, times[t], 1, c[t])
            elif up(cci, hi, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout26_cci_session_eurusd_trades_raw.csv")


def london_orb_sltp_eurusd():
    """Opening range breakout of London's first hour (the 08:00 bar's high and low,
    by the data's GMT clock): one trade a day; flat, from 09:00 to 12:59, the close
    above the range's high -> long, below its low -> short; sl 1, tp 2 x atr(14)
    (TA-Lib ATR) at the broker (the stop first when a bar touches both); exit also
    at 17:00 (the session close)."""
    times, b = read_bars(EURUSD)
    h, l, c = b["high"], b["low"], b["close"]
    atr = talib.ATR(h, l, c, 14)
    log = Log("EURUSD", HOURLY)
    day, rh, rl, traded = None, None, None, False
    for t in range(len(c)):
        d, hour = times[t].date(), times[t].hour
        if d != day:
            day, rh, rl, traded = d, None, None, False
        if hour == 8:
            rh, rl = h[t], l[t]
        if log.broker_exit(t, times[t], h[t], l[t]):
            continue
        if log.dir != 0 and hour >= 17:
            log.close(times[t], c[t])
        elif log.dir == 0 and not traded and rh is not None and 9 <= hour <= 12 \
                and finite(atr[t]):
            if c[t] > rh:
                traded = True
                log.open(t, times[t], 1, c[t], c[t] - atr[t], c[t] + 2.0 * atr[t])
            elif c[t] < rl:
                traded = True
                log.open(t, times[t], -1, c[t], c[t] + atr[t], c[t] - 2.0 * atr[t])
    write_here(log.rows, "heldout26_london_orb_sltp_eurusd_trades_raw.csv")


def hikkake_sp500():
    """Chesler's hikkake, confirmed (TA-Lib CDLHIKKAKE: an inside bar, a false
    break of it, and a close beyond the inside bar's other side within three bars):
    +200 -> long, -200 -> short; exit after 5 bars (a time stop)."""
    times, b = read_bars(SP500)
    o, h, l, c = b["open"], b["high"], b["low"], b["close"]
    hk = talib.CDLHIKKAKE(o, h, l, c)
    log = Log("SPX500", DAILY)
    for t in range(len(c)):
        if log.dir != 0 and t - log.entry_bar >= 5:
            log.close(times[t], c[t])
        elif log.dir == 0:
            if hk[t] == 200:
                log.open(t, times[t], 1, c[t])
            elif hk[t] == -200:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout26_hikkake_sp500_trades_raw.csv")


def percent_b_two_symbols():
    """Multi-symbol log (S&P 500 and AAPL daily): Connors and Alvarez's %b strategy
    (High Probability ETF Trading, 2009; all parameters theirs), compound with a
    band level: %b = (close - lower) / (upper - lower) of TA-Lib BBANDS(5, 1, 1).
    Flat, the close above sma(200) and %b below 0.2 on three days in a row -> long;
    below sma(200) and %b above 0.8 three days in a row -> short. A long exits when
    %b closes above 0.8, a short below 0.2. Each symbol independently."""
    rows = []
    for sym, path, ticket in (("SPX500", SP500, 7000), ("AAPL", AAPL, 9000)):
        times, b = read_bars(path)
        c = b["close"]
        upper, _, lower = talib.BBANDS(c, 5, 1.0, 1.0)
        width = upper - lower
        pb = np.where(width > 0, (c - lower) / np.where(width > 0, width, 1.0), 0.5)
        sma200 = talib.SMA(c, 200)
        log = Log(sym, DAILY, rows, ticket=ticket)
        for t in range(2, len(c)):
            if not finite(sma200[t], upper[t - 2]):
                continue
            if log.dir != 0 and ((log.dir > 0 and pb[t] > 0.8) or (log.dir < 0 and pb[t] < 0.2)):
                log.close(times[t], c[t])
            elif log.dir == 0:
                if c[t] > sma200[t] and pb[t - 2:t + 1].max() < 0.2:
                    log.open(t, times[t], 1, c[t])
                elif c[t] < sma200[t] and pb[t - 2:t + 1].min() > 0.8:
                    log.open(t, times[t], -1, c[t])
    write_here(rows, "heldout26_percent_b_two_symbols_trades_raw.csv")


def ht_trendmode_eurusd():
    """Ehlers' Hilbert-transform trend mode as a gate (TA-Lib HT_TRENDMODE, default
    settings): flat, in trend mode (HT_TRENDMODE = 1), the close crossing above
    TA-Lib KAMA(30) (its customary 2 / 30 constants) -> long, below -> short; exit
    on the opposite cross or when the mode turns to cycle (0)."""
    times, b = read_bars(EURUSD_2017)
    c = b["close"]
    mode = talib.HT_TRENDMODE(c).astype(float)
    kama = talib.KAMA(c, 30)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        if not finite(kama[t - 1], kama[t]) or t < 63:
            continue
        if log.dir != 0 and (mode[t] == 0 or (log.dir > 0 and up(kama, c, t))
                             or (log.dir < 0 and up(c, kama, t))):
            log.close(times[t], c[t])
        elif log.dir == 0 and mode[t] == 1:
            if up(c, kama, t):
                log.open(t, times[t], 1, c[t])
            elif up(kama, c, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout26_ht_trendmode_eurusd_trades_raw.csv")


if __name__ == "__main__":
    r3_sp500()
    double_bollinger_eurusd()
    macdv_trend_eurusd()
    cci_session_eurusd()
    london_orb_sltp_eurusd()
    hikkake_sp500()
    percent_b_two_symbols()
    ht_trendmode_eurusd()
