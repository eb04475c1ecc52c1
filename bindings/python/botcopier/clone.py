"""
clone.py - cloning a bot from its trade log and running the result
(lib/clone): Cloner learns a Model from bars + trades, Predictor turns each
new bar into probabilities and a decision with no allocation in C.

The C signatures below follow the prose of the API plan (the clone layer
was not merged when this was written); tests/python/test_signatures.py
compares them with include/botcopier.h once it declares them.
"""
import ctypes
import json

import numpy as np

from . import _arrays, _lib, _objects
from .data import Bars, Trades
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
_predictor_create = _lib.status("bc_predictor_create", _lib.ptr("bc_model"),
                                _lib.out("bc_predictor"))
_predictor_set = _lib.status("bc_predictor_set", _p, _s, _s)
_predictor_update = _lib.status("bc_predictor_update", _p, _lib.c_int64, _d, _d, _d, _d, _d,
                                _lib.ptr("double"), _lib.c_int32, _lib.P_int32)
_predictor_free = _lib.function("bc_predictor_free", None, _p)


class Cloner(_objects.ClosableHandle):
    """Learns to imitate a bot: Cloner(**options).fit(bars, trades) -> Model;
    .report after fitting is the library's JSON report as a dict."""

    _kind = "cloner"

    def __init__(self, **options):
        super().__init__(_objects.new(_cloner_create), _cloner_free)
        self.set(**options)

    def set(self, **options):
        for key, value in options.items():
            _cloner_set(self, key.encode(), _option_text(value).encode())
        return self

    def fit(self, bars, trades):
        if not isinstance(bars, Bars) or not isinstance(trades, Trades):
            raise TypeError("fit takes botcopier.Bars and botcopier.Trades")
        return Model(_objects.new(_cloner_fit, self, trades, bars))

    @property
    def report(self):
        return json.loads(_objects.read_string(_cloner_report_json, self, initial=4096))


class Predictor(_objects.ClosableHandle):
    """Runs a Model bar by bar: update(...) -> (decision, probabilities).

    The Predictor keeps its Model alive; probabilities are written into one
    reused array (pass out= to choose it), so a per-tick loop allocates nothing.
    """

    _kind = "predictor"

    def __init__(self, model, **options):
        if not isinstance(model, Model):
            raise TypeError("Predictor takes a botcopier.Model")
        super().__init__(_objects.new(_predictor_create, model), _predictor_free)
        self.model = model
        self._probs = np.empty(model.num_classes, dtype=np.float64)
        self._decision = ctypes.c_int32(0)
        self.set(**options)

    def set(self, **options):
        for key, value in options.items():
            _predictor_set(self, key.encode(), _option_text(value).encode())
        return self

    def update(self, time, open, high, low, close, volume=0.0, out=None):
        """Feeds one bar; returns (decision, probs) with decision one of
        DECISION_HOLD/BUY/SELL/CLOSE (DECISIONS[decision] names it)."""
        probs = self._probs if out is None else _arrays.output(out, np.float64, self._probs.shape)
        _predictor_update(self, time, open, high, low, close, volume, _arrays.address(probs),
                          probs.shape[0], ctypes.byref(self._decision))
        return self._decision.value, probs
