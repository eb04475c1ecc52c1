#!/bin/sh
# bench/gpu/run_device.sh - the one command a machine with a GPU runs for
# issue 11: builds the library, the CUDA plugin (make CUDA=1), the Check
# runner and the GPU benchmarks; runs the "cuda" Check suite (its device
# tests join when the plugin finds a GPU) and bench/gpu/bench_cuda; writes
# everything to bench/results/<device>-<date>.txt (and copies it to $OUT
# when set, for a remote runner). Exit status: the test suite's.
#
#   sh bench/gpu/run_device.sh            (from the repository root)
#   JOBS=16 sh bench/gpu/run_device.sh
set -u
cd "$(dirname "$0")/../.." || exit 1
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 4)}
mkdir -p build
PLUGIN=$PWD/build/libbotcopier-cuda.so

if ! make -j"$JOBS" NO_DEPS=1 CUDA=1 lib build/tests/check_runner cuda-bench >build/device-build.log 2>&1; then
    tail -40 build/device-build.log
    echo "run_device: the build failed (full log: build/device-build.log)"
    exit 1
fi

device=$(BOTCOPIER_CUDA_PLUGIN=$PLUGIN build/botcopier hwinfo --json | python3 -c '
import json, re, sys
c = json.load(sys.stdin).get("cuda") or {}
print(re.sub(r"[^A-Za-z0-9.-]+", "-", c.get("device") or "no-gpu").strip("-"))')
stamp=$(date -u +%Y-%m-%d)
results=bench/results
[ "$device" = no-gpu ] && results=build # nothing to commit without a GPU
mkdir -p "$results"
result=$results/$device-$stamp.txt

status=0
{
    echo "# libbotcopier issue 11 device run: $device, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "# commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "## botcopier hwinfo"
    BOTCOPIER_CUDA_PLUGIN=$PLUGIN build/botcopier hwinfo
    echo "## Check suite cuda"
    BC_TEST_SUITE=cuda BC_TEST_CUDA_PLUGIN=$PLUGIN build/tests/check_runner
    echo "suite exit status $?"
    echo "## bench/gpu/bench_cuda"
    BOTCOPIER_CUDA_PLUGIN=$PLUGIN build/bench/gpu/bench_cuda
    echo "bench exit status $?"
} 2>&1 | tee "$result"
grep -q "^suite exit status 0" "$result" || status=1
if [ -n "${OUT:-}" ] && [ -d "$OUT" ]; then
    cp "$result" "$OUT/"
fi
echo "run_device: results in $result"
exit $status
