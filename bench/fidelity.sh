#!/usr/bin/env bash
# Keras fidelity over seeds: fmnist vs Keras 3 on cnn k3 and baseline, 5 seeds each, the seed
# study's recipe; mean ± sd of test accuracy and loss and Welch's t-test (bench/fidelity.py).
# Uses the same bench/.venv as bench/speed.sh (created on first use).
#   bench/fidelity.sh                                          # the full study (long: 20 runs of 10 epochs)
#   bench/fidelity.sh --seeds 2 --epochs 1 --limit-train 3000 --models baseline   # a smoke run
# Run it by hand; it is not part of CI.
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$bench/venv.sh"
"$bench/../fmnist" --version >/dev/null   # builds the CLI now, outside any timing
export TF_CPP_MIN_LOG_LEVEL=2
cd "$bench"
exec "$bench/.venv/bin/python" "$bench/fidelity.py" "$@"
