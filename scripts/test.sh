#!/usr/bin/env bash
# Every test the project has: static checks, unit/integration (Vitest), production build, e2e (Playwright).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-chromium.sh
echo "== lint";        npm run -s lint
echo "== typecheck";   npm run -s check
echo "== unit";        npx vitest run --reporter=default --reporter=json --outputFile.json=.test-reports/vitest.json
# The e2e suite talks to a loopback model server (e2e/server-engine.spec.ts): this build allows it.
echo "== build";       ANNOTA_MODEL_SERVERS="http://127.0.0.1:*" npm run -s build
npm run -s e2e:prepare   # synthetic Qwen3-VL + model harness (models-manifest/SYNTHETIC.md)
echo "== e2e";         npx playwright test
node scripts/test-summary.mjs
