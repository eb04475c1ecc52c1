"""
errors.py - the exceptions a failed call raises: one class per pinned
BC_E_* status, each carrying .status, .status_name and the C library's own
message (bc_last_error() of the calling thread) as its text.
"""
from typing import Dict, Optional, Type

from . import _lib

BC_OK = 0
BC_E_INVALID_ARGUMENT = -1
BC_E_OUT_OF_MEMORY = -2
BC_E_IO = -3
BC_E_PARSE = -4
BC_E_FORMAT = -5
BC_E_CORRUPT = -6
BC_E_VERSION = -7
BC_E_BUFFER_TOO_SMALL = -8
BC_E_BAD_HANDLE = -9
BC_E_STALE_HANDLE = -10
BC_E_WRONG_HANDLE_TYPE = -11
BC_E_UNSUPPORTED = -12
BC_E_NOT_FOUND = -13
BC_E_UNKNOWN_KEY = -14
BC_E_CANCELLED = -15
BC_E_SHAPE = -16
BC_E_NUMERIC = -17
BC_E_NO_DATA = -18
BC_E_STATE = -19
BC_E_BACKEND = -20
BC_E_INTERNAL = -21

_last_error = _lib.function("bc_last_error", _lib.c_char_p)
_clear_error = _lib.function("bc_clear_error", None)
_status_string = _lib.function("bc_status_string", _lib.c_char_p, _lib.c_int32)


class BotCopierError(Exception):
    """A libbotcopier call failed.

    status: the BC_E_* code (negative int); status_name: e.g. "BC_E_PARSE";
    function: the C function that failed; str(error): the library's message.
    """

    def __init__(self, status: int, message: str, function: Optional[str] = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.function = function

    @property
    def status_name(self) -> str:
        """The status' name, e.g. "BC_E_PARSE"."""
        return _NAMES.get(self.status, "BC_E_UNKNOWN(%d)" % self.status)

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return "%s(%s, %r)" % (type(self).__name__, self.status_name, self.message)


# Subclasses also derive from the builtin a Python caller would catch for the
# same situation, so `except ValueError` works around a bad spec or argument.
class InvalidArgumentError(BotCopierError, ValueError):
    """BC_E_INVALID_ARGUMENT: an argument the library refused (named in the message)."""
class OutOfMemoryError(BotCopierError, MemoryError):
    """BC_E_OUT_OF_MEMORY: the library could not allocate."""
class IoError(BotCopierError, OSError):
    """BC_E_IO: a file could not be read or written."""
class ParseError(BotCopierError, ValueError):
    """BC_E_PARSE: text (CSV, spec, time) that does not parse."""
class FormatError(BotCopierError, ValueError):
    """BC_E_FORMAT: a file that is not in the expected format."""
class CorruptError(BotCopierError, ValueError):
    """BC_E_CORRUPT: a file whose checksum or structure is damaged."""
class VersionError(BotCopierError):
    """BC_E_VERSION: a file written by an incompatible version."""
class BufferTooSmallError(BotCopierError):
    """BC_E_BUFFER_TOO_SMALL: the caller's buffer is too small (the binding retries)."""
class BadHandleError(BotCopierError):
    """BC_E_BAD_HANDLE: a handle that is not a live library object."""
class StaleHandleError(BotCopierError):
    """BC_E_STALE_HANDLE: a handle to an object already freed."""
class WrongHandleTypeError(BotCopierError):
    """BC_E_WRONG_HANDLE_TYPE: a handle of another kind of object."""
class UnsupportedError(BotCopierError, NotImplementedError):
    """BC_E_UNSUPPORTED: this build lacks the feature (or the function)."""
class NotFoundError(BotCopierError, LookupError):
    """BC_E_NOT_FOUND: a name (backend, symbol, key) that does not exist."""
class UnknownKeyError(BotCopierError, KeyError):
    """BC_E_UNKNOWN_KEY: an option key the object does not have."""
class CancelledError(BotCopierError):
    """BC_E_CANCELLED: a long call stopped by cancel() or a callback."""
class ShapeError(BotCopierError, ValueError):
    """BC_E_SHAPE: array sizes that do not fit together."""
class NumericError(BotCopierError, ValueError):
    """BC_E_NUMERIC: a computation that produced NaN/Inf or did not converge."""
class NoDataError(BotCopierError, ValueError):
    """BC_E_NO_DATA: nothing usable in the input."""
class StateError(BotCopierError):
    """BC_E_STATE: a call the object's state does not allow now."""
class BackendError(BotCopierError):
    """BC_E_BACKEND: the compute backend failed."""
class InternalError(BotCopierError):
    """BC_E_INTERNAL: a library bug; please report it with the message."""


_CLASSES: Dict[int, Type[BotCopierError]] = {
    BC_E_INVALID_ARGUMENT: InvalidArgumentError,
    BC_E_OUT_OF_MEMORY: OutOfMemoryError,
    BC_E_IO: IoError,
    BC_E_PARSE: ParseError,
    BC_E_FORMAT: FormatError,
    BC_E_CORRUPT: CorruptError,
    BC_E_VERSION: VersionError,
    BC_E_BUFFER_TOO_SMALL: BufferTooSmallError,
    BC_E_BAD_HANDLE: BadHandleError,
    BC_E_STALE_HANDLE: StaleHandleError,
    BC_E_WRONG_HANDLE_TYPE: WrongHandleTypeError,
    BC_E_UNSUPPORTED: UnsupportedError,
    BC_E_NOT_FOUND: NotFoundError,
    BC_E_UNKNOWN_KEY: UnknownKeyError,
    BC_E_CANCELLED: CancelledError,
    BC_E_SHAPE: ShapeError,
    BC_E_NUMERIC: NumericError,
    BC_E_NO_DATA: NoDataError,
    BC_E_STATE: StateError,
    BC_E_BACKEND: BackendError,
    BC_E_INTERNAL: InternalError,
}

_NAMES: Dict[int, str] = {code: name for name, code in globals().items()
          if name.startswith("BC_E_") and isinstance(code, int)}


def last_error() -> str:
    """The calling thread's last library error message ("" when none)."""
    return str(_last_error().decode("utf-8", "replace"))


def clear_error() -> None:
    """Forgets the calling thread's last library error."""
    _clear_error()


def status_string(status: int) -> str:
    """The library's description of a status, e.g. "BC_E_PARSE: malformed input"."""
    return str(_status_string(status).decode("utf-8", "replace"))


def error_class(status: int) -> Type[BotCopierError]:
    """The exception class for a status (BotCopierError for unknown ones)."""
    return _CLASSES.get(status, BotCopierError)


def error_from_status(status: int, function: Optional[str] = None) -> BotCopierError:
    """The exception for a status just returned on this thread: its text is
    bc_last_error(), or the status description when the message is empty."""
    message = last_error() or status_string(status)
    return error_class(status)(status, message, function)


def check(status: int, function: Optional[str] = None) -> int:
    """Raises the matching error when status is negative; returns it otherwise."""
    if status < 0:
        raise error_from_status(status, function)
    return status
