"""
lifecycle.py - the model lifecycle of the library (lib/lifecycle): cron
expressions, the model registry (versions, validation gate, activation,
retention) and the training job queue, on SQLite or PostgreSQL. The daemon
that runs jobs is `botcopier daemon`; these are the calls it makes.
"""
import ctypes
import json
from typing import Any, Dict, Optional, Tuple

from . import _lib, _objects, errors
from ._types import PathLike

_cron_p = _lib.ptr("bc_cron")
_cron_parse = _lib.status("bc_cron_parse", _lib.c_char_p, _lib.out("bc_cron"))
_cron_next = _lib.status("bc_cron_next", _cron_p, _lib.c_int64, _lib.P_int64)
_cron_free = _lib.function("bc_cron_free", None, _cron_p)

_reg = _lib.ptr("bc_registry")
_bars_p = _lib.ptr("bc_bars")
_trades_p = _lib.ptr("bc_trades")
_s = _lib.c_char_p
_i64 = _lib.c_int64
_i32 = _lib.c_int32
_open = _lib.status("bc_registry_open", _s, _s, _lib.out("bc_registry"))
_set = _lib.status("bc_registry_set", _reg, _s, _s)
_free = _lib.function("bc_registry_free", None, _reg)
_add = _lib.status("bc_registry_add", _reg, _s, _s, _s, _i64, _i64, _i64, _i64, _i64, _i32,
                   _lib.P_int64)
_gate = _lib.status("bc_registry_gate", _reg, _i64, _bars_p, _trades_p, _i64, _i64,
                    _lib.P_double, _lib.P_double, _lib.P_int32)
_activate = _lib.status("bc_registry_activate", _reg, _i64, _i64)
_cleanup = _lib.status("bc_registry_cleanup", _reg, _i64, _lib.P_int32)
_metric_add = _lib.status("bc_registry_metric_add", _reg, _i64, _s, _i64, _s, _lib.c_double,
                          _i64)
_json = _lib.status("bc_registry_json", _reg, _s, _s, _i64, _s, _i32, _lib.P_int32)
_define = _lib.status("bc_jobs_define", _reg, _s, _s, _s, _i64)
_enqueue = _lib.status("bc_jobs_enqueue", _reg, _s, _s, _i64, _i64, _i64, _lib.P_int64)
_enqueue_triggered = _lib.status("bc_jobs_enqueue_triggered", _reg, _s, _s, _s, _s, _i64, _i64,
                                 _lib.P_int64)
_claim = _lib.status("bc_jobs_claim", _reg, _s, _i64, _lib.P_int64, _lib.P_int32)
_heartbeat = _lib.status("bc_jobs_heartbeat", _reg, _s, _s, _i64, _s, _i32, _i32, _i64)
_finish = _lib.status("bc_jobs_finish", _reg, _i64, _s, _i32, _s, _s, _i32, _i64, _i64)
_complete = _lib.status("bc_jobs_complete", _reg, _i64, _s, _i32, _i64, _i32, _i64)
_expire = _lib.status("bc_jobs_expire", _reg, _i64, _i32, _i64, _i64, _lib.P_int32)


def _b(text: Optional[str]) -> Optional[bytes]:
    return None if text is None else text.encode("utf-8")


class Cron(_objects.ClosableHandle):
    """A five-field cron expression (Vixie cron's grammar, UTC)."""

    _kind = "Cron"

    def __init__(self, expression: str) -> None:
        super().__init__(_objects.new(_cron_parse, _objects.encode(expression, "expression")),
                         _cron_free)

    def next(self, after: int) -> int:
        """The first firing time (seconds since 1970, UTC) strictly after `after`."""
        out = ctypes.c_int64(0)
        _cron_next(self, int(after), ctypes.byref(out))
        return int(out.value)


class Registry(_objects.ClosableHandle):
    """A model registry and job queue: database db (SQLite path or
    postgresql:// URL) with model files under store_dir."""

    _kind = "Registry"

    def __init__(self, db: str, store_dir: PathLike) -> None:
        super().__init__(_objects.new(_open, _objects.encode(db, "db"),
                                      _objects.encode_path(store_dir, "store_dir")), _free)

    def set(self, key: str, value: Any) -> None:
        """Sets an option (gate_metric, gate_margin, gate_accept_ties,
        gate_tolerance_bars, retention_days, staging_timeout,
        activation_delay_ms)."""
        _set(self, _objects.encode(key, "key"), str(value).encode("utf-8"))

    def add(self, model_key: str, model_path: PathLike, metrics: Optional[Dict[str, Any]] = None,
            data_from: int = 0, data_to: int = 0, parent: int = 0, job_id: int = 0,
            now: int = 0, staged: bool = False) -> int:
        """Adds a model file as a new version; returns its number."""
        out = ctypes.c_int64(0)
        _add(self, _objects.encode(model_key, "model_key"), _objects.encode_path(model_path),
             _b(json.dumps(metrics) if metrics is not None else None), int(data_from),
             int(data_to), int(parent), int(job_id), int(now), 1 if staged else 0,
             ctypes.byref(out))
        return int(out.value)

    def gate(self, version: int, bars: Any = None, trades: Any = None, start: int = 0,
             end: int = 0) -> Tuple[bool, float, float]:
        """The validation gate: (passed, candidate score, active score)."""
        cs, as_, ok = ctypes.c_double(0), ctypes.c_double(0), ctypes.c_int32(0)
        _gate(self, int(version), bars, trades, int(start), int(end), ctypes.byref(cs),
              ctypes.byref(as_), ctypes.byref(ok))
        return bool(ok.value), float(cs.value), float(as_.value)

    def activate(self, version: int, now: int = 0) -> None:
        """Makes version the active one of its key (bypassing the gate)."""
        _activate(self, int(version), int(now))

    def cleanup(self, now: int) -> int:
        """Retention and crash recovery; returns files and rows removed."""
        out = ctypes.c_int32(0)
        _cleanup(self, int(now), ctypes.byref(out))
        return int(out.value)

    def metric_add(self, name: str, value: float, job_id: int = 0, model_key: str = "",
                   version: int = 0, now: int = 0) -> None:
        """Records one metric value."""
        _metric_add(self, int(job_id), _b(model_key), int(version),
                    _objects.encode(name, "name"), float(value), int(now))

    def query(self, what: str, arg: Optional[str] = None, now: int = 0) -> Any:
        """bc_registry_json parsed: models, model, active, jobs, job, defs,
        metrics or status."""
        text = _objects.read_string(_json, self, _objects.encode(what, "what"), _b(arg),
                                    int(now), initial=4096)
        return json.loads(text)

    def define(self, job_key: str, spec: Dict[str, Any], cron: Optional[str] = None,
               now: int = 0) -> None:
        """Defines a training job with its spec and cron expression."""
        _define(self, _objects.encode(job_key, "job_key"), json.dumps(spec).encode("utf-8"),
                _b(cron), int(now))

    def enqueue(self, job_key: str, kind: str = "retrain", scheduled_for: int = 0,
                run_after: int = 0, now: int = 0) -> int:
        """Queues a run of job_key; returns its id (0: that tick was queued already)."""
        out = ctypes.c_int64(0)
        _enqueue(self, _objects.encode(job_key, "job_key"), _objects.encode(kind, "kind"),
                 int(scheduled_for), int(run_after), int(now), ctypes.byref(out))
        return int(out.value)

    def enqueue_triggered(self, job_key: str, kind: str, trigger: str,
                          reason: Optional[str] = None, run_after: int = 0, now: int = 0) -> int:
        """Queues an on-demand job on a trigger (a monitor verdict) at most
        once; returns its id, 0 when a job of the key is queued or running or
        the trigger was queued before."""
        out = ctypes.c_int64(0)
        _enqueue_triggered(self, _objects.encode(job_key, "job_key"), _objects.encode(kind, "kind"),
                           _objects.encode(trigger, "trigger"), _b(reason), int(run_after),
                           int(now), ctypes.byref(out))
        return int(out.value)

    def claim(self, worker_id: str, now: int) -> Optional[Tuple[int, int]]:
        """Claims the oldest ready job: (job id, attempt), or None when none is ready."""
        job, attempt = ctypes.c_int64(0), ctypes.c_int32(0)
        try:
            _claim(self, _objects.encode(worker_id, "worker_id"), int(now), ctypes.byref(job),
                   ctypes.byref(attempt))
        except errors.NotFoundError:
            return None
        return int(job.value), int(attempt.value)

    def heartbeat(self, worker_id: str, now: int, state: str = "running", running: int = 0,
                  max_jobs: int = 1, host: str = "", pid: int = 0) -> None:
        """Writes the worker's heartbeat row and renews its jobs' leases."""
        _heartbeat(self, _objects.encode(worker_id, "worker_id"), _b(host), int(pid),
                   _objects.encode(state, "state"), int(running), int(max_jobs), int(now))

    def finish(self, job_id: int, worker_id: str, attempt: int, outcome: str,
               error: Optional[str] = None, max_attempts: int = 4, backoff_s: int = 60,
               now: int = 0) -> None:
        """Ends an attempt without a model (done, failed, skipped, released)."""
        _finish(self, int(job_id), _objects.encode(worker_id, "worker_id"), int(attempt),
                _objects.encode(outcome, "outcome"), _b(error), int(max_attempts),
                int(backoff_s), int(now))

    def complete(self, job_id: int, worker_id: str, attempt: int, version: int,
                 passed: bool, now: int = 0) -> None:
        """Ends an attempt with its staged model, activating it when it passed."""
        _complete(self, int(job_id), _objects.encode(worker_id, "worker_id"), int(attempt),
                  int(version), 1 if passed else 0, int(now))

    def expire(self, lease_s: int, max_attempts: int, backoff_s: int, now: int) -> int:
        """Takes back jobs whose worker stopped heartbeating; returns how many."""
        out = ctypes.c_int32(0)
        _expire(self, int(lease_s), int(max_attempts), int(backoff_s), int(now),
                ctypes.byref(out))
        return int(out.value)
