#!/usr/bin/env python3
"""Held-out rule bots for clone fidelity (issue 8).

Written by the lead before any tuning of the cloner's default pipeline and
kept away from the engineers who tuned it: these bots are scored once, with
default options, and the scores are reported as they come. Each bot is a
deterministic rule over TA-Lib indicators (PyPI ta-lib), decided at a bar's
close and logged inside that bar (daily: 20:00 of the date; hourly: minute
59), in BotCopier's observer schema.

Run: python3 make_heldout_bots.py   (writes *_trades_raw.csv beside it and
the full-year EUR/USD hourly series eurusd_1h_2017.csv from gym-anytrading).
"""
import csv
import datetime as dt
import os
import sys

import numpy as np
import talib

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_DATA = os.environ.get("BC_TEST_DATA", os.path.join(HERE, "..", ".."))

HEADER = ("event_id;event_time;broker_time;local_time;action;ticket;magic;source;symbol;"
          "order_type;lots;price;sl;tp;profit;profit_after_trade;spread;trace_id;span_id;"
          "comment;remaining_lots;slippage;volume;open_time;book_bid_vol;book_ask_vol;"
          "book_imbalance;sl_hit_dist;tp_hit_dist;executed_model_idx;decision_id;is_anomaly;"
          "equity;margin_level;commission;swap;risk_weight;trend_estimate;trend_variance;"
          "exit_reason;duration_sec;calendar_event_id;local_anomaly;remote_anomaly").split(";")

HOURLY = dt.timedelta(minutes=59)
DAILY = dt.timedelta(hours=20)


def eurusd_full_year():
    """EUR/USD hourly 2017 from gym-anytrading (MIT), written as ISO OHLCV."""
    out = os.path.join(HERE, "eurusd_1h_2017.csv")
    if not os.path.exists(out):
        import gym_anytrading
        src = os.path.join(os.path.dirname(gym_anytrading.__file__), "datasets", "data",
                           "FOREX_EURUSD_1H_ASK.csv")
        with open(src) as f, open(out, "w", newline="") as g:
            r = csv.reader(f)
            next(r)
            g.write("time,open,high,low,close,volume\n")
            for row in r:
                t = dt.datetime.strptime(row[0], "%d.%m.%Y %H:%M:%S.%f")
                g.write(t.strftime("%Y-%m-%d %H:%M:%S") + "," + ",".join(row[1:]) + "\n")
    return out


def read_bars(path):
    with open(path) as f:
        rows = list(csv.DictReader(f))
    key = {k.lower(): k for k in rows[0]}
    tcol = key.get("time") or key.get("date")
    times, cols = [], {c: [] for c in ("open", "high", "low", "close")}
    for r in rows:
        s = r[tcol]
        times.append(dt.datetime.strptime(s, "%Y-%m-%d %H:%M:%S" if " " in s else "%Y-%m-%d"))
        for c in cols:
            cols[c].append(float(r[key[c]]))
    return times, {c: np.array(v) for c, v in cols.items()}


def up(a, b, t):
    return t > 0 and np.all(np.isfinite([a[t - 1], b[t - 1], a[t], b[t]])) and \
        a[t - 1] <= b[t - 1] and a[t] > b[t]


class Log:
    def __init__(self, symbol, offset, rows=None, ticket=5000):
        self.symbol, self.offset = symbol, offset
        self.rows = rows if rows is not None else []
        self.ticket, self.dir, self.entry_bar, self.entry_price = ticket, 0, -1, 0.0
        self.sl = self.tp = None
        self.open_time = ""

    def _row(self, when, action, price, profit):
        stamp = (when + self.offset).strftime("%Y.%m.%d %H:%M:%S")
        row = dict.fromkeys(HEADER, "")
        row.update(event_id=len(self.rows) + 1, event_time=stamp, broker_time=stamp,
                   local_time=stamp, action=action, ticket=self.ticket, magic=777,
                   source="mt5", symbol=self.symbol, order_type=0 if self.dir > 0 else 1,
                   lots="0.20", price=f"{price:.5f}", profit=f"{profit:.2f}",
                   open_time=self.open_time, decision_id=len(self.rows) + 1)
        if self.sl is not None:
            row.update(sl=f"{self.sl:.5f}", tp=f"{self.tp:.5f}")
        self.rows.append(row)

    def open(self, t, when, direction, price, sl=None, tp=None):
        self.ticket += 1
        self.dir, self.entry_bar, self.entry_price, self.sl, self.tp = direction, t, price, sl, tp
        self.open_time = (when + self.offset).strftime("%Y.%m.%d %H:%M:%S")
        self._row(when, "OPEN", price, 0.0)

    def broker_exit(self, t, when, high, low):
        """The broker closes at sl/tp when bar t (after the entry bar) touches it, the
        stop first when both; True when it closed."""
        if not self.dir or t <= self.entry_bar:
            return False
        hit_sl = low <= self.sl if self.dir > 0 else high >= self.sl
        hit_tp = high >= self.tp if self.dir > 0 else low <= self.tp
        if hit_sl or hit_tp:
            self.close(when, self.sl if hit_sl else self.tp)
            return True
        return False

    def close(self, when, price):
        self._row(when, "CLOSE", price, self.dir * (price - self.entry_price) * 1000)
        self.dir, self.sl, self.tp = 0, None, None


def write(rows, name, folder=HERE):
    """Writes the log in event order into folder (this one by default)."""
    rows.sort(key=lambda r: (r["event_time"], r["event_id"]))
    for i, r in enumerate(rows):
        r["event_id"] = r["decision_id"] = i + 1
    with open(os.path.join(folder, name), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=HEADER, delimiter=";", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    n = sum(r["action"] == "OPEN" for r in rows)
    print(f"{name}: {len(rows)} events, {n} entries")


def bb_rsi_compound_googl():
    """Compound entry: close below the lower Bollinger band(20,2) AND rsi(14) < 40 -> long;
    close above the upper band AND rsi(14) > 60 -> short (flat only). Exit when the close
    is back beyond the middle band (sma 20)."""
    times, b = read_bars(os.path.join(REPO_DATA, "bots", "googl_daily.csv"))
    c = b["close"]
    hi, mid, lo = talib.BBANDS(c, 20, 2, 2, 0)
    rsi = talib.RSI(c, 14)
    log = Log("GOOGL", DAILY)
    for t in range(len(c)):
        if not np.isfinite(mid[t]) or not np.isfinite(rsi[t]):
            continue
        if log.dir > 0 and c[t] > mid[t]:
            log.close(times[t], c[t])
        elif log.dir < 0 and c[t] < mid[t]:
            log.close(times[t], c[t])
        elif log.dir == 0:
            if c[t] < lo[t] and rsi[t] < 40:
                log.open(t, times[t], 1, c[t])
            elif c[t] > hi[t] and rsi[t] > 60:
                log.open(t, times[t], -1, c[t])
    write(log.rows, "heldout_bb_rsi_googl_trades_raw.csv")


def donchian_atr_sltp_eurusd(path):
    """Breakout with ATR stop-loss / take-profit: flat and close above the highest high of
    the previous 20 bars -> long with sl = close - 1.5 atr(14), tp = close + 2.5 atr(14);
    below the lowest low -> short, mirrored. The broker closes at sl/tp when a later bar's
    low/high touches it (sl first when both); after such an exit the bot may open again at
    the same bar's close."""
    times, b = read_bars(path)
    c, h, l = b["close"], b["high"], b["low"]
    atr = talib.ATR(h, l, c, 14)
    hh = talib.MAX(h, 20)
    ll = talib.MIN(l, 20)
    log = Log("EURUSD", HOURLY)
    for t in range(1, len(c)):
        log.broker_exit(t, times[t], h[t], l[t])
        if log.dir == 0 and np.isfinite(atr[t]) and np.isfinite(hh[t - 1]):
            if c[t] > hh[t - 1]:
                log.open(t, times[t], 1, c[t], c[t] - 1.5 * atr[t], c[t] + 2.5 * atr[t])
            elif c[t] < ll[t - 1]:
                log.open(t, times[t], -1, c[t], c[t] + 1.5 * atr[t], c[t] - 2.5 * atr[t])
    write(log.rows, "heldout_donchian_atr_eurusd_trades_raw.csv")


def ema_adx_time_stop_sp500():
    """Trend filter at a threshold with a time stop: ema(8) crossing above ema(21) while
    adx(14) > 20 -> long, crossing below while adx > 20 -> short (flat only); the position
    closes on the opposite cross or after 7 bars."""
    times, b = read_bars(os.path.join(REPO_DATA, "sp500_daily.csv"))
    c = b["close"]
    f, s = talib.EMA(c, 8), talib.EMA(c, 21)
    adx = talib.ADX(b["high"], b["low"], c, 14)
    log = Log("SPX500", DAILY)
    for t in range(len(c)):
        if log.dir:
            against = up(s, f, t) if log.dir > 0 else up(f, s, t)
            if against or t - log.entry_bar >= 7:
                log.close(times[t], c[t])
            continue
        if np.isfinite(adx[t]) and adx[t] > 20:
            if up(f, s, t):
                log.open(t, times[t], 1, c[t])
            elif up(s, f, t):
                log.open(t, times[t], -1, c[t])
    write(log.rows, "heldout_ema_adx_sp500_trades_raw.csv")


def zscore_session_eurusd(path):
    """Z-score mean reversion inside a session with a session-close exit: from 07:00 to
    14:59, flat and zscore(close, 24) < -1.8 -> long, > 1.8 -> short; a long closes when the
    z-score is back >= 0 (a short when <= 0), and anything open is closed at 18:00 or later."""
    times, b = read_bars(path)
    c = b["close"]
    mean = talib.SMA(c, 24)
    sd = talib.STDDEV(c, 24, 1.0) * np.sqrt(24 / 23.0)
    z = (c - mean) / sd
    log = Log("EURUSD", HOURLY)
    for t in range(len(c)):
        if not np.isfinite(z[t]):
            continue
        hour = times[t].hour
        if log.dir:
            if hour >= 18 or (log.dir > 0 and z[t] >= 0) or (log.dir < 0 and z[t] <= 0):
                log.close(times[t], c[t])
            continue
        if 7 <= hour <= 14:
            if z[t] < -1.8:
                log.open(t, times[t], 1, c[t])
            elif z[t] > 1.8:
                log.open(t, times[t], -1, c[t])
    write(log.rows, "heldout_zscore_session_eurusd_trades_raw.csv")


def rsi_stoch_two_symbols():
    """Multi-symbol log (AAPL and S&P 500 in one file): flat and rsi(7) < 30 with
    stoch %K(14,3,3) < 25 -> long; rsi(7) > 70 with %K > 75 -> short; exit when rsi(7)
    crosses 50 against the position. Each symbol trades independently."""
    rows = []
    for sym, path in (("AAPL", "aapl_daily.csv"), ("SPX500", "sp500_daily.csv")):
        times, b = read_bars(os.path.join(REPO_DATA, path))
        c = b["close"]
        rsi = talib.RSI(c, 7)
        k, _ = talib.STOCH(b["high"], b["low"], c, 14, 3, 0, 3, 0)
        log = Log(sym, DAILY, rows, ticket=7000 if sym == "AAPL" else 9000)
        for t in range(len(c)):
            if not (np.isfinite(rsi[t]) and np.isfinite(k[t])):
                continue
            if log.dir > 0 and rsi[t] > 50:
                log.close(times[t], c[t])
            elif log.dir < 0 and rsi[t] < 50:
                log.close(times[t], c[t])
            elif log.dir == 0:
                if rsi[t] < 30 and k[t] < 25:
                    log.open(t, times[t], 1, c[t])
                elif rsi[t] > 70 and k[t] > 75:
                    log.open(t, times[t], -1, c[t])
    write(rows, "heldout_rsi_stoch_two_symbols_trades_raw.csv")


if __name__ == "__main__":
    eur = eurusd_full_year()
    bb_rsi_compound_googl()
    donchian_atr_sltp_eurusd(eur)
    ema_adx_time_stop_sp500()
    zscore_session_eurusd(eur)
    rsi_stoch_two_symbols()
