#!/usr/bin/env python3
"""Checks that BotCopier.mqh imports exactly the header's bc_mql_* functions
with matching signatures (MQL5 types mapped to C by the table in the header's
"MQL5 shim" section) and that its BC_* constants have the header's values.
Usage: check_mqh.py include/botcopier.h path/to/BotCopier.mqh"""
import re
import sys

MQL_TO_C = {
    "int": "int32_t", "uint": "uint32_t", "long": "int64_t", "ulong": "uint64_t",
    "double": "double", "float": "float", "void": "void",
    "string": "const uint16_t *", "const string": "const uint16_t *",
    "ushort&[]": "uint16_t *", "int&": "int32_t *", "long&": "int64_t *",
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


def constants(text, prefixes=("BC_E_", "BC_OK", "BC_LOG_")):
    out = {}
    for m in re.finditer(r"#define\s+(BC_[A-Z0-9_]+)\s+\(?\s*(-?\d+)\s*\)?", text):
        if m.group(1).startswith(prefixes):
            out[m.group(1)] = int(m.group(2))
    return out


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
    hc, mc = constants(header), constants(mqh)
    for k, v in sorted(hc.items()):
        if k in mc and mc[k] != v:
            errors.append(f"{k}: header {v}, mqh {mc[k]}")
        elif k not in mc:
            errors.append(f"{k}: missing from the .mqh")
    for e in errors:
        print("mqh: FAIL:", e)
    if not errors:
        print(f"mqh: {len(want)} bc_mql_* imports and {len(hc)} constants match the header")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
