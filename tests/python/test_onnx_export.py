"""ONNX export checked in ONNX Runtime against the library's own predictor.

Models are trained by the library on features the library computes from
tests/data/aapl_daily.csv; the exported files are loaded with onnx (checker,
opset, outputs) and run in ONNX Runtime's CPU provider on the same rows.
Bounds:
  float: |p_onnx - p_library| <= 1e-5 (float32 layers vs the library's
         double accumulation; measured ~1e-6)
  int8:  per row, the rigorous first-order bound of weight-only int8
         quantization (see int8_probability_bound), plus 1e-5 float slack.
Plain ctypes so that this test depends on nothing but the built library.
"""
import ctypes
import os

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BARS = os.path.join(ROOT, "tests", "data", "aapl_daily.csv")
SPEC = b"sma(10),ema(20),rsi(14),macd(12,26,9),atr(14),bbands(20,2),ret(1),vol(20)"

c_double_p = ctypes.POINTER(ctypes.c_double)
c_float_p = ctypes.POINTER(ctypes.c_float)
c_int32_p = ctypes.POINTER(ctypes.c_int32)


@pytest.fixture(scope="module")
def lib():
    lib = ctypes.CDLL(os.environ["BC_LIBRARY"])
    vp = ctypes.c_void_p
    pvp = ctypes.POINTER(ctypes.c_void_p)
    sigs = {
        "bc_last_error": (ctypes.c_char_p, []),
        "bc_bars_read_csv": (ctypes.c_int32, [ctypes.c_char_p, pvp, pvp]),
        "bc_bars_free": (None, [vp]),
        "bc_bars_length": (ctypes.c_int32, [vp]),
        "bc_bars_column": (c_double_p, [vp, ctypes.c_int32]),
        "bc_features_create": (ctypes.c_int32, [ctypes.c_char_p, pvp]),
        "bc_features_count": (ctypes.c_int32, [vp]),
        "bc_bars_time": (ctypes.POINTER(ctypes.c_int64), [vp]),
        "bc_features_compute_arrays": (ctypes.c_int32, [vp, ctypes.c_int32,
                                                        ctypes.POINTER(ctypes.c_int64)]
                                       + [c_double_p] * 7 + [c_double_p, ctypes.c_int64]),
        "bc_features_free": (None, [vp]),
        "bc_trainer_create": (ctypes.c_int32, [ctypes.c_char_p, pvp]),
        "bc_trainer_set": (ctypes.c_int32, [vp, ctypes.c_char_p, ctypes.c_char_p]),
        "bc_trainer_fit": (ctypes.c_int32, [vp, c_float_p, c_int32_p, c_float_p,
                                            ctypes.c_int32, ctypes.c_int32,
                                            ctypes.c_int32, pvp]),
        "bc_trainer_free": (None, [vp]),
        "bc_model_predict": (ctypes.c_int32, [vp, c_double_p, ctypes.c_int32,
                                              ctypes.c_int32, c_double_p, ctypes.c_int64]),
        "bc_model_free": (None, [vp]),
        "bc_export_onnx": (ctypes.c_int32, [vp, ctypes.c_char_p, ctypes.c_int32]),
        "bc_export_onnx_bytes": (ctypes.c_int32, [vp, ctypes.c_int32, ctypes.c_char_p,
                                                  ctypes.c_int64,
                                                  ctypes.POINTER(ctypes.c_int64)]),
    }
    for name, (res, args) in sigs.items():
        fn = getattr(lib, name)
        fn.restype = res
        fn.argtypes = args
    return lib


def check(lib, rc):
    assert rc == 0, f"status {rc}: {lib.bc_last_error().decode()}"


@pytest.fixture(scope="module")
def rows(lib):
    """Feature rows of AAPL daily bars and 3-class labels (0 flat, 1 the
    close 5 bars later is >1% higher, 2 >1% lower), in time order."""
    bars, feats = ctypes.c_void_p(), ctypes.c_void_p()
    check(lib, lib.bc_bars_read_csv(BARS.encode(), ctypes.byref(bars), None))
    check(lib, lib.bc_features_create(SPEC, ctypes.byref(feats)))
    n, f = lib.bc_bars_length(bars), lib.bc_features_count(feats)
    x = np.zeros((n, f))
    cols = [lib.bc_bars_column(bars, c) for c in range(5)]  # open high low close volume
    check(lib, lib.bc_features_compute_arrays(feats, n, lib.bc_bars_time(bars), *cols,
                                              None, None, x.ctypes.data_as(c_double_p),
                                              x.size))
    close = np.ctypeslib.as_array(cols[3], shape=(n,)).copy()
    lib.bc_features_free(feats)
    lib.bc_bars_free(bars)
    future = np.zeros(n)
    future[:-5] = close[5:] / close[:-5] - 1.0
    y = np.where(future > 0.01, 1, np.where(future < -0.01, 2, 0)).astype(np.int32)
    return x, y


def train(lib, kind, x, y, options):
    trainer, model = ctypes.c_void_p(), ctypes.c_void_p()
    check(lib, lib.bc_trainer_create(kind, ctypes.byref(trainer)))
    for k, v in options.items():
        check(lib, lib.bc_trainer_set(trainer, k, v))
    xf = np.ascontiguousarray(x, dtype=np.float32)
    yi = np.ascontiguousarray(y, dtype=np.int32)
    check(lib, lib.bc_trainer_fit(trainer, xf.ctypes.data_as(c_float_p),
                                  yi.ctypes.data_as(c_int32_p), None, len(yi),
                                  x.shape[1], 3, ctypes.byref(model)))
    lib.bc_trainer_free(trainer)
    return model


@pytest.fixture(scope="module", params=["logistic", "mlp"])
def model(request, lib, rows):
    x, y = rows
    options = {b"max_iter": b"300"} if request.param == "logistic" else \
        {b"hidden": b"16,8", b"activation": b"tanh", b"epochs": b"30", b"seed": b"7"}
    m = train(lib, request.param.encode(), x, y, options)
    yield m
    lib.bc_model_free(m)


def onnx_bytes(lib, model, int8):
    need = ctypes.c_int64()
    assert lib.bc_export_onnx_bytes(model, int8, None, 0, ctypes.byref(need)) == -8
    buf = ctypes.create_string_buffer(need.value)
    check(lib, lib.bc_export_onnx_bytes(model, int8, buf, need.value, ctypes.byref(need)))
    return buf.raw


def library_probs(lib, model, x):
    x = np.ascontiguousarray(x, dtype=np.float64)
    out = np.zeros((x.shape[0], 3))
    check(lib, lib.bc_model_predict(model, x.ctypes.data_as(c_double_p), x.shape[0],
                                    x.shape[1], out.ctypes.data_as(c_double_p), out.size))
    return out


def run_cpu(data, x):
    session = ort.InferenceSession(data, providers=["CPUExecutionProvider"])
    return session.run(None, {"features": x})


def test_exported_model_passes_the_checker_with_mt5_compatible_layout(lib, model, rows):
    x, _ = rows
    for int8 in (0, 1):
        m = onnx.load_from_string(onnx_bytes(lib, model, int8))
        onnx.checker.check_model(m, full_check=True)
        opsets = {o.domain: o.version for o in m.opset_import}
        assert opsets == {"": 13}  # <= 18: MT5's ONNX Runtime 1.14 runs it
        assert m.ir_version == 7
        assert [i.name for i in m.graph.input] == ["features"]
        shape = m.graph.input[0].type.tensor_type.shape.dim
        assert shape[0].dim_param == "N" and shape[1].dim_value == x.shape[1]
        outs = {o.name: o.type for o in m.graph.output}
        assert list(outs) == ["label", "probabilities"]
        assert outs["label"].tensor_type.elem_type == onnx.TensorProto.INT64
        assert outs["probabilities"].tensor_type.elem_type == onnx.TensorProto.FLOAT
        assert all(o.type.HasField("tensor_type") for o in m.graph.output)
        assert not any(n.op_type == "ZipMap" or n.domain for n in m.graph.node)
        meta = {p.key: p.value for p in m.metadata_props}
        assert '"n_features":%d' % x.shape[1] in meta["botcopier"]


def test_float_onnx_equals_the_library_predictor_on_real_feature_rows(lib, model, rows):
    x, _ = rows
    x32 = x.astype(np.float32)  # ONNX takes float32: score the same values
    label, probs = run_cpu(onnx_bytes(lib, model, 0), x32)
    ref = library_probs(lib, model, x32.astype(np.float64))
    assert np.isnan(x32).any()  # warm-up rows exercise the missing rule
    assert probs.shape == ref.shape
    assert np.abs(probs - ref).max() <= 1e-5
    print(f"float: max |dp| {np.abs(probs - ref).max():.2e} over {len(ref)} rows")
    np.testing.assert_array_equal(label, probs.argmax(axis=1))


def test_onnx_file_is_the_same_model_as_the_bytes(lib, model, rows, tmp_path):
    x, _ = rows
    path = tmp_path / "clone.onnx"
    check(lib, lib.bc_export_onnx(model, str(path).encode(), 0))
    assert path.read_bytes() == onnx_bytes(lib, model, 0)


def dense_layers(m):
    """(W, b, activation) per layer of an exported graph, W dequantized."""
    init = {t.name: numpy_helper.to_array(t) for t in m.graph.initializer}
    acts = {n.input[0]: n.op_type for n in m.graph.node
            if n.op_type in ("Relu", "Tanh", "Sigmoid")}
    layers = []
    for n in (n for n in m.graph.node if n.op_type == "Gemm"):
        wname, bname = n.input[1], n.input[2]
        if wname in init:
            w = init[wname].astype(np.float64)
        else:
            q = init[wname + "_int8"].astype(np.float64)
            w = q * init[wname + "_scale"].astype(np.float64)[:, None]
        layers.append((w, init[bname].astype(np.float64), acts.get(n.output[0])))
    return init, layers


def normalize(init, x):
    z = (x.astype(np.float64) - init["center"]) / init["scale"]
    z = np.where(np.isfinite(z), z, 0.0)
    return np.minimum(np.maximum(z, init["clip_low"]), init["clip_high"]).astype(np.float32)


def int8_probability_bound(float_layers, int8_layers, z):
    """First-order rigorous bound on |p_int8 - p_float| per row. With
    e = bound on the hidden-state error, a layer's pre-activation error is
    |dW| (|h| + e) + |W| e (dW = W_int8 - W, |dW| <= scale/2); relu/tanh are
    1-Lipschitz, sigmoid 1/4; softmax moves each probability by at most
    1/4 of the spread of the logit changes <= 1/2 max |d logit|."""
    h = z.astype(np.float64)
    e = np.zeros_like(h)
    for (w, b, act), (wq, _, _) in zip(float_layers, int8_layers):
        dw = np.abs(wq - w)
        a = h @ w.T + b
        e = (np.abs(h) + e) @ dw.T + e @ np.abs(w).T
        if act == "Relu":
            h = np.maximum(a, 0.0)
        elif act == "Tanh":
            h = np.tanh(a)
        elif act == "Sigmoid":
            h, e = 1.0 / (1.0 + np.exp(-a)), e / 4.0
        else:
            h = a
    return 0.5 * e.max(axis=1)


def test_int8_onnx_stays_within_the_quantization_bound(lib, model, rows):
    x, _ = rows
    x32 = x.astype(np.float32)
    f_bytes, q_bytes = onnx_bytes(lib, model, 0), onnx_bytes(lib, model, 1)
    weight_bytes = [sum(len(t.raw_data) for t in onnx.load_from_string(b).graph.initializer
                        if t.name.startswith("layer") and "_weight" in t.name
                        and not t.name.endswith(("_scale", "_zero_point")))
                    for b in (f_bytes, q_bytes)]
    assert weight_bytes[1] * 4 == weight_bytes[0]  # one byte per weight instead of four
    _, p_float = run_cpu(f_bytes, x32)
    label_q, p_int8 = run_cpu(q_bytes, x32)
    init_f, layers_f = dense_layers(onnx.load_from_string(f_bytes))
    init_q, layers_q = dense_layers(onnx.load_from_string(q_bytes))
    for (w, _, _), (wq, _, _) in zip(layers_f, layers_q):  # |dw| <= scale/2
        scale = np.abs(w).max(axis=1) / 127.0
        assert (np.abs(wq - w) <= scale[:, None] / 2 * (1 + 1e-6)).all()
    bound = int8_probability_bound(layers_f, layers_q, normalize(init_f, x32))
    diff = np.abs(p_int8 - p_float).max(axis=1)
    assert (diff <= bound + 1e-5).all(), f"worst excess {(diff - bound).max()}"
    assert diff.max() > 0.0  # the weights really are quantized
    print(f"int8: max |dp| {diff.max():.2e}, mean bound {bound.mean():.2e}, "
          f"labels agree {np.mean(label_q == p_float.argmax(axis=1)):.4f}")


def test_host_picks_cuda_when_available_else_cpu(lib, model, rows):
    """What README documents for hosts: prefer CUDA, fall back to CPU."""
    x, _ = rows
    wanted = ["CUDAExecutionProvider", "CPUExecutionProvider"]
    providers = [p for p in wanted if p in ort.get_available_providers()]
    session = ort.InferenceSession(onnx_bytes(lib, model, 0), providers=providers)
    assert session.get_providers()[-1] == "CPUExecutionProvider"
    _, probs = session.run(None, {"features": x[-1:].astype(np.float32)})
    assert probs.shape == (1, 3)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-6)
