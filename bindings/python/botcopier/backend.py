"""
backend.py - compute backends ("cpu", "cuda", "best") and their GEMM on
numpy float32 arrays, passed zero-copy (row strides become leading
dimensions). Shapes are checked here so mistakes read as Python errors.
"""
from typing import Any, List, Optional, Tuple

import numpy as np

from . import _arrays, _lib, _objects
from ._types import Float32Array

_count = _lib.function("bc_backend_count", _lib.c_int32)
_backend, _floats, _i32, _i64, _f = (_lib.ptr("bc_backend"), _lib.ptr("float"), _lib.c_int32,
                                     _lib.c_int64, _lib.c_float)
_name = _lib.function("bc_backend_name", _lib.c_char_p, _i32)
_init = _lib.status("bc_backend_init", _lib.c_char_p, _lib.out("bc_backend"))
_free = _lib.function("bc_backend_free", None, _backend)
_kind = _lib.function("bc_backend_kind", _lib.c_char_p, _backend)
_sgemm = _lib.status("bc_backend_sgemm", _backend, _i32, _i32, _i32, _i32, _i32, _f,
                     _floats, _i32, _floats, _i32, _f, _floats, _i32)
_sgemm_batched = _lib.status("bc_backend_sgemm_batched", _backend, _i32, _i32, _i32, _i32, _i32,
                             _f, _floats, _i32, _i64, _floats, _i32, _i64, _f, _floats, _i32,
                             _i64, _i32)


def backends() -> List[str]:
    """Names of the backends this build knows, whether or not they start here."""
    return [str(_name(i).decode()) for i in range(_count())]


def _op_shape(arr: Any, trans: bool, name: str) -> Tuple[int, int]:
    rows, cols = arr.shape[-2:]
    return (cols, rows) if trans else (rows, cols)


def _gemm_shapes(a: Any, b: Any, trans_a: bool, trans_b: bool) -> Tuple[int, int, int]:
    m, k = _op_shape(a, trans_a, "a")
    k2, n = _op_shape(b, trans_b, "b")
    if k != k2:
        raise ValueError("sgemm: op(a) is %dx%d and op(b) is %dx%d: inner dimensions %d and %d differ"
                         % (m, k, k2, n, k, k2))
    return m, n, k


class Backend(_objects.ClosableHandle):
    """A started compute backend: Backend("cpu"), Backend("cuda"), Backend("best").

    Raises NotFoundError for an unknown name, UnsupportedError when "cuda"
    cannot start (the message says why). Use from one thread at a time.
    """

    _kind = "backend"

    def __init__(self, name: str = "best") -> None:
        super().__init__(_objects.new(_init, _objects.encode(name, "name")), _free)

    @property
    def kind(self) -> str:
        """What the backend runs on: "cpu" or "cuda" (what "best" chose)."""
        return str(_kind(self).decode())

    def __repr__(self) -> str:
        return "<botcopier.Backend %s>" % ("closed" if self.closed else self.kind)

    def sgemm(self, a: Float32Array, b: Float32Array, out: Optional[Float32Array] = None,
              trans_a: bool = False, trans_b: bool = False, alpha: float = 1.0,
              beta: float = 0.0) -> Float32Array:
        """out = alpha * op(a) @ op(b) + beta * out, in float32, zero-copy.

        a, b: 2-D float32 arrays, C-contiguous along rows (row-strided views
        are fine); op(x) is x.T when trans_x. out: (m, n) float32 C-contiguous
        writable array, written in place and returned; when None a new one is
        made (beta must then be 0). Raises TypeError/ValueError before calling C.
        """
        pa, lda = _arrays.matrix(a, "a")
        pb, ldb = _arrays.matrix(b, "b")
        m, n, k = _gemm_shapes(a, b, trans_a, trans_b)
        if out is None:
            if beta != 0:
                raise ValueError("sgemm: beta=%r needs an out array to scale" % beta)
            out = np.empty((m, n), dtype=np.float32)
        elif isinstance(out, np.ndarray) and out.shape != (m, n):
            raise ValueError("sgemm: out must have shape (%d, %d), got %s" % (m, n, out.shape))
        pc, ldc = _arrays.matrix(out, "out", writable=True)
        _sgemm(self, int(bool(trans_a)), int(bool(trans_b)), m, n, k, alpha, pa, lda,
               pb, ldb, beta, pc, ldc)
        return out

    def sgemm_batched(self, a: Float32Array, b: Float32Array, out: Optional[Float32Array] = None,
                      trans_a: bool = False, trans_b: bool = False, alpha: float = 1.0,
                      beta: float = 0.0) -> Float32Array:
        """sgemm on every matrix of 3-D float32 stacks (batch, rows, cols).

        A stack may share one matrix across the batch with batch stride 0
        (np.broadcast_to(x, (batch,) + x.shape)), again without copies.
        """
        for arr, name in ((a, "a"), (b, "b")):
            if not isinstance(arr, np.ndarray) or arr.ndim != 3:
                raise ValueError("sgemm_batched: %s must be a 3-D float32 array" % name)
        if a.shape[0] != b.shape[0]:
            raise ValueError("sgemm_batched: a has batch %d but b has batch %d"
                             % (a.shape[0], b.shape[0]))
        m, n, k = _gemm_shapes(a, b, trans_a, trans_b)
        batch = a.shape[0]
        if out is None:
            if beta != 0:
                raise ValueError("sgemm_batched: beta=%r needs an out array to scale" % beta)
            out = np.empty((batch, m, n), dtype=np.float32)
        elif isinstance(out, np.ndarray) and out.shape != (batch, m, n):
            raise ValueError("sgemm_batched: out must have shape (%d, %d, %d), got %s"
                             % (batch, m, n, out.shape))
        pa, lda, sa = _arrays.batch(a, "a")
        pb, ldb, sb = _arrays.batch(b, "b")
        pc, ldc, sc = _arrays.batch(out, "out", writable=True)
        _sgemm_batched(self, int(bool(trans_a)), int(bool(trans_b)), m, n, k, alpha,
                       pa, lda, sa, pb, ldb, sb, beta, pc, ldc, sc, batch)
        return out
