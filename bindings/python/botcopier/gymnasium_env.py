"""
gymnasium_env.py - the library's portfolio environment (botcopier.env.Env)
behind Gymnasium's interfaces: PortfolioVectorEnv, a gymnasium.vector.VectorEnv
whose observations, rewards and truncations are the env's own buffers (no
copy per step; same-step autoreset, as bc_env does), and PortfolioEnv, one
portfolio as a gymnasium.Env (for gymnasium.utils.env_checker.check_env and
libraries that wrap single envs). Needs the gymnasium package.
"""
from typing import Any, Dict, Optional, Tuple

import numpy as np
import gymnasium as gym
from gymnasium import spaces
from gymnasium.vector import AutoresetMode, VectorEnv

from .env import ACTION_COUNT, Env, _make_env


def _seed_of(seed: Any, rng: Any) -> int:
    if seed is None:
        return int(rng.integers(0, 2 ** 63))
    if isinstance(seed, (list, tuple)):
        raise ValueError("PortfolioVectorEnv takes one int seed for all envs (env i draws "
                         "from Philox keyed by (seed, i)), not a list")
    return int(seed)


class PortfolioVectorEnv(VectorEnv):
    """num_envs portfolios over prices (a CSV path, a float64 array (rows,
    assets) or a ready botcopier.env.Env) stepped together by the library.

    options: bc_env_set keys (episode_length, features, threads, fee, ...).
    Observations (num_envs, obs_size) float32, actions MultiDiscrete(12).
    Episodes end by their fixed length only: terminations are always False,
    truncations True at the end (SAME_STEP autoreset: that step returns
    the next episode's first observation, and info["final_obs"] /
    info["_final_obs"] hold the last one). The arrays returned are views
    the next step overwrites; copy what you keep. infos: "cost", "value",
    "weights" (views as well).
    """

    metadata = {"autoreset_mode": AutoresetMode.SAME_STEP, "render_modes": []}

    def __init__(self, prices: Any, num_envs: int = 1, **options: Any) -> None:
        self.env = _make_env(prices, num_envs, options)
        self.num_envs = self.env.num_envs
        d = self.env.observation_size
        self.single_observation_space = spaces.Box(-np.inf, np.inf, (d,), np.float32)
        self.single_action_space = spaces.Discrete(ACTION_COUNT)
        self.observation_space = spaces.Box(-np.inf, np.inf, (self.num_envs, d), np.float32)
        self.action_space = spaces.MultiDiscrete(np.full(self.num_envs, ACTION_COUNT))
        self._terminated = np.zeros(self.num_envs, dtype=np.bool_)
        self._actions = np.zeros(self.num_envs, dtype=np.int32)
        self.render_mode = None

    def reset(self, *, seed: Optional[int] = None,
              options: Optional[Dict[str, Any]] = None) -> Tuple[Any, Dict[str, Any]]:
        """Resets every env (one Philox seed for all; None draws one)."""
        c_seed = _seed_of(seed, self.np_random)  # refuses a list before anything changes
        super().reset(seed=seed)
        obs = self.env.reset(c_seed)
        return obs, {}

    def step(self, actions: Any) -> Tuple[Any, Any, Any, Any, Dict[str, Any]]:
        """Steps every env; returns views (obs, rewards, terminations,
        truncations, infos)."""
        a = np.asarray(actions)
        if a.shape != (self.num_envs,):
            raise ValueError("actions must have shape (%d,), got %s" % (self.num_envs, a.shape))
        np.copyto(self._actions, a, casting="unsafe")
        obs, rewards, dones = self.env.step(self._actions)
        infos: Dict[str, Any] = {"cost": self.env.costs, "value": self.env.values, "weights": self.env.weights}
        if dones.any():
            infos["final_obs"] = np.array([row.copy() if d else None for row, d in
                                           zip(self.env.final_observations, dones)], dtype=object)
            infos["_final_obs"] = dones.copy()
            infos["final_info"] = {}
        return obs, rewards, self._terminated, dones, infos

    def close_extras(self, **kwargs: Any) -> None:
        """Nothing to release beyond the env, which frees itself."""


class PortfolioEnv(gym.Env):
    """One portfolio of the library's env as a gymnasium.Env.

    Observations float32 (obs_size,), actions Discrete(12). reset(seed=s)
    starts the library's env with Philox seed s (seed=None draws one from
    the env's np_random); an episode ends by truncation after
    episode_length steps, after which reset() starts the next one. Every
    call returns fresh arrays (Gymnasium's rule for single envs).
    """

    metadata = {"render_modes": []}

    def __init__(self, prices: Any, **options: Any) -> None:
        self.env = _make_env(prices, 1, options)
        d = self.env.observation_size
        self.observation_space = spaces.Box(-np.inf, np.inf, (d,), np.float32)
        self.action_space = spaces.Discrete(ACTION_COUNT)
        self._action = np.zeros(1, dtype=np.int32)
        self._needs_reset = True

    def reset(self, *, seed: Optional[int] = None,
              options: Optional[Dict[str, Any]] = None) -> Tuple[Any, Dict[str, Any]]:
        """Starts an episode (seed=None draws a Philox seed from np_random)."""
        super().reset(seed=seed)
        obs = self.env.reset(_seed_of(seed, self.np_random))
        self._needs_reset = False
        return obs[0].copy(), {}

    def step(self, action: Any) -> Tuple[Any, float, bool, bool, Dict[str, Any]]:
        """One step of the portfolio; returns fresh arrays."""
        if self._needs_reset:
            raise RuntimeError("the episode is over (or never started): call reset()")
        if not self.action_space.contains(action):
            raise ValueError("action must be an int in 0..%d, got %r" % (ACTION_COUNT - 1, action))
        self._action[0] = int(action)
        obs, rewards, dones = self.env.step(self._action)
        info = {"cost": float(self.env.costs[0]), "value": float(self.env.values[0]),
                "weights": self.env.weights[0].copy()}
        if dones[0]:
            self._needs_reset = True
            return self.env.final_observations[0].copy(), float(rewards[0]), False, True, info
        return obs[0].copy(), float(rewards[0]), False, False, info
