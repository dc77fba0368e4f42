#!/usr/bin/env bash
# verify-index / rebuild-index benchmarks with same-run baselines (issue #3):
#   1. one 1 GiB v2 segment in the page cache: rebuild-index and verify-index vs `cat` (goal >= 0.5x);
#   2. a log dir of 2,000 partitions x 5 small segments: verify-index with --jobs 1 and --jobs 2
#      (goal: all cores busy, the rate scales from 1 to 2 jobs), against `cat` of all the logs.
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"

seg="$data/index-1g"
if [ ! -f "$seg/00000000000000000000.log" ]; then
    mkdir -p "$seg"
    $py Benchmarks/make_segment.py "$seg/00000000000000000000.log" --bytes 1GiB --codec none --value-size 100 --records-per-batch 100 >/dev/null
fi
rm -f "$seg"/*.index "$seg"/*.timeindex
cat "$seg/00000000000000000000.log" >/dev/null
size=$(stat -c %s "$seg/00000000000000000000.log")
t_cat=$(best cat "$seg/00000000000000000000.log")
t_rebuild=$(best $kseg rebuild-index "$seg")
$kseg rebuild-index --execute "$seg" >/dev/null
t_verify=$(best $kseg verify-index "$seg")
awk -v s="$size" -v c="$t_cat" -v r="$t_rebuild" -v v="$t_verify" 'BEGIN {
    printf "rebuild-index, 1 GiB v2 segment: %.2f GB/s (%.3f s) | baseline cat %.2f GB/s (%.3f s) | ratio %.2fx (goal >= 0.50x)\n", s/r/1e9, r, s/c/1e9, c, c/r
    printf "verify-index,  1 GiB v2 segment: %.2f GB/s (%.3f s) | baseline cat %.2f GB/s (%.3f s) | ratio %.2fx (goal >= 0.50x)\n", s/v/1e9, v, s/c/1e9, c, c/v }'

dir="$data/index-2000x5"
if [ ! -d "$dir/bench-1999" ]; then
    $py Benchmarks/index/make_logdir.py "$dir" --partitions 2000 --segments 5 >/dev/null
    $kseg rebuild-index --execute "$dir" >/dev/null
fi
cat "$dir"/*/*.log >/dev/null
total=$(du -cb "$dir"/*/*.log | tail -1 | cut -f1)
t_cat_all=$(best sh -c "cat $dir/*/*.log")
t_j1=$(best $kseg verify-index --jobs 1 "$dir")
t_j2=$(best $kseg verify-index --jobs 2 "$dir")
cpu=$( { /usr/bin/time -f "%P" $kseg verify-index --jobs 2 "$dir" >/dev/null; } 2>&1 | tail -1)
awk -v s="$total" -v c="$t_cat_all" -v a="$t_j1" -v b="$t_j2" -v cpu="$cpu" 'BEGIN {
    printf "verify-index, 2000 partitions x 5 segments (%.0f MB): --jobs 1 %.3f s (%.0f partitions/s), --jobs 2 %.3f s (%.0f partitions/s), speed-up %.2fx, CPU %s | baseline cat of all logs %.3f s\n", s/1e6, a, 2000/a, b, 2000/b, a/b, cpu, c }'
