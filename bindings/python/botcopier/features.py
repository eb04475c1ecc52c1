"""
features.py - the library's feature engine (lib/features) on numpy arrays:
one spec, the same kernels for streaming updates and batch computation, so
what a model trains on is exactly what it sees live. Outputs are written
by C straight into caller-visible float64 arrays.
"""
import ctypes
import json
from typing import Any, List, Optional, Sequence, Union

import numpy as np

from . import _arrays, _lib, _objects
from ._types import Float64Array, Frame, Int64Array, PathLike
from .data import Bars

_v, _d, _dbl = _lib.ptr("bc_features"), _lib.c_double, _lib.ptr("double")
_create = _lib.status("bc_features_create", _lib.c_char_p, _lib.out("bc_features"))
_count = _lib.status("bc_features_count", _v)
_name = _lib.status("bc_features_name", _v, _lib.c_int32, _lib.c_char_p, _lib.c_int32,
                    _lib.P_int32)
_spec = _lib.status("bc_features_spec", _v, _lib.c_char_p, _lib.c_int32, _lib.P_int32)
_lookback = _lib.status("bc_features_lookback", _v)
_reset = _lib.status("bc_features_reset", _v)
_set_book = _lib.status("bc_features_set_book", _v, _d, _d)
_set_embedding = _lib.status("bc_features_set_symbol_embedding", _v, _dbl, _lib.c_int32)
_update = _lib.status("bc_features_update", _v, _lib.c_int64, _d, _d, _d, _d, _d, _dbl,
                      _lib.c_int32)
_compute = _lib.status("bc_features_compute", _v, _lib.ptr("bc_bars"), _dbl, _lib.c_int64)
_write_csv = _lib.status("bc_features_write_csv", _v, _lib.ptr("bc_bars"), _lib.c_char_p)
_compute_arrays = _lib.status("bc_features_compute_arrays", _v, _lib.c_int32, _lib.ptr("int64_t"),
                              _dbl, _dbl, _dbl, _dbl, _dbl, _dbl, _dbl, _dbl, _lib.c_int64)
_free = _lib.function("bc_features_free", None, _v)


class Features(_objects.ClosableHandle):
    """A feature engine built from a spec such as "sma(20),rsi(14),macd(12,26,9)"
    (or a list of items). ParseError names an unknown item or bad parameter.

    len(f) / f.count: output columns; f.names: their names; f.spec: the
    canonical spec; f.lookback: bars before every column is valid.
    """

    _kind = "feature engine"

    def __init__(self, spec: Union[str, Sequence[str]]) -> None:
        text = spec if isinstance(spec, str) else json.dumps(list(spec))
        super().__init__(_objects.new(_create, _objects.encode(text, "spec")), _free)
        self._count = int(_count(self))

    @property
    def count(self) -> int:
        """Number of output columns."""
        return self._count

    def __len__(self) -> int:
        return self._count

    @property
    def names(self) -> List[str]:
        """Output column names, in order."""
        return [_objects.read_string(_name, self, i, initial=64) for i in range(self._count)]

    @property
    def spec(self) -> str:
        """The canonical spec text."""
        return _objects.read_string(_spec, self)

    @property
    def lookback(self) -> int:
        """Bars needed before every column is valid."""
        return int(_lookback(self))

    def __repr__(self) -> str:
        return "<botcopier.Features %s>" % ("closed" if self.closed else repr(self.spec))

    def reset(self) -> None:
        """Forgets streamed bars: the next update starts a new series."""
        _reset(self)

    def set_symbol_embedding(self, values: Any) -> None:
        """Values of the sym_emb(j) columns (the traded symbol's node2vec
        vector); an empty sequence makes them NaN again."""
        v = np.ascontiguousarray(values, dtype=np.float64).reshape(-1)
        _set_embedding(self, _arrays.address(v) if v.size else None, v.size)

    def set_book(self, bid_volume: float, ask_volume: float) -> None:
        """Order book volumes used by the next update (book_imbalance ...)."""
        _set_book(self, bid_volume, ask_volume)

    def update(self, time: int, open: float, high: float, low: float, close: float,
               volume: float = 0.0, out: Optional[Float64Array] = None) -> Float64Array:
        """Feeds one bar and returns this bar's features, a (count,) float64
        array (NaN while a column is not yet valid); out is filled in place
        when given, so a per-tick loop allocates nothing."""
        out = _arrays.output(out, np.float64, (self._count,))
        _update(self, time, open, high, low, close, volume, _arrays.address(out), self._count)
        return out

    def write_csv(self, bars: Bars, path: PathLike) -> None:
        """Computes the features over bars and writes them as a CSV table
        (time, then one column per output), atomically."""
        _write_csv(self, bars, _objects.encode_path(path))

    def compute(self, bars: Bars, out: Optional[Float64Array] = None) -> Float64Array:
        """Features of every bar (resets first): an (n, count) float64 array."""
        if not isinstance(bars, Bars):
            raise TypeError("compute takes botcopier.Bars; use compute_arrays for numpy arrays")
        out = _arrays.output(out, np.float64, (len(bars), self._count))
        _compute(self, bars, _arrays.address(out), out.size)
        return out

    def compute_frame(self, bars: Bars) -> Frame:
        """compute(bars) as a DataFrame indexed by the bars' time with one
        column per feature name (numpy structured array without pandas)."""
        from .frames import features_to_frame
        return features_to_frame(self.names, bars.time, self.compute(bars))

    def compute_arrays(self, time: Int64Array, close: Float64Array,
                       open: Optional[Float64Array] = None, high: Optional[Float64Array] = None,
                       low: Optional[Float64Array] = None, volume: Optional[Float64Array] = None,
                       bid_volume: Optional[Float64Array] = None,
                       ask_volume: Optional[Float64Array] = None,
                       out: Optional[Float64Array] = None) -> Float64Array:
        """Features of bars given as arrays (resets first): time int64 (n,),
        prices and volumes float64 (n,), passed zero-copy; arguments left
        None are passed as NULL for the library to default or refuse."""
        _arrays.require(time, np.int64, "time", ndim=1)
        n = time.shape[0]
        cols = [_arrays.optional(a, np.float64, name, (n,)) for a, name in (
            (open, "open"), (high, "high"), (low, "low"), (close, "close"), (volume, "volume"),
            (bid_volume, "bid_volume"), (ask_volume, "ask_volume"))]
        out = _arrays.output(out, np.float64, (n, self._count))
        _compute_arrays(self, n, _arrays.address(time), *[_arrays.address(c) for c in cols],
                        _arrays.address(out), out.size)
        return out
