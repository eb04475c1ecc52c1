"""
rl.py - the library's PPO trainer (lib/rl, bc_ppo) over a botcopier.Env and
the recurrent policies it writes (bc_policy). The trainer runs in C; this
module only passes options, returns each iteration's metrics as a dict and
keeps the env alive while a trainer borrows it.
"""
import ctypes
import json
from typing import Any, Dict, List, Optional, Tuple

import numpy as np

from . import _arrays, _lib, _objects, errors

_p = _lib.ptr("bc_ppo")
_q = _lib.ptr("bc_policy")
_plan = _lib.status("bc_ppo_plan", _lib.c_int32, _lib.c_int32, _lib.c_int32, _lib.c_int64,
                    _lib.ptr("int32_t"), _lib.ptr("int64_t"))
_plan_gpu = _lib.status("bc_ppo_plan_gpu", _lib.c_int32, _lib.c_int32, _lib.c_int32,
                        _lib.c_int32, _lib.c_int32, _lib.c_int64, _lib.ptr("int32_t"),
                        _lib.ptr("int32_t"), _lib.ptr("int64_t"))
_create = _lib.status("bc_ppo_create", _lib.ptr("bc_env"), _lib.out("bc_ppo"))
_set = _lib.status("bc_ppo_set", _p, _lib.c_char_p, _lib.c_char_p)
_parameter_count = _lib.function("bc_ppo_parameter_count", _lib.c_int64, _p)
_iterate = _lib.status("bc_ppo_iterate", _p)
_cancel = _lib.status("bc_ppo_cancel", _p)
_iterations = _lib.function("bc_ppo_iterations", _lib.c_int64, _p)
_timesteps = _lib.function("bc_ppo_timesteps", _lib.c_int64, _p)
_episodes = _lib.function("bc_ppo_episodes", _lib.c_int64, _p)
_metrics_json = _lib.status("bc_ppo_metrics_json", _p, _lib.c_char_p, _lib.c_int32,
                            _lib.P_int32)
_save_checkpoint = _lib.status("bc_ppo_save_checkpoint", _p, _lib.c_char_p)
_load_checkpoint = _lib.status("bc_ppo_load_checkpoint", _p, _lib.c_char_p)
_save_policy = _lib.status("bc_ppo_save_policy", _p, _lib.c_char_p)
_free = _lib.function("bc_ppo_free", None, _p)
_policy_load = _lib.status("bc_policy_load", _lib.c_char_p, _lib.out("bc_policy"))
_policy_obs_size = _lib.status("bc_policy_observation_size", _q)
_policy_actions = _lib.status("bc_policy_action_count", _q)
_policy_features = _lib.function("bc_policy_features", _lib.c_char_p, _q)
_policy_obs_name = _lib.status("bc_policy_observation_name", _q, _lib.c_int32, _lib.c_char_p,
                               _lib.c_int32, _lib.P_int32)
_policy_act = _lib.status("bc_policy_act", _q, _lib.ptr("float"), _lib.c_int32,
                          _lib.ptr("uint8_t"), _lib.ptr("int32_t"), _lib.ptr("float"))
_policy_free = _lib.function("bc_policy_free", None, _q)
_policy_from_model = _lib.status("bc_policy_from_model", _lib.ptr("bc_model"),
                                 _lib.out("bc_policy"))
_policy_step = _lib.status("bc_policy_step", _q, _lib.ptr("float"), _lib.ptr("float"),
                           _lib.ptr("float"), _lib.ptr("int32_t"))
_policy_reset = _lib.status("bc_policy_reset", _q)
_policy_state = _lib.status("bc_policy_state", _q, _lib.ptr("float"), _lib.c_int64,
                            _lib.P_int64)
_policy_hidden = _lib.function("bc_policy_hidden_size", _lib.c_int32, _q)
_policy_layers = _lib.function("bc_policy_layers", _lib.c_int32, _q)


def plan(obs_size: int, n_actions: int, n_steps: int, available_bytes: int = 0,
         n_envs: int = 0) -> Tuple[int, int]:
    """(n_envs, bytes) for a rollout by the seed's memory formula
    (bc_ppo_plan); n_envs=0 asks for the default or what fits. Raises
    OutOfMemoryError naming what would fit."""
    n = ctypes.c_int32(int(n_envs))
    need = ctypes.c_int64(0)
    _plan(int(obs_size), int(n_actions), int(n_steps), int(available_bytes),
          ctypes.addressof(n), ctypes.addressof(need))
    return n.value, need.value


def plan_gpu(obs_size: int, n_actions: int, hidden_dim: int = 256, gru_layers: int = 2,
             n_minibatches: int = 0, cap_bytes: int = 0, n_envs: int = 0,
             n_steps: int = 0) -> Tuple[int, int, int]:
    """(n_envs, n_steps, bytes) for a run on the cuda backend from GPU 0's
    free memory (bc_ppo_plan_gpu); 0 asks for what fits / the seed's 256
    steps. Raises UnsupportedError without a GPU, OutOfMemoryError naming
    what would fit."""
    n = ctypes.c_int32(int(n_envs))
    t = ctypes.c_int32(int(n_steps))
    need = ctypes.c_int64(0)
    _plan_gpu(int(obs_size), int(n_actions), int(hidden_dim), int(gru_layers),
              int(n_minibatches), int(cap_bytes), ctypes.addressof(n), ctypes.addressof(t),
              ctypes.addressof(need))
    return n.value, t.value, need.value


class PPO(_objects.Handle):
    """A PPO trainer on env (a botcopier.Env, kept alive by the trainer).

    PPO(env, **options): options are bc_ppo_set keys (seed, hidden_dim,
    gru_layers, n_steps, epochs, critic_epochs, gae_lambda, ...).
    iterate() runs one iteration and returns its metrics dict.
    """

    _kind = "ppo"

    def __init__(self, env: Any, **options: Any) -> None:
        super().__init__(_objects.new(_create, env), _free)
        self._env = env
        for key, value in options.items():
            self.set(key, value)

    def set(self, key: str, value: Any) -> None:
        """Sets one option before the first iteration; errors name the value."""
        if isinstance(value, bool):
            raise TypeError("PPO options take numbers, not bool")
        _set(self, _objects.encode(key, "key"),
             (repr(value) if isinstance(value, float) else str(value)).encode())

    @property
    def parameter_count(self) -> int:
        """Network parameters with the current options."""
        return int(_parameter_count(self))

    @property
    def iterations(self) -> int:
        """PPO iterations done (restored by a checkpoint)."""
        return int(_iterations(self))

    @property
    def timesteps(self) -> int:
        """Env steps done: iterations x n_steps x n_envs."""
        return int(_timesteps(self))

    @property
    def episodes(self) -> int:
        """Episodes completed during the rollouts so far."""
        return int(_episodes(self))

    def iterate(self) -> Dict[str, Any]:
        """One rollout + update; returns the iteration's metrics."""
        _iterate(self)
        return self.metrics()

    def metrics(self) -> Dict[str, Any]:
        """The last iteration's metrics (bc_ppo_metrics_json) as a dict."""
        result: Dict[str, Any] = json.loads(_objects.read_string(_metrics_json, self,
                                                                 initial=2048))
        return result

    def cancel(self) -> None:
        """Asks a running iterate() (another thread) or the next one to stop
        with CancelledError."""
        _cancel(self)

    def save_checkpoint(self, path: Any) -> None:
        """Writes weights, both Adam states, counters, GRU and env state
        (atomic, checksummed)."""
        _save_checkpoint(self, _objects.encode_path(path))

    def load_checkpoint(self, path: Any) -> None:
        """Restores a checkpoint into a trainer that has not iterated; its
        options replace the trainer's."""
        _load_checkpoint(self, _objects.encode_path(path))

    def save_policy(self, path: Any) -> None:
        """Writes the trained policy for Policy() and botcopier rl-eval."""
        _save_policy(self, _objects.encode_path(path))


class Policy(_objects.Handle):
    """A trained recurrent policy (Policy(path) loads rl-train's policy.bcp
    or a checkpoint; Policy.from_model(model) steps a botcopier.Model of
    type "policy", i.e. Model.load on a policy file); act() steps n streams
    greedily and step() one stream, carrying the GRU states between calls.
    One thread at a time per Policy."""

    _kind = "policy"

    def __init__(self, path: Any = None, _ptr: Optional[int] = None) -> None:
        if _ptr is None:
            _ptr = _objects.new(_policy_load, _objects.encode_path(path))
        super().__init__(_ptr, _policy_free)

    @classmethod
    def from_model(cls, model: Any) -> "Policy":
        """A policy over a Model of type "policy" (its own copy of the
        weights); UnsupportedError for a model of another type."""
        return cls(_ptr=_objects.new(_policy_from_model, model))

    @property
    def hidden_size(self) -> int:
        """Width of each GRU layer."""
        return int(_policy_hidden(self))

    @property
    def layers(self) -> int:
        """Number of stacked GRU layers."""
        return int(_policy_layers(self))

    def step(self, observation: Any) -> Tuple[int, np.ndarray, float]:
        """(action, probabilities float32 (actions,), value) for one
        observation row (observation_size,), carrying the GRU state to the
        next call (bc_policy_step; allocation-free in C)."""
        obs = _arrays.require(observation, np.float32, "observation", ndim=1)
        if obs.shape[0] != self.observation_size:
            raise ValueError("observation has %d columns, the policy takes %d"
                             % (obs.shape[0], self.observation_size))
        probs = np.zeros(self.action_count, np.float32)
        value = ctypes.c_float(0.0)
        action = ctypes.c_int32(0)
        _policy_step(self, _arrays.address(obs), probs.ctypes.data, ctypes.addressof(value),
                     ctypes.addressof(action))
        return int(action.value), probs, float(value.value)

    def reset(self) -> None:
        """Zeroes the GRU state (an episode begins)."""
        _policy_reset(self)

    @property
    def state(self) -> np.ndarray:
        """The GRU state after the last step, float32 (streams, layers,
        hidden): what the ONNX export's h_out holds (one stream after
        step())."""
        n = ctypes.c_int64(0)
        try:
            _policy_state(self, None, 0, ctypes.byref(n))
        except errors.BufferTooSmallError:  # n now holds the size
            pass
        out = np.zeros(n.value, np.float32)
        _policy_state(self, out.ctypes.data, n.value, ctypes.byref(n))
        return out.reshape(-1, self.layers, self.hidden_size)

    @property
    def observation_size(self) -> int:
        """Observation columns the policy expects."""
        return int(_policy_obs_size(self))

    @property
    def action_count(self) -> int:
        """Number of actions (12 regimes)."""
        return int(_policy_actions(self))

    @property
    def features(self) -> str:
        """The env's per-asset features spec the policy was trained with."""
        return str(_policy_features(self).decode())

    @property
    def observation_names(self) -> List[str]:
        """Names of the training env's observation columns."""
        return [_objects.read_string(_policy_obs_name, self, i, initial=64)
                for i in range(self.observation_size)]

    def act(self, observations: Any,
            starts: Optional[Any] = None) -> Tuple[np.ndarray, np.ndarray]:
        """(actions int32 (n,), probabilities float32 (n, actions)) for
        observations (n, observation_size); starts (n,) bool marks streams
        whose episode begins here."""
        obs = _arrays.require(observations, np.float32, "observations", ndim=2)
        n = obs.shape[0]
        st = None if starts is None else np.ascontiguousarray(starts, dtype=np.uint8)
        if st is not None and st.shape != (n,):
            raise ValueError("starts must have shape (%d,), got %s" % (n, st.shape))
        actions = np.zeros(n, np.int32)
        probs = np.zeros((n, self.action_count), np.float32)
        _policy_act(self, _arrays.address(obs), n, _arrays.address(st), actions.ctypes.data,
                    probs.ctypes.data)
        return actions, probs
