#!/usr/bin/env python3
"""Thirtieth held-out set of rule bots for clone fidelity (issue 8), written on
2026-12-08 by a helper during the twenty-ninth session, to be scored once by a
later session after its pre-scoring work, with default options. Each bot is a
deterministic rule over TA-Lib indicators (PyPI ta-lib) or plain bar arithmetic,
on real data in the repo, decided at a bar's close and logged inside that bar
(daily: 20:00 of the date; hourly: minute 59), in BotCopier's observer schema.
Bar reading and the log writer are the first set's (../heldout/make_heldout_bots.py),
the finiteness check the seventh's, the volume reader the tenth's, the data paths
the seventeenth's.

Run: python3 make_heldout31_bots.py   (writes heldout31_*_trades_raw.csv)
"""
import math
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


def bollinger_m2_sp500():
    """Bollinger's Method II (Bollinger on Bollinger Bands, 2001, as the helper
    recalls it; customary: bbands(20, 2), %b above 0.8 with MFI(10) above 80 to buy,
    %b below 0.2 with MFI(10) below 20 to sell). Compound with two conditions:
    flat, %b > 0.8 and MFI(10) > 80 -> long; %b < 0.2 and MFI(10) < 20 -> short.
    A long exits when %b falls below 0.5 (the close below the middle band), a short
    when it rises above 0.5."""
    times, b = read_bars(SP500)
    h, l, c = b["high"], b["low"], b["close"]
    v = read_volume(SP500)
    upper, mid, lower = talib.BBANDS(c, 20, 2.0, 2.0, 0)
    mfi = talib.MFI(h, l, c, v, 10)
    log = Log("SPX500", DAILY)
    for t in range(len(c)):
        if not finite(upper[t], lower[t], mfi[t]) or upper[t] <= lower[t]:
            continue
        pb = (c[t] - lower[t]) / (upper[t] - lower[t])
        if log.dir != 0 and ((log.dir > 0 and pb < 0.5) or (log.dir < 0 and pb > 0.5)):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if pb > 0.8 and mfi[t] > 80.0:
                log.open(t, times[t], 1, c[t])
            elif pb < 0.2 and mfi[t] < 20.0:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout31_bollinger_m2_sp500_trades_raw.csv")


def value_chart(h, l, c, n=5):
    """Helweg and Stendahl's value chart of the close (Dynamic Trading Indicators,
    2002, as the helper recalls it): floating axis = sma((high + low) / 2, 5),
    volatility unit = 0.2 sma(high - low, 5); value = (close - axis) / unit."""
    axis = talib.SMA((h + l) / 2.0, n)
    unit = 0.2 * talib.SMA(h - l, n)
    vc = np.full(len(c), np.nan)
    ok = np.isfinite(unit) & (unit > 0)
    vc[ok] = (c[ok] - axis[ok]) / unit[ok]
    return vc


def value_chart_aapl():
    """Value chart bands (customary: 5 bars, overbought above +8, oversold below
    -8, fair value about 0). Band level: flat, the close's value below -8 -> long,
    above +8 -> short; a long exits when the value is above 0 (the floating axis),
    a short when below 0."""
    times, b = read_bars(AAPL)
    h, l, c = b["high"], b["low"], b["close"]
    vc = value_chart(h, l, c)
    log = Log("AAPL", DAILY)
    for t in range(len(c)):
        if not finite(vc[t]):
            continue
        if log.dir != 0 and ((log.dir > 0 and vc[t] > 0.0) or (log.dir < 0 and vc[t] < 0.0)):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if vc[t] < -8.0:
                log.open(t, times[t], 1, c[t])
            elif vc[t] > 8.0:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout31_value_chart_aapl_trades_raw.csv")


def kdj(h, l, c, n=9):
    """The KDJ (as its common charting packages give it; customary 9, 3, 3):
    rsv = 100 (close - lowest low(9)) / (highest high(9) - lowest low(9)) (50 when
    the range is 0); K = 2/3 K[1] + 1/3 rsv, D = 2/3 D[1] + 1/3 K, both seeded at
    50; J = 3K - 2D."""
    m = len(c)
    hh, ll = talib.MAX(h, n), talib.MIN(l, n)
    k, d, j = np.full(m, np.nan), np.full(m, np.nan), np.full(m, np.nan)
    pk, pd = 50.0, 50.0
    for t in range(n - 1, m):
        rng = hh[t] - ll[t]
        rsv = 100.0 * (c[t] - ll[t]) / rng if rng > 0 else 50.0
        pk = 2.0 / 3.0 * pk + rsv / 3.0
        pd = 2.0 / 3.0 * pd + pk / 3.0
        k[t], d[t], j[t] = pk, pd, 3.0 * pk - 2.0 * pd
    return k, d, j


def kdj_session_eurusd():
    """The KDJ's J line faded inside a session. Flat, from 07:00 to 14:59, J
    crossing back above 0 -> long, back below 100 -> short. A long exits when J
    closes above 100, a short below 0, or on the 18:00 bar (the session close)."""
    times, b = read_bars(EURUSD)
    h, l, c = b["high"], b["low"], b["close"]
    _, _, j = kdj(h, l, c)
    zero, hundred = np.zeros_like(c), np.full_like(c, 100.0)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        hour = times[t].hour
        if not finite(j[t]):
            continue
        if log.dir != 0 and (hour == 18 or (log.dir > 0 and j[t] > 100.0)
                             or (log.dir < 0 and j[t] < 0.0)):
            log.close(times[t], c[t])
        elif log.dir == 0 and 7 <= hour <= 14:
            if up(j, zero, t):
                log.open(t, times[t], 1, c[t])
            elif up(hundred, j, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout31_kdj_session_eurusd_trades_raw.csv")


def accumulative_swing_index(o, h, l, c, limit=1.0):
    """Wilder's accumulative swing index (New Concepts in Technical Trading Systems,
    1978, as the helper recalls it): with a = |high - close[1]|, b = |low -
    close[1]|, r0 = high - low, d = |close[1] - open[1]|: R = a - b/2 + d/4 when a
    is the largest of a, b, r0; b - a/2 + d/4 when b is; r0 + d/4 otherwise;
    K = max(a, b); SI = 50 (close - close[1] + (close - open)/2 + (close[1] -
    open[1])/4) / R x K / T (0 when R is 0); ASI the running sum. The limit move T
    only scales the ASI, so it cannot move a signal that compares the ASI with its
    own swing points; T = 1 here."""
    m = len(c)
    asi = np.zeros(m)
    for t in range(1, m):
        a, bb = abs(h[t] - c[t - 1]), abs(l[t] - c[t - 1])
        r0, d = h[t] - l[t], abs(c[t - 1] - o[t - 1])
        if a >= bb and a >= r0:
            r = a - 0.5 * bb + 0.25 * d
        elif bb >= a and bb >= r0:
            r = bb - 0.5 * a + 0.25 * d
        else:
            r = r0 + 0.25 * d
        k = max(a, bb)
        si = 0.0
        if r > 0:
            si = 50.0 * (c[t] - c[t - 1] + 0.5 * (c[t] - o[t]) + 0.25 * (c[t - 1] - o[t - 1])) / r * k / limit
        asi[t] = asi[t - 1] + si
    return asi


def asi_swing_sltp_eurusd():
    """Wilder's ASI breaking its swing points: a high swing point is a bar whose
    ASI is above the ASI of the bar before and of the bar after (known one bar
    later), a low swing point the mirror. A breakout: flat, the ASI crossing above
    the latest high swing point's ASI -> long, below the latest low swing point's
    -> short; sl 1.5, tp 3 x atr(14) (TA-Lib ATR) at the broker (the stop first when
    a bar touches both); no other exit."""
    times, b = read_bars(EURUSD_2017)
    o, h, l, c = b["open"], b["high"], b["low"], b["close"]
    m = len(c)
    asi = accumulative_swing_index(o, h, l, c)
    hsp, lsp = np.full(m, np.nan), np.full(m, np.nan)
    last_h, last_l = np.nan, np.nan
    for t in range(2, m):
        if asi[t - 1] > asi[t - 2] and asi[t - 1] > asi[t]:
            last_h = asi[t - 1]
        if asi[t - 1] < asi[t - 2] and asi[t - 1] < asi[t]:
            last_l = asi[t - 1]
        hsp[t], lsp[t] = last_h, last_l
    atr = talib.ATR(h, l, c, 14)
    log = Log("EURUSD", HOURLY)
    for t in range(3, m):
        if log.broker_exit(t, times[t], h[t], l[t]):
            continue
        if log.dir != 0 or not finite(atr[t], hsp[t - 1], lsp[t - 1]):
            continue
        if asi[t - 1] <= hsp[t - 1] and asi[t] > hsp[t - 1]:
            log.open(t, times[t], 1, c[t], c[t] - 1.5 * atr[t], c[t] + 3.0 * atr[t])
        elif asi[t - 1] >= lsp[t - 1] and asi[t] < lsp[t - 1]:
            log.open(t, times[t], -1, c[t], c[t] + 1.5 * atr[t], c[t] - 3.0 * atr[t])
    write_here(log.rows, "heldout31_asi_swing_sltp_eurusd_trades_raw.csv")


def voss(x, period=20, predict=3, bandwidth=0.25):
    """Ehlers' Voss predictive filter (TASC, August 2019; customary: period 20,
    predict 3, bandwidth 0.25): order = 3 predict; f1 = cos(2 pi / period),
    g1 = cos(bandwidth 2 pi / period), s1 = 1/g1 - sqrt(1/g1^2 - 1);
    filt = 0.5 (1 - s1)(x - x[2]) + f1 (1 + s1) filt[1] - s1 filt[2];
    voss = (3 + order)/2 filt - sum_{i=0..order-1} (i + 1)/order voss[order - i];
    both 0 on the first 5 bars."""
    order = 3 * predict
    f1 = math.cos(2.0 * math.pi / period)
    g1 = math.cos(bandwidth * 2.0 * math.pi / period)
    s1 = 1.0 / g1 - math.sqrt(1.0 / (g1 * g1) - 1.0)
    m = len(x)
    filt, vs = np.zeros(m), np.zeros(m)
    for t in range(5, m):
        filt[t] = (0.5 * (1.0 - s1) * (x[t] - x[t - 2]) + f1 * (1.0 + s1) * filt[t - 1]
                   - s1 * filt[t - 2])
        sc = 0.0
        for i in range(order):
            if t - (order - i) >= 0:
                sc += (i + 1) / order * vs[t - (order - i)]
        vs[t] = (3 + order) / 2.0 * filt[t] - sc
    return vs, filt


def voss_time_stop_sp500():
    """Ehlers' Voss predictor crossing its band-pass filter. Flat, voss crossing
    above filt -> long, below -> short; exit after 4 bars (a time stop), no other
    exit. The first 50 bars (the filters' start) are skipped."""
    times, b = read_bars(SP500)
    c = b["close"]
    vs, filt = voss(c)
    log = Log("SPX500", DAILY)
    for t in range(50, len(c)):
        if log.dir != 0 and t - log.entry_bar >= 4:
            log.close(times[t], c[t])
        elif log.dir == 0:
            if up(vs, filt, t):
                log.open(t, times[t], 1, c[t])
            elif up(filt, vs, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout31_voss_time_stop_sp500_trades_raw.csv")


def renko_flip_eurusd(box=0.0020):
    """A renko chart of the closes (box 0.0020, 20 pips): bricks on a grid from
    the first close; in an up run a close at or above the last brick's top + box
    adds up bricks, a close at or below its top - 2 box turns the run down (and
    the mirror in a down run); before the first brick, a close a box away from the
    first close starts the run that way. Always in: the first brick opens its way;
    each change of brick colour closes the trade and opens the other way at that
    close."""
    times, b = read_bars(EURUSD)
    c = b["close"]
    top = bot = c[0]
    run = 0
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        turn = 0
        if run == 0:
            if c[t] >= top + box:
                n = max(1, math.floor((c[t] - top) / box))
                top, bot, run, turn = top + n * box, top + (n - 1) * box, 1, 1
            elif c[t] <= bot - box:
                n = max(1, math.floor((bot - c[t]) / box))
                bot, top, run, turn = bot - n * box, bot - (n - 1) * box, -1, -1
        elif run > 0:
            if c[t] >= top + box:
                n = max(1, math.floor((c[t] - top) / box))
                top, bot = top + n * box, top + (n - 1) * box
            elif c[t] <= bot - box:
                n = max(1, math.floor((bot - c[t]) / box))
                bot, run, turn = bot - n * box, -1, -1
                top = bot + box
        else:
            if c[t] <= bot - box:
                n = max(1, math.floor((bot - c[t]) / box))
                bot, top = bot - n * box, bot - (n - 1) * box
            elif c[t] >= top + box:
                n = max(1, math.floor((c[t] - top) / box))
                top, run, turn = top + n * box, 1, 1
                bot = top - box
        if turn and turn != log.dir:
            if log.dir != 0:
                log.close(times[t], c[t])
            log.open(t, times[t], turn, c[t])
    write_here(log.rows, "heldout31_renko_flip_eurusd_trades_raw.csv")


def wilder_ma(x, n):
    """Wilder's smoothing (alpha 1/n), seeded by the mean of the first n values."""
    out = np.full(len(x), np.nan)
    if len(x) < n:
        return out
    s = float(np.mean(x[:n]))
    out[n - 1] = s
    for t in range(n, len(x)):
        s += (x[t] - s) / n
        out[t] = s
    return out


def twiggs_money_flow(h, l, c, v, n=21):
    """Twiggs money flow (Colin Twiggs, as the helper recalls it; customary: 21
    days): trh = max(high, close[1]), trl = min(low, close[1]); ad = volume
    ((close - trl) - (trh - close)) / (trh - trl) (0 when trh = trl);
    TMF = wilder(ad, 21) / wilder(volume, 21)."""
    m = len(c)
    ad = np.zeros(m)
    for t in range(1, m):
        trh, trl = max(h[t], c[t - 1]), min(l[t], c[t - 1])
        if trh > trl:
            ad[t] = v[t] * ((c[t] - trl) - (trh - c[t])) / (trh - trl)
    num, den = wilder_ma(ad[1:], n), wilder_ma(v[1:], n)
    tmf = np.full(m, np.nan)
    ok = np.isfinite(den) & (den > 0)
    tmp = np.full(m - 1, np.nan)
    tmp[ok] = num[ok] / den[ok]
    tmf[1:] = tmp
    return tmf


def twiggs_two_symbols():
    """Multi-symbol log (S&P 500 and AAPL daily): TMF(21) crossing 0. Flat, TMF
    crossing above 0 -> long, below 0 -> short; exit when TMF crosses 0 back or
    after 10 bars. Each symbol independently (tickets 7000 / 8000)."""
    rows = []
    for sym, path, ticket in (("SPX500", SP500, 7000), ("AAPL", AAPL, 8000)):
        times, b = read_bars(path)
        h, l, c = b["high"], b["low"], b["close"]
        v = read_volume(path)
        tmf = twiggs_money_flow(h, l, c, v)
        zero = np.zeros_like(c)
        log = Log(sym, DAILY, rows, ticket=ticket)
        for t in range(1, len(c)):
            if not finite(tmf[t - 1], tmf[t]):
                continue
            if log.dir != 0 and (t - log.entry_bar >= 10 or (log.dir > 0 and tmf[t] < 0.0)
                                 or (log.dir < 0 and tmf[t] > 0.0)):
                log.close(times[t], c[t])
            elif log.dir == 0:
                if up(tmf, zero, t):
                    log.open(t, times[t], 1, c[t])
                elif up(zero, tmf, t):
                    log.open(t, times[t], -1, c[t])
    write_here(rows, "heldout31_twiggs_two_symbols_trades_raw.csv")


def ama_filter_googl(k=1.0, n=5):
    """Kaufman's adaptive moving average with his filter (Smarter Trading, 1995,
    and Trading Systems and Methods, as the helper recalls them; customary: AMA
    efficiency period 10, fast 2, slow 30 (TA-Lib KAMA(10)); filter = f x
    stddev(20) of the AMA's bar-to-bar change, f from 0.1 to 1.0). A trend filter
    at a threshold: flat, the AMA more than the filter above its lowest of the 5
    bars before -> long, more than the filter below its highest of the 5 bars
    before -> short; a long exits on the short condition, a short on the long
    condition. The first 60 bars are skipped."""
    times, b = read_bars(GOOGL)
    c = b["close"]
    ama = talib.KAMA(c, 10)
    d = np.full_like(c, np.nan)
    d[1:] = ama[1:] - ama[:-1]
    filt = np.full_like(c, np.nan)
    first = int(np.argmax(np.isfinite(d)))
    filt[first:] = k * talib.STDDEV(d[first:], 20, 1.0)
    log = Log("GOOGL", DAILY)
    for t in range(60, len(c)):
        lo, hi = np.min(ama[t - n:t]), np.max(ama[t - n:t])
        if not finite(ama[t], filt[t], lo, hi):
            continue
        buy, sell = ama[t] - lo > filt[t], hi - ama[t] > filt[t]
        if log.dir != 0 and ((log.dir > 0 and sell) or (log.dir < 0 and buy)):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if buy and not sell:
                log.open(t, times[t], 1, c[t])
            elif sell and not buy:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout31_ama_filter_googl_trades_raw.csv")


if __name__ == "__main__":
    bollinger_m2_sp500()
    value_chart_aapl()
    kdj_session_eurusd()
    asi_swing_sltp_eurusd()
    voss_time_stop_sp500()
    renko_flip_eurusd()
    twiggs_two_symbols()
    ama_filter_googl()
