#!/usr/bin/env python3
"""Batch feature throughput of libbotcopier against TA-Lib, same data, same run.

Builds 1e6 bars from a real series (sp500_daily.csv from ../shared/data or
tests/data, tiled; each copy scaled by a different factor so no stretch
repeats exactly), then times each indicator computed over all bars by
TA-Lib (PyPI `ta-lib`, bundled C library) and by bc_features_compute_arrays
(through ctypes, a one-indicator spec). Prints ns/bar, the speed ratio
(TA-Lib time / ours; > 1 means we are faster) and their geometric mean.
Best of --repeat runs each. Usage: bench_features.py [--lib PATH] [--bars N]
"""
import argparse
import ctypes
import math
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # numpy's idle BLAS threads spin
import numpy as np

try:
    import talib
except ImportError:
    print("bench_features: talib not importable (pip install ta-lib); skipped")
    sys.exit(0)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load_series():
    for path in (os.path.join(ROOT, "..", "shared", "data", "sp500_daily.csv"),
                 "/work/shared/data/sp500_daily.csv",
                 os.path.join(ROOT, "tests", "data", "sp500_daily.csv")):
        if os.path.exists(path):
            rows = [l.split(",") for l in open(path).read().splitlines()[1:]]
            return np.array([[float(r[k]) for k in (1, 2, 3, 4, 6)] for r in rows]), path
    sys.exit("bench_features: sp500_daily.csv not found")


def make_bars(n):
    base, path = load_series()
    reps = -(-n // len(base))
    scale = np.repeat(1.0 + 0.013 * np.arange(reps), len(base))[:n]
    tiled = np.tile(base, (reps, 1))[:n]
    tiled[:, :4] *= scale[:, None]
    cols = [np.ascontiguousarray(tiled[:, k]) for k in range(5)]
    t = np.arange(n, dtype=np.int64) * 86400 + 946857600
    return t, cols, path


INDICATORS = [
    ("sma(20)", lambda o, h, l, c: talib.SMA(c, 20)),
    ("ema(12)", lambda o, h, l, c: talib.EMA(c, 12)),
    ("rsi(14)", lambda o, h, l, c: talib.RSI(c, 14)),
    ("macd(12,26,9)", lambda o, h, l, c: talib.MACD(c, 12, 26, 9)),
    ("atr(14)", lambda o, h, l, c: talib.ATR(h, l, c, 14)),
    ("bbands(20,2)", lambda o, h, l, c: talib.BBANDS(c, 20, 2.0, 2.0, 0)),
    ("stoch(14,3,3)", lambda o, h, l, c: talib.STOCH(h, l, c, 14, 3, 0, 3, 0)),
    ("adx(14)", lambda o, h, l, c: talib.ADX(h, l, c, 14)),
]

# The families added later (volume, range, moving averages), timed in a
# block of their own so the headline mean above stays comparable.
FAMILIES = [
    ("cci(20)", lambda o, h, l, c, v: talib.CCI(h, l, c, 20)),
    ("mfi(14)", lambda o, h, l, c, v: talib.MFI(h, l, c, v, 14)),
    ("willr(14)", lambda o, h, l, c, v: talib.WILLR(h, l, c, 14)),
    ("obv", lambda o, h, l, c, v: talib.OBV(c, v)),
    ("ad", lambda o, h, l, c, v: talib.AD(h, l, c, v)),
    ("adosc(3,10)", lambda o, h, l, c, v: talib.ADOSC(h, l, c, v, 3, 10)),
    ("wma(20)", lambda o, h, l, c, v: talib.WMA(c, 20)),
    ("dema(20)", lambda o, h, l, c, v: talib.DEMA(c, 20)),
    ("tema(20)", lambda o, h, l, c, v: talib.TEMA(c, 20)),
    ("aroon(14)", lambda o, h, l, c, v: tuple(reversed(talib.AROON(h, l, 14)))),
    ("aroonosc(14)", lambda o, h, l, c, v: talib.AROONOSC(h, l, 14)),
]

# The window-extreme families (sixth session), in their own block likewise.
WINDOW_FAMILIES = [
    ("stochrsi(14,14,3)", lambda o, h, l, c, v: talib.STOCHRSI(c, 14, 14, 3, 0)),
    ("stochrsi(14,5,3)", lambda o, h, l, c, v: talib.STOCHRSI(c, 14, 5, 3, 0)),
    ("midprice(9)", lambda o, h, l, c, v: talib.MIDPRICE(h, l, 9)),
    ("midprice(26)", lambda o, h, l, c, v: talib.MIDPRICE(h, l, 26)),
]

# The parabolic SAR (seventh session), in its own block likewise.
SAR_FAMILY = [
    ("sar(0.02,0.2)", lambda o, h, l, c, v: talib.SAR(h, l, 0.02, 0.2)),
    ("sar(0.01,0.1)", lambda o, h, l, c, v: talib.SAR(h, l, 0.01, 0.1)),
]

# The directional lines and Chande momentum (ninth session), likewise;
# dmi(14) is both of TA-Lib's lines from one smoothing.
DMI_CMO_FAMILIES = [
    ("dmi(14)", lambda o, h, l, c, v: (talib.PLUS_DI(h, l, c, 14), talib.MINUS_DI(h, l, c, 14))),
    ("cmo(14)", lambda o, h, l, c, v: talib.CMO(c, 14)),
]

# The vortex lines and Hull's average (twelfth session): TA-Lib has neither,
# so the peer is the TA-Lib composition a bot writes (SUM of the terms over
# SUM of TRANGE; WMA of 2 WMA(n/2) - WMA(n)).
def _vortex_talib(h, l, c, n):
    vmp, vmm = np.full_like(c, np.nan), np.full_like(c, np.nan)
    vmp[1:], vmm[1:] = np.abs(h[1:] - l[:-1]), np.abs(l[1:] - h[:-1])
    tr = talib.SUM(talib.TRANGE(h, l, c), n)
    return talib.SUM(vmp, n) / tr, talib.SUM(vmm, n) / tr


def _hma_talib(c, n):
    raw = 2.0 * talib.WMA(c, n // 2) - talib.WMA(c, n)
    out = np.full_like(c, np.nan)
    out[n - 1:] = talib.WMA(raw[n - 1:], int(math.isqrt(n)))
    return out


VORTEX_HMA_FAMILIES = [
    ("vortex(14)", lambda o, h, l, c, v: _vortex_talib(h, l, c, 14)),
    ("hma(16)", lambda o, h, l, c, v: _hma_talib(c, 16)),
]

# The ultimate oscillator (ninth session), likewise; heikinashi has no
# TA-Lib peer and no row.
ULTOSC_FAMILY = [
    ("ultosc(7,14,28)", lambda o, h, l, c, v: talib.ULTOSC(h, l, c, 7, 14, 28)),
]

# The MetaTrader 5 price items (seventh session) that TA-Lib has: smma,
# demarker and rvi have no TA-Lib peer and no row.
MT5_FAMILIES = [
    ("medprice", lambda o, h, l, c, v: talib.MEDPRICE(h, l)),
    ("typprice", lambda o, h, l, c, v: talib.TYPPRICE(h, l, c)),
]


def best(fn, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lib", default=os.environ.get("BC_LIBRARY",
                                                   os.path.join(ROOT, "build", "libbotcopier.so")))
    ap.add_argument("--bars", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    lib = ctypes.CDLL(args.lib)
    D = ctypes.POINTER(ctypes.c_double)
    lib.bc_features_create.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p)]
    lib.bc_features_count.argtypes = [ctypes.c_void_p]
    lib.bc_features_free.argtypes = [ctypes.c_void_p]
    lib.bc_features_compute_arrays.argtypes = [
        ctypes.c_void_p, ctypes.c_int32, ctypes.POINTER(ctypes.c_int64), D, D, D, D, D, D, D, D,
        ctypes.c_int64]
    t, (o, h, l, c, v), path = make_bars(args.bars)
    tp = t.ctypes.data_as(ctypes.POINTER(ctypes.c_int64))
    print(f"feature batch throughput, {len(c)} bars from {os.path.normpath(path)}, best of {args.repeat}")
    print(f"TA-Lib {talib.__ta_version__.decode()} (python ta-lib {talib.__version__})")
    print(f"{'indicator':<18}{'ours ns/bar':>12}{'TA-Lib ns/bar':>15}{'speed-up':>10}")
    for title, table, with_volume, goal, heading in (
            ("geometric mean", INDICATORS, False, "   (goal >= 1.20x)", None),
            ("families mean", FAMILIES, True, "",
             "later families (cci, volume, range, moving averages):"),
            ("window mean", WINDOW_FAMILIES, True, "",
             "window-extreme families (stochrsi, midprice):"),
            ("sar mean", SAR_FAMILY, True, "", "parabolic SAR:"),
            ("dmi/cmo mean", DMI_CMO_FAMILIES, True, "", "directional lines, Chande momentum:"),
            ("ultosc mean", ULTOSC_FAMILY, True, "", "ultimate oscillator:"),
            ("vortex/hma mean", VORTEX_HMA_FAMILIES, True, "",
             "vortex lines, Hull's average (peer: TA-Lib compositions):"),
            ("mt5 mean", MT5_FAMILIES, True, "",
             "MetaTrader 5 price items (medprice, typprice):")):
        if heading:
            print(heading)
        ratios = []
        for spec, ta in table:
            ratios.append(time_one(lib, spec, ta, with_volume, tp, (o, h, l, c, v), args))
        gm = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
        print(f"{title:<18}{'':>12}{'':>15}{gm:>9.2f}x" + goal)


def time_one(lib, spec, ta, with_volume, tp, cols, args):
    """Times one indicator both ways, prints its line, returns TA-Lib / ours."""
    D = ctypes.POINTER(ctypes.c_double)
    o, h, l, c, v = cols
    n = len(c)
    ptr = lambda a: a.ctypes.data_as(D)
    f = ctypes.c_void_p()
    rc = lib.bc_features_create(spec.encode(), ctypes.byref(f))
    assert rc == 0, spec
    cnt = lib.bc_features_count(f)

    def ours():
        out = np.empty(n * cnt)
        rc = lib.bc_features_compute_arrays(f, n, tp, ptr(o), ptr(h), ptr(l), ptr(c), ptr(v),
                                            None, None, ptr(out), n * cnt)
        assert rc == 0
        return out

    def theirs():
        return ta(o, h, l, c, v) if with_volume else ta(o, h, l, c)

    # Same numbers first (TA-Lib's wheel differs only in the last bits).
    mine = ours().reshape(n, cnt)
    ref = theirs()
    ref = np.column_stack(ref) if isinstance(ref, tuple) else ref[:, None]
    ok = np.allclose(mine, ref, rtol=1e-9, atol=1e-9, equal_nan=True)
    t_ours, t_ta = best(ours, args.repeat), best(theirs, args.repeat)
    lib.bc_features_free(f)
    ratio = t_ta / t_ours
    print(f"{spec:<18}{1e9 * t_ours / n:>12.2f}{1e9 * t_ta / n:>15.2f}{ratio:>9.2f}x"
          + ("" if ok else "  (VALUES DIFFER)"))
    return ratio


if __name__ == "__main__":
    main()
