#!/usr/bin/env python3
"""Twenty-ninth held-out set of rule bots for clone fidelity (issue 8), written on
2026-12-07 by a helper during the twenty-eighth session, to be scored once by a
later session after its pre-scoring work, with default options. Each bot is a
deterministic rule over TA-Lib indicators (PyPI ta-lib) or plain bar arithmetic,
on real data in the repo, decided at a bar's close and logged inside that bar
(daily: 20:00 of the date; hourly: minute 59), in BotCopier's observer schema.
Bar reading and the log writer are the first set's (../heldout/make_heldout_bots.py),
the finiteness check the seventh's, the data paths the seventeenth's.

Run: python3 make_heldout30_bots.py   (writes heldout30_*_trades_raw.csv)
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
from make_heldout17_bots import EURUSD, EURUSD_2017, GOOGL, SP500  # noqa: E402


def write_here(rows, name):
    """The first set's writer, aimed at this folder."""
    write(rows, name, HERE)


def cum_rsi_sp500():
    """Connors and Alvarez's cumulative RSI (High Probability ETF Trading, 2009, as
    the helper recalls it; customary: RSI(2) summed over the last 2 days below 35,
    the close above sma(200), exit when RSI(2) closes above 65). Compound with two
    conditions: flat, the close above sma(200) and RSI(2) + RSI(2)[1] < 35 -> long;
    the mirror (below sma(200), the sum above 165) -> short. A long exits when
    RSI(2) closes above 65, a short when below 35."""
    times, b = read_bars(SP500)
    c = b["close"]
    rsi = talib.RSI(c, 2)
    s200 = talib.SMA(c, 200)
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        if not finite(rsi[t - 1], rsi[t], s200[t]):
            continue
        cum = rsi[t] + rsi[t - 1]
        if log.dir != 0 and ((log.dir > 0 and rsi[t] > 65.0) or (log.dir < 0 and rsi[t] < 35.0)):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if c[t] > s200[t] and cum < 35.0:
                log.open(t, times[t], 1, c[t])
            elif c[t] < s200[t] and cum > 165.0:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout30_cum_rsi_sp500_trades_raw.csv")


def kirshenbaum_googl():
    """Kirshenbaum bands (as Achelis, Technical Analysis from A to Z, gives them, as
    the helper recalls it; customary: ema(20) centre, 1.75 standard errors of the
    20-bar linear regression of the close): se = sqrt(sum of squared residuals of
    the close about its 20-bar least-squares line / (20 - 2)); bands ema(20) +-
    1.75 se. Band level: flat, the close below the lower band -> long, above the
    upper band -> short; a long exits when the close is above the ema, a short when
    below it."""
    n, k = 20, 1.75
    times, b = read_bars(GOOGL)
    c = b["close"]
    m = len(c)
    ema = talib.EMA(c, n)
    se = np.full(m, np.nan)
    x = np.arange(n, dtype=float)
    for t in range(n - 1, m):
        y = c[t - n + 1:t + 1]
        slope, icpt = np.polyfit(x, y, 1)
        r = y - (slope * x + icpt)
        se[t] = math.sqrt(float(np.sum(r * r)) / (n - 2))
    log = Log("GOOGL", DAILY)
    for t in range(m):
        if not finite(ema[t], se[t]):
            continue
        if log.dir != 0 and ((log.dir > 0 and c[t] > ema[t]) or (log.dir < 0 and c[t] < ema[t])):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if c[t] < ema[t] - k * se[t]:
                log.open(t, times[t], 1, c[t])
            elif c[t] > ema[t] + k * se[t]:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout30_kirshenbaum_googl_trades_raw.csv")


def simple_decycler(x, period):
    """Ehlers' simple decycler (TASC, September 2015): the close less its two-pole
    high-pass filter, alpha1 = (cos(0.707 2 pi / P) + sin(0.707 2 pi / P) - 1) /
    cos(0.707 2 pi / P); hp = (1 - alpha1 / 2)^2 (x - 2 x[1] + x[2])
    + 2 (1 - alpha1) hp[1] - (1 - alpha1)^2 hp[2], hp = 0 on the first two bars."""
    w = 0.707 * 2.0 * math.pi / period
    a1 = (math.cos(w) + math.sin(w) - 1.0) / math.cos(w)
    hp = np.zeros(len(x))
    for t in range(2, len(x)):
        hp[t] = ((1.0 - a1 / 2.0) ** 2 * (x[t] - 2.0 * x[t - 1] + x[t - 2])
                 + 2.0 * (1.0 - a1) * hp[t - 1] - (1.0 - a1) ** 2 * hp[t - 2])
    return np.asarray(x, dtype=float) - hp


def decycler_sp500():
    """Ehlers' simple decycler with hysteresis (TASC, September 2015; customary:
    high-pass period 125, hysteresis lines 0.5 % above and below). A trend filter
    at a threshold: flat, the close above decycler x 1.005 -> long, below decycler
    x 0.995 -> short; a long exits when the close is below the lower line, a short
    when above the upper line. The first 250 bars (the filter's start) are
    skipped."""
    times, b = read_bars(SP500)
    c = b["close"]
    dec = simple_decycler(c, 125)
    hi, lo = dec * 1.005, dec * 0.995
    log = Log("SPX500", DAILY)
    for t in range(250, len(c)):
        if log.dir != 0 and ((log.dir > 0 and c[t] < lo[t]) or (log.dir < 0 and c[t] > hi[t])):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if c[t] > hi[t]:
                log.open(t, times[t], 1, c[t])
            elif c[t] < lo[t]:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout30_decycler_sp500_trades_raw.csv")


def willr_session_eurusd():
    """Williams' %R (Larry Williams, 1973, as the helper recalls it; customary:
    14 bars, oversold below -80, overbought above -20) faded inside a session.
    Flat, from 08:00 to 15:59, %R(14) crossing back above -80 -> long, back below
    -20 -> short. A long exits when %R closes above -20, a short below -80, or on
    the 19:00 bar (the session close)."""
    times, b = read_bars(EURUSD)
    h, l, c = b["high"], b["low"], b["close"]
    wr = talib.WILLR(h, l, c, 14)
    lo, hi = np.full_like(c, -80.0), np.full_like(c, -20.0)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        hour = times[t].hour
        if log.dir != 0 and (hour == 19 or (log.dir > 0 and wr[t] > -20.0)
                             or (log.dir < 0 and wr[t] < -80.0)):
            log.close(times[t], c[t])
        elif log.dir == 0 and 8 <= hour <= 15:
            if up(wr, lo, t):
                log.open(t, times[t], 1, c[t])
            elif up(hi, wr, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout30_willr_session_eurusd_trades_raw.csv")


def demark_range_sltp_eurusd():
    """DeMark's projected range (his pivot points, The New Science of Technical
    Analysis, 1994, as the helper recalls it): from the previous date's hourly
    open O (the first bar's), high H, low L and close C (dates with < 12 bars
    skipped), X = H + 2L + C when C < O, 2H + L + C when C > O, H + L + 2C when
    equal; projected high = X / 2 - L, projected low = X / 2 - H. A breakout:
    flat, the close crossing above the projected high -> long, below the projected
    low -> short; sl 2, tp 3 x atr(14) (TA-Lib ATR) at the broker (the stop first
    when a bar touches both); no other exit."""
    times, b = read_bars(EURUSD_2017)
    o, h, l, c = b["open"], b["high"], b["low"], b["close"]
    m = len(c)
    ph, pl = np.full(m, np.nan), np.full(m, np.nan)
    day, dopen, dh, dl, dc, nbars = None, None, None, None, None, 0
    prev = None
    for t in range(m):
        d = times[t].date()
        if d != day:
            if day is not None and nbars >= 12:
                prev = (dopen, dh, dl, dc)
            day, dopen, dh, dl, nbars = d, o[t], h[t], l[t], 0
        nbars += 1
        dh, dl, dc = max(dh, h[t]), min(dl, l[t]), c[t]
        if prev is not None:
            po, pH, pL, pC = prev
            if pC < po:
                x = pH + 2.0 * pL + pC
            elif pC > po:
                x = 2.0 * pH + pL + pC
            else:
                x = pH + pL + 2.0 * pC
            ph[t] = x / 2.0 - pL
            pl[t] = x / 2.0 - pH
    atr = talib.ATR(h, l, c, 14)
    log = Log("EURUSD", HOURLY)
    for t in range(m):
        if log.broker_exit(t, times[t], h[t], l[t]):
            continue
        if log.dir != 0 or not finite(atr[t]):
            continue
        if up(c, ph, t):
            log.open(t, times[t], 1, c[t], c[t] - 2.0 * atr[t], c[t] + 3.0 * atr[t])
        elif up(pl, c, t):
            log.open(t, times[t], -1, c[t], c[t] + 2.0 * atr[t], c[t] - 3.0 * atr[t])
    write_here(log.rows, "heldout30_demark_range_sltp_eurusd_trades_raw.csv")


def three_inside_sp500_googl():
    """Nison's three inside up / three inside down (Japanese Candlestick Charting
    Techniques, 1991; TA-Lib CDL3INSIDE: a harami whose third bar closes beyond
    the first bar's open): +100 -> long, -100 -> short, when flat. Exit after 5
    bars (a time stop). Each symbol independently (S&P 500 daily, tickets 7000;
    GOOGL daily, tickets 8000). (First drafted on AAPL daily: 21 entries; then on
    S&P 500 daily: 52; then on EUR/USD hourly 2017: 39; moved to S&P 500 and GOOGL
    daily in one log for the entry count, the rule unchanged.)"""
    rows = []
    for sym, path, ticket in (("SPX500", SP500, 7000), ("GOOGL", GOOGL, 8000)):
        times, b = read_bars(path)
        o, h, l, c = b["open"], b["high"], b["low"], b["close"]
        pat = talib.CDL3INSIDE(o, h, l, c)
        log = Log(sym, DAILY, rows, ticket=ticket)
        for t in range(len(c)):
            if log.dir != 0 and t - log.entry_bar >= 5:
                log.close(times[t], c[t])
            elif log.dir == 0:
                if pat[t] > 0:
                    log.open(t, times[t], 1, c[t])
                elif pat[t] < 0:
                    log.open(t, times[t], -1, c[t])
    write_here(rows, "heldout30_three_inside_sp500_googl_trades_raw.csv")


def dti_googl():
    """Blau's directional trend index (Momentum, Direction and Divergence, 1995, as
    the helper recalls it; customary: r = 14, s = 10, u = 5): hmu = high - high[1]
    when positive, else 0; lmd = low[1] - low when positive, else 0;
    DTI = 100 ema(ema(ema(hmu - lmd, 14), 10), 5) / ema(ema(ema(|hmu - lmd|, 14),
    10), 5). Always in on its zero line: the first cross opens its way; each cross
    of 0 closes the trade and opens the other way at that close. (First drafted on
    AAPL daily: 47 entries; moved to GOOGL daily for the entry count, the rule
    unchanged.)"""
    times, b = read_bars(GOOGL)
    h, l, c = b["high"], b["low"], b["close"]
    m = len(c)
    hmu, lmd = np.zeros(m), np.zeros(m)
    hmu[1:] = np.maximum(np.diff(h), 0.0)
    lmd[1:] = np.maximum(-np.diff(l), 0.0)
    d = hmu[1:] - lmd[1:]

    def ema3(x):
        a = talib.EMA(x, 14)
        a = talib.EMA(a[13:], 10)
        a = talib.EMA(a[9:], 5)
        return a[4:]

    num, den = ema3(d), ema3(np.abs(d))
    dti = np.full(m, np.nan)
    ok = den > 0
    tmp = np.full(len(num), np.nan)
    tmp[ok] = 100.0 * num[ok] / den[ok]
    dti[m - len(tmp):] = tmp
    zero = np.zeros(m)
    log = Log("GOOGL", DAILY)
    for t in range(1, m):
        turn = 1 if up(dti, zero, t) else (-1 if up(zero, dti, t) else 0)
        if turn and turn != log.dir:
            if log.dir != 0:
                log.close(times[t], c[t])
            log.open(t, times[t], turn, c[t])
    write_here(log.rows, "heldout30_dti_googl_trades_raw.csv")


def qqe(c, n=14, sf=5, k=4.236):
    """The QQE (MetaTrader indicator, as its common ports give it; customary:
    RSI 14, smoothing 5, factor 4.236): rsima = ema(RSI(close, 14), 5);
    d = |rsima - rsima[1]|; dar = ema(ema(d, 27), 27) x 4.236 (27 = 2 x 14 - 1);
    a trailing line tr: when rsima < tr[1], tr = min(tr[1], rsima + dar) if
    rsima[1] < tr[1] too, else rsima + dar; when rsima > tr[1], tr = max(tr[1],
    rsima - dar) if rsima[1] > tr[1] too, else rsima - dar; unchanged when equal;
    seeded at rsima - dar on its first bar."""
    m = len(c)
    rsima = np.full(m, np.nan)
    rsi = talib.RSI(c, n)
    rsima[n:] = talib.EMA(rsi[n:], sf)
    first = int(np.argmax(np.isfinite(rsima)))
    dd = np.full(m, np.nan)
    dd[first + 1:] = np.abs(np.diff(rsima[first:]))
    w = 2 * n - 1
    dar = np.full(m, np.nan)
    e1 = talib.EMA(dd[first + 1:], w)
    e2 = np.full_like(e1, np.nan)
    e2[w - 1:] = talib.EMA(e1[w - 1:], w)
    dar[first + 1:] = e2 * k
    tr = np.full(m, np.nan)
    for t in range(1, m):
        if not finite(rsima[t], rsima[t - 1], dar[t]):
            continue
        if not np.isfinite(tr[t - 1]):
            tr[t] = rsima[t] - dar[t]
            continue
        p, r1, r0 = tr[t - 1], rsima[t], rsima[t - 1]
        if r1 < p:
            tr[t] = min(p, r1 + dar[t]) if r0 < p else r1 + dar[t]
        elif r1 > p:
            tr[t] = max(p, r1 - dar[t]) if r0 > p else r1 - dar[t]
        else:
            tr[t] = p
    return rsima, tr


def qqe_two_symbols():
    """Multi-symbol log (S&P 500 and GOOGL daily): the QQE's smoothed RSI crossing
    its trailing line. Flat, rsima crossing above tr while above 50 -> long,
    crossing below it while below 50 -> short; exit on the opposite cross. Each
    symbol independently (tickets 7000 / 8000)."""
    rows = []
    for sym, path, ticket in (("SPX500", SP500, 7000), ("GOOGL", GOOGL, 8000)):
        times, b = read_bars(path)
        c = b["close"]
        rsima, tr = qqe(c)
        log = Log(sym, DAILY, rows, ticket=ticket)
        for t in range(1, len(c)):
            if not finite(rsima[t - 1], rsima[t], tr[t - 1], tr[t]):
                continue
            if log.dir != 0 and ((log.dir > 0 and up(tr, rsima, t)) or (log.dir < 0 and up(rsima, tr, t))):
                log.close(times[t], c[t])
            elif log.dir == 0:
                if up(rsima, tr, t) and rsima[t] > 50.0:
                    log.open(t, times[t], 1, c[t])
                elif up(tr, rsima, t) and rsima[t] < 50.0:
                    log.open(t, times[t], -1, c[t])
    write_here(rows, "heldout30_qqe_two_symbols_trades_raw.csv")


if __name__ == "__main__":
    cum_rsi_sp500()
    kirshenbaum_googl()
    decycler_sp500()
    willr_session_eurusd()
    demark_range_sltp_eurusd()
    three_inside_sp500_googl()
    dti_googl()
    qqe_two_symbols()
