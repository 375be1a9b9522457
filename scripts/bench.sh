#!/usr/bin/env bash
# The benchmark, in one command: builds the release binary and times it beside `true` and the
# stock `age`. Needs the Debian packages hyperfine, time and age (installs them if it can).
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
for tool in hyperfine age curl; do command -v "$tool" >/dev/null || missing+=("$tool"); done
[ -x /usr/bin/time ] || missing+=(time)
if ((${#missing[@]})); then
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get install -y -qq "${missing[@]}"
fi
cargo build --release --quiet
cargo build --release --quiet --example bench-upstream
# The same code linked statically, for comparison: starting a statically linked program costs
# about half as much here. README.md says how to install it that way.
static_target=x86_64-unknown-linux-gnu
cargo build --release --quiet --target "$static_target" \
    --config "target.$static_target.rustflags=[\"-C\", \"target-feature=+crt-static\"]"
exec python3 scripts/bench.py target/release/vault "target/$static_target/release/vault"
