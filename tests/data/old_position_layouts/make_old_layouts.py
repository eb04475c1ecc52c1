"""Writes the expected outputs of the pinned pre-giveback clones here.

The two models were cloned once with a build from before the giveback_atr
column (main at 5e0eec6, 2026-12-04):
  trees_six.bcm               botcopier clone --model trees on
                              bots/sma_cross_eurusd (position layout 6)
  trees_extended_levels.bcm   botcopier clone --model trees --set
                              position_columns=extended on
                              bots/mental_stop_ema_cross_eurusd (layout 20:
                              the sixteen and the sl/tp level block)
This script ran once with BC_LIBRARY pointing at that same build's
libbotcopier.so and PYTHONPATH at its bindings/python: for each model, every
bar of bots/eurusd_1h.csv through a Predictor (auto position), the decision of
every bar, and the raw probabilities (float.hex) of the last 400 bars.
tests/test_old_position_layouts.c checks later versions still load and
decide them bit for bit. Never regenerate them with a later build.

Two more were cloned with a build from before the entry-bar columns (main at
0bd87e7, 2026-12-06) and this script ran with that build's library on them
(python3 make_old_layouts.py trees_seven trees_extended_giveback_levels):
  trees_seven.bcm             botcopier clone --model trees on
                              bots/sma_cross_eurusd (layout 7: the six and
                              giveback_atr)
  trees_extended_giveback_levels.bcm
                              botcopier clone --model trees --set
                              position_columns=extended on
                              bots/mental_stop_ema_cross_eurusd (layout 21:
                              the sixteen, giveback_atr, the level block)"""
import os
import sys

import botcopier as bc

HERE = os.path.dirname(os.path.abspath(__file__))
BARS = os.path.join(HERE, "..", "bots", "eurusd_1h.csv")
LAST = 400


def main() -> None:
    bars = bc.read_bars(BARS)
    for name in sys.argv[1:] or ("trees_six", "trees_extended_levels"):
        model = bc.Model.load(os.path.join(HERE, name + ".bcm"))
        p = bc.Predictor(model)
        n = len(bars)
        decisions = []
        rows = []
        for i in range(n):
            d, probs = p.update(int(bars.time[i]), float(bars.open[i]), float(bars.high[i]),
                                float(bars.low[i]), float(bars.close[i]), float(bars.volume[i]))
            decisions.append(str(d))
            if i >= n - LAST:
                rows.append("%d %s" % (i, " ".join(float(x).hex() for x in probs)))
        with open(os.path.join(HERE, name + "_expected.txt"), "w") as f:
            f.write("%d %d %d\n" % (n, model.num_classes, LAST))
            f.write("".join(decisions) + "\n")
            f.write("\n".join(rows) + "\n")
        print(name, model.num_features, "inputs", sum(c != "0" for c in decisions), "actions",
              file=sys.stderr)


if __name__ == "__main__":
    main()
