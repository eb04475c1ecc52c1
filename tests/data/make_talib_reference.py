#!/usr/bin/env python3
"""Writes the TA-Lib reference vectors the feature-engine tests compare with.

For each real series (aapl_daily.csv, sp500_daily.csv) this computes every
indicator the engine mirrors with TA-Lib itself (PyPI wheel `ta-lib`, which
bundles the TA-Lib C library; defaults: TA_COMPATIBILITY_DEFAULT, unstable
periods 0) at two parameter sets, and writes talib_ref_<series>.csv:

  line 1: '# made by make_talib_reference.py with talib <ver> (TA-Lib C <ver>)'
  line 2: header, ';'-separated: time;open;high;low;close;volume;<feature>...
  rows:   time as UTC epoch seconds of the date, inputs and outputs as %.17g
          (round-trips the double exactly), 'nan' where TA-Lib gives NaN.

Feature column names are libbotcopier spec items, so a test can build the
engine from the header itself. Run: python3 make_talib_reference.py (from
tests/data); needs numpy and ta-lib. Tests never run it.
"""
import calendar
import csv
import math
import os
import sys

import numpy as np
import talib

HERE = os.path.dirname(os.path.abspath(__file__))


def load(name):
    with open(os.path.join(HERE, name), newline="") as f:
        rows = list(csv.DictReader(f))
    lower = [{k.lower(): v for k, v in r.items()} for r in rows]
    key = "date"
    t = [calendar.timegm((int(r[key][0:4]), int(r[key][5:7]), int(r[key][8:10]), 0, 0, 0))
         for r in lower]
    cols = {c: np.array([float(r[c]) for r in lower]) for c in
            ("open", "high", "low", "close", "volume")}
    return np.array(t, dtype=np.int64), cols


def features(c):
    o, h, lo, cl = c["open"], c["high"], c["low"], c["close"]
    out = []
    for n in (5, 20):
        out.append((f"sma({n})", talib.SMA(cl, timeperiod=n)))
    for n in (12, 26):
        out.append((f"ema({n})", talib.EMA(cl, timeperiod=n)))
    for n in (14, 5):
        out.append((f"rsi({n})", talib.RSI(cl, timeperiod=n)))
    for f_, s_, g_ in ((12, 26, 9), (5, 35, 5)):
        line, sig, hist = talib.MACD(cl, fastperiod=f_, slowperiod=s_, signalperiod=g_)
        name = f"macd({f_},{s_},{g_})"
        out += [(name + ".line", line), (name + ".signal", sig), (name + ".hist", hist)]
    for n in (14, 5):
        out.append((f"atr({n})", talib.ATR(h, lo, cl, timeperiod=n)))
    for n, k, ks in ((20, 2.0, "2"), (10, 1.5, "1.5")):
        up, mid, low = talib.BBANDS(cl, timeperiod=n, nbdevup=k, nbdevdn=k, matype=0)
        name = f"bbands({n},{ks})"
        out += [(name + ".upper", up), (name + ".middle", mid), (name + ".lower", low)]
    for fk, sk, sd in ((14, 3, 3), (5, 3, 4)):
        k, d = talib.STOCH(h, lo, cl, fastk_period=fk, slowk_period=sk, slowk_matype=0,
                           slowd_period=sd, slowd_matype=0)
        name = f"stoch({fk},{sk},{sd})"
        out += [(name + ".k", k), (name + ".d", d)]
    for n in (14, 7):
        out.append((f"adx({n})", talib.ADX(h, lo, cl, timeperiod=n)))
    for n in (20, 14):
        out.append((f"cci({n})", talib.CCI(h, lo, cl, timeperiod=n)))
    # volume, range and moving-average families (appended: older columns unchanged)
    v = c["volume"]
    for n in (14, 7):
        out.append((f"mfi({n})", talib.MFI(h, lo, cl, v, timeperiod=n)))
    for n in (14, 7):
        out.append((f"willr({n})", talib.WILLR(h, lo, cl, timeperiod=n)))
    out.append(("obv", talib.OBV(cl, v)))
    out.append(("ad", talib.AD(h, lo, cl, v)))
    for f_, s_ in ((3, 10), (5, 20)):
        out.append((f"adosc({f_},{s_})", talib.ADOSC(h, lo, cl, v, fastperiod=f_, slowperiod=s_)))
    for n in (10, 30):
        out.append((f"wma({n})", talib.WMA(cl, timeperiod=n)))
    for n in (10, 20):
        out.append((f"dema({n})", talib.DEMA(cl, timeperiod=n)))
        out.append((f"tema({n})", talib.TEMA(cl, timeperiod=n)))
    for n in (14, 25):
        down, up = talib.AROON(h, lo, timeperiod=n)
        out += [(f"aroon({n}).up", up), (f"aroon({n}).down", down)]
        out.append((f"aroonosc({n})", talib.AROONOSC(h, lo, timeperiod=n)))
    # window-extreme families (appended: older columns unchanged)
    for n, k, d in ((14, 14, 3), (14, 5, 3)):
        fk, fd = talib.STOCHRSI(cl, timeperiod=n, fastk_period=k, fastd_period=d, fastd_matype=0)
        name = f"stochrsi({n},{k},{d})"
        out += [(name + ".k", fk), (name + ".d", fd)]
    for n in (9, 26):
        out.append((f"midprice({n})", talib.MIDPRICE(h, lo, timeperiod=n)))
    # parabolic SAR (appended: older columns unchanged); (0.03, 0.25): af
    # reaches the maximum by a clipped step, not by landing on it
    for a, m in (("0.02", "0.2"), ("0.01", "0.1"), ("0.03", "0.25")):
        out.append((f"sar({a},{m})", talib.SAR(h, lo, acceleration=float(a), maximum=float(m))))
    # directional lines and Chande momentum (appended likewise)
    for n in (14, 7):
        out += [(f"dmi({n}).plus", talib.PLUS_DI(h, lo, cl, timeperiod=n)),
                (f"dmi({n}).minus", talib.MINUS_DI(h, lo, cl, timeperiod=n))]
    for n in (14, 9):
        out.append((f"cmo({n})", talib.CMO(cl, timeperiod=n)))
    return out


def fmt(v):
    return "nan" if math.isnan(v) else "%.17g" % v


def main():
    for series in ("aapl", "sp500"):
        t, c = load(f"{series}_daily.csv")
        feats = features(c)
        path = os.path.join(HERE, f"talib_ref_{series}.csv")
        with open(path, "w") as f:
            f.write(f"# made by make_talib_reference.py with talib {talib.__version__} "
                    f"(TA-Lib C {talib.__ta_version__.decode()}) from {series}_daily.csv\n")
            f.write(";".join(["time", "open", "high", "low", "close", "volume"] +
                             [n for n, _ in feats]) + "\n")
            for i in range(len(t)):
                vals = [str(int(t[i]))] + [fmt(c[k][i]) for k in
                                           ("open", "high", "low", "close", "volume")]
                vals += [fmt(v[i]) for _, v in feats]
                f.write(";".join(vals) + "\n")
        print(f"wrote {path}: {len(t)} rows, {len(feats)} features", file=sys.stderr)


if __name__ == "__main__":
    main()
