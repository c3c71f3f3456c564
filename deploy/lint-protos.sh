#!/usr/bin/env bash
# Lints the protos under proto/ with buf (npm's @bufbuild/buf, pinned) against buf.yaml.
# buf is installed into build/tools on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
version=1.75.0
tools=build/tools
buf="$tools/node_modules/.bin/buf"
if [ ! -x "$buf" ] || [ "$("$buf" --version)" != "$version" ]; then
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-audit --no-fund --silent "@bufbuild/buf@$version"
fi
"$buf" lint
echo "buf lint: proto/ clean"
