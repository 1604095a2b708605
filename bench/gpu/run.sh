#!/usr/bin/env bash
# Runs on the lent GPU machine (made by bench/gpu/pack.sh):  bash OUT/run.sh OUT [images]
# Generates the 2B-shaped synthetic model there (q4 and q4f16, ≈ 1.5 GB each, never carried), then
# times the model path and the weight-stream reference on onnxruntime-node's WebGPU provider, and
# throughput over a few images. Results land in $RESULTS (default: $OUT from the device tool, so
# they come back), as bench/results/*.json would.
set -euo pipefail
pack=${1:?usage: bash run.sh PACK [images]}
images=${2:-10}
. "$pack/setup.sh" "$pack"
[ -d "$GPU_HOME/bench" ] || tar -C "$GPU_HOME" -xJf "$pack/bench.tar.xz"
export ANNOTA_REVISION=$(cat "$GPU_HOME/bench/REVISION")
export ANNOTA_BENCH_RESULTS=${RESULTS:-${OUT:-$pack/results}}
cd "$GPU_HOME/bench"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
for dtype in q4f16 q4; do
  node model-path.mjs --dims 2b --dtype "$dtype" --device webgpu --images 1
done
node throughput.mjs "$images" --dims 2b --dtype q4f16 --device webgpu
ls -la "$ANNOTA_BENCH_RESULTS"
