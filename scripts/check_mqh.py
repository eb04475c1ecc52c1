#!/usr/bin/env python3
"""Checks BotCopier.mqh against include/botcopier.h, which MetaEditor cannot
do here:
  - its #import block declares exactly the header's bc_mql_* functions, with
    matching signatures (MQL5 types mapped to C by the table in the header's
    "MQL5 shim" section);
  - every BC_* constant it defines has the header's value
    (BC_ABI_VERSION_EXPECTED = BC_ABI_VERSION) and no other value;
  - it defines every status, log level and decision constant of the header
    (BC_OK, BC_E_*, BC_LOG_*, BC_DECISION_*);
  - every BC_* name it or the given EAs use is defined by it (MQL5 sees no
    C header: an undefined one would not compile).
Usage: check_mqh.py include/botcopier.h path/to/BotCopier.mqh [EA.mq5 ...]"""
import re
import sys

MQL_TO_C = {
    "int": "int32_t", "uint": "uint32_t", "long": "int64_t", "ulong": "uint64_t",
    "double": "double", "float": "float", "void": "void",
    "string": "const uint16_t *", "const string": "const uint16_t *",
    "ushort&[]": "uint16_t *", "int&": "int32_t *", "long&": "int64_t *",
    "double&": "double *",
    "double&[]": "double *", "const double&[]": "const double *",
    "int&[]": "int32_t *", "const int&[]": "const int32_t *",
    "long&[]": "int64_t *", "const long&[]": "const int64_t *",
    "uchar&[]": "uint8_t *", "const uchar&[]": "const uint8_t *",
}


def c_type(decl):
    """'const uint16_t *buf' -> 'const uint16_t *'"""
    decl = " ".join(decl.split())
    m = re.match(r"^(.*?)([A-Za-z_][A-Za-z0-9_]*)(\[\d*\])?$", decl)
    if not m or decl in ("void",):
        return decl
    t = m.group(1).strip()
    if m.group(3):
        t += " *"
    return re.sub(r"\s*\*", " *", t).strip()


def mql_type(decl):
    """'ushort &buf[]' -> 'ushort&[]', 'const string name' -> 'const string'"""
    decl = " ".join(decl.split())
    decl = re.sub(r"\s*=\s*[^,]*$", "", decl)  # default values
    m = re.match(r"^(const\s+)?([A-Za-z_]+)\s*(&)?\s*[A-Za-z_][A-Za-z0-9_]*\s*(\[\])?$", decl)
    if not m:
        return decl
    return (m.group(1) or "") + m.group(2) + (m.group(3) or "") + (m.group(4) or "")


def header_protos(text):
    protos = {}
    for m in re.finditer(r"BC_API\s+([^;]*?)\b(bc_mql_[a-z0-9_]+)\s*\(([^)]*)\)\s*;", text):
        ret = " ".join(m.group(1).split())
        params = [] if m.group(3).strip() == "void" else [c_type(p) for p in m.group(3).split(",")]
        protos[m.group(2)] = (ret, params)
    return protos


def mqh_protos(text):
    block = re.search(r'#import\s+"botcopier\.dll"(.*?)#import', text, re.S)
    if not block:
        raise SystemExit("mqh: no #import \"botcopier.dll\" block")
    body = re.sub(r"//[^\n]*", "", block.group(1))
    protos = {}
    for m in re.finditer(r"([A-Za-z_]+)\s+(bc_mql_[a-z0-9_]+)\s*\(([^)]*)\)\s*;", body):
        params = [] if m.group(3).strip() in ("", "void") else \
            [MQL_TO_C.get(mql_type(p), "?" + mql_type(p)) for p in m.group(3).split(",")]
        protos[m.group(2)] = (MQL_TO_C.get(m.group(1), "?" + m.group(1)), params)
    return protos


# Header constants every MQL5 user needs, so the .mqh must define them all.
REQUIRED_PREFIXES = ("BC_OK", "BC_E_", "BC_LOG_", "BC_DECISION_")
# The .mqh's name for a header constant it records under another name.
RENAMED = {"BC_ABI_VERSION_EXPECTED": "BC_ABI_VERSION"}


def strip_comments(text):
    """Drops // and /* */ comments and string literals' contents."""
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r'"(?:\\.|[^"\\\n])*"', '""', text)
    return re.sub(r"//[^\n]*", "", text)


def defines(text):
    """Every #define BC_* NAME VALUE with an integer value: {name: int}; a
    BC_* define whose value is not an integer maps to None."""
    out = {}
    for m in re.finditer(r"^[ \t]*#define[ \t]+(BC_[A-Z0-9_]+)\b([^\n]*)", strip_comments(text), re.M):
        value = m.group(2).strip()
        v = re.fullmatch(r"\(?\s*(-?\s*(?:0[xX][0-9a-fA-F]+|\d+))[uUlL]*\s*\)?", value)
        out[m.group(1)] = int(v.group(1).replace(" ", ""), 0) if v else None
    return out


def used_names(text):
    """BC_* identifiers a source uses outside comments and strings."""
    body = strip_comments(text)
    body = re.sub(r"^[ \t]*#define[ \t]+BC_[A-Z0-9_]+", "", body, flags=re.M)
    return set(re.findall(r"\b(BC_[A-Z][A-Z0-9_]*)\b", body))


def check_constants(header, mqh, sources):
    """Errors comparing the .mqh's constants with the header's."""
    errors = []
    hc, mc = defines(header), defines(mqh)
    for name, value in sorted(mc.items()):
        ref = RENAMED.get(name, name)
        if ref not in hc:
            errors.append(f"{name}: defined by the .mqh, not a constant of the header")
        elif value is None or hc[ref] is None:
            errors.append(f"{name}: not an integer constant (the header's {ref} is {hc[ref]})")
        elif value != hc[ref]:
            errors.append(f"{name}: header {ref} = {hc[ref]}, mqh {value}")
    for name in sorted(hc):
        if name.startswith(REQUIRED_PREFIXES) and name not in mc:
            errors.append(f"{name}: missing from the .mqh")
    for path, text in sources:
        for name in sorted(used_names(text) - set(mc)):
            errors.append(f"{name}: used by {path}, not defined by the .mqh")
    return errors, hc


def main():
    header = open(sys.argv[1], encoding="utf-8").read()
    mqh = open(sys.argv[2], encoding="utf-8").read()
    want, have = header_protos(header), mqh_protos(mqh)
    errors = []
    for name in sorted(set(want) | set(have)):
        if name not in have:
            errors.append(f"{name}: declared in the header, missing from the #import block")
        elif name not in want:
            errors.append(f"{name}: imported by the .mqh, not declared in the header")
        elif want[name] != have[name]:
            errors.append(f"{name}: header {want[name]} vs mqh {have[name]}")
    sources = [(sys.argv[2], mqh)] + [(p, open(p, encoding="utf-8").read()) for p in sys.argv[3:]]
    const_errors, _ = check_constants(header, mqh, sources)
    errors += const_errors
    for e in errors:
        print("mqh: FAIL:", e)
    if not errors:
        n_const = len(defines(mqh))
        print(f"mqh: {len(want)} bc_mql_* imports and {n_const} constants match the header; "
              f"{len(sources)} file(s) use only defined BC_* names")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
