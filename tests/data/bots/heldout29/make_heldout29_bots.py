#!/usr/bin/env python3
"""Twenty-eighth held-out set of rule bots for clone fidelity (issue 8), written on
2026-12-07 by a helper during the twenty-seventh session, to be scored once by a
later session after its pre-scoring work, with default options. Each bot is a
deterministic rule over TA-Lib indicators (PyPI ta-lib) or plain bar arithmetic,
on real data in the repo, decided at a bar's close and logged inside that bar
(daily: 20:00 of the date; hourly: minute 59), in BotCopier's observer schema.
Bar reading and the log writer are the first set's (../heldout/make_heldout_bots.py),
the finiteness check the seventh's, the data paths the seventeenth's (no bot here
needs the tenth set's volume reader).

Run: python3 make_heldout29_bots.py   (writes heldout29_*_trades_raw.csv)
"""
import math
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


def three_day_hl_sp500():
    """Connors' 3-day high/low method (Connors and Alvarez, High Probability ETF
    Trading, 2009, as the helper recalls it; customary: sma(200) trend, sma(5)
    pullback and exit, three days of lower highs and lower lows). Compound with
    three conditions: flat, the close above sma(200), the close below sma(5), and
    the high and the low below the previous bar's on each of the last three bars
    -> long; the mirror (below sma(200), above sma(5), three higher highs and
    higher lows) -> short. A long exits when the close is above sma(5), a short
    when it is below."""
    times, b = read_bars(SP500)
    h, l, c = b["high"], b["low"], b["close"]
    s200 = talib.SMA(c, 200)
    s5 = talib.SMA(c, 5)
    log = Log("SPX500", DAILY)
    for t in range(3, len(c)):
        if not finite(s200[t], s5[t]):
            continue
        if log.dir != 0 and ((log.dir > 0 and c[t] > s5[t]) or (log.dir < 0 and c[t] < s5[t])):
            log.close(times[t], c[t])
        elif log.dir == 0:
            lower = all(h[k] < h[k - 1] and l[k] < l[k - 1] for k in (t - 2, t - 1, t))
            higher = all(h[k] > h[k - 1] and l[k] > l[k - 1] for k in (t - 2, t - 1, t))
            if c[t] > s200[t] and c[t] < s5[t] and lower:
                log.open(t, times[t], 1, c[t])
            elif c[t] < s200[t] and c[t] > s5[t] and higher:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout29_three_day_hl_sp500_trades_raw.csv")


def ultimate_smoother(x, period):
    """Ehlers' UltimateSmoother (TASC, April 2024): a1 = exp(-1.414 pi / P),
    c2 = 2 a1 cos(1.414 pi / P), c3 = -a1^2, c1 = (1 + c2 - c3) / 4;
    us = (1 - c1) x + (2 c1 - c2) x[1] - (c1 + c3) x[2] + c2 us[1] + c3 us[2],
    seeded with the price for the first four bars."""
    a1 = math.exp(-1.414 * math.pi / period)
    c2 = 2.0 * a1 * math.cos(1.414 * math.pi / period)
    c3 = -a1 * a1
    c1 = (1.0 + c2 - c3) / 4.0
    us = np.array(x, dtype=float)
    for t in range(4, len(x)):
        us[t] = ((1.0 - c1) * x[t] + (2.0 * c1 - c2) * x[t - 1] - (c1 + c3) * x[t - 2]
                 + c2 * us[t - 1] + c3 * us[t - 2])
    return us


def ultimate_bands_aapl():
    """Ehlers' Ultimate Bands (TASC, 2024; customary: length 20, 1 standard
    deviation): mid = UltimateSmoother(close, 20), sd = sqrt(mean over the last 20
    bars of (close - mid)^2), bands mid +- 1 sd. Band level: flat, the close below
    the lower band -> long, above the upper band -> short; a long exits when the
    close is above mid, a short when below it. The first 40 bars (the smoother's
    start) are skipped."""
    n = 20
    times, b = read_bars(AAPL)
    c = b["close"]
    mid = ultimate_smoother(c, n)
    dev2 = (c - mid) ** 2
    sd = np.full_like(c, np.nan)
    sd[n - 1:] = np.sqrt(talib.SMA(dev2, n)[n - 1:])
    log = Log("AAPL", DAILY)
    for t in range(2 * n, len(c)):
        if not finite(mid[t], sd[t]):
            continue
        if log.dir != 0 and ((log.dir > 0 and c[t] > mid[t]) or (log.dir < 0 and c[t] < mid[t])):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if c[t] < mid[t] - sd[t]:
                log.open(t, times[t], 1, c[t])
            elif c[t] > mid[t] + sd[t]:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout29_ultimate_bands_aapl_trades_raw.csv")


def tcf_eurusd():
    """Pee's trend continuation factor (TASC, August 2002; customary length 35):
    change = close - previous close, plus = max(change, 0), minus = max(-change, 0);
    cf+ = cf+[1] + plus while plus > 0, else 0 (cf- likewise on minus);
    TCF+ = sum(plus - cf-, 35), TCF- = sum(minus - cf+, 35) (TA-Lib SUM). A trend
    filter at a threshold: flat, TCF+ crossing above 0 -> long, TCF- crossing above
    0 -> short; a long exits when TCF+ is back at or below 0, a short when TCF- is."""
    n = 35
    times, b = read_bars(EURUSD)
    c = b["close"]
    m = len(c)
    plus = np.zeros(m)
    minus = np.zeros(m)
    chg = np.diff(c)
    plus[1:] = np.maximum(chg, 0.0)
    minus[1:] = np.maximum(-chg, 0.0)
    cfp = np.zeros(m)
    cfm = np.zeros(m)
    for t in range(1, m):
        cfp[t] = cfp[t - 1] + plus[t] if plus[t] > 0 else 0.0
        cfm[t] = cfm[t - 1] + minus[t] if minus[t] > 0 else 0.0
    tp = np.full(m, np.nan)
    tm = np.full(m, np.nan)
    tp[1:] = talib.SUM(plus[1:] - cfm[1:], n)
    tm[1:] = talib.SUM(minus[1:] - cfp[1:], n)
    zero = level(c, 0.0)
    log = Log("EURUSD", HOURLY)
    for t in range(1, m):
        if not finite(tp[t - 1], tp[t], tm[t - 1], tm[t]):
            continue
        if log.dir != 0 and ((log.dir > 0 and tp[t] <= 0) or (log.dir < 0 and tm[t] <= 0)):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if up(tp, zero, t):
                log.open(t, times[t], 1, c[t])
            elif up(tm, zero, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout29_tcf_eurusd_trades_raw.csv")


def td_rei(h, l, c, n=5):
    """DeMark's TD range expansion index (The New Science of Technical Analysis,
    1994; TASC, August 1997): per bar v = (high - high[2]) + (low - low[2]), kept
    only when (high[2] >= close[7] or close[8], or high >= low[5] or low[6]) and
    (low[2] <= close[7] or close[8], or low <= high[5] or high[6]), else 0;
    REI = 100 sum(v, 5) / sum(|high - high[2]| + |low - low[2]|, 5)."""
    m = len(c)
    num = np.full(m, np.nan)
    den = np.full(m, np.nan)
    for t in range(8, m):
        dh, dl = h[t] - h[t - 2], l[t] - l[t - 2]
        c1 = (h[t - 2] >= c[t - 7] or h[t - 2] >= c[t - 8] or h[t] >= l[t - 5] or h[t] >= l[t - 6])
        c2 = (l[t - 2] <= c[t - 7] or l[t - 2] <= c[t - 8] or l[t] <= h[t - 5] or l[t] <= h[t - 6])
        num[t] = dh + dl if (c1 and c2) else 0.0
        den[t] = abs(dh) + abs(dl)
    rei = np.full(m, np.nan)
    sn = np.full(m, np.nan)
    sd = np.full(m, np.nan)
    sn[8:] = talib.SUM(num[8:], n)
    sd[8:] = talib.SUM(den[8:], n)
    ok = np.isfinite(sd) & (sd > 0)
    rei[ok] = 100.0 * sn[ok] / sd[ok]
    return rei


def td_rei_session_eurusd():
    """DeMark's TD REI(5) faded inside a session (customary: levels +-45, a stay
    of at most 5 bars in the zone; 6 or more bars, his "extreme duration", is not
    traded). Flat, from 07:00 to 15:59, REI crossing back above -45 after 1 to 5
    bars below it -> long; back below 45 after 1 to 5 bars above it -> short. A
    long exits when REI closes above 45, a short when below -45, or on the 18:00
    bar (the session close)."""
    times, b = read_bars(EURUSD_2017)
    h, l, c = b["high"], b["low"], b["close"]
    rei = td_rei(h, l, c, 5)
    lo, hi = level(c, -45.0), level(c, 45.0)

    def stay(t, below):
        k = 0
        while t - 1 - k >= 0 and np.isfinite(rei[t - 1 - k]) and \
                ((rei[t - 1 - k] <= -45.0) if below else (rei[t - 1 - k] >= 45.0)):
            k += 1
        return k

    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        hour = times[t].hour
        if log.dir != 0 and (hour == 18 or (log.dir > 0 and rei[t] > 45.0)
                             or (log.dir < 0 and rei[t] < -45.0)):
            log.close(times[t], c[t])
        elif log.dir == 0 and 7 <= hour <= 15:
            if up(rei, lo, t) and 1 <= stay(t, True) <= 5:
                log.open(t, times[t], 1, c[t])
            elif up(hi, rei, t) and 1 <= stay(t, False) <= 5:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout29_td_rei_session_eurusd_trades_raw.csv")


def r_breaker_sltp_eurusd():
    """The R-Breaker's breakout side (a published intraday futures system, as the
    helper recalls it; customary coefficients 0.35, 0.07, 0.25): from the previous
    trading day's high H, low L and close C (of the hourly bars, by calendar date;
    a date with fewer than 12 bars is skipped), sell setup = H + 0.35 (C - L), buy
    setup = L - 0.35 (H - C), break buy = sell setup + 0.25 (sell setup - buy
    setup), break sell = buy setup - 0.25 (sell setup - buy setup). Flat, the close
    crossing above break buy -> long, below break sell -> short; sl 1.5, tp 3 x
    atr(14) (TA-Lib ATR) at the broker (the stop first when a bar touches both);
    no other exit. (The reversal side, with 0.07, is not traded.) (First drafted
    on EUR/USD hourly January-August 2017 (../eurusd_1h.csv): 51 entries; moved
    to the full year 2017 for the entry count, the rule unchanged.)"""
    times, b = read_bars(EURUSD_2017)
    h, l, c = b["high"], b["low"], b["close"]
    m = len(c)
    bb, bs = np.full(m, np.nan), np.full(m, np.nan)
    day, dh, dl, dc, nbars = None, None, None, None, 0
    prev = None
    for t in range(m):
        d = times[t].date()
        if d != day:
            if day is not None and nbars >= 12:
                prev = (dh, dl, dc)
            day, dh, dl, nbars = d, h[t], l[t], 0
        nbars += 1
        dh, dl, dc = max(dh, h[t]), min(dl, l[t]), c[t]
        if prev is not None:
            ph, pl, pc = prev
            ssetup = ph + 0.35 * (pc - pl)
            bsetup = pl - 0.35 * (ph - pc)
            bb[t] = ssetup + 0.25 * (ssetup - bsetup)
            bs[t] = bsetup - 0.25 * (ssetup - bsetup)
    atr = talib.ATR(h, l, c, 14)
    log = Log("EURUSD", HOURLY)
    for t in range(m):
        if log.broker_exit(t, times[t], h[t], l[t]):
            continue
        if log.dir != 0 or not finite(atr[t]):
            continue
        if up(c, bb, t):
            log.open(t, times[t], 1, c[t], c[t] - 1.5 * atr[t], c[t] + 3.0 * atr[t])
        elif up(bs, c, t):
            log.open(t, times[t], -1, c[t], c[t] + 1.5 * atr[t], c[t] - 3.0 * atr[t])
    write_here(log.rows, "heldout29_r_breaker_sltp_eurusd_trades_raw.csv")


def eighty_twenty_sp500():
    """Raschke's 80-20's (Connors and Raschke, Street Smarts, 1995, as the helper
    recalls it; customary: the top / bottom 20 % of the bar's range): the previous
    bar opened in the top 20 % of its range and closed in the bottom 20 %; today's
    low below the previous low and today's close back above it -> long. The mirror
    (opened in the bottom 20 %, closed in the top 20 %; a high above the previous
    high and a close back below it) -> short. Exit after 3 bars (a time stop)."""
    times, b = read_bars(SP500)
    o, h, l, c = b["open"], b["high"], b["low"], b["close"]
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        if log.dir != 0 and t - log.entry_bar >= 3:
            log.close(times[t], c[t])
        elif log.dir == 0:
            s = t - 1
            r = h[s] - l[s]
            if r <= 0:
                continue
            if o[s] >= h[s] - 0.2 * r and c[s] <= l[s] + 0.2 * r and l[t] < l[s] and c[t] > l[s]:
                log.open(t, times[t], 1, c[t])
            elif o[s] <= l[s] + 0.2 * r and c[s] >= h[s] - 0.2 * r and h[t] > h[s] and c[t] < h[s]:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout29_eighty_twenty_sp500_trades_raw.csv")


def three_line_break_googl():
    """Nison's three-line break (Beyond Candlesticks, 1994; customary: 3 lines) on
    the closes: in a white run a close above the last line's top adds a white line;
    a close below the lowest bottom of the last three lines (of those there are,
    when fewer) turns the chart black (a new black line from the last line's bottom
    to the close); the mirror in a black run. The first line is drawn when a close
    differs from the first close. Always in: the first line opens its way; each
    turn of colour closes the trade and opens the other way at that close."""
    times, b = read_bars(GOOGL)
    c = b["close"]
    lines = []                           # (bottom, top, colour)
    log = Log("GOOGL", DAILY)
    for t in range(1, len(c)):
        turn = 0
        if not lines:
            if c[t] != c[0]:
                d = 1 if c[t] > c[0] else -1
                lines.append((min(c[0], c[t]), max(c[0], c[t]), d))
                log.open(t, times[t], d, c[t])
            continue
        bot, top, col = lines[-1]
        last3 = lines[-3:]
        if col > 0:
            if c[t] > top:
                lines.append((top, c[t], 1))
            elif c[t] < min(x[0] for x in last3):
                lines.append((c[t], bot, -1))
                turn = -1
        else:
            if c[t] < bot:
                lines.append((c[t], bot, -1))
            elif c[t] > max(x[1] for x in last3):
                lines.append((top, c[t], 1))
                turn = 1
        if turn:
            log.close(times[t], c[t])
            log.open(t, times[t], turn, c[t])
    write_here(log.rows, "heldout29_three_line_break_googl_trades_raw.csv")


def eco_two_symbols():
    """Multi-symbol log (S&P 500 and AAPL daily): Blau's ergodic candlestick
    oscillator (Momentum, Direction and Divergence, 1995; customary: r = 32,
    s = 5): ECO = 100 ema(ema(close - open, 32), 5) / ema(ema(high - low, 32), 5),
    signal = ema(ECO, 5). Flat, ECO crossing above its signal while below 0 ->
    long, crossing below it while above 0 -> short; exit on the opposite cross.
    Each symbol independently (tickets 7000 / 8000)."""
    rows = []
    for sym, path, ticket in (("SPX500", SP500, 7000), ("AAPL", AAPL, 8000)):
        times, b = read_bars(path)
        o, h, l, c = b["open"], b["high"], b["low"], b["close"]
        co = talib.EMA(talib.EMA(c - o, 32)[31:], 5)
        hl = talib.EMA(talib.EMA(h - l, 32)[31:], 5)
        eco = np.full_like(c, np.nan)
        ok = np.isfinite(co) & np.isfinite(hl) & (hl > 0)
        tmp = np.full_like(co, np.nan)
        tmp[ok] = 100.0 * co[ok] / hl[ok]
        eco[31:] = tmp
        first = int(np.argmax(np.isfinite(eco)))
        sig = np.full_like(c, np.nan)
        sig[first:] = talib.EMA(eco[first:], 5)
        log = Log(sym, DAILY, rows, ticket=ticket)
        for t in range(1, len(c)):
            if not finite(eco[t - 1], eco[t], sig[t - 1], sig[t]):
                continue
            if log.dir != 0 and ((log.dir > 0 and up(sig, eco, t)) or (log.dir < 0 and up(eco, sig, t))):
                log.close(times[t], c[t])
            elif log.dir == 0:
                if up(eco, sig, t) and eco[t] < 0:
                    log.open(t, times[t], 1, c[t])
                elif up(sig, eco, t) and eco[t] > 0:
                    log.open(t, times[t], -1, c[t])
    write_here(rows, "heldout29_eco_two_symbols_trades_raw.csv")


if __name__ == "__main__":
    three_day_hl_sp500()
    ultimate_bands_aapl()
    tcf_eurusd()
    td_rei_session_eurusd()
    r_breaker_sltp_eurusd()
    eighty_twenty_sp500()
    three_line_break_googl()
    eco_two_symbols()
