#!/usr/bin/env python3
"""bench_policy.py - single-step latency of a trained recurrent policy: the
library's step (bc_policy_step through the model route: bc_model_load on a
policy file, bc_policy_from_model) against ONNX Runtime running the same
policy's ONNX export (bc_export_onnx: GRU operator, state as h_in/h_out),
one thread each, in the same run, on the same observation rows.

Network (both): the seed's, obs 64, hidden 256, 2 GRU layers, head 128, 12
actions (940,941 parameters; 941,457 with the seed's 16-action head):
Linear + ReLU + LayerNorm twice, GRU x 2, policy and value heads. Weights:
PyTorch's default initialisation (uniform +-1/sqrt(fan_in), LayerNorm 1/0),
written as a policy file (the documented container: 32-byte header with
XXH64 checksum, then the policy section) which the library loads and
checks; latency does not depend on the values.

Each step feeds one observation row and carries the state (the library
inside its handle, ONNX Runtime through h_out -> h_in), as a live EA does.
Both are called from Python (ctypes for the library, InferenceSession.run
for ONNX Runtime), so both pay a Python call; p50 and p99 over --steps
steps after --warmup, best of --repeat runs. Goal (issue 9): faster than
ONNX Runtime.

Usage: bench_policy.py [--obs 64] [--hidden 256] [--layers 2] [--actions 12]
                       [--steps 3000] [--warmup 300] [--repeat 3]
Needs BC_LIBRARY (or build/libbotcopier.so), onnxruntime and xxhash
(pip install onnxruntime xxhash; skipped without).
"""
import argparse
import ctypes
import os
import struct
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "bindings", "python"))
if "BC_LIBRARY" not in os.environ:
    os.environ["BC_LIBRARY"] = os.path.join(HERE, "..", "build", "libbotcopier.so")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

from botcopier.export import onnx_bytes  # noqa: E402
from botcopier.models import Model  # noqa: E402
from botcopier.rl import Policy, _policy_step  # noqa: E402


def policy_file(path, obs, hidden, head, layers, actions, seed=1):
    """Writes a policy file with PyTorch-style random weights in lib/rl's
    parameter order (gru_ac.h rl_net_layout)."""
    import xxhash
    rng = np.random.default_rng(seed)
    D, H, P, A = obs, hidden, head, actions
    parts = []

    def uniform(n, fan_in):
        b = 1.0 / np.sqrt(fan_in)
        parts.append(rng.uniform(-b, b, n).astype(np.float32))

    def const(n, v):
        parts.append(np.full(n, v, np.float32))

    uniform(H * D, D), uniform(H, D), const(H, 1), const(H, 0)
    uniform(H * H, H), uniform(H, H), const(H, 1), const(H, 0)
    for _ in range(layers):
        uniform(3 * H * H, H), uniform(3 * H * H, H), uniform(3 * H, H), uniform(3 * H, H)
    uniform(P * H, H), uniform(P, H), const(P, 1), const(P, 0)
    uniform(A * P, P), const(A, 0)
    uniform(P * H, H), uniform(P, H), const(P, 1), const(P, 0)
    uniform(P, P), const(1, 0)
    w = np.concatenate(parts)

    def text(s):
        b = s.encode()
        return struct.pack("<I", len(b)) + b

    payload = struct.pack("<5IQ", D, H, P, layers, A, w.size) + w.tobytes()
    payload += text("bench") + struct.pack("<II", 256, D)
    payload += b"".join(text("obs%d" % j) for j in range(D))
    header = b"BCPPO\0\r\n" + struct.pack("<IIQ", 1, 2, len(payload))
    # the checksum's seed is XXH64 of the first 24 header bytes
    seed_hash = xxhash.xxh64(header, seed=0).intdigest()
    checksum = xxhash.xxh64(payload, seed=seed_hash).intdigest()
    with open(path, "wb") as f:
        f.write(header + struct.pack("<Q", checksum) + payload)
    return w.size


def percentiles(ns):
    a = np.sort(np.asarray(ns, np.float64)) / 1000.0
    return float(np.percentile(a, 50)), float(np.percentile(a, 99))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--obs", type=int, default=64)
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--head", type=int, default=128)
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--actions", type=int, default=12)
    ap.add_argument("--steps", type=int, default=3000)
    ap.add_argument("--warmup", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    try:
        import onnxruntime as ort
        import xxhash  # noqa: F401
    except ImportError as e:
        print("bench_policy: skipped: %s (pip install onnxruntime xxhash)" % e)
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "policy.bcp")
        n_params = policy_file(path, args.obs, args.hidden, args.head, args.layers, args.actions)
        model = Model.load(path)
        onnx = onnx_bytes(model)
        pol = Policy.from_model(model)
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    so.inter_op_num_threads = 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    sess = ort.InferenceSession(onnx, so, providers=["CPUExecutionProvider"])

    rng = np.random.default_rng(5)
    total = args.warmup + args.steps
    rows = rng.standard_normal((total, args.obs)).astype(np.float32)
    probs = np.zeros(args.actions, np.float32)
    value = ctypes.c_float(0)
    action = ctypes.c_int32(0)
    p_probs, p_value, p_action = probs.ctypes.data, ctypes.addressof(value), ctypes.addressof(action)
    row_ptrs = [rows[i].ctypes.data for i in range(total)]
    clock = time.perf_counter_ns

    def run_library():
        pol.reset()
        times = []
        for i in range(total):
            t0 = clock()
            _policy_step(pol, row_ptrs[i], p_probs, p_value, p_action)
            t1 = clock()
            if i >= args.warmup:
                times.append(t1 - t0)
        return times

    h0 = np.zeros((args.layers, 1, args.hidden), np.float32)
    feeds = [rows[i:i + 1] for i in range(total)]

    def run_ort():
        h = h0
        times = []
        for i in range(total):
            t0 = clock()
            _, _, _, h = sess.run(None, {"observation": feeds[i], "h_in": h})
            t1 = clock()
            if i >= args.warmup:
                times.append(t1 - t0)
        return times

    # the two agree on the same steps (a check, not timed)
    pol.reset()
    h = h0
    worst = 0.0
    for i in range(50):
        _, p, _ = pol.step(rows[i])
        _, op, _, h = sess.run(None, {"observation": feeds[i], "h_in": h})
        worst = max(worst, float(np.abs(op[0] - p).max()))
    best_lib = best_ort = None
    for _ in range(args.repeat):  # interleaved, so load noise hits both
        lib = percentiles(run_library())
        onx = percentiles(run_ort())
        best_lib = lib if best_lib is None or lib[0] < best_lib[0] else best_lib
        best_ort = onx if best_ort is None or onx[0] < best_ort[0] else best_ort
    print("policy single step, obs %d, hidden %d, %d GRU layers, %d actions, %d params, "
          "1 thread each (max |probs diff| %.2g over 50 steps)"
          % (args.obs, args.hidden, args.layers, args.actions, n_params, worst))
    print("  library (bc_policy_step)   p50 %8.1f us   p99 %8.1f us" % best_lib)
    print("  onnxruntime %-14s p50 %8.1f us   p99 %8.1f us" % (ort.__version__, *best_ort))
    print("  ratio (onnxruntime / library): p50 %.2fx, p99 %.2fx"
          % (best_ort[0] / best_lib[0], best_ort[1] / best_lib[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
