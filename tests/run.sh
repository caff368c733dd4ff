#!/usr/bin/env bash
# Installs what the tests need on a fresh machine, then runs them all (the README's test command).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
    # Browser tests and static chart export (kaleido) drive Debian's Chromium; never a downloaded browser.
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
    else
        sudo apt-get update -qq && sudo apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
    fi
fi
python -m pip install -q -r requirements-dev.txt
python -m pytest "$@"
