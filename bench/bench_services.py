#!/usr/bin/env python3
"""Services benchmarks, each against its Python peer in the same run:

1. the bandit router: `botcopier serve` vs the seed's FastAPI router
   (bench/router_fastapi.py, uvicorn, one worker) under wrk on loopback,
   GET /choose: requests/s, p99 latency, errors; then POST /reward (each one
   fsync'd before the answer) at low concurrency;
2. risk parity on 500 assets: Ledoit-Wolf covariance + ERC weights by the
   library vs scikit-learn's LedoitWolf + scipy's L-BFGS-B on Spinu's problem.

Usage: bench_services.py --cli build/botcopier   (needs wrk, fastapi, uvicorn,
scikit-learn, scipy; a part whose tools are missing is skipped and says so).
"""
import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

import numpy as np


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(port, proc, timeout=20):
    end = time.time() + timeout
    while time.time() < end:
        if proc.poll() is not None:
            raise RuntimeError("server exited: %s" % proc.stderr.read())
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("server on port %d did not come up" % port)


def wrk(url, seconds, connections, script=None):
    cmd = ["wrk", "-t2", "-c%d" % connections, "-d%ds" % seconds, "--latency", url]
    if script:
        cmd[1:1] = ["-s", script]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 1e-3, "ms": 1.0, "s": 1e3}[p99.group(2)]
    errors = 0
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if m:
        errors += int(m.group(1))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if m:
        errors += sum(int(x) for x in m.groups())
    return rps, float(p99.group(1)) * scale, errors


REWARD_LUA = """wrk.method = "POST"
wrk.body = '{"model": 1, "reward": 1}'
wrk.headers["Content-Type"] = "application/json"
"""


def bench_router(cli, seconds):
    if not shutil.which("wrk"):
        print("router: skipped (wrk not installed; scripts/install-deps.sh --bench)")
        return
    try:
        import fastapi  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        print("router: skipped (fastapi/uvicorn not installed)")
        return
    tmp = tempfile.mkdtemp()
    lua = os.path.join(tmp, "reward.lua")
    with open(lua, "w") as f:
        f.write(REWARD_LUA)
    here = os.path.dirname(os.path.abspath(__file__))
    servers = {
        "botcopier serve": lambda port, state: [cli, "serve", "--models", "3", "--state", state,
                                                 "--port", str(port), "--threads", "2",
                                                 "--quiet"],
        "FastAPI + uvicorn": lambda port, state: [sys.executable,
                                                   os.path.join(here, "router_fastapi.py"), "3",
                                                   state, str(port)],
    }
    results = {}
    for name, argv in servers.items():
        port = free_port()
        proc = subprocess.Popen(argv(port, os.path.join(tmp, name.split()[0] + ".json")),
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            wait_up(port, proc)
            url = "http://127.0.0.1:%d" % port
            wrk(url + "/choose", 1, 16)  # warm up
            results[name] = (wrk(url + "/choose", seconds, 64),
                             wrk(url + "/reward", seconds, 4, lua))
        finally:
            proc.terminate()
            proc.wait(10)
    print("bandit router on loopback, wrk -t2 (2 cores shared by server and client), %d s each"
          % seconds)
    print("  %-22s %14s %10s %7s   %14s %10s %7s" % ("server", "choose req/s", "p99 ms", "errors",
                                                      "reward req/s", "p99 ms", "errors"))
    for name, (c, r) in results.items():
        print("  %-22s %14.0f %10.2f %7d   %14.0f %10.2f %7d" % (name, c[0], c[1], c[2], r[0],
                                                                 r[1], r[2]))
    ours, peer = results["botcopier serve"], results["FastAPI + uvicorn"]
    print("  ratio choose %.1fx, reward %.1fx (requests/s, botcopier / FastAPI)"
          % (ours[0][0] / peer[0][0], ours[1][0] / peer[1][0]))
    shutil.rmtree(tmp, ignore_errors=True)


def bench_risk_parity(n_assets=500, n_obs=1000):
    try:
        from scipy import optimize
        from sklearn.covariance import LedoitWolf
    except ImportError:
        print("risk parity: skipped (scikit-learn/scipy not installed)")
        return
    from botcopier import portfolio
    rng = np.random.default_rng(1)
    market = rng.normal(0, 0.01, n_obs)
    beta = rng.uniform(0.5, 1.5, n_assets)
    rets = market[:, None] * beta + rng.normal(0, 1, (n_obs, n_assets)) * \
        rng.uniform(0.005, 0.03, n_assets)

    def ours():
        cov, _ = portfolio.covariance(rets, "ledoit_wolf")
        return cov, portfolio.weights(cov, "erc")

    def peer():
        cov = LedoitWolf().fit(rets).covariance_
        b = 1.0 / n_assets
        res = optimize.minimize(lambda y: 0.5 * y @ cov @ y - b * np.log(y).sum(),
                                np.full(n_assets, 1.0 / np.sqrt(np.diag(cov).mean())),
                                jac=lambda y: cov @ y - b / y, method="L-BFGS-B",
                                bounds=[(1e-12, None)] * n_assets,
                                options={"ftol": 1e-15, "gtol": 1e-12, "maxiter": 100000})
        return cov, res.x / res.x.sum()

    rows = []
    for name, fn in (("libbotcopier", ours), ("sklearn + scipy", peer)):
        best = float("inf")
        for _ in range(3):
            t = time.perf_counter()
            cov, w = fn()
            best = min(best, time.perf_counter() - t)
        rc = w * (cov @ w)
        rows.append((name, best, (rc.max() - rc.min()) / rc.mean()))
    print("risk parity, %d assets x %d returns: Ledoit-Wolf covariance + ERC weights (best of 3)"
          % (n_assets, n_obs))
    print("  %-18s %10s %22s" % ("", "seconds", "risk-contribution spread"))
    for name, t, spread in rows:
        print("  %-18s %10.3f %22.1e" % (name, t, spread))
    print("  ratio %.1fx (peer time / ours), at a %.0ex tighter spread"
          % (rows[1][1] / rows[0][1], rows[1][2] / max(rows[0][2], 1e-300)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--seconds", type=int, default=5)
    args = ap.parse_args()
    bench_router(args.cli, args.seconds)
    bench_risk_parity()


if __name__ == "__main__":
    main()
