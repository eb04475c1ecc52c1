#!/usr/bin/env python3
"""bench_env.py - portfolio environment steps per second: the library's
bc_env (C, its own thread pool) against the same env in Python, in the same
run, on the same prices.

Peers (tests/python/env_reference.py, written from the header's spec and
checked against the library by tests/python/test_env.py):
  gymnasium   one portfolio per gymnasium.Env, NumPy over the assets, many
              of them in gymnasium.vector.SyncVectorEnv: how such an env is
              usually written in Python (the issue's "Python env");
  numpy-batch all envs at once, NumPy over (envs, assets): the fastest pure
              NumPy form, for reference.
Before timing, a few steps of both peers are compared with the library's
(same seed, same actions), so the three time the same env.

Data: 30 assets x 2520 rows of synthetic daily closes (NumPy, seed 3);
default features (obs 30*5+5 = 155 floats), episodes of 256 steps, random
actions over the 12 regimes (a fixed pool of action arrays, drawn before
timing). Each timing is the best of --repeat runs, as the machine may be
shared. Goal: >= 100x the Gymnasium env and >= 10M env-steps/s on 2 threads.

Usage: bench_env.py [--assets 30] [--threads 2] [--envs 4096] [--steps 300]
                    [--gym-envs 16] [--seconds 2] [--repeat 3]
Needs BC_LIBRARY (path of libbotcopier.so) or build/libbotcopier.so, and
gymnasium for the Gymnasium peer.
"""
import argparse
import os
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "bindings", "python"))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "python"))
if "BC_LIBRARY" not in os.environ:
    os.environ["BC_LIBRARY"] = os.path.join(HERE, "..", "build", "libbotcopier.so")

from botcopier.env import Env  # noqa: E402
import env_reference as ref  # noqa: E402


def synthetic_closes(rows, assets, seed=3):
    rng = np.random.default_rng(seed)
    drift = rng.normal(0.0003, 0.0005, assets)
    vol = rng.uniform(0.005, 0.03, assets)
    steps = drift + vol * rng.standard_normal((rows, assets))
    return 10.0 * rng.uniform(1, 20, assets) * np.exp(np.cumsum(steps, axis=0))


def best_rate(run, repeat):
    """(env-steps per second, seconds) of the fastest of repeat runs."""
    best = None
    for _ in range(repeat):
        steps, seconds = run()
        if best is None or steps / seconds > best[0]:
            best = (steps / seconds, seconds)
    return best


def check_same_env(close, market, assets):
    """A few steps of both peers against the library, same seed and actions."""
    n, length = 8, 256
    env = Env(close, n, episode_length=length)
    env.reset(5)
    batch = ref.VectorReference(close, n, episode_length=length, market=market)
    batch.reset(5)
    single = ref.PortfolioEnv(episode_length=length, env_index=3, market=market)
    single.reset(seed=5)
    rng = np.random.default_rng(9)
    for _ in range(10):
        a = rng.integers(0, 12, n).astype(np.int32)
        env.step(a)
        batch.step(a)
        obs, reward, _, _, _ = single.step(a[3])
        np.testing.assert_allclose(batch.obs, env.observations, rtol=2e-6, atol=1e-6)
        np.testing.assert_allclose(obs, env.observations[3], rtol=2e-6, atol=1e-6)
        assert abs(reward - float(env.rewards[3])) < 1e-6
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--assets", type=int, default=30)
    ap.add_argument("--rows", type=int, default=2520)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--envs", type=int, default=4096)
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--gym-envs", type=int, default=16)
    ap.add_argument("--seconds", type=float, default=2.0)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    close = synthetic_closes(args.rows, args.assets)
    market = ref.Market(close)
    rng = np.random.default_rng(1)
    pool = [rng.integers(0, 12, args.envs).astype(np.int32) for _ in range(64)]

    try:
        import gymnasium  # noqa: F401
        have_gym = True
    except ImportError:
        have_gym = False
    if have_gym:
        check_same_env(close, market, args.assets)

    env = Env(close, args.envs, threads=args.threads)
    env.reset(1)
    env.step(pool[0])

    def run_library():
        t0 = time.perf_counter()
        for s in range(args.steps):
            env.step(pool[s & 63])
        return args.envs * args.steps, time.perf_counter() - t0

    lib_rate, _ = best_rate(run_library, args.repeat)

    batch = ref.VectorReference(close, args.envs, market=market)
    batch.reset(1)

    def run_batch():
        t0, steps = time.perf_counter(), 0
        while time.perf_counter() - t0 < args.seconds:
            batch.step(pool[steps & 63])
            steps += 1
        return args.envs * steps, time.perf_counter() - t0

    batch_rate, _ = best_rate(run_batch, args.repeat)

    gym_rate = None
    if have_gym:
        from gymnasium.vector import SyncVectorEnv
        n = args.gym_envs
        envs = SyncVectorEnv([lambda i=i: ref.PortfolioEnv(episode_length=256, env_index=i,
                                                           market=market) for i in range(n)])
        envs.reset(seed=1)
        gym_pool = [p[:n] for p in pool]

        def run_gym():
            t0, steps = time.perf_counter(), 0
            while time.perf_counter() - t0 < args.seconds:
                envs.step(gym_pool[steps & 63])
                steps += 1
            return n * steps, time.perf_counter() - t0

        gym_rate, _ = best_rate(run_gym, args.repeat)

    print(f"portfolio env: {args.assets} assets, obs {env.observation_size} floats, "
          f"episodes of 256 steps, random regimes; best of {args.repeat}")
    print(f"{'implementation':<44}{'env-steps/s':>14}{'library is':>14}")
    print(f"{f'libbotcopier bc_env ({args.threads} threads, {args.envs} envs)':<44}"
          f"{lib_rate:>14,.0f}{'':>14}")
    if gym_rate is not None:
        print(f"{f'gymnasium SyncVectorEnv ({args.gym_envs} NumPy envs)':<44}"
              f"{gym_rate:>14,.0f}{lib_rate / gym_rate:>13.1f}x")
    else:
        print("gymnasium SyncVectorEnv: skipped (gymnasium is not installed)")
    print(f"{f'NumPy batched over envs ({args.envs} envs)':<44}"
          f"{batch_rate:>14,.0f}{lib_rate / batch_rate:>13.1f}x")
    goal_ratio = gym_rate is not None and lib_rate / gym_rate >= 100
    print(f"goal: >= 100x the Gymnasium env ({'met' if goal_ratio else 'NOT met'}), "
          f">= 10M env-steps/s ({'met' if lib_rate >= 1e7 else 'NOT met'}: "
          f"{lib_rate / 1e6:.2f}M)")


if __name__ == "__main__":
    main()
