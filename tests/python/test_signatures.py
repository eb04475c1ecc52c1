"""Every ctypes declaration of the binding agrees with include/botcopier.h.

A wrong argtype in ctypes corrupts memory instead of failing, so the
binding's declarations are checked here against the header: the number of
parameters, every scalar type exactly, and pointer kinds. Declarations of
functions the header does not have yet (layers not merged) are listed by
test_every_exported_function_the_binding_declares_is_in_the_header.
"""
import ctypes
import os
import shutil
import subprocess
import tempfile

import pytest

import botcopier
from botcopier import _lib
import botcopier.backend, botcopier.clone, botcopier.data, botcopier.errors  # noqa: E401,F401
import botcopier.features, botcopier.log, botcopier.models, botcopier.rng, botcopier.version  # noqa: E401,F401
import botcopier.decisions, botcopier.export, botcopier.env, botcopier.rl  # noqa: E401,F401

import c_header

DECLS = c_header.declarations()
BOUND = [f for f in _lib.declared() if f.name in DECLS]


def test_the_header_parser_sees_the_foundation():
    assert {"bc_abi_version", "bc_last_error", "bc_backend_sgemm_batched", "bc_log_set"} <= set(DECLS)
    assert DECLS["bc_random_uniform"] == (("int32_t", 0), [("uint64_t", 0), ("uint64_t", 0),
                                                           ("uint64_t", 0), ("int32_t", 0),
                                                           ("float", 1)])


def test_the_checker_catches_a_wrong_scalar_and_a_wrong_count():
    wrong = _lib.Function("bc_random_uniform", ctypes.c_int32,
                          [ctypes.c_uint64, ctypes.c_uint64, ctypes.c_uint64, ctypes.c_int64,
                           _lib.ptr("float")], True)
    (reason,) = c_header.mismatches(wrong, DECLS)
    assert reason.startswith("bc_random_uniform parameter 4: C int32_t, binding c_")
    short = _lib.Function("bc_random_uniform", ctypes.c_int32, [ctypes.c_uint64], True)
    assert "header has 5 parameters, binding 1" in c_header.mismatches(short, DECLS)[0]


def test_the_checker_catches_pointers_to_the_wrong_type_or_depth():
    swapped = _lib.Function("bc_backend_sgemm", ctypes.c_int32,
                            list(botcopier.backend._sgemm.argtypes), True)
    swapped.argtypes[7] = _lib.ptr("double")
    assert c_header.mismatches(swapped, DECLS) == [
        "bc_backend_sgemm parameter 8: C float*, binding ptr(double)"]
    init = _lib.Function("bc_backend_init", ctypes.c_int32,
                         [ctypes.c_char_p, _lib.ptr("bc_backend")], True)
    assert c_header.mismatches(init, DECLS) == [
        "bc_backend_init parameter 2: C bc_backend**, binding ptr(bc_backend)"]
    untyped = _lib.Function("bc_backend_free", None, [ctypes.c_void_p], False)
    assert c_header.mismatches(untyped, DECLS) == [
        "bc_backend_free parameter 1: C bc_backend*, binding c_void_p"]


@pytest.mark.parametrize("function", BOUND, ids=lambda f: f.name)
def test_declaration_matches_the_header(function):
    assert c_header.mismatches(function, DECLS) == []


def test_every_exported_function_the_binding_declares_is_in_the_header():
    # Never reach for internals; functions of layers not merged yet are
    # neither exported nor in the header, and light up together later.
    for f in _lib.declared():
        if botcopier.has(f.name):
            assert f.name in DECLS, "%s is exported but not in the public header" % f.name


def test_every_public_function_but_the_mql_shim_is_declared_by_the_binding():
    # The MQL5 shim wraps this same API in types MQL5 can pass (UTF-16
    # strings, int64 ids); Python calls the API itself.
    declared = {f.name for f in _lib.declared()}
    missing = sorted(n for n in DECLS if n not in declared and not n.startswith("bc_mql_"))
    assert missing == []


def records():
    """(ctypes.Structure, C struct name) of every record the binding mirrors."""
    from botcopier.clone import Fidelity
    from botcopier.data import TradeEvent
    from botcopier.decisions import DecisionRow, Divergence
    return [(TradeEvent, "bc_trade_event"), (DecisionRow, "bc_decision_row"),
            (Divergence, "bc_divergence"), (Fidelity, "bc_fidelity")]


def c_layouts(structs):
    """{C struct name: (sizeof, [offsetof of each field of the Python mirror])}
    measured by a C program compiled against include/botcopier.h."""
    src = "#include <stdio.h>\n#include <stddef.h>\n#include \"botcopier.h\"\nint main(void){\n"
    for cls, c_name in structs:
        src += 'printf("%%zu\\n", sizeof(%s));\n' % c_name
        src += "".join('printf("%%zu\\n", offsetof(%s, %s));\n' % (c_name, f.lstrip("_"))
                       for f, _ in cls._fields_)
    src += "return 0;}\n"
    with tempfile.TemporaryDirectory() as d:
        c_path, exe = os.path.join(d, "layout.c"), os.path.join(d, "layout")
        with open(c_path, "w") as fh:
            fh.write(src)
        subprocess.run(["cc", "-I", str(c_header.ROOT / "include"), "-o", exe, c_path], check=True)
        numbers = iter(int(x) for x in subprocess.run([exe], capture_output=True, text=True,
                                                      check=True).stdout.split())
    return {c_name: (next(numbers), [next(numbers) for _ in cls._fields_])
            for cls, c_name in structs}


@pytest.mark.skipif(shutil.which("cc") is None, reason="no C compiler to measure the C layouts")
def test_every_record_has_the_c_size_and_field_offsets():
    structs = records()
    assert {c for _, c in structs} <= c_header.struct_names()
    measured = c_layouts(structs)
    for cls, c_name in structs:
        size, offsets = measured[c_name]
        assert (c_name, size) == (c_name, ctypes.sizeof(cls))
        assert [(f, o) for (f, _), o in zip(cls._fields_, offsets)] == \
            [(f, getattr(cls, f).offset) for f, _ in cls._fields_]


@pytest.mark.skipif(shutil.which("cc") is None, reason="no C compiler to measure the C layouts")
def test_the_layout_check_catches_a_mirror_missing_a_field():
    class ShortFidelity(ctypes.Structure):
        _fields_ = [("struct_size", ctypes.c_uint32), ("clone_entries", ctypes.c_int32),
                    ("matched", ctypes.c_int32), ("precision", ctypes.c_double)]

    size, offsets = c_layouts([(ShortFidelity, "bc_fidelity")])["bc_fidelity"]
    assert (size, ctypes.sizeof(ShortFidelity)) == (40, 24)
    assert (offsets[1], ShortFidelity.clone_entries.offset) == (8, 4)


def test_every_header_function_is_exported_by_the_library():
    """Every BC_API declaration of include/botcopier.h is a dynamic symbol of
    the shared library under test (nm -D), the MQL shim's included."""
    import subprocess
    out = subprocess.run(["nm", "-D", "--defined-only", botcopier.library_path()],
                         capture_output=True, text=True, check=True).stdout
    exported = {line.split()[-1].split("@")[0] for line in out.splitlines() if line.strip()}
    missing = sorted(set(c_header.declarations()) - exported)
    assert missing == [], "declared in botcopier.h but not exported: %s" % missing
