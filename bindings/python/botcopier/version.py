"""
version.py - what library is loaded: its version, ABI and build description.
"""
import json
from typing import Any, Dict

from . import _lib

_version_number = _lib.function("bc_version_number", _lib.c_uint32)
_version_string = _lib.function("bc_version_string", _lib.c_char_p)
_abi_version = _lib.function("bc_abi_version", _lib.c_uint32)
_build_info = _lib.function("bc_build_info", _lib.c_char_p)


def version() -> str:
    """The loaded library's version, "MAJOR.MINOR.PATCH"."""
    return str(_version_string().decode())


def version_number() -> int:
    """MAJOR*10000 + MINOR*100 + PATCH of the loaded library."""
    return int(_version_number())


def abi_version() -> int:
    """The loaded library's ABI (always the binding's: load() checks it)."""
    return int(_abi_version())


def build_info() -> Dict[str, Any]:
    """The build description as a dict: version, abi, compiler, blas, zstd,
    json, backends, cuda_plugin."""
    info: Dict[str, Any] = json.loads(_build_info().decode())
    return info
