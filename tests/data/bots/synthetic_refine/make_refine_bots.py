#!/usr/bin/env python3
"""Synthetic rule bots whose parameters lie off the clone search's grids
(the search's parameter refinement, lib/clone/search.c search_refine).

  PYTHONPATH=bindings/python BC_LIB_PATH=... python3 make_refine_bots.py OUTDIR

writes OUTDIR/<name>_trades_raw.csv and OUTDIR/bots.txt ("name split bars").
The split was fixed before any tuning: "tune" bots tuned the step, "held"
bots were scored once at the end. Each bot: flat, rule(v) gives the side
(+1 / -1 / 0) at the bar's close; out after `hold` bars. Feature values are
the library's (the bots test the search, not the kernels)."""
import os
import sys

import numpy as np

import botcopier as bc

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.normpath(os.path.join(HERE, "..", ".."))
EURUSD = os.path.join(DATA, "bots", "eurusd_1h.csv")
SP500 = os.path.join(DATA, "sp500_daily.csv")


def cross_up(a, b, i):
    return a[i - 1] <= b[i - 1] and a[i] > b[i]


def box(n, k):
    """Darvas-like box: the n-bar top as of k bars ago, held k bars, close above."""
    spec = ["ratio(close,max(high,%d)@%d)" % (n, k), "ratio(max(high,%d)@1,max(high,%d)@%d)" % (k, n, k),
            "ratio(close,min(low,%d)@%d)" % (n, k), "ratio(min(low,%d)@1,min(low,%d)@%d)" % (k, n, k)]

    def rule(v, i):
        if v[i, 1] < 1.0 and v[i, 0] > 1.0:
            return 1
        if v[i, 3] > 1.0 and v[i, 2] < 1.0:
            return -1
        return 0
    return spec, rule


def levels(ind, lo, hi):
    def rule(v, i):
        return 1 if v[i, 0] < lo else -1 if v[i, 0] > hi else 0
    return [ind], rule


def level_cross(ind, lo, hi):
    """long when ind crosses back above lo, short when it crosses back under hi"""
    def rule(v, i):
        x = v[:, 0]
        if x[i - 1] <= lo < x[i]:
            return 1
        if x[i - 1] >= hi > x[i]:
            return -1
        return 0
    return [ind], rule


def ma_cross(kind, a, b):
    def rule(v, i):
        if cross_up(v[:, 0], v[:, 1], i):
            return 1
        if cross_up(v[:, 1], v[:, 0], i):
            return -1
        return 0
    return ["%s(%d)" % (kind, a), "%s(%d)" % (kind, b)], rule


def stack(kind, a, b, c):
    """close crossing the fast average inside an ordered stack, mirrored"""
    def rule(v, i):
        close, f, m, s = v[:, 3], v[:, 0], v[:, 1], v[:, 2]
        if f[i] > m[i] > s[i] and cross_up(close, f, i):
            return 1
        if f[i] < m[i] < s[i] and cross_up(f, close, i):
            return -1
        return 0
    return ["%s(%d)" % (kind, a), "%s(%d)" % (kind, b), "%s(%d)" % (kind, c), "close"], rule


def donchian(n):
    def rule(v, i):
        return 1 if v[i, 0] > 1.0 else -1 if v[i, 1] < 1.0 else 0
    return ["ratio(close,max(high,%d)@1)" % n, "ratio(close,min(low,%d)@1)" % n], rule


# name, split, bars, (spec, rule), hold
BOTS = [
    ("refine_darvas15_k3_eurusd", "tune", EURUSD, box(15, 3), 12),
    ("refine_rsi11_levels_sp500", "tune", SP500, levels("rsi(11)", 25, 75), 5),
    ("refine_cci17_cross_sp500", "tune", SP500, level_cross("cci(17)", -100, 100), 8),
    ("refine_ema8_30_cross_eurusd", "tune", EURUSD, ma_cross("ema", 8, 30), 10),
    ("refine_stack50_150_200_sp500", "tune", SP500, stack("sma", 50, 150, 200), 10),
    ("refine_donchian35_eurusd", "tune", EURUSD, donchian(35), 10),
    ("refine_darvas25_k2_sp500", "held", SP500, box(25, 2), 10),
    ("refine_rsi6_levels_eurusd", "held", EURUSD, levels("rsi(6)", 20, 80), 6),
    ("refine_cci24_cross_eurusd", "held", EURUSD, level_cross("cci(24)", -100, 100), 8),
    ("refine_sma13_40_cross_sp500", "held", SP500, ma_cross("sma", 13, 40), 10),
    ("refine_stack13_34_89_eurusd", "held", EURUSD, stack("ema", 13, 34, 89), 10),
    ("refine_donchian45_sp500", "held", SP500, donchian(45), 10),
]

HEADER = ("event_id;event_time;broker_time;local_time;action;ticket;magic;source;symbol;order_type;"
          "lots;price;sl;tp;profit;profit_after_trade;spread;trace_id;span_id;comment;remaining_lots;"
          "slippage;volume;open_time;book_bid_vol;book_ask_vol;book_imbalance;sl_hit_dist;tp_hit_dist;"
          "executed_model_idx;decision_id;is_anomaly;equity;margin_level;commission;swap;risk_weight;"
          "trend_estimate;trend_variance;exit_reason;duration_sec;calendar_event_id;local_anomaly;"
          "remote_anomaly")


def write_bot(path, bars_path, spec, rule, hold, symbol):
    bars = bc.read_bars(bars_path)
    v = bc.Features(",".join(spec)).compute(bars)
    close = np.asarray(bars.close)
    times = [bc.time_format(int(t)) for t in np.asarray(bars.time)]
    lines, ev, ticket, pos, entry, opened = [HEADER], 0, 0, 0, 0, ""
    for i in range(1, len(close)):
        if not np.all(np.isfinite(v[i])) or not np.all(np.isfinite(v[i - 1])):
            continue
        if pos:
            if i - entry >= hold:
                ev += 1
                lines.append("%d;%s;%s;%s;CLOSE;%d;24680;mt5;%s;%d;0.10;%.5f;;;0.00;;;;;;;;;%s;;;;;;;%d;;;;;;;;;;;;;"
                             % (ev, times[i], times[i], times[i], 1000 + ticket, symbol, 0 if pos > 0 else 1,
                                close[i], opened, ev))
                pos = 0
            continue
        d = rule(v, i)
        if d:
            pos, entry, ticket, opened = d, i, ticket + 1, times[i]
            ev += 1
            lines.append("%d;%s;%s;%s;OPEN;%d;24680;mt5;%s;%d;0.10;%.5f;;;0.00;;;;;;;;;%s;;;;;;;%d;;;;;;;;;;;;;"
                         % (ev, times[i], times[i], times[i], 1000 + ticket, symbol, 0 if d > 0 else 1,
                            close[i], opened, ev))
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return sum(1 for l in lines if ";OPEN;" in l)


def main(bots=None):
    """Writes bots (default: BOTS) to argv[1] (default: this folder)."""
    out = sys.argv[1] if len(sys.argv) > 1 else HERE
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "bots.txt"), "w") as idx:
        for name, split, bars, (spec, rule), hold in (BOTS if bots is None else bots):
            sym = "EURUSD" if "eurusd" in name else "SP500"
            n = write_bot(os.path.join(out, name + "_trades_raw.csv"), bars, spec, rule, hold, sym)
            idx.write("%s %s %s\n" % (name, split, bars))
            print(name, split, n, "entries")


if __name__ == "__main__":
    main()
