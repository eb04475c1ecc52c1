"""pandas in and out beyond bars: trade logs read from DataFrames and
written back identically, features, decisions, divergences, fidelity,
clone reports and RL metrics as DataFrames equal to what pandas reads from
the same files, numpy structured arrays when pandas is absent, and the
notebook views of models, reports and metrics."""
import json
import math
import sys

import numpy as np
import pytest

import botcopier
from botcopier import frames
from conftest import ROOT

pd = pytest.importorskip("pandas")
DATA = ROOT / "tests" / "data"
TRADES = DATA / "sample_bot_aapl_trades_raw.csv"
BARS = DATA / "aapl_daily.csv"


def same_event(a, b):
    for (name, x), y in zip(a.as_dict().items(), b.as_dict().values()):
        if name == "line":
            continue
        assert x == y or (isinstance(x, float) and math.isnan(x) and math.isnan(y)), name


def test_trades_to_frame_equals_pandas_reading_the_observer_csv():
    frame = botcopier.read_trades(str(TRADES)).to_frame()
    ref = pd.read_csv(TRADES, sep=";")
    assert len(frame) == len(ref)
    np.testing.assert_array_equal(frame["event_id"], ref["event_id"])
    np.testing.assert_array_equal(frame["action"], ref["action"])
    np.testing.assert_array_equal(frame["ticket"], ref["ticket"])
    np.testing.assert_array_equal(frame["price"], ref["price"])
    np.testing.assert_array_equal(frame["profit"], ref["profit"])
    times = pd.to_datetime(ref["event_time"], format="%Y.%m.%d %H:%M:%S")
    np.testing.assert_array_equal(frame["time"].to_numpy(),
                                  times.to_numpy().astype("datetime64[s]"))
    assert frame["time"].dtype == np.dtype("datetime64[s]")


def test_a_trade_log_round_trips_through_a_dataframe_and_writes_the_same_csv(tmp_path):
    log = botcopier.read_trades(str(TRADES))
    again = botcopier.read_trades(log.to_frame())
    assert len(again) == len(log)
    for a, b in zip(log, again):
        same_event(a, b)
    log.write_csv(tmp_path / "a.csv")
    again.write_csv(tmp_path / "b.csv")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_a_hand_made_frame_with_a_DatetimeIndex_and_lowercase_actions_is_a_trade_log():
    idx = pd.DatetimeIndex(["2024-01-02 10:00", "2024-01-03 10:00"], tz="Europe/Berlin")
    frame = pd.DataFrame({"Action": ["open", "CLOSE"], "Order_Type": [1, 1],
                          "Symbol": ["EURUSD", "EURUSD"], "Price": [1.1, 1.09],
                          "Ticket": [7, 7], "Lots": [0.5, 0.5]}, index=idx)
    log = botcopier.read_trades(frame)
    assert [e.action for e in log] == [1, 3] and [e.event_id for e in log] == [1, 2]
    assert log[0].time == 1704186000  # 10:00 Berlin = 09:00 UTC
    assert math.isnan(log[0].sl) and log[1].price == 1.09 and log[0].symbol == "EURUSD"


def test_bad_trade_frames_name_the_problem():
    good = botcopier.read_trades(str(TRADES)).to_frame()
    with pytest.raises(ValueError, match="no 'symbol' column"):
        botcopier.read_trades(good.drop(columns=["symbol"]))
    with pytest.raises(ValueError, match="has no time"):
        botcopier.read_trades(good.drop(columns=["time"]))
    bad = good.copy()
    bad.loc[3, "action"] = "BUY"
    with pytest.raises(ValueError, match="row 3: action 'BUY'"):
        botcopier.read_trades(bad)
    bad = good.copy()
    bad.loc[0, "lots"] = -1.0
    with pytest.raises(botcopier.InvalidArgumentError, match="lots"):
        botcopier.read_trades(bad)


def test_feature_frames_carry_names_time_and_the_computed_values():
    bars = botcopier.read_bars(str(BARS))
    f = botcopier.Features("sma(5),rsi(14),macd(12,26,9)")
    frame = f.compute_frame(bars)
    assert list(frame.columns) == f.names
    np.testing.assert_array_equal(frame.to_numpy(), f.compute(bars))
    np.testing.assert_array_equal(frame.index.values, bars.time.astype("datetime64[s]"))
    # the reference: pandas' own rolling mean of the close
    ref = pd.Series(np.asarray(bars.close)).rolling(5).mean().to_numpy()
    np.testing.assert_allclose(frame["sma(5)"].to_numpy()[4:], ref[4:], rtol=1e-12)


def test_features_to_frame_shares_the_values_memory():
    values = np.arange(12.0).reshape(4, 3)
    frame = botcopier.features_to_frame(["a", "b", "c"], np.arange(4, dtype=np.int64), values)
    assert np.shares_memory(frame.to_numpy(), values)


def test_decisions_to_frame_equals_pandas_reading_the_log(tmp_path):
    d = botcopier.read_decisions(DATA / "decisions_sample.csv")
    frame = d.to_frame(features=True)
    ref = pd.read_csv(DATA / "decisions_sample.csv", sep=";")
    np.testing.assert_array_equal(frame["event_id"], ref["event_id"])
    np.testing.assert_array_equal(frame["probability"], ref["probability"])
    np.testing.assert_array_equal(frame["sl_dist"], ref["sl_dist"])  # NaN where empty
    assert list(frame["action"]) == list(ref["action"])
    np.testing.assert_array_equal(frame["features"][0], [0.4521, -1.25, 63.5])


def test_divergences_and_fidelity_come_back_as_frames(tmp_path):
    div = botcopier.Divergences()
    div.append(decision_id=5, old_prob=0.2, new_prob=0.7, profit=3.5)
    div.append(decision_id=9, old_prob=0.6, new_prob=0.1)
    frame = div.to_frame()
    assert list(frame["decision_id"]) == [5, 9] and frame["weight"].tolist() == [1.0, 1.0]
    assert math.isnan(frame["profit"][1])
    f = botcopier.Fidelity(target_entries=4, clone_entries=5, matched=3, precision=0.6,
                           recall=0.75, f1=2 * 0.6 * 0.75 / 1.35)
    row = f.to_frame().iloc[0]
    assert (row["matched"], row["precision"], row["recall"]) == (3, 0.6, 0.75)
    assert "0.750" in f._repr_html_()


def test_clone_report_tables_equal_the_report_json(tmp_path):
    bars = botcopier.read_bars(str(BARS))
    trades = botcopier.read_trades(str(TRADES))
    with botcopier.Cloner(holdout=0.3) as cloner:
        model = cloner.fit(bars, trades)
        rep = cloner.report
        cloner.write_report(tmp_path / "report.json")
    raw = json.loads((tmp_path / "report.json").read_text())
    assert isinstance(rep, botcopier.CloneReport) and rep == raw
    classes = rep.classes()
    assert list(classes.index) == list(raw["holdout"]["classes"])
    for name, c in raw["holdout"]["classes"].items():
        assert classes.loc[name, "support"] == c["support"]
        assert classes.loc[name, "f1"] == c["f1"]
    fid = botcopier.read_clone_report(tmp_path / "report.json").fidelity()
    assert fid.loc["all", "matched"] == raw["fidelity"]["matched"]
    assert fid.loc["AAPL", "f1"] == raw["fidelity"]["symbols"]["AAPL"]["f1"]
    assert len(rep.rules()) == 0  # no rules in this report
    html = rep._repr_html_()
    assert "fidelity F1" in html and "open_long" in html
    model_html = model._repr_html_()
    assert "logistic" in model_html and "fidelity F1 (held out)" in model_html
    assert "%d of %d" % (raw["fidelity"]["matched"], raw["fidelity"]["target_entries"]) \
        in model_html


def test_rules_flatten_from_either_shape():
    per_decision = {"open_long": [{"rule": "rsi(14) < 30", "support": 12}],
                    "close": {"rules": ["bars_held >= 5"], "coverage": 0.8},
                    "coverage": 0.9}
    rows = botcopier.CloneReport({"rules": per_decision}).rules()
    assert rows[["decision", "rule"]].values.tolist() == [["open_long", "rsi(14) < 30"],
                                                           ["close", "bars_held >= 5"]]
    listed = [{"decision": "open_short", "conditions": ["a > 1", "b < 2"], "precision": 0.9}]
    rows = botcopier.CloneReport({"rules": listed}).rules()
    assert rows.loc[0, "rule"] == "a > 1 and b < 2" and rows.loc[0, "precision"] == 0.9


def test_metrics_frames_equal_pandas_read_json_lines(tmp_path):
    path = tmp_path / "metrics.jsonl"
    rows = [{"iteration": i, "timesteps": 128 * (i + 1), "mean_reward": 0.1 * i,
             "approx_kl": 0.01, "entropy": 2.0 - i / 10, "note": "x"} for i in range(5)]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n")
    m = botcopier.read_metrics(tmp_path)
    frame = m.to_frame()
    ref = pd.read_json(path, lines=True)
    for c in ("iteration", "timesteps", "mean_reward", "entropy"):
        # pandas' JSON parser rounds the last bit of some numbers
        np.testing.assert_allclose(frame[c].to_numpy(), ref[c].to_numpy(dtype=float), rtol=1e-15)
    assert "note" not in frame.columns
    assert "botcopier.Metrics" in m._repr_html_() and "mean_reward" in m._repr_html_()
    with pytest.raises(KeyError, match="no metric 'reward'"):
        m.column("reward")
    path.write_text('{"iteration": 0}\n[1, 2]\n')
    with pytest.raises(ValueError, match="line 2: expected a JSON object"):
        botcopier.read_metrics(path)


def test_without_pandas_results_are_numpy_structured_arrays(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas raises ImportError
    assert frames._pandas() is None
    log = botcopier.read_trades(str(TRADES))
    arr = log.to_frame()
    assert isinstance(arr, np.ndarray) and arr.dtype.names[:3] == ("event_id", "time", "action")
    assert arr["action"][0] == "OPEN" and arr["price"][0] == log[0].price
    bars = botcopier.read_bars(str(BARS))
    feats = botcopier.Features("sma(5),rsi(14)").compute_frame(bars)
    assert feats.dtype.names == ("time", "sma(5)", "rsi(14)")
    np.testing.assert_array_equal(feats["time"], bars.time)
    rep = botcopier.CloneReport({"holdout": {"classes": {"none": {"precision": 1.0,
                                                                   "support": 3}}}})
    classes = rep.classes()
    assert classes["class"][0] == "none" and classes["support"][0] == 3.0
    assert math.isnan(classes["recall"][0])
    (tmp_path / "metrics.jsonl").write_text('{"iteration": 1, "mean_reward": 0.5}\n')
    m = botcopier.read_metrics(tmp_path).to_frame()
    assert m.dtype.names == ("iteration", "mean_reward") and m["mean_reward"][0] == 0.5
