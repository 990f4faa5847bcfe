#!/usr/bin/env bash
# Side-by-side training speed of fmnist, Keras 3 (TensorFlow backend) and PyTorch on this machine.
# Creates bench/.venv from bench/requirements.txt on first use (several GB: PyPI's torch wheel
# brings its CUDA libraries), builds the fmnist CLI, then runs bench/train_speed.py "$@".
#   bench/speed.sh                         # the full comparison: cnn and baseline, 10 epochs
#   bench/speed.sh --epochs 1 --limit-train 3000 --models cnn   # a smoke run
# Run it by hand on a quiet machine; it is not part of CI.
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

"$bench/../fmnist" --version >/dev/null   # builds the CLI now, outside any timing
export TF_CPP_MIN_LOG_LEVEL=2
exec "$venv/bin/python" "$bench/train_speed.py" "$@"
