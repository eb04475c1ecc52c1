#!/usr/bin/env python3
"""Twenty-fourth held-out set of rule bots for clone fidelity (issue 8), written on
2026-12-07 by a helper at the end of the twenty-third session, after that
session's last change to the clone pipeline, and to be scored once by the next
session after its pre-scoring work, with default options. Each bot is a
deterministic rule over TA-Lib indicators (PyPI ta-lib) or plain bar arithmetic, on
real data in the repo, decided at a bar's close and logged inside that bar (daily:
20:00 of the date; hourly: minute 59), in BotCopier's observer schema. Bar reading
and the log writer are the first set's (../heldout/make_heldout_bots.py), the
finiteness check the seventh's, the data paths the seventeenth's.

Run: python3 make_heldout25_bots.py   (writes heldout25_*_trades_raw.csv)
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


def turnaround_tuesday_sp500():
    """Turnaround Tuesday (compound, three conditions): on a Monday whose close is
    below the previous session's close, with the close above sma(200) (TA-Lib SMA),
    buy at Monday's close; exit after 2 bars (a time stop). Long only."""
    times, b = read_bars(SP500)
    c = b["close"]
    sma200 = talib.SMA(c, 200)
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        if log.dir != 0 and t - log.entry_bar >= 2:
            log.close(times[t], c[t])
        elif log.dir == 0 and finite(sma200[t]):
            if times[t].weekday() == 0 and c[t] < c[t - 1] and c[t] > sma200[t]:
                log.open(t, times[t], 1, c[t])
    write_here(log.rows, "heldout25_turnaround_tuesday_sp500_trades_raw.csv")


def camarilla_session_eurusd():
    """Camarilla pivots faded inside a session: from the previous trading day's
    high H, low L and close C (of the hourly bars, by calendar date; a date with
    fewer than 12 bars, such as Sunday evening's, is skipped), L3 = C - 1.1 (H - L)
    / 4 and H3 = C + 1.1 (H - L) / 4. Flat, from 08:00 to 15:59, the close crossing below
    L3 -> long, above H3 -> short; exit at 20:00 (the session close) or when the
    close crosses C."""
    times, b = read_bars(EURUSD_2017)
    h, l, c = b["high"], b["low"], b["close"]
    n = len(c)
    pc, l3, h3 = (np.full(n, np.nan) for _ in range(3))
    day, dh, dl, dc, nbars = None, None, None, None, 0
    prev = None
    for t in range(n):
        d = times[t].date()
        if d != day:
            if day is not None and nbars >= 12:
                prev = (dh, dl, dc)
            day, dh, dl, nbars = d, h[t], l[t], 0
        nbars += 1
        dh, dl, dc = max(dh, h[t]), min(dl, l[t]), c[t]
        if prev is not None:
            ph, pl, pcl = prev
            pc[t] = pcl
            l3[t] = pcl - 1.1 * (ph - pl) / 4
            h3[t] = pcl + 1.1 * (ph - pl) / 4
    log = Log("EURUSD", HOURLY)
    for t in range(1, n):
        hour = times[t].hour
        if log.dir != 0 and (hour == 20 or (log.dir > 0 and c[t] > pc[t])
                             or (log.dir < 0 and c[t] < pc[t])):
            log.close(times[t], c[t])
        elif log.dir == 0 and 8 <= hour <= 15 and finite(l3[t - 1], l3[t]):
            if up(l3, c, t):
                log.open(t, times[t], 1, c[t])
            elif up(c, h3, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout25_camarilla_session_eurusd_trades_raw.csv")


def aroonosc_dip_googl():
    """Buy the dip in a trend set by the Aroon oscillator at a threshold: flat,
    AROONOSC(25) (TA-Lib) > 50 and the close below the lowest of the 3 previous
    closes -> long; AROONOSC(25) < -50 and the close above the highest of the 3
    previous closes -> short; exit when the close clears the previous bar's high
    (long) / low (short)."""
    times, b = read_bars(GOOGL)
    h, l, c = b["high"], b["low"], b["close"]
    osc = talib.AROONOSC(h, l, 25)
    log = Log("GOOGL", DAILY)
    for t in range(3, len(c)):
        if log.dir != 0 and ((log.dir > 0 and c[t] > h[t - 1])
                             or (log.dir < 0 and c[t] < l[t - 1])):
            log.close(times[t], c[t])
        elif log.dir == 0 and finite(osc[t]):
            if osc[t] > 50 and c[t] < c[t - 3:t].min():
                log.open(t, times[t], 1, c[t])
            elif osc[t] < -50 and c[t] > c[t - 3:t].max():
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout25_aroonosc_dip_googl_trades_raw.csv")


def accel_bands_sltp_eurusd():
    """Headley's acceleration bands broken, with ATR broker stops: f = 4 (high - low)
    / (high + low), upper = sma(high (1 + f), 20), lower = sma(low (1 - f), 20)
    (TA-Lib SMA). Flat, the close crossing above the upper band -> long, below the
    lower band -> short; sl 1.5, tp 2.5 x atr(14) at the broker (the stop first when
    a bar touches both); exit also after 24 bars."""
    times, b = read_bars(EURUSD)
    h, l, c = b["high"], b["low"], b["close"]
    f = 4.0 * (h - l) / (h + l)
    upper = talib.SMA(h * (1 + f), 20)
    lower = talib.SMA(l * (1 - f), 20)
    atr = talib.ATR(h, l, c, 14)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        if log.broker_exit(t, times[t], h[t], l[t]):
            continue
        if not finite(upper[t - 1], lower[t - 1], atr[t]):
            continue
        if log.dir != 0 and t - log.entry_bar >= 24:
            log.close(times[t], c[t])
        elif log.dir == 0:
            if up(c, upper, t):
                log.open(t, times[t], 1, c[t], c[t] - 1.5 * atr[t], c[t] + 2.5 * atr[t])
            elif up(lower, c, t):
                log.open(t, times[t], -1, c[t], c[t] + 1.5 * atr[t], c[t] - 2.5 * atr[t])
    write_here(log.rows, "heldout25_accel_bands_sltp_eurusd_trades_raw.csv")


def keltner1960_aapl():
    """Chester Keltner's original 1960 channel as a breakout band: centre =
    sma((high + low + close) / 3, 10), width = sma(high - low, 10) (TA-Lib SMA).
    Flat, the close crossing above centre + width -> long, below centre - width ->
    short; exit when the close crosses the centre."""
    times, b = read_bars(AAPL)
    h, l, c = b["high"], b["low"], b["close"]
    mid = talib.SMA((h + l + c) / 3.0, 10)
    width = talib.SMA(h - l, 10)
    upper, lower = mid + width, mid - width
    log = Log("AAPL", DAILY)
    for t in range(1, len(c)):
        if not finite(mid[t - 1], width[t - 1]):
            continue
        if log.dir != 0 and ((log.dir > 0 and up(mid, c, t))
                             or (log.dir < 0 and up(c, mid, t))):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if up(c, upper, t):
                log.open(t, times[t], 1, c[t])
            elif up(lower, c, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout25_keltner1960_aapl_trades_raw.csv")


def psy_two_symbols():
    """Multi-symbol log (S&P 500 and GOOGL daily): the psychological line PSY(12) =
    100 x (the number of up closes among the last 12) / 12. Flat, PSY crossing below
    30 -> long, above 70 -> short; exit when it crosses 50 against the trade. Each
    symbol independently."""
    rows = []
    for sym, path, ticket in (("SPX500", SP500, 7000), ("GOOGL", GOOGL, 9000)):
        times, b = read_bars(path)
        c = b["close"]
        upc = np.full_like(c, np.nan)
        upc[1:] = (c[1:] > c[:-1]).astype(float)
        psy = np.full_like(c, np.nan)
        psy[1:] = 100.0 * talib.SUM(upc[1:], 12) / 12.0
        lv30, lv70, lv50 = level(c, 30), level(c, 70), level(c, 50)
        log = Log(sym, DAILY, rows, ticket=ticket)
        for t in range(1, len(c)):
            if not finite(psy[t - 1], psy[t]):
                continue
            if log.dir != 0 and ((log.dir > 0 and up(psy, lv50, t))
                                 or (log.dir < 0 and up(lv50, psy, t))):
                log.close(times[t], c[t])
            elif log.dir == 0:
                if up(lv30, psy, t):
                    log.open(t, times[t], 1, c[t])
                elif up(psy, lv70, t):
                    log.open(t, times[t], -1, c[t])
    write_here(rows, "heldout25_psy_two_symbols_trades_raw.csv")


def stiffness_eurusd():
    """Katsanos' stiffness indicator: stiffness(50, 30) = 100 x (the share of the
    last 30 bars whose close is above sma(50) - 0.2 stddev(50)) (TA-Lib SMA,
    STDDEV), and its mirror, the share of closes below sma(50) + 0.2 stddev(50).
    Flat, stiffness crossing above 90 -> long, the mirror crossing above 90 ->
    short; exit when the trade's own stiffness crosses back below 50."""
    times, b = read_bars(EURUSD_2017)
    c = b["close"]
    sma, sd = talib.SMA(c, 50), talib.STDDEV(c, 50)
    above = np.where(np.isfinite(sma), (c > sma - 0.2 * sd).astype(float), np.nan)
    below = np.where(np.isfinite(sma), (c < sma + 0.2 * sd).astype(float), np.nan)
    first = np.argmax(np.isfinite(sma))
    st_up = np.full_like(c, np.nan)
    st_dn = np.full_like(c, np.nan)
    st_up[first:] = 100.0 * talib.SUM(above[first:], 30) / 30.0
    st_dn[first:] = 100.0 * talib.SUM(below[first:], 30) / 30.0
    lv90, lv50 = level(c, 90), level(c, 50)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        if not finite(st_up[t - 1], st_dn[t - 1]):
            continue
        if log.dir != 0 and ((log.dir > 0 and up(lv50, st_up, t))
                             or (log.dir < 0 and up(lv50, st_dn, t))):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if up(st_up, lv90, t):
                log.open(t, times[t], 1, c[t])
            elif up(st_dn, lv90, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout25_stiffness_eurusd_trades_raw.csv")


def gap_range_googl():
    """Gap rule with a percent-of-range condition: flat, the open below the previous
    bar's low and the close in the top quarter of the bar's range ((close - low) /
    (high - low) >= 0.75) -> long; the open above the previous high and the close in
    the bottom quarter -> short; exit when the close crosses back beyond the gap
    bar's open, or after 5 bars."""
    times, b = read_bars(GOOGL)
    o, h, l, c = b["open"], b["high"], b["low"], b["close"]
    rng = h - l
    pos = np.where(rng > 0, (c - l) / np.where(rng > 0, rng, 1.0), 0.5)
    log = Log("GOOGL", DAILY)
    ref = 0.0
    for t in range(1, len(c)):
        if log.dir != 0 and (t - log.entry_bar >= 5 or (log.dir > 0 and c[t] < ref)
                             or (log.dir < 0 and c[t] > ref)):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if o[t] < l[t - 1] and pos[t] >= 0.75:
                ref = o[t]
                log.open(t, times[t], 1, c[t])
            elif o[t] > h[t - 1] and pos[t] <= 0.25:
                ref = o[t]
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout25_gap_range_googl_trades_raw.csv")


if __name__ == "__main__":
    turnaround_tuesday_sp500()
    camarilla_session_eurusd()
    aroonosc_dip_googl()
    accel_bands_sltp_eurusd()
    keltner1960_aapl()
    psy_two_symbols()
    stiffness_eurusd()
    gap_range_googl()
