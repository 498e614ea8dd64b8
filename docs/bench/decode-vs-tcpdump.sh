#!/usr/bin/env bash
# Decode benchmark: netsight's packet path (file -> decode -> DNS pairing -> Avro bytes, one thread) against
# `tcpdump -nn -r FILE > /dev/null` on the same >= 1,000,000-packet capture, in one run. See docs/benchmarks.md.
#   docs/bench/decode-vs-tcpdump.sh [PACKETS] [SEED.pcap]
set -euo pipefail
cd "$(dirname "$0")/../.."

packets="${1:-1000000}"
seed="${2:-ingest/src/test/resources/captures/ndots-node-any-sll2.pcap}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
file="$work/bench.pcap"

command -v tcpdump >/dev/null || { echo "tcpdump is needed (apt-get install tcpdump)" >&2; exit 1; }
./netsight bench make-pcap --seed "$seed" --packets "$packets" --out "$file"

# tcpdump first, twice: the second run has the file in the page cache, as netsight's passes do.
for run in 1 2; do
  start=$(date +%s.%N)
  tcpdump -nn -r "$file" > /dev/null 2>&1
  end=$(date +%s.%N)
  echo "tcpdump run $run: $(awk -v s="$start" -v e="$end" -v n="$packets" \
    'BEGIN { printf "%d packets in %.3f s = %.0f packets/s", n, e - s, n / (e - s) }')"
done
./netsight bench decode --pcap "$file" --passes 3
