"""
errors.py - the exceptions a failed call raises: one class per pinned
BC_E_* status, each carrying .status, .status_name and the C library's own
message (bc_last_error() of the calling thread) as its text.
"""
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

    def __init__(self, status, message, function=None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.function = function

    @property
    def status_name(self):
        return _NAMES.get(self.status, "BC_E_UNKNOWN(%d)" % self.status)

    def __str__(self):
        return self.message

    def __repr__(self):
        return "%s(%s, %r)" % (type(self).__name__, self.status_name, self.message)


# Subclasses also derive from the builtin a Python caller would catch for the
# same situation, so `except ValueError` works around a bad spec or argument.
class InvalidArgumentError(BotCopierError, ValueError): pass
class OutOfMemoryError(BotCopierError, MemoryError): pass
class IoError(BotCopierError, OSError): pass
class ParseError(BotCopierError, ValueError): pass
class FormatError(BotCopierError, ValueError): pass
class CorruptError(BotCopierError, ValueError): pass
class VersionError(BotCopierError): pass
class BufferTooSmallError(BotCopierError): pass
class BadHandleError(BotCopierError): pass
class StaleHandleError(BotCopierError): pass
class WrongHandleTypeError(BotCopierError): pass
class UnsupportedError(BotCopierError, NotImplementedError): pass
class NotFoundError(BotCopierError, LookupError): pass
class UnknownKeyError(BotCopierError, KeyError): pass
class CancelledError(BotCopierError): pass
class ShapeError(BotCopierError, ValueError): pass
class NumericError(BotCopierError, ValueError): pass
class NoDataError(BotCopierError, ValueError): pass
class StateError(BotCopierError): pass
class BackendError(BotCopierError): pass
class InternalError(BotCopierError): pass


_CLASSES = {
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

_NAMES = {code: name for name, code in globals().items()
          if name.startswith("BC_E_") and isinstance(code, int)}


def last_error():
    """The calling thread's last library error message ("" when none)."""
    return _last_error().decode("utf-8", "replace")


def clear_error():
    """Forgets the calling thread's last library error."""
    _clear_error()


def status_string(status):
    """The library's description of a status, e.g. "BC_E_PARSE: malformed input"."""
    return _status_string(status).decode("utf-8", "replace")


def error_class(status):
    """The exception class for a status (BotCopierError for unknown ones)."""
    return _CLASSES.get(status, BotCopierError)


def error_from_status(status, function=None):
    """The exception for a status just returned on this thread: its text is
    bc_last_error(), or the status description when the message is empty."""
    message = last_error() or status_string(status)
    return error_class(status)(status, message, function)


def check(status, function=None):
    """Raises the matching error when status is negative; returns it otherwise."""
    if status < 0:
        raise error_from_status(status, function)
    return status
