#!/usr/bin/env python3
"""Twenty-second held-out set of rule bots for clone fidelity (issue 8), written on
2026-12-07 (twenty-second session) at its start, before that session's tuning on the
other bots, and scored once later in the session with default options. Each bot is
a deterministic rule over TA-Lib indicators (PyPI ta-lib) or plain bar arithmetic,
on real data in the repo, decided at a bar's close and logged inside that bar
(daily: 20:00 of the date; hourly: minute 59), in BotCopier's observer schema. Bar
reading and the log writer are the first set's (../heldout/make_heldout_bots.py),
the volume reader the tenth's, the finiteness check the seventh's, the data paths
the seventeenth's.

Run: python3 make_heldout23_bots.py   (writes heldout23_*_trades_raw.csv)
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


def td_setup_sp500():
    """DeMark's TD sequential setup: the up count grows by one on each close above the
    close four bars earlier and falls to 0 otherwise (the down count mirrored). Flat,
    the down count reaching 9 -> long, the up count reaching 9 -> short (an exhausted
    run faded); exit after 5 bars."""
    times, b = read_bars(SP500)
    c = b["close"]
    cu = np.zeros(len(c), dtype=int)
    cd = np.zeros(len(c), dtype=int)
    for t in range(4, len(c)):
        cu[t] = cu[t - 1] + 1 if c[t] > c[t - 4] else 0
        cd[t] = cd[t - 1] + 1 if c[t] < c[t - 4] else 0
    log = Log("SPX500", DAILY)
    for t in range(5, len(c)):
        if log.dir != 0 and t - log.entry_bar >= 5:
            log.close(times[t], c[t])
        elif log.dir == 0:
            if cd[t] == 9:
                log.open(t, times[t], 1, c[t])
            elif cu[t] == 9:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout23_td_setup_sp500_trades_raw.csv")


def frama_flip_eurusd():
    """Ehlers' fractal adaptive moving average FRAMA(16) on the close: n1 = the range
    (max high - min low) of the last 8 bars / 8, n2 the same for the 8 before, n3 = the
    16 bars' range / 16; d = (log(n1 + n2) - log(n3)) / log 2, alpha = exp(-4.6 (d - 1))
    held to 0.01..1, frama = alpha close + (1 - alpha) frama[-1] (seeded with the close).
    Always in the market after the first cross: the close crossing above FRAMA closes a
    short and opens a long, crossing below the reverse (close and open on one bar)."""
    times, b = read_bars(EURUSD)
    h, l, c = b["high"], b["low"], b["close"]
    n = 16
    fr = np.full_like(c, np.nan)
    for t in range(n - 1, len(c)):
        h1, l1 = h[t - 7:t + 1].max(), l[t - 7:t + 1].min()
        h2, l2 = h[t - 15:t - 7].max(), l[t - 15:t - 7].min()
        n1, n2 = (h1 - l1) / 8.0, (h2 - l2) / 8.0
        n3 = (max(h1, h2) - min(l1, l2)) / 16.0
        if n1 > 0 and n2 > 0 and n3 > 0:
            d = (np.log(n1 + n2) - np.log(n3)) / np.log(2.0)
        else:
            d = 1.0
        a = min(1.0, max(0.01, np.exp(-4.6 * (d - 1.0))))
        prev = fr[t - 1] if np.isfinite(fr[t - 1]) else c[t]
        fr[t] = a * c[t] + (1.0 - a) * prev
    log = Log("EURUSD", HOURLY)
    for t in range(n + 1, len(c)):
        if up(c, fr, t) and log.dir <= 0:
            if log.dir < 0:
                log.close(times[t], c[t])
            log.open(t, times[t], 1, c[t])
        elif up(fr, c, t) and log.dir >= 0:
            if log.dir > 0:
                log.close(times[t], c[t])
            log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout23_frama_flip_eurusd_trades_raw.csv")


def chande_kroll_googl():
    """Chande-Kroll stop (p 10, x 1, q 9): the first high stop = max(high, 10) - atr(10),
    the first low stop = min(low, 10) + atr(10) (TA-Lib ATR); the long stop = the highest
    first high stop of the last 9 bars, the short stop = the lowest first low stop of the
    last 9 bars. Flat, the close crossing above the higher of the two lines -> long,
    below the lower -> short; a long exits when the close crosses below the long stop, a
    short when it crosses above the short stop."""
    times, b = read_bars(GOOGL)
    h, l, c = b["high"], b["low"], b["close"]
    atr = talib.ATR(h, l, c, 10)
    fhs = talib.MAX(h, 10) - atr
    fls = talib.MIN(l, 10) + atr
    first = np.argmax(np.isfinite(fhs))
    sl_long = np.full_like(c, np.nan)
    sl_short = np.full_like(c, np.nan)
    sl_long[first:] = talib.MAX(fhs[first:], 9)
    sl_short[first:] = talib.MIN(fls[first:], 9)
    top = np.maximum(sl_long, sl_short)
    bot = np.minimum(sl_long, sl_short)
    log = Log("GOOGL", DAILY)
    for t in range(1, len(c)):
        if not finite(top[t - 1], bot[t - 1]):
            continue
        if log.dir != 0 and ((log.dir > 0 and up(sl_long, c, t))
                             or (log.dir < 0 and up(c, sl_short, t))):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if up(c, top, t):
                log.open(t, times[t], 1, c[t])
            elif up(bot, c, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout23_chande_kroll_googl_trades_raw.csv")


def skew_session_eurusd():
    """Return skewness fade inside a session: the population skewness of the last 48
    one-bar returns (m3 / m2^1.5). Flat, from 07:00 to 16:59, the skewness crossing
    above 0.75 -> short, below -0.75 -> long; exit at 18:00 (the session's close) only."""
    times, b = read_bars(EURUSD_2017)
    c = b["close"]
    r = np.full_like(c, np.nan)
    r[1:] = c[1:] / c[:-1] - 1.0
    sk = np.full_like(c, np.nan)
    for t in range(48, len(c)):
        w = r[t - 47:t + 1]
        d = w - w.mean()
        m2 = (d * d).mean()
        sk[t] = (d ** 3).mean() / m2 ** 1.5 if m2 > 0 else 0.0
    lv1, lvm1 = level(c, 0.75), level(c, -0.75)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        hour = times[t].hour
        if log.dir != 0 and hour == 18:
            log.close(times[t], c[t])
        elif log.dir == 0 and 7 <= hour <= 16 and finite(sk[t - 1], sk[t]):
            if up(lvm1, sk, t):
                log.open(t, times[t], 1, c[t])
            elif up(sk, lv1, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout23_skew_session_eurusd_trades_raw.csv")


def trend_template_sp500():
    """A stacked-averages trend template with a breakout: flat, close > sma(50) >
    sma(150) > sma(200) and the close crossing above the previous 20 bars' highest high
    -> long; close < sma(50) < sma(150) < sma(200) and the close crossing below the
    previous 20 bars' lowest low -> short; exit when the close crosses sma(50) against
    the trade."""
    times, b = read_bars(SP500)
    h, l, c = b["high"], b["low"], b["close"]
    s50, s150, s200 = talib.SMA(c, 50), talib.SMA(c, 150), talib.SMA(c, 200)
    hi = np.full_like(c, np.nan)
    lo = np.full_like(c, np.nan)
    hi[1:] = talib.MAX(h, 20)[:-1]
    lo[1:] = talib.MIN(l, 20)[:-1]
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        if not finite(s200[t - 1], hi[t - 1], lo[t - 1]):
            continue
        if log.dir != 0 and ((log.dir > 0 and up(s50, c, t))
                             or (log.dir < 0 and up(c, s50, t))):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if c[t] > s50[t] > s150[t] > s200[t] and up(c, hi, t):
                log.open(t, times[t], 1, c[t])
            elif c[t] < s50[t] < s150[t] < s200[t] and up(lo, c, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout23_trend_template_sp500_trades_raw.csv")


def ift_rsi_googl():
    """Ehlers' inverse Fisher transform of the RSI: v = 0.1 (rsi(5) - 50), w = WMA9(v)
    (TA-Lib RSI, WMA), ift = tanh(w). Flat, ift crossing above -0.5 -> long, below 0.5
    -> short; a long exits when ift crosses below 0.5, a short when it crosses above
    -0.5."""
    times, b = read_bars(GOOGL)
    c = b["close"]
    v = 0.1 * (talib.RSI(c, 5) - 50.0)
    first = np.argmax(np.isfinite(v))
    w = np.full_like(c, np.nan)
    w[first:] = talib.WMA(v[first:], 9)
    ift = np.tanh(w)
    lv, lvm = level(c, 0.5), level(c, -0.5)
    log = Log("GOOGL", DAILY)
    for t in range(1, len(c)):
        if not finite(ift[t - 1], ift[t]):
            continue
        if log.dir != 0 and ((log.dir > 0 and up(lv, ift, t))
                             or (log.dir < 0 and up(ift, lvm, t))):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if up(ift, lvm, t):
                log.open(t, times[t], 1, c[t])
            elif up(lv, ift, t):
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout23_ift_rsi_googl_trades_raw.csv")


def bw_mfi_two_symbols():
    """Multi-symbol log (AAPL and GOOGL daily): Bill Williams' market facilitation
    index mfi = (high - low) / volume; a "green" bar has both mfi and volume above the
    previous bar's. Flat, a green bar closing above the previous high -> long, a green
    bar closing below the previous low -> short; exit after 3 bars. Each symbol
    independently."""
    rows = []
    for sym, path, ticket in (("AAPL", AAPL, 7000), ("GOOGL", GOOGL, 9000)):
        times, b = read_bars(path)
        h, l, c = b["high"], b["low"], b["close"]
        vol = read_volume(path)
        mfi = (h - l) / np.where(vol > 0, vol, np.nan)
        log = Log(sym, DAILY, rows, ticket=ticket)
        for t in range(1, len(c)):
            if log.dir != 0 and t - log.entry_bar >= 3:
                log.close(times[t], c[t])
            elif log.dir == 0 and finite(mfi[t - 1], mfi[t]):
                green = mfi[t] > mfi[t - 1] and vol[t] > vol[t - 1]
                if green and c[t] > h[t - 1]:
                    log.open(t, times[t], 1, c[t])
                elif green and c[t] < l[t - 1]:
                    log.open(t, times[t], -1, c[t])
    write_here(rows, "heldout23_bw_mfi_two_symbols_trades_raw.csv")


def darvas_sltp_eurusd():
    """A Darvas-style box breakout with ATR broker stops: the box top is the 10-bar
    highest high as of three bars ago, confirmed when the three bars since stayed below
    it (the bottom mirrored with lows). Flat, a confirmed top and the close above it ->
    long, a confirmed bottom and the close below it -> short; sl 1, tp 2.5 x atr(14) at
    the broker (the stop first when a bar touches both); exit also after 24 bars."""
    times, b = read_bars(EURUSD)
    h, l, c = b["high"], b["low"], b["close"]
    top = np.full_like(c, np.nan)
    bot = np.full_like(c, np.nan)
    top[3:] = talib.MAX(h, 10)[:-3]
    bot[3:] = talib.MIN(l, 10)[:-3]
    since_hi = np.full_like(c, np.nan)
    since_lo = np.full_like(c, np.nan)
    since_hi[1:] = talib.MAX(h, 3)[:-1]
    since_lo[1:] = talib.MIN(l, 3)[:-1]
    atr = talib.ATR(h, l, c, 14)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        if log.broker_exit(t, times[t], h[t], l[t]):
            continue
        if not finite(top[t], bot[t], since_hi[t], since_lo[t], atr[t]):
            continue
        if log.dir != 0 and t - log.entry_bar >= 24:
            log.close(times[t], c[t])
        elif log.dir == 0:
            if since_hi[t] < top[t] and c[t] > top[t]:
                log.open(t, times[t], 1, c[t], c[t] - atr[t], c[t] + 2.5 * atr[t])
            elif since_lo[t] > bot[t] and c[t] < bot[t]:
                log.open(t, times[t], -1, c[t], c[t] + atr[t], c[t] - 2.5 * atr[t])
    write_here(log.rows, "heldout23_darvas_sltp_eurusd_trades_raw.csv")


if __name__ == "__main__":
    td_setup_sp500()
    frama_flip_eurusd()
    chande_kroll_googl()
    skew_session_eurusd()
    trend_template_sp500()
    ift_rsi_googl()
    bw_mfi_two_symbols()
    darvas_sltp_eurusd()
