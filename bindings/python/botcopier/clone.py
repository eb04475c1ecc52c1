"""
clone.py - cloning a bot from its trade log and running the result
(lib/clone): Cloner learns a Model from bars + trades, Predictor turns each
new bar into probabilities and a decision with no allocation in C.

Also: running a clone as a bot over bars (run, Predictor.run), comparing
two trade logs' entries (compare -> Fidelity) and replaying logged
decisions through a new model (replay_decisions).
tests/python/test_signatures.py compares every declaration with
include/botcopier.h.
"""
import collections
import ctypes
import functools
import json
from typing import Any, Dict, Optional, Tuple

import numpy as np

from . import _arrays, _lib, _objects
from ._types import Float64Array, Frame, PathLike
from .clone_report import CloneReport
from .data import Bars, Trades
from .decisions import Decisions
from .models import Model, _option_text

LABEL_NONE = 0
LABEL_OPEN_LONG = 1
LABEL_OPEN_SHORT = 2
LABEL_CLOSE = 3

DECISION_HOLD = 0
DECISION_BUY = 1
DECISION_SELL = 2
DECISION_CLOSE = 3
DECISIONS = ("hold", "buy", "sell", "close")

_c, _p, _s, _d = _lib.ptr("bc_cloner"), _lib.ptr("bc_predictor"), _lib.c_char_p, _lib.c_double
_cloner_create = _lib.status("bc_cloner_create", _lib.out("bc_cloner"))
_cloner_set = _lib.status("bc_cloner_set", _c, _s, _s)
_cloner_fit = _lib.status("bc_cloner_fit", _c, _lib.ptr("bc_trades"), _lib.ptr("bc_bars"),
                          _lib.out("bc_model"))
_cloner_report_json = _lib.status("bc_cloner_report_json", _c, _s, _lib.c_int32, _lib.P_int32)
_cloner_free = _lib.function("bc_cloner_free", None, _c)
_cloner_add_bars = _lib.status("bc_cloner_add_bars", _c, _s, _lib.ptr("bc_bars"))
_cloner_write_report = _lib.status("bc_cloner_write_report", _c, _s)
_default_features = _lib.function("bc_clone_default_features", _lib.c_char_p)
_predictor_create = _lib.status("bc_predictor_create", _lib.ptr("bc_model"),
                                _lib.out("bc_predictor"))
_predictor_set = _lib.status("bc_predictor_set", _p, _s, _s)
_predictor_update = _lib.status("bc_predictor_update", _p, _lib.c_int64, _d, _d, _d, _d, _d,
                                _lib.ptr("double"), _lib.c_int32, _lib.P_int32)
_predictor_observe = _lib.status("bc_predictor_observe", _p, _lib.c_int64, _d, _d, _d, _d, _d)
_predictor_set_position = _lib.status("bc_predictor_set_position", _p, _lib.c_int32,
                                      _lib.c_int32, _d)
_predictor_position = _lib.status("bc_predictor_position", _p, _lib.P_int32, _lib.P_int32,
                                  _lib.P_double)
_predictor_last = _lib.status("bc_predictor_last", _p, _lib.P_double, _lib.P_double)
_predictor_levels = _lib.status("bc_predictor_levels", _p, _lib.P_double, _lib.P_double,
                                _lib.P_int32)
_predictor_reset = _lib.status("bc_predictor_reset", _p)
_predictor_set_embedding = _lib.status("bc_predictor_set_symbol_embedding", _p,
                                       _lib.ptr("double"), _lib.c_int32)
_predictor_free = _lib.function("bc_predictor_free", None, _p)
_b, _m, _tr = _lib.ptr("bc_bars"), _lib.ptr("bc_model"), _lib.ptr("bc_trades")
_clone_run = _lib.status("bc_clone_run", _m, _b, _lib.c_int64, _lib.c_int64, _lib.out("bc_trades"))
_clone_run_predictor = _lib.status("bc_clone_run_predictor", _p, _b, _lib.c_int64, _lib.c_int64,
                                   _lib.out("bc_trades"))


class Fidelity(_objects.Record, ctypes.Structure):
    """How closely one trade log's entries follow another's (bc_fidelity):
    entries matched one-to-one within the tolerance, same direction."""

    _c_type_ = "bc_fidelity"
    _fields_ = [
        ("struct_size", ctypes.c_uint32),
        ("target_entries", ctypes.c_int32),
        ("clone_entries", ctypes.c_int32),
        ("matched", ctypes.c_int32),
        ("precision", ctypes.c_double),
        ("recall", ctypes.c_double),
        ("f1", ctypes.c_double),
    ]

    def to_frame(self) -> Frame:
        """The figures as a one-row DataFrame (a list of one dict without pandas)."""
        from .frames import records_to_frame
        return records_to_frame([self])

    def _repr_html_(self) -> str:
        """The figures as a small table (notebook display)."""
        from . import _html
        d = self.as_dict()
        return _html.notebook("botcopier.Fidelity", _html.table(list(d), [list(d.values())]))


_clone_compare = _lib.status("bc_clone_compare", _tr, _tr, _b, _lib.c_int64, _lib.c_int64,
                             _lib.c_int32, ctypes.POINTER(Fidelity))
_model_explain = _lib.status("bc_model_explain", _m, _lib.out("bc_bars"), _tr,
                            ctypes.POINTER(ctypes.c_char_p), _lib.c_int32, _lib.c_int32,
                            _lib.c_int32, _s, _lib.c_int32, _lib.P_int32)
_replay_decisions = _lib.status("bc_replay_decisions", _m, _lib.ptr("bc_decisions"), _tr, _d, _s,
                                _lib.P_int32)

INT64_MIN = -(1 << 63)
INT64_MAX = (1 << 63) - 1

Position = collections.namedtuple("Position", "direction bars_held entry_price")


def _span(start: Optional[int], end: Optional[int]) -> Tuple[int, int]:
    """[start, end] in seconds, None meaning the whole series."""
    return (INT64_MIN if start is None else int(start), INT64_MAX if end is None else int(end))


def default_features() -> str:
    """The default candidate feature set of a clone, as a feature-engine spec."""
    return str(_default_features().decode())


class Cloner(_objects.ClosableHandle):
    """Learns to imitate a bot: Cloner(**options).fit(bars, trades) -> Model;
    .report after fitting is the library's JSON report as a dict."""

    _kind = "cloner"

    def __init__(self, **options: Any) -> None:
        super().__init__(_objects.new(_cloner_create), _cloner_free)
        self._bars: Dict[str, Bars] = {}  # registered per symbol: C keeps the pointers until the fit
        self.set(**options)

    def set(self, **options: Any) -> "Cloner":
        """Sets cloner options by keyword (see bc_cloner_set: holdout=0.3,
        model="mlp", features="sma(20),rsi(14)", ...); returns self.
        UnknownKeyError / InvalidArgumentError name a bad key or value."""
        for key, value in options.items():
            _cloner_set(self, key.encode(), _option_text(value).encode())
        return self

    def add_bars(self, symbol: str, bars: Bars) -> "Cloner":
        """Registers the bars of one symbol of a log that trades several;
        fit(None, trades) then learns one model from every symbol."""
        if not isinstance(bars, Bars):
            raise TypeError("add_bars takes botcopier.Bars")
        _cloner_add_bars(self, _objects.encode(symbol, "symbol"), bars)
        self._bars[symbol] = bars  # kept alive as long as the cloner points at them
        return self

    def fit(self, bars: Optional[Bars], trades: Trades) -> Model:
        """Learns a clone of the bot whose events are in trades, on bars of its
        symbol (or, with bars None, on the bars registered by add_bars)."""
        if (bars is not None and not isinstance(bars, Bars)) or not isinstance(trades, Trades):
            raise TypeError("fit takes botcopier.Bars (or None) and botcopier.Trades")
        return Model(_objects.new(_cloner_fit, self, trades, bars))

    @property
    def report(self) -> CloneReport:
        """After fit: the library's report (what report.json holds) as a
        CloneReport, a dict with DataFrame tables and a notebook view."""
        return CloneReport(json.loads(_objects.read_string(_cloner_report_json, self,
                                                           initial=4096)))

    def write_report(self, path: PathLike) -> None:
        """Writes the report as report.json, atomically (what the CLI writes)."""
        _cloner_write_report(self, _objects.encode_path(path))


def _free_predictor(model: Model, ptr: int) -> None:
    """Frees a C predictor, then lets go of the model it pointed at."""
    _predictor_free(ptr)
    model._release()


class Predictor(_objects.ClosableHandle):
    """Runs a Model bar by bar: update(...) -> (decision, probabilities).

    The Predictor keeps its Model alive; probabilities are written into one
    reused array (pass out= to choose it), so a per-tick loop allocates nothing.
    """

    _kind = "predictor"

    def __init__(self, model: Model, **options: Any) -> None:
        if not isinstance(model, Model):
            raise TypeError("Predictor takes a botcopier.Model")
        ptr = _objects.new(_predictor_create, model)
        model._retain()  # the C predictor points at the C model: keep it alive
        super().__init__(ptr, functools.partial(_free_predictor, model))
        self.model = model
        self._probs = np.empty(model.num_classes, dtype=np.float64)
        self._decision = ctypes.c_int32(0)
        self.set(**options)

    def set(self, **options: Any) -> "Predictor":
        """Sets predictor options by keyword (threshold, auto_position,
        decision_log, symbol, ...: see bc_predictor_set); returns self."""
        for key, value in options.items():
            _predictor_set(self, key.encode(), _option_text(value).encode())
        return self

    def update(self, time: int, open: float, high: float, low: float, close: float,
               volume: float = 0.0, out: Optional[Float64Array] = None) -> Tuple[int, Float64Array]:
        """Feeds one bar; returns (decision, probs) with decision one of
        DECISION_HOLD/BUY/SELL/CLOSE (DECISIONS[decision] names it)."""
        probs = self._probs if out is None else _arrays.output(out, np.float64, self._probs.shape)
        _predictor_update(self, time, open, high, low, close, volume, _arrays.address(probs),
                          probs.shape[0], ctypes.byref(self._decision))
        return int(self._decision.value), probs

    def observe(self, time: int, open: float, high: float, low: float, close: float,
                volume: float = 0.0) -> None:
        """Feeds a bar without deciding (warming up on history)."""
        _predictor_observe(self, time, open, high, low, close, volume)

    def set_position(self, direction: int, bars_held: int = 0, entry_price: float = 0.0) -> None:
        """The position the next decision sees: direction -1 short, 0 flat,
        +1 long; bars since entry; entry price (> 0 unless flat)."""
        _predictor_set_position(self, direction, bars_held, entry_price)

    @property
    def position(self) -> "Position":
        """Position(direction, bars_held, entry_price) as the next decision sees it."""
        d, held, entry = ctypes.c_int32(), ctypes.c_int32(), ctypes.c_double()
        _predictor_position(self, ctypes.byref(d), ctypes.byref(held), ctypes.byref(entry))
        return Position(d.value, held.value, entry.value)

    @property
    def last(self) -> Tuple[float, float]:
        """(P(act), threshold) of the last decision: calibrated P(act) and the
        threshold it was compared with."""
        p_act, threshold = ctypes.c_double(), ctypes.c_double()
        _predictor_last(self, ctypes.byref(p_act), ctypes.byref(threshold))
        return float(p_act.value), float(threshold.value)

    def levels(self) -> Tuple[float, float, int]:
        """(sl, tp, rules) of the position the predictor holds: its
        stop-loss and take-profit as absolute prices, placed at the entry by
        the clone's learned rules (the levels run() gives the same position;
        NaN when flat or without a level), and rules: 1 a stop-loss rule, 2 a
        take-profit rule, 3 both, 0 a model without clone stop rules."""
        sl, tp, rules = ctypes.c_double(), ctypes.c_double(), ctypes.c_int32()
        _predictor_levels(self, ctypes.byref(sl), ctypes.byref(tp), ctypes.byref(rules))
        return float(sl.value), float(tp.value), int(rules.value)

    def set_symbol_embedding(self, values: Any) -> None:
        """Sets the sym_emb(j) inputs directly (normally they come from the
        model's "symbol_embeddings" for the predictor's symbol)."""
        v = np.ascontiguousarray(values, dtype=np.float64).reshape(-1)
        _predictor_set_embedding(self, _arrays.address(v) if v.size else None, v.size)

    def reset(self) -> None:
        """Forgets every bar and the position (flat); keeps the options."""
        _predictor_reset(self)

    def run(self, bars: Bars, start: Optional[int] = None, end: Optional[int] = None) -> Trades:
        """run() with this predictor's options (threshold, logs, symbol); the
        predictor is reset first and tracks its position during the run."""
        if not isinstance(bars, Bars):
            raise TypeError("run takes botcopier.Bars")
        return Trades(_objects.new(_clone_run_predictor, self, bars, *_span(start, end)))


def run(model: Model, bars: Bars, start: Optional[int] = None,
        end: Optional[int] = None) -> Trades:
    """Runs model as a bot over bars: features warm up on every bar before
    start, trading starts flat at the first bar at or after start and stops
    after the last bar at or before end (seconds; None = the whole series).
    Returns the clone's trade log (OPEN/CLOSE at the bars' closes,
    decision_id = the bar's time)."""
    if not isinstance(model, Model) or not isinstance(bars, Bars):
        raise TypeError("run takes botcopier.Model and botcopier.Bars")
    return Trades(_objects.new(_clone_run, model, bars, *_span(start, end)))


def compare(target: Trades, clone: Trades, bars: Bars, start: Optional[int] = None,
            end: Optional[int] = None, tolerance_bars: int = 1) -> Fidelity:
    """Fidelity of clone's entries to target's on bars over [start, end]:
    entries matched one-to-one within +-tolerance_bars, same direction."""
    if not (isinstance(target, Trades) and isinstance(clone, Trades) and isinstance(bars, Bars)):
        raise TypeError("compare takes two botcopier.Trades and botcopier.Bars")
    out = Fidelity(struct_size=ctypes.sizeof(Fidelity))
    _clone_compare(target, clone, bars, *_span(start, end), tolerance_bars, ctypes.byref(out))
    return out


def explain(model: Model, bars: Any, trades: Optional[Trades] = None, max_depth: int = 3,
            min_support: int = 5) -> Dict[str, Any]:
    """The cloned bot's behaviour as readable rules (bc_model_explain):
    model runs over bars (one Bars, or a dict symbol -> Bars for a clone of
    several symbols), and a shallow tree per position state and decision is
    fitted to its decisions. Returns the JSON as a dict: "coverage",
    "unexplained_share", and per decision ("open_long", "open_short",
    "close") its "rules", each with "text" ("opens long when flat and
    rsi(14) < 30 (support 31, precision 1.00)"), "support", "precision".
    With the target's trades, the rules are measured on the bot's own
    decisions too ("target", and target_* figures per rule)."""
    if not isinstance(model, Model):
        raise TypeError("explain takes a botcopier.Model")
    series = list(bars.items()) if isinstance(bars, dict) else [(None, bars)]
    if not series or not all(isinstance(b, Bars) for _, b in series):
        raise TypeError("explain takes botcopier.Bars, or a dict of symbol -> Bars")
    if trades is not None and not isinstance(trades, Trades):
        raise TypeError("explain's trades must be botcopier.Trades")
    n = len(series)
    bars_array = (_lib.ptr("bc_bars") * n)(*[_lib.ptr("bc_bars")(b._as_parameter_)
                                              for _, b in series])
    symbols = (ctypes.c_char_p * n)(*[None if s is None else _objects.encode(s, "symbol")
                                      for s, _ in series])
    text = _objects.read_string(_model_explain, model, bars_array, trades, symbols, n,
                                int(max_depth), int(min_support), initial=1 << 16)
    result: Dict[str, Any] = json.loads(text)
    return result


def replay_decisions(model: Model, decisions: Decisions, out_path: PathLike,
                     trades: Optional[Trades] = None, weight: float = 1.0) -> int:
    """Replays logged decisions (with their features) through model and
    writes the ones it decides differently to out_path as divergences.csv;
    returns their number. trades (optional) supplies each decision's profit."""
    if not isinstance(model, Model) or not isinstance(decisions, Decisions):
        raise TypeError("replay_decisions takes botcopier.Model and botcopier.Decisions")
    if trades is not None and not isinstance(trades, Trades):
        raise TypeError("trades must be botcopier.Trades or None")
    n = ctypes.c_int32(0)
    _replay_decisions(model, decisions, trades, weight, _objects.encode_path(out_path),
                      ctypes.byref(n))
    return int(n.value)
