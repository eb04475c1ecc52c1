"""
_lib.py - finds, loads and version-checks libbotcopier, and declares C
functions lazily: a declaration binds its symbol on first call, so this
package imports without the library and wrappers for layers a build lacks
fail with UnsupportedError instead of breaking the import. No computation.
"""
import ctypes
import ctypes.util
import os
import sys
import threading
from typing import Any, Dict, List, Optional, Tuple

# The ABI (SONAME suffix, bc_abi_version()) every declaration here was
# written against. A library with another ABI is refused at load time.
ABI_VERSION = 1

ENV_VAR = "BC_LIBRARY"

_lock = threading.Lock()
_loaded: Optional[Tuple[ctypes.CDLL, str]] = None  # (CDLL, path)
_declared: List["Function"] = []  # every Function, for tests that compare with the header


class LibraryError(ImportError):
    """libbotcopier could not be found, loaded, or has the wrong ABI."""


def _file_names() -> List[str]:
    if sys.platform == "win32":
        return ["botcopier.dll", "libbotcopier.dll"]
    if sys.platform == "darwin":
        return ["libbotcopier.%d.dylib" % ABI_VERSION, "libbotcopier.dylib"]
    return ["libbotcopier.so.%d" % ABI_VERSION, "libbotcopier.so"]


def candidates() -> List[Tuple[str, str]]:
    """Where load() looks, in order, as (how, path-or-name) pairs."""
    # A copy installed inside the package (pip install builds one) comes
    # first: it was built from the same sources as these declarations.
    here = os.path.dirname(os.path.abspath(__file__))
    for name in _file_names():
        path = os.path.join(here, name)
        if os.path.exists(path):
            return [("bundled with the package", path)]
    env = os.environ.get(ENV_VAR)
    if env:
        # An explicit choice is never silently replaced by another copy.
        return [("%s=%s" % (ENV_VAR, env), env)]
    found = []
    library_name = ctypes.util.find_library("botcopier")
    if library_name:
        found.append(("ctypes.util.find_library('botcopier')", library_name))
    for name in _file_names()[:1]:
        found.append(("the dynamic loader's search path", name))
    return found


def _open(how: str, path: str) -> ctypes.CDLL:
    try:
        lib = ctypes.CDLL(path)
    except OSError as e:
        raise LibraryError("cannot load libbotcopier from %s: %s" % (how, e)) from None
    try:
        abi_fn = lib.bc_abi_version
    except AttributeError:
        raise LibraryError(
            "%s (from %s) is not libbotcopier: it does not export bc_abi_version"
            % (path, how)) from None
    abi_fn.restype = ctypes.c_uint32
    abi_fn.argtypes = []
    abi = abi_fn()
    if abi != ABI_VERSION:
        raise LibraryError(
            "%s (from %s) has ABI %d, but this botcopier package was written for "
            "ABI %d: install a matching library or package" % (path, how, abi, ABI_VERSION))
    return lib


def load(path: Optional[str] = None) -> ctypes.CDLL:
    """Loads libbotcopier (once per process) and returns the CDLL.

    path, when given, overrides the search; otherwise a copy installed
    inside this package, $BC_LIBRARY, ctypes.util.find_library('botcopier') and finally
    the loader's search path for libbotcopier.so.<ABI> are tried in order.
    Raises LibraryError with every place tried when none works, or when the
    library found has another ABI. Loading a second, different path after
    the first load raises LibraryError (declarations are bound to one copy).
    """
    global _loaded
    with _lock:
        if _loaded is not None:
            if path is not None and os.path.abspath(path) != os.path.abspath(_loaded[1]):
                raise LibraryError("libbotcopier is already loaded from %s; cannot switch to %s"
                                   % (_loaded[1], path))
            return _loaded[0]
        tries = [("the path given to load()", path)] if path is not None else candidates()
        if not tries:
            raise LibraryError("libbotcopier not found")
        failures: List[str] = []
        for how, where in tries:
            try:
                lib = _open(how, where)
            except LibraryError as e:
                failures.append(str(e))
                if how.startswith(ENV_VAR) or path is not None:
                    raise  # an explicit choice: report it alone, do not look elsewhere
                continue
            _loaded = (lib, getattr(lib, "_name", where))
            return lib
        raise LibraryError("libbotcopier not found; tried:\n  " + "\n  ".join(failures)
                           + "\nInstall the package from a checkout (pip install ./bindings/python "
                           "builds the library into it), or build it (make) and set %s to its path, e.g. "
                           "%s=build/libbotcopier.so.%d" % (ENV_VAR, ENV_VAR, ABI_VERSION))


def library() -> ctypes.CDLL:
    """The loaded CDLL, loading it on first use."""
    loaded = _loaded
    return loaded[0] if loaded is not None else load()


def library_path() -> str:
    """Path (or loader name) the library was loaded from."""
    library()
    assert _loaded is not None
    return _loaded[1]


def has(*names: str) -> bool:
    """True when the loaded library exports every named symbol."""
    lib = library()
    for name in names:
        try:
            getattr(lib, name)
        except AttributeError:
            return False
    return True


def _raise_on_negative(result: int, func: Any, args: Any) -> int:
    if result < 0:
        from .errors import error_from_status
        raise error_from_status(result, func.__name__)
    return result


# Set by an object's _as_parameter_ when it refuses conversion (per thread).
conversion_error = threading.local()


class Function:
    """A C function declared by name and signature, bound on first call.

    checked=True: the int32 result is a status or a count; negative values
    raise the matching BotCopierError carrying bc_last_error(). A symbol the
    loaded library does not export raises UnsupportedError when called.
    """

    __slots__ = ("name", "restype", "argtypes", "checked", "_fn")

    def __init__(self, name: str, restype: Any, argtypes: Any, checked: bool) -> None:
        self.name = name
        self.restype = restype
        self.argtypes = list(argtypes)
        self.checked = checked
        self._fn: Any = None

    def bind(self) -> Any:
        """Binds the C symbol (loading the library); UnsupportedError when
        the loaded library does not export it."""
        lib = library()
        try:
            fn = getattr(lib, self.name)
        except AttributeError:
            from .errors import UnsupportedError, BC_E_UNSUPPORTED
            raise UnsupportedError(
                BC_E_UNSUPPORTED,
                "%s is not exported by libbotcopier %s at %s: this build lacks that "
                "part of the API (update the library)"
                % (self.name, _version_string(lib), library_path()),
                self.name) from None
        fn.restype = self.restype
        fn.argtypes = self.argtypes
        if self.checked:
            fn.errcheck = _raise_on_negative
        self._fn = fn
        return fn

    def available(self) -> bool:
        """True when the loaded library exports this function."""
        return has(self.name)

    def __call__(self, *args: Any) -> Any:
        fn = self._fn
        if fn is None:
            fn = self.bind()
        try:
            return fn(*args)
        except ctypes.ArgumentError as e:
            # ctypes turns what an argument's conversion raised into text; a
            # closed object left its ValueError here to be raised as itself.
            closed = getattr(conversion_error, "value", None)
            if closed is not None:
                conversion_error.value = None
                raise closed from None
            raise TypeError("%s: %s" % (self.name, e)) from None

    def __repr__(self) -> str:
        return "<botcopier C function %s>" % self.name


def _version_string(lib: ctypes.CDLL) -> str:
    try:
        fn = lib.bc_version_string
        fn.restype = ctypes.c_char_p
        fn.argtypes = []
        return str(fn().decode())
    except AttributeError:
        return "?"


def status(name: str, *argtypes: Any) -> Function:
    """Declares a function returning an int32 status or count (checked)."""
    f = Function(name, ctypes.c_int32, argtypes, True)
    _declared.append(f)
    return f


def function(name: str, restype: Any, *argtypes: Any) -> Function:
    """Declares a function whose result is returned as is (unchecked)."""
    f = Function(name, restype, argtypes, False)
    _declared.append(f)
    return f


_pointer_types: Dict[str, Any] = {}


def ptr(c_type: str) -> Any:
    """The ctypes type of a `c_type *` parameter: a c_void_p subclass that
    accepts addresses (numpy's data pointer, a Handle) and None, and names
    its C type so the tests can check each declaration against the header
    (a plain c_void_p is kept for `void *`)."""
    t = _pointer_types.get(c_type)
    if t is None:
        t = type(c_type + "_p", (ctypes.c_void_p,), {"_c_type_": c_type})
        _pointer_types[c_type] = t
    return t


def out(c_type: str) -> Any:
    """The ctypes type of a `c_type **out` parameter (an object comes back)."""
    return ctypes.POINTER(ptr(c_type))


def declared() -> List[Function]:
    """Every Function declared so far (import the wrapper modules first)."""
    return list(_declared)


# Types used across the declarations. Arrays pass as addresses (c_void_p):
# numpy's buffer goes straight to C, no copies, no per-element conversion.
c_int32 = ctypes.c_int32
c_uint32 = ctypes.c_uint32
c_int64 = ctypes.c_int64
c_uint64 = ctypes.c_uint64
c_float = ctypes.c_float
c_double = ctypes.c_double
c_char_p = ctypes.c_char_p
c_void_p = ctypes.c_void_p
P_int32 = ctypes.POINTER(ctypes.c_int32)
P_int64 = ctypes.POINTER(ctypes.c_int64)
P_uint32 = ctypes.POINTER(ctypes.c_uint32)
P_double = ctypes.POINTER(ctypes.c_double)
