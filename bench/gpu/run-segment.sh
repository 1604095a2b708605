#!/usr/bin/env bash
# Runs on the lent GPU machine (made by bench/gpu/pack.sh):  bash OUT/run-segment.sh OUT
# Click-to-segment through the segment worker's runtime core (bench/segment-node.ts) on
# onnxruntime-node: WebGPU first, then the CPU for comparison, with the synthetic SAM (generated
# there in well under a second). Its encoder is three average pools and its decoder a colour rule,
# so the GPU figures are the pipeline's overhead, not EdgeTAM's speed (bench/README.md). Results
# land in $RESULTS (default: $OUT from the device tool, so they come back) as
# segment-node-<device>.json, with the log. Settings (environment): DEVICES ("webgpu cpu"),
# IMAGES (4), CLICKS (20), SIZE (1920x1080), LIMIT (seconds per device, 240).
# Check it here first: DEVICES=cpu IMAGES=2 CLICKS=4 GPU_HOME=/tmp/gpu-run bash OUT/run-segment.sh OUT
set -uo pipefail
pack=${1:?usage: bash run-segment.sh PACK}
. "$pack/setup.sh" "$pack"
[ -f "$GPU_HOME/bench/segment-node.mjs" ] || tar -C "$GPU_HOME" -xJf "$pack/bench.tar.xz"
export ANNOTA_REVISION=$(cat "$GPU_HOME/bench/REVISION")
export ANNOTA_BENCH_RESULTS=${RESULTS:-${OUT:-$pack/results}}
mkdir -p "$ANNOTA_BENCH_RESULTS"
log="$ANNOTA_BENCH_RESULTS/segment-gpu.log"
cd "$GPU_HOME/bench"
{
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
  nproc
  for device in ${DEVICES:-webgpu cpu}; do
    echo "== segment $device: $(date -u +%T)"
    timeout "${LIMIT:-240}" node segment-node.mjs --device "$device" --images "${IMAGES:-4}" \
      --clicks "${CLICKS:-20}" --size "${SIZE:-1920x1080}" || echo "segment $device ended with $?"
  done
  echo "== done: $(date -u +%T)"
  ls -la "$ANNOTA_BENCH_RESULTS"
} 2>&1 | tee "$log"
