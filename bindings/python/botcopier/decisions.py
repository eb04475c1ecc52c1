"""
decisions.py - decision logs (decisions.csv, uncertain_decisions.csv) and
divergences.csv (lib/data): rows are ctypes records laid out as the C
structs, feature vectors come back as float64 arrays. Reading, writing and
validation all happen in C.
"""
import ctypes
from typing import Any, Dict, Iterator, Optional

import numpy as np

from . import _arrays, _lib, _objects, errors
from ._types import Float64Array, Frame, PathLike
from .data import Rejects

_s, _i32, _ptr, _out = _lib.c_char_p, _lib.c_int32, _lib.ptr, _lib.out


class DecisionRow(_objects.Record, ctypes.Structure):
    """One decision (bc_decision_row). Empty cells read as NaN (numbers),
    -1 (model_idx, regime, executed_model_idx), 0 (chosen), "" (text)."""

    _c_type_ = "bc_decision_row"
    _fields_ = [
        ("struct_size", ctypes.c_uint32),
        ("model_idx", ctypes.c_int32),
        ("event_id", ctypes.c_int64),
        ("timestamp", ctypes.c_int64),
        ("probability", ctypes.c_double),
        ("threshold", ctypes.c_double),
        ("sl_dist", ctypes.c_double),
        ("tp_dist", ctypes.c_double),
        ("risk_weight", ctypes.c_double),
        ("variance", ctypes.c_double),
        ("lots_predicted", ctypes.c_double),
        ("label", ctypes.c_double),
        ("regime", ctypes.c_int32),
        ("chosen", ctypes.c_int32),
        ("executed_model_idx", ctypes.c_int32),
        ("has_label", ctypes.c_int32),
        ("_model_version", ctypes.c_char * 32),
        ("_action", ctypes.c_char * 16),
        ("_trace_id", ctypes.c_char * 64),
        ("_span_id", ctypes.c_char * 64),
    ]
    model_version = _objects.text_field("model_version", 32)
    action = _objects.text_field("action", 16)
    trace_id = _objects.text_field("trace_id", 64)
    span_id = _objects.text_field("span_id", 64)

    def __init__(self, **fields: Any) -> None:
        nan = float("nan")
        values: Dict[str, Any] = dict(model_idx=-1, regime=-1, executed_model_idx=-1, probability=nan,
                      threshold=nan, sl_dist=nan, tp_dist=nan, risk_weight=nan, variance=nan,
                      lots_predicted=nan, label=nan)
        values.update(fields)
        if "label" in fields and "has_label" not in fields:
            values["has_label"] = int(fields["label"] == fields["label"])  # not NaN
        texts = {k: values.pop(k) for k in ("model_version", "action", "trace_id", "span_id")
                 if k in values}
        super().__init__(struct_size=ctypes.sizeof(DecisionRow), **values)
        for k, v in texts.items():
            setattr(self, k, v)


_P_row = ctypes.POINTER(DecisionRow)
_dec, _log = _ptr("bc_decisions"), _ptr("bc_decision_log")
_decisions_read_csv = _lib.status("bc_decisions_read_csv", _s, _out("bc_decisions"),
                                  _out("bc_rejects"))
_decisions_count = _lib.status("bc_decisions_count", _dec)
_decisions_get = _lib.status("bc_decisions_get", _dec, _i32, _P_row)
_decisions_features = _lib.status("bc_decisions_features", _dec, _i32, _ptr("double"), _i32,
                                  _lib.P_int32)
_decisions_free = _lib.function("bc_decisions_free", None, _dec)
_log_open = _lib.status("bc_decision_log_open", _s, _i32, _out("bc_decision_log"))
_log_write = _lib.status("bc_decision_log_write", _log, _P_row, _ptr("double"), _i32)
_log_close = _lib.status("bc_decision_log_close", _log)
# For the finalizer: a failed flush there has nobody to raise to.
_log_close_quietly = _lib.function("bc_decision_log_close", _lib.c_int32, _log)


def _index(i: int, n: int, what: str) -> int:
    if i < 0:
        i += n
    if not 0 <= i < n:
        raise IndexError("%s %d out of range (%d rows)" % (what, i, n))
    return i


class Decisions(_objects.ClosableHandle):
    """Decisions read by read_decisions(): len(), [i] -> DecisionRow (a copy),
    features(i) -> that row's feature vector, .rejects."""

    _kind = "decision list"

    def __init__(self, ptr: Optional[int], rejects: Optional[Rejects] = None) -> None:
        super().__init__(ptr, _decisions_free)
        self.rejects = rejects if rejects is not None else Rejects(None)

    def __len__(self) -> int:
        return int(_decisions_count(self))

    def __getitem__(self, i: int) -> DecisionRow:
        row = DecisionRow()
        _decisions_get(self, _index(i, len(self), "decision"), ctypes.byref(row))
        return row

    def __iter__(self) -> Iterator[DecisionRow]:
        return (self[i] for i in range(len(self)))

    def features(self, i: int, out: Optional[Float64Array] = None) -> Float64Array:
        """Row i's features as a float64 array (NaN = missing); written into
        out when given (it must have exactly the row's length)."""
        i = _index(i, len(self), "decision")
        n = ctypes.c_int32(0)
        if out is None:
            try:
                _decisions_features(self, i, None, 0, ctypes.byref(n))
            except errors.BufferTooSmallError:
                if n.value == 0:
                    raise
            out = np.empty(n.value, dtype=np.float64)
        else:
            _arrays.require(out, np.float64, "out", ndim=1, writable=True)
        _decisions_features(self, i, _arrays.address(out) if out.size else None, out.shape[0],
                            ctypes.byref(n))
        if n.value != out.shape[0]:
            raise ValueError("out has %d values, row %d has %d features"
                             % (out.shape[0], i, n.value))
        return out

    def to_frame(self, features: bool = False) -> Frame:
        """One row per decision as a DataFrame (a list of dicts without
        pandas); features=True adds each row's feature vector as a
        "features" column of float64 arrays."""
        from .frames import records_to_frame
        frame = records_to_frame(list(self))
        if features:
            vectors = [self.features(i) for i in range(len(self))]
            if isinstance(frame, list):
                for row, v in zip(frame, vectors):
                    row["features"] = v
            else:
                frame["features"] = vectors
        return frame

    def __repr__(self) -> str:
        return "<botcopier.Decisions %s>" % ("closed" if self.closed else "%d rows" % len(self))


def read_decisions(path: PathLike) -> Decisions:
    """decisions.csv or uncertain_decisions.csv (labeled or not); bad rows
    are listed in .rejects, NoDataError when none is usable."""
    out, rejects = _dec(), _ptr("bc_rejects")()
    try:
        _decisions_read_csv(_objects.encode_path(path), ctypes.byref(out), ctypes.byref(rejects))
    finally:
        kept = Rejects(rejects.value)
    return Decisions(out.value, kept)


class DecisionLog(_objects.ClosableHandle):
    """A decisions.csv (uncertain=False) or uncertain_decisions.csv
    (uncertain=True) opened for appending; write() flushes every row.
    close() raises IoError when the final flush failed."""

    _kind = "decision log"

    def __init__(self, path: PathLike, uncertain: bool = False) -> None:
        ptr = _objects.new(_log_open, _objects.encode_path(path), 1 if uncertain else 0)
        super().__init__(ptr, _log_close_quietly)

    def write(self, row: Optional[DecisionRow] = None, features: Optional[Float64Array] = None,
              **fields: Any) -> None:
        """Appends a DecisionRow (or one built from keyword fields) with its
        features (a float64 array, or None for none)."""
        if row is None:
            row = DecisionRow(**fields)
        elif fields:
            raise TypeError("write takes a row or fields, not both")
        if features is not None:
            _arrays.require(features, np.float64, "features", ndim=1)
        n = 0 if features is None else features.shape[0]
        _log_write(self, ctypes.byref(row), _arrays.address(features) if n else None, n)

    def close(self) -> None:
        """Flushes and closes the log; IoError when the final flush failed."""
        ptr, self._ptr = self._ptr, None
        if ptr is None:
            return
        self._finalizer.detach()
        _log_close(ptr)


# --- divergences.csv -------------------------------------------------------

class Divergence(_objects.Record, ctypes.Structure):
    """One divergence (bc_divergence): a decision a new model decides
    differently. profit NaN when empty, weight 1 when empty."""

    _c_type_ = "bc_divergence"
    _fields_ = [
        ("struct_size", ctypes.c_uint32),
        ("reserved", ctypes.c_int32),
        ("decision_id", ctypes.c_int64),
        ("old_prob", ctypes.c_double),
        ("new_prob", ctypes.c_double),
        ("profit", ctypes.c_double),
        ("weight", ctypes.c_double),
    ]

    def __init__(self, **fields: Any) -> None:
        values: Dict[str, Any] = dict(profit=float("nan"), weight=1.0)
        values.update(fields)
        super().__init__(struct_size=ctypes.sizeof(Divergence), **values)


_P_div = ctypes.POINTER(Divergence)
_div = _ptr("bc_divergences")
_div_read_csv = _lib.status("bc_divergences_read_csv", _s, _out("bc_divergences"),
                            _out("bc_rejects"))
_div_create = _lib.status("bc_divergences_create", _out("bc_divergences"))
_div_append = _lib.status("bc_divergences_append", _div, _P_div)
_div_count = _lib.status("bc_divergences_count", _div)
_div_get = _lib.status("bc_divergences_get", _div, _i32, _P_div)
_div_write_csv = _lib.status("bc_divergences_write_csv", _div, _s)
_div_free = _lib.function("bc_divergences_free", None, _div)


class Divergences(_objects.ClosableHandle):
    """A divergences list: Divergences() is empty (append to it),
    read_divergences() loads divergences.csv. len(), [i] -> Divergence."""

    _kind = "divergence list"

    def __init__(self, _ptr: Optional[int] = None, rejects: Optional[Rejects] = None) -> None:
        super().__init__(_ptr or _objects.new(_div_create), _div_free)
        self.rejects = rejects if rejects is not None else Rejects(None)

    def __len__(self) -> int:
        return int(_div_count(self))

    def __getitem__(self, i: int) -> "Divergence":
        row = Divergence()
        _div_get(self, _index(i, len(self), "divergence"), ctypes.byref(row))
        return row

    def __iter__(self) -> Iterator["Divergence"]:
        return (self[i] for i in range(len(self)))

    def append(self, row: Optional["Divergence"] = None, **fields: Any) -> None:
        """Appends a Divergence or one built from keyword fields (checked as
        the reader checks: probabilities in [0, 1], weight >= 0)."""
        if row is None:
            row = Divergence(**fields)
        elif fields:
            raise TypeError("append takes a row or fields, not both")
        _div_append(self, ctypes.byref(row))

    def write_csv(self, path: PathLike) -> None:
        """Writes decision_id,old_prob,new_prob,profit,weight rows atomically."""
        _div_write_csv(self, _objects.encode_path(path))

    def to_frame(self) -> Frame:
        """One row per divergence as a DataFrame (a list of dicts without pandas)."""
        from .frames import records_to_frame
        return records_to_frame(list(self))

    def __repr__(self) -> str:
        return "<botcopier.Divergences %s>" % ("closed" if self.closed else "%d rows" % len(self))


def read_divergences(path: PathLike) -> Divergences:
    """divergences.csv (bc_replay_decisions' output); bad rows in .rejects."""
    out, rejects = _div(), _ptr("bc_rejects")()
    try:
        _div_read_csv(_objects.encode_path(path), ctypes.byref(out), ctypes.byref(rejects))
    finally:
        kept = Rejects(rejects.value)
    return Divergences(out.value, kept)
