#!/usr/bin/env bash
# Create (or refresh) the project's Python virtualenv at <repo root>/.venv and
# install the pinned requirements from scripts/requirements.txt.
#
# Idempotent: the venv is created only if missing (or broken), and pip runs
# only when requirements.txt differs from the copy recorded in the stamp file
# .venv/.requirements.sha256.
#
# Usage:  scripts/python-env.sh          # then use .venv/bin/python
# Env:    PYTHON=python3.11 scripts/python-env.sh   (interpreter to build the venv from)
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$script_dir/.." && pwd)"
venv="$repo_root/.venv"
req="$script_dir/requirements.txt"
stamp="$venv/.requirements.sha256"
python="${PYTHON:-python3}"

log() { printf 'python-env: %s\n' "$*" >&2; }

need_root_cmd() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
        log "need root to run: $*"; return 1; fi
}

install_venv_support() {
    # Debian/Ubuntu ship ensurepip/venv in a separate package.
    if command -v apt-get >/dev/null 2>&1; then
        log "installing python3-venv with apt-get"
        export DEBIAN_FRONTEND=noninteractive
        need_root_cmd apt-get install -y python3-venv >/dev/null 2>&1 || {
            need_root_cmd apt-get update >/dev/null
            need_root_cmd apt-get install -y python3-venv >/dev/null
        }
    else
        log "cannot create a venv with $python and apt-get is not available"
        return 1
    fi
}

if ! command -v "$python" >/dev/null 2>&1; then
    log "$python not found"; exit 1
fi

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import sys' >/dev/null 2>&1 \
        || [ ! -x "$venv/bin/pip" ]; then
    log "creating $venv"
    rm -rf "$venv"
    if ! "$python" -m venv "$venv" >/dev/null 2>&1; then
        rm -rf "$venv"
        install_venv_support
        "$python" -m venv "$venv"
    fi
    rm -f "$stamp"
fi

want="$(sha256sum "$req" | cut -d' ' -f1)"
have="$(cat "$stamp" 2>/dev/null || true)"
if [ "$want" != "$have" ]; then
    log "installing pinned requirements"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
        --no-input -r "$req"
    printf '%s\n' "$want" > "$stamp"
fi
