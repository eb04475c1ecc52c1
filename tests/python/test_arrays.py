"""The zero-copy rules every wrapper uses, tested on their own."""
import ctypes
import gc
import weakref

import numpy as np
import pytest

from botcopier import _arrays


class Owner:
    """Stands in for a C object that owns memory (as Bars does)."""

    def __init__(self, values):
        self.buffer = (ctypes.c_double * len(values))(*values)


def test_a_view_reads_the_owners_memory_without_copying():
    owner = Owner([1.0, 2.0, 3.0])
    v = _arrays.view(owner, ctypes.addressof(owner.buffer), (3,), np.float64)
    np.testing.assert_array_equal(v, [1.0, 2.0, 3.0])
    owner.buffer[1] = 20.0
    assert v[1] == 20.0


def test_a_view_is_read_only():
    owner = Owner([1.0])
    v = _arrays.view(owner, ctypes.addressof(owner.buffer), (1,), np.float64)
    with pytest.raises(ValueError):
        v[0] = 2.0


def test_a_view_keeps_its_owner_alive_until_the_view_goes():
    owner = Owner([4.0, 5.0])
    v = _arrays.view(owner, ctypes.addressof(owner.buffer), (2,), np.float64)
    alive = weakref.ref(owner)
    del owner
    gc.collect()
    assert alive() is not None
    np.testing.assert_array_equal(v, [4.0, 5.0])
    del v
    gc.collect()
    assert alive() is None


def test_views_of_derived_arrays_keep_the_owner_too():
    owner = Owner([1.0, 2.0, 3.0, 4.0])
    tail = _arrays.view(owner, ctypes.addressof(owner.buffer), (4,), np.float64)[2:]
    alive = weakref.ref(owner)
    del owner
    gc.collect()
    assert alive() is not None and list(tail) == [3.0, 4.0]


def test_require_passes_the_same_array_and_names_what_is_wrong():
    x = np.zeros((2, 3))
    assert _arrays.require(x, np.float64, "x", shape=(None, 3)) is x
    with pytest.raises(TypeError, match=r"x must be a numpy array of float64, not list"):
        _arrays.require([1.0], np.float64, "x")
    with pytest.raises(ValueError, match=r"x must have shape \(any, 4\)"):
        _arrays.require(x, np.float64, "x", shape=(None, 4))
    with pytest.raises(ValueError, match="x must be C-contiguous"):
        _arrays.require(x.T, np.float64, "x")


def test_matrix_turns_row_strides_into_leading_dimensions():
    wide = np.zeros((4, 10), np.float32)
    addr, ld = _arrays.matrix(wide[1:, 3:5], "a")
    assert ld == 10
    assert addr == wide.ctypes.data + (1 * 10 + 3) * 4
    assert _arrays.matrix(np.zeros((1, 7), np.float32), "a")[1] == 7
