"""PPO from the command line and from Python: rl-train's files, exact resume,
the two-stage Ctrl-C, the memory refusal, rl-eval's numbers against NumPy on
its own per-step CSV, and the binding (PPO, Policy, plan)."""
import json
import math
import pathlib
import signal
import subprocess
import time

import numpy as np
import pytest

from botcopier import errors
from botcopier.env import Env
from botcopier.rl import PPO, Policy, plan, plan_gpu

from conftest import cli_executable, requires

DATA = pathlib.Path(__file__).resolve().parents[1] / "data" / "portfolio"
THREE = DATA / "three_assets_daily.csv"
TIMING = ("steps_per_s", "rollout_s", "update_s")
SMALL = ["--n-envs", "8", "--n-steps", "16", "--hidden-dim", "16", "--n-gru-layers", "1",
         "--episode-length", "24", "--epochs", "2", "--critic-epochs", "1", "--threads", "1"]
RL_SYMBOLS = ("bc_ppo_create", "bc_ppo_set", "bc_ppo_iterate", "bc_ppo_metrics_json",
              "bc_ppo_save_checkpoint", "bc_ppo_load_checkpoint", "bc_ppo_save_policy",
              "bc_policy_load", "bc_policy_act", "bc_ppo_plan")


def train(out, *args, check=True):
    cmd = [cli_executable(), "rl-train", "--prices", str(THREE), "--out", str(out), "--quiet"]
    p = subprocess.run(cmd + SMALL + list(args), capture_output=True, text=True, timeout=120)
    if check:
        assert p.returncode == 0, p.stderr
    return p


def metrics(out):
    rows = [json.loads(line) for line in (out / "metrics.jsonl").read_text().splitlines()]
    for r in rows:
        for k in TIMING:
            r.pop(k)
    return rows


@requires(*RL_SYMBOLS)
def test_rl_train_writes_metrics_checkpoints_and_a_policy(tmp_path):
    train(tmp_path, "--iterations", "3", "--checkpoint-every", "2", "--seed", "4")
    rows = [json.loads(line) for line in (tmp_path / "metrics.jsonl").read_text().splitlines()]
    assert [r["iteration"] for r in rows] == [1, 2, 3]
    assert [r["timesteps"] for r in rows] == [128, 256, 384]
    for key in ("steps_per_s", "mean_reward", "explained_variance", "approx_kl",
                "clip_fraction", "entropy", "composite_score", "grad_health", "dead_units"):
        assert key in rows[-1]
    # the entropy of 12 actions starts near log(12) and never exceeds it
    assert 0 < rows[0]["entropy"] <= math.log(12) + 1e-9
    assert sum(rows[-1]["action_fractions"]) == pytest.approx(1.0)
    assert sorted(p.name for p in (tmp_path / "checkpoints").iterdir()) == [
        "ckpt_000002.bcrl", "ckpt_000003.bcrl"]
    policy = Policy(tmp_path / "policy.bcp")
    assert policy.observation_size == 3 * 5 + 5
    assert policy.observation_names[0] == "AAPL.logret(1)"
    assert policy.features == "logret(1),ret(5),ret(20),vol(20)"


@requires(*RL_SYMBOLS)
def test_rl_train_resume_continues_exactly_as_an_uninterrupted_run(tmp_path):
    straight, split = tmp_path / "straight", tmp_path / "split"
    train(straight, "--iterations", "4", "--seed", "9")
    train(split, "--iterations", "2", "--seed", "9")
    p = train(split, "--iterations", "4", "--resume")
    assert metrics(split) == metrics(straight)
    assert (split / "policy.bcp").read_bytes() == (straight / "policy.bcp").read_bytes()
    # --checkpoint names one file; a truncated one is refused with its status
    ck = split / "checkpoints" / "ckpt_000002.bcrl"
    bad = tmp_path / "bad.bcrl"
    bad.write_bytes(ck.read_bytes()[:-50])
    p = train(tmp_path / "other", "--checkpoint", str(bad), check=False)
    assert p.returncode == 1
    assert "BC_E_CORRUPT" in p.stderr and "truncated" in p.stderr


@requires(*RL_SYMBOLS)
def test_first_ctrl_c_finishes_the_iteration_and_saves_the_second_aborts(tmp_path):
    def start(out, *extra):
        return subprocess.Popen(
            [cli_executable(), "rl-train", "--prices", str(THREE), "--out", str(out),
             "--iterations", "100000", "--checkpoint-every", "0"] + SMALL + list(extra),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def wait_for_metrics(out, proc):
        for _ in range(600):
            m = out / "metrics.jsonl"
            if m.exists() and m.read_text().count("\n") >= 1:
                return
            time.sleep(0.02)
        proc.kill()
        pytest.fail("no iteration finished")

    once = tmp_path / "once"
    proc = start(once)
    wait_for_metrics(once, proc)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    saved = list((once / "checkpoints").glob("ckpt_interrupted_*.bcrl"))
    assert len(saved) == 1, err
    done = len((once / "metrics.jsonl").read_text().splitlines())
    assert "interrupted after iteration %d" % done in err
    # the interrupted checkpoint resumes
    p = train(once, "--iterations", str(done + 1), "--resume")
    assert len(metrics(once)) == done + 1

    # iterations of about a second, so both signals land inside one (signals
    # sent back to back would merge into one while the first is pending)
    twice = tmp_path / "twice"
    proc = start(twice, "--n-envs", "64", "--n-steps", "64", "--hidden-dim", "128")
    wait_for_metrics(twice, proc)
    proc.send_signal(signal.SIGINT)
    time.sleep(0.1)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "second interrupt" in err


def test_rl_train_refuses_a_rollout_that_does_not_fit_and_names_what_fits(tmp_path):
    p = subprocess.run([cli_executable(), "rl-train", "--prices", str(THREE), "--out",
                        str(tmp_path), "--n-envs", "100000", "--n-steps", "128",
                        "--memory-limit-mb", "10"], capture_output=True, text=True, timeout=60)
    assert p.returncode == 1
    # 20 columns: 20*4 + 25 + 12*4 = 153 bytes a sample, x 1.5, x 128 steps
    fit = int(10 * 1048576 // (153 * 1.5 * 128))
    assert "at most %d envs fit at 128 steps" % fit in p.stderr
    assert "BC_E_OUT_OF_MEMORY" in p.stderr


@requires(*RL_SYMBOLS)
def test_rl_eval_numbers_match_numpy_on_its_own_per_step_csv(tmp_path):
    train(tmp_path, "--iterations", "2")
    out = tmp_path / "eval.csv"
    p = subprocess.run([cli_executable(), "rl-eval", "--model", str(tmp_path / "policy.bcp"),
                        "--prices", str(THREE), "--from", "2016-01-04", "--out", str(out)],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    import csv
    with open(out) as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    assert header[:6] == ["time", "policy_equity", "equal_weight_equity",
                          "buy_and_hold_equity", "action", "cost"]
    assert header[6:] == ["w_AAPL", "w_GOOGL", "w_SPX500", "w_cash"]
    assert body[0][0].startswith("2016.01.04")
    w = np.array([[float(x) for x in r[6:]] for r in body])
    np.testing.assert_allclose(w.sum(axis=1), 1.0, atol=1e-5)
    assert (w >= -1e-12).all()
    printed = {}
    for line in p.stdout.splitlines():
        parts = line.split()
        if parts and parts[0] in ("policy", "equal_weight", "buy_and_hold"):
            printed[parts[0]] = [float(x.rstrip("%")) for x in parts[1:]]
    for col, name in ((1, "policy"), (2, "equal_weight"), (3, "buy_and_hold")):
        equity = np.concatenate([[1.0], np.array([float(r[col]) for r in body])])
        simple = equity[1:] / equity[:-1] - 1
        ann = (math.exp(np.log1p(simple).mean() * 252) - 1) * 100
        sharpe = simple.mean() / simple.std(ddof=1) * math.sqrt(252)
        dd = np.max(1 - equity / np.maximum.accumulate(equity)) * 100
        got = printed[name]
        assert got[0] == pytest.approx(ann, abs=0.006)
        assert got[1] == pytest.approx(sharpe, abs=0.0006)
        assert got[2] == pytest.approx(dd, abs=0.006)
        assert got[4] == pytest.approx(equity[-1], abs=6e-5)
    # buy-and-hold trades once: its turnover is the first buy spread over the year
    steps = len(body)
    assert printed["buy_and_hold"][3] == pytest.approx(252 / steps, abs=0.006)


@requires(*RL_SYMBOLS)
def test_python_trainer_and_policy(tmp_path):
    env = Env.from_csv(THREE, 4, episode_length=24, threads=1)
    ppo = PPO(env, seed=2, hidden_dim=16, gru_layers=1, n_steps=8, epochs=1, critic_epochs=0)
    del env  # the trainer keeps its env alive
    m = ppo.iterate()
    assert m["iteration"] == 1 and m["timesteps"] == 32 and ppo.timesteps == 32
    assert m["critic_value_loss"] is None
    with pytest.raises(errors.StateError, match="hidden_dim"):
        ppo.set("hidden_dim", 32)
    with pytest.raises(errors.UnknownKeyError, match="'nope'"):
        PPO(Env.from_csv(THREE, 2)).set("nope", 1)
    ppo.save_policy(tmp_path / "p.bcp")
    pol = Policy(tmp_path / "p.bcp")
    obs = np.zeros((3, pol.observation_size), np.float32)
    actions, probs = pol.act(obs, starts=np.ones(3, bool))
    assert actions.shape == (3,) and (actions == probs.argmax(axis=1)).all()
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)
    obs[1, 2] = np.nan
    with pytest.raises(errors.NumericError, match="stream 1, column 2"):
        pol.act(obs)
    assert plan(64, 16, 256, available_bytes=int(345 * 1.5 * 256) * 10) == (
        10, int(345 * 1.5 * 256) * 10)
    with pytest.raises(errors.OutOfMemoryError, match="at most 10 envs"):
        plan(64, 16, 256, available_bytes=int(345 * 1.5 * 256) * 10, n_envs=11)


@requires(*RL_SYMBOLS, "bc_prices_from_bars")
def test_rl_train_and_eval_on_one_bar_file_per_symbol_equal_the_wide_ohlcv_table(tmp_path):
    """--bars SYMBOL=FILE (joined on the common times) trains and evaluates
    exactly as the same OHLCV given as one wide table; bad --bars are
    usage errors."""
    root = DATA.parent
    bars = ["--bars", "AAPL=%s" % (root / "aapl_daily.csv"),
            "--bars", "SPX=%s" % (root / "sp500_daily.csv"),
            "--bars", "GOOGL=%s" % (root / "bots" / "googl_daily.csv")]
    cli = cli_executable()
    common = ["--quiet", "--iterations", "2", "--seed", "3", "--features", "atr(14),ret(5)"] + SMALL
    a, b = tmp_path / "bars", tmp_path / "wide"
    p = subprocess.run([cli, "rl-train", "--out", str(a)] + bars + common, capture_output=True,
                       text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert "bars outside the 1260 times all 3 files share were left out" in p.stderr
    p = subprocess.run([cli, "rl-train", "--out", str(b), "--prices",
                        str(DATA / "three_assets_ohlcv_daily.csv")] + common,
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert metrics(a) == metrics(b)
    evals = []
    for out, source in ((a, bars), (b, ["--prices", str(DATA / "three_assets_ohlcv_daily.csv")])):
        p = subprocess.run([cli, "rl-eval", "--model", str(out / "policy.bcp"), "--out",
                            str(out / "eval.csv")] + source, capture_output=True, text=True,
                           timeout=120)
        assert p.returncode == 0, p.stderr
        evals.append((out / "eval.csv").read_text())
    assert evals[0] == evals[1]
    for bad, message in ((["--bars", "AAPL"], "is not SYMBOL=FILE"),
                         (bars[:2] + ["--prices", str(THREE)], "not both")):
        p = subprocess.run([cli, "rl-eval", "--model", str(a / "policy.bcp")] + bad,
                           capture_output=True, text=True, timeout=60)
        assert p.returncode == 2 and message in p.stderr, p.stderr


@requires(*RL_SYMBOLS, "bc_ppo_plan_gpu")
def test_rl_train_backend_cuda_without_a_gpu_trains_on_cpu_and_says_why(tmp_path, monkeypatch):
    """--backend cuda where the plugin cannot start: the GPU sizing and the
    trainer both say why, and the run is the cpu run, bit for bit; a bad
    backend is refused by name; plan_gpu raises UnsupportedError."""
    train(tmp_path / "cpu", "--iterations", "2", "--seed", "8")
    monkeypatch.setenv("BOTCOPIER_CUDA_PLUGIN", "/nonexistent/libbotcopier-cuda.so")
    cmd = [cli_executable(), "rl-train", "--prices", str(THREE), "--out", str(tmp_path / "gpu"),
           "--iterations", "2", "--seed", "8", "--backend", "cuda"] + SMALL
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert "no GPU to size for" in p.stderr and "sizing from host memory" in p.stderr
    assert "backend 'cuda' unavailable" in p.stderr and "training on cpu" in p.stderr
    assert "/nonexistent/libbotcopier-cuda.so" in p.stderr
    assert metrics(tmp_path / "gpu") == metrics(tmp_path / "cpu")
    assert (tmp_path / "gpu" / "policy.bcp").read_bytes() == \
        (tmp_path / "cpu" / "policy.bcp").read_bytes()
    bad = train(tmp_path / "bad", "--backend", "tpu", check=False)
    assert bad.returncode != 0 and "backend 'tpu' is not cpu, cuda or best" in bad.stderr
    with pytest.raises(errors.UnsupportedError, match="no GPU to size for"):
        plan_gpu(64, 12)
    with pytest.raises(errors.InvalidArgumentError, match="hidden_dim 4"):
        plan_gpu(64, 12, hidden_dim=4)
