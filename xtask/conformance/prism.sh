#!/usr/bin/env bash
# Installs Stoplight Prism (the mock server that checks every request against the spec) under
# target/prism with npm, once, and prints the path of its command.
set -euo pipefail
version=5.16.0
root="$(cd "$(dirname "$0")/../.." && pwd)"
prefix="$root/target/prism"
bin="$prefix/node_modules/.bin/prism"
if [[ ! -x "$bin" ]] || [[ "$("$bin" --version 2>/dev/null)" != "$version" ]]; then
    mkdir -p "$prefix"
    npm install --silent --no-audit --no-fund --prefix "$prefix" "@stoplight/prism-cli@$version" >&2
fi
echo "$bin"
