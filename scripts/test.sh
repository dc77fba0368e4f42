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
swift build --build-tests 2>&1 | grep -E "error:|Build complete" || true

echo "== swift test"
swift test 2>&1 | tee .build/test-output.txt | grep -E "error:|failed|Executed .* tests|passed after|failed after" || true
# `tee` hides swift test's status: read it from the log as well as from PIPESTATUS.
status=${PIPESTATUS[0]}
if [ "$status" -ne 0 ] || grep -qE "with [1-9][0-9]* failures?|error: .*failed" .build/test-output.txt; then
    echo "TESTS FAILED (see .build/test-output.txt)" >&2
    exit 1
fi
echo "all tests passed"
