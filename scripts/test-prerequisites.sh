#!/usr/bin/env bash
# Programs the tests need from outside npm: a real redis-server (store tests; it brings redis-cli
# and runs as a sentinel), Chromium (browser test) and nginx (npm run bench:rolling). Installed with apt when missing and we are root; otherwise we say what to install.
set -euo pipefail

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -ne 0 ]]; then
  echo "The tests need: ${missing[*]}. Install them (Debian/Ubuntu: sudo apt-get install -y ${missing[*]}) and run again." >&2
  exit 1
fi
echo "Installing ${missing[*]} for the tests (apt-get)…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
