#!/usr/bin/env python3
"""Clone fidelity of the repo's rule bots, for tuning the clone search.

  python3 scripts/score_bots.py CLI SET [OUT] [-j N] [--only a,b]
      clones every bot of SET with default options (`CLI clone --quiet`) and
      prints "name f1 model" per bot and a summary line; OUT
      keeps the lines. SET: base (make_test_bots.py's logs), mt5
      (make_mt5_bots.py's), held (tests/python/test_heldout_bots.py's BOTS,
      every held-out set once scored), hN (the bots of tests/data/bots/heldoutN
      among them), tune (base + mt5 + held). --only keeps the bots whose name
      holds one of the comma-separated substrings.
  python3 scripts/score_bots.py --list SET
      prints the bots of SET and their --bars arguments, clones nothing.
  python3 scripts/score_bots.py --compare A B
      the bots whose F1 differs between two OUT files, and the sums over the
      bots in both.

The bot lists are the tests' own (test_heldout_bots.BOTS), so a bot that joins
the suite joins the scoring. Clones run in a temporary folder, N at a time
(default 2), with OMP_WAIT_POLICY=PASSIVE; snapshot the build you score (cp -r
build /tmp/binX) so that a rebuild cannot change it mid-run. Needs the Python
binding's importable test modules (run it from anywhere: paths are the repo's).
"""
import argparse
import concurrent.futures
import json
import math
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "tests", "data")
BOTS = os.path.join(DATA, "bots")
SERIES = (("eurusd", os.path.join(BOTS, "eurusd_1h.csv")), ("sp500", os.path.join(DATA, "sp500_daily.csv")),
          ("aapl", os.path.join(DATA, "aapl_daily.csv")), ("googl", os.path.join(BOTS, "googl_daily.csv")))


def _bars_of(name):
    """The --bars of a top-level test bot, by its name's series (README table)."""
    if name == "macd_two_symbols":
        return ["--bars", "AAPL=" + SERIES[2][1], "--bars", "GOOGL=" + SERIES[3][1]]
    for key, path in SERIES:
        if name.endswith(key):
            return ["--bars", path]
    raise SystemExit("score_bots: no bars known for %s" % name)


def bot_sets():
    """{set: [(trades csv, [--bars ...], name)]}."""
    sys.path.insert(0, os.path.join(ROOT, "tests", "python"))
    sys.path.insert(0, os.path.join(ROOT, "bindings", "python"))
    import test_heldout_bots as th  # the suite's list: one source
    top = sorted(f[:-len("_trades_raw.csv")] for f in os.listdir(BOTS) if f.endswith("_trades_raw.csv"))
    sets = {
        "base": [(os.path.join(BOTS, n + "_trades_raw.csv"), _bars_of(n), n) for n in top
                 if not n.startswith("mt5_")],
        "mt5": [(os.path.join(BOTS, n + "_trades_raw.csv"), _bars_of(n), n) for n in top
                if n.startswith("mt5_")],
        "held": [(os.path.normpath(os.path.join(th.HELD, n + "_trades_raw.csv")), list(b), os.path.basename(n))
                 for n, b, _ in th.BOTS],
    }
    for trades, bars, name in sets["held"]:
        m = re.match(r"heldout(\d+)_", name)
        if m:
            sets.setdefault("h" + m.group(1), []).append((trades, bars, name))
    sets["tune"] = sets["base"] + sets["mt5"] + sets["held"]
    return sets


def clone(cli, trades, bars, name, folder):
    out = os.path.join(folder, name)
    r = subprocess.run([cli, "clone", "--trades", trades, *bars, "--out", out, "--quiet"],
                       capture_output=True, text=True,
                       env=dict(os.environ, OMP_WAIT_POLICY=os.environ.get("OMP_WAIT_POLICY", "PASSIVE")))
    if r.returncode:
        return name, float("nan"), "failed:" + r.stderr.strip().replace("\n", " ")[:200]
    with open(os.path.join(out, "report.json")) as f:
        report = json.load(f)
    model = report.get("model")
    kind = model.get("kind", "?") if isinstance(model, dict) else str(model)
    return name, report["fidelity"]["f1"], kind


def read_scores(path):
    scores = {}
    with open(path) as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                name, f1 = line.split()[:2]
                scores[name] = float(f1)
    return scores


def compare(a_path, b_path):
    a, b = read_scores(a_path), read_scores(b_path)
    sa = sb = 0.0
    for name in sorted(set(a) | set(b)):
        x, y = a.get(name, math.nan), b.get(name, math.nan)
        if name in a and name in b:
            sa, sb = sa + x, sb + y
        if not x == y:
            print("%-60s %.3f -> %.3f" % (name, x, y))
    print("# common sum %.3f -> %.3f" % (sa, sb))


def main():
    ap = argparse.ArgumentParser(description="clone fidelity of the repo's rule bots")
    ap.add_argument("args", nargs="*")
    ap.add_argument("-j", type=int, default=2)
    ap.add_argument("--only")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--compare", action="store_true")
    a = ap.parse_args()
    if a.compare:
        if len(a.args) != 2:
            ap.error("--compare takes two score files")
        return compare(*a.args)
    sets = bot_sets()
    want = a.args[0] if a.list and a.args else (a.args[1] if len(a.args) >= 2 else None)
    if want not in sets:
        ap.error("SET must be one of %s" % ", ".join(sorted(sets)))
    bots = sets[want]
    if a.only:
        keep = a.only.split(",")
        bots = [b for b in bots if any(k in b[2] for k in keep)]
    if a.list:
        for trades, bars, name in bots:
            print(name, os.path.relpath(trades, ROOT), " ".join(bars))
        return None
    cli, out = a.args[0], a.args[2] if len(a.args) > 2 else None
    folder = tempfile.mkdtemp(prefix="score_bots_")
    rows = []
    with concurrent.futures.ThreadPoolExecutor(max(1, a.j)) as pool:
        for name, f1, kind in pool.map(lambda b: clone(cli, b[0], b[1], b[2], folder), bots):
            print("%s %.3f %s" % (name, f1, kind), flush=True)
            rows.append((name, f1, kind))
    ok = [r[1] for r in rows if not math.isnan(r[1])]
    print("# n=%d mean=%.4f below0.97=%d failed=%d" % (len(rows), sum(ok) / max(1, len(ok)),
                                                      sum(x < 0.97 for x in ok), len(rows) - len(ok)))
    if out:
        with open(out, "w") as f:
            for name, f1, kind in rows:
                f.write("%s %.3f %s\n" % (name, f1, kind))
    return None


if __name__ == "__main__":
    main()
