"""Failures become exceptions carrying the C library's own message."""
import threading

import numpy as np
import pytest

import botcopier
from botcopier import _lib, errors


def test_failing_call_raises_the_status_class_with_the_c_message():
    with pytest.raises(botcopier.NotFoundError) as info:
        botcopier.Backend("quantum")
    e = info.value
    assert e.status == botcopier.BC_E_NOT_FOUND == -13
    assert e.status_name == "BC_E_NOT_FOUND"
    assert str(e) == "bc_backend_init: unknown backend 'quantum' (expected cpu, cuda or best)"
    assert e.function == "bc_backend_init"
    assert isinstance(e, botcopier.BotCopierError) and isinstance(e, LookupError)


def test_message_is_bc_last_error_of_the_failing_call():
    with pytest.raises(botcopier.InvalidArgumentError) as info:
        botcopier.log._log_set(botcopier.log.LOG_FN(), None, 9)
    assert str(info.value) == "bc_log_set: max_level 9 is outside 1 (error) .. 4 (debug)"
    assert isinstance(info.value, ValueError)


def test_every_pinned_status_maps_to_a_class_named_like_the_library_says():
    for status in range(-1, -22, -1):
        cls = errors.error_class(status)
        assert cls is not botcopier.BotCopierError, status
        c_name = errors.status_string(status).split(":")[0]
        assert cls(status, "x").status_name == c_name


def test_unknown_status_gives_the_base_class():
    e = errors.error_class(-999)(-999, "odd")
    assert type(e) is botcopier.BotCopierError
    assert e.status_name == "BC_E_UNKNOWN(-999)"
    errors.clear_error()
    with pytest.raises(botcopier.BotCopierError, match="^unknown status$"):
        errors.check(-999)


def test_clear_error_forgets_the_last_message():
    with pytest.raises(botcopier.NotFoundError):
        botcopier.Backend("gone")
    assert "'gone'" in errors.last_error()
    errors.clear_error()
    assert errors.last_error() == ""


def test_a_function_the_library_lacks_raises_unsupported_naming_it():
    missing = _lib.Function("bc_this_function_does_not_exist", _lib.c_int32, [_lib.c_int32], True)
    with pytest.raises(botcopier.UnsupportedError) as info:
        missing(1)
    e = info.value
    assert e.status == botcopier.BC_E_UNSUPPORTED
    assert "bc_this_function_does_not_exist is not exported by libbotcopier" in str(e)
    assert botcopier.library_path() in str(e)
    assert isinstance(e, NotImplementedError)
    assert not missing.available()


def test_errors_on_another_thread_carry_that_threads_message():
    seen = {}

    def fail():
        try:
            botcopier.Backend("from-thread")
        except botcopier.NotFoundError as e:
            seen["message"] = str(e)

    with pytest.raises(botcopier.NotFoundError, match="'main'"):
        botcopier.Backend("main")
    t = threading.Thread(target=fail)
    t.start()
    t.join()
    assert "'from-thread'" in seen["message"]
    assert "'main'" in errors.last_error()


def test_using_a_closed_object_is_a_value_error_not_a_crash():
    b = botcopier.Backend("cpu")
    b.close()
    b.close()  # a second close is a no-op
    with pytest.raises(ValueError, match="this backend is closed"):
        b.kind
    with pytest.raises(ValueError, match="this backend is closed"):
        b.sgemm(np.ones((1, 1), np.float32), np.ones((1, 1), np.float32))


def test_a_wrong_python_type_is_a_type_error_naming_the_function():
    with pytest.raises(TypeError, match="bc_backend_init"):
        botcopier.backend._init(3.5, None)
