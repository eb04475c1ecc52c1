"""Exporters through the binding: ONNX bytes are the ONNX file, the model
they hold scores as the library does, and MQL5 source names its sizes."""
import json

import numpy as np
import pytest

import botcopier
from conftest import requires

pytestmark = requires("bc_export_onnx", "bc_export_onnx_bytes", "bc_export_mql5",
                      "bc_trainer_fit")


@pytest.fixture(scope="module")
def model():
    rng = np.random.default_rng(21)
    x = rng.standard_normal((300, 5)).astype(np.float32)
    y = (x[:, 0] + x[:, 1] > 0).astype(np.int32) + (x[:, 2] > 1).astype(np.int32)
    return botcopier.Trainer("mlp", hidden=8, epochs=10, seed=3).fit(x, y, n_classes=3), x


@pytest.mark.parametrize("int8", [False, True])
def test_onnx_bytes_are_the_file_export(model, tmp_path, int8):
    m, _ = model
    data = botcopier.onnx_bytes(m, quantize_int8=int8)
    path = tmp_path / "m.onnx"
    botcopier.export_onnx(m, path, quantize_int8=int8)
    assert path.stat().st_size == len(data)
    assert path.read_bytes() == data
    assert data[:2] == b"\x08\x07"  # ModelProto field 1 (ir_version), varint 7
    assert botcopier.onnx_bytes(m, quantize_int8=int8) == data  # deterministic


def test_int8_weights_make_a_different_model_of_the_same_shape(model):
    m, _ = model
    onnx = pytest.importorskip("onnx")
    plain, int8 = (onnx.load_from_string(botcopier.onnx_bytes(m, quantize_int8=q))
                   for q in (False, True))
    assert plain.SerializeToString() != int8.SerializeToString()
    assert "DequantizeLinear" in {n.op_type for n in int8.graph.node}
    assert "DequantizeLinear" not in {n.op_type for n in plain.graph.node}
    meta = json.loads({p.key: p.value for p in plain.metadata_props}["botcopier"])
    assert (meta["n_features"], meta["n_classes"], meta["kind"]) == (5, 3, "mlp")


def test_onnx_runtime_scores_the_bytes_as_the_library_does(model):
    ort = pytest.importorskip("onnxruntime")
    m, x = model
    session = ort.InferenceSession(botcopier.onnx_bytes(m), providers=["CPUExecutionProvider"])
    label, probs = session.run(["label", "probabilities"], {"features": x[:50]})
    expected = m.predict(x[:50].astype(np.float64))
    np.testing.assert_allclose(probs, expected, atol=1e-5)
    np.testing.assert_array_equal(label, expected.argmax(axis=1))


def test_mql5_export_writes_the_prefixed_functions_and_sizes(model, tmp_path):
    m, _ = model
    path = tmp_path / "clone.mqh"
    botcopier.export_mql5(m, path, prefix="aapl_clone")
    text = path.read_text()
    assert "aapl_clone_predict(" in text
    assert "#define aapl_clone_N_FEATURES 5" in text
    assert "#define aapl_clone_N_CLASSES 3" in text
    botcopier.export_mql5(m, tmp_path / "default.mqh")
    assert "bc_model_predict(" in (tmp_path / "default.mqh").read_text()
    with pytest.raises(botcopier.InvalidArgumentError, match="9lives"):
        botcopier.export_mql5(m, tmp_path / "bad.mqh", prefix="9lives")


def test_export_to_a_missing_directory_is_an_io_error_naming_it(model, tmp_path):
    m, _ = model
    with pytest.raises(botcopier.IoError, match="nowhere"):
        botcopier.export_onnx(m, tmp_path / "nowhere" / "m.onnx")
    with pytest.raises(TypeError, match="botcopier.Model"):
        botcopier.onnx_bytes("model.bcm")
