#!/usr/bin/env bash
# Installs cargo-semver-checks (the rustdoc-JSON based checker of a crate's public API) under
# target/semver-checks with cargo, once, and prints the path of its binary. The version is pinned
# because each release reads only a few rustdoc JSON formats: 0.51.0 reads the format (v57) that
# the toolchain of this workspace writes.
set -euo pipefail
version=0.51.0
root="$(cd "$(dirname "$0")/../.." && pwd)"
prefix="$root/target/semver-checks"
bin="$prefix/bin/cargo-semver-checks"
if [[ ! -x "$bin" ]] || [[ "$("$bin" semver-checks --version 2>/dev/null)" != "cargo-semver-checks $version" ]]; then
    # Its release profile asks for fat LTO in one codegen unit and full optimisation, which
    # checking a few small crates does not need: without them it compiles in 4 minutes rather
    # than 9 on two busy cores, and the test's two steps take 74 s with it (40 s optimised).
    CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
        CARGO_PROFILE_RELEASE_OPT_LEVEL=0 CARGO_PROFILE_RELEASE_DEBUG=false \
        cargo install --quiet --locked --root "$prefix" --version "$version" cargo-semver-checks >&2
fi
echo "$bin"
