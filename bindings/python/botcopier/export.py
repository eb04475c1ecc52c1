"""
export.py - models as files that run without libbotcopier (lib/export):
ONNX (ONNX Runtime, MT5's OnnxCreate) and MQL5 source (.mqh). Both carry
the model's normalization, clipping and calibration, so they take the raw
feature rows Model.predict takes.
"""
from typing import Any, Optional

from . import _lib, _objects
from ._types import PathLike
from .models import Model, _read_bytes, _read_text

_m = _lib.ptr("bc_model")
_export_onnx = _lib.status("bc_export_onnx", _m, _lib.c_char_p, _lib.c_int32)
_export_onnx_bytes = _lib.status("bc_export_onnx_bytes", _m, _lib.c_int32, _lib.ptr("uint8_t"),
                                 _lib.c_int64, _lib.P_int64)
_export_onnx_decision = _lib.status("bc_export_onnx_decision", _m, _lib.c_char_p, _lib.c_char_p,
                                   _lib.c_char_p)
_export_onnx_decision_bytes = _lib.status("bc_export_onnx_decision_bytes", _m,
                                          _lib.ptr("uint8_t"), _lib.c_int64, _lib.P_int64)
_export_mql5 = _lib.status("bc_export_mql5", _m, _lib.c_char_p, _lib.c_char_p)
_export_mql5_text = _lib.status("bc_export_mql5_text", _m, _lib.c_char_p, _lib.c_char_p,
                                _lib.c_int64, _lib.P_int64)


def _model(model: Any) -> Model:
    if not isinstance(model, Model):
        raise TypeError("expected a botcopier.Model, not %s" % type(model).__name__)
    return model


def export_onnx(model: Model, path: PathLike, quantize_int8: bool = False) -> None:
    """Writes model as ONNX (opset 13) to path, atomically; quantize_int8
    stores weights as int8 with a per-channel scale. UnsupportedError for a
    model kind that cannot be exported or a build without protobuf-c."""
    _export_onnx(_model(model), _objects.encode_path(path), 1 if quantize_int8 else 0)


def onnx_bytes(model: Model, quantize_int8: bool = False) -> bytes:
    """The ONNX model export_onnx writes, as bytes (the same model always
    gives the same bytes)."""
    flag = 1 if quantize_int8 else 0
    m = _model(model)
    return _read_bytes(lambda buf, cap, length: _export_onnx_bytes(m, flag, buf, cap, length))


def export_onnx_decision(model: Model, path: PathLike, mqh: Optional[PathLike] = None,
                         prefix: Optional[str] = None) -> None:
    """Writes the decision ONNX model (input "features" float64[N,F], the
    model's whole input row; outputs "decision", "p_act", "threshold",
    "probabilities": the predictor's rule inside the graph) and, when mqh is
    given, the MQL5 include that computes the row from bars and runs it
    with OnnxRun. UnsupportedError for a model without a feature spec the
    predictor runs."""
    _export_onnx_decision(_model(model), _objects.encode_path(path),
                          None if mqh is None else _objects.encode_path(mqh),
                          None if prefix is None else _objects.encode(prefix, "prefix"))


def onnx_decision_bytes(model: Model) -> bytes:
    """The decision ONNX model export_onnx_decision writes, as bytes."""
    m = _model(model)
    return _read_bytes(lambda buf, cap, length: _export_onnx_decision_bytes(m, buf, cap, length))


def export_mql5(model: Model, path: PathLike, prefix: Optional[str] = None) -> None:
    """Writes model as an MQL5 include file: <prefix>_predict(x, probs) and,
    when the model records a feature spec, bar-by-bar feature functions.
    prefix (default "bc_model") is a C identifier of 1..40 characters."""
    _export_mql5(_model(model), _objects.encode_path(path),
                 None if prefix is None else _objects.encode(prefix, "prefix"))


def mql5_text(model: Model, prefix: Optional[str] = None) -> str:
    """The MQL5 source export_mql5 writes, as a str."""
    m = _model(model)
    p = None if prefix is None else _objects.encode(prefix, "prefix")
    return _read_text(lambda buf, cap, length: _export_mql5_text(m, p, buf, cap, length))
