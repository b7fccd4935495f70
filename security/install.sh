#!/usr/bin/env bash
# Installs the scanners that scan.sh runs, from PyPI at pinned versions, into security/.venv
# (or SCAN_VENV). Needs Python 3.10 or newer with venv (Debian: apt-get install python3-venv).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
VENV=${SCAN_VENV:-$HERE/.venv}
"${PYTHON:-python3}" -m venv "$VENV"
# mitmproxy comes with wapiti3; scan.sh also runs it as the token-refreshing proxy.
"$VENV/bin/pip" install --disable-pip-version-check -q sqlmap==1.10.10 wapiti3==3.2.3 mitmproxy==10.2.3
"$VENV/bin/sqlmap" --version
"$VENV/bin/wapiti" --version 2>/dev/null | tail -1
"$VENV/bin/mitmdump" --version | head -1
