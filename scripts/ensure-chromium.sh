#!/usr/bin/env bash
# Installs Debian's Chromium when it is missing (CI, a fresh machine); the console's browser tests drive it with
# playwright-core. Needs root, like the rest of .ci/run; says so and fails instead of skipping the tests.
set -euo pipefail
if [[ ${1:-} == --help || ${1:-} == -h ]]; then
  printf 'Usage: bash scripts/ensure-chromium.sh\n\nInstalls Debian'"'"'s chromium with apt-get when it is missing (needs root); does nothing when it is\nthere. The console'"'"'s browser tests need it. Exit 1 when it is missing and this is not root.\n'
  exit 0
fi
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [[ $(id -u) -ne 0 ]]; then
  echo "chromium is missing and this is not root: run 'sudo apt-get install chromium' (the console browser tests need it)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
command -v chromium >/dev/null
