"""botcopier.explain: the rules fitted to a clone's decisions, checked
against scikit-learn's CART on the same rows (an independent tree) and
recounted from the clone's own run; bad input raises."""
import pathlib

import numpy as np
import pytest

import botcopier
from botcopier.data import ACTION_CLOSE, ACTION_OPEN

DATA = pathlib.Path(__file__).resolve().parents[2] / "tests" / "data"


@pytest.fixture(scope="module")
def rsi_clone():
    bars = botcopier.read_bars(DATA / "sp500_daily.csv")
    trades = botcopier.read_trades(DATA / "bots" / "rsi_levels_sp500_trades_raw.csv")
    return botcopier.Cloner().fit(bars, trades), bars


def test_the_open_long_rule_matches_sklearns_tree_and_the_clones_run(rsi_clone):
    sklearn_tree = pytest.importorskip("sklearn.tree")
    model, bars = rsi_clone
    rules = botcopier.explain(model, bars)
    assert rules["coverage"] >= 0.95
    assert abs(rules["unexplained_share"] - (1 - rules["coverage"])) < 1e-9
    (rule,) = [r for r in rules["open_long"]["rules"] if r["state"] == "flat"]
    assert rule["text"].startswith("opens long when flat and rsi(14) < 30 (support ")
    (cond,) = rule["conditions"]
    threshold = cond["below"]

    # The clone's run: position before each bar, and its long entries.
    run = botcopier.run_clone(model, bars)
    times = bars.time
    index = {int(t): i for i, t in enumerate(times)}
    direction_after = {}
    for e in run:
        i = index[int(e.time)]
        if e.action == ACTION_OPEN:
            direction_after[i] = 1 if e.order_type == 0 else -1
        elif e.action == ACTION_CLOSE:
            direction_after.setdefault(i, 0)
    state = np.zeros(len(times), dtype=np.int64)
    opened_long = np.zeros(len(times), dtype=bool)
    direction = 0
    for i in range(len(times)):
        state[i] = direction
        if i in direction_after:
            opened_long[i] = direction_after[i] == 1
            direction = direction_after[i]
    rsi = botcopier.Features("rsi(14)").compute(bars)[:, 0]
    lookback = rules["bars"] - rules["decided_bars"]
    flat = (state == 0) & (np.arange(len(times)) >= lookback)
    x, y = rsi[flat].reshape(-1, 1), opened_long[flat]
    assert rule["support"] == int(np.sum(x[:, 0] < threshold))
    assert rule["hits"] == int(np.sum(y & (x[:, 0] < threshold)))
    # scikit-learn's depth-1 gini tree on the same rows puts its cut in the
    # same gap between training values (it shows the midpoint; explain the
    # roundest number in the gap).
    tree = sklearn_tree.DecisionTreeClassifier(max_depth=1, min_samples_leaf=5).fit(x, y)
    cut = tree.tree_.threshold[0]
    assert np.array_equal(x[:, 0] <= cut, x[:, 0] < threshold)


def test_with_the_targets_log_the_rules_hold_on_the_bot_itself(rsi_clone):
    model, bars = rsi_clone
    trades = botcopier.read_trades(DATA / "bots" / "rsi_levels_sp500_trades_raw.csv")
    rules = botcopier.explain(model, bars, trades)
    (rule,) = [r for r in rules["open_long"]["rules"] if r["state"] == "flat"]
    lookback_start = int(bars.time[rules["bars"] - rules["decided_bars"]])
    longs = sum(1 for e in trades if e.action == ACTION_OPEN and e.order_type == 0
                and e.time >= lookback_start)
    assert rule["target_hits"] == rule["target_support"] == longs
    assert rules["target"]["coverage"] >= 0.95
    with pytest.raises(TypeError):
        botcopier.explain(model, bars, trades="log.csv")


def test_explain_takes_symbol_dicts_and_refuses_bad_input(rsi_clone):
    model, bars = rsi_clone
    shallow = botcopier.explain(model, {"SPX500": bars}, max_depth=1, min_support=10)
    assert shallow["max_depth"] == 1 and shallow["min_support"] == 10
    with pytest.raises(botcopier.InvalidArgumentError, match="max_depth 9"):
        botcopier.explain(model, bars, max_depth=9)
    with pytest.raises(TypeError):
        botcopier.explain(model, "bars.csv")
    with pytest.raises(TypeError):
        botcopier.explain(None, bars)
