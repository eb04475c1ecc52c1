"""The Philox generator from Python: known answers, reproducibility."""
import numpy as np
import pytest

import botcopier


def test_philox_block_matches_the_random123_known_answers():
    assert botcopier.philox4x32([0, 0, 0, 0], [0, 0]) == (0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8)
    assert botcopier.philox4x32([0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344],
                                [0xa4093822, 0x299f31d0]) == (0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1)


def test_same_seed_and_stream_give_the_same_numbers_and_others_differ():
    a = botcopier.random_uniform(1000, seed=42, stream=3)
    b = botcopier.random_uniform(1000, seed=42, stream=3)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, botcopier.random_uniform(1000, seed=42, stream=4))
    assert not np.array_equal(a, botcopier.random_uniform(1000, seed=43, stream=3))


def test_numbers_are_uniform_floats_in_the_unit_interval():
    x = botcopier.random_uniform(100000, seed=5)
    assert x.dtype == np.float32
    assert x.min() >= 0.0 and x.max() < 1.0
    assert abs(x.mean() - 0.5) < 0.01
    assert abs(x.var() - 1.0 / 12) < 0.002


def test_offset_continues_the_stream_whatever_the_split():
    whole = botcopier.random_uniform(100, seed=9, stream=1)
    parts = np.concatenate([botcopier.random_uniform(37, seed=9, stream=1),
                            botcopier.random_uniform(63, seed=9, stream=1, offset=37)])
    np.testing.assert_array_equal(whole, parts)


def test_out_array_is_filled_in_place():
    buf = np.zeros(64, dtype=np.float32)
    view = buf[16:48]
    assert botcopier.random_uniform(seed=1, out=view) is view
    np.testing.assert_array_equal(buf[16:48], botcopier.random_uniform(32, seed=1))
    assert not buf[:16].any() and not buf[48:].any()


def test_bad_out_arrays_are_refused():
    with pytest.raises(TypeError, match="out must have dtype float32"):
        botcopier.random_uniform(out=np.zeros(4))
    with pytest.raises(ValueError, match="n=5 but out has 4 elements"):
        botcopier.random_uniform(5, out=np.zeros(4, np.float32))
    with pytest.raises(ValueError, match="needs n or out"):
        botcopier.random_uniform()
