#!/usr/bin/env bash
# Creates (or completes) the project's virtual environment with every Python
# dependency, the test tools included. Idempotent: pip skips what is there, and
# pip's wheel cache means llama-cpp-python compiles once per machine.
set -euo pipefail
venv=${1:-.venv}
python=${PYTHON:-python3.11}
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
echo "Installing incabin and its dependencies into $venv (the first time compiles llama.cpp: ~5-10 min)..."
"$venv/bin/python" -m pip install -q -e '.[obd,kuksa,can,postgres,voice,test]'
# The web page's map library: the pinned npm tarball, integrity-checked, copied next to
# the page once (incabin serve never downloads it).
"$venv/bin/python" -m incabin.interfaces.server.map_library
