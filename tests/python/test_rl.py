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


def test_rl_train_lowers_n_steps_it_was_not_given_to_fit_the_envs_it_was(tmp_path):
    """The seed's rule caps what was not given: 2,000 envs in 10 MiB do not fit at the
    default 128 steps (153 bytes a sample x 1.5), so n_steps is halved until they do
    (16: 7.0 MiB), with a warning; given --n-steps, the same run is refused."""
    p = subprocess.run([cli_executable(), "rl-train", "--prices", str(THREE), "--out",
                        str(tmp_path / "capped"), "--n-envs", "2000", "--memory-limit-mb", "10",
                        "--iterations", "1"], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    steps = 128
    while 2000 * steps * 153 * 1.5 > 10 * 1048576:
        steps //= 2
    assert "n_steps lowered to %d" % steps in p.stderr, p.stderr
    rows = [json.loads(line) for line in (tmp_path / "capped" / "metrics.jsonl").read_text().splitlines()]
    assert rows[-1]["timesteps"] == 2000 * steps
    p = subprocess.run([cli_executable(), "rl-train", "--prices", str(THREE), "--out",
                        str(tmp_path / "refused"), "--n-envs", "2000", "--n-steps", "128",
                        "--memory-limit-mb", "10", "--iterations", "1"],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 1 and "BC_E_OUT_OF_MEMORY" in p.stderr, p.stderr


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
    # the policy's turnover from its own weights: half the distance from the
    # previous weights, drifted by the closes of the execution row, to the new
    pd = pytest.importorskip("pandas")
    table = pd.read_csv(THREE)
    closes = table[["AAPL", "GOOGL", "SPX500"]].to_numpy()
    stamp = [str(t).replace("-", ".") for t in table.iloc[:, 0]]
    rows = [next(i for i, t in enumerate(stamp) if r[0].startswith(t[:10])) for r in body]
    prev, turnover = np.array([0.0, 0.0, 0.0, 1.0]), 0.0
    for row, now in zip(rows, w):
        drift = prev * np.append(closes[row] / closes[row - 1], 1.0)
        turnover += 0.5 * np.abs(now - drift / drift.sum()).sum()
        prev = now
    assert turnover > 0.5  # it traded
    assert printed["policy"][3] == pytest.approx(turnover / steps * 252, rel=1e-3, abs=2e-3)


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


def close_only_copy(ohlcv_csv, out):
    """The closes of a wide OHLCV table as a close-only wide table with the
    same asset names."""
    lines = ohlcv_csv.read_text().splitlines()
    header = lines[0].split(",")
    keep = [0] + [i for i, h in enumerate(header) if h.endswith(".close")]
    rows = [",".join(["date"] + [header[i][:-len(".close")] for i in keep[1:]])]
    for line in lines[1:]:
        cells = line.split(",")
        rows.append(",".join(cells[i] for i in keep))
    out.write_text("\n".join(rows) + "\n")
    return out


@requires(*RL_SYMBOLS, "bc_policy_check_env", "bc_env_observation_kind")
def test_a_policy_records_its_observation_kind_and_rl_eval_refuses_another(tmp_path):
    """A policy trained on OHLCV bars with features that read high and low
    (atr) records kind "ohlcv"; rl-eval and the binding refuse a close-only
    table of the same assets (BC_E_SHAPE naming both kinds) and accept the
    OHLCV one; features that read only close accept either kind."""
    ohlcv_csv = DATA / "three_assets_ohlcv_daily.csv"
    close_csv = close_only_copy(ohlcv_csv, tmp_path / "closes.csv")
    cli = cli_executable()
    out = tmp_path / "run"
    p = subprocess.run([cli, "rl-train", "--prices", str(ohlcv_csv), "--out", str(out),
                        "--quiet", "--iterations", "1", "--features", "atr(14),ret(5)"] + SMALL,
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    policy_path = out / "policy.bcp"
    p = subprocess.run([cli, "rl-eval", "--model", str(policy_path), "--prices", str(close_csv),
                        "--out", str(tmp_path / "bad.csv")], capture_output=True, text=True,
                       timeout=120)
    assert p.returncode == 1
    assert "BC_E_SHAPE" in p.stderr and "trained on ohlcv observations, this env gives " \
        "close observations" in p.stderr, p.stderr
    assert not (tmp_path / "bad.csv").exists()
    p = subprocess.run([cli, "rl-eval", "--model", str(policy_path), "--prices", str(ohlcv_csv),
                        "--out", str(tmp_path / "good.csv")], capture_output=True, text=True,
                       timeout=120)
    assert p.returncode == 0, p.stderr

    ohlcv_env = Env.from_csv(ohlcv_csv, 2, features="atr(14),ret(5)")
    close_env = Env.from_csv(close_csv, 2, features="atr(14),ret(5)")
    assert (ohlcv_env.observation_kind, close_env.observation_kind) == ("ohlcv", "close")
    policy = Policy(policy_path, env=ohlcv_env)
    assert (policy.observation_kind, policy.assets) == ("ohlcv", 3)
    with pytest.raises(errors.ShapeError, match="trained on ohlcv observations, this env gives "
                                                "close observations.*read high, low"):
        Policy(policy_path, env=close_env)
    with pytest.raises(errors.ShapeError, match="trained on ohlcv observations"):
        policy.check_env(close_env)
    from botcopier.models import Model
    model = Model.load(policy_path)
    assert Policy.from_model(model, env=ohlcv_env).observation_kind == "ohlcv"
    with pytest.raises(errors.ShapeError, match="this env gives close observations"):
        Policy.from_model(model, env=close_env)
    with pytest.raises(errors.ShapeError, match="trained on features 'atr"):
        Policy(policy_path, env=Env.from_csv(ohlcv_csv, 2))

    # closes only, features that read only close: either kind gives the same rows
    out2 = tmp_path / "run2"
    p = subprocess.run([cli, "rl-train", "--prices", str(close_csv), "--out", str(out2),
                        "--quiet", "--iterations", "1"] + SMALL,
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    plain = Policy(out2 / "policy.bcp", env=Env.from_csv(ohlcv_csv, 2))
    assert plain.observation_kind == "close"
    p = subprocess.run([cli, "rl-eval", "--model", str(out2 / "policy.bcp"), "--prices",
                        str(ohlcv_csv), "--out", str(tmp_path / "plain.csv")],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr


def run_cli(out, *args):
    """rl-train on THREE with SMALL but without its --n-envs (given here or
    planned); (stdout, stderr) of a successful run."""
    small = [a for i, a in enumerate(SMALL) if a != "--n-envs" and SMALL[i - 1] != "--n-envs"]
    cmd = [cli_executable(), "rl-train", "--prices", str(THREE), "--out", str(out)]
    p = subprocess.run(cmd + small + list(args), capture_output=True, text=True, timeout=180)
    assert p.returncode == 0, p.stderr
    return p.stdout, p.stderr


@requires(*RL_SYMBOLS)
def test_rl_train_duration_priority_timesteps_then_episodes_then_iterations(tmp_path):
    """--timesteps wins over --episodes, which wins over --iterations;
    --episodes N is N x episode length env steps; the count rounds up to
    whole iterations (8 envs x 16 steps = 128 a iteration)."""
    cases = [
        (["--timesteps", "300", "--episodes", "100", "--iterations", "50"], 3),  # ceil(300/128)
        (["--episodes", "11", "--iterations", "50"], 3),  # 11 x 24 = 264 -> 3
        (["--iterations", "2"], 2),
        (["--iterations", "2", "--timesteps", "128"], 1),  # order on the line does not matter
    ]
    for k, (args, want) in enumerate(cases):
        out = tmp_path / str(k)
        run_cli(out, "--n-envs", "8", "--quiet", *args)
        rows = metrics(out)
        assert [r["iteration"] for r in rows] == list(range(1, want + 1)), args
        assert rows[-1]["timesteps"] == 128 * want


@requires(*RL_SYMBOLS)
def test_rl_train_progress_default_verbose_and_quiet(tmp_path):
    """Default: one progress line per iteration on stderr (iteration i/N,
    steps, reward, ev, kl, score, steps/s) and the closing summary;
    --verbose: each iteration's full metrics JSON, as metrics.jsonl has it;
    --quiet: nothing at all. The three runs train the same bits."""
    runs = {}
    for mode in ("default", "verbose", "quiet"):
        out = tmp_path / mode
        extra = [] if mode == "default" else ["--" + mode]
        stdout, stderr = run_cli(out, "--n-envs", "8", "--iterations", "2", *extra)
        runs[mode] = (out, stdout, stderr)
    _, stdout, stderr = runs["default"]
    lines = [l for l in stderr.splitlines() if l.startswith("iteration ")]
    assert [l.split()[1] for l in lines] == ["1/2", "2/2"], stderr
    for key in ("steps", "reward", "ev", "kl", "score", "steps/s"):
        assert key in lines[0].split(), lines[0]
    assert "rl-train: 2 iterations, 256 timesteps; policy" in stderr
    out, _, stderr = runs["verbose"]
    jsons = [l for l in stderr.splitlines() if l.startswith("{")]
    assert jsons == (out / "metrics.jsonl").read_text().splitlines()
    assert not any(l.startswith("iteration ") for l in stderr.splitlines())
    out, stdout, stderr = runs["quiet"]
    assert stdout == "" and stderr == ""
    assert metrics(runs["default"][0]) == metrics(runs["verbose"][0]) == metrics(out)
    p = subprocess.run([cli_executable(), "rl-train", "--prices", str(THREE), "--out",
                        str(tmp_path / "both"), "--quiet", "--verbose"], capture_output=True,
                       text=True, timeout=60)
    assert p.returncode == 2 and "not both" in p.stderr


@requires(*RL_SYMBOLS)
def test_rl_train_flags_are_the_library_options(tmp_path):
    """Every flag of the issue's rl-train line reaches the trainer as its
    bc_ppo_set option: the CLI run equals PPO() from Python with the same
    options, metric for metric and byte for byte of the policy, and
    --gae-lambda (the one flag no other test moves) changes the run."""
    flags = ["--n-envs", "8", "--n-steps", "16", "--seed", "12", "--hidden-dim", "16",
             "--n-gru-layers", "2", "--critic-epochs", "2", "--gae-lambda", "0.7",
             "--timesteps", "256", "--quiet"]
    cmd = [cli_executable(), "rl-train", "--prices", str(THREE), "--out", str(tmp_path / "cli"),
           "--episode-length", "24", "--epochs", "2", "--threads", "1"] + flags
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    assert p.returncode == 0, p.stderr
    env = Env.from_csv(THREE, 8, episode_length=24)
    ppo = PPO(env, seed=12, hidden_dim=16, gru_layers=2, critic_epochs=2, gae_lambda=0.7,
              n_steps=16, epochs=2, threads=1)
    rows = []
    for _ in range(2):
        m = ppo.iterate()
        for k in TIMING:
            m.pop(k)
        rows.append(m)
    ppo.save_policy(tmp_path / "py.bcp")
    assert metrics(tmp_path / "cli") == rows
    assert (tmp_path / "cli" / "policy.bcp").read_bytes() == (tmp_path / "py.bcp").read_bytes()
    default = tmp_path / "default_lambda"
    p = subprocess.run([c if c != "0.7" else "0.95" for c in cmd[:-len(flags)] + flags]
                       + ["--out", str(default)], capture_output=True, text=True, timeout=180)
    assert p.returncode == 0, p.stderr
    assert metrics(default) != rows


@requires(*RL_SYMBOLS)
def test_rl_train_sizes_n_envs_from_the_memory_budget_when_not_given(tmp_path):
    """Without --n-envs the run takes the CPU default (64) when it fits the
    budget, else the most envs that fit: bytes a sample = 20*4 + 25 + 12*4
    = 153, x 1.5, x n_steps."""
    _, stderr = run_cli(tmp_path / "fits", "--iterations", "1")
    assert "rl-train: 64 envs x 16 steps" in stderr, stderr
    assert metrics(tmp_path / "fits")[0]["timesteps"] == 64 * 16
    _, stderr = run_cli(tmp_path / "small", "--iterations", "1", "--n-steps", "128",
                        "--memory-limit-mb", "1")
    fit = int(1048576 // (153 * 1.5 * 128))
    assert fit < 64
    assert "rl-train: %d envs x 128 steps" % fit in stderr, stderr
    assert metrics(tmp_path / "small")[0]["timesteps"] == fit * 128


@requires(*RL_SYMBOLS)
def test_rl_train_checkpoint_path_continues_exactly_in_another_folder(tmp_path):
    straight, first, other = tmp_path / "straight", tmp_path / "first", tmp_path / "other"
    train(straight, "--iterations", "4", "--seed", "6")
    train(first, "--iterations", "2", "--seed", "6")
    train(other, "--iterations", "4", "--checkpoint",
          str(first / "checkpoints" / "ckpt_000002.bcrl"))
    assert metrics(other) == metrics(straight)[2:]
    assert (other / "policy.bcp").read_bytes() == (straight / "policy.bcp").read_bytes()
    p = train(tmp_path / "x", "--resume", "--checkpoint", str(first), check=False)
    assert p.returncode == 2 and "not both" in p.stderr


@requires(*RL_SYMBOLS)
def test_composite_score_is_the_seeds_weighting_of_the_other_metrics(tmp_path):
    """composite_score recomputed from the same iteration's metrics by the
    documented formula (profitability 40 %, reward 20 %, value accuracy
    20 %, exploration 10 %, stability -10 %), and entropy_ratio =
    entropy / log(12)."""
    train(tmp_path, "--iterations", "3", "--seed", "2")
    rows = [json.loads(l) for l in (tmp_path / "metrics.jsonl").read_text().splitlines()]
    for m in rows:
        assert m["entropy_ratio"] == pytest.approx(m["entropy"] / math.log(12), rel=1e-9)
        profit = math.tanh(252 * m["mean_reward"] / 0.2) * m["win_rate"]
        reward = math.tanh(m["mean_reward"] / m["reward_std"]) if m["reward_std"] > 0 else 0.0
        value = min(1.0, max(-1.0, m["explained_variance"]))
        stability = (min(1.0, m["approx_kl"] / 0.02) + min(1.0, m["clip_fraction"] / 0.2)) / 2
        want = 100 * (0.4 * profit + 0.2 * reward + 0.2 * value + 0.1 * m["entropy_ratio"]
                      - 0.1 * stability)
        assert m["composite_score"] == pytest.approx(want, abs=1e-6), m
        assert 0 <= m["win_rate"] <= 1 and m["reward_std"] >= 0


@requires(*RL_SYMBOLS)
def test_rl_train_resume_takes_the_newest_checkpoint_of_several(tmp_path):
    """--resume picks the newest *.bcrl in DIR/checkpoints: after a run
    that wrote ckpt_000002 and ckpt_000003 it continues from iteration 3,
    and the result equals an uninterrupted run."""
    straight, split = tmp_path / "straight", tmp_path / "split"
    train(straight, "--iterations", "5", "--seed", "11")
    train(split, "--iterations", "3", "--checkpoint-every", "2", "--seed", "11")
    assert sorted(p.name for p in (split / "checkpoints").iterdir()) == [
        "ckpt_000002.bcrl", "ckpt_000003.bcrl"]
    _, stderr = run_cli(split, "--n-envs", "8", "--iterations", "5", "--resume")
    assert "ckpt_000003.bcrl at iteration 3" in stderr, stderr
    assert metrics(split) == metrics(straight)
    assert (split / "policy.bcp").read_bytes() == (straight / "policy.bcp").read_bytes()
    p = train(tmp_path / "empty", "--resume", check=False)
    assert p.returncode == 1 and "no checkpoint" in p.stderr


@requires(*RL_SYMBOLS)
def test_trainer_defaults_are_the_documented_ones(tmp_path):
    """A trainer left at its defaults trains exactly as one given the
    documented defaults explicitly (the seed's: actor 3e-4 and critic 9e-4
    Adam steps, 4 epochs + 4 critic epochs, GAE lambda 0.95, ...), and
    swapping the two learning rates gives another run (two optimizers)."""
    documented = dict(actor_lr=3e-4, critic_lr=9e-4, epochs=4, critic_epochs=4, gamma=0.99,
                      gae_lambda=0.95, clip=0.2, ent_coef=0.01, vf_coef=0.5, max_grad_norm=0.5,
                      dropout=0.1, n_steps=128, n_minibatches=4, gru_layers=2, target_kl=0,
                      reward_scale=1)

    def run(**options):
        env = Env.from_csv(THREE, 4, episode_length=40, threads=1)
        ppo = PPO(env, seed=5, hidden_dim=16, threads=1, **options)
        m = ppo.iterate()
        for k in TIMING:
            m.pop(k)
        return m

    plain = run()
    assert plain == run(**documented)
    swapped = dict(documented, actor_lr=9e-4, critic_lr=3e-4)
    assert run(**swapped) != plain
    env = Env.from_csv(THREE, 4, episode_length=40)
    assert PPO(env).parameter_count == PPO(env, hidden_dim=256, gru_layers=2,
                                            head_dim=128).parameter_count


@requires(*RL_SYMBOLS)
def test_rl_train_and_eval_on_a_short_table_of_4096_assets(tmp_path):
    """The env's widest universe (4096 assets) on a 40-row table, shorter
    than the default episode: rl-train with --features and a short
    --episode-length, and rl-eval, run (both once checked the features
    against the default 256-step episode first and refused), and rl-eval's
    turnover counts the cash weight of every asset count (buy-and-hold:
    one full buy from cash, 1.0, over the steps; the policy's from its own
    weights)."""
    A, T = 4096, 40
    rng = np.random.default_rng(0)
    close = 100 * np.exp(np.cumsum(0.01 * rng.standard_normal((T, A)), axis=0))
    csv = tmp_path / "wide.csv"
    with open(csv, "w") as f:
        f.write("date," + ",".join("a%d" % j for j in range(A)) + "\n")
        for t in range(T):
            f.write("2020-01-%02d," % (t + 1) if t < 31 else "2020-02-%02d," % (t - 30))
            f.write(",".join("%.6f" % x for x in close[t]) + "\n")
    out = tmp_path / "run"
    p = subprocess.run([cli_executable(), "rl-train", "--prices", str(csv), "--out", str(out),
                        "--quiet", "--n-envs", "1", "--n-steps", "2", "--iterations", "1",
                        "--hidden-dim", "8", "--n-gru-layers", "1", "--episode-length", "4",
                        "--features", "ret(1)", "--epochs", "1", "--critic-epochs", "0",
                        "--minibatches", "1"], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    p = subprocess.run([cli_executable(), "rl-eval", "--model", str(out / "policy.bcp"),
                        "--prices", str(csv), "--out", str(tmp_path / "eval.csv")],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    printed = {l.split()[0]: [float(x.rstrip("%")) for x in l.split()[1:]]
               for l in p.stdout.splitlines() if l.split()[:1] and l.split()[0] in
               ("policy", "equal_weight", "buy_and_hold")}
    rows = np.loadtxt(tmp_path / "eval.csv", delimiter=",", skiprows=1, dtype=str)
    steps = len(rows)
    assert steps == T - 21  # from the first row after the factors' 20-row lookback
    assert printed["buy_and_hold"][3] == pytest.approx(252 / steps, abs=0.006)
    w = rows[:, 6:].astype(float)
    assert w.shape[1] == A + 1
    prev, turnover = np.append(np.zeros(A), 1.0), 0.0
    for k, now in enumerate(w):
        row = 21 + k
        drift = prev * np.append(close[row] / close[row - 1], 1.0)
        turnover += 0.5 * np.abs(now - drift / drift.sum()).sum()
        prev = now
    assert printed["policy"][3] == pytest.approx(turnover / steps * 252, rel=2e-3, abs=0.01)


@requires(*RL_SYMBOLS)
@pytest.mark.parametrize("seed,hidden", [(3, 16), (8, 32)])
def test_dead_units_match_numpy_over_every_observation_the_rollout_can_see(tmp_path, seed, hidden):
    """dead_units against NumPy: on a constant price with no costs, every
    observation is known in advance (features 0, value 1, no cost or
    reward; the asset weight is one of the regimes' 0, 0.5, 0.7, 0.75, 1
    and the episode progress k/8, all in cash at k = 0), and with both
    learning rates 0 the rollout's network is the saved policy's. The
    encoder's two layers are computed over all those rows from the file's
    weights; a unit is dead when its pre-activation is never positive. 64
    envs sampling all 12 actions cover every row (the closest margin is
    far above float rounding)."""
    from test_policy_model import read_policy
    close = np.full((60, 1), 100.0)
    env = Env(close, 64, episode_length=8, fee=0.0, spread=0.0, max_slippage=0.0, impact=0.0,
              threads=1)
    ppo = PPO(env, seed=seed, hidden_dim=hidden, gru_layers=1, n_steps=8, epochs=1,
              critic_epochs=0, dropout=0, actor_lr=0, critic_lr=0, threads=1)
    m = ppo.iterate()
    assert min(m["action_fractions"]) > 0.03
    ppo.save_policy(tmp_path / "p.bcp")
    shape, w = read_policy(tmp_path / "p.bcp")
    D, H = shape["obs"], shape["hidden"]
    assert (D, H) == (10, hidden)
    at = [0]

    def take(n):
        at[0] += n
        return w[at[0] - n:at[0]].astype(np.float64)

    w1, b1, g1, be1 = take(H * D).reshape(H, D), take(H), take(H), take(H)
    w2, b2 = take(H * H).reshape(H, H), take(H)
    rows = [[0, 0, 0, 0, a, 1 - a, 0, k / 8, 0, 0]
            for k in range(8) for a in ([0.0] if k == 0 else [0.0, 0.5, 0.7, 0.75, 1.0])]
    a1 = np.array(rows) @ w1.T + b1
    r1 = np.maximum(a1, 0)
    y1 = g1 * (r1 - r1.mean(1, keepdims=True)) / np.sqrt(r1.var(1, keepdims=True) + 1e-5) + be1
    a2 = y1 @ w2.T + b2
    peaks = np.concatenate([a1.max(0), a2.max(0)])
    assert np.abs(peaks).min() > 1e-4  # no unit on the edge
    want = float((peaks <= 0).sum()) / (2 * H)
    assert 0 < want < 1
    assert m["dead_units"] == pytest.approx(want, abs=1e-12)
