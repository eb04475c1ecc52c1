#!/usr/bin/env python3
"""Thirteenth held-out set of rule bots for clone fidelity (issue 8), written on
2026-12-05 (thirteenth session) at its start, before that session's tuning on the
other bots, and scored once at its end with default options. Each bot is a
deterministic rule over TA-Lib indicators (PyPI ta-lib) or plain bar arithmetic,
on real data in the repo, decided at a bar's close and logged inside that bar
(daily: 20:00 of the date; hourly: minute 59), in BotCopier's observer schema. Bar
reading and the log writer are the first set's (../heldout/make_heldout_bots.py),
the finiteness check the sixth's, the volume reader the ninth's.

Run: python3 make_heldout14_bots.py   (writes heldout14_*_trades_raw.csv)
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

sys.path.insert(0, os.path.join(HERE, "..", "heldout10"))
from make_heldout10_bots import read_volume  # noqa: E402

DATA = os.path.join(HERE, "..", "..")
EURUSD_2017 = os.path.join(DATA, "bots", "heldout", "eurusd_1h_2017.csv")


def write_here(rows, name):
    """The first set's writer, aimed at this folder."""
    write(rows, name, HERE)


def flip(log, t, when, side, price):
    """Always in: a signal against the position closes it and opens the other way."""
    if side and side != log.dir:
        if log.dir != 0:
            log.close(when, price)
        log.open(t, when, side, price)


def smma(x, n):
    """Wilder's smoothed average (MT5's SMMA): seeded with the first n-bar mean, then
    s = (s x (n - 1) + x) / n."""
    out = np.full_like(x, np.nan)
    out[n - 1] = np.mean(x[:n])
    for t in range(n, len(x)):
        out[t] = (out[t - 1] * (n - 1) + x[t]) / n
    return out


def shifted(x, k):
    """x k bars earlier (NaN for the first k)."""
    out = np.full_like(x, np.nan)
    out[k:] = x[:-k]
    return out


def kst_signal_sp500():
    """Always in on Pring's Know Sure Thing: KST = sma(roc(10),10) + 2 sma(roc(15),10)
    + 3 sma(roc(20),10) + 4 sma(roc(30),15); KST crossing above its signal sma(KST, 9)
    -> long, below -> short."""
    times, b = read_bars(os.path.join(DATA, "sp500_daily.csv"))
    c = b["close"]
    parts = ((10, 10, 1), (15, 10, 2), (20, 10, 3), (30, 15, 4))
    kst = np.zeros_like(c)
    for r, s, w in parts:
        roc = talib.ROC(c, r)
        sm = np.full_like(c, np.nan)
        sm[r:] = talib.SMA(roc[r:], s)
        kst = kst + w * sm
    sig = np.full_like(c, np.nan)
    ok = np.flatnonzero(np.isfinite(kst))
    sig[ok[0]:] = talib.SMA(kst[ok[0]:], 9)
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        if not finite(sig[t - 1]):
            continue
        side = 1 if up(kst, sig, t) else -1 if up(sig, kst, t) else 0
        flip(log, t, times[t], side, c[t])
    write_here(log.rows, "heldout14_kst_signal_sp500_trades_raw.csv")


def alligator_eurusd():
    """Bill Williams' alligator on the median price (high + low) / 2: jaw smma(13)
    shifted 8 bars, teeth smma(8) shifted 5, lips smma(5) shifted 3. Flat, the order
    lips > teeth > jaw appearing (it did not hold on the bar before) -> long, lips <
    teeth < jaw appearing -> short; a long closes when lips fall below teeth, a short
    when they rise above."""
    times, b = read_bars(os.path.join(DATA, "bots", "eurusd_1h.csv"))
    c = b["close"]
    mid = (b["high"] + b["low"]) / 2.0
    jaw, teeth, lips = shifted(smma(mid, 13), 8), shifted(smma(mid, 8), 5), shifted(smma(mid, 5), 3)
    bull = (lips > teeth) & (teeth > jaw)
    bear = (lips < teeth) & (teeth < jaw)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        if not finite(jaw[t - 1]):
            continue
        if (log.dir > 0 and lips[t] < teeth[t]) or (log.dir < 0 and lips[t] > teeth[t]):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if bull[t] and not bull[t - 1]:
                log.open(t, times[t], 1, c[t])
            elif bear[t] and not bear[t - 1]:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout14_alligator_eurusd_trades_raw.csv")


def mass_index_sp500():
    """Dorsey's mass index: the 25-bar sum of ema(9)(high - low) / ema(9)(ema(9)(high -
    low)). A reversal bulge: the index rose above 25.5 and now falls below 25; then,
    flat, ema(9) falling -> long, rising -> short (a reversal is expected). Exit after
    10 bars."""
    times, b = read_bars(os.path.join(DATA, "sp500_daily.csv"))
    h, l, c = b["high"], b["low"], b["close"]
    e1 = talib.EMA(h - l, 9)
    e2 = np.full_like(c, np.nan)
    ok = np.flatnonzero(np.isfinite(e1))
    e2[ok[0]:] = talib.EMA(e1[ok[0]:], 9)
    mi = np.full_like(c, np.nan)
    r = e1 / e2
    ok = np.flatnonzero(np.isfinite(r))
    mi[ok[0]:] = talib.SUM(r[ok[0]:], 25)
    ema = talib.EMA(c, 9)
    armed = False
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        if not finite(mi[t - 1], ema[t - 1]):
            continue
        if mi[t] > 25.5:
            armed = True
        if log.dir != 0 and t - log.entry_bar >= 10:
            log.close(times[t], c[t])
        elif log.dir == 0 and armed and mi[t] < 25.0:
            armed = False
            if ema[t] < ema[t - 1]:
                log.open(t, times[t], 1, c[t])
            elif ema[t] > ema[t - 1]:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout14_mass_index_sp500_trades_raw.csv")


def vwma_trend_sp500():
    """The volume-weighted average: vwma(20) = sum(close x volume, 20) / sum(volume,
    20). Flat, the close crossing above vwma(20) while above sma(200) -> long; crossing
    below it while below sma(200) -> short; a long closes when the close crosses below
    vwma(20), a short when it crosses above."""
    path = os.path.join(DATA, "sp500_daily.csv")
    times, b = read_bars(path)
    c = b["close"]
    v = read_volume(path)
    vwma = talib.SUM(c * v, 20) / talib.SUM(v, 20)
    trend = talib.SMA(c, 200)
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        if not finite(vwma[t - 1], trend[t]):
            continue
        if (log.dir > 0 and up(vwma, c, t)) or (log.dir < 0 and up(c, vwma, t)):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if up(c, vwma, t) and c[t] > trend[t]:
                log.open(t, times[t], 1, c[t])
            elif up(vwma, c, t) and c[t] < trend[t]:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout14_vwma_trend_sp500_trades_raw.csv")


def big_candle_pips_eurusd():
    """Momentum candle with fixed-pip stops: a bar whose body |close - open| is more
    than twice the mean body of the 10 bars before it opens in its direction, with sl
    20 pips and tp 30 pips (0.0020 / 0.0030) at the broker; no other exit."""
    times, b = read_bars(EURUSD_2017)
    o, h, l, c = b["open"], b["high"], b["low"], b["close"]
    body = np.abs(c - o)
    mean_before = np.full_like(c, np.nan)
    mean_before[1:] = talib.SMA(body, 10)[:-1]
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        if log.broker_exit(t, times[t], h[t], l[t]):
            continue
        if log.dir != 0 or not finite(mean_before[t]):
            continue
        if body[t] > 2 * mean_before[t]:
            if c[t] > o[t]:
                log.open(t, times[t], 1, c[t], c[t] - 0.0020, c[t] + 0.0030)
            else:
                log.open(t, times[t], -1, c[t], c[t] + 0.0020, c[t] - 0.0030)
    write_here(log.rows, "heldout14_big_candle_pips_eurusd_trades_raw.csv")


def emv_zero_aapl():
    """Always in on the ease of movement: emv = (mid - previous mid) / (volume / 1e8 /
    (high - low)), mid = (high + low) / 2; sma(emv, 14) crossing above 0 -> long,
    below -> short."""
    path = os.path.join(DATA, "aapl_daily.csv")
    times, b = read_bars(path)
    h, l, c = b["high"], b["low"], b["close"]
    v = read_volume(path)
    mid = (h + l) / 2.0
    emv = np.full_like(c, np.nan)
    rng = h - l
    emv[1:] = np.where(rng[1:] > 0, (mid[1:] - mid[:-1]) * rng[1:] / (v[1:] / 1e8), 0.0)
    sm = np.full_like(c, np.nan)
    sm[1:] = talib.SMA(emv[1:], 14)
    zero = np.zeros_like(c)
    log = Log("AAPL", DAILY)
    for t in range(1, len(c)):
        if not finite(sm[t - 1]):
            continue
        side = 1 if up(sm, zero, t) else -1 if up(zero, sm, t) else 0
        flip(log, t, times[t], side, c[t])
    write_here(log.rows, "heldout14_emv_zero_aapl_trades_raw.csv")


def elder_impulse_sp500():
    """Elder's impulse system: green when ema(13) and the MACD(12,26,9) histogram both
    rise bar on bar, red when both fall, blue otherwise. Flat, a green bar after a
    non-green one -> long, a red after a non-red -> short; a long closes on the first
    red bar, a short on the first green."""
    times, b = read_bars(os.path.join(DATA, "sp500_daily.csv"))
    c = b["close"]
    ema = talib.EMA(c, 13)
    _, _, hist = talib.MACD(c, 12, 26, 9)
    green = np.zeros(len(c), bool)
    red = np.zeros(len(c), bool)
    green[1:] = (ema[1:] > ema[:-1]) & (hist[1:] > hist[:-1])
    red[1:] = (ema[1:] < ema[:-1]) & (hist[1:] < hist[:-1])
    log = Log("SPX500", DAILY)
    for t in range(2, len(c)):
        if not finite(hist[t - 2]):
            continue
        if (log.dir > 0 and red[t]) or (log.dir < 0 and green[t]):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if green[t] and not green[t - 1]:
                log.open(t, times[t], 1, c[t])
            elif red[t] and not red[t - 1]:
                log.open(t, times[t], -1, c[t])
    write_here(log.rows, "heldout14_elder_impulse_sp500_trades_raw.csv")


def accel_two_symbols():
    """Multi-symbol log (S&P 500 and GOOGL daily in one file): Bill Williams'
    accelerator AC = AO - sma(AO, 5), AO = sma(mid, 5) - sma(mid, 34), mid = (high +
    low) / 2. Flat, AC crossing above 0 while AO > 0 -> long, AC crossing below 0 while
    AO < 0 -> short; a position closes when AC crosses 0 back. Each symbol trades
    independently."""
    rows = []
    for sym, path, ticket in (("SPX500", os.path.join(DATA, "sp500_daily.csv"), 7000),
                              ("GOOGL", os.path.join(DATA, "bots", "googl_daily.csv"), 9000)):
        times, b = read_bars(path)
        c = b["close"]
        mid = (b["high"] + b["low"]) / 2.0
        ao = talib.SMA(mid, 5) - talib.SMA(mid, 34)
        ac = np.full_like(c, np.nan)
        ac[33:] = ao[33:] - talib.SMA(ao[33:], 5)
        zero = np.zeros_like(c)
        log = Log(sym, DAILY, rows, ticket=ticket)
        for t in range(1, len(c)):
            if not finite(ac[t - 1]):
                continue
            if (log.dir > 0 and up(zero, ac, t)) or (log.dir < 0 and up(ac, zero, t)):
                log.close(times[t], c[t])
            elif log.dir == 0:
                if up(ac, zero, t) and ao[t] > 0:
                    log.open(t, times[t], 1, c[t])
                elif up(zero, ac, t) and ao[t] < 0:
                    log.open(t, times[t], -1, c[t])
    write_here(rows, "heldout14_accel_two_symbols_trades_raw.csv")


if __name__ == "__main__":
    kst_signal_sp500()
    alligator_eurusd()
    mass_index_sp500()
    vwma_trend_sp500()
    big_candle_pips_eurusd()
    emv_zero_aapl()
    elder_impulse_sp500()
    accel_two_symbols()
