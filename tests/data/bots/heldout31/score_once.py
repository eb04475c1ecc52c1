#!/usr/bin/env python3
"""Score heldout31 once, with default options: score_once.py CLI OUT

Clones each bot once (scripts/score_bots.py's clone), two at a time, and writes
"name f1 kind" lines to OUT, then prints the mean. Paths are relative to the repo
root found from this file."""
import concurrent.futures
import os
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                    "..", "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
D = os.path.join(ROOT, "tests", "data")
H = os.path.join(D, "bots", "heldout31")
E17 = os.path.join(D, "bots", "heldout", "eurusd_1h_2017.csv")
EU = os.path.join(D, "bots", "eurusd_1h.csv")
SP = os.path.join(D, "sp500_daily.csv")
GO = os.path.join(D, "bots", "googl_daily.csv")
AP = os.path.join(D, "aapl_daily.csv")
BOTS = [("bollinger_m2_sp500", ["--bars", SP]),
        ("value_chart_aapl", ["--bars", AP]),
        ("kdj_session_eurusd", ["--bars", EU]),
        ("asi_swing_sltp_eurusd", ["--bars", E17]),
        ("voss_time_stop_sp500", ["--bars", SP]),
        ("renko_flip_eurusd", ["--bars", EU]),
        ("twiggs_two_symbols", ["--bars", "SPX500=" + SP, "--bars", "AAPL=" + AP]),
        ("ama_filter_googl", ["--bars", GO])]


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: score_once.py CLI OUT")
    import score_bots as sb
    cli, out = sys.argv[1], sys.argv[2]
    folder = tempfile.mkdtemp(prefix="h31_")

    def one(bot):
        name, bars = bot
        trades = os.path.join(H, "heldout31_" + name + "_trades_raw.csv")
        return sb.clone(cli, trades, bars, "heldout31_" + name, folder)

    rows = []
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        for name, f1, kind in pool.map(one, BOTS):
            print("%s %.3f %s" % (name, f1, kind), flush=True)
            rows.append((name, f1, kind))
    with open(out, "w") as f:
        for r in rows:
            f.write("%s %.3f %s\n" % r)
        f.write("mean %.3f\n" % (sum(r[1] for r in rows) / len(rows)))
    print("# mean %.3f  folder %s" % (sum(r[1] for r in rows) / len(rows), folder))


if __name__ == "__main__":
    main()
