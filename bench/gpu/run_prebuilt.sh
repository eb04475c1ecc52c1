#!/bin/bash
# bench/gpu/run_prebuilt.sh - on a GPU machine, from the repository root,
# with .dev/pack.tar.xz from bench/gpu/pack_for_device.sh: the "cuda" Check
# suite (its device tests join when the plugin finds the GPU), bench_cuda,
# rl-train --backend cuda end to end, and bench/bench_ppo.py --device cuda
# against PyTorch on the same GPU (needs python3 with numpy and torch).
# rl-train runs three times: rollout steps and update as CUDA graphs
# (--set graphs=2), rollout steps only (the default, 1), plain launches (0);
# metrics lines with steps_per_s each.
# Writes $OUT/device-run.txt when OUT is set, else build/device-run.txt.
set -u
root=$PWD
P=/tmp/bc
mkdir -p "$P" && tar xJf .dev/pack.tar.xz -C "$P" || exit 1
# cuBLASLt and cuDNN: the toolkit's folder, or the nvidia-* wheels PyTorch brings
wheels=$(python3 - <<'PY'
import importlib, os
dirs = []
for name in ("nvidia.cudnn", "nvidia.cublas", "nvidia.cu13", "nvidia.cuda_runtime"):
    try:
        for p in importlib.import_module(name).__path__:
            for sub in ("lib", "lib64"):
                if os.path.isdir(os.path.join(p, sub)):
                    dirs.append(os.path.join(p, sub))
    except Exception:
        pass
print(":".join(dirs))
PY
)
export LD_LIBRARY_PATH=$P/lib:$P/build:/usr/local/cuda/lib64:$wheels
plugin=$P/build/libbotcopier-cuda.so
export BOTCOPIER_CUDA_PLUGIN=$plugin BC_TEST_CUDA_PLUGIN=$plugin BC_LIBRARY=$P/build/libbotcopier.so
export BC_TEST_FAKE_CUDA_PLUGIN=$P/build/tests/libbc-fake-cuda.so
log=${OUT:-build}/device-run.txt
mkdir -p "$(dirname "$log")"
{
    echo "# device run $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null)"
    nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv
    echo "## libraries not found:"; ldd "$plugin" "$P/build/botcopier" | grep "not found"
    echo "## hwinfo"; timeout 60 "$P/build/botcopier" hwinfo
    echo "## Check suite cuda"
    (cd "$root" && CK_RUN_SUITE=cuda timeout 240 "$P/build/tests/check_runner"); echo "suite exit status $?"
    echo "## bench_cuda"; timeout 170 "$P/build/bench/gpu/bench_cuda"; echo "bench exit status $?"
    if [ -f "$P/prices.csv" ]; then
        # the env resident on the GPU; rollout step and update as CUDA
        # graphs (2), the rollout step only (1, the default), neither (0)
        for graphs in 2 1 0; do
            echo "## rl-train --backend cuda, hidden 256, 2 GRU layers, 16384 envs x 64 steps, graphs=$graphs"
            rm -rf /tmp/bc-rl
            timeout 120 "$P/build/botcopier" rl-train --prices "$P/prices.csv" --out /tmp/bc-rl \
                --backend cuda --n-envs 16384 --n-steps 64 --iterations 3 --checkpoint-every 0 \
                --set graphs=$graphs --quiet
            echo "rl-train exit status $?"
            cat /tmp/bc-rl/metrics.jsonl 2>/dev/null
        done
    fi
    echo "## bench_ppo --device cuda"
    for envs in 16384; do
        PYTHONUNBUFFERED=1 timeout 150 python3 bench/bench_ppo.py --device cuda --envs $envs \
            --steps 32 --hidden 256 --layers 2 --repeat 1 --threads "$(nproc)"
        echo "bench_ppo exit status $?"
    done
} 2>&1 | tee "$log"
grep -q "^suite exit status 0" "$log"
