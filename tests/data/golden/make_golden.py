"""make_golden.py - writes the model files that tests/test_golden.c loads to
prove .bcm files stay loadable across library versions. Run once, with the
library of the version named in the output file names, and commit the
results; never regenerate them for a later version (that would defeat the
test). Usage, from the repository root:
  BC_LIBRARY=build/libbotcopier.so.1 PYTHONPATH=bindings/python \
      python3 tests/data/golden/make_golden.py
"""
import numpy as np
import botcopier as bc

SPEC = "rsi(14),macd(12,26,9),bbands(20,2),stoch(14,3,3),hour_sin"
OUT = "tests/data/golden"

bars = bc.read_bars("tests/data/aapl_daily.csv")
features = bc.Features(SPEC)
x = features.compute(bars)
valid = ~np.isnan(x).any(axis=1)
x = x[valid]
close = bars.close[valid]
# Label: does the close rise over the next 5 bars (2 classes).
y = np.zeros(len(x), np.int32)
y[:-5] = (close[5:] > close[:-5]).astype(np.int32)
xf = x.astype(np.float32)
for kind, options in (("logistic", {}), ("mlp", {"hidden": "8", "epochs": 5, "seed": 7})):
    trainer = bc.Trainer(kind, features=SPEC, **options)
    model = trainer.fit(xf, y)
    model.save("%s/%s_v0.1.0.bcm" % (OUT, kind), compress=True)
    model.save("%s/%s_v0.1.0_uncompressed.bcm" % (OUT, kind), compress=False)
    rows = x[-40:]
    probs = model.predict(rows)
    np.savetxt("%s/%s_v0.1.0_expected.csv" % (OUT, kind), probs, fmt="%.17g", delimiter=",",
               header="P(class) per row for the last 40 complete feature rows of aapl_daily.csv "
                      "under the model's own spec, as version 0.1.0 predicted them")
print(bc.version(), "golden files written for spec", SPEC)
