"""Stable-Baselines3's PPO on the library's portfolio env
(botcopier.sb3_env.PortfolioSB3VecEnv): it learns the one regime that pays.

Needs stable-baselines3 and PyTorch. `make check` runs this file with the
test interpreter when it has both; otherwise scripts/install-deps.sh
--python makes build/sb3-venv (Debian's python3 with python3-torch 1.13
from Debian's packages, stable-baselines3 2.4.1 and gymnasium 1.0.0 pinned
from PyPI: the last SB3 for torch < 2.3) and make check-python runs it
there."""
import numpy as np
import pytest

from conftest import requires

ENV_SYMBOLS = ("bc_env_create", "bc_env_set", "bc_env_reset", "bc_env_step",
               "bc_env_observations", "bc_env_rewards", "bc_env_dones",
               "bc_env_final_observations", "bc_env_free")


def zigzag_closes(rows=400, seed=7):
    """The synthetic market of the PPO learning test (tests/test_rl.c): two
    assets zig-zagging against each other in a 4-row cycle, so that
    SIZE_SMALL (2/3 in the asset that was cheaper on the observation row)
    earns about 0.45% a step and every other regime about 0 or less."""
    rng = np.random.default_rng(seed)
    t = np.arange(rows)
    x = np.where((t // 2) % 2 == 1, -0.02, 0.02) + 0.002 * rng.random(rows)
    return np.stack([100 * np.exp(x), 100 * np.exp(-x)], axis=1)


@requires(*ENV_SYMBOLS)
def test_stable_baselines3_ppo_learns_the_profitable_regime_on_the_library_env():
    """SB3's PPO trains on PortfolioSB3VecEnv (all envs stepped by one
    library call) and ends up choosing SIZE_SMALL, the one regime that pays
    on the zig-zag market, in >= 90% of greedy steps; time-limit ends reach
    SB3 as truncations with the episode's last observation."""
    pytest.importorskip("stable_baselines3")
    torch = pytest.importorskip("torch")
    from stable_baselines3 import PPO
    from botcopier.sb3_env import PortfolioSB3VecEnv

    torch.set_num_threads(1)
    venv = PortfolioSB3VecEnv(zigzag_closes(), num_envs=16, episode_length=32, threads=1)
    venv.seed(3)
    obs = venv.reset()
    assert obs.shape == (16, venv.env.observation_size) and obs.dtype == np.float32
    for step in range(32):
        obs, rewards, dones, infos = venv.step(np.full(16, 4))
        assert dones.all() == (step == 31)
    assert all(info["TimeLimit.truncated"] for info in infos)
    np.testing.assert_array_equal(np.stack([i["terminal_observation"] for i in infos]),
                                  venv.env.final_observations)
    assert not np.array_equal(obs, venv.env.final_observations)

    venv.seed(3)
    model = PPO("MlpPolicy", venv, n_steps=32, batch_size=128, n_epochs=4,
                learning_rate=3e-3, seed=1, device="cpu")
    before = model.predict(venv.reset(), deterministic=True)[0]
    model.learn(total_timesteps=16 * 32 * 40)
    obs = venv.reset()
    chosen = []
    for _ in range(32):
        actions, _ = model.predict(obs, deterministic=True)
        chosen.append(actions)
        obs, _, _, _ = venv.step(actions)
    share = float(np.mean(np.concatenate(chosen) == 8))
    assert share >= 0.9, "SIZE_SMALL in %.0f%% of steps (before training: %s)" % (
        100 * share, np.bincount(before, minlength=12))


def test_readme_stable_baselines3_example_runs_as_written(monkeypatch):
    """README's Stable-Baselines3 block, executed from the repository root
    as printed except for a shorter budget (its 200,000 steps become 2 SB3
    rollouts): it builds the VecEnv on the shipped OHLCV table, trains and
    predicts one regime per portfolio."""
    pytest.importorskip("stable_baselines3")
    torch = pytest.importorskip("torch")
    import pathlib
    import re
    root = pathlib.Path(__file__).resolve().parents[2]
    readme = (root / "README.md").read_text()
    blocks = [b for b in re.findall(r"```python\n(.*?)```", readme, re.S)
              if "PortfolioSB3VecEnv(" in b]
    assert len(blocks) == 1, "README has one SB3 example"
    code = blocks[0]
    assert "total_timesteps=200_000" in code
    code = code.replace("total_timesteps=200_000", "total_timesteps=2 * 64 * 64")
    torch.set_num_threads(1)
    monkeypatch.chdir(root)
    scope = {}
    exec(compile(code, "README.md (SB3 example)", "exec"), scope)
    actions = scope["actions"]
    assert actions.shape == (64,) and ((actions >= 0) & (actions < 12)).all()
    assert scope["model"].num_timesteps >= 2 * 64 * 64
