#!/usr/bin/env bash
# The settling test of Keras fidelity: Keras 3 trained from fmnist's exact initial weights on
# fmnist's exact batch order, compared step by step with fmnist's own run (bench/fidelity_trace.py).
#   bench/fidelity_trace.sh                         # cnn k3, seed 1, one epoch
#   bench/fidelity_trace.sh --model baseline --seed 2 --epochs 2
# Run it by hand; it is not part of CI.
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$bench/venv.sh"
(cd "$bench/.." && ./mvnw -B -q -DskipTests package -pl bench/jmh -am)
export TF_CPP_MIN_LOG_LEVEL=2
cd "$bench"
exec "$bench/.venv/bin/python" "$bench/fidelity_trace.py" "$@"
