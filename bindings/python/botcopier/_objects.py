"""
_objects.py - the lifetime of C objects held by Python (freed exactly once,
by close() or when collected) and the two-call pattern for strings the
library writes into caller buffers.
"""
import ctypes
import weakref
from typing import Any, Callable, ClassVar, Dict, Optional, TypeVar, Union

from . import _lib, errors

_Self = TypeVar("_Self", bound="ClosableHandle")


class Handle:
    """Owns one C object. Passed to declared functions directly (as
    _as_parameter_); using it after close() raises ValueError."""

    _kind = "object"

    def __init__(self, ptr: Optional[int], free: Callable[..., Any]) -> None:
        if not ptr:
            raise errors.InternalError(errors.BC_E_INTERNAL,
                                       "the library returned a NULL %s" % self._kind)
        self._ptr: Optional[int] = ptr
        self._finalizer = weakref.finalize(self, free, ptr)

    @property
    def _as_parameter_(self) -> int:
        if self._ptr is None:
            error = ValueError("this %s is closed" % self._kind)
            _lib.conversion_error.value = error
            raise error
        return self._ptr

    @property
    def closed(self) -> bool:
        """True after close() (or when the object was never created)."""
        return self._ptr is None


class ClosableHandle(Handle):
    """A Handle whose C object has no borrowed views, so it may be released
    early by close() or a with-block.

    Another object whose C side keeps a pointer to this one (a Predictor to
    its Model) retains it: close() then only closes it for Python callers
    (they get ValueError) and the C object is freed when the last user
    releases it, never under a user that still runs."""

    _users = 0
    _close_pending = False

    def close(self) -> None:
        """Frees the C object now (or when its last user lets go); further
        use raises ValueError. Closing twice is harmless."""
        self._ptr = None
        if self._users > 0:
            self._close_pending = True
        else:
            self._finalizer()

    def _retain(self) -> None:
        """Counts a user whose C object points at this one."""
        if self._ptr is None:
            raise ValueError("this %s is closed" % self._kind)
        self._users += 1

    def _release(self) -> None:
        """A user is gone; frees the C object if close() was waiting for it."""
        self._users -= 1
        if self._users == 0 and self._close_pending:
            self._close_pending = False
            self._finalizer()

    def __enter__(self: "_Self") -> "_Self":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def new(create: Any, *args: Any) -> int:
    """Calls a create function whose last parameter is `T **out` (declared
    with _lib.out); returns the address of the new object."""
    out = create.argtypes[-1]._type_()
    create(*args, ctypes.byref(out))
    return int(out.value)


def read_string(fn: Any, *args: Any, initial: int = 256) -> str:
    """Calls fn(*args, buf, capacity, &length) and returns the text, growing
    the buffer once when the library reports BC_E_BUFFER_TOO_SMALL."""
    capacity = initial
    for _ in range(2):
        buf = ctypes.create_string_buffer(capacity)
        length = ctypes.c_int32(0)
        try:
            fn(*args, buf, capacity, ctypes.byref(length))
        except errors.BufferTooSmallError:
            if length.value < capacity:
                raise
            capacity = length.value + 1
            continue
        return buf.raw[:length.value].decode("utf-8", "replace")
    raise errors.InternalError(errors.BC_E_INTERNAL,
                               "%s asked for a larger buffer twice" % fn.name)


def encode(text: Union[str, bytes], name: str) -> bytes:
    """UTF-8 bytes of a str argument; TypeError naming it otherwise."""
    if isinstance(text, bytes):
        return text
    if not isinstance(text, str):
        raise TypeError("%s must be a str, not %s" % (name, type(text).__name__))
    return text.encode("utf-8")


def encode_path(path: Any, name: str = "path") -> bytes:
    """File system bytes of a path-like argument."""
    import os
    try:
        return os.fsencode(path)
    except TypeError:
        raise TypeError("%s must be a path (str, bytes or os.PathLike), not %s"
                        % (name, type(path).__name__)) from None


def text_field(field: str, size: int) -> Any:
    """A str property over the `char field[size]` member stored as
    `_field` of a ctypes.Structure (NUL-terminated UTF-8; too long a value
    raises ValueError instead of being cut)."""

    def get(self: Any) -> str:
        return str(getattr(self, "_" + field).decode("utf-8", "replace"))

    def put(self: Any, value: str) -> None:
        raw = encode(value, field)
        if len(raw) >= size:
            raise ValueError("%s %r is longer than %d bytes" % (field, value, size - 1))
        setattr(self, "_" + field, raw)

    return property(get, put, doc="%s (text of at most %d bytes)" % (field, size - 1))


class Record:
    """Mixin for ctypes.Structure records of the library (struct_size first,
    char arrays as `_name` fields exposed as str properties)."""

    _fields_: ClassVar[Any]

    def as_dict(self) -> Dict[str, Any]:
        """The record's fields as a dict (text fields as str, no struct_size)."""
        d = {}
        for name, _ in self._fields_:
            if name in ("struct_size", "reserved"):
                continue
            key = name.lstrip("_")
            d[key] = getattr(self, key)
        return d

    def __repr__(self) -> str:
        return "%s(%s)" % (type(self).__name__,
                           ", ".join("%s=%r" % kv for kv in self.as_dict().items()))
