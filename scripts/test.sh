#!/usr/bin/env bash
# `npm test`: the whole suite on this machine's Node, then on each other supported line
# (GATEWAY_TEST_NODE_LINES, default "24"; fetched by node-runtime.sh, nothing installed
# system-wide). The gateways the tests spawn run on the same Node as jest (process.execPath).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== tests on Node $(node --version) (this machine's) =="
npx jest "$@"
for line in ${GATEWAY_TEST_NODE_LINES-24}; do
  node_bin=$(bash scripts/node-runtime.sh "$line")
  echo "== tests on Node $("$node_bin" --version) =="
  PATH="$(dirname "$node_bin"):$PATH" "$node_bin" node_modules/jest/bin/jest.js "$@"
done
