#!/bin/sh
# Runs every fuzz target for SECONDS (default 600) each, one after another, on the seeded
# corpora; a crash stops with its input in artifacts/<target>/.
set -eu
cd "$(dirname "$0")"
seconds=${1:-600}
for target in metadata wsdl xml_decoder soap_answer wcf_date; do
    echo "== $target ($seconds s)"
    cargo +nightly fuzz run -O "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=262144 \
        -print_final_stats=1
done
