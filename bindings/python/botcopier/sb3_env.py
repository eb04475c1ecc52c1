"""
sb3_env.py - the library's portfolio environment (botcopier.env.Env) as a
Stable-Baselines3 VecEnv: SB3's algorithms (PPO, A2C, DQN, ...) step all
portfolios with one call into the library instead of one Python env per
portfolio. Needs the stable-baselines3 package (and so PyTorch).

    from stable_baselines3 import PPO
    from botcopier.sb3_env import PortfolioSB3VecEnv
    venv = PortfolioSB3VecEnv("prices.csv", num_envs=64, episode_length=64)
    model = PPO("MlpPolicy", venv, n_steps=64, batch_size=512, seed=1)
    model.learn(total_timesteps=100_000)
"""
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np
from gymnasium import spaces
from stable_baselines3.common.vec_env.base_vec_env import VecEnv  # type: ignore[import-not-found,unused-ignore]

# not through gymnasium_env: that needs Gymnasium >= 1.1, which
# stable-baselines3 for torch < 2.3 (2.4.1, the SB3 test's pin) refuses
from .env import ACTION_COUNT, Env, _make_env


class PortfolioSB3VecEnv(VecEnv):  # type: ignore[misc,unused-ignore]
    """num_envs portfolios over prices (a CSV path, a float64 array (rows,
    assets) or a ready botcopier.env.Env) as an SB3 VecEnv.

    options: bc_env_set keys (episode_length, features, threads, fee, ...).
    Observations (num_envs, obs_size) float32, one Discrete(12) action per
    env. Episodes end by their fixed length, reported as SB3 expects of a
    time limit: done True, info["TimeLimit.truncated"] True and
    info["terminal_observation"] the episode's last observation (so SB3
    bootstraps the value there); the returned observation is already the
    next episode's first. Arrays returned are copies: SB3 keeps the
    previous observation while the env writes the next. seed(s) (SB3's
    call) makes the next reset use Philox seed s for all envs; without it
    reset draws one from numpy. infos carry "cost", "value" and "weights"
    per env.
    """

    def __init__(self, prices: Any, num_envs: int = 1, **options: Any) -> None:
        self.env: Env = _make_env(prices, num_envs, options)
        d = self.env.observation_size
        self._actions = np.zeros(self.env.num_envs, dtype=np.int32)
        self._pending = False
        self._next_seed: Optional[int] = None
        self.render_mode = None
        super().__init__(self.env.num_envs, spaces.Box(-np.inf, np.inf, (d,), np.float32),
                         spaces.Discrete(ACTION_COUNT))

    def seed(self, seed: Optional[int] = None) -> Sequence[Optional[int]]:
        """Philox seed for the next reset (one for all envs: env i draws
        from (seed, i)); None draws one."""
        if seed is None:
            seed = int(np.random.randint(0, np.iinfo(np.uint32).max, dtype=np.uint32))
        self._next_seed = int(seed)
        self._seeds = [int(seed)] * self.num_envs
        return self._seeds

    def reset(self) -> np.ndarray:
        """Resets every env; returns a copy of the first observations."""
        seed = self._next_seed
        if seed is None:
            seed = int(np.random.randint(0, np.iinfo(np.uint32).max, dtype=np.uint32))
        self._next_seed = None
        self._reset_seeds()
        return self.env.reset(seed).copy()

    def step_async(self, actions: np.ndarray) -> None:
        """Takes one action per env (ints 0..11), stepped by step_wait."""
        a = np.asarray(actions).reshape(-1)
        if a.shape != (self.num_envs,):
            raise ValueError("actions must have %d values, got shape %s"
                             % (self.num_envs, np.asarray(actions).shape))
        np.copyto(self._actions, a, casting="unsafe")
        self._pending = True

    def step_wait(self) -> Tuple[np.ndarray, np.ndarray, np.ndarray, List[Dict[str, Any]]]:
        """Steps every env in the library; returns (obs, rewards, dones,
        infos) as copies."""
        if not self._pending:
            raise RuntimeError("step_wait without step_async")
        self._pending = False
        obs, rewards, dones = self.env.step(self._actions)
        costs, values, weights = self.env.costs, self.env.values, self.env.weights
        infos: List[Dict[str, Any]] = [{"cost": float(costs[i]), "value": float(values[i]),
                              "weights": weights[i].copy()} for i in range(self.num_envs)]
        if dones.any():
            final = self.env.final_observations
            for i in np.flatnonzero(dones):
                infos[i]["terminal_observation"] = final[i].copy()
                infos[i]["TimeLimit.truncated"] = True
        return obs.copy(), rewards.astype(np.float32), dones.copy(), infos

    def close(self) -> None:
        """Nothing to release early: the library's env is freed with this
        object (Env views may still be held elsewhere)."""

    def get_attr(self, attr_name: str, indices: Any = None) -> List[Any]:
        """An attribute of the envs: the same object for every index (they
        are one library env)."""
        return [getattr(self, attr_name)] * len(list(self._get_indices(indices)))

    def set_attr(self, attr_name: str, value: Any, indices: Any = None) -> None:
        """Sets an attribute on this wrapper (shared by every index)."""
        setattr(self, attr_name, value)

    def env_method(self, method_name: str, *method_args: Any, indices: Any = None,
                   **method_kwargs: Any) -> List[Any]:
        """Calls a method of the underlying botcopier.env.Env once per index."""
        method = getattr(self.env, method_name)
        return [method(*method_args, **method_kwargs) for _ in list(self._get_indices(indices))]

    def env_is_wrapped(self, wrapper_class: type, indices: Any = None) -> List[bool]:
        """No env is wrapped by a gymnasium wrapper here."""
        return [False] * len(list(self._get_indices(indices)))
