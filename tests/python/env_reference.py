"""
env_reference.py - the portfolio environment of include/botcopier.h
("Portfolio environment") written again in NumPy from its documentation,
sharing no code with the library: its own Philox4x32-10, features,
factor ranks and frictions. Two forms:

  VectorReference   all envs at once, NumPy over (envs, assets): the oracle
                    tests/python/test_env.py compares the library with, and
                    the batched peer of bench/bench_env.py;
  PortfolioEnv      one env as a gymnasium.Env (NumPy over assets), the way
                    such an env is usually written in Python; run many of
                    them with gymnasium.vector.SyncVectorEnv (bench peer).

Only the default observation spec, logret(1),ret(5),ret(20),vol(20).
"""
import numpy as np

MASK = np.uint64(0xFFFFFFFF)
M0, M1 = np.uint64(0xD2511F53), np.uint64(0xCD9E8D57)
W0, W1 = np.uint64(0x9E3779B9), np.uint64(0xBB67AE85)
LOOKBACK = 20
N_FEATURES = 4
STATE = 5
# action -> (cash share, factor (-1 none, 0 momentum, 1 low vol, 2 quality,
# 3 size), top count rule ("half", "top30" or None), exclusive)
REGIMES = [
    (0.0, -1, None, False),   # HOLD (never traded)
    (1.0, -1, None, False),   # FULL_CASH
    (0.5, -1, None, False),   # DEFENSIVE
    (0.25, -1, None, False),  # LIGHT_CASH
    (0.0, -1, None, False),   # EQUAL_WEIGHT
    (0.0, 0, "half", False),  # MOMENTUM
    (0.0, 1, "half", False),  # LOW_VOL
    (0.0, 2, "half", False),  # QUALITY
    (0.0, 3, "half", False),  # SIZE_SMALL
    (0.3, 0, "half", False),  # SAFE_MOMENTUM
    (0.3, 2, "half", False),  # SAFE_QUALITY
    (0.0, 0, "top30", True),  # RISK_ON
]


def philox4x32(c0, c1, c2, c3, k0, k1):
    """Philox4x32-10 (Salmon et al. 2011) on uint64 arrays holding 32-bit words."""
    c0, c1, c2, c3 = (np.asarray(c, dtype=np.uint64) & MASK for c in (c0, c1, c2, c3))
    k0, k1 = np.uint64(k0) & MASK, np.uint64(k1) & MASK
    for _ in range(10):
        p0 = M0 * c0
        p1 = M1 * c2
        c0, c1, c2, c3 = (p1 >> np.uint64(32)) ^ c1 ^ k0, p1 & MASK, \
            (p0 >> np.uint64(32)) ^ c3 ^ k1, p0 & MASK
        k0 = (k0 + W0) & MASK
        k1 = (k1 + W1) & MASK
    return c0, c1, c2, c3


def random_words(seed, env, step, lane):
    """The four 32-bit words for (seed, env, step, lane), broadcast over arrays."""
    step = np.asarray(step, dtype=np.uint64)
    return philox4x32(step & MASK, step >> np.uint64(32), np.asarray(env, dtype=np.uint64),
                      np.asarray(lane, dtype=np.uint64), seed & 0xFFFFFFFF, seed >> 32)


class Market:
    """Features, factor ranks and regime targets of one price table."""

    def __init__(self, close):
        close = np.asarray(close, dtype=np.float64)
        T, A = close.shape
        self.close, self.T, self.A = close, T, A
        logp = np.log(close)

        def shift(x, n):
            return np.vstack([np.full((n, A), np.nan), x[:-n]])

        logret1 = logp - shift(logp, 1)
        ret5 = close / shift(close, 5) - 1
        ret20 = close / shift(close, 20) - 1
        logret20 = logp - shift(logp, 20)
        vol20 = np.full((T, A), np.nan)
        for t in range(LOOKBACK, T):
            vol20[t] = np.std(logret1[t - 19:t + 1], axis=0, ddof=1)
        feats = np.stack([logret1, ret5, ret20, vol20], axis=2)
        self.features = np.where(np.isfinite(feats), feats, 0.0).astype(np.float32)
        with np.errstate(invalid="ignore", divide="ignore"):
            quality = np.where(vol20 > 0, logret20 / (LOOKBACK * vol20), 0.0)
        scores = np.stack([ret20, -vol20, quality, 1.0 / close], axis=1)  # (T, 4, A)
        self.ranks = np.tile(np.arange(A), (T, 4, 1))
        for t in range(LOOKBACK, T):
            for f in range(4):
                order = np.argsort(-scores[t, f], kind="stable")
                self.ranks[t, f, order] = np.arange(A)
        half, top30 = -(-A // 2), -(-3 * A // 10)
        self.cash = np.array([r[0] for r in REGIMES])
        self.factor = np.array([r[1] for r in REGIMES])
        self.top_count = np.array([half if r[2] == "half" else top30 if r[2] == "top30" else 0
                                   for r in REGIMES])
        self.top_weight = np.array([1 / A if r[1] < 0 else (1 / k if r[3] else 2 / (A + k))
                                    for r, k in zip(REGIMES, self.top_count)])
        self.rest_weight = np.array([1 / A if r[1] < 0 else (0.0 if r[3] else 1 / (A + k))
                                     for r, k in zip(REGIMES, self.top_count)])

    def target_weights(self, action, row):
        """(.., A) target asset weights of action (..) ranked on row (..)."""
        action, row = np.asarray(action), np.asarray(row)
        f = self.factor[action]
        rank = self.ranks[row, np.maximum(f, 0)]
        top = (f >= 0)[..., None] & (rank < self.top_count[action][..., None])
        w = np.where(top, self.top_weight[action][..., None], self.rest_weight[action][..., None])
        return (1 - self.cash[action])[..., None] * w


class VectorReference:
    """n_envs portfolios stepped together in NumPy (same semantics as bc_env)."""

    def __init__(self, close, n_envs, episode_length=256, max_slippage=0.0005, spread=0.0002,
                 fee=0.0001, impact=0.01, market=None):
        self.m = market if market is not None else Market(close)
        self.N, self.L = n_envs, episode_length
        self.max_slippage, self.spread, self.fee, self.impact = max_slippage, spread, fee, impact
        self.n_starts = self.m.T - LOOKBACK - episode_length
        assert self.n_starts >= 1
        self.env = np.arange(n_envs, dtype=np.uint64)

    def _start(self, idx):
        x0 = random_words(self.seed, self.env[idx], self.step_count[idx], 0)[0]
        self.row[idx] = LOOKBACK + 1 + ((x0 * np.uint64(self.n_starts)) >> np.uint64(32)).astype(np.int64)
        self.shares[idx] = 0.0
        self.cash[idx] = 1.0
        self.log_value[idx] = 0.0
        self.last_cost[idx] = 0.0
        self.last_reward[idx] = 0.0
        self.episode_step[idx] = 0

    def _observe(self, idx, value):
        r = self.row[idx] - 1
        p = self.m.close[r]
        w = self.shares[idx] * p / value[:, None]
        state = np.stack([self.cash[idx] / value, self.log_value[idx],
                          self.episode_step[idx] / self.L, self.last_cost[idx],
                          self.last_reward[idx]], axis=1)
        obs = np.concatenate([self.m.features[r].reshape(len(idx), -1).astype(np.float64), w,
                              state], axis=1)
        return obs.astype(np.float32), np.concatenate([w, (self.cash[idx] / value)[:, None]], axis=1)

    def reset(self, seed):
        N, A = self.N, self.m.A
        self.seed = int(seed)
        self.step_count = np.zeros(N, dtype=np.uint64)
        self.row = np.zeros(N, dtype=np.int64)
        self.shares = np.zeros((N, A))
        self.cash, self.log_value = np.ones(N), np.zeros(N)
        self.last_cost, self.last_reward = np.zeros(N), np.zeros(N)
        self.episode_step = np.zeros(N, dtype=np.int64)
        every = np.arange(N)
        self._start(every)
        self.obs, self.weights = self._observe(every, np.ones(N))
        return self.obs

    def step(self, actions):
        N, A = self.N, self.m.A
        actions = np.asarray(actions, dtype=np.int64)
        d = self.row
        p = self.m.close[d]
        v_pre = self.cash + (self.shares * p).sum(axis=1)
        target = self.m.target_weights(actions, d - 1) * v_pre[:, None] / p
        traded = np.abs(target - self.shares) * p
        x0 = random_words(self.seed, self.env, self.step_count, 1)[0].astype(np.float64)
        slip = self.max_slippage * (x0 / 4294967296.0)
        per_asset = traded * ((slip + self.spread + self.fee)[:, None]
                              + self.impact * np.sqrt(traded / v_pre[:, None]))
        trade = actions != 0
        cost = np.where(trade, per_asset.sum(axis=1), 0.0)
        v_post = v_pre - cost
        scale = v_post / v_pre
        self.shares = np.where(trade[:, None], target * scale[:, None], self.shares)
        self.cash = np.where(trade, self.m.cash[actions] * v_pre * scale, self.cash)
        log_value = np.log(v_post)
        reward = log_value - self.log_value
        self.log_value = log_value
        self.last_cost = cost / v_pre
        self.last_reward = reward.copy()
        self.costs, self.values = cost / v_pre, v_post
        self.row = d + 1
        self.episode_step += 1
        self.step_count += np.uint64(1)
        every = np.arange(N)
        obs, weights = self._observe(every, v_post)
        done = self.episode_step >= self.L
        self.final_obs = obs.copy()
        if done.any():
            ended = np.flatnonzero(done)
            self._start(ended)
            obs[ended] = self._observe(ended, np.ones(len(ended)))[0]
        self.obs, self.weights, self.rewards, self.dones = obs, weights, reward.astype(np.float32), done
        return obs, self.rewards, done


def _gym_env_class():
    import gymnasium as gym
    from gymnasium import spaces

    class PortfolioEnv(gym.Env):
        """One portfolio of the same env as a gymnasium.Env, NumPy over the
        assets: env_index keys its random numbers as bc_env's env i."""

        metadata = {"render_modes": []}

        def __init__(self, close=None, episode_length=256, env_index=0, market=None,
                     max_slippage=0.0005, spread=0.0002, fee=0.0001, impact=0.01):
            self.m = market if market is not None else Market(close)
            self.L, self.i = episode_length, int(env_index)
            self.costs = (max_slippage, spread, fee, impact)
            self.n_starts = self.m.T - LOOKBACK - episode_length
            A = self.m.A
            self.observation_space = spaces.Box(-np.inf, np.inf, (A * (N_FEATURES + 1) + STATE,),
                                                np.float32)
            self.action_space = spaces.Discrete(len(REGIMES))
            self.seed_value = 0

        def _start(self):
            x0 = int(random_words(self.seed_value, self.i, self.step_count, 0)[0])
            self.row = LOOKBACK + 1 + ((x0 * self.n_starts) >> 32)
            self.shares = np.zeros(self.m.A)
            self.cash, self.log_value, self.last_cost, self.last_reward = 1.0, 0.0, 0.0, 0.0
            self.episode_step = 0

        def _observe(self, value):
            r = self.row - 1
            w = self.shares * self.m.close[r] / value
            state = np.array([self.cash / value, self.log_value, self.episode_step / self.L,
                              self.last_cost, self.last_reward], dtype=np.float32)
            return np.concatenate([self.m.features[r].ravel(), w.astype(np.float32), state])

        def reset(self, seed=None, options=None):
            super().reset(seed=seed)
            self.seed_value = int(seed) if seed is not None else int(
                self.np_random.integers(0, 2 ** 63))
            self.step_count = 0
            self._start()
            return self._observe(1.0), {}

        def step(self, action):
            max_slippage, spread, fee, impact = self.costs
            action = int(action)
            p = self.m.close[self.row]
            v_pre = self.cash + float(self.shares @ p)
            cost = 0.0
            if action != 0:
                target = self.m.target_weights(action, self.row - 1) * v_pre / p
                traded = np.abs(target - self.shares) * p
                x0 = int(random_words(self.seed_value, self.i, self.step_count, 1)[0])
                slip = max_slippage * (x0 / 4294967296.0)
                cost = float((traded * (slip + spread + fee
                                        + impact * np.sqrt(traded / v_pre))).sum())
                scale = (v_pre - cost) / v_pre
                self.shares = target * scale
                self.cash = self.m.cash[action] * v_pre * scale
            v_post = v_pre - cost
            log_value = np.log(v_post)
            reward = log_value - self.log_value
            self.log_value, self.last_cost, self.last_reward = log_value, cost / v_pre, reward
            self.row += 1
            self.episode_step += 1
            self.step_count += 1
            obs = self._observe(v_post)
            truncated = self.episode_step >= self.L
            return obs, float(reward), False, bool(truncated), {"cost": cost / v_pre,
                                                                 "value": v_post}

    return PortfolioEnv


def __getattr__(name):
    if name == "PortfolioEnv":
        cls = _gym_env_class()
        globals()["PortfolioEnv"] = cls
        return cls
    raise AttributeError(name)
