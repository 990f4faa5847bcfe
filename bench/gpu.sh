#!/usr/bin/env bash
# On a machine with an NVIDIA GPU (driver and CUDA 12 libraries that TF Java's GPU build wants):
# builds the CLI with -Pgpu (tensorflow-core-native's linux-x86_64-gpu classifier), trains cnn k3
# for one epoch with --device gpu and TensorFlow's device-placement logging, then prints the epoch
# time and how many ops were placed on each device.
# UNTESTED: the machines this project was built on have no GPU.
#   bench/gpu.sh                     # one epoch of cnn k3, batch 32
#   bench/gpu.sh --batch-size 256    # extra options go to fmnist train
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
command -v nvidia-smi >/dev/null && nvidia-smi -L || echo "bench/gpu.sh: nvidia-smi not found: is there an NVIDIA GPU and driver?" >&2
./mvnw -B -q -DskipTests -Pgpu package -pl cli -am
out="$(mktemp -d)"
log="$out/train.log"
# -Dfmnist.logDevicePlacement=true sets the session's log_device_placement; --verbose keeps
# TensorFlow's native INFO lines, where the placements are logged.
TF_CPP_MIN_LOG_LEVEL=0 java -Dfmnist.logDevicePlacement=true -jar cli/target/fmnist.jar train --model cnn --epochs 1 --device gpu \
  --verbose --no-plots --run-dir "$out/run" "$@" 2>"$log" >"$out/stdout.txt" || {
  tail -20 "$log" >&2; exit 1; }
cat "$out/stdout.txt"
echo "epoch seconds: $(tail -1 "$out/run/history.csv" | cut -d, -f6)"
echo "ops per device (from the placement log):"
grep -oE 'device:(GPU|CPU):[0-9]+' "$log" | sort | uniq -c || echo "  no placement lines found in $log"
echo "full log: $log"
