#!/bin/bash
# bench/gpu/pack_for_device.sh - for a GPU machine that cannot build the
# library (the device tool's machines have CUDA and PyTorch but none of the
# Debian -dev packages and no network): builds the library, the CUDA plugin,
# the Check runner and bench_cuda here, and packs them with the shared
# libraries they load (all but glibc's and libstdc++/libgcc, which the GPU
# machine has) and a 30-asset price table into .dev/pack.tar.xz (about 18
# MB; add /.dev/ to .git/info/exclude and carry .dev). On the GPU machine,
# from the repository root: bash bench/gpu/run_prebuilt.sh
#   bash bench/gpu/pack_for_device.sh [PRICES.csv]   (default ../shared/data/dowjones30_daily.csv)
set -eu
cd "$(dirname "$0")/../.."
prices=${1:-../shared/data/dowjones30_daily.csv}
make -j"$(nproc)" NO_DEPS=1 CUDA=1 lib build/botcopier build/tests/check_runner cuda cuda-bench >/dev/null
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/build/tests" "$stage/build/bench/gpu" "$stage/lib" .dev
cp -a build/libbotcopier.so* build/libbotcopier-cuda.so build/botcopier "$stage/build/"
cp build/tests/check_runner build/tests/libbc-fake-cuda.so "$stage/build/tests/"
cp build/bench/gpu/bench_cuda "$stage/build/bench/gpu/"
[ -f "$prices" ] && cp "$prices" "$stage/prices.csv"
for f in $(ldd build/tests/check_runner build/botcopier build/libbotcopier.so.1 \
           build/bench/gpu/bench_cuda | awk '/=>/ {print $3}' | sort -u); do
    case $(basename "$f") in
    libc.so* | libm.so* | libpthread* | libdl.so* | librt.so* | libresolv* | libgcc_s* | libstdc++*) ;;
    *) cp -L "$f" "$stage/lib/" ;;
    esac
done
tar cJf .dev/pack.tar.xz -C "$stage" .
echo "pack_for_device: .dev/pack.tar.xz ($(du -h .dev/pack.tar.xz | cut -f1)), commit $(git rev-parse --short HEAD)"
