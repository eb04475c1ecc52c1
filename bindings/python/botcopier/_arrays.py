"""
_arrays.py - the rules for handing numpy arrays to C without copies: inputs
and outputs must already have the exact dtype and a C-compatible layout, or
a TypeError/ValueError names the argument before any C call. Views of
library-owned memory keep their owner alive.
"""
from typing import Any, Optional, Sequence, Tuple

import numpy as np

Array = Any  # numpy arrays of any dtype; checked at run time by require()


def _describe(arr: Array) -> str:
    return "%s array of shape %s" % (arr.dtype, arr.shape)


def require(arr: Any, dtype: Any, name: str, ndim: Optional[int] = None,
            shape: Optional[Sequence[Optional[int]]] = None, writable: bool = False) -> Array:
    """Checks that arr can be passed to C as is and returns it.

    dtype is exact (no silent conversion); the array must be C-contiguous.
    shape entries that are None match any length.
    """
    dtype = np.dtype(dtype)
    if not isinstance(arr, np.ndarray):
        raise TypeError("%s must be a numpy array of %s, not %s (use np.asarray(%s, dtype=np.%s))"
                        % (name, dtype, type(arr).__name__, name, dtype))
    if arr.dtype != dtype:
        raise TypeError("%s must have dtype %s, got %s (convert it with %s.astype(np.%s))"
                        % (name, dtype, _describe(arr), name, dtype))
    if ndim is not None and arr.ndim != ndim:
        raise ValueError("%s must be %d-D, got %s" % (name, ndim, _describe(arr)))
    if shape is not None:
        if arr.ndim != len(shape) or any(want is not None and want != got
                                         for want, got in zip(shape, arr.shape)):
            want = "(" + ", ".join("any" if s is None else str(s) for s in shape) \
                + ("," if len(shape) == 1 else "") + ")"
            raise ValueError("%s must have shape %s, got %s" % (name, want, _describe(arr)))
    if not arr.flags.c_contiguous:
        raise ValueError("%s must be C-contiguous (got strides %s); use np.ascontiguousarray(%s)"
                         % (name, arr.strides, name))
    if writable and not arr.flags.writeable:
        raise ValueError("%s must be writable" % name)
    return arr


def output(out: Any, dtype: Any, shape: Tuple[int, ...], name: str = "out") -> Array:
    """out checked as a writable C-contiguous array of shape, or a new one."""
    if out is None:
        return np.empty(shape, dtype=dtype)
    return require(out, dtype, name, shape=shape, writable=True)


def optional(arr: Any, dtype: Any, name: str, shape: Tuple[int, ...]) -> Optional[Array]:
    """require() for an argument that may be None (passed to C as NULL)."""
    return None if arr is None else require(arr, dtype, name, shape=shape)


def address(arr: Optional[Array]) -> Optional[int]:
    """The data address of a checked array, or None (NULL) for None."""
    return None if arr is None else int(arr.__array_interface__["data"][0])


def matrix(arr: Any, name: str, writable: bool = False) -> Tuple[Optional[int], int]:
    """A 2-D float32 array with unit column stride, as (address, leading dim).

    Row-strided views (a[:, :k] of a wider matrix) pass without copies: the
    row stride becomes the C leading dimension.
    """
    if not isinstance(arr, np.ndarray):
        raise TypeError("%s must be a 2-D numpy float32 array, not %s" % (name, type(arr).__name__))
    if arr.dtype != np.float32:
        raise TypeError("%s must have dtype float32, got %s (convert it with %s.astype(np.float32))"
                        % (name, _describe(arr), name))
    if arr.ndim != 2:
        raise ValueError("%s must be 2-D, got %s" % (name, _describe(arr)))
    rows, cols = arr.shape
    if writable and not arr.flags.writeable:
        raise ValueError("%s must be writable" % name)
    if arr.size == 0:
        return address(arr), max(cols, 1)
    row_stride, col_stride = arr.strides
    if cols > 1 and col_stride != 4:
        raise ValueError("%s must be C-contiguous along its rows (got strides %s); "
                         "use np.ascontiguousarray(%s)" % (name, arr.strides, name))
    ld = row_stride // 4 if rows > 1 else max(cols, 1)
    if rows > 1 and (row_stride % 4 or ld < max(cols, 1)):
        raise ValueError("%s has row stride %d bytes, which is not a float32 leading "
                         "dimension >= %d columns; use np.ascontiguousarray(%s)"
                         % (name, row_stride, cols, name))
    return address(arr), max(ld, 1)


def batch(arr: Any, name: str, writable: bool = False) -> Tuple[Optional[int], int, int]:
    """A 3-D float32 array as (address, leading dim, batch stride in elements).

    A batch stride of 0 (np.broadcast_to of one matrix) shares the matrix
    across the batch without copies.
    """
    if not isinstance(arr, np.ndarray) or arr.ndim != 3:
        raise ValueError("%s must be a 3-D numpy float32 array (batch, rows, cols), got %s"
                         % (name, _describe(arr) if isinstance(arr, np.ndarray) else type(arr).__name__))
    if arr.strides[0] < 0 or arr.strides[0] % 4:
        raise ValueError("%s has batch stride %d bytes, not a non-negative multiple of 4"
                         % (name, arr.strides[0]))
    if writable and arr.strides[0] == 0 and arr.shape[0] > 1:
        raise ValueError("%s is written to, so its batch entries must not overlap" % name)
    addr, ld = matrix(arr[0] if arr.shape[0] else np.empty(arr.shape[1:], np.float32),
                      name, writable)
    if arr.shape[0] == 0:
        addr = address(arr)
    return addr, ld, arr.strides[0] // 4


class _Borrowed:
    """Exposes library-owned memory to numpy; referenced as the array's base,
    it keeps the owning Python object (and so the C object) alive."""

    def __init__(self, owner: Any, addr: int, shape: Sequence[int], dtype: Any) -> None:
        self.owner = owner
        self.__array_interface__ = {
            "data": (addr, True),  # read-only: the library owns this memory
            "shape": tuple(shape),
            "typestr": np.dtype(dtype).str,
            "version": 3,
        }


def view(owner: Any, addr: Optional[int], shape: Sequence[int], dtype: Any) -> Array:
    """A read-only numpy view of C memory that keeps owner alive."""
    if not addr:
        return np.empty(shape, dtype=dtype)[:0] if 0 in tuple(shape) else _null(shape)
    return np.asarray(_Borrowed(owner, addr, shape, dtype))


def _null(shape: Sequence[int]) -> Array:
    raise ValueError("the library returned no data for a view of shape %s" % (tuple(shape),))
