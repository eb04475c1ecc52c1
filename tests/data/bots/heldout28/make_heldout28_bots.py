#!/usr/bin/env python3
"""Twenty-seventh held-out set of rule bots for clone fidelity (issue 8), written on
2026-12-07 by a helper during the twenty-sixth session, to be scored once by the
next session after its pre-scoring work, with default options. Each bot is a
deterministic rule over TA-Lib indicators (PyPI ta-lib) or plain bar arithmetic,
on real data in the repo, decided at a bar's close and logged inside that bar
(daily: 20:00 of the date; hourly: minute 59), in BotCopier's observer schema.
Bar reading and the log writer are the first set's (../heldout/make_heldout_bots.py),
the finiteness check the seventh's, the data paths the seventeenth's (no bot here
needs the tenth set's volume reader).

Run: python3 make_heldout28_bots.py   (writes heldout28_*_trades_raw.csv)
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


def thermometer_sp500():
    """Elder's market thermometer (Come Into My Trading Room, 2002; customary: a
    22-bar EMA of it, the 22-bar EMA of the close as the value line, a reading
    above 3 x its average as a spike): temp = max(high - previous high, previous
    low - low, 0). Compound with three conditions: flat, the close above ema(22)
    with ema(22) rising, temp below its ema(22) (a quiet day) and a down close ->
    long; the close below ema(22) with ema(22) falling, temp below its average and
    an up close -> short. Exit when temp exceeds 3 x its average (the spike) or the
    close crosses ema(22) against the trade."""
    times, b = read_bars(SP500)
    h, l, c = b["high"], b["low"], b["close"]
    temp = np.zeros_like(c)
    temp[1:] = np.maximum(np.maximum(h[1:] - h[:-1], l[:-1] - l[1:]), 0.0)
    tavg = talib.EMA(temp, 22)
    ema = talib.EMA(c, 22)
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        if not finite(tavg[t], ema[t - 1], ema[t]):
            continue
        if log.dir != 0 and (temp[t] > 3.0 * tavg[t] or log.dir * (c[t] - ema[t]) < 0):
            log.close(times[t], c[t])
        elif log.dir == 0 and temp[t] < tavg[t]:
            if c[t] > ema[t] and ema[t] > ema[t - 1] and c[t] < c[t - 1]:
                log.open(t, times[t], 1, c[t])
            elif c[t] < ema[t] and ema[t] < ema[t - 1] and c[t] > c[t - 1]:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout28_thermometer_sp500_trades_raw.csv")


def se_bands_googl():
    """Andersen's standard error bands (TASC, September 1996; customary: a 21-bar
    linear regression, 2 standard errors, both smoothed by a 3-bar sma): for each
    bar the least-squares line over the last 21 closes, its end value LR and its
    standard error SE = sqrt(sum of squared residuals / 19); mid = sma(LR, 3),
    upper / lower = mid +- 2 sma(SE, 3). Band level: flat, the close below the lower
    band -> long, above the upper band -> short; a long exits when the close is
    above mid, a short when below it."""
    n = 21
    times, b = read_bars(GOOGL)
    c = b["close"]
    x = np.arange(n, dtype=float)
    lr = np.full_like(c, np.nan)
    se = np.full_like(c, np.nan)
    for t in range(n - 1, len(c)):
        y = c[t - n + 1:t + 1]
        slope, icept = np.polyfit(x, y, 1)
        res = y - (icept + slope * x)
        lr[t] = icept + slope * (n - 1)
        se[t] = np.sqrt(np.sum(res * res) / (n - 2))
    mid = np.full_like(c, np.nan)
    width = np.full_like(c, np.nan)
    mid[n + 1:] = talib.SMA(lr[n - 1:], 3)[2:]
    width[n + 1:] = 2.0 * talib.SMA(se[n - 1:], 3)[2:]
    log = Log("GOOGL", DAILY)
    for t in range(len(c)):
        if not finite(mid[t], width[t]):
            continue
        if log.dir != 0 and ((log.dir > 0 and c[t] > mid[t]) or (log.dir < 0 and c[t] < mid[t])):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if c[t] < mid[t] - width[t]:
                log.open(t, times[t], 1, c[t])
            elif c[t] > mid[t] + width[t]:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout28_se_bands_googl_trades_raw.csv")


def tdi_eurusd():
    """Pee's trend detection index (TASC, October 2001; customary period 20):
    mom = close - close 20 bars ago, direction = sum(mom, 20), TDI = |direction| -
    (sum(|mom|, 40) - sum(|mom|, 20)) (TA-Lib SUM). A trend filter at a threshold:
    flat, TDI crossing above 0: direction > 0 -> long, < 0 -> short. Exit when the
    direction's sign turns against the trade."""
    n = 20
    times, b = read_bars(EURUSD)
    c = b["close"]
    mom = np.full_like(c, np.nan)
    mom[n:] = c[n:] - c[:-n]
    am = np.abs(mom)
    direction = np.full_like(c, np.nan)
    s20 = np.full_like(c, np.nan)
    s40 = np.full_like(c, np.nan)
    direction[n:] = talib.SUM(mom[n:], n)
    s20[n:] = talib.SUM(am[n:], n)
    s40[n:] = talib.SUM(am[n:], 2 * n)
    tdi = np.abs(direction) - (s40 - s20)
    zero = level(c, 0.0)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        if not finite(tdi[t - 1], tdi[t], direction[t]):
            continue
        if log.dir != 0 and log.dir * direction[t] < 0:
            log.close(times[t], c[t])
        elif log.dir == 0 and up(tdi, zero, t):
            if direction[t] > 0:
                log.open(t, times[t], 1, c[t])
            elif direction[t] < 0:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout28_tdi_eurusd_trades_raw.csv")


def pso_session_eurusd():
    """Leibfarth's premier stochastic oscillator (TASC, August 2008; customary:
    stochastic length 8, smoothing 5 (the square root of his period 25), levels
    +-0.9 and +-0.2): k = TA-Lib STOCHF fast %K(8), s = ema(ema(0.1 (k - 50), 5), 5),
    PSO = (exp(s) - 1) / (exp(s) + 1). Mean reversion inside a session: flat, from
    07:00 to 15:59, PSO crossing back above -0.2 -> long, back below 0.2 -> short;
    a long exits when PSO closes above 0.2, a short when it closes below -0.2, or
    on the 18:00 bar (the session close). (First drafted with his outer levels,
    entries crossing back above -0.9 / below 0.9: 40 entries; changed to his inner
    levels +-0.2 for the entry count.)"""
    times, b = read_bars(EURUSD_2017)
    h, l, c = b["high"], b["low"], b["close"]
    k, _ = talib.STOCHF(h, l, c, 8, 1, 0)
    nsk = 0.1 * (k - 50.0)
    first = int(np.argmax(np.isfinite(nsk)))
    s = np.full_like(c, np.nan)
    e1 = talib.EMA(nsk[first:], 5)
    f1 = int(np.argmax(np.isfinite(e1)))
    s[first + f1:] = talib.EMA(e1[f1:], 5)
    pso = (np.exp(s) - 1.0) / (np.exp(s) + 1.0)
    lo, hi = level(c, -0.2), level(c, 0.2)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        hour = times[t].hour
        if log.dir != 0 and (hour == 18 or (log.dir > 0 and pso[t] > 0.2)
                             or (log.dir < 0 and pso[t] < -0.2)):
            log.close(times[t], c[t])
        elif log.dir == 0 and 7 <= hour <= 15:
            if up(pso, lo, t):
                log.open(t, times[t], 1, c[t])
            elif up(hi, pso, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout28_pso_session_eurusd_trades_raw.csv")


def hv_ratio_sltp_sp500():
    """Connors and Raschke's historical-volatility setup (Street Smarts, 1995, as
    the helper recalls it: the 6-bar historical volatility below half the 100-bar
    one, on an inside day or an NR4 day, then a break of that day's range), with
    ATR stops at the broker: HV(n) = stddev of log returns over n bars (TA-Lib
    STDDEV); the previous bar the setup bar (HV6 / HV100 < 0.5 and either inside
    the bar before it or the narrowest range of 4 bars); flat, the close above the
    setup bar's high -> long, below its low -> short; sl 1.5, tp 3 x atr(14) (TA-Lib
    ATR) at the broker (the stop first when a bar touches both); no other exit."""
    times, b = read_bars(SP500)
    h, l, c = b["high"], b["low"], b["close"]
    ret = np.full_like(c, np.nan)
    ret[1:] = np.log(c[1:] / c[:-1])
    hv6 = np.full_like(c, np.nan)
    hv100 = np.full_like(c, np.nan)
    hv6[1:] = talib.STDDEV(ret[1:], 6, 1.0)
    hv100[1:] = talib.STDDEV(ret[1:], 100, 1.0)
    rng = h - l
    atr = talib.ATR(h, l, c, 14)
    log = Log("SPX500", DAILY)
    for t in range(len(c)):
        if log.broker_exit(t, times[t], h[t], l[t]):
            continue
        s = t - 1                        # the setup bar
        if log.dir != 0 or s < 3 or not finite(hv6[s], hv100[s], atr[t]) or hv100[s] <= 0:
            continue
        inside = h[s] <= h[s - 1] and l[s] >= l[s - 1]
        nr4 = rng[s] < np.min(rng[s - 3:s])
        if hv6[s] / hv100[s] < 0.5 and (inside or nr4):
            if c[t] > h[s]:
                log.open(t, times[t], 1, c[t], c[t] - 1.5 * atr[t], c[t] + 3.0 * atr[t])
            elif c[t] < l[s]:
                log.open(t, times[t], -1, c[t], c[t] + 1.5 * atr[t], c[t] - 3.0 * atr[t])
    write_here(log.rows, "heldout28_hv_ratio_sltp_sp500_trades_raw.csv")


def key_reversal_aapl():
    """The key reversal day (Edwards and Magee's and Schwager's classic one-day
    reversal, as the helper knows it): a bar with a lower low than the previous bar
    closing above the previous close (bullish), or a higher high closing below the
    previous close (bearish). Flat, a bullish key reversal -> long, a bearish one
    -> short (a bar that is both opens nothing); exit after 5 bars (a time stop).
    (First drafted as Nison's morning star / evening star, TA-Lib CDLMORNINGSTAR /
    CDLEVENINGSTAR with penetration 0.3, on EUR/USD hourly 2017 with a 6-bar time
    stop: 33 entries, and at most 55 patterns on any series in the repo; replaced
    for the entry count.)"""
    times, b = read_bars(AAPL)
    h, l, c = b["high"], b["low"], b["close"]
    log = Log("AAPL", DAILY)
    for t in range(1, len(c)):
        if log.dir != 0 and t - log.entry_bar >= 5:
            log.close(times[t], c[t])
        elif log.dir == 0:
            bull = l[t] < l[t - 1] and c[t] > c[t - 1]
            bear = h[t] > h[t - 1] and c[t] < c[t - 1]
            if bull and not bear:
                log.open(t, times[t], 1, c[t])
            elif bear and not bull:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout28_key_reversal_aapl_trades_raw.csv")


def volatility_system_googl():
    """Wilder's volatility system (New Concepts in Technical Trading Systems, 1978;
    customary: ATR of 7 bars, constant 3.0): ARC = 3 x atr(7) (TA-Lib ATR, Wilder's
    smoothing); SIC = the highest close since a long was opened (the lowest since a
    short); the stop-and-reverse point is SIC - ARC for a long, SIC + ARC for a
    short. Always in: the first trade is long on the first bar with an ATR; a close
    through the SAR closes the trade and opens the other way at that close."""
    times, b = read_bars(GOOGL)
    h, l, c = b["high"], b["low"], b["close"]
    atr = talib.ATR(h, l, c, 7)
    log = Log("GOOGL", DAILY)
    sic = 0.0
    for t in range(len(c)):
        if not finite(atr[t]):
            continue
        if log.dir == 0:
            log.open(t, times[t], 1, c[t])
            sic = c[t]
            continue
        sar = sic - 3.0 * atr[t] if log.dir > 0 else sic + 3.0 * atr[t]
        if log.dir * (c[t] - sar) < 0:
            d = -log.dir
            log.close(times[t], c[t])
            log.open(t, times[t], d, c[t])
            sic = c[t]
        else:
            sic = max(sic, c[t]) if log.dir > 0 else min(sic, c[t])
    write_here(log.rows, "heldout28_volatility_system_googl_trades_raw.csv")


def rainbow_two_symbols():
    """Multi-symbol log (AAPL and GOOGL daily): Widner's rainbow oscillator (TASC,
    July 1997; customary: ten successive 2-bar smas and a 10-bar high-low range):
    m1 = sma(close, 2), m(i) = sma(m(i-1), 2) for i = 2..10, RO = 100 (close -
    mean(m1..m10)) / (highest close(10) - lowest close(10)). Flat, RO crossing back
    above -50 -> long, back below 50 -> short; a long exits when RO closes above 0,
    a short when it closes below 0. Each symbol independently (tickets 7000 / 8000)."""
    rows = []
    for sym, path, ticket in (("AAPL", AAPL, 7000), ("GOOGL", GOOGL, 8000)):
        times, b = read_bars(path)
        c = b["close"]
        ms = []
        m = c
        for i in range(10):
            first = int(np.argmax(np.isfinite(m)))
            nxt = np.full_like(c, np.nan)
            nxt[first:] = talib.SMA(m[first:], 2)
            ms.append(nxt)
            m = nxt
        avg = np.mean(ms, axis=0)
        rng = talib.MAX(c, 10) - talib.MIN(c, 10)
        ro = np.full_like(c, np.nan)
        ok = np.isfinite(avg) & np.isfinite(rng) & (rng > 0)
        ro[ok] = 100.0 * (c[ok] - avg[ok]) / rng[ok]
        lo, hi = level(c, -50), level(c, 50)
        log = Log(sym, DAILY, rows, ticket=ticket)
        for t in range(1, len(c)):
            if not finite(ro[t]):
                continue
            if log.dir != 0 and ((log.dir > 0 and ro[t] > 0) or (log.dir < 0 and ro[t] < 0)):
                log.close(times[t], c[t])
            elif log.dir == 0:
                if up(ro, lo, t):
                    log.open(t, times[t], 1, c[t])
                elif up(hi, ro, t):
                    log.open(t, times[t], -1, c[t])
    write_here(rows, "heldout28_rainbow_two_symbols_trades_raw.csv")


if __name__ == "__main__":
    thermometer_sp500()
    se_bands_googl()
    tdi_eurusd()
    pso_session_eurusd()
    hv_ratio_sltp_sp500()
    key_reversal_aapl()
    volatility_system_googl()
    rainbow_two_symbols()
