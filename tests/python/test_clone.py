"""Cloning a bot from Python: the sample bot (tests/data/sample_bot_aapl_trades_raw.csv
on tests/data/aapl_daily.csv) gives the report the C CLI gives, the model
survives a save/load, and the streaming predictor, a clone run, a compare
and a replay agree with each other."""
import json
import os
import pathlib
import subprocess

import numpy as np
import pytest

import botcopier
from botcopier import clone as bc_clone
from conftest import ROOT, requires

pytestmark = requires("bc_cloner_create", "bc_cloner_fit", "bc_cloner_report_json",
                      "bc_predictor_create", "bc_predictor_update", "bc_clone_run",
                      "bc_clone_compare", "bc_bars_read_csv", "bc_trades_read_csv")

DATA = ROOT / "tests" / "data"
BARS = DATA / "aapl_daily.csv"
TRADES = DATA / "sample_bot_aapl_trades_raw.csv"
OPTIONS = {"model": "logistic", "holdout": 0.3}


@pytest.fixture(scope="module")
def bars():
    return botcopier.read_bars(BARS)


@pytest.fixture(scope="module")
def target():
    return botcopier.read_trades(TRADES)


@pytest.fixture(scope="module")
def cloned(bars, target):
    cloner = botcopier.Cloner(**OPTIONS)
    model = cloner.fit(bars, target)
    return model, cloner.report


def cli_path():
    """The C command line tool built with the library under test."""
    if os.environ.get("BC_CLI"):
        return pathlib.Path(os.environ["BC_CLI"])
    return pathlib.Path(botcopier.library_path()).resolve().parent / "botcopier"


def events(trades):
    return [(e.action, e.order_type, e.time, e.price, e.symbol) for e in trades]


def test_the_python_report_is_the_reports_the_cli_writes(cloned, tmp_path):
    cli = cli_path()
    if not cli.exists():
        pytest.skip("no botcopier CLI next to %s (set BC_CLI)" % botcopier.library_path())
    model, report = cloned
    subprocess.run([str(cli), "clone", "--trades", str(TRADES), "--bars", str(BARS),
                    "--out", str(tmp_path), "--model", OPTIONS["model"],
                    "--holdout", str(OPTIONS["holdout"]), "--quiet"],
                   check=True, capture_output=True, timeout=60)
    cli_report = json.loads((tmp_path / "report.json").read_text())
    assert report["fidelity"]["f1"] == cli_report["fidelity"]["f1"]
    # The CLI adds the rules that botcopier.explain gives on the same bars
    # and trade log.
    cli_rules = cli_report.pop("rules")
    assert report == cli_report
    assert cli_rules == botcopier.explain(model, botcopier.read_bars(BARS),
                                          botcopier.read_trades(TRADES))
    # The sample bot is learnable: the clone finds its held-out entries.
    assert report["fidelity"]["target_entries"] == 22
    assert report["fidelity"]["f1"] >= 0.95
    # ... and the CLI's model file is the model the binding made: the same
    # description (but for the training time stamp, which may fall in
    # another second) and the same predictions, bit for bit.
    cli_model = botcopier.Model.load(tmp_path / "model.bcm")
    ours, theirs = dict(model.info), dict(cli_model.info)
    ours.pop("trained_at")
    theirs.pop("trained_at")
    assert ours == theirs
    rows = np.random.default_rng(3).standard_normal((64, model.num_features))
    np.testing.assert_array_equal(cli_model.predict(rows), model.predict(rows))


def test_the_report_describes_the_split_and_the_model(cloned, bars):
    model, report = cloned
    assert report["symbol"] == "AAPL" and report["model"] == "logistic"
    assert report["bars"] == len(bars)
    assert report["holdout_bars"] == report["holdout"]["bars"]
    assert report["holdout_start"] == bars.time[len(bars) - report["holdout_bars"]]
    # Inputs: the market features, the four position-state columns, then
    # each cross column times the position's direction.
    names = model.feature_names
    assert model.num_features == len(names) == report["features"]
    market = botcopier.Features(model.feature_spec).names
    k = len(market)
    assert names[:k] == market
    assert names[k:k + 4] == ["pos_long", "pos_short", "bars_held", "upnl_atr"]
    assert names[k + 4:] == ["pos_dir*" + m for m in market if m.startswith("cross(")]
    assert model.num_classes == 4


def test_a_saved_model_loads_back_identical(cloned, bars, tmp_path):
    model, _ = cloned
    model.save(tmp_path / "m.bcm")
    model.save(tmp_path / "plain.bcm", compress=False)
    loaded, plain = botcopier.Model.load(tmp_path / "m.bcm"), botcopier.Model.load(tmp_path / "plain.bcm")
    assert loaded.to_bytes() == model.to_bytes() == (tmp_path / "m.bcm").read_bytes()
    assert plain.to_bytes(compress=False) == (tmp_path / "plain.bcm").read_bytes()
    assert loaded.feature_names == plain.feature_names == model.feature_names
    assert loaded.info["threshold"] == model.info["threshold"]
    x = np.random.default_rng(3).standard_normal((20, model.num_features))
    np.testing.assert_array_equal(loaded.predict(x), model.predict(x))
    np.testing.assert_array_equal(plain.predict(x), model.predict(x))
    run_original = events(bc_clone.run(model, bars))
    assert events(bc_clone.run(loaded, bars)) == run_original


def stream(predictor, bars, start):
    """Warms the predictor up before start, then decides bar by bar; returns
    the OPEN/CLOSE events the decisions imply, as the run logs them."""
    direction, out = 0, []
    t, o, h, l, c, v = bars.time, bars.open, bars.high, bars.low, bars.close, bars.volume
    for i in range(len(bars)):
        if t[i] < start:
            predictor.observe(t[i], o[i], h[i], l[i], c[i], v[i])
            continue
        d, probs = predictor.update(t[i], o[i], h[i], l[i], c[i], v[i])
        assert abs(probs.sum() - 1.0) < 1e-9
        now = {botcopier.clone.DECISION_BUY: 1, botcopier.clone.DECISION_SELL: -1,
               botcopier.clone.DECISION_CLOSE: 0}.get(d, direction)
        if now != direction:
            if direction != 0:
                out.append((botcopier.data.ACTION_CLOSE, None, t[i], c[i]))
            if now != 0:
                out.append((botcopier.data.ACTION_OPEN, 0 if now > 0 else 1, t[i], c[i]))
            direction = now
        assert predictor.position.direction == direction
    return out


def test_the_predictor_bar_by_bar_makes_the_runs_trades_on_the_held_out_bars(cloned, bars):
    model, report = cloned
    start = report["holdout_start"]
    run = bc_clone.run(model, bars, start=start)
    expected = stream(botcopier.Predictor(model), bars, start)
    assert len(expected) >= 22
    got = [(e.action, e.order_type if e.action == botcopier.data.ACTION_OPEN else None,
            e.time, e.price) for e in run]
    assert got == expected
    assert all(e.symbol == "AAPL" and e.decision_id == e.time and e.time >= start for e in run)


def test_a_run_compared_with_the_target_is_the_reports_fidelity(cloned, bars, target):
    model, report = cloned
    start = report["holdout_start"]
    fidelity = botcopier.compare(target, bc_clone.run(model, bars, start=start), bars, start=start,
                                 tolerance_bars=report["fidelity"]["tolerance_bars"])
    expected = {k: report["fidelity"][k] for k in
                ("target_entries", "clone_entries", "matched", "precision", "recall", "f1")}
    assert fidelity.as_dict() == expected
    # A log compared with itself matches every entry.
    self_match = botcopier.compare(target, target, bars)
    assert self_match.matched == self_match.target_entries == self_match.clone_entries > 0
    assert self_match.f1 == 1.0
    with pytest.raises(botcopier.InvalidArgumentError, match="101"):
        botcopier.compare(target, target, bars, tolerance_bars=101)


def test_a_configured_predictor_runs_like_the_model_and_resets(cloned, bars, tmp_path):
    model, report = cloned
    start = report["holdout_start"]
    p = botcopier.Predictor(model, symbol="CLONE")
    trades = p.run(bars, start=start)
    assert [e[:4] for e in events(trades)] == [e[:4] for e in events(bc_clone.run(model, bars, start))]
    assert {e.symbol for e in trades} == {"CLONE"}
    # After a run the predictor holds the run's last position; reset flattens it.
    p.reset()
    assert p.position[:2] == (0, 0)
    p.set_position(-1, 7, 12.5)
    assert p.position == botcopier.Position(-1, 7, 12.5)
    with pytest.raises(botcopier.InvalidArgumentError, match="2"):
        p.set_position(2, 0, 1.0)


def test_last_reports_the_calibrated_probability_and_the_threshold(cloned, bars):
    model, report = cloned
    p = botcopier.Predictor(model, threshold=0.7)
    for i in range(len(bars)):
        d, probs = p.update(bars.time[i], bars.open[i], bars.high[i], bars.low[i], bars.close[i],
                            bars.volume[i])
    p_act, threshold = p.last
    assert threshold == 0.7
    assert 0.0 <= p_act <= 1.0
    # The decision follows the rule: act when P(act) >= threshold.
    assert (d != botcopier.clone.DECISION_HOLD) == (p_act >= threshold)


def test_decisions_logged_by_the_predictor_replay_without_divergence_through_the_same_model(
        cloned, bars, tmp_path):
    model, report = cloned
    log = tmp_path / "decisions.csv"
    p = botcopier.Predictor(model, decision_log=str(log), model_version="v1")
    for i in range(len(bars)):
        p.update(bars.time[i], bars.open[i], bars.high[i], bars.low[i], bars.close[i],
                 bars.volume[i])
    p.close()  # closes the log
    decisions = botcopier.read_decisions(log)
    # Every bar past the features' lookback is decided on and logged.
    assert len(decisions) == len(bars) - report["lookback"]
    assert [r.timestamp for r in decisions] == list(bars.time[report["lookback"]:])
    row = decisions[-1]
    assert row.model_version == "v1" and row.timestamp == bars.time[-1]
    assert decisions.features(len(decisions) - 1).shape == (model.num_features,)
    out = tmp_path / "divergences.csv"
    assert botcopier.replay_decisions(model, decisions, out) == 0
    assert out.read_text().splitlines() == ["decision_id,old_prob,new_prob,profit,weight"]
    with pytest.raises(botcopier.NoDataError, match="no data rows"):
        botcopier.read_divergences(out)
    # The same clone with a threshold of 0.01 acts where the first held:
    # same probabilities, only the threshold differs.
    other = botcopier.Cloner(**OPTIONS, threshold=0.01).fit(bars, botcopier.read_trades(TRADES))
    n = botcopier.replay_decisions(other, decisions, out, weight=2.5)
    divergences = botcopier.read_divergences(out)
    assert n == len(divergences) > 0
    for d in divergences:
        assert d.weight == 2.5
        assert 0.01 <= d.new_prob < report["threshold"]
        assert d.old_prob == pytest.approx(d.new_prob, abs=1e-9)
    assert {d.decision_id for d in divergences} <= {r.event_id for r in decisions}


def test_the_default_features_are_the_clones_market_features(cloned):
    model, _ = cloned
    spec = botcopier.default_features()
    assert botcopier.Features(spec).spec == model.feature_spec
    assert botcopier.Features(spec).names == model.feature_names[:botcopier.Features(spec).count]


@requires("bc_cloner_add_bars")
def test_one_clone_of_a_log_of_two_symbols_from_their_registered_bars():
    trades = botcopier.read_trades(DATA / "bots" / "macd_two_symbols_trades_raw.csv")
    cloner = botcopier.Cloner(**OPTIONS)
    cloner.add_bars("AAPL", botcopier.read_bars(BARS))  # the cloner keeps them alive
    with pytest.raises(botcopier.InvalidArgumentError, match="GOOGL"):
        cloner.fit(None, trades)
    cloner.add_bars("GOOGL", botcopier.read_bars(DATA / "bots" / "googl_daily.csv"))
    model = cloner.fit(None, trades)
    report = cloner.report
    assert set(report["fidelity"]["symbols"]) == {"AAPL", "GOOGL"}
    assert model.num_classes == 4
    with pytest.raises(botcopier.InvalidArgumentError):
        cloner.add_bars("A" * 32, botcopier.read_bars(BARS))
