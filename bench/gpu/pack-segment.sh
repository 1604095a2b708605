#!/usr/bin/env bash
# Adds the click-to-segment benchmark to a pack's staging folder (called by bench/gpu/pack.sh):
# bench/segment-node.ts bundled like the others, onnxruntime-node and sharp left external (pack.sh
# ships both). Run there with bench/gpu/run-segment.sh.
set -euo pipefail
stage=${1:?usage: bash bench/gpu/pack-segment.sh STAGE/bench}
npx esbuild bench/segment-node.ts --bundle --platform=node --format=esm --target=node20 \
  --log-level=warning --external:onnxruntime-node --external:sharp \
  --banner:js="import { createRequire as __annotaRequire } from 'node:module'; const require = __annotaRequire(import.meta.url);" \
  --outfile="$stage/segment-node.mjs"
