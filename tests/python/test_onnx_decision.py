"""The ONNX route end to end: clones of every test bot (tests/data/bots,
default options; a trees, a logistic and an MLP clone too) exported with
export_onnx_decision and run in ONNX Runtime on the input rows the library's
predictor fed its model bar by bar (its decision log): the graph's decision
equals bc_predictor_update's on every decided bar, P(act) and the raw
probabilities agree to float32 accuracy. The rows the graph takes are the
ones the generated MQL5 computes (tests/test_export_decision.c checks that
code against the same predictor bar for bar).
"""
import json
import os

import numpy as np
import onnx
import onnxruntime as ort
import pytest

import botcopier as bc

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "tests", "data")

BOTS = [
    ("bots/sma_cross_eurusd_trades_raw.csv", "bots/eurusd_1h.csv", None),
    ("bots/rsi_levels_sp500_trades_raw.csv", "sp500_daily.csv", None),
    ("bots/macd_session_eurusd_trades_raw.csv", "bots/eurusd_1h.csv", None),
    ("bots/ema_cross_time_exit_aapl_trades_raw.csv", "aapl_daily.csv", None),
    ("bots/stoch_googl_trades_raw.csv", "bots/googl_daily.csv", None),
    ("bots/sma_7_25_sp500_trades_raw.csv", "sp500_daily.csv", None),
    ("bots/rsi9_levels_aapl_trades_raw.csv", "aapl_daily.csv", None),
    ("bots/bband_rsi_eurusd_trades_raw.csv", "bots/eurusd_1h.csv", None),
    ("bots/adx_sma_cross_eurusd_trades_raw.csv", "bots/eurusd_1h.csv", None),
    ("bots/zscore_session_eurusd_trades_raw.csv", "bots/eurusd_1h.csv", None),
    ("bots/donchian_atr_eurusd_trades_raw.csv", "bots/eurusd_1h.csv", None),
    ("bots/bband_level_time_stop_sp500_trades_raw.csv", "sp500_daily.csv", None),
    ("bots/macd_two_symbols_trades_raw.csv", "aapl_daily.csv", None),
    ("sample_bot_aapl_trades_raw.csv", "aapl_daily.csv", None),
    ("bots/sma_cross_eurusd_trades_raw.csv", "bots/eurusd_1h.csv", "trees"),
    ("bots/bband_rsi_eurusd_trades_raw.csv", "bots/eurusd_1h.csv", "logistic"),
    ("sample_bot_aapl_trades_raw.csv", "aapl_daily.csv", "mlp"),
    # position_columns=extended (sixteen position columns), and the sl/tp
    # level columns: after the six (default options pick trees), after the
    # sixteen, and a price-unit take-profit alone
    ("bots/donchian_atr_eurusd_trades_raw.csv", "bots/eurusd_1h.csv", "trees/extended"),
    ("bots/mental_stop_ema_cross_eurusd_trades_raw.csv", "bots/eurusd_1h.csv", None),
    ("bots/mental_stop_ema_cross_eurusd_trades_raw.csv", "bots/eurusd_1h.csv", "trees/extended"),
    ("bots/rsi_target_time_stop_sp500_trades_raw.csv", "sp500_daily.csv", "trees"),
    # model auto's rule candidate with its time-stop cut: bars_held clipped by its
    # normalization to the two values 14 and 15 (cloner_fit.c)
    ("bots/heldout18/heldout18_relative_volatility_aapl_trades_raw.csv", "aapl_daily.csv", None),
    # the day count trades_today (position_day=1, the last input, which the
    # host fills): the London opening-range breakout that trades once a day
    ("bots/heldout26/heldout26_london_orb_sltp_eurusd_trades_raw.csv", "bots/eurusd_1h.csv",
     "logistic/day"),
]

# The position columns each variant must have (checked, so that a case
# cannot pass without the columns it is there for).
EXTENDED = {"bar_fav_atr", "close_entry_atr", "held_33_up"}
LEVELS = {"tp_bar_atr", "tp_close_atr"}

# The operators the decision graph may use (README, MetaTrader section):
# all in ONNX Runtime 1.14's CPU provider at opset 13 / ai.onnx.ml 3.
OPERATORS = {"Cast", "Sub", "Div", "IsNaN", "IsInf", "Or", "Where", "Max", "Min", "Gemm",
             "Relu", "Tanh", "Sigmoid", "Softmax", "Slice", "Mul", "Add", "Identity",
             "ReduceSum", "Log", "Neg", "Exp", "ArgMax", "Gather", "GreaterOrEqual",
             "Greater", "Equal", "And",
             "TreeEnsembleClassifier"}


def clone(trades_name, bars_name, kind):
    bars = bc.read_bars(os.path.join(DATA, bars_name))
    trades = bc.read_trades(os.path.join(DATA, trades_name))
    options = {"model": kind} if kind else {}
    if kind == "trees/extended":
        options = {"model": "trees", "position_columns": "extended"}
    if kind == "logistic/day":
        options = {"model": "logistic", "position_day": "1"}
    cloner = bc.Cloner(**options)
    if "two_symbols" in trades_name:
        cloner.add_bars("AAPL", bars)
        cloner.add_bars("GOOGL", bc.read_bars(os.path.join(DATA, "bots/googl_daily.csv")))
        return cloner.fit(None, trades), bars
    return cloner.fit(bars, trades), bars


@pytest.mark.parametrize("trades_name,bars_name,kind", BOTS)
def test_decision_graph_decides_as_the_predictor(tmp_path, trades_name, bars_name, kind):
    model, bars = clone(trades_name, bars_name, kind)
    names = set(model.feature_names)
    assert (EXTENDED <= names) == (kind == "trees/extended")
    assert (LEVELS <= names) == ("mental_stop" in trades_name or "rsi_target" in trades_name)
    day = kind == "logistic/day"
    assert (model.feature_names[-1] == "trades_today") == day
    path = tmp_path / "clone.onnx"
    mqh = tmp_path / "clone.mqh"
    bc.export_onnx_decision(model, path, mqh, prefix="clone")
    assert path.read_bytes() == bc.onnx_decision_bytes(model)
    text = mqh.read_text()
    assert "OnnxRun(clone_onnx, ONNX_NO_CONVERSION, clone_row," in text
    assert "int clone_update(long bar_time," in text and "clone_forward" not in text

    proto = onnx.load(str(path))
    onnx.checker.check_model(proto)
    opsets = {o.domain: o.version for o in proto.opset_import}
    assert opsets[""] <= 18 and opsets.get("ai.onnx.ml", 3) <= 3
    assert {n.op_type for n in proto.graph.node} <= OPERATORS
    assert [o.name for o in proto.graph.output] == ["decision", "p_act", "threshold",
                                                    "probabilities"]

    # The library, bar by bar, logging the rows it decided on.
    log = tmp_path / "decisions.csv"
    p = bc.Predictor(model, decision_log=str(log))
    n = len(bars)
    time = bars.time
    o, h, l, c, v = (bars.column(k) for k in ("open", "high", "low", "close", "volume"))
    lib = {}
    for i in range(n):
        d, probs = p.update(int(time[i]), o[i], h[i], l[i], c[i], v[i])
        p_act, threshold = p.last
        lib[int(time[i])] = (d, p_act, threshold, probs.copy())
    p.close()
    rows = bc.read_decisions(log)
    x = np.stack([rows.features(i) for i in range(len(rows))])
    stamps = [rows[i].timestamp for i in range(len(rows))]
    assert x.shape[1] == model.num_features and len(rows) > 0.9 * n

    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    decision, p_act, threshold, probs = session.run(None, {"features": x})
    want = np.array([lib[t][0] for t in stamps])
    assert (decision == want).all(), (
        "bars %s: graph %s, library %s" % (np.flatnonzero(decision != want)[:5],
                                           decision[decision != want][:5], want[decision != want][:5]))
    assert np.abs(p_act - np.array([lib[t][1] for t in stamps])).max() < 1e-5
    assert (threshold == np.array([lib[t][2] for t in stamps])).all()
    assert np.abs(probs - np.stack([lib[t][3] for t in stamps])).max() < 1e-5
    meta = json.loads({p.key: p.value for p in proto.metadata_props}["botcopier"])
    assert ("day_count" in meta) == day
    if day:
        # the day count the host feeds, counted here on its own: the
        # predictor's entries (auto position: every buy or sell) earlier on
        # the bar's UTC day, capped at 3; the graph decided on it above
        entries, want_day = {}, {}
        for i in range(n):
            t = int(time[i])
            key = t // 86400
            want_day[t] = min(entries.get(key, 0), 3)
            if lib[t][0] in (1, 2):
                entries[key] = entries.get(key, 0) + 1
        got = x[:, -1]
        assert (got == np.array([want_day[t] for t in stamps])).all()
        assert (got >= 1).sum() > 100
    # The clone trades: the test sees buys or sells and the graph agrees.
    assert ((want == 1) | (want == 2)).sum() > 0


def test_models_without_a_feature_spec_have_no_decision_graph(tmp_path):
    rng = np.random.default_rng(3)
    x = rng.normal(size=(200, 4)).astype(np.float32)
    y = (x[:, 0] > 0).astype(np.int32) + (x[:, 1] > 1).astype(np.int32)
    model = bc.Trainer("logistic", epochs=5).fit(x, y, n_classes=3)
    with pytest.raises(bc.UnsupportedError, match="feature spec"):
        bc.export_onnx_decision(model, tmp_path / "x.onnx")
    assert not (tmp_path / "x.onnx").exists()


def test_the_decision_graph_closes_at_max_hold_as_the_predictor(tmp_path):
    """A clone with max_hold (the heldout21 VHF bot: out on the opposite
    ema(20) cross or after 15 bars; its trees clone misses some of the time
    stops and max_hold closes them): the graph's Greater/Where on the row's
    bars_held column decides close on the bars where the predictor's
    clone_max_hold does, and there only, where the model itself would hold
    (P(act) below its bar)."""
    model, bars = clone("bots/heldout21/heldout21_vhf_trend_sp500_trades_raw.csv",
                        "sp500_daily.csv", None)
    max_hold = json.loads(model.json_text()).get("max_hold", 0)
    assert max_hold > 0
    path = tmp_path / "clone.onnx"
    bc.export_onnx_decision(model, path, None)
    proto = onnx.load(str(path))
    onnx.checker.check_model(proto)
    assert {o.domain: o.version for o in proto.opset_import}[""] == 13
    assert {n.op_type for n in proto.graph.node} <= OPERATORS
    assert {"Greater", "Equal", "And"} <= {n.op_type for n in proto.graph.node}

    log = tmp_path / "decisions.csv"
    p = bc.Predictor(model, decision_log=str(log))
    o, h, l, c, v = (bars.column(k) for k in ("open", "high", "low", "close", "volume"))
    lib = {}
    for i in range(len(bars)):
        t = int(bars.time[i])
        lib[t] = p.update(t, o[i], h[i], l[i], c[i], v[i])[0]
    p.close()
    rows = bc.read_decisions(log)
    x = np.stack([rows.features(i) for i in range(len(rows))])
    want = np.array([lib[rows[i].timestamp] for i in range(len(rows))])
    held = x[:, list(model.feature_names).index("bars_held")]

    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    decision, p_act, threshold, _ = session.run(None, {"features": x})
    assert (decision == want).all(), np.flatnonzero(decision != want)[:5]
    capped = (decision == 3) & ~(p_act >= threshold)
    assert capped.sum() >= 1 and (held[capped] > max_hold).all()
