"""
rng.py - the library's counter-based Philox4x32-10 generator: the same
(seed, stream, offset) gives the same numbers in C, Python and every backend.
"""
import ctypes

from typing import Iterable, Optional, Tuple

import numpy as np

from . import _arrays, _lib
from ._types import Float32Array

_philox = _lib.status("bc_philox4x32", _lib.P_uint32, _lib.P_uint32, _lib.P_uint32)
_uniform = _lib.status("bc_random_uniform", _lib.c_uint64, _lib.c_uint64, _lib.c_uint64,
                       _lib.c_int32, _lib.ptr("float"))


def philox4x32(counter: Iterable[int], key: Iterable[int]) -> Tuple[int, ...]:
    """One Philox4x32-10 block: 4 uint32 counter words and 2 key words in,
    a tuple of 4 uint32 out."""
    words, keys = list(counter), list(key)
    if len(words) != 4 or len(keys) != 2:
        raise ValueError("philox4x32 takes 4 counter words and 2 key words, got %d and %d"
                         % (len(words), len(keys)))
    c = (ctypes.c_uint32 * 4)(*words)
    k = (ctypes.c_uint32 * 2)(*keys)
    out = (ctypes.c_uint32 * 4)()
    _philox(c, k, out)
    return tuple(out)


def random_uniform(n: Optional[int] = None, seed: int = 0, stream: int = 0, offset: int = 0,
                   out: Optional[Float32Array] = None) -> Float32Array:
    """Uniform float32 numbers in [0, 1): element offset+i of stream (seed, stream).

    Give n for a new array, or out (a 1-D float32 C-contiguous writable
    array) to fill it in place; out is returned either way.
    """
    if out is None:
        if n is None:
            raise ValueError("random_uniform needs n or out")
        out = np.empty(n, dtype=np.float32)
    else:
        _arrays.require(out, np.float32, "out", ndim=1, writable=True)
        if n is not None and n != out.shape[0]:
            raise ValueError("random_uniform: n=%d but out has %d elements" % (n, out.shape[0]))
    if out.shape[0] > 0x7FFFFFFF:
        raise ValueError("random_uniform: at most 2**31-1 numbers per call")
    _uniform(seed, stream, offset, out.shape[0], _arrays.address(out))
    return out
