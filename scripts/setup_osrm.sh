#!/usr/bin/env bash
# Prepares the Monaco map and a real OSRM for the travel tests and benchmark.
# Idempotent: every step is skipped when its output exists.
#   1. .venv-osrm: a Python 3.12 venv with the osrm-bindings wheel (it ships
#      osrm-extract, osrm-contract, osrm-routed and the in-process bindings).
#   2. $INCABIN_HOME/maps/monaco.osm.pbf: taken from the osrm-bindings source
#      distribution (test/data/monaco.osm.pbf), fetched with pip.
#   3. $INCABIN_HOME/osrm/monaco/: the extract contracted with the car profile.
# Prints the folder of step 3 on its last line.
set -euo pipefail
cd "$(dirname "$0")/.."
version=26.10.0
home=${INCABIN_HOME:-$(python3 -c 'import platformdirs; print(platformdirs.user_cache_dir("incabin"))' 2>/dev/null || echo "$HOME/.cache/incabin")}
venv=${OSRM_VENV:-.venv-osrm}
maps="$home/maps"
data="$home/osrm/monaco"
mkdir -p "$maps" "$data"

find_python312() {
  for c in python3.12 "$(pyenv root 2>/dev/null)/versions/3.12"*/bin/python3.12; do
    if [ -n "$c" ] && "$c" -c 'import sys; assert sys.version_info[:2] == (3, 12)' 2>/dev/null; then
      echo "$c"; return 0
    fi
  done
  PYENV_VERSION=3.12 python3.12 -c 'import sys; print(sys.executable)' 2>/dev/null && return 0
  echo "setup_osrm.sh: Python 3.12 is needed for the osrm-bindings wheel" >&2; return 1
}

# $venv/osrm-bin-dir records where the wheel keeps its binaries.
if [ ! -s "$venv/osrm-bin-dir" ]; then
  if [ ! -x "$venv/bin/python" ]; then "$(find_python312)" -m venv "$venv"; fi
  # scikit-build-core and setuptools-scm only read the sdist's metadata in step 2.
  "$venv/bin/python" -m pip install -q "osrm-bindings==$version" "scikit-build-core==1.1.2" \
    "setuptools-scm==10.3.4"
  "$venv/bin/python" -c 'import os, osrm; print(os.path.join(os.path.dirname(osrm.__file__), "bin"))' \
    > "$venv/osrm-bin-dir"
fi
bindir=$(cat "$venv/osrm-bin-dir")
profile=$(dirname "$bindir")/share/profiles/car.lua

if [ ! -s "$maps/monaco.osm.pbf" ]; then
  tmp=$(mktemp -d)
  "$venv/bin/python" -m pip download -q --no-deps --no-binary :all: --no-build-isolation \
    "osrm-bindings==$version" -d "$tmp"
  tar -xzf "$tmp/osrm_bindings-$version.tar.gz" -C "$tmp" "osrm_bindings-$version/test/data/monaco.osm.pbf"
  mv "$tmp/osrm_bindings-$version/test/data/monaco.osm.pbf" "$maps/monaco.osm.pbf.part"
  mv "$maps/monaco.osm.pbf.part" "$maps/monaco.osm.pbf"
  rm -rf "$tmp"
fi

if [ ! -s "$data/monaco.osrm.hsgr" ]; then
  cp "$maps/monaco.osm.pbf" "$data/monaco.osm.pbf"
  "$bindir/osrm-extract" -p "$profile" "$data/monaco.osm.pbf" >"$data/extract.log" 2>&1
  "$bindir/osrm-contract" "$data/monaco.osrm" >"$data/contract.log" 2>&1
fi
echo "$data"
