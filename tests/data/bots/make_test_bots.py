#!/usr/bin/env python3
"""Generates the trade logs of the test bots (tests/data/bots/*_trades_raw.csv).

Each bot is a small deterministic rule over TA-Lib indicators, written here
independently of libbotcopier, so that the library's clones are judged
against logs it had no part in making. Decisions are taken at a bar's close
and logged inside that bar (daily bars: 20:00 of the date; hourly bars:
minute 59), so DESIGN.md §5 aligns every event to the bar that decided it.

Run: python3 tests/data/bots/make_test_bots.py [BOT ...]   (needs numpy and
ta-lib; no BOT = every log; the Check suite never runs Python, it reads the
committed logs).
"""
import csv
import datetime as dt
import os

import numpy as np
import talib

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.dirname(HERE)

HEADER = ("event_id;event_time;broker_time;local_time;action;ticket;magic;source;symbol;"
          "order_type;lots;price;sl;tp;profit;profit_after_trade;spread;trace_id;span_id;"
          "comment;remaining_lots;slippage;volume;open_time;book_bid_vol;book_ask_vol;"
          "book_imbalance;sl_hit_dist;tp_hit_dist;executed_model_idx;decision_id;is_anomaly;"
          "equity;margin_level;commission;swap;risk_weight;trend_estimate;trend_variance;"
          "exit_reason;duration_sec;calendar_event_id;local_anomaly;remote_anomaly").split(";")


def read_bars(path):
    with open(path) as f:
        rows = list(csv.DictReader(f))
    key = {k.lower(): k for k in rows[0]}
    tcol = key.get("time") or key.get("date")
    times, cols = [], {c: [] for c in ("open", "high", "low", "close", "volume")}
    for r in rows:
        s = r[tcol]
        fmt = "%Y-%m-%d %H:%M:%S" if " " in s else "%Y-%m-%d"
        times.append(dt.datetime.strptime(s, fmt))
        for c in cols:
            cols[c].append(float(r[key[c]]))
    return times, {c: np.array(v, dtype=float) for c, v in cols.items()}


def cross_up(a, b, t):
    return (t > 0 and np.isfinite(a[t - 1]) and np.isfinite(b[t - 1]) and np.isfinite(a[t])
            and np.isfinite(b[t]) and a[t - 1] <= b[t - 1] and a[t] > b[t])


def cross_down(a, b, t):
    return cross_up(b, a, t)


class Log:
    """Writes OPEN/CLOSE rows in the observer schema; one position at a time."""

    def __init__(self, symbol, event_offset):
        self.symbol, self.offset, self.rows = symbol, event_offset, []
        self.ticket, self.dir, self.entry_bar, self.entry_price = 1000, 0, -1, 0.0
        self.open_time = None
        self.sl, self.tp = "", ""

    def _row(self, when, action, order_type, price, profit):
        stamp = (when + self.offset).strftime("%Y.%m.%d %H:%M:%S")
        row = dict.fromkeys(HEADER, "")
        row.update(event_id=len(self.rows) + 1, event_time=stamp, broker_time=stamp,
                   local_time=stamp, action=action, ticket=self.ticket, magic=24680,
                   source="mt5", symbol=self.symbol, order_type=order_type, lots="0.10",
                   price=f"{price:.5f}", profit=f"{profit:.2f}", open_time=self.open_time,
                   decision_id=len(self.rows) + 1, sl=self.sl, tp=self.tp)
        self.rows.append(row)

    def open(self, t, when, direction, price, sl=None, tp=None):
        # sl/tp: the bot's protective levels, logged on OPEN and CLOSE like MT5 does
        self.sl = "" if sl is None else f"{sl:.5f}"
        self.tp = "" if tp is None else f"{tp:.5f}"
        self.ticket += 1
        self.dir, self.entry_bar, self.entry_price = direction, t, price
        self.open_time = (when + self.offset).strftime("%Y.%m.%d %H:%M:%S")
        self._row(when, "OPEN", 0 if direction > 0 else 1, price, 0.0)

    def close(self, when, price):
        profit = self.dir * (price - self.entry_price) * 10.0
        self._row(when, "CLOSE", 0 if self.dir > 0 else 1, price, profit)
        self.dir, self.sl, self.tp = 0, "", ""

    def held(self, t):
        return t - self.entry_bar

    def write(self, name):
        path = os.path.join(HERE, name)
        with open(path, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=HEADER, delimiter=";", lineterminator="\n")
            w.writeheader()
            w.writerows(self.rows)
        entries = sum(1 for r in self.rows if r["action"] == "OPEN")
        print(f"{name}: {len(self.rows)} events, {entries} entries")


HOURLY = dt.timedelta(minutes=59)
DAILY = dt.timedelta(hours=20)


def sma_cross_reversal(path, symbol, offset, fast_n, slow_n, out):
    """Always in the market: long when sma(fast_n) crosses above sma(slow_n),
    short when it crosses below (a reversal closes and opens on one bar)."""
    times, b = read_bars(path)
    c = b["close"]
    fast, slow = talib.SMA(c, fast_n), talib.SMA(c, slow_n)
    log = Log(symbol, offset)
    for t in range(len(c)):
        want = 1 if cross_up(fast, slow, t) else -1 if cross_down(fast, slow, t) else 0
        if want and want != log.dir:
            if log.dir:
                log.close(times[t], c[t])
            log.open(t, times[t], want, c[t])
    log.write(out)


def rsi_levels(path, symbol, period, low, high, exit_long, exit_short, out):
    """Mean reversion on RSI levels: flat and rsi < low -> long, closed when
    rsi > exit_long; flat and rsi > high -> short, closed when rsi < exit_short."""
    times, b = read_bars(path)
    c = b["close"]
    rsi = talib.RSI(c, period)
    log = Log(symbol, DAILY)
    for t in range(len(c)):
        if not np.isfinite(rsi[t]):
            continue
        if log.dir == 0:
            if rsi[t] < low:
                log.open(t, times[t], 1, c[t])
            elif rsi[t] > high:
                log.open(t, times[t], -1, c[t])
        elif (log.dir > 0 and rsi[t] > exit_long) or (log.dir < 0 and rsi[t] < exit_short):
            log.close(times[t], c[t])
    log.write(out)


def sma_cross_eurusd():
    """sma(10)/sma(30) cross reversal on EUR/USD hourly."""
    sma_cross_reversal(os.path.join(HERE, "eurusd_1h.csv"), "EURUSD", HOURLY, 10, 30,
                       "sma_cross_eurusd_trades_raw.csv")


def rsi_levels_sp500():
    """RSI(14) levels 30/70, exits at 50, on S&P 500 daily."""
    rsi_levels(os.path.join(DATA, "sp500_daily.csv"), "SPX500", 14, 30, 70, 50, 50,
               "rsi_levels_sp500_trades_raw.csv")


def macd_session_eurusd():
    """MACD(12,26,9) line crossing its signal, only during the 08:00-16:59
    session and only when flat; every position is closed after 5 bars."""
    times, b = read_bars(os.path.join(HERE, "eurusd_1h.csv"))
    c = b["close"]
    line, signal, _ = talib.MACD(c, 12, 26, 9)
    log = Log("EURUSD", HOURLY)
    for t in range(len(c)):
        if log.dir:
            if log.held(t) >= 5:
                log.close(times[t], c[t])
            continue
        if 8 <= times[t].hour <= 16:
            if cross_up(line, signal, t):
                log.open(t, times[t], 1, c[t])
            elif cross_down(line, signal, t):
                log.open(t, times[t], -1, c[t])
    log.write("macd_session_eurusd_trades_raw.csv")


def ema_cross_time_exit_aapl():
    """Long only: ema(12) crossing above ema(26) opens; the position closes
    when ema(12) crosses back below or after 10 bars, whichever is first."""
    times, b = read_bars(os.path.join(DATA, "aapl_daily.csv"))
    c = b["close"]
    fast, slow = talib.EMA(c, 12), talib.EMA(c, 26)
    log = Log("AAPL", DAILY)
    for t in range(len(c)):
        if log.dir:
            if cross_down(fast, slow, t) or log.held(t) >= 10:
                log.close(times[t], c[t])
        elif cross_up(fast, slow, t):
            log.open(t, times[t], 1, c[t])
    log.write("ema_cross_time_exit_aapl_trades_raw.csv")


def stoch_googl():
    """Stochastic(14,3,3): %K crossing above %D while %K < 30 opens long,
    %K crossing below %D while %K > 70 opens short (flat only); a position
    closes when %K crosses %D against it."""
    times, b = read_bars(os.path.join(HERE, "googl_daily.csv"))
    k, d = talib.STOCH(b["high"], b["low"], b["close"], 14, 3, 0, 3, 0)
    c = b["close"]
    log = Log("GOOGL", DAILY)
    for t in range(len(c)):
        if log.dir > 0 and cross_down(k, d, t):
            log.close(times[t], c[t])
        elif log.dir < 0 and cross_up(k, d, t):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if cross_up(k, d, t) and k[t] < 30:
                log.open(t, times[t], 1, c[t])
            elif cross_down(k, d, t) and k[t] > 70:
                log.open(t, times[t], -1, c[t])
    log.write("stoch_googl_trades_raw.csv")


def macd_reversal_two_symbols():
    """One log, two symbols: the MACD(12,26,9) cross reversal bot (always in,
    long above the signal, short below) on AAPL and on GOOGL daily bars."""
    rows = []
    for symbol, path, first_ticket in (("AAPL", os.path.join(DATA, "aapl_daily.csv"), 1000),
                                       ("GOOGL", os.path.join(HERE, "googl_daily.csv"), 5000)):
        times, b = read_bars(path)
        c = b["close"]
        line, signal, _ = talib.MACD(c, 12, 26, 9)
        log = Log(symbol, DAILY)
        log.ticket = first_ticket
        for t in range(len(c)):
            want = 1 if cross_up(line, signal, t) else -1 if cross_down(line, signal, t) else 0
            if want and want != log.dir:
                if log.dir:
                    log.close(times[t], c[t])
                log.open(t, times[t], want, c[t])
        rows += log.rows
    rows.sort(key=lambda r: (r["event_time"], r["symbol"]))
    for i, r in enumerate(rows):
        r["event_id"] = r["decision_id"] = i + 1
    path = os.path.join(HERE, "macd_two_symbols_trades_raw.csv")
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=HEADER, delimiter=";", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"macd_two_symbols_trades_raw.csv: {len(rows)} events")


def sma_7_25_sp500():
    """sma(7)/sma(25) cross reversal on S&P 500 daily. Neither period is in
    the cloner's default feature set: its signal search must find them."""
    sma_cross_reversal(os.path.join(DATA, "sp500_daily.csv"), "SPX500", DAILY, 7, 25,
                       "sma_7_25_sp500_trades_raw.csv")


def rsi9_levels_aapl():
    """RSI(9) levels at 25/75 (the default set has RSI 7/14/21 at 30/70),
    exits at 55/45, on AAPL daily. Few entries (28 in 1,260 bars)."""
    rsi_levels(os.path.join(DATA, "aapl_daily.csv"), "AAPL", 9, 25, 75, 55, 45,
               "rsi9_levels_aapl_trades_raw.csv")


# --- tuning bots of issue 8 (compound, band-level, trend filter, z-score session,
# ATR sl/tp breakout, time stop, session close); tuned on, not held out.

def bband_rsi_eurusd():
    """Compound entry: flat, close below bbands(20,2).lower and rsi(14) < 35
    opens long; close above .upper and rsi(14) > 65 opens short; the position
    closes on the first bar whose close is back beyond the middle band."""
    times, b = read_bars(os.path.join(HERE, "eurusd_1h.csv"))
    c = b["close"]
    up, mid, lo = talib.BBANDS(c, 20, 2, 2, 0)
    rsi = talib.RSI(c, 14)
    log = Log("EURUSD", HOURLY)
    for t in range(len(c)):
        if not (np.isfinite(mid[t]) and np.isfinite(rsi[t])):
            continue
        if log.dir > 0 and c[t] > mid[t] or log.dir < 0 and c[t] < mid[t]:
            log.close(times[t], c[t])
        elif log.dir == 0:
            if c[t] < lo[t] and rsi[t] < 35:
                log.open(t, times[t], 1, c[t])
            elif c[t] > up[t] and rsi[t] > 65:
                log.open(t, times[t], -1, c[t])
    log.write("bband_rsi_eurusd_trades_raw.csv")


def adx_sma_cross_eurusd():
    """Trend filter at a threshold: sma(5)/sma(20) cross opens only while
    adx(14) > 25; the opposite cross closes (whatever adx is)."""
    times, b = read_bars(os.path.join(HERE, "eurusd_1h.csv"))
    c = b["close"]
    fast, slow = talib.SMA(c, 5), talib.SMA(c, 20)
    adx = talib.ADX(b["high"], b["low"], c, 14)
    log = Log("EURUSD", HOURLY)
    for t in range(len(c)):
        if log.dir > 0 and cross_down(fast, slow, t) or log.dir < 0 and cross_up(fast, slow, t):
            log.close(times[t], c[t])
        if log.dir == 0 and np.isfinite(adx[t]) and adx[t] > 25:
            if cross_up(fast, slow, t):
                log.open(t, times[t], 1, c[t])
            elif cross_down(fast, slow, t):
                log.open(t, times[t], -1, c[t])
    log.write("adx_sma_cross_eurusd_trades_raw.csv")


def zscore_session_eurusd():
    """Z-score mean reversion in a session: z = (close - sma(20)) / stddev(20);
    flat inside 07:00-15:59, z < -2 opens long, z > 2 opens short; closes when
    |z| < 0.5 or at the 20:00 bar (session-close exit)."""
    times, b = read_bars(os.path.join(HERE, "eurusd_1h.csv"))
    c = b["close"]
    z = (c - talib.SMA(c, 20)) / talib.STDDEV(c, 20, 1)
    log = Log("EURUSD", HOURLY)
    for t in range(len(c)):
        if not np.isfinite(z[t]):
            continue
        if log.dir:
            if abs(z[t]) < 0.5 or times[t].hour == 20:
                log.close(times[t], c[t])
        elif 7 <= times[t].hour <= 15:
            if z[t] < -2:
                log.open(t, times[t], 1, c[t])
            elif z[t] > 2:
                log.open(t, times[t], -1, c[t])
    log.write("zscore_session_eurusd_trades_raw.csv")


def donchian_atr_eurusd():
    """Breakout with ATR exits: close above the previous 20-bar high opens long
    (below the 20-bar low, short) with sl = entry -/+ 2*atr(14) and tp = entry
    +/- 3*atr(14), logged in the sl/tp columns; a later bar whose low/high
    touches a level closes at that level like a broker; a breakout on the bar
    of an exit re-opens at once (close-then-open on one bar)."""
    times, b = read_bars(os.path.join(HERE, "eurusd_1h.csv"))
    c, h, lo_ = b["close"], b["high"], b["low"]
    hi20, lo20 = talib.MAX(h, 20), talib.MIN(lo_, 20)
    atr = talib.ATR(h, lo_, c, 14)
    log = Log("EURUSD", HOURLY)
    sl = tp = 0.0
    for t in range(1, len(c)):
        if log.dir > 0 and t > log.entry_bar:
            if lo_[t] <= sl:
                log.close(times[t], sl)
            elif h[t] >= tp:
                log.close(times[t], tp)
        elif log.dir < 0 and t > log.entry_bar:
            if h[t] >= sl:
                log.close(times[t], sl)
            elif lo_[t] <= tp:
                log.close(times[t], tp)
        if log.dir or not (np.isfinite(hi20[t - 1]) and np.isfinite(atr[t])):
            continue
        if c[t] > hi20[t - 1]:
            sl, tp = c[t] - 2 * atr[t], c[t] + 3 * atr[t]
            log.open(t, times[t], 1, c[t], sl, tp)
        elif c[t] < lo20[t - 1]:
            sl, tp = c[t] + 2 * atr[t], c[t] - 3 * atr[t]
            log.open(t, times[t], -1, c[t], sl, tp)
    log.write("donchian_atr_eurusd_trades_raw.csv")


def bband_level_time_stop_sp500():
    """Band level with a time stop: flat and close below bbands(20,2).lower
    opens long, above .upper opens short; every position closes after 8 bars."""
    times, b = read_bars(os.path.join(DATA, "sp500_daily.csv"))
    c = b["close"]
    up, _, lo = talib.BBANDS(c, 20, 2, 2, 0)
    log = Log("SPX500", DAILY)
    for t in range(len(c)):
        if log.dir:
            if log.held(t) >= 8:
                log.close(times[t], c[t])
            continue
        if np.isfinite(lo[t]):
            if c[t] < lo[t]:
                log.open(t, times[t], 1, c[t])
            elif c[t] > up[t]:
                log.open(t, times[t], -1, c[t])
    log.write("bband_level_time_stop_sp500_trades_raw.csv")


def mental_stop_ema_cross_eurusd():
    """Mental stop and target: flat and ema(12) crossing ema(26) opens that
    way with sl = entry -/+ 1.5*atr(14) and tp = entry +/- 2.5*atr(14) logged
    in the sl/tp columns, but no broker holds them: the bot closes at the
    bar's close once the close is beyond either level (a bar's low or high
    may pass a level and come back). No other exit."""
    times, b = read_bars(os.path.join(HERE, "eurusd_1h.csv"))
    c, h, lo_ = b["close"], b["high"], b["low"]
    fast, slow = talib.EMA(c, 12), talib.EMA(c, 26)
    atr = talib.ATR(h, lo_, c, 14)
    log = Log("EURUSD", HOURLY)
    sl = tp = 0.0
    for t in range(1, len(c)):
        if log.dir and t > log.entry_bar:
            if log.dir * (c[t] - sl) <= 0 or log.dir * (c[t] - tp) >= 0:
                log.close(times[t], c[t])
            continue
        if log.dir or not np.isfinite(atr[t]):
            continue
        for d, crossed in ((1, cross_up(fast, slow, t)), (-1, cross_down(fast, slow, t))):
            if crossed:
                sl, tp = c[t] - d * 1.5 * atr[t], c[t] + d * 2.5 * atr[t]
                log.open(t, times[t], d, c[t], sl, tp)
    log.write("mental_stop_ema_cross_eurusd_trades_raw.csv")


def rsi_target_time_stop_sp500():
    """Take-profit plus a time stop: flat and rsi(14) crossing above 30 opens
    long, crossing below 70 opens short, with tp = entry * (1 +/- 2.5 %)
    logged (no sl); the bot closes at the bar's close once the close is at
    or beyond the target, else after 10 bars."""
    times, b = read_bars(os.path.join(DATA, "sp500_daily.csv"))
    c = b["close"]
    rsi = talib.RSI(c, 14)
    thirty, seventy = np.full(len(c), 30.0), np.full(len(c), 70.0)
    log = Log("SPX500", DAILY)
    tp = 0.0
    for t in range(1, len(c)):
        if log.dir and t > log.entry_bar:
            if log.dir * (c[t] - tp) >= 0 or log.held(t) >= 10:
                log.close(times[t], c[t])
            continue
        if log.dir:
            continue
        if cross_up(rsi, thirty, t):
            tp = c[t] * 1.025
            log.open(t, times[t], 1, c[t], None, tp)
        elif cross_down(rsi, seventy, t):
            tp = c[t] * 0.975
            log.open(t, times[t], -1, c[t], None, tp)
    log.write("rsi_target_time_stop_sp500_trades_raw.csv")


def four_conditions_sp500():
    """Four conditions, none implied by the others: flat, rsi(14) < 45, the close
    above sma(100), volume above its 20-bar mean and a down candle (close < open)
    -> long ("a heavy dip in an uptrend"); the mirror (rsi > 55, below sma(100),
    heavy volume, an up candle) -> short; a position closes after 5 bars."""
    times, b = read_bars(os.path.join(DATA, "sp500_daily.csv"))
    o, c, v = b["open"], b["close"], b["volume"]
    rsi, trend, vmean = talib.RSI(c, 14), talib.SMA(c, 100), talib.SMA(v, 20)
    log = Log("SPX500", DAILY)
    for t in range(1, len(c)):
        if log.dir:
            if log.held(t) >= 5:
                log.close(times[t], c[t])
            continue
        if not (np.isfinite(rsi[t]) and np.isfinite(trend[t]) and np.isfinite(vmean[t])):
            continue
        heavy = v[t] > vmean[t]
        if rsi[t] < 45 and c[t] > trend[t] and heavy and c[t] < o[t]:
            log.open(t, times[t], 1, c[t])
        elif rsi[t] > 55 and c[t] < trend[t] and heavy and c[t] > o[t]:
            log.open(t, times[t], -1, c[t])
    log.write("four_conditions_sp500_trades_raw.csv")


# --- tuning bots of the directional-movement and Chande-momentum families
# (written with dmi(n) and cmo(n) joining the engine; tuned on, not held out).

def dmi_cross_adx_eurusd():
    """Wilder's directional lines with a trend filter: flat, +DI(14) crossing
    above -DI(14) while adx(14) > 20 opens long, crossing below while
    adx(14) > 20 opens short (TA-Lib PLUS_DI / MINUS_DI / ADX); the opposite
    cross closes (whatever adx is), and re-opens the other way on that bar
    when adx allows."""
    times, b = read_bars(os.path.join(HERE, "eurusd_1h.csv"))
    h, lo_, c = b["high"], b["low"], b["close"]
    plus, minus = talib.PLUS_DI(h, lo_, c, 14), talib.MINUS_DI(h, lo_, c, 14)
    adx = talib.ADX(h, lo_, c, 14)
    log = Log("EURUSD", HOURLY)
    for t in range(len(c)):
        if log.dir > 0 and cross_down(plus, minus, t) or log.dir < 0 and cross_up(plus, minus, t):
            log.close(times[t], c[t])
        if log.dir == 0 and np.isfinite(adx[t]) and adx[t] > 20:
            if cross_up(plus, minus, t):
                log.open(t, times[t], 1, c[t])
            elif cross_down(plus, minus, t):
                log.open(t, times[t], -1, c[t])
    log.write("dmi_cross_adx_eurusd_trades_raw.csv")


def cmo_levels_sp500():
    """Chande momentum levels (TA-Lib CMO, Wilder-smoothed like its RSI) at
    the 9 bars of Chande's usual setting (cmo(14) beyond +-50 enters only 22
    times in 20 years): flat and cmo(9) < -50 opens long, > 50 opens short; a
    long closes when cmo crosses above 0, a short when it crosses below 0."""
    times, b = read_bars(os.path.join(DATA, "sp500_daily.csv"))
    c = b["close"]
    cmo = talib.CMO(c, 9)
    zero = np.zeros(len(c))
    log = Log("SPX500", DAILY)
    for t in range(len(c)):
        if not np.isfinite(cmo[t]):
            continue
        if log.dir > 0 and cross_up(cmo, zero, t) or log.dir < 0 and cross_down(cmo, zero, t):
            log.close(times[t], c[t])
        elif log.dir == 0:
            if cmo[t] < -50:
                log.open(t, times[t], 1, c[t])
            elif cmo[t] > 50:
                log.open(t, times[t], -1, c[t])
    log.write("cmo_levels_sp500_trades_raw.csv")


def swma_flip_eurusd():
    """Always in on a moving average the grammar does not name (the learned
    moving average's tune bot, twentieth session): the close crossing above a
    sine-weighted moving average of 17 closes -> long, below -> short (a
    reversal closes and opens on one bar). SWMA(n): weights sin(pi (k+1) /
    (n+1)) for the close k bars ago, k = 0..n-1, divided by their sum; 17 is
    a period no grid item uses."""
    times, b = read_bars(os.path.join(HERE, "eurusd_1h.csv"))
    c = b["close"]
    n = 17
    w = np.sin(np.pi * np.arange(1, n + 1) / (n + 1))
    w /= w.sum()
    ma = np.full(len(c), np.nan)
    for t in range(n - 1, len(c)):
        ma[t] = np.dot(w, c[t - n + 1:t + 1][::-1])
    log = Log("EURUSD", HOURLY)
    for t in range(len(c)):
        want = 1 if cross_up(c, ma, t) else -1 if cross_down(c, ma, t) else 0
        if want and want != log.dir:
            if log.dir:
                log.close(times[t], c[t])
            log.open(t, times[t], want, c[t])
    log.write("swma_flip_eurusd_trades_raw.csv")


BOTS = {f.__name__: f for f in (sma_cross_eurusd, rsi_levels_sp500, macd_session_eurusd,
                                 ema_cross_time_exit_aapl, stoch_googl, macd_reversal_two_symbols,
                                 sma_7_25_sp500, rsi9_levels_aapl, bband_rsi_eurusd,
                                 adx_sma_cross_eurusd, zscore_session_eurusd, donchian_atr_eurusd,
                                 bband_level_time_stop_sp500, mental_stop_ema_cross_eurusd,
                                 rsi_target_time_stop_sp500, four_conditions_sp500,
                                 dmi_cross_adx_eurusd, cmo_levels_sp500, swma_flip_eurusd)}

if __name__ == "__main__":
    # No arguments: every log; otherwise only the named bots, e.g.
    #   python3 tests/data/bots/make_test_bots.py sma_7_25_sp500 rsi9_levels_aapl
    import sys
    for name in sys.argv[1:] or list(BOTS):
        BOTS[name]()
