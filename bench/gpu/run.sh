#!/usr/bin/env bash
# Runs on the lent GPU machine (made by bench/gpu/pack.sh):  bash OUT/run.sh OUT
# Generates the 2B-shaped synthetic model there (≈ 1.5 GB per dtype, never carried), then runs the
# throughput benchmark (naive loop, one image at a time, and batched generation for each B) at 448²
# on onnxruntime-node's WebGPU provider, q4f16 first, then q4. Results land in $RESULTS (default:
# $OUT from the device tool, so they come back), as bench/results/throughput*.json would; the log
# goes there too. Settings (environment): DIMS (2b), DEVICE (webgpu), DTYPES ("q4f16:280 q4:180":
# each dtype with the seconds it may take, generation included; a run cut short keeps the tasks it
# finished), IMAGES (16), BATCH (1,2,4,8,16), SIZE (448x448), READBACK ("q4f16:90": then the same
# batched runs at B = 1 and 4 with the KV cache read back to the CPU after every step, to set against
# the first run's decode steps: what keeping the cache on the GPU buys; "" skips it).
# One device call: timeout_s 600.
# Check it here first: DIMS=tiny DEVICE=cpu DTYPES=q4:600 IMAGES=4 BATCH=1,4 bash OUT/run.sh OUT
set -uo pipefail
pack=${1:?usage: bash run.sh PACK}
. "$pack/setup.sh" "$pack"
[ -d "$GPU_HOME/bench" ] || tar -C "$GPU_HOME" -xJf "$pack/bench.tar.xz"
export ANNOTA_REVISION=$(cat "$GPU_HOME/bench/REVISION")
export ANNOTA_BENCH_RESULTS=${RESULTS:-${OUT:-$pack/results}}
mkdir -p "$ANNOTA_BENCH_RESULTS"
log="$ANNOTA_BENCH_RESULTS/throughput-gpu.log"
cd "$GPU_HOME/bench"
{
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
  nproc
  for entry in ${DTYPES:-q4f16:280 q4:180}; do
    dtype=${entry%%:*}
    echo "== throughput ${DIMS:-2b} $dtype ${DEVICE:-webgpu}: $(date -u +%T)"
    timeout "${entry#*:}" node throughput.mjs "${IMAGES:-16}" --dims "${DIMS:-2b}" \
      --dtype "$dtype" --device "${DEVICE:-webgpu}" --size "${SIZE:-448x448}" \
      --batch "${BATCH:-1,2,4,8,16}" || echo "throughput $dtype ended with $?"
  done
  for entry in ${READBACK-q4f16:90}; do
    dtype=${entry%%:*}
    echo "== throughput ${DIMS:-2b} $dtype ${DEVICE:-webgpu} --cache-readback: $(date -u +%T)"
    timeout "${entry#*:}" node throughput.mjs 4 --dims "${DIMS:-2b}" --dtype "$dtype" \
      --device "${DEVICE:-webgpu}" --size "${SIZE:-448x448}" --batch 1,4 --batched-only \
      --cache-readback || echo "throughput $dtype --cache-readback ended with $?"
  done
  echo "== done: $(date -u +%T)"
  ls -la "$ANNOTA_BENCH_RESULTS"
} 2>&1 | tee "$log"
