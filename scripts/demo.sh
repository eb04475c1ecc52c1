#!/bin/sh
# The main job, run by `make demo`. For now: what was built, and a GEMM
# smoke run on the best backend. Usage: scripts/demo.sh path/to/botcopier
set -eu
CLI=${1:-build/botcopier}
echo "== libbotcopier build"
"$CLI" version
echo
echo "== GEMM smoke run"
"$CLI" gemm-smoke --backend best --size 512
