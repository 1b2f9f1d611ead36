#!/usr/bin/env bash
# Instructions per generated-client call (valgrind --tool=callgrind, which repeats exactly),
# at REV and at the working tree: the program in main.rs makes 200 and then 1,200 calls,
# and the difference over 1,000 is one call's cost (client and local server together);
# then the same for raw reqwest calls (raw.rs), reading the answer as bytes or decoding it.
# Each for a POST with a body and for a GET with a route variable and a query string.
# Usage: bench/calls/measure.sh [REV]   (default: HEAD~1)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
rev="${1:-HEAD~1}"
work="$(mktemp -d)"
trap 'git -C "$root" worktree remove --force "$work/before" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git -C "$root" worktree add -q "$work/before" "$rev"

per_call() { # label, workspace
    local dir="$work/$1"
    mkdir -p "$dir/src"
    cp "$root/bench/calls/main.rs" "$dir/src/main.rs"
    cp "$root/bench/calls/server.rs" "$dir/src/server.rs"
    cp "$root/Cargo.lock" "$dir/Cargo.lock"
    cat >"$dir/Cargo.toml" <<TOML
[package]
name = "calls"
version = "0.1.0"
edition = "2024"

[dependencies]
svcgen-generated = { path = "$2/generated" }
svcgen-runtime = { path = "$2/runtime" }
serde = { version = "1", features = ["derive"] }
tokio = { version = "1", features = ["rt", "macros", "net", "io-util"] }

[workspace]
TOML
    (cd "$dir" && CARGO_TARGET_DIR="$dir/target" cargo build --release --quiet --offline)
    for method in post get; do
        local counts=()
        for calls in 200 1200; do
            counts+=("$(valgrind --tool=callgrind --callgrind-out-file=/dev/null \
                "$dir/target/release/calls" "$calls" "$method" 2>&1 | awk '/Collected/ { print $4 }')")
        done
        awk -v l="$1, $method" -v a="${counts[0]}" -v b="${counts[1]}" \
            'BEGIN { printf "%s: %.1f k instructions per call\n", l, (b - a) / 1000 / 1000 }'
    done
}

per_call "before ($rev)" "$work/before"
per_call "now" "$root"

# The baselines: raw reqwest calls with the same body, answer read as bytes or decoded.
raw="$work/raw"
mkdir -p "$raw/src"
cp "$root/bench/calls/raw.rs" "$raw/src/main.rs"
cp "$root/bench/calls/server.rs" "$raw/src/server.rs"
cp "$root/Cargo.lock" "$raw/Cargo.lock"
cat >"$raw/Cargo.toml" <<TOML
[package]
name = "raw"
version = "0.1.0"
edition = "2024"

[dependencies]
# Plain HTTP to 127.0.0.1: no TLS stack (and nothing the workspace lock does not hold).
reqwest = { version = "0.13", default-features = false }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
tokio = { version = "1", features = ["rt", "macros", "net", "io-util"] }

[workspace]
TOML
(cd "$raw" && CARGO_TARGET_DIR="$raw/target" cargo build --release --quiet --offline)
for method in post get; do
    for mode in bytes decode; do
        counts=()
        for calls in 200 1200; do
            counts+=("$(valgrind --tool=callgrind --callgrind-out-file=/dev/null \
                "$raw/target/release/raw" "$calls" "$mode" "$method" 2>&1 | awk '/Collected/ { print $4 }')")
        done
        awk -v l="raw reqwest, $method, $mode" -v a="${counts[0]}" -v b="${counts[1]}" \
            'BEGIN { printf "%s: %.1f k instructions per call\n", l, (b - a) / 1000 / 1000 }'
    done
done
