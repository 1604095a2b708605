#!/usr/bin/env bash
# Playwright drives Debian's Chromium (no browser download is possible here): install it if missing.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
echo "Debian's chromium is missing: installing it (apt-get install -y chromium)…"
if [ "$(id -u)" = "0" ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
else
  echo "Cannot install it without root. Run:  sudo apt-get install -y chromium" >&2
  exit 1
fi
