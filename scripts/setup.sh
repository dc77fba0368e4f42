#!/usr/bin/env bash
# Installs what kseg needs on a Debian machine that has only the Swift toolchain, then builds the
# release binary at .build/release/kseg.
#
#   - Debian -dev packages for the codecs and CRCs kseg links (zlib, lz4, snappy, zstd, ISA-L),
#     pkg-config (SwiftPM finds the libraries through it), python3-venv, GNU time (benchmarks);
#   - the Python venv with kafka-python and its codec libraries (scripts/python-env.sh), used by
#     the fixture generators, the oracle reader and the benchmarks.
#
# Idempotent and quiet when everything is already there.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

log() { printf 'setup: %s\n' "$*" >&2; }
as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
        log "need root for: $*"; exit 2; fi
}

packages=(zlib1g-dev liblz4-dev libsnappy-dev libzstd-dev libisal-dev pkg-config python3-venv time)
missing=()
for p in "${packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq >/dev/null
    as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

scripts/python-env.sh

if [ "${KSEG_SKIP_RELEASE_BUILD:-0}" != 1 ]; then
    log "building release binary (.build/release/kseg)"
    # A failed build must fail setup (never run a stale binary): keep the whole log, show its
    # errors, exit with the build's status.
    build_log="$(mktemp)"
    if ! swift build -c release --product kseg >"$build_log" 2>&1; then
        grep -E "error" "$build_log" >&2 || tail -40 "$build_log" >&2
        rm -f "$build_log"
        log "release build failed"
        exit 1
    fi
    grep -E "complete" "$build_log" >&2 || true
    rm -f "$build_log"
    test -x .build/release/kseg
fi
