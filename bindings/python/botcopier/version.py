"""
version.py - what library is loaded: its version, ABI and build description.
"""
import json

from . import _lib

_version_number = _lib.function("bc_version_number", _lib.c_uint32)
_version_string = _lib.function("bc_version_string", _lib.c_char_p)
_abi_version = _lib.function("bc_abi_version", _lib.c_uint32)
_build_info = _lib.function("bc_build_info", _lib.c_char_p)


def version():
    """The loaded library's version, "MAJOR.MINOR.PATCH"."""
    return _version_string().decode()


def version_number():
    """MAJOR*10000 + MINOR*100 + PATCH of the loaded library."""
    return _version_number()


def abi_version():
    """The loaded library's ABI (always the binding's: load() checks it)."""
    return _abi_version()


def build_info():
    """The build description as a dict: version, abi, compiler, blas, zstd,
    json, backends, cuda_plugin."""
    return json.loads(_build_info().decode())
