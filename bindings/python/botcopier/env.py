"""
env.py - the library's portfolio environment (lib/env, bc_env): N parallel
portfolios stepped in C on the library's threads. Observations, rewards,
dones and the rest are numpy views of the env's own buffers, created once:
a step writes them in place and nothing is copied per step.
"""
import ctypes
from typing import Any, Dict, List, Optional, Tuple

import numpy as np
import numpy.typing as npt

from . import _arrays, _lib, _objects
from ._types import Float32Array, Float64Array, Int64Array, PathLike

_e = _lib.ptr("bc_env")
_create = _lib.status("bc_env_create", _lib.ptr("double"), _lib.ptr("int64_t"), _lib.c_int64,
                      _lib.c_int32, _lib.c_int32, _lib.out("bc_env"))
_create_bars = _lib.status("bc_env_create_bars", _lib.ptr("double"), _lib.ptr("double"),
                           _lib.ptr("double"), _lib.ptr("double"), _lib.ptr("double"),
                           _lib.ptr("int64_t"), _lib.c_int64, _lib.c_int32, _lib.c_int32,
                           _lib.out("bc_env"))
_create_from_prices = _lib.status("bc_env_create_from_prices", _lib.ptr("bc_prices"),
                                  _lib.c_int32, _lib.out("bc_env"))
_prices_from_bars = _lib.status("bc_prices_from_bars", _lib.out("bc_bars"),
                                ctypes.POINTER(ctypes.c_char_p), _lib.c_int32,
                                _lib.out("bc_prices"), _lib.P_int64)
_set = _lib.status("bc_env_set", _e, _lib.c_char_p, _lib.c_char_p)
_reset = _lib.status("bc_env_reset", _e, _lib.c_uint64)
_step = _lib.status("bc_env_step", _e, _lib.ptr("int32_t"))
_count = _lib.status("bc_env_count", _e)
_assets = _lib.status("bc_env_assets", _e)
_obs_size = _lib.status("bc_env_observation_size", _e)
_obs_name = _lib.status("bc_env_observation_name", _e, _lib.c_int32, _lib.c_char_p,
                        _lib.c_int32, _lib.P_int32)
_action_name = _lib.function("bc_env_action_name", _lib.c_char_p, _lib.c_int32)
_observations = _lib.function("bc_env_observations", _lib.c_void_p, _e)
_rewards = _lib.function("bc_env_rewards", _lib.c_void_p, _e)
_dones = _lib.function("bc_env_dones", _lib.c_void_p, _e)
_final_observations = _lib.function("bc_env_final_observations", _lib.c_void_p, _e)
_weights = _lib.function("bc_env_weights", _lib.c_void_p, _e)
_costs = _lib.function("bc_env_costs", _lib.c_void_p, _e)
_values = _lib.function("bc_env_values", _lib.c_void_p, _e)
_rows = _lib.function("bc_env_rows", _lib.c_void_p, _e)
_free = _lib.function("bc_env_free", None, _e)
_observation_kind = _lib.function("bc_env_observation_kind", _lib.c_char_p, _e)
_prices_read = _lib.status("bc_prices_read_csv", _lib.c_char_p, _lib.out("bc_prices"),
                           _lib.out("bc_rejects"))
_prices_free = _lib.function("bc_prices_free", None, _lib.ptr("bc_prices"))
_rejects_free = _lib.function("bc_rejects_free", None, _lib.ptr("bc_rejects"))

ACTION_COUNT = 12
#: The 12 factor regimes, by action index (botcopier.h, BC_ENV_ACTION_*).
ACTIONS = ("HOLD", "FULL_CASH", "DEFENSIVE", "LIGHT_CASH", "EQUAL_WEIGHT", "MOMENTUM",
           "LOW_VOL", "QUALITY", "SIZE_SMALL", "SAFE_MOMENTUM", "SAFE_QUALITY", "RISK_ON")
#: Columns of the portfolio state at the end of every observation.
STATE_COLUMNS = ("cash_weight", "log_value", "episode_progress", "last_cost", "last_reward")


def action_name(action: int) -> Optional[str]:
    """Name of an action index ("HOLD" .. "RISK_ON"), or None outside 0..11."""
    name = _action_name(int(action))
    return None if name is None else str(name.decode())


def _option_text(value: Any) -> bytes:
    if isinstance(value, bool):
        raise TypeError("env options take numbers or text, not bool")
    if isinstance(value, float):
        return repr(value).encode()
    if isinstance(value, (list, tuple)):
        return ",".join(value).encode()
    return str(value).encode()


class Env(_objects.Handle):
    """n_envs portfolios over a price table, stepped together in C.

    Env(close, n_envs, time=None, open=None, high=None, low=None,
    volume=None, **options): close is a float64 array (rows, assets) of
    closes in time order (copied by the library), time optional int64
    seconds; open/high/low/volume optional arrays of the same shape (OHLCV
    per asset: the features option then reads each asset's real bars).
    Env.from_csv(path, n_envs, **options) reads a wide price table (one
    close column per asset, or <asset>.open/.high/.low/.close/.volume
    columns; names come from its header); Env.from_bars({"AAPL": path,
    ...}, n_envs, **options) joins one OHLCV bar file per asset on their
    common times. options are bc_env_set keys (episode_length, features,
    threads, max_slippage, spread, fee, impact, start_row), fixed at the
    first reset.

    After reset(seed) the attributes observations (n_envs, obs_size)
    float32, rewards (n_envs,) float32, dones (n_envs,) bool,
    final_observations, weights (n_envs, assets + 1) float64 (cash last),
    costs, values and rows are views of the env's buffers: every step
    overwrites them in place (copy what you keep). observations is writable
    (normalize in place if you like); the others are read-only.
    """

    _kind = "env"

    def __init__(self, close: Float64Array, n_envs: int, time: Optional[Int64Array] = None,
                 open: Optional[Float64Array] = None, high: Optional[Float64Array] = None,
                 low: Optional[Float64Array] = None, volume: Optional[Float64Array] = None,
                 **options: Any) -> None:
        close = _arrays.require(close, np.float64, "close", ndim=2)
        if time is not None:
            time = _arrays.require(time, np.int64, "time", shape=(close.shape[0],))
        bars = [None if a is None else _arrays.require(a, np.float64, name, shape=close.shape)
                for name, a in (("open", open), ("high", high), ("low", low), ("volume", volume))]
        super().__init__(_objects.new(_create_bars, *[_arrays.address(a) for a in bars[:3]],
                                      _arrays.address(close), _arrays.address(bars[3]),
                                      _arrays.address(time), close.shape[0], close.shape[1],
                                      int(n_envs)), _free)
        self._configure(options)

    @classmethod
    def _from_prices(cls, prices: Any, n_envs: int, options: Dict[str, Any]) -> "Env":
        try:
            env = cls.__new__(cls)
            _objects.Handle.__init__(env, _objects.new(_create_from_prices, prices, int(n_envs)),
                                     _free)
        finally:
            _prices_free(prices)
        env._configure(options)
        return env

    @classmethod
    def from_bars(cls, bars: Dict[str, PathLike], n_envs: int, **options: Any) -> "Env":
        """An env over one OHLCV bar file per asset ({name: path}, read as
        botcopier.read_bars does), joined on the times every file has;
        options as for Env()."""
        from .data import read_bars
        if not bars:
            raise ValueError("bars: give at least one {name: path}")
        series = [read_bars(path) for path in bars.values()]
        handles = (_lib.ptr("bc_bars") * len(series))(*[b._as_parameter_ for b in series])
        # the array decays to the bc_bars ** the C side takes
        names = (ctypes.c_char_p * len(series))(*[_objects.encode(n, "asset name")
                                                  for n in bars])
        prices = _lib.ptr("bc_prices")()
        dropped = ctypes.c_int64()
        _prices_from_bars(handles, names, len(series), ctypes.byref(prices),
                          ctypes.byref(dropped))
        return cls._from_prices(prices, n_envs, options)

    @classmethod
    def from_csv(cls, path: PathLike, n_envs: int, **options: Any) -> "Env":
        """An env over the wide price table at path (a time column, then one
        close column per asset or <asset>.open/.high/.low/.close/.volume
        columns); options as for Env()."""
        prices, rejects = _lib.ptr("bc_prices")(), _lib.ptr("bc_rejects")()
        try:
            _prices_read(_objects.encode_path(path), ctypes.byref(prices), ctypes.byref(rejects))
        except BaseException:
            if prices.value:
                _prices_free(prices)
            raise
        finally:
            if rejects.value:
                _rejects_free(rejects)
        return cls._from_prices(prices, n_envs, options)

    def _configure(self, options: Dict[str, Any]) -> None:
        self._views: Optional[Dict[str, Any]] = None
        for key, value in options.items():
            self.set(key, value)

    def set(self, key: str, value: Any) -> None:
        """Sets one option (before the first reset); errors name the value."""
        _set(self, _objects.encode(key, "key"), _option_text(value))

    @property
    def num_envs(self) -> int:
        """Number of parallel portfolios."""
        return int(_count(self))

    @property
    def n_assets(self) -> int:
        """Number of assets (price columns)."""
        return int(_assets(self))

    @property
    def observation_size(self) -> int:
        """Width of one observation row (floats)."""
        return int(_obs_size(self))

    @property
    def observation_names(self) -> List[str]:
        """Name of every observation column, in order (botcopier.h)."""
        return [_objects.read_string(_obs_name, self, i, initial=64)
                for i in range(self.observation_size)]

    def reset(self, seed: int = 0) -> Float32Array:
        """Resets every env with seed (an int in 0..2**64-1); returns the
        observations view."""
        seed = int(seed)
        if not 0 <= seed < 2 ** 64:
            raise ValueError("seed must be in 0..2**64-1, got %d" % seed)
        _reset(self, seed)
        if self._views is None:
            self._make_views()
        return self.observations

    def step(self, actions: Any) -> Tuple[Float32Array, Float32Array, "npt.NDArray[np.bool_]"]:
        """Steps every env with actions, an int32 array (n_envs,) of 0..11
        (other integer arrays are converted). Returns (observations,
        rewards, dones) views."""
        if self._views is None:
            # Not reset yet: the library refuses with BC_E_STATE.
            _step(self, _arrays.address(np.zeros(self.num_envs, np.int32)))
        a = actions
        if not (isinstance(a, np.ndarray) and a.dtype == np.int32 and a.flags.c_contiguous):
            a = np.ascontiguousarray(a, dtype=np.int32)
        if a.shape != (self._n,):
            raise ValueError("actions must have shape (%d,), got %s" % (self._n, a.shape))
        _step(self, a.ctypes.data)
        return self.observations, self.rewards, self.dones

    def _make_views(self) -> None:
        n, d, m = self.num_envs, self.observation_size, self.n_assets
        self._n = n
        self._views = {
            # Writable by design (the header allows it); its base keeps self alive.
            "observations": np.asarray(_Writable(self, _observations(self), (n, d))),
            "rewards": _arrays.view(self, _rewards(self), (n,), np.float32),
            "dones": _arrays.view(self, _dones(self), (n,), np.uint8).view(np.bool_),
            "final_observations": _arrays.view(self, _final_observations(self), (n, d),
                                               np.float32),
            "weights": _arrays.view(self, _weights(self), (n, m + 1), np.float64),
            "costs": _arrays.view(self, _costs(self), (n,), np.float64),
            "values": _arrays.view(self, _values(self), (n,), np.float64),
            "rows": _arrays.view(self, _rows(self), (n,), np.int64),
        }

    def _view(self, name: str) -> Any:
        if self._views is None:
            raise RuntimeError("call reset() before reading %s" % name)
        return self._views[name]

    @property
    def observations(self) -> Float32Array:
        """(n_envs, obs_size) float32 view of the observations (writable)."""
        view: Float32Array = self._view("observations")
        return view

    @property
    def rewards(self) -> Float32Array:
        """(n_envs,) float32 view of the last step's rewards (log returns net of costs)."""
        view: Float32Array = self._view("rewards")
        return view

    @property
    def dones(self) -> "npt.NDArray[np.bool_]":
        """(n_envs,) bool view: the env finished an episode in the last step."""
        view: "npt.NDArray[np.bool_]" = self._view("dones")
        return view

    @property
    def final_observations(self) -> Float32Array:
        """(n_envs, obs_size) float32 view: the last observation of a finished episode."""
        view: Float32Array = self._view("final_observations")
        return view

    @property
    def weights(self) -> Float64Array:
        """(n_envs, assets + 1) float64 view of the portfolio weights (cash last)."""
        view: Float64Array = self._view("weights")
        return view

    @property
    def costs(self) -> Float64Array:
        """(n_envs,) float64 view of the last step's trading costs (share of value)."""
        view: Float64Array = self._view("costs")
        return view

    @property
    def values(self) -> Float64Array:
        """(n_envs,) float64 view of the portfolio values."""
        view: Float64Array = self._view("values")
        return view

    @property
    def observation_kind(self) -> str:
        """Which bar fields the env's table has: "ohlcv", "close" (closes
        only), or the letters of another subset ("hlc"); a policy records
        it (Policy.observation_kind, Policy.check_env)."""
        return str(_observation_kind(self).decode())

    @property
    def rows(self) -> Int64Array:
        """(n_envs,) int64 view of each env's current price row."""
        view: Int64Array = self._view("rows")
        return view


def _make_env(prices: Any, num_envs: int, options: Dict[str, Any]) -> "Env":
    """The Env of the Gymnasium and SB3 wrappers: prices is a ready Env (no
    options then), a float64 array (rows, assets) or a CSV path."""
    if isinstance(prices, Env):
        if options:
            raise ValueError("options go to the Env when it is passed ready-made")
        if prices.num_envs != num_envs:
            raise ValueError("the Env has %d envs, num_envs is %d" % (prices.num_envs, num_envs))
        return prices
    if isinstance(prices, np.ndarray):
        return Env(prices, num_envs, **options)
    return Env.from_csv(prices, num_envs, **options)


class _Writable:
    """Exposes an env's float32 observations to numpy, writable; as the
    array's base it keeps the env alive."""

    def __init__(self, owner: Env, addr: int, shape: Tuple[int, ...]) -> None:
        self.owner = owner
        self.__array_interface__ = {"data": (addr, False), "shape": tuple(shape),
                                    "typestr": np.dtype(np.float32).str, "version": 3}
