#!/bin/sh
# The Python steps of the Dockerfile, as a script that CI — or a city installing without containers — runs as is:
#   sh deploy/install.sh VENV
# creates the virtualenv VENV, installs requirements.txt, and when the application's sources are there, checks
# that it imports and that its command line answers. Run twice, the second run installs nothing.
# System packages (Debian, installed by the Dockerfile or by apt-get, docs/deploiement.md): python3 python3-venv
# chromium libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core curl.
# VENV_ARGS adds options to `python3 -m venv`; PIP_ARGS to pip (e.g. --no-index --find-links DIR offline).
set -eu
VENV="${1:?usage : sh deploy/install.sh DOSSIER_DU_VIRTUALENV}"
HERE="$(cd "$(dirname "$0")/.." && pwd)"
[ -x "$VENV/bin/python" ] || python3 -m venv ${VENV_ARGS:-} "$VENV"
"$VENV/bin/python" -m pip install --quiet --no-cache-dir --disable-pip-version-check ${PIP_ARGS:-} \
    -r "$HERE/requirements.txt"
if [ -f "$HERE/clas/cli.py" ]; then
    cd "$HERE"
    "$VENV/bin/python" -c "import streamlit, duckdb, weasyprint, kaleido, streamlit_authenticator, clas.cli, clas.web.gate"
    "$VENV/bin/python" -m clas --help >/dev/null
    echo "installation vérifiée : $VENV"
fi
