#!/usr/bin/env bash
# `kseg compact --execute` against `cp` of the same files, in one run (issue: compaction at >= 0.3x
# the throughput of cp, peak memory <= dedupe buffer + 64 MiB):
#   1 GiB partition, 1,000,000 distinct keys written 5 times over (about 20% live), v2, uncompressed,
#   128 MiB segments (Benchmarks/compact/generate.py; data under the git-ignored Benchmarks/data/).
# Each trial starts with the page cache warm and no writeback pending (sync, 2 s pause); compact runs
# on a fresh copy of the partition, cp copies the same files. Best of 3 for both (compact's time
# includes its fsyncs and the deletion of the replaced segments; cp's has neither). Peak memory is /usr/bin/time's maximum RSS.
#   Benchmarks/compact/run.sh [--codec gzip]      (any extra arguments go to generate.py)
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"
codec=none
if [ "${1:-}" = "--codec" ]; then codec=$2; fi
data=$data/compact-1g-$codec
dedupe=134217728   # Kafka's default log.cleaner.dedupe.buffer.size

if [ ! -f "$data/pristine/replication-offset-checkpoint" ]; then
    rm -rf "$data"
    $py Benchmarks/compact/generate.py "$data/pristine" --bytes 1GiB --keys 1000000 --sweeps 5 "$@"
    $kseg rebuild-index --execute "$data/pristine" >/dev/null
fi
size=$(du -cb "$data"/pristine/bench-0/*.log | tail -1 | cut -f1)

cat "$data"/pristine/bench-0/*.log > /dev/null   # page cache warm for both
settle() { sync; sleep 2; }                      # no writeback of earlier runs in flight
best_cp=999999; best_compact=999999; rss=0
for trial in 1 2 3; do
    rm -rf "$data/cp"; settle
    start=$(date +%s.%N); cp -r "$data/pristine" "$data/cp"; end=$(date +%s.%N)
    best_cp=$(echo "$end $start $best_cp" | awk '{t=$1-$2; print (t<$3)?t:$3}')
done
rm -rf "$data/cp"
for trial in 1 2 3; do
    rm -rf "$data/work"; cp -r "$data/pristine" "$data/work"; settle
    /usr/bin/time -f "%e %M" -o "$data/time.txt" "$kseg" compact --execute --cleanup.policy compact "$data/work" > "$data/compact.txt"
    read -r wall kb < "$data/time.txt"
    best_compact=$(echo "$wall $best_compact" | awk '{print ($1<$2)?$1:$2}')
    rss=$(( kb > rss ? kb : rss ))
done
"$kseg" verify-index "$data/work" > /dev/null || { echo "verify-index found problems in the compacted partition" >&2; exit 1; }
after=$(du -cb "$data"/work/bench-0/*.log | tail -1 | cut -f1)
awk -v s="$size" -v a="$after" -v c="$best_cp" -v k="$best_compact" -v r="$rss" -v d="$dedupe" -v codec="$codec" 'BEGIN {
    printf "compact --execute, 1 GiB (%s), 1M keys, 20%% live: %.2f GB/s (%.2f s; %d -> %d bytes) | baseline cp %.2f GB/s (%.2f s) | ratio %.2fx (goal >= 0.30x)\n", codec, s/k/1e9, k, s, a, s/c/1e9, c, c/k
    printf "peak RSS %.1f MiB | dedupe buffer %.0f MiB + 64 MiB = %.0f MiB (goal: at most that)\n", r/1024, d/1048576, d/1048576 + 64 }'
rm -rf "$data/work"
