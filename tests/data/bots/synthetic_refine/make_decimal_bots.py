#!/usr/bin/env python3
"""Synthetic rule bots whose decimal parameters (a band's multiplier, the
cyber cycle's alpha, the SAR's step) lie off the clone search's grids (the
search's parameter refinement, lib/clone/search.c search_refine, its
decimal moves).

  PYTHONPATH=bindings/python BC_LIB_PATH=... python3 make_decimal_bots.py OUTDIR

writes OUTDIR/<name>_trades_raw.csv and OUTDIR/bots.txt ("name split bars").
The split was fixed before any tuning: "tune" bots tuned the step, "held"
bots were scored once at the end. Each bot: flat, rule(v) gives the side
(+1 / -1 / 0) at the bar's close; out after `hold` bars. Feature values are
the library's (the bots test the search, not the kernels)."""
from make_refine_bots import EURUSD, SP500, cross_up, main


def crossing(a, b):
    """long when column a crosses above column b, short when it crosses below"""
    def rule(v, i):
        if cross_up(v[:, 0], v[:, 1], i):
            return 1
        if cross_up(v[:, 1], v[:, 0], i):
            return -1
        return 0
    return [a, b], rule


def band_break(n, x):
    """long when close crosses above bbands(n,x).upper, short below .lower"""
    def rule(v, i):
        if cross_up(v[:, 0], v[:, 1], i):
            return 1
        if cross_up(v[:, 2], v[:, 0], i):
            return -1
        return 0
    return ["close", "bbands(%d,%s).upper" % (n, x), "bbands(%d,%s).lower" % (n, x)], rule


def trend_flip(ind):
    """long when ind (+1 / -1) turns up, short when it turns down"""
    def rule(v, i):
        x = v[:, 0]
        if x[i - 1] <= 0 < x[i]:
            return 1
        if x[i - 1] >= 0 > x[i]:
            return -1
        return 0
    return [ind], rule


# name, split, bars, (spec, rule), hold. The split was fixed before any
# tuning; "held" bots were scored once at the end.
BOTS = [
    ("dec_cybercycle005_eurusd", "tune", EURUSD, crossing("cybercycle(0.05)", "cybercycle(0.05)@1"), 8),
    ("dec_bb20_3_eurusd", "tune", EURUSD, band_break(20, "3"), 10),
    ("dec_supertrend10_2_sp500", "tune", SP500, trend_flip("supertrend(10,2).trend"), 10),
    ("dec_sar001_eurusd", "tune", EURUSD, crossing("close", "sar(0.01,0.2)"), 10),
    ("dec_cybercycle01_sp500", "held", SP500, crossing("cybercycle(0.1)", "cybercycle(0.1)@1"), 6),
    ("dec_bb10_1_eurusd", "held", EURUSD, band_break(10, "1"), 8),
    ("dec_supertrend14_2_5_eurusd", "held", EURUSD, trend_flip("supertrend(14,2.5).trend"), 10),
    ("dec_sar003_sp500", "held", SP500, crossing("close", "sar(0.03,0.2)"), 10),
]


if __name__ == "__main__":
    main(BOTS)
