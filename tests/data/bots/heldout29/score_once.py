#!/usr/bin/env python3
"""Score heldout29 once, with default options: score_once.py CLI OUT

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
H = os.path.join(D, "bots", "heldout29")
E17 = os.path.join(D, "bots", "heldout", "eurusd_1h_2017.csv")
EU = os.path.join(D, "bots", "eurusd_1h.csv")
SP = os.path.join(D, "sp500_daily.csv")
GO = os.path.join(D, "bots", "googl_daily.csv")
AA = os.path.join(D, "aapl_daily.csv")
BOTS = [("three_day_hl_sp500", ["--bars", SP]),
        ("ultimate_bands_aapl", ["--bars", AA]),
        ("tcf_eurusd", ["--bars", EU]),
        ("td_rei_session_eurusd", ["--bars", E17]),
        ("r_breaker_sltp_eurusd", ["--bars", E17]),
        ("eighty_twenty_sp500", ["--bars", SP]),
        ("three_line_break_googl", ["--bars", GO]),
        ("eco_two_symbols", ["--bars", "SPX500=" + SP, "--bars", "AAPL=" + AA])]


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: score_once.py CLI OUT")
    import score_bots as sb
    cli, out = sys.argv[1], sys.argv[2]
    folder = tempfile.mkdtemp(prefix="h29_")

    def one(bot):
        name, bars = bot
        trades = os.path.join(H, "heldout29_" + name + "_trades_raw.csv")
        return sb.clone(cli, trades, bars, "heldout29_" + name, folder)

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
