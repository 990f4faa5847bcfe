#!/usr/bin/env bash
# What the TensorBoard logs cost: trains `baseline` and `cnn` k=3 on the full data with the default
# TensorBoard options and without logs, interleaved, and prints the time spent inside the
# TensorBoard listener per epoch next to the epoch's time (bench/jmh TensorBoardCost).
#   bench/tensorboard.sh [EPOCHS [REPEATS [UPDATE_FREQ [HISTOGRAM_FREQ]]]]   (default 2 2 0 1)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
epochs="${1:-2}"
repeats="${2:-2}"
out="$root/bench/results/tensorboard-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
"$root/mvnw" -B -q -f "$root/pom.xml" -DskipTests package -pl bench/jmh -am
{ date -u; uptime; lscpu | grep 'Model name'; java -version 2>&1 | head -1; } | tee "$out/machine.txt"
export TF_CPP_MIN_LOG_LEVEL=2
for model in baseline cnn; do
  java -cp "$root/bench/jmh/target/fmnist-bench.jar" org.fmnist.bench.TensorBoardCost \
    "$model" "$epochs" "$repeats" "${3:-0}" "${4:-1}" | tee "$out/$model.txt"
done
uptime | tee -a "$out/machine.txt"
echo "results: $out" >&2
