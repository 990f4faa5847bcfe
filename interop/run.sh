#!/usr/bin/env bash
# The Python interop suite: Keras equivalence, the exported model in TensorFlow, onnx and ONNX
# Runtime, and fmnist serve answering TensorFlow Serving's own gRPC client. Creates interop/.venv
# from interop/requirements.txt and requirements-no-deps.txt on first use (~600 MB).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"
wanted="$(cat "$here/requirements.txt" "$here/requirements-no-deps.txt")"
if [[ ! -x "$venv/bin/python" ]] || [[ "$wanted" != "$(cat "$venv/requirements.txt" 2>/dev/null)" ]]; then
  echo "interop: installing $(grep -c '==' <<<"$wanted") pinned packages into $venv ..." >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q -r "$here/requirements.txt"
  "$venv/bin/pip" install -q --no-deps -r "$here/requirements-no-deps.txt"
  printf '%s\n' "$wanted" >"$venv/requirements.txt"
fi
export TF_CPP_MIN_LOG_LEVEL=2
exec "$venv/bin/python" -m pytest -q "$here" "$@"
