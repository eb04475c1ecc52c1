#!/bin/bash
# bench/gpu/run_prebuilt.sh - the one device run for issue 11, on a GPU
# machine that cannot build (the device tool's: CUDA driver and PyTorch, no
# Debian -dev packages, no network). Needs .dev/pack.tar.xz, made here by
# bench/gpu/pack_for_device.sh (library, plugin, Check runner, bench_cuda,
# their shared libraries, a 30-asset price table).
#
# How to run it with the device tool (one call; the machine's start takes a
# few minutes of the 15-minute device budget, so this script is sized to
# finish within 480 s, worst case: BUDGET = 470 s from the script's start,
# unpacking included, plus at most 5 s for a timed-out step's kill):
#   1. here:  bash bench/gpu/pack_for_device.sh     (about 18 MB)
#             x=$(git rev-parse --git-common-dir)/info/exclude
#             grep -qx /.dev/ "$x" || echo /.dev/ >> "$x"     (.dev ignored, so carried)
#   2. run:   command "bash bench/gpu/run_prebuilt.sh", carry [".dev"],
#             timeout_s 540
#   3. the log comes back as $OUT/<device>-<date>.txt (files_at), with the
#      summary at its end; copy it to bench/results/ and commit it. (Run
#      where the tree stays, without $OUT, the log is written to
#      bench/results/<device>-<date>.txt itself, a step at a time, so a
#      run stopped midway keeps what it reached; with no GPU, to build/.)
#
# Steps, most valuable first, each under its own `timeout` (seconds; a
# step also never gets more than what is left of BUDGET, and is skipped,
# saying so, when under 10 s are left):
#   unpack + nvidia-smi + hwinfo            ~10 s          (limit 20 + tar)
#   1. Check suite "cuda" (12 device tests:  ~30-60 s       (limit 150)
#      everything GPU-side that is unverified: warp-per-row LayerNorm and
#      loss kernels, API 5 rollout ops, CUDA graphs, resident env)
#   2. rl-train --backend cuda, Dow Jones 30, ~20 s          (limit 60)
#      16,384 envs x 64 steps, 3 iterations, default graphs (1)
#   3. the same with graphs=0, 2 iterations  ~15 s          (limit 40)
#   4. bench_ppo.py --device cuda vs PyTorch ~40-70 s       (limit 120)
#      at 4,096 envs x 32 steps (the issue's goal: >= 10x)
#   5. profile: step 3 again with            ~15 s          (limit 40)
#      BOTCOPIER_CUDA_PROFILE=1 (stream time per op, rollout and update)
#   6. rl-train with graphs=2 (the update    ~20 s          (limit 40)
#      captured too), 2 iterations
#   7. rl-train graphs=1 with               ~15 s          (limit 40)
#      BOTCOPIER_CUDA_GRAPHS=1 (the update's GRU recurrences as graphs)
#   8. bench_cuda (env step, GEMM peaks,     ~60-90 s       (limit 60;
#      GRU vs cuDNN, sizing)                                 partial output kept)
# Sum of the limits: 570 s, capped by BUDGET (470 s: the last steps get
# what is left, and are skipped under 10 s); the expected total is about
# 4-5 minutes.
#
# Exit status: the cuda suite's (0 when every test passed).
set -u
start=$(date +%s)
BUDGET=${BUDGET:-470}
root=$PWD
P=${BC_PACK_DIR:-/tmp/bc} # where the pack is unpacked
out=${OUT:-build}
mkdir -p "$out"
summary=$(mktemp)

left() { echo $((BUDGET - ($(date +%s) - start))); }

# step NAME LIMIT COMMAND...: runs COMMAND under timeout min(LIMIT, what is
# left), prints its status and time, and adds a line to the summary.
step() {
    local name=$1 limit=$2 rest t0 rc
    shift 2
    rest=$(left)
    [ "$rest" -lt "$limit" ] && limit=$rest
    if [ "$limit" -lt 10 ]; then
        echo "## $name: skipped ($rest s of the ${BUDGET} s budget left)"
        printf '%-48s skipped (budget)\n' "$name" >>"$summary"
        return 3 # not run: the suite's line must not read as passed
    fi
    echo "## $name (limit ${limit} s)"
    t0=$(date +%s)
    timeout -k 5 "$limit" "$@"
    rc=$?
    local took=$(($(date +%s) - t0)) verdict="exit $rc"
    [ "$rc" = 124 ] || [ "$rc" = 137 ] && verdict="TIMED OUT after ${limit} s"
    echo "## $name: $verdict, ${took} s"
    printf '%-48s %-28s %4d s\n' "$name" "$verdict" "$took" >>"$summary"
    return "$rc"
}

if ! mkdir -p "$P" || ! tar xJf .dev/pack.tar.xz -C "$P"; then
    echo "no .dev/pack.tar.xz (carry .dev)"
    exit 1
fi
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
device=$(timeout 10 nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | head -1 |
         sed 's/[^A-Za-z0-9.-]\+/-/g; s/^-*//; s/-*$//')
# the log: in $OUT (what comes back from a device run), else in
# bench/results (build/ without a GPU: nothing to commit then)
logdir=$out
if [ -z "${OUT:-}" ] && [ -n "$device" ]; then
    logdir=bench/results
    mkdir -p "$logdir"
fi
log=$logdir/${device:-no-gpu}-$(date -u +%Y-%m-%d).txt

# rl_train GRAPHS ITERATIONS [TAG]: the run, then its metrics lines (also
# when the run timed out: whatever iterations it finished), kept in $out
rl_train() {
    rm -rf /tmp/bc-rl
    step "$3" "$4" "$P/build/botcopier" rl-train --prices "$P/prices.csv" --out /tmp/bc-rl \
        --backend cuda --n-envs 16384 --n-steps 64 --iterations "$2" --checkpoint-every 0 \
        --set graphs="$1" --quiet
    cat /tmp/bc-rl/metrics.jsonl 2>/dev/null
    cp /tmp/bc-rl/metrics.jsonl "$out/rl-train-$5.jsonl" 2>/dev/null
}
export PYTHONUNBUFFERED=1

{
    echo "# device run $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null), budget ${BUDGET} s"
    timeout 10 nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.max.sm --format=csv
    echo "## libraries not found:"; ldd "$plugin" "$P/build/botcopier" | grep "not found"
    step "hwinfo" 20 "$P/build/botcopier" hwinfo | tee "$out/hwinfo.txt"
    # without a usable GPU, rl-train and bench_ppo would fall back to the
    # cpu and spend the budget: those steps are skipped then
    gpu=1
    if grep -q "^CUDA .*unavailable" "$out/hwinfo.txt"; then
        gpu=0
        echo "## no usable GPU: steps 2-7 skipped"
        echo "steps 2-7 skipped: no usable GPU" >>"$summary"
    fi
    (cd "$root" && export CK_RUN_SUITE=cuda && step "1. Check suite cuda" 150 "$P/build/tests/check_runner")
    echo "suite exit status $?"
    [ -f "$P/prices.csv" ] || { echo "## rl-train: skipped, no prices.csv in the pack"; gpu_rl=0; }
    if [ "$gpu" = 1 ] && [ "${gpu_rl:-1}" = 1 ]; then
        rl_train 1 3 "2. rl-train 16384x64, graphs=1 (default)" 60 graphs1
        rl_train 0 2 "3. rl-train 16384x64, graphs=0" 40 graphs0
    fi
    [ "$gpu" = 1 ] && step "4. bench_ppo --device cuda, 4096 envs" 120 \
        python3 bench/bench_ppo.py --device cuda --envs 4096 --steps 32 --hidden 256 --layers 2 \
        --repeat 1 --threads "$(nproc)"
    if [ "$gpu" = 1 ] && [ "${gpu_rl:-1}" = 1 ]; then
        # where the time goes: stream time per op (stderr, when the backend ends)
        BOTCOPIER_CUDA_PROFILE=1 rl_train 0 2 "5. profile: rl-train 16384x64, graphs=0" 40 profile
        rl_train 2 2 "6. rl-train 16384x64, graphs=2" 40 graphs2
        # the default run with the update's GRU recurrences as graphs too
        BOTCOPIER_CUDA_GRAPHS=1 rl_train 1 2 "7. rl-train graphs=1, BOTCOPIER_CUDA_GRAPHS=1" 40 \
            gru-graphs
    fi
    step "8. bench_cuda" 60 "$P/build/bench/gpu/bench_cuda"
    echo "## summary (device ${device:-none}, $(($(date +%s) - start)) s of ${BUDGET} s)"
    cat "$summary"
} 2>&1 | tee "$log"
rm -f "$summary"
grep -q "^suite exit status 0" "$log"
