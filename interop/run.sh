#!/usr/bin/env bash
# The Python interop suite: Keras equivalence and the exported model in TensorFlow, onnx and
# ONNX Runtime. Creates interop/.venv from interop/requirements.txt on first use (~600 MB).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"
if [[ ! -x "$venv/bin/python" ]] || ! cmp -s "$here/requirements.txt" "$venv/requirements.txt"; then
  echo "interop: installing $(grep -c '==' "$here/requirements.txt") pinned packages into $venv ..." >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q -r "$here/requirements.txt"
  cp "$here/requirements.txt" "$venv/requirements.txt"
fi
export TF_CPP_MIN_LOG_LEVEL=2
exec "$venv/bin/python" -m pytest -q "$here" "$@"
