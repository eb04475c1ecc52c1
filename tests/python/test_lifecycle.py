"""The model lifecycle with real components: the `botcopier daemon` process,
its `train-job` children, the registry and queue on SQLite and on a real
PostgreSQL server (a throwaway cluster, tests/python/pg_cluster.py), the same
tests on both. Faults are injected for real: a job that crashes, one that
hangs past its timeout, the database restarted mid-run, two daemons racing
on one queue, kill -9 of the daemon inside the activation transaction. After
each: no job lost or completed twice, no model file without its row or row
without its file, the active model loadable."""
import json
import os
import pathlib
import signal
import subprocess
import sys
import time
import uuid

import numpy as np
import pytest

import botcopier as bc
from botcopier.lifecycle import Cron, Registry

import pg_cluster

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
CLI = os.environ.get("BC_CLI") or str(pathlib.Path(bc.library_path()).resolve().parent /
                                      "botcopier")

_cluster = None


@pytest.fixture(scope="session")
def cluster():
    global _cluster
    reason = pg_cluster.unavailable_reason()
    if reason:
        pytest.skip(reason)
    if _cluster is None:
        _cluster = pg_cluster.Cluster()
    yield _cluster


def pytest_sessionfinish():  # pragma: no cover - pytest calls conftest's, not this
    pass


@pytest.fixture(scope="module", autouse=True)
def _stop_cluster():
    yield
    global _cluster
    if _cluster is not None:
        _cluster.destroy()
        _cluster = None


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path):
    """A fresh database of each kind: an SQLite file or a new PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "run" / "registry.db")
    c = request.getfixturevalue("cluster")
    return c.create_database("t_" + uuid.uuid4().hex[:12])


@pytest.fixture(scope="module")
def model_file(tmp_path_factory):
    """A real clone (logistic, sample AAPL bot) the quick trainers copy."""
    out = tmp_path_factory.mktemp("clone")
    p = subprocess.run([CLI, "clone", "--trades", str(DATA / "sample_bot_aapl_trades_raw.csv"),
                        "--bars", str(DATA / "aapl_daily.csv"), "--model", "logistic",
                        "--out", str(out), "--quiet"], capture_output=True, text=True,
                       timeout=120)
    assert p.returncode == 0, p.stderr
    return out / "model.bcm"


def cli(args, run_dir, db_url, check=True, timeout=120, env=None):
    e = dict(os.environ, **(env or {}))
    e.pop("BOTCOPIER_DB", None)
    if args[0] in ("daemon", "status", "metrics", "models", "retrain", "export"):
        args = list(args) + ["--run-dir", str(run_dir), "--db", db_url]
    p = subprocess.run([CLI] + list(args), capture_output=True, text=True, timeout=timeout,
                       env=e)
    if check:
        assert p.returncode == 0, "%s: %s%s" % (args, p.stdout, p.stderr)
    return p


def spawn_daemon(config, run_dir, db_url, *extra, env=None):
    e = dict(os.environ, **(env or {}))
    e.pop("BOTCOPIER_DB", None)
    log = open(str(run_dir) + "-daemon-%s.log" % uuid.uuid4().hex[:6], "w")
    p = subprocess.Popen([CLI, "daemon", "--config", str(config), "--run-dir", str(run_dir),
                          "--db", db_url] + list(extra), stdout=log, stderr=log, env=e)
    p.log_path = log.name
    return p


def write_config(path, settings, jobs):
    path.write_text(json.dumps({"settings": settings, "jobs": jobs}))
    return path


QUICK = {"HEARTBEAT_INTERVAL": 1, "POLL_INTERVAL": 0.1, "RETRY_BACKOFF": 0,
         "TRAINING_RETRY_ATTEMPTS": 0}
# The quick trainers' gate: their reported score (no bars to run fidelity on).
SCORED = dict(QUICK, GATE_METRIC="score")


def quick_job(symbol, model_file, score, extra=""):
    """A job whose trainer copies a real model and reports a score."""
    return {"symbol": symbol, "strategy": "copy", "source": "test",
            "trainer": "%scp %s \"$BOTCOPIER_JOB_DIR/model.bcm\" && echo '{\"score\": %s}' > "
                       "\"$BOTCOPIER_JOB_DIR/metrics.json\"" % (extra, model_file, score)}


def registry(db_url, run_dir):
    return Registry(db_url, str(pathlib.Path(run_dir) / "models"))


def check_invariants(db_url, run_dir):
    """No file without its row, no row without its file, every active model
    loads, at most one active version per key."""
    with registry(db_url, run_dir) as reg:
        rows = reg.query("models")
    store = pathlib.Path(run_dir) / "models"
    files = {str(p.relative_to(store)) for p in store.rglob("*.bcm")}
    published = [r for r in rows if r["state"] != "staging"]
    named = {r["path"] for r in rows}
    assert files <= named, "files without rows: %s" % sorted(files - named)
    for r in published:
        assert r["path"] in files, "row without its file: %s" % r
    actives = [r for r in rows if r["active"]]
    keys = [r["model_key"] for r in actives]
    assert len(keys) == len(set(keys))
    for r in actives:
        bc.Model.load(store / r["path"]).close()
    return rows


def job_runs(db_url, run_dir):
    with registry(db_url, run_dir) as reg:
        jobs = reg.query("jobs", "1000")
        return {j["id"]: (j, reg.query("job", str(j["id"]))["runs"]) for j in jobs}


def wait_for(cond, timeout, what):
    end = time.time() + timeout
    while time.time() < end:
        v = cond()
        if v:
            return v
        time.sleep(0.05)
    raise AssertionError("timed out waiting for " + what)


# --- cron ---------------------------------------------------------------------------


def utc(s):
    import calendar
    return calendar.timegm(time.strptime(s, "%Y-%m-%d %H:%M"))


@pytest.mark.parametrize("expr,after,expected", [
    # seed 001's default and its examples
    ("0 2,14,22 * * *", "2024-01-01 02:00", ["2024-01-01 14:00", "2024-01-01 22:00",
                                             "2024-01-02 02:00"]),
    ("0 */6 * * *", "2024-01-01 05:59", ["2024-01-01 06:00", "2024-01-01 12:00",
                                         "2024-01-01 18:00", "2024-01-02 00:00"]),
    # 2024-01-05 is a Friday: next business-hours runs skip the weekend
    ("0 9,13,17 * * 1-5", "2024-01-05 17:00", ["2024-01-08 09:00", "2024-01-08 13:00"]),
    ("0 2 * * *", "2024-02-28 03:00", ["2024-02-29 02:00", "2024-03-01 02:00"]),
    ("0 9-16/2 * * 1-5", "2024-01-05 15:00", ["2024-01-08 09:00", "2024-01-08 11:00",
                                              "2024-01-08 13:00", "2024-01-08 15:00",
                                              "2024-01-09 09:00"]),
])
def test_cron_seed_examples(expr, after, expected):
    with Cron(expr) as c:
        t, got = utc(after), []
        for _ in expected:
            t = c.next(t)
            got.append(time.strftime("%Y-%m-%d %H:%M", time.gmtime(t)))
    assert got == expected


def test_cron_matches_croniter_on_random_expressions():
    from croniter import croniter  # the reference (scripts/install-deps.sh --python)
    import random
    rng = random.Random(7)
    fields = [(0, 59), (0, 23), (1, 28), (1, 12), (0, 6)]

    def item(lo, hi):
        k = rng.random()
        if k < 0.3:
            return "*"
        a = rng.randint(lo, hi)
        if k < 0.5:
            return str(a)
        if a == hi:
            return str(a)
        b = rng.randint(a + 1, hi)  # croniter misreads a degenerate range a-a
        if k < 0.7:
            return "%d-%d" % (a, b)
        if k < 0.85:
            return "*/%d" % rng.randint(1, max(1, (hi - lo) // 2))
        return "%d,%d" % (a, b)
    checked = 0
    for _ in range(300):
        parts = [item(lo, hi) for lo, hi in fields]
        # Day-of-month and day-of-week both restricted: cron ORs them, and so
        # does croniter; keep star forms out of that case (croniter treats
        # */n as restricted, cron as unrestricted).
        expr = " ".join(parts)
        start = rng.randint(utc("2020-01-01 00:00"), utc("2030-01-01 00:00"))
        with Cron(expr) as c:
            mine = c.next(start)
        it = croniter(expr, start)
        ref = int(it.get_next(float))
        if ("*/" in parts[2] or "*/" in parts[4]):
            continue
        assert mine == ref, (expr, start)
        checked += 1
    assert checked > 200


def test_cron_errors_name_the_field():
    for expr, words in [("0 25 * * *", "hour value in '25'"), ("* * *", "3 fields"),
                        ("0 0 * * 1-x", "day of week item '1-x'"), ("@sometimes", "macro"),
                        ("0 0 31 2 *", None)]:
        if words is None:
            with Cron(expr) as c, pytest.raises(bc.NotFoundError):
                c.next(0)
            continue
        with pytest.raises(bc.ParseError) as e:
            Cron(expr)
        assert words in str(e.value)


# --- registry and gate through the library ------------------------------------------


def test_gate_compares_fidelity_with_the_compare_api(db, tmp_path, model_file):
    """The gate's fidelity F1 is what bc_clone_run + bc_clone_compare give on
    the window, for the candidate and the active version; a better candidate
    passes, a worse one does not, the margin counts."""
    bars = bc.read_bars(DATA / "aapl_daily.csv")
    trades = bc.read_trades(DATA / "sample_bot_aapl_trades_raw.csv")
    times = bars.time
    start, end = int(times[len(times) * 7 // 10]), int(times[-1])
    # A worse model: a clone of another bot on other bars, run on these.
    other = tmp_path / "other"
    p = subprocess.run([CLI, "clone", "--trades", str(DATA / "bots" /
                                                      "ema_cross_time_exit_aapl_trades_raw.csv"),
                        "--bars", str(DATA / "aapl_daily.csv"), "--model", "logistic",
                        "--out", str(other), "--quiet"], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr

    def f1(path):
        with bc.Model.load(path) as m:
            run = bc.run_clone(m, bars, start, end)
            return bc.compare(trades, run, bars, start, end, 1).f1
    good, bad = f1(model_file), f1(other / "model.bcm")
    assert good > bad + 0.1
    with registry(db, tmp_path / "run") as reg:
        v_bad = reg.add("AAPL/x/y", other / "model.bcm", {"n": 1}, now=100)
        passed, cs, as_ = reg.gate(v_bad, bars, trades, start, end)
        assert passed and cs == pytest.approx(bad, abs=1e-12) and as_ != as_  # NaN: no active
        reg.activate(v_bad, now=101)
        v_good = reg.add("AAPL/x/y", model_file, now=102, parent=v_bad)
        reg.set("gate_margin", good - bad + 0.01)  # the margin is more than it gains
        passed, cs, as_ = reg.gate(v_good, bars, trades, start, end)
        assert not passed and cs == pytest.approx(good) and as_ == pytest.approx(bad)
        reg.set("gate_margin", 0.05)
        passed, _, _ = reg.gate(v_good, bars, trades, start, end)
        assert passed
        row = reg.query("model", str(v_good))
        assert row["gate_score"] == pytest.approx(good) and row["parent_version"] == v_bad
        assert row["gate_baseline_version"] == v_bad and len(row["feature_spec_hash"]) == 16
        # a candidate that memorised the window - registered with its true
        # training range, which covers it - is never scored there: refused,
        # so it cannot pass; the same file with a range before the window is
        v_seen = reg.add("AAPL/x/y", model_file, now=103, parent=v_bad,
                         data_from=int(times[0]), data_to=int(times[-1]))
        with pytest.raises(bc.errors.InvalidArgumentError, match="inside version %d" % v_seen):
            reg.gate(v_seen, bars, trades, start, end)
        assert reg.query("model", str(v_seen))["gate_score"] is None
        v_before = reg.add("AAPL/x/y", model_file, now=104, parent=v_bad,
                           data_from=int(times[0]), data_to=start - 1)
        passed, cs, _ = reg.gate(v_before, bars, trades, start, end)
        assert passed and cs == pytest.approx(good)


def test_retention_keeps_the_active_and_removes_files_with_rows(db, tmp_path, model_file):
    run = tmp_path / "run"
    day = 86400
    with registry(db, run) as reg:
        reg.set("retention_days", 30)
        v1 = reg.add("K/s/a", model_file, now=0)
        reg.activate(v1, now=0)
        v2 = reg.add("K/s/a", model_file, now=5 * day)
        v3 = reg.add("K/s/a", model_file, now=40 * day)
        staged = reg.add("K/s/a", model_file, now=41 * day - 10, staged=True)
        orphan = run / "models" / "K_s_a" / "v999.bcm"
        orphan.write_bytes(model_file.read_bytes())
        removed = reg.cleanup(now=41 * day)
        versions = {r["version"]: r for r in reg.query("models")}
    # v2 (36 days old, inactive) goes with its file, the orphan file goes;
    # the active v1 (41 days old) stays, v3 and the young staged row stay.
    assert set(versions) == {v1, v3, staged} and removed == 2
    assert versions[v1]["active"] == 1
    assert not (run / "models" / "K_s_a" / ("v%d.bcm" % v2)).exists() and not orphan.exists()
    with registry(db, run) as reg:
        reg.set("staging_timeout", 60)
        reg.cleanup(now=41 * day + 60)  # the staged add's writer is gone: undone
        assert {r["version"] for r in reg.query("models")} == {v1, v3}
    check_invariants(db, run)


def test_two_workers_never_claim_one_job(db, tmp_path, model_file):
    run = tmp_path / "run"
    with registry(db, run) as a, registry(db, run) as b:
        a.define("K/s/a", {"x": 1})
        ids = [a.enqueue("K/s/a", "retrain", now=1, run_after=1) for _ in range(6)]
        got = []
        for i in range(8):
            c = (a if i % 2 else b).claim("w%d" % (i % 2), now=2)
            got.append(c)
        claimed = [c[0] for c in got if c]
        assert sorted(claimed) == sorted(ids) and got[6:] == [None, None]
        # a stale claim cannot finish; the holder can, once
        job = claimed[0]
        holder = "w0" if got[0] and got[0][0] == job else "w1"
        with pytest.raises(bc.StateError):
            a.finish(job, "intruder", 1, "done")
        a.finish(job, holder, 1, "done")
        with pytest.raises(bc.StateError):
            a.finish(job, holder, 1, "done")
        # a scheduled tick is queued once, whoever queues it
        assert a.enqueue("K/s/a", "scheduled", scheduled_for=600, run_after=600, now=3) > 0
        assert b.enqueue("K/s/a", "scheduled", scheduled_for=600, run_after=600, now=3) == 0


# --- the daemon, with faults ----------------------------------------------------------


def test_daemon_trains_gates_and_activates_a_clone(db, tmp_path):
    """Built-in cloner end to end: retrain, daemon --once, status, models,
    metrics --export, export of the active model."""
    run = tmp_path / "run"
    cfg = tmp_path / "config.json"
    cfg.write_text(json.dumps({
        "settings": dict(QUICK, TRAINING_BATCH_SIZE=1000),
        "symbols": ["AAPL"], "strategies": ["logistic"],
        "sources": [{"name": "mt5", "trades": str(DATA / "sample_bot_aapl_trades_raw.csv"),
                     "bars": str(DATA / "aapl_daily.csv")}]}))
    cli(["daemon", "--config", str(cfg), "--once"], run, db)  # defines the job
    assert "queued job" in cli(["retrain"], run, db).stdout
    cli(["daemon", "--config", str(cfg), "--once"], run, db)
    # BOTCOPIER_DB names the database when --db does not
    e = dict(os.environ, BOTCOPIER_DB=db)
    p = subprocess.run([CLI, "status", "--json", "--run-dir", str(run)], capture_output=True,
                       text=True, env=e, timeout=60)
    assert p.returncode == 0 and json.loads(p.stdout)["jobs"]["done"] == 1, p.stderr
    status = json.loads(cli(["status", "--json"], run, db).stdout)
    assert status["jobs"]["done"] == 1 and status["backend"] == ("sqlite" if "://" not in db
                                                                  else "postgresql")
    (active,) = status["active_models"]
    assert active["model_key"] == "AAPL/logistic/mt5" and active["metrics"]["data_points"] == 1000
    assert active["gate_metric"] == "fidelity_f1" and 0.5 < active["gate_score"] <= 1
    rows = check_invariants(db, run)
    assert [r["state"] for r in rows] == ["active"]
    # the gate window is data the clone never trained or calibrated on: the
    # cloner's held-out tail (its report's holdout_start; 0.3 of the 1000
    # bars after its feature lookback, so under 300 bars), and the version's
    # data range ends on the bar before it
    bar_time = np.asarray(bc.read_bars(DATA / "aapl_daily.csv").time)[-1000:]
    gate_from = rows[0]["metrics"]["gate_window_from"]
    assert gate_from == rows[0]["metrics"]["holdout_from"]
    k = int(np.searchsorted(bar_time, gate_from))
    assert 250 < 1000 - k <= 300
    assert (rows[0]["data_from"], rows[0]["data_to"]) == (bar_time[0], bar_time[k - 1])
    out = tmp_path / "m.csv"
    cli(["metrics", "--export", str(out)], run, db)
    lines = out.read_text().splitlines()
    assert lines[0] == "id,time,job_id,model_key,version,name,value"
    names = {l.split(",")[5] for l in lines[1:]}
    assert {"data_points", "gate_candidate_score", "job_duration_s", "accuracy"} <= names
    cli(["export", "--key", "AAPL/logistic/mt5", "--format", "json", "--out",
         str(tmp_path / "model.json")], run, db)
    assert "coefficients" in json.loads((tmp_path / "model.json").read_text())
    # models list: the version, its state, gate metric and score, data range
    listing = cli(["models", "list"], run, db).stdout.splitlines()
    assert listing[0].split()[:3] == ["version", "model_key", "state"]
    fields = listing[1].split()
    assert fields[:3] == ["1", "AAPL/logistic/mt5", "active"] and "fidelity_f1" in fields
    assert "%.4f" % active["gate_score"] in fields
    assert time.strftime("%Y-%m-%d", time.gmtime(rows[0]["data_to"])) in listing[1]
    # retrain --full: a job of kind full, trained on all 1260 bars
    assert "(full)" in cli(["retrain", "--full"], run, db).stdout
    cli(["daemon", "--config", str(cfg), "--once"], run, db)
    (full,) = [r for r in registry(db, run).query("models") if r["version"] == 2]
    assert full["metrics"]["data_points"] == 1260 and full["parent_version"] == 1
    assert registry(db, run).query("jobs")[0]["kind"] == "full"
    # too few data points: skipped, not retried
    cfg2 = tmp_path / "config2.json"
    cfg2.write_text(cfg.read_text().replace('"TRAINING_BATCH_SIZE": 1000',
                                            '"TRAINING_BATCH_SIZE": 50'))
    cli(["retrain"], run, db)
    cli(["daemon", "--config", str(cfg2), "--once"], run, db)
    status = json.loads(cli(["status", "--json"], run, db).stdout)
    assert status["jobs"]["skipped"] == 1
    assert "MIN_TRAINING_DATA_POINTS" in status["recent_jobs"][0]["error"]


def test_a_trainer_is_told_the_gate_window(db, tmp_path, model_file):
    """A job's own trainer with bars and the fidelity gate: it gets the gate
    window's first bar time in $BOTCOPIER_GATE_FROM (the newest
    ceil(n * GATE_WINDOW) bars of the batch), and the version's data range
    ends on the bar before it."""
    run = tmp_path / "run"
    job = {"symbol": "AAPL", "strategy": "own", "source": "mt5",
           "trades": str(DATA / "sample_bot_aapl_trades_raw.csv"),
           "bars": str(DATA / "aapl_daily.csv"),
           "trainer": "cp %s \"$BOTCOPIER_JOB_DIR/model.bcm\" && echo "
                      "\"{\\\"seen_gate_from\\\": $BOTCOPIER_GATE_FROM}\" > "
                      "\"$BOTCOPIER_JOB_DIR/metrics.json\"" % model_file}
    cfg = write_config(tmp_path / "c.json", dict(QUICK, TRAINING_BATCH_SIZE=500,
                                                  GATE_WINDOW=0.2), [job])
    cli(["daemon", "--config", str(cfg), "--once"], run, db)
    cli(["retrain"], run, db)
    cli(["daemon", "--config", str(cfg), "--once"], run, db)
    (row,) = check_invariants(db, run)
    bar_time = np.asarray(bc.read_bars(DATA / "aapl_daily.csv").time)[-500:]
    assert row["metrics"]["seen_gate_from"] == row["metrics"]["gate_window_from"] \
        == bar_time[500 - 100]
    assert (row["data_from"], row["data_to"]) == (bar_time[0], bar_time[500 - 101])
    assert row["state"] == "active" and row["gate_metric"] == "fidelity_f1"


def test_gate_decides_activation_by_metric_and_margin(db, tmp_path, model_file):
    run = tmp_path / "run"
    for i, (score, expect_active) in enumerate([(0.5, True), (0.52, False), (0.7, True)]):
        cfg = write_config(tmp_path / ("c%d.json" % i), dict(SCORED, GATE_MARGIN=0.05),
                           [quick_job("EURUSD", model_file, score)])
        cli(["daemon", "--config", str(cfg), "--once"], run, db)
        cli(["retrain"], run, db)
        cli(["daemon", "--config", str(cfg), "--once"], run, db)
    rows = check_invariants(db, run)
    assert [(r["state"], r["gate_score"]) for r in rows] == [("retired", 0.5),
                                                             ("rejected", 0.52),
                                                             ("active", 0.7)]
    assert rows[2]["gate_baseline"] == 0.5 and rows[2]["parent_version"] == rows[0]["version"]
    cli(["models", "activate", str(rows[1]["version"])], run, db)  # the operator's call
    assert [r["state"] for r in registry(db, run).query("models")] == ["retired", "active",
                                                                       "retired"]
    bad = cli(["models", "activate", "999"], run, db, check=False)
    assert bad.returncode == 1 and "no model version 999" in bad.stderr


@pytest.mark.parametrize("ties", ["false", "true"])
def test_gate_tie_rule_is_a_setting(db, tmp_path, model_file, ties):
    """GATE_ACCEPT_TIES: by default (false) a retrain scoring exactly the
    active score (an update that changes no decision) is rejected, so the
    active version never churns; true lets it pass. A lower score is
    rejected either way."""
    run = tmp_path / "run"
    expected = [("active", 0.5), ("rejected", 0.25)]
    for i, score in enumerate([0.5, 0.25, 0.5]):
        cfg = write_config(tmp_path / ("c%d.json" % i), dict(SCORED, GATE_ACCEPT_TIES=ties),
                           [quick_job("EURUSD", model_file, score)])
        cli(["daemon", "--config", str(cfg), "--once"], run, db)
        cli(["retrain"], run, db)
        cli(["daemon", "--config", str(cfg), "--once"], run, db)
    rows = check_invariants(db, run)
    if ties == "true":
        expected = [("retired", 0.5), ("rejected", 0.25), ("active", 0.5)]
    else:
        expected += [("rejected", 0.5)]
    assert [(r["state"], r["gate_score"]) for r in rows] == expected
    assert rows[2]["gate_baseline"] == 0.5


def test_max_concurrent_training_jobs_bounds_the_running_jobs(db, tmp_path, model_file):
    """MAX_CONCURRENT_TRAINING_JOBS = 2 with 5 queued jobs of 1.5 s each: the
    trainers' own start/end times (written by each trainer process) never
    overlap more than 2 deep, and do reach 2 (the jobs run in parallel);
    the daemon's heartbeat row reports max_jobs = 2."""
    run, log = tmp_path / "run", tmp_path / "spans.txt"
    extra = ("echo \"$(date +%%s.%%N) 1\" >> %s; sleep 1.5; echo \"$(date +%%s.%%N) -1\" >> %s; "
             % (log, log))
    jobs = [quick_job(sym, model_file, 0.5, extra) for sym in "ABCDE"]
    cfg = write_config(tmp_path / "c.json", dict(SCORED, MAX_CONCURRENT_TRAINING_JOBS=2), jobs)
    cli(["daemon", "--config", str(cfg), "--once"], run, db)  # defines the jobs
    cli(["retrain"], run, db)
    cli(["daemon", "--config", str(cfg), "--once"], run, db, timeout=180)
    events = sorted((float(t), int(d)) for t, d in (l.split() for l in log.read_text().split("\n") if l))
    assert len(events) == 10
    depth = np.cumsum([d for _, d in sorted(events, key=lambda e: (e[0], e[1]))])
    assert depth.max() == 2 and depth[-1] == 0
    with registry(db, run) as reg:
        assert all(j["state"] == "done" for j in reg.query("jobs"))
    status = json.loads(cli(["status", "--json"], run, db).stdout)
    assert {d["max_jobs"] for d in status["daemons"]} == {2}  # each --once run


def test_daemon_applies_model_retention_days(db, tmp_path, model_file):
    """MODEL_RETENTION_DAYS reaches the daemon's cleanup pass (one at start):
    a rejected version older than it goes, file and row together; the
    active version, older still, stays and loads."""
    run = tmp_path / "run"
    for i, score in enumerate([0.5, 0.25]):
        cfg = write_config(tmp_path / ("c%d.json" % i), SCORED,
                           [quick_job("EURUSD", model_file, score)])
        cli(["daemon", "--config", str(cfg), "--once"], run, db)
        cli(["retrain"], run, db)
        cli(["daemon", "--config", str(cfg), "--once"], run, db)
    v1, v2 = check_invariants(db, run)
    assert (v1["state"], v2["state"]) == ("active", "rejected")
    assert (run / "models" / v2["path"]).exists()
    time.sleep(2.2)
    # 1e-5 days = 0.864 s: both versions are older than that
    cfg = write_config(tmp_path / "c.json", dict(SCORED, MODEL_RETENTION_DAYS=1e-5),
                       [quick_job("EURUSD", model_file, 0.5)])
    cli(["daemon", "--config", str(cfg), "--once"], run, db)
    (kept,) = check_invariants(db, run)
    assert kept["version"] == v1["version"] and kept["state"] == "active"
    assert not (run / "models" / v2["path"]).exists()


RL_PRICES = DATA / "portfolio" / "three_assets_daily.csv"
RL_SMALL = ("--n-envs 8 --n-steps 16 --hidden-dim 16 --n-gru-layers 1 --episode-length 24 "
            "--epochs 2 --critic-epochs 1 --threads 1 --iterations 2")


def rl_job(seed):
    """A job whose trainer is `botcopier rl-train` (a GRU PPO policy) and
    whose metrics.json holds the last iteration's composite_score."""
    out = '"$BOTCOPIER_JOB_DIR/rl"'
    pick = ("import json,sys; d=json.loads(open(sys.argv[1]).read().splitlines()[-1]); "
            "json.dump({'composite_score': d['composite_score']}, open(sys.argv[2], 'w'))")
    return {"symbol": "PORT", "strategy": "ppo", "source": "lab",
            "trainer": "%s rl-train --prices %s --out %s --quiet %s --seed %d && cp %s/policy.bcp "
                       "\"$BOTCOPIER_JOB_DIR/model.bcm\" && %s -c \"%s\" %s/metrics.jsonl "
                       "\"$BOTCOPIER_JOB_DIR/metrics.json\""
                       % (CLI, RL_PRICES, out, RL_SMALL, seed, out, sys.executable, pick, out)}


def test_gate_compares_rl_policies_by_composite_score(db, tmp_path):
    """An RL policy job (GATE_METRIC composite_score): each seed's policy is
    registered with the composite score of its last PPO iteration - equal to
    the same rl-train run here - and activated only when it beats the active
    policy's."""
    run = tmp_path / "run"
    scores = {}
    for seed in (1, 2, 3):
        out = tmp_path / ("ref%d" % seed)
        p = subprocess.run([CLI, "rl-train", "--prices", str(RL_PRICES), "--out", str(out),
                            "--quiet", "--seed", str(seed)] + RL_SMALL.split(),
                           capture_output=True, text=True, timeout=120)
        assert p.returncode == 0, p.stderr
        last = (out / "metrics.jsonl").read_text().splitlines()[-1]
        scores[seed] = json.loads(last)["composite_score"]
    assert len(set(scores.values())) == 3
    active = None
    for i, seed in enumerate((1, 2, 3)):
        cfg = write_config(tmp_path / ("c%d.json" % i), dict(QUICK, GATE_METRIC="composite_score"),
                           [rl_job(seed)])
        cli(["daemon", "--config", str(cfg), "--once"], run, db)
        cli(["retrain"], run, db)
        cli(["daemon", "--config", str(cfg), "--once"], run, db)
        row = check_invariants(db, run)[-1]
        assert row["gate_metric"] == "composite_score"
        assert row["gate_score"] == scores[seed] and row["metrics"]["composite_score"] == scores[seed]
        beats = active is None or scores[seed] > scores[active]
        assert row["state"] == ("active" if beats else "rejected"), (seed, scores, row)
        if beats:
            active = seed
    rows = check_invariants(db, run)
    assert {r["state"] for r in rows} == {"active", "retired", "rejected"}  # both outcomes
    (act,) = [r for r in rows if r["active"]]
    assert act["gate_score"] == max(scores.values())
    assert bc.Model.load(run / "models" / act["path"]).info["model_type"] == "policy"


def test_crashing_and_hanging_jobs_are_retried_then_dead(db, tmp_path, model_file):
    run = tmp_path / "run"
    pidfile = tmp_path / "hang.pid"
    jobs = [{"symbol": "CRASH", "strategy": "s", "source": "t", "trainer": "kill -SEGV $$"},
            {"symbol": "HANG", "strategy": "s", "source": "t",
             "trainer": "echo $$ >> %s; exec sleep 600" % pidfile},
            quick_job("OK", model_file, 1)]
    # 3 s: room for a crash to be a crash on a loaded machine, not a timeout
    cfg = write_config(tmp_path / "c.json", dict(SCORED, TRAINING_RETRY_ATTEMPTS=1,
                                                  TRAINING_JOB_TIMEOUT=3), jobs)
    cli(["daemon", "--config", str(cfg), "--once"], run, db)
    cli(["retrain"], run, db)
    t0 = time.time()
    cli(["daemon", "--config", str(cfg), "--once"], run, db, timeout=60)
    assert time.time() - t0 < 40  # two 3 s timeouts, not the trainer's 600 s
    runs = {j["job_key"].split("/")[0]: (j, r) for j, r in job_runs(db, run).values()}
    crash, crash_runs = runs["CRASH"]
    assert crash["state"] == "dead" and crash["attempts"] == 2
    assert "signal 11" in crash["error"] and [r["outcome"] for r in crash_runs] == ["failed"] * 2
    hang, hang_runs = runs["HANG"]
    assert hang["state"] == "dead" and "timed out" in hang["error"] and len(hang_runs) == 2
    def gone(pid):
        try:
            with open("/proc/%s/stat" % pid) as f:
                return f.read().rsplit(")", 1)[1].split()[0] in "ZX"
        except OSError:
            return True
    for pid in pidfile.read_text().split():  # the hung trainers were killed, not orphaned
        wait_for(lambda: gone(pid), 5, "trainer %s to die" % pid)
    ok, ok_runs = runs["OK"]
    # done once (on a loaded machine its first attempt may pass the timeout too)
    outcomes = [r["outcome"] for r in ok_runs]
    assert ok["state"] == "done" and outcomes.count("done") == 1 and outcomes[-1] == "done"
    rows = check_invariants(db, run)
    assert [r["model_key"] for r in rows] == ["OK/copy/test"]


def test_two_daemons_race_on_one_queue(db, tmp_path, model_file):
    run = tmp_path / "run"
    jobs = [quick_job("S%d" % i, model_file, 0.5 + i / 100) for i in range(6)]
    cfg = write_config(tmp_path / "c.json", dict(SCORED, MAX_CONCURRENT_TRAINING_JOBS=2,
                                                  TRAINING_RETRY_ATTEMPTS=5), jobs)
    cli(["daemon", "--config", str(cfg), "--once"], run, db)
    for _ in range(2):
        cli(["retrain"], run, db)
    daemons = [spawn_daemon(cfg, run, db, "--once", "--worker-id", "w%d" % i) for i in range(2)]
    for d in daemons:
        assert d.wait(timeout=60) == 0, open(d.log_path).read()
    runs = job_runs(db, run)
    assert len(runs) == 12
    for job, attempts in runs.values():
        # completed exactly once; an earlier attempt can only have failed
        # because the other run of its key activated first (a stale gate)
        assert job["state"] == "done"
        assert [a["outcome"] for a in attempts].count("done") == 1
        assert [a["outcome"] for a in attempts][-1] == "done"
        assert {a["worker_id"] for a in attempts} <= {"w0", "w1"}
    rows = check_invariants(db, run)
    # each key: one run activated, the other (same score) rejected by the gate
    assert sorted(r["state"] for r in rows if r["state"] != "staging") == \
        ["active"] * 6 + ["rejected"] * 6


def test_cron_ticks_are_queued_once_by_racing_daemons(db, tmp_path, model_file):
    """Two daemons on one schedule ("* * * * *"; STARTING_DEADLINE 61 s makes
    the minute that just began due at once): each tick becomes one job,
    run once."""
    run = tmp_path / "run"
    job = dict(quick_job("TICK", model_file, 1), cron="* * * * *")
    cfg = write_config(tmp_path / "c.json", dict(SCORED, STARTING_DEADLINE=61), [job])
    start = int(time.time())
    daemons = [spawn_daemon(cfg, run, db, "--worker-id", "d%d" % i) for i in range(2)]
    try:
        jobs = wait_for(lambda: [j for j, _ in job_runs(db, run).values()
                                 if j["state"] == "done"], 30, "the tick's job")
    finally:
        for d in daemons:
            d.send_signal(signal.SIGTERM)
        for d in daemons:
            assert d.wait(timeout=20) == 0, open(d.log_path).read()
    runs = job_runs(db, run)
    ticks = [j["scheduled_for"] for j, _ in runs.values()]
    assert len(ticks) == len(set(ticks)) >= 1  # one job per tick
    for j, attempts in runs.values():
        assert j["kind"] == "scheduled" and j["scheduled_for"] % 60 == 0
        assert start - 61 <= j["scheduled_for"] <= time.time()
        assert [a["outcome"] for a in attempts].count("done") <= 1
    assert jobs[0]["job_key"] == "TICK/copy/test"
    check_invariants(db, run)


def test_sigterm_releases_running_jobs(db, tmp_path, model_file):
    run = tmp_path / "run"
    cfg = write_config(tmp_path / "c.json", dict(SCORED, SHUTDOWN_GRACE=0.5),
                       [quick_job("SLOW", model_file, 1, extra="sleep 600; ")])
    cli(["daemon", "--config", str(cfg), "--once"], run, db)
    cli(["retrain"], run, db)
    port = pg_cluster._free_port()
    d = spawn_daemon(cfg, run, db, "--no-schedule", "--prom-port", str(port))
    wait_for(lambda: any(j["state"] == "running" for j, _ in job_runs(db, run).values()), 20,
             "the job to start")
    import urllib.request

    def gauges():
        try:
            text = urllib.request.urlopen("http://127.0.0.1:%d/metrics" % port, timeout=5).read()
        except OSError:
            return None
        return {l.split()[0]: float(l.split()[1]) for l in text.decode().splitlines()
                if l.startswith("botcopier_daemon_")}
    g = wait_for(lambda: (gauges() or {}).get("botcopier_daemon_running_jobs") == 1 and gauges(),
                 10, "the running-jobs gauge")
    assert g["botcopier_daemon_heartbeat_ok"] == 1
    d.send_signal(signal.SIGTERM)
    assert d.wait(timeout=20) == 0
    ((job, attempts),) = job_runs(db, run).values()
    assert job["state"] == "queued" and job["attempts"] == 0 and attempts == []
    status = json.loads(cli(["status", "--json"], run, db).stdout)
    assert [x["state"] for x in status["daemons"]] == ["stopped", "stopped"]


def test_kill_9_during_activation_loses_nothing(db, tmp_path, model_file):
    """The daemon dies inside the activation transaction: the old version
    stays active and loadable, the job is taken back by the next daemon
    after its lease and completed exactly once; the half-published version
    is undone."""
    run = tmp_path / "run"
    base = dict(SCORED, LEASE_TIMEOUT=2, TRAINING_RETRY_ATTEMPTS=2,
                TRAINING_JOB_TIMEOUT=3, CLEANUP_INTERVAL=1)
    cfg1 = write_config(tmp_path / "c1.json", base, [quick_job("EURUSD", model_file, 0.5)])
    cli(["daemon", "--config", str(cfg1), "--once"], run, db)
    cli(["retrain"], run, db)
    cli(["daemon", "--config", str(cfg1), "--once"], run, db)
    cfg2 = write_config(tmp_path / "c2.json", dict(base, ACTIVATION_DELAY_MS=5000),
                        [quick_job("EURUSD", model_file, 0.9)])
    d = spawn_daemon(cfg2, run, db, "--no-schedule")  # defines the 0.9 trainer
    wait_for(lambda: "0.9" in json.dumps(registry(db, run).query("defs")), 20, "the definition")
    cli(["retrain"], run, db)
    # the child staged v2 and passed the gate; the daemon is now inside
    # bc_jobs_complete, sleeping before COMMIT
    wait_for(lambda: list((run / "work").glob("job-2-a1/result.json")), 20, "the gate")
    time.sleep(1.0)
    d.kill()
    d.wait()
    rows = check_invariants(db, run)
    assert [(r["state"], r["active"]) for r in rows] == [("active", 1), ("staging", 0)]
    d2 = spawn_daemon(cfg1.with_name("c1.json"), run, db, "--no-schedule")
    try:
        def finished():
            jobs = job_runs(db, run)
            return jobs[2][0]["state"] == "done" and jobs
        jobs = wait_for(finished, 30, "the job to be taken back and completed")
        job, attempts = jobs[2]
        assert [a["outcome"] for a in attempts] == ["failed", "done"]
        wait_for(lambda: all(r["state"] != "staging" for r in registry(db, run).query("models")),
                 15, "cleanup to undo the half-published version")
    finally:
        d2.send_signal(signal.SIGTERM)
        d2.wait(timeout=20)
    rows = check_invariants(db, run)
    states = [(r["version"], r["state"]) for r in rows]
    assert states == [(1, "retired"), (3, "active")]


def test_database_restart_mid_run(cluster, tmp_path, model_file):
    """PostgreSQL stops and starts while a job runs and the daemon
    heartbeats: the daemon reconnects, the job completes once."""
    db = cluster.create_database("t_" + uuid.uuid4().hex[:12])
    run = tmp_path / "run"
    cfg = write_config(tmp_path / "c.json", dict(SCORED, LEASE_TIMEOUT=30),
                       [quick_job("EURUSD", model_file, 0.5, extra="sleep 1; ")])
    cli(["daemon", "--config", str(cfg), "--once"], run, db)
    cli(["retrain"], run, db)
    d = spawn_daemon(cfg, run, db, "--no-schedule")
    try:
        wait_for(lambda: any(j["state"] == "running" for j, _ in job_runs(db, run).values()),
                 20, "the job to start")
        cluster.stop("fast")
        time.sleep(3)  # the trainer ends while the database is down: its
        cluster.start()  # registry step and the daemon's heartbeats wait
        wait_for(lambda: all(j["state"] == "done" for j, _ in job_runs(db, run).values()), 30,
                 "the job to be recorded")
        assert d.poll() is None, open(d.log_path).read()
    finally:
        d.send_signal(signal.SIGTERM)
        d.wait(timeout=20)
    ((job, attempts),) = job_runs(db, run).values()
    assert job["attempts"] == 1 and [a["outcome"] for a in attempts] == ["done"]
    rows = check_invariants(db, run)
    assert [r["state"] for r in rows] == ["active"]
    assert "heartbeat failed" in open(d.log_path).read()


def test_ml_training_debug_and_log_level(tmp_path, model_file):
    """Seed 001's logging settings: by default INFO lines and no DEBUG;
    ML_TRAINING_DEBUG=true adds DEBUG lines (every setting in effect, each
    job's train-job command); LOG_LEVEL=ERROR leaves no INFO line."""
    cfg = write_config(tmp_path / "c.json", SCORED, [quick_job("EURUSD", model_file, 0.5)])
    db = str(tmp_path / "run" / "registry.db")

    def daemon_log(**env):
        cli(["retrain", "--job", "EURUSD/copy/test"], tmp_path / "run", db)
        return cli(["daemon", "--config", str(cfg), "--once"], tmp_path / "run", db,
                   env=env).stderr

    cli(["daemon", "--config", str(cfg), "--once"], tmp_path / "run", db)  # defines the job
    text = daemon_log()
    assert " INFO daemon[" in text and " DEBUG " not in text
    text = daemon_log(ML_TRAINING_DEBUG="true")
    assert " DEBUG daemon[" in text and "setting TRAINING_JOB_TIMEOUT = 3600" in text
    assert "setting ML_TRAINING_DEBUG = true" in text and "train-job --job " in text
    text = daemon_log(LOG_LEVEL="DEBUG")
    assert "setting LOG_LEVEL = DEBUG" in text
    text = daemon_log(LOG_LEVEL="ERROR")
    assert " INFO " not in text and " DEBUG " not in text
    with registry(db, tmp_path / "run") as reg:
        assert [j["state"] for j in reg.query("jobs")] == ["done"] * 4


def test_daemon_config_errors_are_named(tmp_path):
    cfg = tmp_path / "c.json"
    for text, words in [('{"jobs": []}', "defines no job"),
                        ('{"settings": {"TRAINING_JOB_TIMEOUT": -1}, "jobs": [{"symbol": "A",'
                         ' "strategy": "s", "source": "x"}]}', "TRAINING_JOB_TIMEOUT = '-1'"),
                        ('{"settings": {"TRAINING_CRON_SCHEDULE": "0 25 * * *"}}', "hour"),
                        ('{"nope": 1}', "key 'nope' is unknown"),
                        ('{"settings": {"GATE_ACCEPT_TIES": 1}, "jobs": [{"symbol": "A",'
                         ' "strategy": "s", "source": "x"}]}', "GATE_ACCEPT_TIES = '1'")]:
        cfg.write_text(text)
        p = cli(["daemon", "--config", str(cfg), "--once"], tmp_path / "run",
                str(tmp_path / "r.db"), check=False)
        assert p.returncode == 2 and words in p.stderr, (text, p.stderr)
    # the environment overrides the config, and a bad value there is named
    cfg.write_text('{"settings": {"TRAINING_JOB_TIMEOUT": 60}, "jobs": [{"symbol": "A",'
                   ' "strategy": "s", "source": "x"}]}')
    p = cli(["daemon", "--config", str(cfg), "--once"], tmp_path / "run",
            str(tmp_path / "r.db"), check=False, env={"TRAINING_JOB_TIMEOUT": "0"})
    assert p.returncode == 2 and "TRAINING_JOB_TIMEOUT = '0' (from the environment)" in p.stderr
    help_text = cli(["daemon", "--help"], tmp_path, "", check=True).stdout
    for name, default in [("TRAINING_CRON_SCHEDULE", "0 2,14,22 * * *"),
                          ("TRAINING_BATCH_SIZE", "1000"), ("MAX_CONCURRENT_TRAINING_JOBS", "3"),
                          ("TRAINING_JOB_TIMEOUT", "3600"), ("TRAINING_RETRY_ATTEMPTS", "3"),
                          ("MIN_TRAINING_DATA_POINTS", "100"), ("MODEL_RETENTION_DAYS", "30"),
                          ("ML_TRAINING_DEBUG", "false"), ("LOG_LEVEL", "INFO"),
                          ("GATE_MARGIN", "0"), ("GATE_ACCEPT_TIES", "false"),
                          ("GATE_WINDOW", "0.3")]:
        line = next(l for l in help_text.splitlines() if l.strip().startswith(name))
        assert default in line
