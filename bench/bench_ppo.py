#!/usr/bin/env python3
"""bench_ppo.py - PPO learner samples per second: the library's trainer
(lib/rl, C, GEMMs through OpenBLAS) against PyTorch on the CPU running the
same network and the same update, in the same run.

What is timed is the learner: `epochs` passes of the clipped PPO objective
over a rollout of n_steps x n_envs samples in minibatches of whole env
sequences (forward through time with the GRU state reset where an episode
starts, backward through time, gradient clipping of the actor and critic
groups, two Adam steps). Samples/s = epochs * n_steps * n_envs / seconds.
The library's side is update_s of its metrics with critic_epochs = 0 (the
rollout is not counted); PyTorch runs the same loop on a rollout of the
same shape (observations from the library's env, so the inputs are real).

Network (both): the seed's: Linear(obs, H) + ReLU + LayerNorm, Linear(H, H)
+ ReLU + LayerNorm, dropout 0.1, GRU(H, H) x layers (dropout 0.1 between),
policy Linear(H, H/2) + ReLU + LayerNorm + Linear(H/2, 12), value the same
to 1. PyTorch steps the GRU one step at a time (nn.GRU on length-1
sequences) to zero the state at episode starts, as CleanRL's recurrent PPO
does. Both use --threads threads (torch.set_num_threads, the trainer's
threads option for OpenBLAS). Goal (issue 9): >= 2x PyTorch.

--device cuda runs both on the GPU (issue 11): the library's trainer with
backend=cuda (the plugin beside the library or BOTCOPIER_CUDA_PLUGIN), the
PyTorch side on torch's cuda device, synchronized before each clock read.

Usage: bench_ppo.py [--hidden 256] [--layers 2] [--envs 64] [--steps 128]
                    [--epochs 4] [--minibatches 4] [--threads 2] [--repeat 2]
                    [--torch-epochs 1] [--device cpu|cuda]
Needs BC_LIBRARY (or build/libbotcopier.so) and torch (skipped without).
"""
import argparse
import os
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "bindings", "python"))
if "BC_LIBRARY" not in os.environ:
    os.environ["BC_LIBRARY"] = os.path.join(HERE, "..", "build", "libbotcopier.so")

from botcopier.env import Env  # noqa: E402
from botcopier.rl import PPO  # noqa: E402


def synthetic_closes(rows=2520, assets=30, seed=3):
    rng = np.random.default_rng(seed)
    drift = rng.normal(0.0003, 0.0005, assets)
    vol = rng.uniform(0.005, 0.03, assets)
    steps = drift + vol * rng.standard_normal((rows, assets))
    return 10.0 * rng.uniform(1, 20, assets) * np.exp(np.cumsum(steps, axis=0))


def library_rate(args, close):
    env = Env(close, args.envs, episode_length=256, threads=args.threads)
    ppo = PPO(env, seed=1, hidden_dim=args.hidden, gru_layers=args.layers, n_steps=args.steps,
              epochs=args.epochs, critic_epochs=0, n_minibatches=args.minibatches,
              threads=args.threads, backend=args.device)
    ppo.iterate()  # warm-up (allocations, first touch)
    best = 0.0
    for _ in range(args.repeat):
        m = ppo.iterate()
        best = max(best, args.epochs * args.steps * args.envs / m["update_s"])
    return best, ppo.parameter_count, env


def torch_rate(args, env, close):
    import torch
    import torch.nn as nn
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    H, P, A, L = args.hidden, args.hidden // 2, 12, args.layers
    D = env.observation_size

    class ActorCritic(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.Sequential(nn.Linear(D, H), nn.ReLU(), nn.LayerNorm(H),
                                         nn.Linear(H, H), nn.ReLU(), nn.LayerNorm(H),
                                         nn.Dropout(0.1))
            self.gru = nn.GRU(H, H, num_layers=L, dropout=0.1 if L > 1 else 0.0)
            self.policy = nn.Sequential(nn.Linear(H, P), nn.ReLU(), nn.LayerNorm(P),
                                        nn.Linear(P, A))
            self.value = nn.Sequential(nn.Linear(H, P), nn.ReLU(), nn.LayerNorm(P),
                                       nn.Linear(P, 1))

        def forward(self, obs, starts, h):  # obs [T, B, D], starts [T, B], h [L, B, H]
            x = self.encoder(obs)
            outs = []
            for t in range(obs.shape[0]):
                h = h * (1.0 - starts[t]).view(1, -1, 1)
                o, h = self.gru(x[t:t + 1], h)
                outs.append(o)
            top = torch.cat(outs)
            return self.policy(top), self.value(top).squeeze(-1)

    dev = torch.device(args.device)
    net = ActorCritic().to(dev)
    n_params = sum(p.numel() for p in net.parameters())
    actor = [p for n, p in net.named_parameters() if not n.startswith("value")]
    critic = list(net.value.parameters())
    opt_a = torch.optim.Adam(actor, lr=3e-4, eps=1e-8)
    opt_c = torch.optim.Adam(critic, lr=9e-4, eps=1e-8)
    T, E = args.steps, args.envs
    rng = np.random.default_rng(0)
    # real observations: a fresh env over the same prices (the trainer's own
    # env is reset inside the library, so its Python views do not exist)
    first = Env(close, E, episode_length=256).reset(1).copy()
    obs = torch.tensor(np.stack([first + 0.01 * rng.standard_normal(first.shape).astype(
        np.float32) for _ in range(T)])).to(dev)
    starts = torch.zeros(T, E, device=dev)
    starts[0] = 1.0
    h0 = torch.zeros(L, E, H, device=dev)
    actions = torch.tensor(rng.integers(0, A, (T, E))).to(dev)
    old_logp = torch.full((T, E), -np.log(A), dtype=torch.float32, device=dev)
    adv = torch.tensor(rng.standard_normal((T, E)).astype(np.float32)).to(dev)
    ret = torch.tensor(rng.standard_normal((T, E)).astype(np.float32)).to(dev)
    M = args.minibatches

    def epoch():
        perm = torch.randperm(E, device=dev)
        for k in range(M):
            idx = perm[k * E // M:(k + 1) * E // M]
            logits, values = net(obs[:, idx], starts[:, idx], h0[:, idx])
            logp_all = torch.log_softmax(logits, -1)
            logp = logp_all.gather(-1, actions[:, idx].unsqueeze(-1)).squeeze(-1)
            ratio = torch.exp(logp - old_logp[:, idx])
            a = adv[:, idx]
            a = (a - a.mean()) / (a.std() + 1e-8)
            pg = -torch.min(ratio * a, torch.clamp(ratio, 0.8, 1.2) * a).mean()
            entropy = -(logp_all.exp() * logp_all).sum(-1).mean()
            vloss = 0.5 * ((values - ret[:, idx]) ** 2).mean()
            loss = pg - 0.01 * entropy + 0.5 * vloss
            opt_a.zero_grad(set_to_none=True)
            opt_c.zero_grad(set_to_none=True)
            loss.backward()
            nn.utils.clip_grad_norm_(actor, 0.5)
            nn.utils.clip_grad_norm_(critic, 0.5)
            opt_a.step()
            opt_c.step()

    net.train()
    sync = torch.cuda.synchronize if dev.type == "cuda" else (lambda: None)
    if dev.type == "cuda":
        epoch()  # warm-up: kernels chosen and loaded, allocator filled
    best = 0.0
    for _ in range(args.repeat):
        sync()
        t0 = time.perf_counter()
        for _ in range(args.torch_epochs):
            epoch()
        sync()
        best = max(best, args.torch_epochs * T * E / (time.perf_counter() - t0))
    return best, n_params, torch.__version__


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--envs", type=int, default=64)
    ap.add_argument("--steps", type=int, default=128)
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--minibatches", type=int, default=4)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    ap.add_argument("--torch-epochs", type=int, default=1,
                    help="epochs timed on the PyTorch side (its samples/s do not depend on it; "
                         "one keeps make bench short)")
    args = ap.parse_args()
    close = synthetic_closes()
    ours, n_ours, env = library_rate(args, close)
    try:
        import torch  # noqa: F401
    except ImportError:
        print("bench_ppo: PyTorch not installed; libbotcopier alone: %.0f samples/s" % ours)
        return 0
    theirs, n_theirs, version = torch_rate(args, env, close)
    print("PPO learner, GRU actor-critic: obs %d, hidden %d, %d GRU layers, %d envs x %d "
          "steps, %d epochs, %d minibatches, %d threads, device %s"
          % (env.observation_size, args.hidden, args.layers, args.envs, args.steps, args.epochs,
             args.minibatches, args.threads, args.device))
    print("%-22s %12s %14s" % ("implementation", "parameters", "samples/s"))
    print("%-22s %12d %14.0f" % ("libbotcopier", n_ours, ours))
    print("%-22s %12d %14.0f" % ("pytorch %s (%s)" % (version.split("+")[0], args.device),
                                  n_theirs, theirs))
    print("ratio libbotcopier / pytorch: %.2fx (goal >= %s)"
          % (ours / theirs, "10x" if args.device == "cuda" else "2x"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
