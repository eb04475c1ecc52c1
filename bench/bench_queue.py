"""bench_queue.py - throughput of the training job queue: jobs claimed per
second by 4 workers sharing one PostgreSQL queue (SELECT ... FOR UPDATE SKIP
LOCKED), each claiming and finishing with the same library calls the daemon
makes (bc_jobs_claim, bc_jobs_finish), and every claim checked for a double.
Peers in the same run: the same 4 workers on the embedded SQLite queue
(BEGIN IMMEDIATE, one writer at a time) and 1 worker on PostgreSQL (the
scaling ratio). The server is a throwaway cluster (tests/python/pg_cluster.py).

A second table runs the real thing end to end: 4 `botcopier daemon --once`
processes on one PostgreSQL queue, each job a `train-job` child whose trainer
copies a model, adds it to the registry and passes the gate - jobs completed
per second, every job's runs checked (one attempt, done once).

usage: python3 bench/bench_queue.py [--jobs N] [--workers K] [--daemon-jobs N]
"""
import argparse
import multiprocessing as mp
import os
import pathlib
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bindings" / "python"))
sys.path.insert(0, str(ROOT / "tests" / "python"))
if "BC_LIBRARY" not in os.environ:
    os.environ["BC_LIBRARY"] = str(ROOT / "build" / "libbotcopier.so.1")


def worker(db, store, name, start, out):
    from botcopier.lifecycle import Registry
    claimed = []
    with Registry(db, store) as reg:
        start.wait()
        now = int(time.time())
        while True:
            c = reg.claim(name, now)
            if c is None:
                break
            job, attempt = c
            reg.finish(job, name, attempt, "done", now=now)
            claimed.append(job)
    out.put((name, claimed, time.perf_counter()))


def run(db, store, jobs, workers):
    from botcopier.lifecycle import Registry
    with Registry(db, store) as reg:
        reg.define("BENCH/q/x", {"bench": True})
        for _ in range(jobs):
            reg.enqueue("BENCH/q/x", "retrain", run_after=0, now=0)
    ctx = mp.get_context("fork")
    start, out = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=worker, args=(db, store, "w%d" % i, start, out))
             for i in range(workers)]
    for p in procs:
        p.start()
    time.sleep(0.5)  # every worker connected and waiting
    t0 = time.perf_counter()
    start.set()
    results = [out.get(timeout=600) for _ in procs]
    for p in procs:
        p.join()
    t1 = max(r[2] for r in results)
    claimed = [j for r in results for j in r[1]]
    doubles = len(claimed) - len(set(claimed))
    with Registry(db, store) as reg:
        rows = reg.query("jobs", str(jobs + 10))
        not_done = sum(1 for j in rows if j["state"] != "done" or j["attempts"] != 1)
    per_worker = sorted(len(r[1]) for r in results)
    return len(claimed), t1 - t0, doubles, not_done, per_worker


def daemons_end_to_end(cluster, tmp, jobs, daemons):
    """4 real daemons draining `jobs` queued training jobs."""
    import json
    import subprocess
    from botcopier.lifecycle import Registry
    cli = os.environ.get("BC_CLI") or str(ROOT / "build" / "botcopier")
    db = cluster.create_database("bench_daemons")
    run = os.path.join(tmp, "daemons")
    model = os.path.join(ROOT, "tests", "data", "golden", "logistic_v0.1.0.bcm")
    cfg = os.path.join(tmp, "daemons.json")
    keys = 8
    with open(cfg, "w") as f:
        json.dump({"settings": {"POLL_INTERVAL": 0.05, "HEARTBEAT_INTERVAL": 5,
                                "GATE_METRIC": "score", "RETRY_BACKOFF": 0,
                                "TRAINING_RETRY_ATTEMPTS": 3},
                   "jobs": [{"symbol": "S%d" % i, "strategy": "copy", "source": "bench",
                             "trainer": "cp %s \"$BOTCOPIER_JOB_DIR/model.bcm\" && echo "
                                        "'{\"score\": 1}' > \"$BOTCOPIER_JOB_DIR/metrics.json\""
                                        % model} for i in range(keys)]}, f)
    env = dict(os.environ)
    env.pop("BOTCOPIER_DB", None)
    base = [cli, "daemon", "--config", cfg, "--run-dir", run, "--db", db, "--once"]
    subprocess.run(base, check=True, env=env, capture_output=True)  # defines the jobs
    with Registry(db, os.path.join(run, "models")) as reg:
        for i in range(jobs):
            reg.enqueue("S%d/copy/bench" % (i % keys), "retrain", now=0, run_after=0)
    t0 = time.perf_counter()
    procs = [subprocess.Popen(base + ["--worker-id", "d%d" % i], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
             for i in range(daemons)]
    codes = [p.wait(timeout=900) for p in procs]
    secs = time.perf_counter() - t0
    bad, per = 0, {}
    with Registry(db, os.path.join(run, "models")) as reg:
        for j in reg.query("jobs", str(jobs + 10)):
            runs = reg.query("job", str(j["id"]))["runs"]
            done = [r for r in runs if r["outcome"] == "done"]
            bad += j["state"] != "done" or len(done) != 1
            for r in done:
                per[r["worker_id"]] = per.get(r["worker_id"], 0) + 1
    return jobs, secs, bad, sorted(per.values()), codes


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--jobs", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--daemon-jobs", type=int, default=200)
    args = ap.parse_args()
    import pg_cluster
    reason = pg_cluster.unavailable_reason()
    if reason:
        print("bench_queue: skipped: %s" % reason)
        return 0
    cluster = pg_cluster.Cluster()
    tmp = tempfile.mkdtemp(prefix="bc-bench-queue-")
    rows = []
    try:
        for label, db, workers in [
                ("postgresql", cluster.create_database("bench_a"), args.workers),
                ("sqlite (peer)", os.path.join(tmp, "queue.db"), args.workers),
                ("postgresql", cluster.create_database("bench_b"), 1)]:
            n, secs, doubles, not_done, per = run(db, os.path.join(tmp, "models"), args.jobs,
                                                  workers)
            rows.append((label, workers, n, secs, n / secs, doubles, not_done, per))
        e2e = daemons_end_to_end(cluster, tmp, args.daemon_jobs, args.workers)
    finally:
        cluster.destroy()
    print("%-14s %7s %6s %8s %10s %13s %9s  %s" % ("queue", "workers", "jobs", "seconds",
                                                   "claims/s", "double claims", "not done",
                                                   "claims per worker"))
    for label, w, n, secs, rate, doubles, not_done, per in rows:
        print("%-14s %7d %6d %8.2f %10.0f %13d %9d  %s" % (label, w, n, secs, rate, doubles,
                                                           not_done, per))
    pg4, lite4, pg1 = rows[0][4], rows[1][4], rows[2][4]
    print("ratio: postgresql x%d / sqlite x%d = %.2f; postgresql x%d / x1 = %.2f"
          % (args.workers, args.workers, pg4 / lite4, args.workers, pg4 / pg1))
    n, secs, not_once, per, codes = e2e
    print("\n%d botcopier daemons on postgresql, end to end (claim, train-job child, registry "
          "add, gate, publish): %d jobs in %.2f s = %.1f jobs/s; jobs not done exactly once: "
          "%d; jobs per daemon %s" % (args.workers, n, secs, n / secs, not_once, per))
    bad = [r for r in rows if r[5] or r[6] or r[2] != args.jobs]
    if not_once or any(codes):
        bad.append(("daemons", not_once, codes))
    if bad:
        print("bench_queue: FAILED: double claims or jobs not done exactly once: %s" % bad)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
