"""
data.py - market data and trade logs read by the library (lib/data): bars
and ticks expose their columns as read-only numpy views of the library's
memory (no copies; the views keep the data alive), trades are records.
Parsing, validation and rejects all happen in C.
"""
import ctypes
from typing import Any, Callable, Dict, Iterator, Optional, Tuple, Type, TypeVar, Union

import numpy as np

from . import _arrays, _lib, _objects
from ._types import Float64Array, Frame, Int64Array, PathLike

_C = TypeVar("_C", bound="_Columns")

# Time styles for time_format.
TIME_MT4 = 1
TIME_ISO = 2
_TIME_STYLES = {"mt4": TIME_MT4, "iso": TIME_ISO, TIME_MT4: TIME_MT4, TIME_ISO: TIME_ISO}

BAR_COLUMNS = ("open", "high", "low", "close", "volume")   # BC_BAR_OPEN 0 .. VOLUME 4
TICK_COLUMNS = ("bid", "ask", "last", "volume")            # BC_TICK_BID 0 .. VOLUME 3

ACTION_OPEN = 1
ACTION_MODIFY = 2
ACTION_CLOSE = 3

_s, _i32, _dbl, _ptr, _out = _lib.c_char_p, _lib.c_int32, _lib.ptr("double"), _lib.ptr, _lib.out
_rej, _bars, _ticks = _ptr("bc_rejects"), _ptr("bc_bars"), _ptr("bc_ticks")
_time_parse = _lib.status("bc_time_parse", _s, _lib.P_int64)
_time_format = _lib.status("bc_time_format", _lib.c_int64, _lib.c_int32, _s, _lib.c_int32,
                           _lib.P_int32)
_rejects_count = _lib.status("bc_rejects_count", _rej)
_rejects_get = _lib.status("bc_rejects_get", _rej, _lib.c_int32, _lib.P_int64, _s, _lib.c_int32,
                           _lib.P_int32)
_rejects_raw = _lib.status("bc_rejects_raw", _rej, _lib.c_int32, _s, _lib.c_int32, _lib.P_int32)
_rejects_total = _lib.function("bc_rejects_total", _lib.c_int64, _rej)
_rejects_write_csv = _lib.status("bc_rejects_write_csv", _rej, _s)
_rejects_free = _lib.function("bc_rejects_free", None, _rej)
_bars_read_csv = _lib.status("bc_bars_read_csv", _s, _out("bc_bars"), _out("bc_rejects"))
_bars_from_arrays = _lib.status("bc_bars_from_arrays", _i32, _ptr("int64_t"), _dbl, _dbl, _dbl,
                                _dbl, _dbl, _out("bc_bars"))
_bars_length = _lib.status("bc_bars_length", _bars)
_bars_time = _lib.function("bc_bars_time", _lib.c_void_p, _bars)
_bars_column = _lib.function("bc_bars_column", _lib.c_void_p, _bars, _i32)
_bars_free = _lib.function("bc_bars_free", None, _bars)
_ticks_read_csv = _lib.status("bc_ticks_read_csv", _s, _out("bc_ticks"), _out("bc_rejects"))
_ticks_length = _lib.status("bc_ticks_length", _ticks)
_ticks_time = _lib.function("bc_ticks_time", _lib.c_void_p, _ticks)
_ticks_column = _lib.function("bc_ticks_column", _lib.c_void_p, _ticks, _i32)
_ticks_free = _lib.function("bc_ticks_free", None, _ticks)


def time_parse(text: Union[str, bytes]) -> int:
    """Seconds since 1970-01-01 (broker time as is) of a date/time text in
    any format the library accepts; ParseError naming the text otherwise."""
    out = ctypes.c_int64()
    _time_parse(_objects.encode(text, "text"), ctypes.byref(out))
    return int(out.value)


def time_format(seconds: int, style: Union[str, int] = "mt4") -> str:
    """Text of a time: style "mt4" (YYYY.MM.DD HH:MM:SS) or "iso"."""
    if style not in _TIME_STYLES:
        raise ValueError("time_format: style must be 'mt4' or 'iso', not %r" % (style,))
    return _objects.read_string(_time_format, seconds, _TIME_STYLES[style], initial=32)


class Rejects(_objects.ClosableHandle):
    """Rows a reader refused: len(), [i] -> (line, reason), raw(i) -> the
    row's text, total (rows seen, beyond the 100000 kept), write_csv(path)."""

    _kind = "rejects list"

    def __init__(self, ptr: Optional[int]) -> None:
        if ptr:
            super().__init__(ptr, _rejects_free)
        else:
            self._ptr = None  # the reader found nothing to reject

    def __len__(self) -> int:
        return 0 if self._ptr is None else int(_rejects_count(self))

    def _index(self, i: int) -> int:
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("reject %d out of range (%d rejects)" % (i, n))
        return i

    def __getitem__(self, i: int) -> Tuple[int, str]:
        i = self._index(i)
        line = ctypes.c_int64()
        reason = _objects.read_string(_rejects_get, self, i, ctypes.byref(line))
        return int(line.value), reason

    def raw(self, i: int) -> str:
        """The raw text of rejected row i (control bytes shown as \\xNN)."""
        return _objects.read_string(_rejects_raw, self, self._index(i))

    @property
    def total(self) -> int:
        """Rejected rows seen, including any beyond the 100000 kept."""
        return 0 if self._ptr is None else int(_rejects_total(self))

    def __iter__(self) -> Iterator[Tuple[int, str]]:
        return (self[i] for i in range(len(self)))

    def write_csv(self, path: PathLike) -> None:
        """Writes invalid_rows.csv (line,reason,raw) atomically."""
        if self._ptr is None:
            raise ValueError("no rejects to write")
        _rejects_write_csv(self, _objects.encode_path(path))

    def __repr__(self) -> str:
        return "<botcopier.Rejects %d rows>" % len(self)


class _Columns(_objects.Handle):
    """A C series object whose columns are viewed, never copied."""

    _COLUMNS: Tuple[str, ...] = ()
    _length: Any
    _time_fn: Any
    _column_fn: Any

    def __init__(self, ptr: Optional[int], free: Callable[..., Any],
                 rejects: Optional[Rejects] = None) -> None:
        super().__init__(ptr, free)
        self.rejects = rejects if rejects is not None else Rejects(None)
        self._views: Dict[str, Any] = {}

    def __len__(self) -> int:
        return int(self._length(self))

    def _view(self, key: str, fetch: Callable[[], Optional[int]], dtype: Any) -> Any:
        v = self._views.get(key)
        if v is None:
            v = _arrays.view(self, fetch(), (len(self),), dtype)
            self._views[key] = v
        return v

    @property
    def time(self) -> Int64Array:
        """int64 seconds, read-only view."""
        result: Int64Array
        result = self._view("time", lambda: self._time_fn(self), np.int64)
        return result

    def column(self, name: str) -> Float64Array:
        """A float64 column by name, read-only view."""
        result: Float64Array
        try:
            index = self._COLUMNS.index(name)
        except ValueError:
            raise KeyError("no column %r (columns: %s)" % (name, ", ".join(self._COLUMNS))) from None
        result = self._view(name, lambda: self._column_fn(self, index), np.float64)
        return result

    def to_dict(self) -> Dict[str, Any]:
        """{"time": ..., column: ...} of views."""
        d: Dict[str, Any] = {"time": self.time}
        d.update((name, self.column(name)) for name in self._COLUMNS)
        return d

    def __repr__(self) -> str:
        return "<botcopier.%s %d rows>" % (type(self).__name__, len(self))


class Bars(_Columns):
    """OHLCV bars: .time, .open, .high, .low, .close, .volume are read-only
    numpy views of the library's arrays."""

    _kind = "bars"
    _COLUMNS = BAR_COLUMNS
    _length = staticmethod(_bars_length)
    _time_fn = staticmethod(_bars_time)
    _column_fn = staticmethod(_bars_column)

    @classmethod
    def from_arrays(cls, time: Int64Array, close: Float64Array, open: Optional[Float64Array] = None,
                    high: Optional[Float64Array] = None, low: Optional[Float64Array] = None,
                    volume: Optional[Float64Array] = None) -> "Bars":
        """Bars copied from arrays: time int64 seconds (strictly increasing),
        the rest float64 of the same length; open/high/low default to close,
        volume to 0."""
        _arrays.require(time, np.int64, "time", ndim=1)
        n = time.shape[0]
        cols = [_arrays.optional(a, np.float64, name, (n,))
                for a, name in ((open, "open"), (high, "high"), (low, "low"))]
        close = _arrays.require(close, np.float64, "close", shape=(n,))
        volume = _arrays.optional(volume, np.float64, "volume", (n,))
        ptr = _objects.new(_bars_from_arrays, n, _arrays.address(time),
                           *[_arrays.address(c) for c in cols],
                           _arrays.address(close), _arrays.address(volume))
        return cls(ptr, _bars_free)

    def to_frame(self) -> Frame:
        """The bars as a DataFrame indexed by time (numpy structured array
        without pandas); see botcopier.frames.bars_to_frame."""
        from .frames import bars_to_frame
        return bars_to_frame(self)

    @property
    def open(self) -> Float64Array:
        """Opening prices (float64 view)."""
        return self.column("open")

    @property
    def high(self) -> Float64Array:
        """Highs (float64 view)."""
        return self.column("high")

    @property
    def low(self) -> Float64Array:
        """Lows (float64 view)."""
        return self.column("low")

    @property
    def close(self) -> Float64Array:
        """Closing prices (float64 view)."""
        return self.column("close")

    @property
    def volume(self) -> Float64Array:
        """Volumes (float64 view; 0 where the file had none)."""
        return self.column("volume")


class Ticks(_Columns):
    """Ticks: .time, .bid, .ask, .last, .volume as read-only numpy views."""

    _kind = "ticks"
    _COLUMNS = TICK_COLUMNS
    _length = staticmethod(_ticks_length)
    _time_fn = staticmethod(_ticks_time)
    _column_fn = staticmethod(_ticks_column)

    @property
    def bid(self) -> Float64Array:
        """Bid prices (float64 view)."""
        return self.column("bid")

    @property
    def ask(self) -> Float64Array:
        """Ask prices (float64 view)."""
        return self.column("ask")

    @property
    def last(self) -> Float64Array:
        """Last trade prices (float64 view)."""
        return self.column("last")

    @property
    def volume(self) -> Float64Array:
        """Tick volumes (float64 view)."""
        return self.column("volume")


def _read(reader: Any, path: PathLike, cls: Type[_C], free: Callable[..., Any]) -> _C:
    out, rejects = reader.argtypes[1]._type_(), _rej()
    try:
        reader(_objects.encode_path(path), ctypes.byref(out), ctypes.byref(rejects))
    finally:
        kept = Rejects(rejects.value)  # freed with its object even on failure
    return cls(out.value, free, kept)


def read_bars(path: Union[PathLike, Frame]) -> Bars:
    """Bars from a CSV (time;open;high;low;close;volume, ',' or ';', BOM and
    CRLF fine). Bad rows are skipped and listed in .rejects; NoDataError when
    none is usable, ParseError naming a missing column. A pandas DataFrame
    is accepted too (see botcopier.frames.bars_from_frame)."""
    if hasattr(path, "columns") and hasattr(path, "index"):
        from .frames import bars_from_frame  # pandas stays optional
        return bars_from_frame(path)
    return _read(_bars_read_csv, path, Bars, _bars_free)


def read_ticks(path: PathLike) -> Ticks:
    """Ticks from a CSV (time;bid;ask;last;volume); rejects as read_bars."""
    return _read(_ticks_read_csv, path, Ticks, _ticks_free)


class TradeEvent(ctypes.Structure):
    """One row of a trade log (bc_trade_event). Empty numbers are NaN,
    an empty decision_id is -1."""

    _c_type_ = "bc_trade_event"

    _fields_ = [
        ("struct_size", ctypes.c_uint32),
        ("action", ctypes.c_int32),
        ("order_type", ctypes.c_int32),
        ("event_id", ctypes.c_int64),
        ("time", ctypes.c_int64),
        ("ticket", ctypes.c_int64),
        ("magic", ctypes.c_int64),
        ("decision_id", ctypes.c_int64),
        ("lots", ctypes.c_double),
        ("price", ctypes.c_double),
        ("sl", ctypes.c_double),
        ("tp", ctypes.c_double),
        ("profit", ctypes.c_double),
        ("book_bid_vol", ctypes.c_double),
        ("book_ask_vol", ctypes.c_double),
        ("line", ctypes.c_int64),
        ("_symbol", ctypes.c_char * 32),
    ]

    def __init__(self, **fields: Any) -> None:
        nan = float("nan")
        defaults: Dict[str, Any] = dict(decision_id=-1, lots=nan, price=nan, sl=nan, tp=nan, profit=nan,
                        book_bid_vol=nan, book_ask_vol=nan)
        defaults.update(fields)
        symbol = defaults.pop("symbol", "")
        super().__init__(struct_size=ctypes.sizeof(TradeEvent), **defaults)
        self.symbol = symbol

    @property
    def symbol(self) -> str:
        """The symbol (text of at most 31 bytes)."""
        return str(self._symbol.decode("utf-8", "replace"))

    @symbol.setter
    def symbol(self, value: str) -> None:
        raw = _objects.encode(value, "symbol")
        if len(raw) >= 32:
            raise ValueError("symbol %r is longer than 31 bytes" % value)
        self._symbol = raw

    def as_dict(self) -> Dict[str, Any]:
        """The event's fields as a dict (symbol as str, no struct_size)."""
        d = {field[0]: getattr(self, field[0]) for field in self._fields_
             if field[0] not in ("struct_size", "_symbol")}
        d["symbol"] = self.symbol
        return d

    def __repr__(self) -> str:
        return "TradeEvent(%s)" % ", ".join("%s=%r" % kv for kv in self.as_dict().items())


_P_event = ctypes.POINTER(TradeEvent)
_trades = _ptr("bc_trades")
_trades_read_csv = _lib.status("bc_trades_read_csv", _s, _out("bc_trades"), _out("bc_rejects"))
_trades_create = _lib.status("bc_trades_create", _out("bc_trades"))
_trades_append = _lib.status("bc_trades_append", _trades, _P_event)
_trades_count = _lib.status("bc_trades_count", _trades)
_trades_get = _lib.status("bc_trades_get", _trades, _lib.c_int32, _P_event)
_trades_write_csv = _lib.status("bc_trades_write_csv", _trades, _s)
_trades_free = _lib.function("bc_trades_free", None, _trades)


class Trades(_objects.ClosableHandle):
    """A trade log: Trades() is empty (append to it), read_trades() loads one.
    len(), [i] -> TradeEvent (a copy), iteration, append(), write_csv()."""

    _kind = "trade log"

    def __init__(self, _ptr: Optional[int] = None, rejects: Optional[Rejects] = None) -> None:
        super().__init__(_ptr or _objects.new(_trades_create), _trades_free)
        self.rejects = rejects if rejects is not None else Rejects(None)

    def __len__(self) -> int:
        return int(_trades_count(self))

    def __getitem__(self, i: int) -> TradeEvent:
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("trade %d out of range (%d trades)" % (i, n))
        ev = TradeEvent()
        _trades_get(self, i, ctypes.byref(ev))
        return ev

    def __iter__(self) -> Iterator[TradeEvent]:
        return (self[i] for i in range(len(self)))

    def append(self, event: Optional[TradeEvent] = None, **fields: Any) -> None:
        """Appends a TradeEvent, or one built from keyword fields."""
        if event is None:
            event = TradeEvent(**fields)
        elif fields:
            raise TypeError("append takes an event or fields, not both")
        _trades_append(self, ctypes.byref(event))

    def write_csv(self, path: PathLike) -> None:
        """Writes the log atomically (';', observer header, MT4 times)."""
        _trades_write_csv(self, _objects.encode_path(path))

    def to_frame(self) -> Frame:
        """One row per event as a DataFrame (numpy structured array without
        pandas); see botcopier.frames.trades_to_frame."""
        from .frames import trades_to_frame
        return trades_to_frame(self)

    def __repr__(self) -> str:
        return "<botcopier.Trades %s>" % ("closed" if self.closed else "%d events" % len(self))


def read_trades(path: Union[PathLike, Frame]) -> Trades:
    """A trade log from an observer CSV; bad rows listed in .rejects. A
    pandas DataFrame is accepted too (see botcopier.frames.trades_from_frame)."""
    if hasattr(path, "columns") and hasattr(path, "index"):
        from .frames import trades_from_frame  # pandas stays optional
        return trades_from_frame(path)
    out, rejects = _trades(), _rej()
    try:
        _trades_read_csv(_objects.encode_path(path), ctypes.byref(out), ctypes.byref(rejects))
    finally:
        kept = Rejects(rejects.value)
    return Trades(out.value, kept)


_write_file_atomic = _lib.status("bc_write_file_atomic", _lib.c_char_p, _lib.c_void_p,
                                 _lib.c_int64)


def write_file_atomic(path: PathLike, data: Union[bytes, bytearray, memoryview]) -> None:
    """Writes bytes to path the way every library writer does: a temporary
    file beside it, fsync, rename; readers see the old or the whole new file."""
    raw = bytes(data)
    _write_file_atomic(_objects.encode_path(path), raw, len(raw))
