#!/usr/bin/env bash
# Cold-build cost of (1) a minimal application that uses the generated clients and
# (2) the README's first command (`generate`), each in a fresh target directory with the
# workspace's lock file, so versions match CI. Prints crates compiled, CPU seconds (user +
# sys of every process) and wall seconds. Needs the dependencies downloaded (any build of
# the workspace does that); builds offline.
# Usage: bench/cold/measure.sh [user|generate]...   (default: both)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cold() { # label, directory, command...
    local label="$1" dir="$2"; shift 2
    local log="$work/$label.log"
    (cd "$dir" && /usr/bin/time -f '%U %S %e' -o "$work/$label.time" \
        env CARGO_TARGET_DIR="$work/target-$label" "$@" >"$log" 2>&1) || { cat "$log" >&2; return 1; }
    local crates user sys wall
    crates=$(grep -c '^ *Compiling ' "$log" || true)
    read -r user sys wall <"$work/$label.time"
    awk -v l="$label" -v c="$crates" -v u="$user" -v s="$sys" -v w="$wall" \
        'BEGIN { printf "%s: %d crates compiled, %.0f CPU s, %.0f s wall\n", l, c, u + s, w }'
}

user() {
    mkdir -p "$work/user/src"
    cp "$root/Cargo.lock" "$work/user/Cargo.lock"
    cat >"$work/user/Cargo.toml" <<TOML
[package]
name = "cold-user"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
svcgen-generated = { path = "$root/generated" }
svcgen-runtime = { path = "$root/runtime" }

[workspace]
TOML
    cat >"$work/user/src/main.rs" <<'RS'
use svcgen_generated::twinfield::Client;
use svcgen_runtime::soap;

fn main() -> Result<(), soap::Error> {
    let client = Client::new(soap::Client::new("https://example.invalid/session.asmx")?);
    println!("{client:?}");
    Ok(())
}
RS
    cold "user crate (cargo build)" "$work/user" cargo build --offline
}

generate() {
    cold "README first command" "$root" cargo run --offline -p svcgen -- generate
}

for what in "${@:-user generate}"; do
    for step in $what; do "$step"; done
done
