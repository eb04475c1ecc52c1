"""The CLI's writers under kill -9: whatever moment `botcopier features` or
`botcopier clone` dies, its outputs are the old complete files or the new
complete ones, never half written, and the temporaries it leaves are
removed by the next run. Bounded: 30 kill points, a few seconds."""
import csv
import json
import os
import pathlib
import random
import signal
import subprocess
import time

import numpy as np
import pytest

import botcopier as bc
from conftest import cli_executable

DATA = pathlib.Path(__file__).resolve().parents[1] / "data"


cli = cli_executable


def test_features_writes_the_engines_values(tmp_path):
    out = tmp_path / "f.csv"
    spec = "rsi(14),cross(sma(10),sma(30)),macd(12,26,9).hist"
    subprocess.run([cli(), "features", "--bars", str(DATA / "aapl_daily.csv"), "--spec", spec,
                    "--out", str(out)], check=True, capture_output=True, timeout=60)
    with open(out) as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["time", "rsi(14)", "cross(sma(10),sma(30))", "macd(12,26,9).hist"]
    got = np.array([[float(v) if v else np.nan for v in r[1:]] for r in rows[1:]])
    want = bc.Features(spec).compute(bc.read_bars(str(DATA / "aapl_daily.csv")))
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want))
    np.testing.assert_array_equal(got[~np.isnan(got)], want[~np.isnan(want)])
    assert rows[1][0] == "2013-05-13 00:00:00"
    assert [p.name for p in tmp_path.iterdir()] == ["f.csv"]


def complete_csv(path, n_rows):
    text = path.read_text()
    return text.endswith("\n") and len(text.splitlines()) == n_rows


def test_kill_9_never_leaves_a_half_written_output(tmp_path):
    rng = random.Random(11)
    bars = DATA / "sp500_daily.csv"
    n_rows = len(bc.read_bars(str(bars))) + 1
    out = tmp_path / "f.csv"
    spec = "rsi(14),macd(12,26,9),bbands(20,2),atr(14),adx(14),stoch(14,3,3)"
    deadline = time.monotonic() + 60
    killed = 0
    for trial in range(30):
        proc = subprocess.Popen([cli(), "features", "--bars", str(bars), "--spec", spec,
                                 "--out", str(out)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.0, 0.08))
        proc.send_signal(signal.SIGKILL)
        killed += proc.wait() == -signal.SIGKILL
        if out.exists():
            assert complete_csv(out, n_rows), "trial %d: a half-written output" % trial
        assert time.monotonic() < deadline
    assert killed >= 10  # most trials really died mid-run
    subprocess.run([cli(), "features", "--bars", str(bars), "--spec", spec, "--out", str(out)],
                   check=True, capture_output=True, timeout=60)
    assert complete_csv(out, n_rows)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.csv"], \
        "temporaries left: %s" % sorted(p.name for p in tmp_path.iterdir())


def test_clone_report_is_written_by_the_library_atomically(tmp_path):
    out = tmp_path / "c"
    subprocess.run([cli(), "clone", "--quiet", "--trades",
                    str(DATA / "sample_bot_aapl_trades_raw.csv"), "--bars",
                    str(DATA / "aapl_daily.csv"), "--out", str(out)], check=True,
                   capture_output=True, timeout=120)
    report = json.loads((out / "report.json").read_text())
    assert report["fidelity"]["f1"] > 0.9
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "model.bcm", "model.json",
                                                    "report.json"]


def manifest_consistent(out):
    """True when manifest.json exists and every file it lists matches."""
    import xxhash
    path = out / "manifest.json"
    if not path.exists():
        return None
    doc = json.loads(path.read_text())
    for name, want in doc["files"].items():
        data = (out / name).read_bytes()
        if len(data) != want["size"] or xxhash.xxh64(data).hexdigest() != want["xxh64"]:
            return False
    return True


def test_clone_outputs_are_a_set_under_kill_9(tmp_path):
    pytest.importorskip("xxhash")
    rng = random.Random(3)
    out = tmp_path / "c"
    args = [cli(), "clone", "--quiet", "--trades", str(DATA / "sample_bot_aapl_trades_raw.csv"),
            "--bars", str(DATA / "aapl_daily.csv"), "--out", str(out)]
    subprocess.run(args, check=True, capture_output=True, timeout=120)
    assert manifest_consistent(out) is True
    seen = {None: 0, True: 0}
    deadline = time.monotonic() + 90
    for trial in range(20):
        # a different clone each time, so an old file never passes for a new one
        proc = subprocess.Popen(args + ["--holdout", "%.2f" % (0.25 + 0.01 * trial)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.0, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        state = manifest_consistent(out)
        assert state is not False, "trial %d: manifest.json disagrees with the files" % trial
        seen[state] += 1
        assert time.monotonic() < deadline
    assert seen[None] > 0  # some runs died between removing and rewriting the manifest
