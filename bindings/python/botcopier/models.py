"""
models.py - trained models (.bcm files, predictions) and trainers
(lib/model, lib/train). Training and inference run in C; Python passes
numpy arrays zero-copy and turns options into key/value strings.
"""
import ctypes
import json
from typing import Any, Callable, Dict, List, Optional, Tuple, Union

import numpy as np

from . import _arrays, _lib, _objects, errors
from ._types import Float32Array, Float64Array, Int32Array, PathLike

_v, _s, _t = _lib.ptr("bc_model"), _lib.c_char_p, _lib.ptr("bc_trainer")
_load = _lib.status("bc_model_load", _s, _lib.out("bc_model"))
_load_bytes = _lib.status("bc_model_load_bytes", _lib.ptr("uint8_t"), _lib.c_int64,
                          _lib.out("bc_model"))
_save = _lib.status("bc_model_save", _v, _s)
_save_ex = _lib.status("bc_model_save_ex", _v, _s, _lib.c_int32)
_save_bytes_ex = _lib.status("bc_model_save_bytes_ex", _v, _lib.ptr("uint8_t"), _lib.c_int64,
                             _lib.P_int64, _lib.c_int32)
_feature_name = _lib.status("bc_model_feature_name", _v, _lib.c_int32, _s, _lib.c_int32,
                            _lib.P_int32)
_save_bytes = _lib.status("bc_model_save_bytes", _v, _lib.ptr("uint8_t"), _lib.c_int64,
                          _lib.P_int64)
_write_json = _lib.status("bc_model_write_json", _v, _s)
_write_botcopier_json = _lib.status("bc_model_write_botcopier_json", _v, _s)
_json_text = _lib.status("bc_model_json_text", _v, _s, _lib.c_int64, _lib.P_int64)
_info_json = _lib.status("bc_model_info_json", _v, _s, _lib.c_int32, _lib.P_int32)
_num_features = _lib.status("bc_model_num_features", _v)
_num_classes = _lib.status("bc_model_num_classes", _v)
_feature_spec = _lib.status("bc_model_feature_spec", _v, _s, _lib.c_int32, _lib.P_int32)
_predict = _lib.status("bc_model_predict", _v, _lib.ptr("double"), _lib.c_int32, _lib.c_int32,
                       _lib.ptr("double"), _lib.c_int64)
_model_free = _lib.function("bc_model_free", None, _v)
_lot_scale = _lib.status("bc_model_lot_scale", _v, _s, _lib.P_double)
_copy = _lib.status("bc_model_copy", _v, _lib.out("bc_model"))
_update = _lib.status("bc_model_update", _v, _lib.ptr("double"), _lib.ptr("int32_t"),
                      _lib.ptr("double"), _lib.c_int32, _lib.c_int32, _lib.c_double,
                      _lib.c_double)
_boost = _lib.status("bc_model_boost", _v, _lib.ptr("double"), _lib.ptr("int32_t"),
                     _lib.ptr("double"), _lib.c_int32, _lib.c_int32, _lib.c_int32, _lib.c_int32,
                     _lib.c_double, _lib.c_double, _lib.c_int32, _lib.P_int32)
# Online learning from a bot's new trade-log events (lib/online/event_rows.c).
_last_event_id = _lib.function("bc_model_last_event_id", _lib.c_int64, _v)
_set_last_event_id = _lib.status("bc_model_set_last_event_id", _v, _lib.c_int64)
_event_rows = _lib.status("bc_model_event_rows", _v, _lib.ptr("bc_bars"), _lib.ptr("bc_trades"),
                          _lib.c_int64, _lib.c_double, _lib.ptr("double"), _lib.ptr("int32_t"),
                          _lib.ptr("double"), _lib.ptr("int64_t"), _lib.c_int32, _lib.P_int32,
                          _lib.P_int64)
_trainer_create = _lib.status("bc_trainer_create", _s, _lib.out("bc_trainer"))
_trainer_set = _lib.status("bc_trainer_set", _t, _s, _s)
_trainer_fit = _lib.status("bc_trainer_fit", _t, _lib.ptr("float"), _lib.ptr("int32_t"),
                           _lib.ptr("float"), _lib.c_int32, _lib.c_int32, _lib.c_int32,
                           _lib.out("bc_model"))
_trainer_free = _lib.function("bc_trainer_free", None, _t)
PROGRESS_FN = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_int32, ctypes.c_int32, ctypes.c_double,
                               ctypes.c_double, ctypes.c_void_p)
_trainer_set_progress = _lib.status("bc_trainer_set_progress", _t, PROGRESS_FN, _lib.c_void_p)
_trainer_cancel = _lib.status("bc_trainer_cancel", _t)
_dbl, _i32p = _lib.ptr("double"), _lib.ptr("int32_t")
_threshold_search = _lib.status("bc_threshold_search", _dbl, _i32p, _dbl, _lib.c_int32,
                                _lib.P_double, _lib.P_double)
_platt_fit = _lib.status("bc_platt_fit", _dbl, _i32p, _dbl, _lib.c_int32, _lib.P_double,
                         _lib.P_double)
_hwinfo_json = _lib.status("bc_hwinfo_json", _s, _lib.c_int32, _lib.P_int32)
# Where a model's bars came from (model_market.c).
_symbol = _lib.status("bc_model_symbol", _v, _s, _lib.c_int32, _lib.P_int32)
_time_zone = _lib.status("bc_model_time_zone", _v, _s, _lib.c_int32, _lib.P_int32)
_bar_seconds = _lib.function("bc_model_bar_seconds", _lib.c_int64, _v)
_stops = _lib.status("bc_model_stops", _v, _lib.P_double, _lib.P_double)
_set_market = _lib.status("bc_model_set_market", _v, _s, _lib.c_int64, _s)
_set_stops = _lib.status("bc_model_set_stops", _v, _lib.c_double, _lib.c_double)
_time_zone_parse = _lib.status("bc_time_zone_parse", _s, _lib.P_int32, _lib.P_int32, _s,
                               _lib.c_int32)

# bc_model_save_ex flags.
SAVE_UNCOMPRESSED = 1


class Model(_objects.ClosableHandle):
    """A trained model: Model.load(path) / Model.from_bytes(data), or from
    Trainer.fit. Read-only, so one Model may serve many threads."""

    _kind = "model"

    def __init__(self, _ptr: int) -> None:
        super().__init__(_ptr, _model_free)

    @classmethod
    def load(cls, path: PathLike) -> "Model":
        """Reads a .bcm file, or a trained policy file (rl-train's policy.bcp:
        a model of type "policy", stepped with botcopier.rl.Policy.from_model)
        (IoError, FormatError, CorruptError, VersionError)."""
        return cls(_objects.new(_load, _objects.encode_path(path)))

    @classmethod
    def from_bytes(cls, data: bytes) -> "Model":
        """Reads a model from the bytes of a .bcm file (no copy of data is made
        by Python)."""
        buf = np.frombuffer(data, dtype=np.uint8)
        return cls(_objects.new(_load_bytes, _arrays.address(buf) if buf.size else None, buf.size))

    def save(self, path: PathLike, compress: bool = True) -> None:
        """Writes a .bcm file atomically; compress=False writes it without
        zstd, readable by every build (the Windows DLL included)."""
        if compress:
            _save(self, _objects.encode_path(path))
        else:
            _save_ex(self, _objects.encode_path(path), SAVE_UNCOMPRESSED)

    def to_bytes(self, compress: bool = True) -> bytes:
        """The .bcm file contents as bytes (compress as in save)."""
        if compress:
            return _read_bytes(lambda buf, cap, length: _save_bytes(self, buf, cap, length))
        return _read_bytes(lambda buf, cap, length: _save_bytes_ex(self, buf, cap, length,
                                                                   SAVE_UNCOMPRESSED))

    def write_json(self, path: PathLike) -> None:
        """Writes the model as a BotCopier model.json."""
        _write_json(self, _objects.encode_path(path))

    def json_text(self) -> str:
        """model.json as a str, byte for byte what write_json writes."""
        return _read_text(lambda buf, cap, length: _json_text(self, buf, cap, length))

    def write_botcopier_json(self, path: PathLike) -> None:
        """Writes the binary logistic shape BotCopier's own scripts read
        (coefficients, intercept, prob = P(buy)): a clone's direction view."""
        _write_botcopier_json(self, _objects.encode_path(path))

    def lot_scale(self, symbol: str) -> float:
        """Lot multiplier of symbol under the clone's risk-parity weights
        (weight x number of symbols; 1.0 when the model has none)."""
        scale = ctypes.c_double()
        _lot_scale(self, str(symbol).encode(), ctypes.byref(scale))
        return float(scale.value)

    @property
    def info(self) -> Dict[str, Any]:
        """The model's description (kind, sizes, metadata) as a dict."""
        info: Dict[str, Any] = json.loads(_objects.read_string(_info_json, self, initial=4096))
        return info

    @property
    def num_features(self) -> int:
        """Number of inputs the model takes."""
        return int(_num_features(self))

    @property
    def num_classes(self) -> int:
        """Number of classes predict() returns probabilities of."""
        return int(_num_classes(self))

    @property
    def feature_names(self) -> List[str]:
        """Names of the model's inputs, in order (feature columns, then any
        position state a clone appends)."""
        return [_objects.read_string(_feature_name, self, i, initial=64)
                for i in range(self.num_features)]

    @property
    def symbol(self) -> str:
        """Symbol(s) of the training bars, comma-separated ("" unknown)."""
        return _objects.read_string(_symbol, self, initial=64)

    @property
    def bar_seconds(self) -> int:
        """Bar period of the training bars in seconds (0 unknown)."""
        return int(_bar_seconds(self))

    @property
    def time_zone(self) -> str:
        """Clock of the training bars: "UTC", "UTC+02:00", "server" ("" unknown)."""
        return _objects.read_string(_time_zone, self, initial=16)

    @property
    def stops(self) -> Tuple[float, float]:
        """(sl_distance, tp_distance) the target bot set, price units, 0 = none."""
        sl, tp = ctypes.c_double(), ctypes.c_double()
        _stops(self, ctypes.byref(sl), ctypes.byref(tp))
        return float(sl.value), float(tp.value)

    def set_market(self, symbol: str = "", bar_seconds: int = 0, time_zone: str = "") -> None:
        """Records where the bars came from (before saving; not on a model
        other threads read)."""
        _set_market(self, str(symbol).encode(), int(bar_seconds), str(time_zone).encode())

    def set_stops(self, sl_distance: float = 0.0, tp_distance: float = 0.0) -> None:
        """Records the stops a host may place (0 = none)."""
        _set_stops(self, float(sl_distance), float(tp_distance))

    @property
    def feature_spec(self) -> str:
        """The feature spec the model was trained on (for botcopier.Features)."""
        return _objects.read_string(_feature_spec, self)

    def predict(self, x: Float64Array, out: Optional[Float64Array] = None) -> Float64Array:
        """Class probabilities of raw (unnormalised) feature rows: x is an
        (n, num_features) float64 C-contiguous array; returns (n, num_classes)
        float64, written into out when given. ShapeError on a feature count
        the model was not trained with."""
        _arrays.require(x, np.float64, "x", ndim=2)
        n, n_features = x.shape
        out = _arrays.output(out, np.float64, (n, self.num_classes))
        _predict(self, _arrays.address(x), n, n_features, _arrays.address(out), out.size)
        return out

    def copy(self) -> "Model":
        """A private, mutable copy (the only kind update() should change while
        the original stays shared)."""
        return Model(_objects.new(_copy, self))

    def update(self, x: Float64Array, y: Int32Array, weights: Optional[Float64Array] = None,
               learning_rate: float = 0.01, l2: float = 0.0) -> "Model":
        """Online learning: one gradient step on labeled raw rows x (n, F)
        float64 with labels y (n,) int32 and optional weights (n,) float64,
        through the model's frozen normalization. Mutates this model: call it
        on copy(). The model is unchanged when it raises."""
        _arrays.require(x, np.float64, "x", ndim=2)
        n, n_features = x.shape
        _arrays.require(y, np.int32, "y", shape=(n,))
        if weights is not None:
            _arrays.require(weights, np.float64, "weights", shape=(n,))
        _update(self, _arrays.address(x), _arrays.address(y),
                _arrays.address(weights) if weights is not None else None,
                n, n_features, float(learning_rate), float(l2))
        return self

    def boost(self, x: Float64Array, y: Int32Array, weights: Optional[Float64Array] = None,
              rounds: int = 10, max_depth: int = 0, eta: float = 0.1, lam: float = 1.0,
              max_trees: int = 0) -> int:
        """Online learning for a trees model (bc_model_boost): up to `rounds`
        more boosting rounds fitted by XGBoost on raw rows x (n, F) float64,
        labels y (n,) int32 and optional weights (n,) float64, starting from
        the ensemble's own raw scores; max_depth 0 = the ensemble's deepest,
        lam = XGBoost's lambda, max_trees (0 = none) caps the total. Returns
        the rounds added. Mutates this model: call it on copy()."""
        _arrays.require(x, np.float64, "x", ndim=2)
        n, n_features = x.shape
        _arrays.require(y, np.int32, "y", shape=(n,))
        if weights is not None:
            _arrays.require(weights, np.float64, "weights", shape=(n,))
        added = ctypes.c_int32(0)
        _boost(self, _arrays.address(x), _arrays.address(y),
               _arrays.address(weights) if weights is not None else None, n, n_features,
               int(rounds), int(max_depth), float(eta), float(lam), int(max_trees),
               ctypes.byref(added))
        return int(added.value)

    @property
    def last_event_id(self) -> int:
        """The newest trade-log event_id the model learned from (-1 unknown)."""
        return int(_last_event_id(self))

    def set_last_event_id(self, last_event_id: int) -> "Model":
        """Records last_event_id (>= -1). Mutates this model: call it on copy()."""
        _set_last_event_id(self, int(last_event_id))
        return self

    def event_rows(self, bars: Any, trades: Any, after_event_id: Optional[int] = None,
                   half_life_days: float = 0.0
                   ) -> Tuple[Float64Array, Int32Array, Float64Array, Any, int]:
        """Training rows of an online update from the bot's trade log
        (bc_model_event_rows): (x (n, F) float64, y (n,) int32, weights (n,)
        float64 (time decay), times (n,) int64, the log's newest event_id).
        after_event_id None means the model's own last_event_id."""
        after = self.last_event_id if after_event_id is None else int(after_event_id)
        n, last = ctypes.c_int32(0), ctypes.c_int64(0)
        _event_rows(self, bars, trades, after, float(half_life_days), None, None, None, None, 0,
                    ctypes.byref(n), ctypes.byref(last))
        x = np.zeros((n.value, self.num_features), np.float64)
        y = np.zeros(n.value, np.int32)
        w = np.zeros(n.value, np.float64)
        t = np.zeros(n.value, np.int64)
        _event_rows(self, bars, trades, after, float(half_life_days), _arrays.address(x),
                    _arrays.address(y), _arrays.address(w), _arrays.address(t), n.value,
                    ctypes.byref(n), ctypes.byref(last))
        return x, y, w, t, int(last.value)

    def _repr_html_(self) -> str:
        """Kind, inputs and, for a clone, its held-out fidelity (notebooks)."""
        from . import _html
        if self.closed:
            return _html.notebook("botcopier.Model", "closed")
        info = self.info
        metrics = info.get("validation_metrics")
        if isinstance(metrics, str):  # stored as text by some writers
            try:
                metrics = json.loads(metrics)
            except ValueError:
                metrics = {}
        fid = metrics.get("fidelity") if isinstance(metrics, dict) else None
        rows: List[Tuple[str, Any]] = [("kind", info.get("model_type")), ("features", self.num_features),
                ("classes", ", ".join(info.get("class_names") or []) or self.num_classes),
                ("threshold", info.get("threshold")),
                ("trained on", "%s rows" % info.get("num_samples", "?"))]
        if isinstance(fid, dict):
            rows += [("fidelity F1 (held out)", fid.get("f1")),
                     ("entries matched", "%s of %s" % (fid.get("matched"),
                                                       fid.get("target_entries")))]
        names = self.feature_names
        shown = ", ".join(names[:12]) + (" ... (%d more)" % (len(names) - 12)
                                         if len(names) > 12 else "")
        rows.append(("inputs", shown))
        return _html.notebook("botcopier.Model", _html.key_values(rows))

    def __repr__(self) -> str:
        if self.closed:
            return "<botcopier.Model closed>"
        return "<botcopier.Model %d features, %d classes>" % (self.num_features, self.num_classes)


def _read_text(call: Callable[[Any, int, Any], Any]) -> str:
    """str from a two-call (buf, capacity, int64 *length) text producer,
    whose capacity must also hold the NUL."""
    length = ctypes.c_int64(0)
    try:
        call(None, 0, ctypes.byref(length))
    except errors.BufferTooSmallError:
        pass
    buf = ctypes.create_string_buffer(length.value + 1)
    call(buf, length.value + 1, ctypes.byref(length))
    return buf.raw[:length.value].decode("utf-8")


def _read_bytes(call: Callable[[Any, int, Any], Any]) -> bytes:
    """bytes from a two-call (buf, capacity, int64 *length) producer."""
    length = ctypes.c_int64(0)
    try:
        call(None, 0, ctypes.byref(length))
    except errors.BufferTooSmallError:
        pass
    buf = ctypes.create_string_buffer(max(length.value, 1))
    call(ctypes.addressof(buf), length.value, ctypes.byref(length))
    return buf.raw[:length.value]


def _option_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ",".join(_option_text(v) for v in value)
    return str(value)


class Trainer(_objects.ClosableHandle):
    """A trainer of one kind ("logistic", "mlp") with options:
    Trainer("mlp", epochs=20, hidden=(32, 16)). Option values become the
    library's text form (True -> "true", sequences comma-joined); an unknown
    key raises UnknownKeyError, a bad value InvalidArgumentError."""

    _kind = "trainer"

    def __init__(self, kind: str = "logistic", **options: Any) -> None:
        super().__init__(_objects.new(_trainer_create, _objects.encode(kind, "kind")),
                         _trainer_free)
        self._progress: Any = None   # the live CFUNCTYPE: C holds its address
        self._progress_error: Optional[BaseException] = None  # what the Python callback raised, re-raised by fit
        self.set(**options)

    def on_progress(self, callback: Optional[Callable[[int, int, float, float], Any]]
                    ) -> "Trainer":
        """Calls callback(iteration, total, train_loss, valid_loss) after each
        L-BFGS iteration (logistic) or epoch (mlp), on the fitting thread
        (valid_loss is NaN without a validation tail). A true return value
        cancels the fit (CancelledError). An exception raised by the callback
        never unwinds into C: it cancels the fit, and fit raises it. None
        removes the callback."""
        if callback is None:
            _trainer_set_progress(self, PROGRESS_FN(), None)
            self._progress = None
            return self
        if not callable(callback):
            raise TypeError("callback must be callable, not %s" % type(callback).__name__)

        def deliver(iteration: int, total: int, train_loss: float, valid_loss: float,
                    user: Any) -> int:
            try:
                return 1 if callback(iteration, total, train_loss, valid_loss) else 0
            except BaseException as e:  # never let an exception unwind into C
                self._progress_error = e
                return 1

        c_callback = PROGRESS_FN(deliver)
        _trainer_set_progress(self, c_callback, None)
        self._progress = c_callback
        return self

    def cancel(self) -> None:
        """Asks a fit running on another thread (or the next fit) to stop at
        its next iteration; that fit raises CancelledError. Thread-safe."""
        _trainer_cancel(self)

    def set(self, **options: Any) -> "Trainer":
        """Sets trainer options by keyword (epochs=20, hidden=(32, 16), ...);
        returns self."""
        for key, value in options.items():
            _trainer_set(self, key.encode(), _option_text(value).encode())
        return self

    def fit(self, x: Float32Array, y: Int32Array, weights: Optional[Float32Array] = None,
            n_classes: Optional[int] = None) -> Model:
        """Trains on x (n, n_features) float32, labels y (n,) int32 in
        0..n_classes-1 and optional sample weights (n,) float32, all passed
        zero-copy; n_classes defaults to y.max() + 1. Returns a Model."""
        _arrays.require(x, np.float32, "x", ndim=2)
        n, n_features = x.shape
        _arrays.require(y, np.int32, "y", shape=(n,))
        _arrays.optional(weights, np.float32, "weights", (n,))
        if n_classes is None:
            n_classes = int(y.max()) + 1 if n else 0
        self._progress_error = None
        try:
            return Model(_objects.new(_trainer_fit, self, _arrays.address(x), _arrays.address(y),
                                      _arrays.address(weights), n, n_features, n_classes))
        except errors.CancelledError as cancelled:
            raised, self._progress_error = self._progress_error, None
            if raised is not None:
                raise raised from cancelled
            raise


def threshold_search(scores: Float64Array, positive: Int32Array,
                     weights: Optional[Float64Array] = None) -> Tuple[float, float]:
    """The threshold (one of scores) maximizing the weighted F1 of
    "positive" when predicting positive for score >= threshold: returns
    (threshold, f1). scores float64 (n,), positive int32 (n,) of 0/1,
    weights float64 (n,) or None."""
    _arrays.require(scores, np.float64, "scores", ndim=1)
    n = scores.shape[0]
    _arrays.require(positive, np.int32, "positive", shape=(n,))
    _arrays.optional(weights, np.float64, "weights", (n,))
    threshold, f1 = ctypes.c_double(), ctypes.c_double()
    _threshold_search(_arrays.address(scores), _arrays.address(positive), _arrays.address(weights),
                      n, ctypes.byref(threshold), ctypes.byref(f1))
    return float(threshold.value), float(f1.value)


def platt_fit(probs: Float64Array, targets: Int32Array,
              weights: Optional[Float64Array] = None) -> Tuple[float, float]:
    """Platt scaling p' = 1 / (1 + exp(-(coef * logit(p) + intercept))) fitted
    to targets: returns (coef, intercept). probs float64 (n,), targets int32
    (n,) of 0/1, weights float64 (n,) or None."""
    _arrays.require(probs, np.float64, "probs", ndim=1)
    n = probs.shape[0]
    _arrays.require(targets, np.int32, "targets", shape=(n,))
    _arrays.optional(weights, np.float64, "weights", (n,))
    coef, intercept = ctypes.c_double(), ctypes.c_double()
    _platt_fit(_arrays.address(probs), _arrays.address(targets), _arrays.address(weights), n,
               ctypes.byref(coef), ctypes.byref(intercept))
    return float(coef.value), float(intercept.value)


def hwinfo() -> Dict[str, Any]:
    """The machine as the hardware-aware training mode sees it, as a dict:
    ram_gb, cores, cpu_mhz, disk_free_gb, gpu_mem_gb, mode, feature_flags."""
    info: Dict[str, Any] = json.loads(_objects.read_string(_hwinfo_json, initial=1024))
    return info


def parse_time_zone(zone: str) -> Tuple[str, int, bool]:
    """(canonical text, minutes east of UTC, is_server) of a time zone such
    as "UTC+2" -> ("UTC+02:00", 120, False); InvalidArgumentError otherwise."""
    minutes, server = ctypes.c_int32(), ctypes.c_int32()
    canonical = ctypes.create_string_buffer(16)
    _time_zone_parse(str(zone).encode(), ctypes.byref(minutes), ctypes.byref(server), canonical, 16)
    return canonical.value.decode(), int(minutes.value), bool(server.value)
