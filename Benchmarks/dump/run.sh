#!/usr/bin/env bash
# Benchmarks `kseg dump-log-segments` against same-run baselines (issue #2's performance goals).
# Generates the segments under Benchmarks/data/ (git-ignored), then prints one line per figure.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo_root"
scripts/setup.sh
exec .venv/bin/python Benchmarks/dump/bench_dump.py "$@"
