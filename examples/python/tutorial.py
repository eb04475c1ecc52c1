"""
tutorial.py - botcopier from Python in ten steps: bars and a bot's trade log
in (CSV or pandas), a clone learnt from them, its fidelity as DataFrames, the
clone run bar by bar like a live bot, and an HTML report to open in a browser.

    python examples/python/tutorial.py [OUT_DIR]

Uses the sample AAPL bot in tests/data (a MACD-cross reversal bot). Each step
is plain code you can paste into a notebook; objects show themselves as
tables there (Model, CloneReport, Fidelity, Metrics, Report).
"""
import os
import sys

import numpy as np

import botcopier

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
BARS_CSV = os.path.join(ROOT, "tests", "data", "aapl_daily.csv")
TRADES_CSV = os.path.join(ROOT, "tests", "data", "sample_bot_aapl_trades_raw.csv")
OUT = sys.argv[1] if len(sys.argv) > 1 else "botcopier_tutorial"

try:
    import pandas as pd
except ImportError:  # everything works without pandas: frames are numpy arrays then
    pd = None

# 1. Bars: from a CSV, or from a pandas DataFrame with a DatetimeIndex.
bars = botcopier.read_bars(BARS_CSV)
print("1. %d bars, closes %.2f .. %.2f" % (len(bars), bars.close.min(), bars.close.max()))
if pd is not None:
    frame = bars.to_frame()                    # DatetimeIndex "time", open..volume
    bars = botcopier.read_bars(frame)          # and back: the same bars
    print("   as a DataFrame:", frame.shape, "from", frame.index[0].date())

# 2. The bot's trade log (MT4/MT5 observer CSV), also as a DataFrame.
trades = botcopier.read_trades(TRADES_CSV)
log = trades.to_frame()
opens = log[log["action"] == "OPEN"]
print("2. %d events, %d entries (%d long, %d short)" % (
    len(trades), len(opens), int((opens["order_type"] == 0).sum()),
    int((opens["order_type"] == 1).sum())))

# 3. Features: the same engine the clone and a live EA use.
features = botcopier.Features("sma(20),rsi(14),macd(12,26,9)")
table = features.compute_frame(bars)
print("3. features %s, last row:" % features.names)
print("  ", np.round(np.asarray(table)[-1].tolist() if pd is None else
                     table.iloc[-1].to_numpy(), 3))

# 4. Clone the bot: the last 30% of the bars are held out for measuring.
with botcopier.Cloner(holdout=0.3) as cloner:
    model = cloner.fit(bars, trades)
    report = cloner.report                     # a CloneReport (a dict) with tables
    os.makedirs(os.path.join(OUT, "clone"), exist_ok=True)
    cloner.write_report(os.path.join(OUT, "clone", "report.json"))
fid = report["fidelity"]
print("4. clone: %s, %d features; held-out fidelity F1 %.3f (%d of %d entries matched)" % (
    report["model"], model.num_features, fid["f1"], fid["matched"], fid["target_entries"]))

# 5. The tables as DataFrames.
print("5. per-class metrics on the held-out bars:")
print(report.classes())

# 6. Save the model (a .bcm file that C, C++, MQL5 and Python all load).
model.save(os.path.join(OUT, "clone", "model.bcm"))
again = botcopier.Model.load(os.path.join(OUT, "clone", "model.bcm"))
print("6. saved and reloaded:", again)

# 7. Run the clone as a bot over the held-out bars, starting flat.
start = report["holdout_start"]
clone_trades = botcopier.run_clone(again, bars, start=start)
print("7. the clone made %d trade events from %s" % (len(clone_trades),
                                                     botcopier.time_format(start)))

# 8. Compare its entries with the bot's (entries within +-1 bar, same direction).
fidelity = botcopier.compare(trades, clone_trades, bars, start=start)
print("8. fidelity now: precision %.3f recall %.3f F1 %.3f" % (
    fidelity.precision, fidelity.recall, fidelity.f1))

# 9. Live: one bar at a time, no allocation per bar in C.
predictor = botcopier.Predictor(again)
decisions = []
for i in range(len(bars)):
    decision, probs = predictor.update(int(bars.time[i]), bars.open[i], bars.high[i],
                                       bars.low[i], bars.close[i], bars.volume[i])
    decisions.append(decision)
counts = np.bincount(decisions, minlength=4)
print("9. bar by bar: %s" % ", ".join("%s %d" % (n, c) for n, c in
                                      zip(botcopier.clone.DECISIONS, counts)))

# 10. One HTML page: price with both bots' trades, equity, confusion, fidelity.
page = botcopier.report(os.path.join(OUT, "clone"), os.path.join(OUT, "clone", "report.html"),
                        bars=bars, trades=trades)
print("10. wrote %s (%d figures); open it in a browser" % (
    os.path.join(OUT, "clone", "report.html"), len(page.figures)))
