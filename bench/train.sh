#!/usr/bin/env bash
# Foundation benchmark: trains `baseline` and `cnn` k=3 for 10 epochs at batch 32 on the full
# Fashion-MNIST with the Keras recipe, one after the other in the same run, and prints test
# accuracy, median epoch seconds and peak resident memory of each.
#   bench/train.sh [EPOCHS]        (default 10)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
epochs="${1:-10}"
out="$root/bench/results/train-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
"$root/fmnist" --version >/dev/null   # builds the CLI first, outside the timings

printf '%-10s %8s %10s %12s %12s\n' model epochs test_acc epoch_s_med peak_rss_MB
for model in baseline cnn; do
  run="$out/$model"
  /usr/bin/time -f '%M' -o "$out/$model.rss" \
    "$root/fmnist" train --model "$model" --kernel-size 3 --epochs "$epochs" --batch-size 32 \
    --run-dir "$run" >"$out/$model.out" 2>"$out/$model.err"
  acc=$(jq -r '.accuracy' "$run/test_metrics.json")
  median=$(tail -n +2 "$run/history.csv" | cut -d, -f6 | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')
  rss=$(awk '{printf "%.0f", $1/1024}' "$out/$model.rss")
  printf '%-10s %8s %10.4f %12.2f %12s\n' "$model" "$epochs" "$acc" "$median" "$rss"
done
echo "runs and logs: $out" >&2
