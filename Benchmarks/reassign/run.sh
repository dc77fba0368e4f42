#!/usr/bin/env bash
# Benchmark of `kseg reassign-partitions` at the scale of the issue: 100 brokers in 3 racks,
# 100,000 partitions, replication factor 3, sizes from kafka-log-dirs JSON; 10 brokers
# added and one decommissioned. Targets: a plan in under 5 s and 500 MiB.
# Baselines from the same run: `cat` of the inputs (I/O floor) and Python's json.load of
# them (what merely parsing the inputs costs a typical tool).
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ ! -x /usr/bin/time ]; then
    echo "installing GNU time (needed for peak RSS)" >&2
    apt-get install -y time >/dev/null
fi

swift build -c release --product kseg >/dev/null
KSEG=.build/release/kseg
DATA=Benchmarks/data/reassign
python3 Benchmarks/reassign/generate.py --out "$DATA"
BROKERS=$(cat "$DATA/brokers.txt")
RACKS=$(cat "$DATA/racks.txt")

# measure LABEL TARGET-SECONDS TARGET-MIB COMMAND... : one line with elapsed seconds and peak RSS.
measure() {
    local label=$1 target_s=$2 target_mib=$3
    shift 3
    /usr/bin/time -f "%e %M" -o "$DATA/time.txt" "$@" >"$DATA/out.txt" 2>"$DATA/err.txt"
    read -r seconds kib <"$DATA/time.txt"
    local mib=$((kib / 1024))
    if [ "$target_s" = "-" ]; then
        printf '%-44s %6.2f s  %5d MiB peak RSS\n' "$label" "$seconds" "$mib"
    else
        local verdict=ok
        if awk "BEGIN { exit !($seconds >= $target_s) }" || [ "$mib" -ge "$target_mib" ]; then verdict=MISSED; fi
        printf '%-44s %6.2f s  %5d MiB peak RSS   (target < %s s, < %s MiB: %s)\n' \
            "$label" "$seconds" "$mib" "$target_s" "$target_mib" "$verdict"
    fi
}

echo "input: $(wc -c <"$DATA/current.json") bytes current.json, $(wc -c <"$DATA/log-dirs.json") bytes log-dirs.json"
measure "baseline: cat inputs" - - cat "$DATA/current.json" "$DATA/log-dirs.json"
measure "baseline: python3 json.load inputs" - - python3 -c "
import json, sys
json.load(open(sys.argv[1]))
text = open(sys.argv[2]).read()
json.loads(text[text.index('{'):])" "$DATA/current.json" "$DATA/log-dirs.json"
measure "kseg reassign-partitions (minimal)" 5 500 "$KSEG" reassign-partitions \
    --current-assignment "$DATA/current.json" --broker-list "$BROKERS" --broker-racks "$RACKS" \
    --log-dirs-json-file "$DATA/log-dirs.json" --throttle 100000000 \
    --output "$DATA/proposed.json" --rollback "$DATA/rollback.json"
echo "  $(head -1 "$DATA/err.txt")"
measure "kseg reassign-partitions --balance-bytes 10" 5 500 "$KSEG" reassign-partitions \
    --current-assignment "$DATA/current.json" --broker-list "$BROKERS" --broker-racks "$RACKS" \
    --log-dirs-json-file "$DATA/log-dirs.json" --balance-bytes 10
echo "  $(head -1 "$DATA/err.txt")"
measure "kseg reassign-partitions --strategy kafka" 5 500 "$KSEG" reassign-partitions \
    --current-assignment "$DATA/current.json" --broker-list "$BROKERS" --broker-racks "$RACKS" \
    --log-dirs-json-file "$DATA/log-dirs.json" --strategy kafka --seed 1
echo "  $(head -1 "$DATA/err.txt")"
