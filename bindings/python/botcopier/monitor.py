"""
monitor.py - a model's health (lib/monitor): PSI and Kolmogorov-Smirnov
drift against the training distribution (raw samples or a compact training
profile), Page-Hinkley and CUSUM change detectors on a stream of outcomes,
data-quality checks of a bar stream, and the combined report with its
retrain verdict that `botcopier monitor` prints. No computation here.
"""
import ctypes
import json
from typing import Any, Dict, Optional, Tuple

import numpy as np

from . import _lib, _objects
from ._types import PathLike
from .data import Bars
from .decisions import Decisions
from .models import Model, _read_text

_dbl = _lib.ptr("double")
_prof = _lib.ptr("bc_profile")
_det = _lib.ptr("bc_detector")
_qual = _lib.ptr("bc_quality")
_mon = _lib.ptr("bc_monitor")
_s = _lib.c_char_p

_psi = _lib.status("bc_drift_psi", _dbl, _lib.c_int64, _dbl, _lib.c_int64, _lib.c_int32,
                   _lib.P_double)
_ks = _lib.status("bc_drift_ks", _dbl, _lib.c_int64, _dbl, _lib.c_int64, _lib.P_double,
                  _lib.P_double)
_ks_p = _lib.status("bc_drift_ks_p_value", _lib.c_double, _lib.c_int64, _lib.c_int64,
                    _lib.P_double)
_profile_create = _lib.status("bc_profile_create", _dbl, _lib.c_int64, _lib.c_int32,
                              _lib.c_int32, _lib.c_int32, _lib.out("bc_profile"))
_profile_free = _lib.function("bc_profile_free", None, _prof)
_profile_count = _lib.status("bc_profile_num_features", _prof)
_profile_set_name = _lib.status("bc_profile_set_name", _prof, _lib.c_int32, _s)
_profile_name = _lib.status("bc_profile_name", _prof, _lib.c_int32, _s, _lib.c_int32,
                            _lib.P_int32)
_profile_find = _lib.status("bc_profile_find", _prof, _s)
_profile_compare = _lib.status("bc_profile_compare", _prof, _lib.c_int32, _dbl, _lib.c_int64,
                               _lib.c_int64, _dbl, _lib.c_int32)
_profile_to_json = _lib.status("bc_profile_to_json", _prof, _s, _lib.c_int64, _lib.P_int64)
_profile_from_json = _lib.status("bc_profile_from_json", _s, _lib.out("bc_profile"))
_profile_save = _lib.status("bc_profile_save", _prof, _s)
_profile_load = _lib.status("bc_profile_load", _s, _lib.out("bc_profile"))
_model_set_profile = _lib.status("bc_model_set_profile", _lib.ptr("bc_model"), _prof)
_model_profile = _lib.status("bc_model_profile", _lib.ptr("bc_model"), _lib.out("bc_profile"))
_det_create = _lib.status("bc_detector_create", _lib.c_int32, _lib.out("bc_detector"))
_det_set = _lib.status("bc_detector_set", _det, _s, _lib.c_double)
_det_update = _lib.status("bc_detector_update", _det, _lib.c_double, _lib.P_int32)
_det_state = _lib.status("bc_detector_state", _det, _dbl, _lib.c_int32)
_det_reset = _lib.status("bc_detector_reset", _det)
_det_kind = _lib.status("bc_detector_kind", _det)
_det_free = _lib.function("bc_detector_free", None, _det)
_q_create = _lib.status("bc_quality_create", _lib.c_int64, _lib.out("bc_quality"))
_q_set = _lib.status("bc_quality_set", _qual, _s, _lib.c_double)
_q_update = _lib.status("bc_quality_update", _qual, _lib.c_int64, _lib.c_double,
                        _lib.c_double, _lib.c_double, _lib.c_double, _lib.c_double,
                        _lib.P_int32)
_q_counts = _lib.status("bc_quality_counts", _qual, _lib.ptr("int64_t"), _lib.c_int32)
_q_reset = _lib.status("bc_quality_reset", _qual)
_q_free = _lib.function("bc_quality_free", None, _qual)
_m_create = _lib.status("bc_monitor_create", _lib.out("bc_monitor"))
_m_set = _lib.status("bc_monitor_set", _mon, _s, _s)
_m_set_profile = _lib.status("bc_monitor_set_profile", _mon, _prof)
_m_check = _lib.status("bc_monitor_check", _mon, _lib.ptr("bc_model"), _lib.ptr("bc_bars"),
                       _lib.ptr("bc_decisions"), _lib.c_int64)
_m_report = _lib.status("bc_monitor_report_json", _mon, _s, _lib.c_int64, _lib.P_int64)
_m_retrain = _lib.status("bc_monitor_retrain", _mon)
_m_free = _lib.function("bc_monitor_free", None, _mon)

PSI_FLOOR = 1e-4
DEFAULT_BINS = 10
DEFAULT_QUANTILES = 101
PAGE_HINKLEY, CUSUM = 1, 2
DRIFT_RESULTS = ("psi", "ks", "ks_p_value", "missing_training", "missing_live", "n_live")
DETECTOR_STATE = ("up", "down", "mean", "count", "total", "alarms", "last_alarm", "sigma")
QUALITY_FLAGS = {"missing": 1, "gap": 2, "outlier": 4, "stale": 8, "out_of_order": 16,
                 "inconsistent": 32}
QUALITY_COUNTS = ("bars", "missing", "gaps", "gap_bars", "outliers", "stale_bars",
                  "stale_runs", "longest_run", "out_of_order", "inconsistent", "weekend_gaps")


def _column(values: Any, name: str) -> "np.ndarray[Any, Any]":
    arr = np.ascontiguousarray(values, dtype=np.float64)
    if arr.ndim != 1:
        raise ValueError("%s must be one-dimensional, got shape %s" % (name, arr.shape))
    return arr


def psi(reference: Any, live: Any, bins: int = DEFAULT_BINS) -> float:
    """Population Stability Index of live against reference (bins from the
    reference's quantiles, fractions floored at 1e-4; NaN left out)."""
    r, a = _column(reference, "reference"), _column(live, "live")
    out = ctypes.c_double()
    _psi(r.ctypes.data, r.size, a.ctypes.data, a.size, int(bins), ctypes.byref(out))
    return float(out.value)


def ks(reference: Any, live: Any) -> Tuple[float, float]:
    """(statistic, p-value) of the two-sample Kolmogorov-Smirnov test; the
    statistic equals scipy.stats.ks_2samp's, the p-value is asymptotic."""
    r, a = _column(reference, "reference"), _column(live, "live")
    d, p = ctypes.c_double(), ctypes.c_double()
    _ks(r.ctypes.data, r.size, a.ctypes.data, a.size, ctypes.byref(d), ctypes.byref(p))
    return float(d.value), float(p.value)


def ks_p_value(d: float, n1: int, n2: int) -> float:
    """Kolmogorov's asymptotic two-sided p-value of a two-sample statistic."""
    p = ctypes.c_double()
    _ks_p(float(d), int(n1), int(n2), ctypes.byref(p))
    return float(p.value)


class Profile(_objects.ClosableHandle):
    """A training distribution kept compactly: per feature, PSI bin edges
    and fractions and KS quantiles. Profile(x) from rows x[n, features]."""

    _kind = "profile"

    def __init__(self, x: Any = None, bins: int = DEFAULT_BINS,
                 quantiles: int = DEFAULT_QUANTILES, names: Optional[Any] = None,
                 _ptr: Optional[int] = None) -> None:
        if _ptr is None:
            arr = np.ascontiguousarray(x, dtype=np.float64)
            if arr.ndim == 1:
                arr = arr.reshape(-1, 1)
            if arr.ndim != 2:
                raise ValueError("x must be rows x features, got shape %s" % (arr.shape,))
            _ptr = _objects.new(_profile_create, arr.ctypes.data, arr.shape[0], arr.shape[1],
                                int(bins), int(quantiles))
        super().__init__(_ptr, _profile_free)
        for i, name in enumerate(names or []):
            _profile_set_name(self, i, _objects.encode(name, "name"))

    @classmethod
    def load(cls, path: PathLike) -> "Profile":
        """A profile from a sidecar JSON file."""
        return cls(_ptr=_objects.new(_profile_load, _objects.encode_path(path)))

    @classmethod
    def from_json(cls, text: str) -> "Profile":
        """A profile from its JSON text (the format of to_json)."""
        return cls(_ptr=_objects.new(_profile_from_json, _objects.encode(text, "text")))

    @classmethod
    def of_model(cls, model: Model) -> "Profile":
        """The training profile stored in a model (NotFoundError when none)."""
        return cls(_ptr=_objects.new(_model_profile, model))

    def attach_to(self, model: Model) -> None:
        """Stores this profile in the model's metadata ("training_profile")."""
        _model_set_profile(model, self)

    def __len__(self) -> int:
        """Number of features."""
        return int(_profile_count(self))

    def name(self, i: int) -> str:
        """The name of feature i."""
        return _objects.read_string(_profile_name, self, int(i))

    def find(self, name: str) -> int:
        """The index of the feature named name (NotFoundError when none)."""
        return int(_profile_find(self, _objects.encode(name, "name")))

    def compare(self, feature: Any, values: Any) -> Dict[str, float]:
        """Drift of live values of one feature (index or name) against the
        profile: psi, ks, ks_p_value, missing_training, missing_live, n_live."""
        index = self.find(feature) if isinstance(feature, str) else int(feature)
        v = _column(values, "values")
        out = np.empty(len(DRIFT_RESULTS))
        _profile_compare(self, index, v.ctypes.data, v.size, 1, out.ctypes.data, out.size)
        return dict(zip(DRIFT_RESULTS, (float(x) for x in out)))

    def to_json(self) -> Dict[str, Any]:
        """The profile as a dict: bins, quantiles and per feature n,
        missing, edges, fractions, quantiles."""
        text = _read_text(lambda buf, cap, length: _profile_to_json(self, buf, cap, length))
        result: Dict[str, Any] = json.loads(text)
        return result

    def save(self, path: PathLike) -> None:
        """Writes the profile as a sidecar JSON file, atomically."""
        _profile_save(self, _objects.encode_path(path))


class Detector(_objects.ClosableHandle):
    """A change detector: kind "page_hinkley" or "cusum", settings as
    keyword arguments (see bc_detector_create in botcopier.h)."""

    _kind = "detector"

    def __init__(self, kind: str = "page_hinkley", **settings: float) -> None:
        kinds = {"page_hinkley": PAGE_HINKLEY, "cusum": CUSUM}
        if kind not in kinds:
            raise ValueError("kind must be 'page_hinkley' or 'cusum', got %r" % (kind,))
        super().__init__(_objects.new(_det_create, kinds[kind]), _det_free)
        for key, value in settings.items():
            self.set(key, value)

    @property
    def kind(self) -> str:
        """"page_hinkley" or "cusum"."""
        return "page_hinkley" if _det_kind(self) == PAGE_HINKLEY else "cusum"

    def set(self, key: str, value: float) -> None:
        """Changes one setting (restarts the detector, keeps its alarm count)."""
        _det_set(self, _objects.encode(key, "key"), float(value))

    def update(self, x: float) -> int:
        """Feeds one value; 0, or 1 (increase) | 2 (decrease) on an alarm."""
        alarm = ctypes.c_int32()
        _det_update(self, float(x), ctypes.byref(alarm))
        return int(alarm.value)

    def run(self, values: Any) -> "np.ndarray[Any, Any]":
        """update() over values; the alarm code per value."""
        return np.array([self.update(float(x)) for x in values], dtype=np.int32)

    def state(self) -> Dict[str, float]:
        """up, down, mean, count, total, alarms, last_alarm, sigma."""
        out = np.empty(len(DETECTOR_STATE))
        _det_state(self, out.ctypes.data, out.size)
        return dict(zip(DETECTOR_STATE, (float(x) for x in out)))

    def reset(self) -> None:
        """Forgets every observation and alarm; settings stay."""
        _det_reset(self)


class Quality(_objects.ClosableHandle):
    """Data-quality checks of a bar stream with period bar_seconds (0 =
    unknown); settings as keyword arguments (bc_quality_set)."""

    _kind = "quality checker"

    def __init__(self, bar_seconds: int = 0, **settings: float) -> None:
        super().__init__(_objects.new(_q_create, int(bar_seconds)), _q_free)
        for key, value in settings.items():
            _q_set(self, _objects.encode(key, "key"), float(value))

    def update(self, time: int, open: float, high: float, low: float, close: float,
               volume: float = 0.0) -> int:
        """Checks one bar; its BC_QUALITY_* flag bits."""
        flags = ctypes.c_int32()
        _q_update(self, int(time), float(open), float(high), float(low), float(close),
                  float(volume), ctypes.byref(flags))
        return int(flags.value)

    def run(self, time: Any, open: Any, high: Any, low: Any, close: Any,
            volume: Optional[Any] = None) -> "np.ndarray[Any, Any]":
        """update() over arrays; the flags per bar."""
        vol = np.zeros(len(time)) if volume is None else volume
        return np.array([self.update(int(t), o, h, lo, c, v)
                         for t, o, h, lo, c, v in zip(time, open, high, low, close, vol)],
                        dtype=np.int32)

    def counts(self) -> Dict[str, int]:
        """Bars seen and findings by kind (see QUALITY_COUNTS)."""
        out = np.zeros(len(QUALITY_COUNTS), dtype=np.int64)
        _q_counts(self, out.ctypes.data, out.size)
        return dict(zip(QUALITY_COUNTS, (int(x) for x in out)))

    def reset(self) -> None:
        """Forgets every bar; settings stay."""
        _q_reset(self)


class Monitor(_objects.ClosableHandle):
    """A model's health report (what `botcopier monitor` prints): settings
    as keyword arguments (bc_monitor_set), check() returns the report."""

    _kind = "monitor"

    def __init__(self, profile: Optional[Profile] = None, **settings: Any) -> None:
        super().__init__(_objects.new(_m_create), _m_free)
        for key, value in settings.items():
            _m_set(self, _objects.encode(key, "key"), _objects.encode(str(value), "value"))
        if profile is not None:
            _m_set_profile(self, profile)

    def check(self, model: Model, bars: Bars, decisions: Optional[Decisions] = None,
              rejected_rows: Optional[int] = None) -> Dict[str, Any]:
        """Runs every check and returns the report; rejected_rows defaults
        to the rows the bar reader refused (bars.rejects)."""
        if rejected_rows is None:
            rejects = getattr(bars, "rejects", None)
            rejected_rows = rejects.total if rejects is not None else 0
        _m_check(self, model, bars, decisions, int(rejected_rows))
        return self.report()

    def report(self) -> Dict[str, Any]:
        """The last report as a dict ("retrain", "reasons", "drift", ...)."""
        text = _read_text(lambda buf, cap, length: _m_report(self, buf, cap, length))
        result: Dict[str, Any] = json.loads(text)
        return result

    @property
    def retrain(self) -> bool:
        """Whether the last report says retrain."""
        return bool(_m_retrain(self))
