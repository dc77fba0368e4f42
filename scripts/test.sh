#!/usr/bin/env bash
# The whole test suite: installs prerequisites (scripts/setup.sh), checks the independent oracle
# against Kafka's own reader listings, then runs every Swift test (unit, golden, interop,
# hostile-input). Exits non-zero on any failure.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

KSEG_SKIP_RELEASE_BUILD=1 scripts/setup.sh

echo "== oracle: kafka-python's reading of the reference segments equals Kafka's own reader"
KSEG_REFERENCE="$repo_root/Fixtures/kafka-reference/kafka-written" .venv/bin/python scripts/check-oracle-against-reference.py --all

echo "== swift build"
build_log=.build/build-tests.txt
mkdir -p .build
if ! swift build --build-tests >"$build_log" 2>&1; then
    grep -E "error:" "$build_log" >&2 || tail -40 "$build_log" >&2
    echo "BUILD FAILED (see $build_log)" >&2
    exit 1
fi
grep -E "Build complete" "$build_log" || true

echo "== swift test"
# XCTest only: there are no Swift Testing tests, and its empty "0 tests" summary would close the log.
set +e
swift test --disable-swift-testing > .build/test-output.txt 2>&1
status=$?
set -e
grep -E "error:|failed|Executed .* tests" .build/test-output.txt || true
if [ "$status" -ne 0 ] || grep -qE "with [1-9][0-9]* failures?" .build/test-output.txt; then
    echo "TESTS FAILED (exit status $status; see .build/test-output.txt)" >&2
    tail -30 .build/test-output.txt >&2
    exit 1
fi
# The plain closing line: totals of the XCTest run.
summary=$(grep -E "^\s*Executed [0-9]+ tests?, with [0-9]+ failures?" .build/test-output.txt | tail -1)
tests=$(echo "$summary" | sed -E 's/.*Executed ([0-9]+) tests?.*/\1/')
failures=$(echo "$summary" | sed -E 's/.*with ([0-9]+) failures?.*/\1/')
echo "$((tests - failures)) passed, $failures failed"
