#!/usr/bin/env python3
"""bench_drift.py - drift computation per feature per 1e6 rows: the
library's PSI and Kolmogorov-Smirnov (lib/monitor, through ctypes) against
NumPy's PSI formula and scipy.stats.ks_2samp, in the same run, on the same
data.

Each feature is a training sample and a live sample of --rows values
(normal, lognormal, integers with ties, Student t with 10% NaN). Timed per
feature:
  psi        library bc_drift_psi (sort the training sample, quantile edges,
             bin both)         vs NumPy: np.quantile + np.searchsorted +
             np.bincount on the same samples (NaNs dropped first);
  ks         library bc_drift_ks (statistic and p-value) vs
             scipy.stats.ks_2samp (its automatic method: asymptotic at this
             size);
  profile    library bc_profile_compare: PSI, KS, p-value and missing
             fractions of the live sample against a stored training profile
             (what `botcopier monitor` runs per feature) vs NumPy PSI +
             scipy KS on the raw training sample (what one does without a
             profile).
Before timing, each pair's answers are compared (PSI to 1e-9, KS statistic
to 1e-12), so both sides compute the same thing. Times are the best of
--repeat runs (the machine may be shared), in milliseconds per feature per
1e6 rows; the ratio is peer time / library time.

Usage: bench_drift.py [--rows 1000000] [--repeat 3]
Needs BC_LIBRARY (path of libbotcopier.so) or build/libbotcopier.so, NumPy
and SciPy.
"""
import argparse
import os
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "bindings", "python"))
if "BC_LIBRARY" not in os.environ:
    os.environ["BC_LIBRARY"] = os.path.join(HERE, "..", "build", "libbotcopier.so")

from botcopier import monitor  # noqa: E402

try:
    import scipy.stats
except ImportError:  # pragma: no cover - make bench installs it
    print("bench_drift.py skipped: scipy is not installed")
    sys.exit(0)


def numpy_psi(ref, live, bins=10):
    ref, live = ref[np.isfinite(ref)], live[np.isfinite(live)]
    edges = np.quantile(ref, np.arange(1, bins) / bins)
    r = np.bincount(np.searchsorted(edges, ref, "right"), minlength=bins) / ref.size
    a = np.bincount(np.searchsorted(edges, live, "right"), minlength=bins) / live.size
    r, a = np.maximum(r, 1e-4), np.maximum(a, 1e-4)
    return float(np.sum((a - r) * np.log(a / r)))


def scipy_ks(ref, live):
    res = scipy.stats.ks_2samp(ref[np.isfinite(ref)], live[np.isfinite(live)])
    return float(res.statistic), float(res.pvalue)


def features(rows, seed=1):
    g = np.random.default_rng(seed)
    t = g.standard_t(5, 2 * rows)
    t[g.random(2 * rows) < 0.1] = np.nan
    return [
        ("normal", g.normal(0, 1, rows), g.normal(0.05, 1.1, rows)),
        ("lognormal", g.lognormal(0, 1, rows), g.lognormal(0.02, 1, rows)),
        ("integers", g.integers(0, 50, rows).astype(float), g.integers(1, 52, rows).astype(float)),
        ("student_t_nan", t[:rows], t[rows:] * 1.1),
    ]


def best(fn, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    scale = 1e6 / args.rows * 1e3  # seconds per call -> ms per 1e6 rows
    print("drift per feature, %d training + %d live rows; ms per feature per 1e6 rows "
          "(best of %d)" % (args.rows, args.rows, args.repeat))
    print("%-14s %-8s %12s %12s %9s" % ("feature", "check", "library", "numpy/scipy", "ratio"))
    ratios = []
    for name, ref, live in features(args.rows):
        prof = monitor.Profile(ref, names=[name])
        # Same answers first.
        assert abs(monitor.psi(ref, live) - numpy_psi(ref, live)) < 1e-9
        d, _ = monitor.ks(ref, live)
        assert abs(d - scipy_ks(ref, live)[0]) < 1e-12
        assert abs(prof.compare(0, live)["psi"] - numpy_psi(ref, live)) < 1e-9
        rows = [
            ("psi", lambda: monitor.psi(ref, live), lambda: numpy_psi(ref, live)),
            ("ks", lambda: monitor.ks(ref, live), lambda: scipy_ks(ref, live)),
            ("profile", lambda: prof.compare(0, live),
             lambda: (numpy_psi(ref, live), scipy_ks(ref, live))),
        ]
        for check, ours, peer in rows:
            t_ours, t_peer = best(ours, args.repeat), best(peer, args.repeat)
            ratios.append(t_peer / t_ours)
            print("%-14s %-8s %12.1f %12.1f %8.1fx" % (name, check, t_ours * scale,
                                                       t_peer * scale, t_peer / t_ours))
        prof.close()
    geo = float(np.exp(np.mean(np.log(ratios))))
    print("geometric mean ratio (numpy/scipy time / library time): %.1fx" % geo)


if __name__ == "__main__":
    main()
