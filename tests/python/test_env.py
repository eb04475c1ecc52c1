"""The portfolio environment from Python: the library against an independent
NumPy implementation of the same documented env (env_reference.py), the
Gymnasium wrappers under Gymnasium's own checker, and zero-copy buffers."""
import pathlib
import warnings

import numpy as np
import pytest

import botcopier
from botcopier import errors
from botcopier.env import ACTIONS, Env, action_name

import env_reference as ref
from conftest import requires

DATA = pathlib.Path(__file__).resolve().parents[1] / "data" / "portfolio"
THREE = DATA / "three_assets_daily.csv"
ENV_SYMBOLS = ("bc_env_create", "bc_env_create_from_prices", "bc_env_set", "bc_env_reset",
               "bc_env_step", "bc_env_observations", "bc_env_rewards", "bc_env_dones",
               "bc_env_final_observations", "bc_env_weights", "bc_env_costs", "bc_env_values",
               "bc_env_rows", "bc_env_observation_name", "bc_env_action_name", "bc_env_free")


def synthetic_closes(rows=260, assets=30, seed=3):
    """Random walks with per-asset drift and volatility, so every factor
    ranks the assets differently."""
    rng = np.random.default_rng(seed)
    drift = rng.normal(0.0003, 0.0005, assets)
    vol = rng.uniform(0.005, 0.03, assets)
    steps = drift + vol * rng.standard_normal((rows, assets))
    return 10.0 * rng.uniform(1, 20, assets) * np.exp(np.cumsum(steps, axis=0))


def test_reference_philox_matches_the_random123_known_answers_and_the_library():
    out = ref.philox4x32(0, 0, 0, 0, 0, 0)
    assert tuple(int(x) for x in out) == (0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8)
    out = ref.philox4x32(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0)
    assert tuple(int(x) for x in out) == (0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1)
    c, k = [7, 1, 5, 9], [123456789, 42]
    assert tuple(int(x) for x in ref.philox4x32(*c, *k)) == botcopier.philox4x32(c, k)


def compare_with_reference(close, n_envs, length, steps, seed, threads, rng, from_csv=None,
                           costs=None):
    costs = costs or {}
    env = Env.from_csv(from_csv, n_envs, episode_length=length, threads=threads, **costs) \
        if from_csv else Env(close, n_envs, episode_length=length, threads=threads, **costs)
    model = ref.VectorReference(close, n_envs, episode_length=length, **costs)
    obs = env.reset(seed)
    np.testing.assert_allclose(obs, model.reset(seed), rtol=1e-6, atol=1e-7)
    np.testing.assert_array_equal(env.rows, model.row)
    np.testing.assert_allclose(env.weights, model.weights, rtol=0, atol=1e-12)
    ended = 0
    for t in range(steps):
        actions = rng.integers(0, 12, n_envs).astype(np.int32)
        obs, rewards, dones = env.step(actions)
        m_obs, m_rewards, m_dones = model.step(actions)
        np.testing.assert_array_equal(dones, m_dones)
        np.testing.assert_array_equal(env.rows, model.row)
        np.testing.assert_allclose(rewards, m_rewards, rtol=1e-5, atol=1e-7)
        np.testing.assert_allclose(env.costs, model.costs, rtol=1e-9, atol=1e-15)
        np.testing.assert_allclose(env.values, model.values, rtol=1e-9)
        np.testing.assert_allclose(env.weights, model.weights, rtol=0, atol=1e-12)
        np.testing.assert_allclose(obs, m_obs, rtol=2e-6, atol=1e-6)
        if dones.any():
            ended += int(dones.sum())
            np.testing.assert_allclose(env.final_observations[dones], model.final_obs[dones],
                                       rtol=2e-6, atol=1e-6)
    return ended


@requires(*ENV_SYMBOLS)
def test_library_env_matches_numpy_on_a_shipped_table():
    _, close, names, _ = botcopier.portfolio.read_prices(THREE)
    ended = compare_with_reference(close, 16, 12, 40, seed=7, threads=2,
                                   rng=np.random.default_rng(1), from_csv=THREE)
    assert ended == 3 * 16


@requires(*ENV_SYMBOLS)
def test_library_env_matches_numpy_with_30_assets_and_every_regime():
    close = synthetic_closes()
    rng = np.random.default_rng(2)
    ended = compare_with_reference(close, 24, 9, 30, seed=2 ** 40 + 5, threads=3, rng=rng)
    assert ended == 3 * 24
    # The regimes' targets themselves, from the reference's own ranks.
    env = Env(close, 12, episode_length=9, fee=0.0, spread=0.0, max_slippage=0.0, impact=0.0)
    env.reset(3)
    rows = env.rows.copy()
    env.step(np.arange(12, dtype=np.int32))
    market = ref.Market(close)
    want = market.target_weights(np.arange(1, 12), rows[1:] - 1)
    np.testing.assert_allclose(env.weights[1:, :30], want, rtol=0, atol=1e-12)
    np.testing.assert_allclose(env.weights[1:, 30], market.cash[1:], atol=1e-12)
    assert (env.weights[11, :30] > 0).sum() == 9  # RISK_ON: top ceil(0.3 * 30)
    assert np.all(env.costs == 0) and np.all(env.values == 1)


@requires(*ENV_SYMBOLS)
@pytest.mark.parametrize("assets", [1, 2, 5, 64])
def test_library_env_matches_numpy_for_any_number_of_assets(assets):
    """The 12 regimes for any asset count: with one asset every tilt is all
    in it (k = 1, weight 2/2) and RISK_ON's top 30 % is that asset; odd and
    larger counts round k = ceil(A/2) and ceil(0.3 A) up."""
    close = synthetic_closes(rows=90, assets=assets, seed=assets)
    ended = compare_with_reference(close, 12, 10, 25, seed=assets, threads=2,
                                   rng=np.random.default_rng(assets))
    assert ended == 2 * 12
    env = Env(close, 12, episode_length=10, fee=0.0, spread=0.0, max_slippage=0.0, impact=0.0)
    env.reset(1)
    rows = env.rows.copy()
    env.step(np.arange(12, dtype=np.int32))
    market = ref.Market(close)
    np.testing.assert_allclose(env.weights[1:, :assets],
                               market.target_weights(np.arange(1, 12), rows[1:] - 1), atol=1e-12)
    assert (env.weights[11, :assets] > 0).sum() == -(-3 * assets // 10)


@requires(*ENV_SYMBOLS)
@pytest.mark.parametrize("friction", ["max_slippage", "spread", "fee", "impact"])
def test_each_friction_alone_matches_numpy(friction):
    """Each friction by itself (the others 0), at a value well away from
    its default, against the reference's formula: slippage uniform in
    [0, max) per env and step (Philox lane 1), spread and fee per traded
    value, impact * sqrt(trade / portfolio value) per traded value; with
    all four at 0 a trade costs nothing."""
    close = synthetic_closes(rows=80, assets=6, seed=9)
    value = {"max_slippage": 0.004, "spread": 0.003, "fee": 0.002, "impact": 0.05}[friction]
    costs = {k: 0.0 for k in ("max_slippage", "spread", "fee", "impact")}
    costs[friction] = value
    compare_with_reference(close, 10, 12, 20, seed=4, threads=2,
                           rng=np.random.default_rng(6), costs=costs)
    env = Env(close, 10, episode_length=12, **costs)
    env.reset(4)
    env.step(np.full(10, 4, np.int32))  # from cash into equal weight: every env trades 1.0
    cost = env.costs
    if friction in ("spread", "fee"):
        np.testing.assert_allclose(cost, value, rtol=1e-12)
    elif friction == "impact":  # 6 trades of 1/6 each: 6 * (1/6) * 0.05 * sqrt(1/6)
        np.testing.assert_allclose(cost, value * np.sqrt(1 / 6), rtol=1e-12)
    else:  # uniform in [0, max): spread over the range, never above it
        assert np.all((cost >= 0) & (cost < value)) and np.ptp(cost) > value / 4
    none = Env(close, 4, episode_length=12, **{k: 0.0 for k in costs})
    none.reset(4)
    none.step(np.full(4, 4, np.int32))
    assert np.all(none.costs == 0) and np.all(none.values == 1)


@requires(*ENV_SYMBOLS)
def test_single_python_env_is_the_same_env():
    """The gymnasium.Env of env_reference (the benchmark's peer) walks the
    same trajectory as the library's env i."""
    close = synthetic_closes(rows=120, assets=7)
    env = Env(close, 4, episode_length=15)
    env.reset(11)
    peer = ref.PortfolioEnv(close, episode_length=15, env_index=2)
    obs, _ = peer.reset(seed=11)
    np.testing.assert_allclose(obs, env.observations[2], rtol=2e-6, atol=1e-6)
    rng = np.random.default_rng(5)
    for t in range(15):
        actions = rng.integers(0, 12, 4).astype(np.int32)
        env.step(actions)
        obs, reward, terminated, truncated, info = peer.step(actions[2])
        assert truncated == bool(env.dones[2]) and not terminated
        final = env.final_observations[2] if truncated else env.observations[2]
        np.testing.assert_allclose(obs, final, rtol=2e-6, atol=1e-6)
        assert reward == pytest.approx(float(env.rewards[2]), rel=1e-5, abs=1e-7)
        assert info["value"] == pytest.approx(env.values[2], rel=1e-12)


@requires(*ENV_SYMBOLS)
def test_buffers_are_views_that_steps_overwrite_in_place():
    env = Env.from_csv(THREE, 8, episode_length=20)
    obs = env.reset(1)
    address = obs.ctypes.data
    obs2, rewards, dones = env.step(np.full(8, 4, np.int32))
    assert obs2 is obs and obs.ctypes.data == address
    before = rewards.copy()
    env.step(np.zeros(8, np.int32))
    assert env.rewards is rewards and not np.array_equal(rewards, before)
    assert obs.flags.writeable and not rewards.flags.writeable and dones.dtype == np.bool_
    names = env.observation_names
    assert names[:5] == ["AAPL.logret(1)", "AAPL.ret(5)", "AAPL.ret(20)", "AAPL.vol(20)",
                         "GOOGL.logret(1)"]
    assert names[12:15] == ["AAPL.weight", "GOOGL.weight", "SPX500.weight"]
    assert env.observation_names[-5:] == list(ref_state_names())
    assert [action_name(i) for i in range(12)] == list(ACTIONS) and action_name(12) is None


def ref_state_names():
    return ("cash_weight", "log_value", "episode_progress", "last_cost", "last_reward")


@requires(*ENV_SYMBOLS)
def test_bad_input_raises_the_library_errors():
    close = synthetic_closes(rows=60, assets=3)
    with pytest.raises(errors.NoDataError, match="has 21 rows"):
        Env(close[:21], 2)
    with pytest.raises(errors.InvalidArgumentError, match="n_envs is 0"):
        Env(close, 0)
    with pytest.raises(errors.NumericError, match="row 5, asset 1"):
        bad = close.copy()
        bad[5, 1] = np.nan
        Env(bad, 2)
    env = Env(close, 4)
    with pytest.raises(errors.StateError, match="bc_env_reset first"):
        env.step(np.zeros(4, np.int32))
    with pytest.raises(errors.NoDataError, match="at least 277"):
        env.reset(0)  # the default 256-step episodes do not fit 60 rows
    with pytest.raises(errors.InvalidArgumentError, match="hold at most 39"):
        env.set("episode_length", 40)
    with pytest.raises(errors.UnknownKeyError, match="'leverage'"):
        env.set("leverage", 2)
    env.set("episode_length", 39)
    env.reset(0)
    with pytest.raises(errors.InvalidArgumentError, match="env 3 is 12"):
        env.step(np.array([0, 1, 2, 12], np.int32))
    with pytest.raises(ValueError, match=r"shape \(4,\)"):
        env.step(np.zeros(5, np.int32))
    with pytest.raises(errors.StateError, match="after the first reset"):
        env.set("fee", 0.0)


@requires(*ENV_SYMBOLS)
def test_gymnasium_env_checker_accepts_the_single_env():
    gymnasium = pytest.importorskip("gymnasium")
    from gymnasium.utils.env_checker import check_env
    from botcopier.gymnasium_env import PortfolioEnv
    env = PortfolioEnv(THREE, episode_length=20)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        check_env(env, skip_render_check=True)
    # Only the note that the Box is unbounded, which it is (returns,
    # volatilities and log values have no bound).
    other = [str(w.message) for w in caught if "infinity" not in str(w.message)]
    assert not other, other
    # Same seed, same episode; another seed, another start.
    a, _ = env.reset(seed=5)
    trajectory = [env.step(4)[0] for _ in range(3)]
    b, _ = env.reset(seed=5)
    np.testing.assert_array_equal(a, b)
    for want in trajectory:
        np.testing.assert_array_equal(env.step(4)[0], want)
    assert isinstance(env.observation_space, gymnasium.spaces.Box)


@requires(*ENV_SYMBOLS)
def test_gymnasium_vector_env_steps_zero_copy_with_same_step_autoreset():
    gymnasium = pytest.importorskip("gymnasium")
    from botcopier.gymnasium_env import PortfolioVectorEnv
    envs = PortfolioVectorEnv(THREE, num_envs=6, episode_length=5, threads=2)
    assert isinstance(envs, gymnasium.vector.VectorEnv)
    assert envs.metadata["autoreset_mode"] == gymnasium.vector.AutoresetMode.SAME_STEP
    obs, info = envs.reset(seed=3)
    assert obs in envs.observation_space and obs.shape == (6, 20)
    first = obs.copy()
    envs.action_space.seed(0)
    for t in range(5):
        actions = envs.action_space.sample()
        assert actions in envs.action_space
        obs2, rewards, terminated, truncated, infos = envs.step(actions)
        assert np.shares_memory(obs2, obs)  # the env's own buffer, no copy
        assert obs2 in envs.observation_space
        assert rewards.dtype == np.float32 and rewards.shape == (6,)
        assert not terminated.any()
        np.testing.assert_allclose(infos["weights"].sum(axis=1), 1.0, atol=1e-12)
        assert np.all(infos["cost"] >= 0)
    assert truncated.all() and infos["_final_obs"].all()
    assert all(f.shape == (20,) for f in infos["final_obs"])
    # After the autoreset the envs start over all in cash.
    np.testing.assert_array_equal(obs2[:, 15], 1.0)
    envs.reset(seed=3)
    np.testing.assert_array_equal(obs, first)
    with pytest.raises(ValueError, match="one int seed"):
        envs.reset(seed=[1, 2])


OHLCV = DATA / "three_assets_ohlcv_daily.csv"


def wilder_atr(high, low, close, n):
    """TA-Lib's ATR: true range from the second bar, its mean over the
    first n as the value at bar n, then Wilder's smoothing; NaN before."""
    tr = np.maximum(high[1:] - low[1:], np.maximum(np.abs(high[1:] - close[:-1]),
                                                   np.abs(low[1:] - close[:-1])))
    out = np.full(len(close), np.nan)
    out[n] = tr[:n].mean()
    for i in range(n + 1, len(close)):
        out[i] = (out[i - 1] * (n - 1) + tr[i - 1]) / n
    return out


@requires("bc_env_create_bars", "bc_prices_from_bars", *ENV_SYMBOLS)
def test_ohlcv_env_observes_each_assets_wilder_atr_at_t_minus_1():
    """With OHLCV per asset the env's atr(14) columns are Wilder's ATR (as
    TA-Lib computes it, checked against TA-Lib where installed) over that
    asset's own high, low and close, read on the row before each env's
    execution row."""
    pd = pytest.importorskip("pandas")
    table = pd.read_csv(OHLCV)
    names = ["AAPL", "SPX", "GOOGL"]
    env = Env.from_csv(OHLCV, 8, features="atr(14),ret(1)", episode_length=50, threads=1)
    assert env.observation_names[:4] == ["AAPL.atr(14)", "AAPL.ret(1)", "SPX.atr(14)",
                                         "SPX.ret(1)"]
    want = np.stack([wilder_atr(table[n + ".high"].to_numpy(), table[n + ".low"].to_numpy(),
                                table[n + ".close"].to_numpy(), 14) for n in names], axis=1)
    try:
        import talib
        for j, n in enumerate(names):
            np.testing.assert_allclose(want[:, j], talib.ATR(table[n + ".high"].to_numpy(),
                                       table[n + ".low"].to_numpy(),
                                       table[n + ".close"].to_numpy(), 14), rtol=1e-12)
    except ImportError:
        pass
    obs = env.reset(11)
    rng = np.random.default_rng(0)
    for _ in range(30):
        for i, row in enumerate(env.rows):
            got = obs[i, [0, 2, 4]]
            np.testing.assert_allclose(got, want[row - 1], rtol=2e-6)
        obs, _, _ = env.step(rng.integers(0, 12, 8).astype(np.int32))
    # The same env from one bar file per asset, and from arrays.
    files = {"AAPL": DATA.parent / "aapl_daily.csv", "SPX": DATA.parent / "sp500_daily.csv",
             "GOOGL": DATA.parent / "bots" / "googl_daily.csv"}
    joined = Env.from_bars(files, 8, features="atr(14),ret(1)", episode_length=50, threads=1)
    cols = {f: np.ascontiguousarray(table[[n + "." + f for n in names]].to_numpy(np.float64)) for f in
            ("open", "high", "low", "close", "volume")}
    arrays = Env(cols["close"], 8, open=cols["open"], high=cols["high"], low=cols["low"],
                 volume=cols["volume"], features="atr(14),ret(1)", episode_length=50, threads=1)
    a, b, c = env.reset(3).copy(), joined.reset(3).copy(), arrays.reset(3).copy()
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(a, c)
    with pytest.raises(ValueError, match="high"):
        Env(cols["close"], 2, high=cols["high"][:, :2])
    bad = cols["high"].copy()
    bad[9, 1] = cols["low"][9, 1] / 2
    with pytest.raises(errors.InvalidArgumentError, match="row 9, asset 1"):
        Env(cols["close"], 2, high=bad, low=cols["low"])
    with pytest.raises(ValueError, match="at least one"):
        Env.from_bars({}, 2)


@requires("bc_prices_column")
def test_read_price_fields_gives_every_field_of_either_form():
    pd = pytest.importorskip("pandas")
    from botcopier.portfolio import read_price_fields
    times, fields, names, rejected = read_price_fields(OHLCV)
    assert names == ["AAPL", "SPX", "GOOGL"] and rejected == 0
    table = pd.read_csv(OHLCV)
    for f in ("open", "high", "low", "close", "volume"):
        np.testing.assert_array_equal(fields[f], table[[n + "." + f for n in names]].to_numpy())
    _, closes_only, _, _ = read_price_fields(THREE)
    assert list(closes_only) == ["close"]
