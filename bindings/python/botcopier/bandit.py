"""
bandit.py - the bandit router between K models (Thompson sampling or UCB1),
the same object `botcopier serve` runs behind HTTP.
"""
import ctypes
from typing import Optional, Tuple

from . import _lib, _objects
from ._types import PathLike

_p = _lib.ptr("bc_bandit")
_create = _lib.status("bc_bandit_create", _lib.c_int32, _lib.c_int32, _lib.c_uint64,
                      _lib.out("bc_bandit"))
_free = _lib.function("bc_bandit_free", None, _p)
_arms = _lib.function("bc_bandit_arms", _lib.c_int32, _p)
_policy = _lib.function("bc_bandit_policy", _lib.c_int32, _p)
_choose = _lib.status("bc_bandit_choose", _p, _lib.P_int32)
_reward = _lib.status("bc_bandit_reward", _p, _lib.c_int32, _lib.c_double)
_stats = _lib.status("bc_bandit_arm_stats", _p, _lib.c_int32, _lib.P_int64, _lib.P_double)
_set_stats = _lib.status("bc_bandit_set_arm_stats", _p, _lib.c_int32, _lib.c_int64,
                         _lib.c_double)
_choices = _lib.function("bc_bandit_choices", _lib.c_int64, _p)
_save = _lib.status("bc_bandit_save", _p, _lib.c_char_p)
_load = _lib.status("bc_bandit_load", _lib.c_char_p, _lib.out("bc_bandit"))

POLICIES = {"thompson": 0, "ucb1": 1}


class Bandit(_objects.ClosableHandle):
    """Chooses which of n_arms models to use next: policy "thompson" (Beta
    posteriors, deterministic per seed) or "ucb1"; rewards in [0, 1]."""

    _kind = "Bandit"

    def __init__(self, n_arms: int, policy: str = "thompson", seed: int = 0,
                 _ptr: Optional[int] = None) -> None:
        if _ptr is None:
            if policy not in POLICIES:
                raise ValueError("policy must be 'thompson' or 'ucb1', got %r" % (policy,))
            _ptr = _objects.new(_create, int(n_arms), POLICIES[policy], int(seed))
        super().__init__(_ptr, _free)

    @classmethod
    def load(cls, path: PathLike) -> "Bandit":
        """A router restored from a state file written by save()."""
        return cls(0, _ptr=_objects.new(_load, _objects.encode_path(path)))

    def save(self, path: PathLike) -> None:
        """Writes the state atomically and durably (fsync)."""
        _save(self, _objects.encode_path(path))

    def __len__(self) -> int:
        return int(_arms(self))

    @property
    def policy(self) -> str:
        """The policy: "thompson" or "ucb1"."""
        return "ucb1" if _policy(self) == 1 else "thompson"

    @property
    def choices(self) -> int:
        """choose() calls so far."""
        return int(_choices(self))

    def choose(self) -> int:
        """The arm (model index) to use next."""
        arm = ctypes.c_int32()
        _choose(self, ctypes.byref(arm))
        return int(arm.value)

    def reward(self, arm: int, reward: float) -> None:
        """Records a reward in [0, 1] for arm."""
        _reward(self, int(arm), float(reward))

    def stats(self, arm: int) -> Tuple[int, float]:
        """(rewards received, their sum) of arm."""
        pulls, total = ctypes.c_int64(), ctypes.c_double()
        _stats(self, int(arm), ctypes.byref(pulls), ctypes.byref(total))
        return int(pulls.value), float(total.value)

    def set_stats(self, arm: int, pulls: int, reward_sum: float) -> None:
        """Sets arm's reward count and sum (a prior, or taking one back)."""
        _set_stats(self, int(arm), int(pulls), float(reward_sum))
