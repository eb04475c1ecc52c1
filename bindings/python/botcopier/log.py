"""
log.py - the library's log messages in Python: forwarded to the `logging`
logger "botcopier" through a bc_log_set callback (kept alive here), or
drained from the library's ring buffer when no callback is set.
"""
import atexit
import ctypes
import logging
import threading
from typing import Any, List, NamedTuple, Optional, Union

from . import _lib, errors

ERROR = 1
WARN = 2
INFO = 3
DEBUG = 4

_TO_PYTHON = {ERROR: logging.ERROR, WARN: logging.WARNING, INFO: logging.INFO, DEBUG: logging.DEBUG}

class LogMessage(NamedTuple):
    """One library log message: level (a BC_LOG_* value) and its text."""

    level: int
    message: str


LOG_FN = ctypes.CFUNCTYPE(None, ctypes.c_int32, ctypes.c_char_p, ctypes.c_void_p)

_log_set = _lib.status("bc_log_set", LOG_FN, _lib.c_void_p, _lib.c_int32)
_log_pending = _lib.status("bc_log_pending")
_log_dropped = _lib.status("bc_log_dropped")
_log_pop = _lib.function("bc_log_pop", _lib.c_int32, _lib.c_char_p, _lib.c_int32,
                         _lib.P_int32, _lib.P_int32)

_state_lock = threading.Lock()
_callback: Any = None  # the live CFUNCTYPE object: C holds its address, so Python must keep it


def _library_level(level: Union[int, str]) -> int:
    """BC_LOG_* for a Python logging level (or a BC_LOG_* given directly)."""
    if isinstance(level, str):
        level = logging.getLevelName(level.upper())
        if not isinstance(level, int):
            raise ValueError("unknown logging level name")
    if level in (ERROR, WARN, INFO, DEBUG):
        return level
    if level >= logging.ERROR:
        return ERROR
    if level >= logging.WARNING:
        return WARN
    if level >= logging.INFO:
        return INFO
    return DEBUG


def forward_to_logging(level: Union[int, str] = logging.INFO,
                       logger: Union[str, logging.Logger] = "botcopier") -> None:
    """Sends every library message at `level` or more severe to `logger`
    (a logging.Logger or a name), as it is logged, from the logging thread.

    level: a logging level (logging.DEBUG ...) or a BC_LOG_* value (1..4).
    Replaces any earlier forwarding; stop_forwarding() returns to the ring.
    """
    target = logging.getLogger(logger) if isinstance(logger, str) else logger
    max_level = _library_level(level)

    def deliver(c_level: int, message: Optional[bytes], user: Any) -> None:
        try:
            target.log(_TO_PYTHON.get(c_level, logging.INFO),
                       message.decode("utf-8", "replace") if message else "")
        except Exception:  # never let an exception unwind into C
            pass

    global _callback
    with _state_lock:
        callback = LOG_FN(deliver)
        _log_set(callback, None, max_level)
        _callback = callback


def stop_forwarding(level: Union[int, str] = INFO) -> None:
    """Messages go to the library's ring buffer again (drain() reads them)."""
    global _callback
    with _state_lock:
        _log_set(LOG_FN(), None, _library_level(level))
        _callback = None


def forwarding() -> bool:
    """True while messages are forwarded to Python logging."""
    return _callback is not None


def pending() -> int:
    """Number of messages waiting in the ring."""
    return int(_log_pending())


def dropped() -> int:
    """Messages dropped from the full ring since the last call (resets it)."""
    return int(_log_dropped())


def drain(limit: Optional[int] = None) -> List[LogMessage]:
    """Takes up to `limit` (all when None) messages from the ring, oldest
    first, as LogMessage(level, message) with level a BC_LOG_* value."""
    out: List[LogMessage] = []
    capacity = 512
    buf = ctypes.create_string_buffer(capacity)
    length = ctypes.c_int32(0)
    level = ctypes.c_int32(0)
    while limit is None or len(out) < limit:
        rc = _log_pop(buf, capacity, ctypes.byref(length), ctypes.byref(level))
        if rc == errors.BC_E_NOT_FOUND:
            break
        if rc == errors.BC_E_BUFFER_TOO_SMALL:
            capacity = length.value + 1
            buf = ctypes.create_string_buffer(capacity)
            continue
        errors.check(rc, "bc_log_pop")
        out.append(LogMessage(level.value, buf.raw[:length.value].decode("utf-8", "replace")))
    return out


@atexit.register
def _detach_at_exit() -> None:
    # The interpreter is going away: C must not call into it any more.
    if _callback is not None and _lib._loaded is not None:
        try:
            stop_forwarding()
        except Exception:
            pass
