"""
c_header.py - reads the public declarations of include/botcopier.h so the
tests can check every ctypes declaration of the binding against the C
signature it calls (a mismatch there would corrupt memory, not fail).
"""
import ctypes
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
HEADER = ROOT / "include" / "botcopier.h"

_PRIMITIVES = {
    "int32_t": ctypes.c_int32, "uint32_t": ctypes.c_uint32,
    "int64_t": ctypes.c_int64, "uint64_t": ctypes.c_uint64,
    "float": ctypes.c_float, "double": ctypes.c_double,
    "char": ctypes.c_char, "uint8_t": ctypes.c_uint8, "void": None,
}


def _strip(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", " ", text)
    return "\n".join(l for l in text.splitlines() if not l.lstrip().startswith("#"))


def _ctype(decl, is_param):
    """(base type name, pointer depth) of a parameter or return declaration."""
    decl = decl.strip()
    depth = decl.count("*")
    if "[" in decl:  # const uint32_t counter[4]
        depth += decl.count("[")
        decl = decl[:decl.index("[")]
    words = [w for w in re.split(r"[\s*]+", decl) if w and w not in ("const", "BC_API")]
    if is_param and len(words) > 1:
        words = words[:-1]  # drop the parameter name
    return " ".join(words), depth


def declarations(path=HEADER):
    """{name: ((ret_base, ret_depth), [(base, depth), ...])} of every BC_API function."""
    text = _strip(pathlib.Path(path).read_text())
    out = {}
    for m in re.finditer(r"BC_API\s+([^;{}()]*?)\b(bc_\w+)\s*\(([^()]*)\)\s*;", text, re.S):
        ret, name, params = m.groups()
        params = params.strip()
        plist = [] if params in ("", "void") else [_ctype(p, True) for p in params.split(",")]
        out[name] = (_ctype(ret, False), plist)
    return out


def struct_names(path=HEADER):
    text = _strip(pathlib.Path(path).read_text())
    return set(re.findall(r"typedef\s+struct\s+(\w+)\s*\{", text))


def _matches(ct, c, where):
    """None when ctypes type ct fits the C (base, depth) c, else a reason."""
    base, depth = c
    if depth == 0:
        if base.endswith("_fn"):  # a callback typedef
            ok = isinstance(ct, type) and issubclass(ct, ctypes._CFuncPtr)
        elif base not in _PRIMITIVES:
            return "%s: C type %s is not a primitive the binding can check" % (where, base)
        else:
            ok = ct is _PRIMITIVES[base]
        return None if ok else "%s: C %s, binding %s" % (where, base or "void", getattr(ct, "__name__", ct))
    # A pointer: the binding's type must name the same pointee and depth.
    shown = "%s: C %s%s, binding %s" % (where, base, "*" * depth, _name(ct))
    if ct is ctypes.c_void_p:
        # void * parameters only; a result may come back as any address.
        return None if (base, depth) == ("void", 1) or where.endswith("result") else shown
    if ct is ctypes.c_char_p:
        return None if (base, depth) == ("char", 1) else shown
    named = getattr(ct, "_c_type_", None)
    if named is not None:  # _lib.ptr(c_type)
        return None if (base, depth) == (named, 1) else shown
    if isinstance(ct, type) and issubclass(ct, ctypes._Pointer):
        inner = ct._type_
        if inner is ctypes.c_char_p:  # POINTER(c_char_p): an array of strings
            return None if (base, depth) == ("char", 2) else shown
        named = getattr(inner, "_c_type_", None)
        if named is not None:  # _lib.out(c_type) or POINTER(a Structure for c_type)
            want = 1 if issubclass(inner, ctypes.Structure) else 2
            return None if (base, depth) == (named, want) else shown
        if depth == 1 and _PRIMITIVES.get(base) is inner and inner is not None:
            return None
    return shown


def _name(ct):
    named = getattr(ct, "_c_type_", None)
    if named:
        return "ptr(%s)" % named
    if isinstance(ct, type) and issubclass(ct, ctypes._Pointer):
        return "POINTER(%s)" % _name(ct._type_)
    return getattr(ct, "__name__", repr(ct))


def mismatches(function, decls):
    """Reasons a binding Function disagrees with its header declaration (empty when it agrees)."""
    (ret, params) = decls[function.name]
    reasons = []
    if len(params) != len(function.argtypes):
        reasons.append("%s: header has %d parameters, binding %d"
                       % (function.name, len(params), len(function.argtypes)))
        return reasons
    r = _matches(function.restype, ret, function.name + " result")
    if r:
        reasons.append(r)
    for i, (ct, c) in enumerate(zip(function.argtypes, params)):
        r = _matches(ct, c, "%s parameter %d" % (function.name, i + 1))
        if r:
            reasons.append(r)
    return reasons
