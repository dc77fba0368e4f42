#!/usr/bin/env bash
# retention benchmark with same-run baselines (issue: dry run over 2,000 partitions under 2 s, reading
# only segment metadata and index tails): a log dir of 2,000 partitions x 5 segments; `kseg retention`
# (dry run, text and --json, --jobs 1 and the default) against `find | xargs stat` and `ls -lR` over the
# same tree (metadata only), and `cat` of every .log (what reading whole segments would cost).
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"

dir="$data/retention-2000x5"
if [ ! -f "$dir/replication-offset-checkpoint" ]; then
    rm -rf "$dir"
    $py Benchmarks/retention/make_logdir.py "$dir" --partitions 2000 --segments 5 >/dev/null
    $kseg rebuild-index --execute "$dir" >/dev/null
fi
now=1730000000000
segments=$(find "$dir" -name '*.log' | wc -l)
files=$(find "$dir" -type f | wc -l)
total=$(du -cb "$dir"/*/*.log | tail -1 | cut -f1)
# Warm the page cache for metadata and data alike, so every command below reads from memory.
cat "$dir"/*/*.log >/dev/null
ls -lR "$dir" >/dev/null

summary=$($kseg retention --now $now "$dir" | tail -1)
t_text=$(best $kseg retention --now $now "$dir")
t_json=$(best $kseg retention --now $now --json "$dir")
t_j1=$(best $kseg retention --now $now --jobs 1 "$dir")
t_stat=$(best sh -c "find $dir -type f | xargs stat")
t_ls=$(best ls -lR "$dir")
t_cat=$(best sh -c "cat $dir/*/*.log")
echo "$summary"
awk -v p=2000 -v s="$segments" -v f="$files" -v b="$total" -v t="$t_text" -v j="$t_json" -v one="$t_j1" \
    -v st="$t_stat" -v ls="$t_ls" -v c="$t_cat" 'BEGIN {
    printf "retention dry run, %d partitions, %d segments (%d files, %.0f MB of log): %.3f s text, %.3f s --json, %.3f s --jobs 1 (goal < 2 s)\n", p, s, f, b/1e6, t, j, one
    printf "baselines over the same tree: find -type f | xargs stat %.3f s, ls -lR %.3f s | cat of every .log %.3f s\n", st, ls, c
    printf "kseg / stat baseline: %.2fx\n", t/st }'
