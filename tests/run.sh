#!/usr/bin/env bash
# Installs what the tests need on a fresh machine, then runs them all (the README's test command).
set -euo pipefail
cd "$(dirname "$0")/.."
# Debian packages: Chromium for the browser tests and the report's figures (kaleido; never a downloaded
# browser), Pango for the report's PDF (WeasyPrint), poppler-utils to read the PDF back in the tests.
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium fonts-dejavu-core)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
{ ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so.0"; } || need+=(libpango-1.0-0 libpangoft2-1.0-0)
if [ ${#need[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
python -m pip install -q -r requirements-dev.txt
python -m pytest "$@"
