#!/usr/bin/env bash
# Serving soak: fmnist serve (REST + gRPC, batching, metrics) under mixed valid and hostile traffic
# with hot swaps for --minutes, RSS and open fds sampled every 10 s (bench/soak/soak.py).
#   bench/soak/run.sh [--minutes 30] [--rate 200] [--model VERSION_DIR] [soak.py options] [-- fmnist serve options]
# Without --model, trains a small cnn (1 epoch on 6,000 images, ~20 s) to serve. The gRPC client is
# TensorFlow Serving's own (tensorflow-serving-api, from interop/.venv, made by interop/run.sh if
# missing, ~600 MB); --no-grpc runs REST only on the system python3. Results: bench/results/soak-<date>/.
# Run it niced on a shared machine: nice -n 10 bench/soak/run.sh --minutes 30
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$root/bench/results/soak-$(date -u +%Y%m%d-%H%M%S)"

model=""
grpc=1
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --model) model="$(cd "$2" && pwd)"; shift 2 ;;
    --no-grpc) grpc=0; args+=("$1"); shift ;;
    -h|--help) exec python3 "$root/bench/soak/soak.py" --help ;;
    *) args+=("$1"); shift ;;
  esac
done

"$root/fmnist" --version >/dev/null   # builds the CLI first if needed, so the server starts at once
mkdir -p "$out"

if [[ -z "$model" ]]; then
  echo "soak: training a small model to serve (cnn k3, 1 epoch, 6,000 images)..." >&2
  "$root/fmnist" train --model cnn --kernel-size 3 --epochs 1 --limit-train 6000 --no-plots --seed 1 \
      --run-dir "$out/model/run" --export --format savedmodel --saved-models "$out/model/saved" >"$out/model-train.log" 2>&1 \
    || { echo "soak: error: training failed; see $out/model-train.log" >&2; exit 1; }
  model="$out/model/saved/fashion_cnn_k3/1"
fi

python=python3
if [[ $grpc == 1 ]]; then
  venv="$root/interop/.venv"
  if ! "$venv/bin/python" -c 'import tensorflow_serving.apis' 2>/dev/null; then
    echo "soak: making $venv for TensorFlow Serving's gRPC client (interop/run.sh --collect-only)..." >&2
    "$root/interop/run.sh" --collect-only -q >/dev/null
  fi
  python="$venv/bin/python"
fi

export TF_CPP_MIN_LOG_LEVEL=2
exec "$python" "$root/bench/soak/soak.py" --fmnist "$root/fmnist" --version-dir "$model" \
    --data-dir "$root/data/fashion-mnist" --out "$out" "${args[@]}"
