#!/usr/bin/env bash
# Side-by-side training speed of fmnist, Keras 3 (TensorFlow backend) and PyTorch on this machine,
# repetitions interleaved, with achieved GFLOP/s against TensorFlow's measured MatMul peak.
# Creates bench/.venv from bench/requirements.txt on first use (bench/venv.sh), builds the fmnist
# CLI and bench/jmh (MatMulPeak), then runs bench/train_speed.py "$@".
#   bench/speed.sh                         # the full comparison: cnn and baseline, 10 epochs, 3 repetitions
#   bench/speed.sh --epochs 1 --limit-train 3000 --models cnn --repeat 2   # a smoke run
# Run it by hand on a quiet machine; it is not part of CI.
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$bench/venv.sh"
"$bench/../fmnist" --version >/dev/null   # builds the CLI now, outside any timing
(cd "$bench/.." && ./mvnw -B -q -DskipTests package -pl bench/jmh -am)
export TF_CPP_MIN_LOG_LEVEL=2
exec "$bench/.venv/bin/python" "$bench/train_speed.py" "$@"
