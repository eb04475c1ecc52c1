"""The trees model kind in hosts other than the library: its ONNX export
(ai.onnx.ml TreeEnsembleClassifier) run in ONNX Runtime, and a clone with
model trees through the CLI whose exported graph gives the library's
probabilities on every held-out bar.

Bounds: |p_onnx - p_library| <= 1e-6 (ONNX Runtime sums the leaves in
float in its own order and adds the base score last; the library follows
XGBoost's order: measured ~4e-7)."""
import json
import os
import subprocess

import numpy as np
import onnx
import onnxruntime as ort
import pytest

import botcopier as bc

from conftest import cli_executable

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "tests", "data")


def and_rows(n, seed=3):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2, 2, size=(n, 4)).astype(np.float32)
    x[rng.random(n) < 0.05, 3] = np.nan
    y = np.where(x[:, 2] > 1.2, 2, np.where((x[:, 0] < 0.3) & (x[:, 1] > 0.5), 1, 0))
    return x, y.astype(np.int32)


@pytest.fixture(scope="module")
def trees_model():
    x, y = and_rows(3000)
    trainer = bc.Trainer("trees", threads=1)
    return trainer.fit(x, y, n_classes=3), x, y


def test_onnx_graph_is_a_tree_ensemble_at_ml_opset_3_with_tensor_outputs(trees_model):
    model, _, _ = trees_model
    proto = onnx.load_from_string(bc.export.onnx_bytes(model))
    onnx.checker.check_model(proto)
    opsets = {o.domain: o.version for o in proto.opset_import}
    assert opsets["ai.onnx.ml"] <= 3 and opsets[""] <= 13
    ops = [n.op_type for n in proto.graph.node]
    assert "TreeEnsembleClassifier" in ops and "ZipMap" not in ops
    outputs = {o.name: o.type.tensor_type.elem_type for o in proto.graph.output}
    assert outputs == {"label": onnx.TensorProto.INT64, "probabilities": onnx.TensorProto.FLOAT}
    with pytest.raises(bc.errors.UnsupportedError, match="trees"):
        bc.export.onnx_bytes(model, quantize_int8=True)


def test_onnx_runtime_gives_the_library_probabilities_with_missing_values(trees_model):
    model, x, _ = trees_model
    rows = x[:500].copy()
    rows[0, 0] = np.inf
    rows[1, 1] = -np.inf
    rows[2, :] = np.nan
    session = ort.InferenceSession(bc.export.onnx_bytes(model), providers=["CPUExecutionProvider"])
    label, probs = session.run(None, {"features": rows})
    want = model.predict(rows.astype(np.float64))
    assert np.abs(probs - want).max() <= 1e-6
    assert (label == want.argmax(axis=1)).all()


def test_trees_beat_logistic_regression_on_an_and(trees_model):
    model, x, y = trees_model
    logistic = bc.Trainer("logistic").fit(x, y, n_classes=3)
    xt, yt = and_rows(2000, seed=9)
    acc = lambda m: float((m.predict(xt.astype(np.float64)).argmax(axis=1) == yt).mean())
    assert acc(model) > 0.98
    assert acc(logistic) < acc(model) - 0.03


def test_clone_with_model_trees_exports_a_graph_equal_to_the_library(tmp_path):
    out = tmp_path / "clone"
    bots = os.path.join(DATA, "bots")
    subprocess.run([cli_executable(), "clone", "--trades",
                    os.path.join(bots, "bband_rsi_eurusd_trades_raw.csv"), "--bars",
                    os.path.join(bots, "eurusd_1h.csv"), "--model", "trees", "--out", str(out),
                    "--quiet"], check=True)
    report = json.loads((out / "report.json").read_text())
    assert report["model"] == "trees"
    model = bc.Model.load(str(out / "model.bcm"))
    feats = bc.Features(model.feature_spec)
    bars = bc.read_bars(os.path.join(bots, "eurusd_1h.csv"))
    cols = feats.compute(bars)
    n = model.num_features
    rows = np.zeros((len(cols), n))
    rows[:, :cols.shape[1]] = cols  # position-state inputs left at 0 (flat)
    session = ort.InferenceSession(bc.export.onnx_bytes(model), providers=["CPUExecutionProvider"])
    _, probs = session.run(None, {"features": rows.astype(np.float32)})
    want = model.predict(rows.astype(np.float32).astype(np.float64))
    # ONNX Runtime adds the leaf values and takes the softmax in float32 in its
    # own order, the library in XGBoost's float order then double: a few float
    # ulps of the raw score (measured 1.2e-6 on this clone once the pair's and()
    # column joined its spec); a wrong leaf moves a probability by ~1e-2
    assert np.abs(probs - want).max() <= 5e-6
