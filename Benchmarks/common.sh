# Sourced by the benchmark scripts: the repository root as working directory, prerequisites and the
# release binary (scripts/setup.sh), and `best`, the best wall time of three runs.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
scripts/setup.sh
kseg=.build/release/kseg
data=Benchmarks/data
py=.venv/bin/python

best() { # best wall time of 3 runs of "$@", in seconds
    local best=999999
    for _ in 1 2 3; do
        local start end
        start=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; end=$(date +%s.%N)
        best=$(echo "$end $start $best" | awk '{t=$1-$2; print (t<$3)?t:$3}')
    done
    echo "$best"
}
