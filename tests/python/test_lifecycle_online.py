"""The daemon's job kinds that keep a model healthy after its first training,
with real components on SQLite and on a throwaway PostgreSQL server (the
fixtures and fault-injection helpers of test_lifecycle.py): the online update
from new trade-log events (checked against the same update done through the
library API, and the time-decay weights against numpy), the active-learning
job on labelled uncertain decisions, the gate refusing a worse candidate, the
monitor's retrain verdict queueing exactly one job, a crashing online job
retried and kill -9 inside the activation of an online candidate."""
import calendar
import csv
import json
import math
import os
import pathlib
import signal
import time

import numpy as np
import pytest

import botcopier as bc
from botcopier.decisions import DecisionLog

from test_lifecycle import (CLI, DATA, QUICK, _stop_cluster, check_invariants, cli,  # noqa: F401
                            cluster, db, job_runs, registry, spawn_daemon, wait_for)

TRADES = DATA / "sample_bot_aapl_trades_raw.csv"
BARS = DATA / "aapl_daily.csv"
KEY = "AAPL/logistic/mt5"
HALF_LIFE = 45.0
# The gate window: the newest 10% of the bars (from 2017-11 on), which no
# update may learn; events 121..141 come before it, 142..161 inside it.
GATE_WINDOW = 0.1
ONLINE = dict(QUICK, TRAINING_BATCH_SIZE=0, ONLINE_HALF_LIFE_DAYS=HALF_LIFE,
              ONLINE_LEARNING_RATE=0.5, ONLINE_EPOCHS=7, ONLINE_L2=0.001,
              GATE_WINDOW=GATE_WINDOW)


def gate_cut(window=GATE_WINDOW):
    """The first bar time of the gate window: the newest ceil(n * window)
    bars of the batch (here all bars)."""
    t = np.asarray(bc.read_bars(BARS).time)
    return int(t[len(t) - math.ceil(len(t) * window)])


def before_gate(window=GATE_WINDOW):
    """The spec's bars and trades before the gate window: all an update job
    may learn from."""
    cut = gate_cut(window)
    bars = bc.read_bars(BARS)
    k = int(np.searchsorted(np.asarray(bars.time), cut))
    cols = {c: np.ascontiguousarray(getattr(bars, c)[:k])
            for c in ("time", "open", "high", "low", "close", "volume")}
    head = bc.Bars.from_arrays(cols["time"], cols["close"], open=cols["open"],
                               high=cols["high"], low=cols["low"], volume=cols["volume"])
    trades = bc.Trades()
    for e in bc.read_trades(TRADES):
        if e.time < cut:
            trades.append(e)
    return head, trades


def last_event_before_gate(window=GATE_WINDOW):
    """The newest event id before the gate window (141 here)."""
    ev_time, ev_id = event_times_and_ids()
    return int(ev_id[ev_time < gate_cut(window)].max())


def trades_head(path, n_events):
    """The first n_events events of the sample bot's log (a log as it was)."""
    lines = TRADES.read_text().splitlines(True)
    path.write_text("".join(lines[:1 + n_events]))
    return path


def config(tmp_path, settings, **job):
    cfg = tmp_path / "config.json"
    spec = {"symbol": "AAPL", "strategy": "logistic", "source": "mt5",
            "trades": str(tmp_path / "trades.csv"), "bars": str(BARS), "cron": ""}
    spec.update(job)
    cfg.write_text(json.dumps({"settings": settings, "jobs": [spec]}))
    return cfg


def run_kind(cfg, run, db_url, kind):
    cli(["retrain", "--kind", kind], run, db_url)
    cli(["daemon", "--config", str(cfg), "--once"], run, db_url)


def first_version(tmp_path, db_url, settings, n_events, **job):
    """A run folder whose active version 1 is a full refit on the first
    n_events events."""
    run = tmp_path / "run"
    trades_head(tmp_path / "trades.csv", n_events)
    # the first refit with the default window (0.3: the cloner calibrates on
    # the 20% before its held-out tail, where the first events still are);
    # the updates after it run with the test's settings
    cfg = config(tmp_path, dict(settings, GATE_WINDOW=0.3), **job)
    cli(["daemon", "--config", str(cfg), "--once"], run, db_url)  # defines the job
    run_kind(cfg, run, db_url, "full")
    (v1,) = check_invariants(db_url, run)
    assert v1["state"] == "active" and v1["last_event_id"] == n_events
    return run, config(tmp_path, settings, **job), v1


def model_of(run, row):
    return bc.Model.load(pathlib.Path(run) / "models" / row["path"])


def event_times_and_ids():
    with open(TRADES) as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    times = np.array([calendar.timegm(time.strptime(r["event_time"], "%Y.%m.%d %H:%M:%S"))
                      for r in rows], np.int64)
    return times, np.array([int(r["event_id"]) for r in rows], np.int64)


def test_online_job_learns_the_new_events_as_the_library_does(db, tmp_path):
    """An online job on the events after the active version's last_event_id:
    a candidate with parent = the active version, the new last_event_id in
    its row and file, and weights equal to ONLINE_EPOCHS bc_model_update
    steps on bc_model_event_rows' rows done here; its time-decay weights
    equal numpy's 0.5 ** (age_days / half_life)."""
    # GATE_MARGIN -1: the gate passes any candidate (activation is the path under test)
    run, cfg, v1 = first_version(tmp_path, db, dict(ONLINE, GATE_MARGIN=-1), 120)
    trades_head(tmp_path / "trades.csv", 161)  # the bot traded on
    run_kind(cfg, run, db, "online")
    v1_now, v2 = check_invariants(db, run)
    assert (v1_now["state"], v2["state"]) == ("retired", "active")
    last_before = last_event_before_gate()
    assert last_before == 141  # events 142..161 are inside the gate window
    assert v2["parent_version"] == 1 and v2["last_event_id"] == last_before
    candidate = model_of(run, v2)
    assert candidate.last_event_id == last_before
    (job,) = [j for j in registry(db, run).query("jobs") if j["kind"] == "online"]
    assert job["state"] == "done" and job["result_version"] == 2

    # the update learned the bars and events before the gate window only
    cut = gate_cut()
    bars, trades = before_gate()
    active = model_of(run, v1)
    x, y, w, t, last = active.event_rows(bars, trades, half_life_days=HALF_LIFE)
    assert last == last_before
    assert v2["metrics"]["event_rows"] == len(y) == v2["metrics"]["update_rows"]
    assert v2["metrics"]["gate_window_from"] == cut
    assert (v2["data_from"], v2["data_to"]) == (t[0], t[-1]) and t[-1] < cut
    ev_time, ev_id = event_times_and_ids()
    first_new = ev_time[ev_id > 120].min()
    bar_time = np.asarray(bars.time)
    assert t[0] == bar_time[np.searchsorted(bar_time, first_new, side="right") - 1]
    assert t[-1] == bar_time[-1] and np.all(np.diff(t) > 0)
    age_days = np.maximum(ev_time[ev_time < cut].max() - t, 0) / 86400.0
    np.testing.assert_allclose(w, 0.5 ** (age_days / HALF_LIFE), rtol=1e-15, atol=0)
    assert set(np.unique(y)) <= {0, 1, 2, 3} and (y != 0).sum() >= 10  # the new entries

    expected = active.copy()
    for _ in range(ONLINE["ONLINE_EPOCHS"]):
        expected.update(x, y, w, ONLINE["ONLINE_LEARNING_RATE"], ONLINE["ONLINE_L2"])
    np.testing.assert_array_equal(candidate.predict(x), expected.predict(x))
    assert not np.array_equal(candidate.predict(x), active.predict(x))  # it did learn
    # each ONLINE_* setting matters: its default in place of the test's value
    # gives another candidate
    w30 = active.event_rows(bars, trades, half_life_days=30.0)[2]
    for weights, rate, l2, epochs in ((w30, 0.5, 0.001, 7), (w, 0.05, 0.001, 7),
                                      (w, 0.5, 0.0001, 7), (w, 0.5, 0.001, 20)):
        other = active.copy()
        for _ in range(epochs):
            other.update(x, y, weights, rate, l2)
        assert not np.array_equal(other.predict(x), candidate.predict(x))
    # the events after it are all inside the gate window: the next online
    # job is skipped (not retried) - an update never learns the window the
    # gate scores it on
    run_kind(cfg, run, db, "online")
    last_job = registry(db, run).query("jobs")[0]
    assert last_job["state"] == "skipped", last_job
    assert "after last_event_id 141 before the gate window" in last_job["error"]


def test_gate_refuses_a_worse_online_candidate(db, tmp_path):
    """A step far too large ruins the clone: the gate refuses it, the active
    version stays active and loadable, every file has its row."""
    run, cfg, v1 = first_version(tmp_path, db, dict(ONLINE, ONLINE_LEARNING_RATE=1000), 120)
    trades_head(tmp_path / "trades.csv", 161)
    run_kind(cfg, run, db, "online")
    v1_now, v2 = check_invariants(db, run)
    assert (v1_now["state"], v1_now["active"]) == ("active", 1)
    assert v2["state"] == "rejected" and v2["parent_version"] == 1
    assert v2["gate_score"] < v2["gate_baseline"]
    assert v1_now["last_event_id"] == 120 and v2["last_event_id"] == 141


def test_active_learning_moves_decisions_toward_the_labels(db, tmp_path):
    """Labelled uncertain decisions (logged features, label close where the
    bot held on) join as weighted rows: the candidate's probability of the
    label rises on every one of those rows, and its argmax follows the label
    on more of them."""
    run = tmp_path / "run"
    uncertain = tmp_path / "uncertain_decisions.csv"
    settings = dict(ONLINE, UNCERTAIN_WEIGHT=3, ONLINE_LEARNING_RATE=0.5, ONLINE_EPOCHS=30)
    run, cfg, v1 = first_version(tmp_path, db, settings, 161, uncertain=str(uncertain))
    active = model_of(run, v1)
    x, y, _, t, _ = active.event_rows(bc.read_bars(BARS), bc.read_trades(TRADES),
                                      after_event_id=-(2 ** 63))
    # bars where the bot held its position; the labeller says: close there
    cut = gate_cut()
    rows = np.flatnonzero((y == 0) & (t < cut))[::40][:25]
    assert len(rows) == 25
    # labelled decisions inside the gate window: held back, never learned
    inside = np.flatnonzero((y == 0) & (t >= cut))[:4]
    with DecisionLog(uncertain, uncertain=True) as log:
        for i in np.concatenate([rows, inside]):
            log.write(event_id=int(t[i]), timestamp=int(t[i]), probability=0.5, label=3.0,
                      features=np.ascontiguousarray(x[i]))
    run_kind(cfg, run, db, "active")
    rows_now = check_invariants(db, run)
    assert len(rows_now) == 2, registry(db, run).query("jobs")[0]["error"]
    v2 = rows_now[1]
    assert v2["parent_version"] == 1 and v2["metrics"]["extra_rows"] == len(rows)
    assert v2["metrics"]["held_back_rows"] == len(inside) == 4
    assert v2["data_to"] == t[rows].max() < cut
    assert v2["metrics"]["event_rows"] == 0 and v2["last_event_id"] == 161
    before = active.predict(x[rows])[:, 3]
    after = model_of(run, v2).predict(x[rows])[:, 3]
    assert np.all(after > before) and after.mean() > before.mean() + 0.05
    assert (model_of(run, v2).predict(x[rows]).argmax(1) == 3).sum() > \
        (active.predict(x[rows]).argmax(1) == 3).sum()
    # the same update done here: the logged rows, each UNCERTAIN_WEIGHT
    expected = active.copy()
    xr = np.ascontiguousarray(x[rows])
    for _ in range(settings["ONLINE_EPOCHS"]):
        expected.update(xr, np.full(len(rows), 3, np.int32), np.full(len(rows), 3.0),
                        settings["ONLINE_LEARNING_RATE"], settings["ONLINE_L2"])
    np.testing.assert_array_equal(model_of(run, v2).predict(x), expected.predict(x))


def drifted_bars(path):
    """The last 300 daily bars, the last 200 in a steep trend with five
    times the range: a retrain verdict (PSI of rsi, atr, ...)."""
    with open(BARS) as f:
        rows = list(csv.reader(f))
    out = [rows[0]]
    for i, r in enumerate(rows[-300:]):
        if i >= 100:
            k = 1 + 0.01 * (i - 100)
            o, h, l, c = map(float, r[1:5])
            o2, c2 = o * k, c * k
            r = [r[0], "%f" % o2, "%f" % (max(o2, c2) + 5 * (h - max(o, c)) * k),
                 "%f" % (min(o2, c2) - 5 * (min(o, c) - l) * k), "%f" % c2] + r[5:]
        out.append(r)
    with open(path, "w", newline="") as f:
        csv.writer(f).writerows(out)
    return path


def test_monitor_verdict_queues_exactly_one_retrain(db, tmp_path):
    """A monitor job on its schedule sees drift and queues one retrain with
    the verdict's reasons on the job row (botcopier status shows them);
    monitors racing on the same data while it is queued, and after it ran,
    queue none."""
    live = drifted_bars(tmp_path / "live.csv")
    run, cfg, v1 = first_version(tmp_path, db, dict(ONLINE, MAX_CONCURRENT_TRAINING_JOBS=3,
                                                    STARTING_DEADLINE=120,
                                                    MONITOR_RETRAIN_KIND="full"),
                                 161, live_bars=str(live),
                                 schedules={"monitor": "* * * * *"})
    d = spawn_daemon(cfg, run, db)  # queues the last minute's monitor tick at start
    try:
        def retrained():
            jobs = registry(db, run).query("jobs")
            done = [j for j in jobs if j["reason"] and j["state"] in ("done", "dead")]
            return done and jobs
        jobs = wait_for(retrained, 60, "the monitor's retrain to run")
    finally:
        d.send_signal(signal.SIGTERM)
        d.wait(timeout=30)
    # the cron tick's monitor (a later minute may have queued another by now)
    ticked = [j for j in jobs if j["kind"] == "monitor" and j["scheduled_for"]]
    assert ticked and ticked[-1]["state"] == "done"
    (retrain,) = [j for j in jobs if j["trigger_key"]]
    assert retrain["kind"] == "full" and retrain["state"] == "done"
    assert retrain["reason"].startswith("monitor of version 1: drift: feature ")
    assert "psi_retrain" in retrain["reason"]
    # the same verdict again, twice at once: nothing more is queued
    cli(["retrain", "--kind", "monitor"], run, db)
    cli(["retrain", "--kind", "monitor"], run, db)
    cli(["daemon", "--config", str(cfg), "--once"], run, db)
    jobs = registry(db, run).query("jobs", "100")
    assert len([j for j in jobs if j["trigger_key"]]) == 1
    assert sum(j["kind"] == "monitor" and j["state"] == "done" for j in jobs) >= 3
    text = cli(["status"], run, db).stdout
    assert "reason: monitor of version 1: drift" in text
    with registry(db, run) as reg:
        names = {m["name"] for m in reg.query("metrics", "1000")}
    assert "monitor_retrain" in names
    check_invariants(db, run)


def stale_bars(path):
    """The training bars with the last 200 frozen at one price (a dead
    feed): data quality flags them (stale prices)."""
    with open(BARS) as f:
        rows = list(csv.reader(f))
    frozen = rows[-201][4]
    for r in rows[-200:]:
        r[1:5] = [frozen] * 4
        r[5] = frozen
    with open(path, "w", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def shifted_decisions(path):
    """200 decisions whose probability steps from about 0.2 to about 0.9
    halfway (a live model that changed behaviour): Page-Hinkley and CUSUM
    alarm on the probability stream."""
    t0 = calendar.timegm((2018, 1, 1, 0, 0, 0))
    with DecisionLog(path) as log:
        for i in range(200):
            p = (0.2 if i < 100 else 0.9) + 0.03 * math.sin(i)
            log.write(event_id=i + 1, timestamp=t0 + 3600 * i, probability=p)
    return path


@pytest.mark.parametrize("trigger", ["detectors", "quality"])
def test_each_health_check_can_queue_a_retrain(db, tmp_path, trigger):
    """Besides drift (above), the change detectors on the live decisions and
    the bars' data quality each give a retrain verdict that a monitor job
    turns into one queued retrain, with that check named in its reason."""
    if trigger == "detectors":  # the training bars themselves: no drift, good quality
        files = dict(live_bars=str(BARS), decisions=str(shifted_decisions(tmp_path / "d.csv")))
    else:
        files = dict(live_bars=str(stale_bars(tmp_path / "stale.csv")))
    run, cfg, v1 = first_version(tmp_path, db, ONLINE, 161, **files)
    cli(["retrain", "--kind", "monitor"], run, db)
    cli(["daemon", "--config", str(cfg), "--once"], run, db)
    jobs = registry(db, run).query("jobs")
    (monitor,) = [j for j in jobs if j["kind"] == "monitor"]
    assert monitor["state"] == "done", monitor["error"]
    (triggered,) = [j for j in jobs if j["trigger_key"]]
    assert triggered["kind"] == "retrain"
    assert triggered["reason"].startswith("monitor of version 1:")
    assert ("%s: " % trigger) in triggered["reason"], triggered["reason"]
    if trigger == "detectors":
        assert "Page-Hinkley alarm on the probability stream" in triggered["reason"]
        assert "CUSUM alarm" in triggered["reason"] and "drift" not in triggered["reason"]


def test_monitor_trigger_is_atomic_while_a_job_waits(db, tmp_path):
    """bc_jobs_enqueue_triggered itself: one job per trigger, none while a
    training job of the key is queued, another for a new verdict after."""
    (tmp_path / "run").mkdir(exist_ok=True)  # the SQLite file's folder
    with bc.Registry(db, str(tmp_path / "store")) as reg:
        reg.define("K", {"symbol": "K"}, None, 1)
        a = reg.enqueue_triggered("K", "retrain", "monitor:1:0", "drift", 5, 5)
        assert a > 0
        assert reg.enqueue_triggered("K", "full", "monitor:2:0", "drift", 5, 5) == 0  # queued
        claim = reg.claim("w", 10)
        assert claim == (a, 1)
        assert reg.enqueue_triggered("K", "retrain", "monitor:2:0", "x", 10, 10) == 0  # running
        reg.finish(a, "w", 1, "done", None, 1, 0, 11)
        assert reg.enqueue_triggered("K", "retrain", "monitor:1:0", "x", 12, 12) == 0  # seen
        b = reg.enqueue_triggered("K", "online", "monitor:2:0", "new data", 12, 12)
        assert b > a
        with pytest.raises(bc.errors.InvalidArgumentError):
            reg.enqueue_triggered("K", "monitor", "monitor:3:0")
        job = reg.query("job", str(b))
        assert (job["kind"], job["reason"], job["trigger_key"]) == ("online", "new data",
                                                                    "monitor:2:0")


def train_job_pids(run):
    pids = []
    for p in pathlib.Path("/proc").iterdir():
        if not p.name.isdigit():
            continue
        try:
            cmd = (p / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"train-job" in cmd and any(str(run).encode() in c for c in cmd):
            pids.append(int(p.name))
    return pids


def test_online_job_crash_is_retried_and_kill_9_mid_activation_loses_nothing(db, tmp_path):
    """Fault injection on the new kind, with test_lifecycle's helpers: an
    online attempt killed by SIGKILL is a failed attempt, retried and done
    once; then the daemon is killed inside the activation transaction of the
    next online candidate: the previous version stays active and loadable,
    the job is taken back after its lease and completed exactly once, the
    half-published version is undone."""
    slow = dict(ONLINE, GATE_MARGIN=-1, TRAINING_RETRY_ATTEMPTS=2, ONLINE_EPOCHS=2000,
                LEASE_TIMEOUT=2, TRAINING_JOB_TIMEOUT=120, CLEANUP_INTERVAL=1)
    run, cfg, v1 = first_version(tmp_path, db, dict(slow, ONLINE_EPOCHS=1), 100)
    trades_head(tmp_path / "trades.csv", 130)
    cfg = config(tmp_path, slow)
    cli(["retrain", "--kind", "online"], run, db)
    d = spawn_daemon(cfg, run, db, "--no-schedule")
    try:
        pid = wait_for(lambda: train_job_pids(run), 30, "the online attempt")[0]
        os.kill(pid, signal.SIGKILL)
        def done():
            jobs = job_runs(db, run)
            job = [j for j in jobs.values() if j[0]["kind"] == "online"][0]
            return job[0]["state"] == "done" and job
        job, runs = wait_for(done, 90, "the retried online job")
    finally:
        d.send_signal(signal.SIGTERM)
        d.wait(timeout=30)
    assert [r["outcome"] for r in runs] == ["failed", "done"]
    rows = check_invariants(db, run)
    assert [(r["version"], r["state"], r["last_event_id"]) for r in rows] == [
        (1, "retired", 100), (2, "active", 130)]

    # kill -9 inside the activation of the next online candidate
    trades_head(tmp_path / "trades.csv", 161)
    fast = dict(slow, ONLINE_EPOCHS=7, TRAINING_JOB_TIMEOUT=4)  # staging undone after 4 + 2 s
    cfg_delay = config(tmp_path, dict(fast, ACTIVATION_DELAY_MS=5000))
    d = spawn_daemon(cfg_delay, run, db, "--no-schedule")
    cli(["retrain", "--kind", "online"], run, db)
    job_id = max(job_runs(db, run))
    wait_for(lambda: list((run / "work").glob("job-%d-a1/result.json" % job_id)), 30,
             "the gate")
    time.sleep(1.0)
    d.kill()
    d.wait()
    rows = check_invariants(db, run)
    assert [(r["state"], r["active"]) for r in rows] == [("retired", 0), ("active", 1),
                                                         ("staging", 0)]
    d2 = spawn_daemon(config(tmp_path, fast), run, db, "--no-schedule")
    try:
        def finished():
            jobs = job_runs(db, run)
            return jobs[job_id][0]["state"] == "done" and jobs
        jobs = wait_for(finished, 40, "the job to be taken back and completed")
        assert [a["outcome"] for a in jobs[job_id][1]] == ["failed", "done"]
        wait_for(lambda: all(r["state"] != "staging" for r in registry(db, run).query("models")),
                 20, "cleanup to undo the half-published version")
    finally:
        d2.send_signal(signal.SIGTERM)
        d2.wait(timeout=30)
    rows = check_invariants(db, run)
    assert [(r["version"], r["state"], r["parent_version"], r["last_event_id"])
            for r in rows] == [(1, "retired", None, 100), (2, "retired", 1, 130),
                               (4, "active", 2, 141)]  # 142.. are in the gate window


def test_replay_job_learns_the_diverged_bars_with_their_weight(db, tmp_path):
    """A replay job: the bars whose decision diverged (decision_id = the
    bar's time) join with the bot's own label at that bar and weight
    REPLAY_WEIGHT x the divergence's; decisions outside the bars are
    ignored; the candidate moves toward the bot on those bars."""
    from botcopier.decisions import Divergences
    divergences = tmp_path / "divergences.csv"
    settings = dict(ONLINE, REPLAY_WEIGHT=2, ONLINE_LEARNING_RATE=0.5, ONLINE_EPOCHS=30)
    run, cfg, v1 = first_version(tmp_path, db, settings, 161, divergences=str(divergences))
    active = model_of(run, v1)
    x, y, _, t, _ = active.event_rows(bc.read_bars(BARS), bc.read_trades(TRADES),
                                      after_event_id=-(2 ** 63))
    p_bot = active.predict(x)[np.arange(len(y)), y]
    cut = gate_cut()
    order = np.argsort(p_bot, kind="stable")  # where the clone follows the bot least
    rows = order[t[order] < cut][:15]
    div = Divergences()
    for k, i in enumerate(rows):
        div.append(decision_id=int(t[i]), old_prob=0.9, new_prob=0.1, weight=1.0 + k % 3)
    div.append(decision_id=1, old_prob=0.9, new_prob=0.1, weight=1.0)  # before the bars
    for i in order[t[order] >= cut][:5]:  # inside the gate window: never learned
        div.append(decision_id=int(t[i]), old_prob=0.9, new_prob=0.1, weight=100.0)
    div.write_csv(divergences)
    run_kind(cfg, run, db, "replay")
    v1_now, v2 = check_invariants(db, run)
    assert v2["parent_version"] == 1 and v2["metrics"]["extra_rows"] == len(rows)
    assert v2["data_to"] == t[rows].max() < cut
    assert v2["metrics"]["event_rows"] == 0 and v2["last_event_id"] == 161
    after = model_of(run, v2).predict(x[rows])[np.arange(len(rows)), y[rows]]
    assert np.all(after > p_bot[rows])
    # the same update done here: rows in the file's order, weight 2 x (1, 2, 3, 1, ...)
    expected = active.copy()
    xr, yr = np.ascontiguousarray(x[rows]), np.ascontiguousarray(y[rows])
    wr = 2.0 * (1.0 + np.arange(len(rows)) % 3)
    for _ in range(settings["ONLINE_EPOCHS"]):
        expected.update(xr, yr, wr, settings["ONLINE_LEARNING_RATE"], settings["ONLINE_L2"])
    np.testing.assert_array_equal(model_of(run, v2).predict(x), expected.predict(x))


V1_SCHEMA = """
CREATE TABLE bc_schema (version INTEGER NOT NULL);
CREATE TABLE bc_models (version @ID@, model_key TEXT NOT NULL, state TEXT NOT NULL,
 active INTEGER NOT NULL DEFAULT 0, path TEXT NOT NULL DEFAULT '', parent_version BIGINT,
 job_id BIGINT, created_at BIGINT NOT NULL, data_from BIGINT, data_to BIGINT,
 feature_spec_hash TEXT, metrics TEXT, gate_metric TEXT, gate_score DOUBLE PRECISION,
 gate_baseline DOUBLE PRECISION, gate_baseline_version BIGINT, activated_at BIGINT);
CREATE UNIQUE INDEX bc_models_one_active ON bc_models (model_key) WHERE active = 1;
CREATE INDEX bc_models_key ON bc_models (model_key, version);
CREATE TABLE bc_job_defs (job_key TEXT PRIMARY KEY, spec TEXT NOT NULL, cron TEXT,
 updated_at BIGINT);
CREATE TABLE bc_jobs (id @ID@, job_key TEXT NOT NULL, kind TEXT NOT NULL, spec TEXT NOT NULL,
 state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, run_after BIGINT NOT NULL,
 scheduled_for BIGINT, created_at BIGINT NOT NULL, claimed_by TEXT, claimed_at BIGINT,
 heartbeat_at BIGINT, finished_at BIGINT, error TEXT, result_version BIGINT,
 UNIQUE (job_key, scheduled_for));
CREATE INDEX bc_jobs_ready ON bc_jobs (state, run_after, id);
CREATE TABLE bc_job_runs (job_id BIGINT NOT NULL, attempt INTEGER NOT NULL,
 worker_id TEXT NOT NULL, started_at BIGINT NOT NULL, finished_at BIGINT, outcome TEXT,
 PRIMARY KEY (job_id, attempt));
CREATE TABLE bc_daemons (worker_id TEXT PRIMARY KEY, host TEXT, pid BIGINT,
 started_at BIGINT, heartbeat_at BIGINT, state TEXT, running INTEGER, max_jobs INTEGER);
CREATE TABLE bc_metrics (id @ID@, time BIGINT NOT NULL, job_id BIGINT, model_key TEXT,
 version BIGINT, name TEXT NOT NULL, value DOUBLE PRECISION);
INSERT INTO bc_schema (version) VALUES (1);
INSERT INTO bc_job_defs (job_key, spec, cron, updated_at) VALUES ('K', '{}', NULL, 1);
INSERT INTO bc_jobs (job_key, kind, spec, state, attempts, run_after, scheduled_for,
 created_at, error) VALUES ('K', 'scheduled', '{}', 'done', 1, 100, 100, 100, 'kept');
INSERT INTO bc_models (model_key, state, active, path, created_at) VALUES
 ('K', 'active', 1, 'K/v1.bcm', 100);
"""


def test_a_schema_1_registry_is_migrated_in_place(db, tmp_path, request):
    """A registry written before the job kinds (schema 1) opens as schema 2:
    its rows kept, the new columns empty, and cron ticks unique per kind."""
    if "://" in db:
        c = request.getfixturevalue("cluster")
        name = db.rsplit("/", 1)[1]
        c.psql(V1_SCHEMA.replace("@ID@", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
               name)
        version = lambda: c.psql("SELECT version FROM bc_schema", name).strip()  # noqa: E731
    else:
        import sqlite3
        pathlib.Path(db).parent.mkdir(parents=True)
        con = sqlite3.connect(db)
        con.executescript(V1_SCHEMA.replace("@ID@", "INTEGER PRIMARY KEY AUTOINCREMENT"))
        con.close()
        version = lambda: str(sqlite3.connect(db).execute(  # noqa: E731
            "SELECT version FROM bc_schema").fetchone()[0])
    with bc.Registry(db, str(tmp_path / "store")) as reg:
        (job,) = reg.query("jobs")
        assert (job["kind"], job["error"], job["reason"], job["trigger_key"]) == \
            ("scheduled", "kept", None, None)
        (model,) = reg.query("models")
        assert model["state"] == "active" and model["last_event_id"] is None
        assert reg.enqueue("K", "scheduled", 100, 100, 200) == 0  # that tick ran
        assert reg.enqueue("K", "online", 100, 100, 200) > job["id"]  # another kind's tick
        assert reg.enqueue_triggered("K", "retrain", "monitor:1:0", "drift", 200, 200) == 0
    assert version() == "2"
    with bc.Registry(db, str(tmp_path / "store")) as reg:  # opening again changes nothing
        assert len(reg.query("jobs")) == 2


# --- trees clones: online updates continue the boosting (bc_model_boost) ----

TREES = dict(ONLINE, ONLINE_TREES_ROUNDS=4, ONLINE_TREES_ETA=0.3)


def tree_count(model):
    return len(json.loads(model.json_text())["trees"])


def test_online_job_boosts_a_trees_clone(db, tmp_path):
    """An online job on a trees clone: a candidate whose ensemble is the
    active version's trees plus ONLINE_TREES_ROUNDS rounds of one tree per
    class fitted to the new events' rows (time-decay weights), equal to the
    same bc_model_boost done here; its predictions on the new events differ
    from the parent's and move toward the bot's labels. It goes through the
    gate: refused with a margin no F1 can beat, activated with margin -1 -
    the same update again, bit for bit."""
    job = dict(strategy="trees", model="trees", options={"rounds": 30})
    run, cfg, v1 = first_version(tmp_path, db, dict(TREES, GATE_MARGIN=1), 120, **job)
    trades_head(tmp_path / "trades.csv", 161)
    run_kind(cfg, run, db, "online")
    v1_now, v2 = check_invariants(db, run)
    assert (v1_now["state"], v2["state"]) == ("active", "rejected")
    assert v2["gate_score"] <= 1.0 and v1_now["last_event_id"] == 120
    # margin -1 with ties accepted passes any candidate (the gate's scores are
    # F1 in [0, 1]; this clone of 30 rounds trained on 120 events scores 0 on
    # the window once boosted, its parent 1)
    cfg = config(tmp_path, dict(TREES, GATE_MARGIN=-1, GATE_ACCEPT_TIES="true"), **job)
    run_kind(cfg, run, db, "online")
    v1_now, v2, v3 = check_invariants(db, run)
    assert (v1_now["state"], v3["state"]) == ("retired", "active")
    assert v3["parent_version"] == 1 and v3["last_event_id"] == 141
    assert v3["metrics"]["rounds_added"] == 4
    active, candidate = model_of(run, v1), model_of(run, v3)
    assert candidate.info["model_type"] == "trees"
    assert tree_count(candidate) == tree_count(active) + 4 * 4
    assert model_of(run, v2).json_text() == candidate.json_text()  # same rows, same trees

    bars, trades = before_gate()
    x, y, w, _, last = active.event_rows(bars, trades, half_life_days=HALF_LIFE)
    assert last == 141 and v3["metrics"]["event_rows"] == len(y)
    assert w.min() < 0.9 * w.max()  # the decay weights are not all 1
    expected = active.copy()
    assert expected.boost(x, y, w, rounds=4, eta=0.3, lam=1.0, max_trees=1500) == 4
    np.testing.assert_array_equal(candidate.predict(x), expected.predict(x))
    p_old, p_new = active.predict(x), candidate.predict(x)
    assert not np.array_equal(p_old, p_new)
    rows = np.arange(len(y))
    assert p_new[rows, y].mean() > p_old[rows, y].mean()  # toward the bot's labels
    # a setting the job ignored would give another ensemble: the default
    # half-life, rounds or eta
    w30 = active.event_rows(bars, trades, half_life_days=30.0)[2]
    for weights, rounds, eta in ((w30, 4, 0.3), (w, 10, 0.3), (w, 4, 0.1)):
        other = active.copy()
        other.boost(x, y, weights, rounds=rounds, eta=eta, lam=1.0)
        assert not np.array_equal(other.predict(x), p_new)


def test_trees_online_update_stops_at_online_max_trees(db, tmp_path):
    """ONLINE_MAX_TREES caps the ensemble: an update that has room for fewer
    rounds than ONLINE_TREES_ROUNDS adds what fits; at the cap the job is
    skipped (not retried), saying a full retrain starts a new ensemble."""
    job = dict(strategy="trees", model="trees", options={"rounds": 30})
    run, cfg, v1 = first_version(tmp_path, db, dict(TREES, GATE_MARGIN=-1), 100, **job)
    n1 = tree_count(model_of(run, v1))
    cap = n1 + 4 * 2 + 3  # room for 2 rounds of 4 trees
    cfg = config(tmp_path, dict(TREES, GATE_MARGIN=-1, ONLINE_MAX_TREES=cap), **job)
    trades_head(tmp_path / "trades.csv", 130)
    run_kind(cfg, run, db, "online")
    _, v2 = check_invariants(db, run)
    assert v2["state"] == "active" and v2["metrics"]["rounds_added"] == 2
    assert tree_count(model_of(run, v2)) == n1 + 8
    trades_head(tmp_path / "trades.csv", 161)
    run_kind(cfg, run, db, "online")
    job_row = registry(db, run).query("jobs")[0]
    assert job_row["kind"] == "online" and job_row["state"] == "skipped"
    assert "max_trees %d" % cap in job_row["error"] and "full retrain" in job_row["error"]
    assert len(check_invariants(db, run)) == 2


def test_trees_boost_matches_the_xgboost_package(tmp_path):
    """An independent reference: the xgboost Python package (its own XGBoost
    release, not the C library bc_model_boost loads), trained on the
    update's rows with the active version's raw scores as base margin and
    the same settings: its raw scores equal the updated model's bit for bit
    (the raw scores read from model.json by XGBoost's rule, in numpy)."""
    xgb = pytest.importorskip("xgboost")
    p = __import__("subprocess").run(
        [CLI, "clone", "--trades", str(TRADES), "--bars", str(BARS), "--model", "trees",
         "--set", "rounds=30", "--out", str(tmp_path / "clone"), "--quiet"],
        capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    active = bc.Model.load(tmp_path / "clone" / "model.bcm")
    x, y, w, _, _ = active.event_rows(bc.read_bars(BARS), bc.read_trades(TRADES),
                                      after_event_id=120, half_life_days=HALF_LIFE)
    model = json.loads(active.json_text())
    base = raw_scores(model, x)
    updated = active.copy()
    assert updated.boost(x, y, w, rounds=5, max_depth=4, eta=0.3, lam=1.0) == 5
    xf = np.where(np.isfinite(x), x, np.nan).astype(np.float32)
    d = xgb.DMatrix(xf, label=y, weight=w.astype(np.float32),
                    base_margin=base)
    booster = xgb.train({"objective": "multi:softprob", "num_class": 4, "tree_method": "hist",
                         "max_depth": 4, "eta": 0.3, "lambda": 1.0, "min_child_weight": 1,
                         "max_bin": 256, "nthread": 1, "seed": 0}, d, num_boost_round=5)
    reference = booster.predict(d, output_margin=True).reshape(len(y), 4)
    ours = raw_scores(json.loads(updated.json_text()), x)
    np.testing.assert_array_equal(ours, reference)
    assert np.abs(ours - base).max() > 0.05  # it did move


def raw_scores(model, x):
    """XGBoost's prediction rule from model.json alone (numpy, float32
    sums in tree order): the reference margins of a trees model."""
    xf = x.astype(np.float32)
    out = np.tile(np.asarray(model["base_score"], np.float32), (len(x), 1))
    for t in model["trees"]:
        node = np.zeros(len(x), np.int64)
        feat, left, right = (np.asarray(t[k]) for k in ("feature", "left", "right"))
        value = np.asarray(t["value"], np.float32)
        dl = np.asarray(t["default_left"], bool)
        while True:
            split = feat[node] >= 0
            if not split.any():
                break
            v = xf[np.arange(len(x)), np.maximum(feat[node], 0)]
            go_left = np.where(np.isfinite(v), v < value[node], dl[node])
            node = np.where(split, np.where(go_left, left[node], right[node]), node)
        out[np.arange(len(x)), t["class"]] += value[node]
    return out


# --- every retrain kind a monitor verdict can queue; every kind's schedule ---

def uncertain_and_divergences(tmp_path, model):
    """A labelled uncertain_decisions.csv and a divergences.csv for the
    active/replay kinds: 10 bars where the bot held on, labelled close."""
    from botcopier.decisions import Divergences
    x, y, _, t, _ = model.event_rows(bc.read_bars(BARS), bc.read_trades(TRADES),
                                     after_event_id=-(2 ** 63))
    rows = np.flatnonzero((y == 0) & (t < gate_cut()))[::60][:10]
    with DecisionLog(tmp_path / "uncertain.csv", uncertain=True) as log:
        for i in rows:
            log.write(event_id=int(t[i]), timestamp=int(t[i]), probability=0.5, label=3.0,
                      features=np.ascontiguousarray(x[i]))
    div = Divergences()
    for i in rows:
        div.append(decision_id=int(t[i]), old_prob=0.9, new_prob=0.1, weight=2.0)
    div.write_csv(tmp_path / "divergences.csv")
    return len(rows)


@pytest.mark.parametrize("kind", ["online", "active", "replay"])
def test_monitor_verdict_queues_the_configured_update_kind(db, tmp_path, kind):
    """MONITOR_RETRAIN_KIND = online, active or replay: the monitor's retrain
    verdict queues a job of that kind (not the default retrain), with the
    verdict's reason; it runs and stages a candidate whose parent is the
    monitored version, built from that kind's rows."""
    live = drifted_bars(tmp_path / "live.csv")
    files = dict(live_bars=str(live), uncertain=str(tmp_path / "uncertain.csv"),
                 divergences=str(tmp_path / "divergences.csv"))
    settings = dict(ONLINE, GATE_MARGIN=-1, MONITOR_RETRAIN_KIND=kind)
    run, cfg, v1 = first_version(tmp_path, db, settings, 120, **files)
    n_extra = uncertain_and_divergences(tmp_path, model_of(run, v1))
    trades_head(tmp_path / "trades.csv", 161)
    cli(["retrain", "--kind", "monitor"], run, db)
    cli(["daemon", "--config", str(cfg), "--once"], run, db)  # the monitor queues the kind
    jobs = registry(db, run).query("jobs")
    (triggered,) = [j for j in jobs if j["trigger_key"]]
    assert triggered["kind"] == kind
    assert triggered["reason"].startswith("monitor of version 1: drift")
    if triggered["state"] == "queued":
        cli(["daemon", "--config", str(cfg), "--once"], run, db)
    triggered = registry(db, run).query("job", str(triggered["id"]))
    assert triggered["state"] == "done", triggered["error"]
    rows = check_invariants(db, run)
    v2 = [r for r in rows if r["version"] == triggered["result_version"]][0]
    assert v2["parent_version"] == 1 and v2["last_event_id"] == 141
    assert v2["metrics"]["event_rows"] > 0  # the events after 120, before the gate window
    assert v2["metrics"]["extra_rows"] == (0 if kind == "online" else n_extra)


def test_every_kind_runs_on_its_own_schedule(db, tmp_path):
    """"schedules": {full, online, active, replay: CRON}: the daemon queues a
    tick of each kind from its cron (the tick missed at start, within
    STARTING_DEADLINE) and runs it; none fails."""
    files = dict(uncertain=str(tmp_path / "uncertain.csv"),
                 divergences=str(tmp_path / "divergences.csv"))
    settings = dict(ONLINE, GATE_MARGIN=-1, STARTING_DEADLINE=120,
                    MAX_CONCURRENT_TRAINING_JOBS=1)
    run, _, v1 = first_version(tmp_path, db, settings, 120, **files)
    uncertain_and_divergences(tmp_path, model_of(run, v1))
    trades_head(tmp_path / "trades.csv", 161)
    kinds = ("online", "active", "replay", "full")  # queued in this order
    cfg = config(tmp_path, settings, schedules={k: "* * * * *" for k in kinds}, **files)
    d = spawn_daemon(cfg, run, db)
    try:
        def ran():
            jobs = [j for j in registry(db, run).query("jobs", "100") if j["scheduled_for"]]
            done = {j["kind"] for j in jobs if j["state"] in ("done", "skipped", "dead")}
            return set(kinds) <= done and jobs
        jobs = wait_for(ran, 120, "a tick of every kind")
    finally:
        d.send_signal(signal.SIGTERM)
        d.wait(timeout=30)
    for k in kinds:
        first = min((j for j in jobs if j["kind"] == k and j["state"] != "queued"),
                    key=lambda j: j["id"])
        assert first["state"] in ("done", "skipped"), (k, first["error"])
        if first["state"] == "skipped":  # an update after a refit that saw every event
            assert k != "full" and "before the gate window" in first["error"], first["error"]
    assert any(j["kind"] == "full" and j["state"] == "done" for j in jobs)
    versions = check_invariants(db, run)
    assert len(versions) >= 3  # v1 and at least the full refit and one update
    assert {r["metrics"].get("extra_rows") for r in versions} >= {10}  # active, replay


@pytest.mark.parametrize("kind", ["active", "replay"])
def test_extra_rows_weigh_their_setting_against_the_event_rows(db, tmp_path, kind):
    """UNCERTAIN_WEIGHT / REPLAY_WEIGHT: with new events too, the job's rows
    are the event rows (time decay) then the kind's rows at the setting's
    weight (x the divergence's), and the candidate equals that update done
    here; the setting's default in its place gives another candidate. (The
    step is normalized by the total weight: with no event rows, the setting
    alone changes nothing - only the extra rows' weights relative to each
    other count.)"""
    files = dict(uncertain=str(tmp_path / "uncertain.csv"),
                 divergences=str(tmp_path / "divergences.csv"))
    name, value, default = (("UNCERTAIN_WEIGHT", 5.0, 2.0) if kind == "active"
                            else ("REPLAY_WEIGHT", 3.0, 1.0))
    settings = dict(ONLINE, GATE_MARGIN=-1, **{name: value})
    run, cfg, v1 = first_version(tmp_path, db, settings, 120, **files)
    active = model_of(run, v1)
    n_extra = uncertain_and_divergences(tmp_path, active)
    trades_head(tmp_path / "trades.csv", 161)
    run_kind(cfg, run, db, kind)
    _, v2 = check_invariants(db, run)
    assert v2["metrics"]["extra_rows"] == n_extra and v2["metrics"]["event_rows"] > 0
    x, y, w, _, _ = active.event_rows(*before_gate(), half_life_days=HALF_LIFE)
    xa, ya, _, ta, _ = active.event_rows(bc.read_bars(BARS), bc.read_trades(TRADES),
                                         after_event_id=-(2 ** 63))
    rows = np.flatnonzero((ya == 0) & (ta < gate_cut()))[::60][:10]  # uncertain_and_divergences' bars
    extra_y = np.full(n_extra, 3, np.int32) if kind == "active" else ya[rows]
    extra_w = np.full(n_extra, 1.0 if kind == "active" else 2.0)  # x the divergence's weight

    def update(weight):
        m = active.copy()
        xs = np.ascontiguousarray(np.vstack([x, xa[rows]]))
        ys = np.ascontiguousarray(np.concatenate([y, extra_y]).astype(np.int32))
        ws = np.concatenate([w, extra_w * weight])
        for _ in range(ONLINE["ONLINE_EPOCHS"]):
            m.update(xs, ys, ws, ONLINE["ONLINE_LEARNING_RATE"], ONLINE["ONLINE_L2"])
        return m.predict(xa)

    candidate = model_of(run, v2).predict(xa)
    np.testing.assert_array_equal(candidate, update(value))
    assert not np.array_equal(candidate, update(default))


@pytest.mark.parametrize("kind", ["active", "replay"])
def test_trees_active_and_replay_jobs_boost_on_all_their_rows(db, tmp_path, kind):
    """The active and replay kinds on a trees clone: the added rounds are
    fitted to the event rows (time decay) and the kind's rows at their
    weight, as bc_model_boost on those rows done here."""
    files = dict(uncertain=str(tmp_path / "uncertain.csv"),
                 divergences=str(tmp_path / "divergences.csv"))
    job = dict(strategy="trees", model="trees", options={"rounds": 30}, **files)
    settings = dict(TREES, GATE_MARGIN=-1, UNCERTAIN_WEIGHT=5.0, REPLAY_WEIGHT=3.0)
    run, cfg, v1 = first_version(tmp_path, db, settings, 120, **job)
    active = model_of(run, v1)
    n_extra = uncertain_and_divergences(tmp_path, active)
    trades_head(tmp_path / "trades.csv", 161)
    run_kind(cfg, run, db, kind)
    _, v2 = check_invariants(db, run)
    assert v2["metrics"]["extra_rows"] == n_extra and v2["metrics"]["rounds_added"] == 4
    x, y, w, _, _ = active.event_rows(*before_gate(), half_life_days=HALF_LIFE)
    xa, ya, _, ta, _ = active.event_rows(bc.read_bars(BARS), bc.read_trades(TRADES),
                                         after_event_id=-(2 ** 63))
    rows = np.flatnonzero((ya == 0) & (ta < gate_cut()))[::60][:10]
    extra_y = np.full(n_extra, 3, np.int32) if kind == "active" else ya[rows]
    extra_w = np.full(n_extra, 5.0) if kind == "active" else np.full(n_extra, 3.0 * 2.0)
    expected = active.copy()
    expected.boost(np.ascontiguousarray(np.vstack([x, xa[rows]])),
                   np.ascontiguousarray(np.concatenate([y, extra_y]).astype(np.int32)),
                   np.concatenate([w, extra_w]), rounds=4, eta=0.3, lam=1.0)
    candidate = model_of(run, v2)
    np.testing.assert_array_equal(candidate.predict(xa), expected.predict(xa))
    assert not np.array_equal(candidate.predict(xa), active.predict(xa))


def test_update_settings_are_checked_and_documented(tmp_path):
    """A bad value of a job-kind setting is refused naming it; --help lists
    each with its default."""
    job = ', "jobs": [{"symbol": "A", "strategy": "s", "source": "x"}]}'
    for settings, words in [('{"MONITOR_RETRAIN_KIND": "monitor"}', "MONITOR_RETRAIN_KIND"),
                            ('{"ONLINE_MAX_TREES": 0}', "ONLINE_MAX_TREES = '0'"),
                            ('{"ONLINE_TREES_ETA": 2}', "ONLINE_TREES_ETA = '2'"),
                            ('{"ONLINE_TREES_ROUNDS": 0.5e-3}', "ONLINE_TREES_ROUNDS"),
                            ('{"ONLINE_EPOCHS": 0}', "ONLINE_EPOCHS = '0'")]:
        cfg = tmp_path / "c.json"
        cfg.write_text('{"settings": ' + settings + job)
        p = cli(["daemon", "--config", str(cfg), "--once"], tmp_path / "run",
                str(tmp_path / "r.db"), check=False)
        assert p.returncode == 2 and words in p.stderr, (settings, p.stderr)
    for kind in ("retrain", "full", "online", "active", "replay"):
        cfg.write_text('{"settings": {"MONITOR_RETRAIN_KIND": "%s"}%s' % (kind, job))
        cli(["daemon", "--config", str(cfg), "--once"], tmp_path / "run", str(tmp_path / "r.db"))
    help_text = cli(["daemon", "--help"], tmp_path, "").stdout
    for name, default in [("ONLINE_HALF_LIFE_DAYS", "30"), ("ONLINE_LEARNING_RATE", "0.05"),
                          ("ONLINE_EPOCHS", "20"), ("ONLINE_L2", "0.0001"),
                          ("UNCERTAIN_WEIGHT", "2"), ("REPLAY_WEIGHT", "1"),
                          ("MONITOR_RETRAIN_KIND", "retrain"), ("ONLINE_TREES_ROUNDS", "10"),
                          ("ONLINE_TREES_ETA", "0.1"), ("ONLINE_MAX_TREES", "1500")]:
        line = next(l for l in help_text.splitlines() if l.startswith("  %s " % name))
        assert line.split()[1] == default, line
