#!/usr/bin/env bash
# Creates (or refreshes, when bench/requirements.txt changed) bench/.venv with the Python peers of
# bench/speed.sh and bench/fidelity.sh: several GB, PyPI's torch wheel brings its CUDA libraries.
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$bench/.venv"
if [[ ! -x "$venv/bin/python" ]] || ! cmp -s "$bench/requirements.txt" "$venv/requirements.txt"; then
  echo "bench: installing the Python peers into $venv ..." >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --upgrade pip
  "$venv/bin/pip" install -q -r "$bench/requirements.txt"
  cp "$bench/requirements.txt" "$venv/requirements.txt"
fi
