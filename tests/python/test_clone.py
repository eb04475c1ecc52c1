"""Cloning a bot and running the clone through the binding (runs once
lib/clone is merged and tests/data holds the sample files)."""
import numpy as np
import pytest

import botcopier
from conftest import ROOT, requires

pytestmark = requires("bc_cloner_create", "bc_cloner_fit", "bc_cloner_report_json",
                      "bc_predictor_create", "bc_predictor_update", "bc_bars_read_csv",
                      "bc_trades_read_csv")

BARS = ROOT / "tests" / "data" / "aapl_daily.csv"
TRADES = ROOT / "tests" / "data" / "sample_bot_aapl_trades_raw.csv"


@pytest.fixture(scope="module")
def cloned():
    if not (BARS.exists() and TRADES.exists()):
        pytest.skip("tests/data lacks aapl_daily.csv or sample_bot_aapl_trades_raw.csv")
    bars, trades = botcopier.read_bars(BARS), botcopier.read_trades(TRADES)
    cloner = botcopier.Cloner()
    return bars, cloner.fit(bars, trades), cloner.report


def run(model, bars):
    p = botcopier.Predictor(model)
    decisions, probs = [], []
    for i in range(len(bars)):
        d, pr = p.update(bars.time[i], bars.open[i], bars.high[i], bars.low[i], bars.close[i],
                         bars.volume[i])
        decisions.append(d)
        probs.append(pr.copy())
    return np.array(decisions), np.array(probs)


def test_cloning_gives_a_model_and_a_report(cloned):
    bars, model, report = cloned
    assert model.num_classes >= 2
    assert isinstance(report, dict) and report


def test_the_predictor_decides_every_bar_with_probabilities(cloned):
    bars, model, _ = cloned
    decisions, probs = run(model, bars)
    assert set(np.unique(decisions)) <= {0, 1, 2, 3}
    valid = ~np.isnan(probs).any(axis=1)
    assert valid.any()
    np.testing.assert_allclose(probs[valid].sum(axis=1), 1.0, atol=1e-9)


def test_two_predictors_on_the_same_bars_agree(cloned):
    bars, model, _ = cloned
    d1, p1 = run(model, bars)
    d2, p2 = run(model, bars)
    np.testing.assert_array_equal(d1, d2)
    np.testing.assert_array_equal(p1, p2)
