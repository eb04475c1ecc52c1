#!/usr/bin/env python3
"""Generates the trade logs of the MetaTrader 5 indicator bots
(tests/data/bots/mt5_*_trades_raw.csv): small rules over MT5's built-in
indicators (LWMA, SMMA, Awesome Oscillator, DeMarker, RVI), each computed
here in float64 numpy from MT5's published formulas, independently of
libbotcopier, and logged with make_test_bots.py's logger (decisions at a
bar's close, logged inside that bar).

Run: python3 tests/data/bots/make_mt5_bots.py [BOT ...]   (needs numpy and
ta-lib; no BOT = every log).
"""
import importlib.util
import os
import sys

import numpy as np
import talib

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.dirname(HERE)

_spec = importlib.util.spec_from_file_location("make_test_bots",
                                               os.path.join(HERE, "make_test_bots.py"))
bots = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bots)


def smma(x, n):
    """MT5 MODE_SMMA: the first value the mean of the first n values, then
    (prev * (n - 1) + x) / n."""
    out = np.full(len(x), np.nan)
    if len(x) < n:
        return out
    prev = sum(x[:n]) / n
    out[n - 1] = prev
    for i in range(n, len(x)):
        prev = (prev * (n - 1) + x[i]) / n
        out[i] = prev
    return out


def sma(x, n):
    out = np.full(len(x), np.nan)
    for i in range(n - 1, len(x)):
        w = x[i - n + 1:i + 1]
        out[i] = np.nan if np.isnan(w).any() else w.mean()
    return out


def awesome(h, lo):
    m = (h + lo) / 2.0
    return sma(m, 5) - sma(m, 34)


def demarker(h, lo, n):
    dmax = np.full(len(h), np.nan)
    dmin = np.full(len(h), np.nan)
    dmax[1:] = np.where(h[1:] > h[:-1], h[1:] - h[:-1], 0.0)
    dmin[1:] = np.where(lo[1:] < lo[:-1], lo[:-1] - lo[1:], 0.0)
    a, b = sma(dmax, n), sma(dmin, n)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(a + b != 0, a / (a + b), 0.0) + 0 * a


def rvi(o, h, lo, c, n):
    co, hl = c - o, h - lo
    up = np.full(len(c), np.nan)
    dn = np.full(len(c), np.nan)
    up[3:] = co[3:] + 2 * co[2:-1] + 2 * co[1:-2] + co[:-3]
    dn[3:] = hl[3:] + 2 * hl[2:-1] + 2 * hl[1:-2] + hl[:-3]
    line = np.full(len(c), np.nan)
    for i in range(n + 2, len(c)):
        num, den = up[i - n + 1:i + 1].sum(), dn[i - n + 1:i + 1].sum()
        line[i] = num / den if den != 0 else 0.0
    sig = np.full(len(c), np.nan)
    sig[3:] = (line[3:] + 2 * line[2:-1] + 2 * line[1:-2] + line[:-3]) / 6
    return line, sig


def reversal(path, symbol, offset, a, b, out):
    """Always in the market: long when a crosses above b, short when below."""
    times, bars = bots.read_bars(path)
    c = bars["close"]
    fa, fb = a(bars), b(bars)
    log = bots.Log(symbol, offset)
    for t in range(len(c)):
        want = 1 if bots.cross_up(fa, fb, t) else -1 if bots.cross_down(fa, fb, t) else 0
        if want and want != log.dir:
            if log.dir:
                log.close(times[t], c[t])
            log.open(t, times[t], want, c[t])
    log.write(out)


def lwma_cross_eurusd():
    """LWMA(5)/LWMA(20) cross reversal on EUR/USD hourly (MT5 MODE_LWMA = TA-Lib WMA)."""
    reversal(os.path.join(HERE, "eurusd_1h.csv"), "EURUSD", bots.HOURLY,
             lambda b: talib.WMA(b["close"], 5), lambda b: talib.WMA(b["close"], 20),
             "mt5_lwma_5_20_eurusd_trades_raw.csv")


def smma_cross_sp500():
    """SMMA(10)/SMMA(30) cross reversal on S&P 500 daily."""
    reversal(os.path.join(DATA, "sp500_daily.csv"), "SPX500", bots.DAILY,
             lambda b: smma(b["close"], 10), lambda b: smma(b["close"], 30),
             "mt5_smma_10_30_sp500_trades_raw.csv")


def ao_zero_cross_aapl():
    """Awesome Oscillator (sma 5 - sma 34 of the median price) crossing 0,
    reversal, on AAPL daily."""
    reversal(os.path.join(DATA, "aapl_daily.csv"), "AAPL", bots.DAILY,
             lambda b: awesome(b["high"], b["low"]), lambda b: np.zeros(len(b["close"])),
             "mt5_ao_zero_cross_aapl_trades_raw.csv")


def demarker_levels_googl():
    """DeMarker(14) mean reversion on GOOGL daily: flat and DeM crosses
    above 0.3 -> long, closed when DeM crosses above 0.7; flat and DeM
    crosses below 0.7 -> short, closed when DeM crosses below 0.3."""
    times, b = bots.read_bars(os.path.join(HERE, "googl_daily.csv"))
    c = b["close"]
    d = demarker(b["high"], b["low"], 14)
    lo, hi = np.full(len(c), 0.3), np.full(len(c), 0.7)
    log = bots.Log("GOOGL", bots.DAILY)
    for t in range(len(c)):
        if log.dir == 0:
            if bots.cross_up(d, lo, t):
                log.open(t, times[t], 1, c[t])
            elif bots.cross_down(d, hi, t):
                log.open(t, times[t], -1, c[t])
        elif (log.dir > 0 and bots.cross_up(d, hi, t)) or (log.dir < 0 and bots.cross_down(d, lo, t)):
            log.close(times[t], c[t])
    log.write("mt5_demarker_levels_googl_trades_raw.csv")


def rvi_cross_sp500():
    """RVI(10) line crossing its signal, reversal, on S&P 500 daily."""
    def both(b):
        return rvi(b["open"], b["high"], b["low"], b["close"], 10)
    reversal(os.path.join(DATA, "sp500_daily.csv"), "SPX500", bots.DAILY,
             lambda b: both(b)[0], lambda b: both(b)[1], "mt5_rvi_cross_sp500_trades_raw.csv")


ALL = {f.__name__: f for f in (lwma_cross_eurusd, smma_cross_sp500, ao_zero_cross_aapl,
                               demarker_levels_googl, rvi_cross_sp500)}

if __name__ == "__main__":
    for name in sys.argv[1:] or ALL:
        ALL[name]()
