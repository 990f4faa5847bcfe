#!/usr/bin/env bash
# Serving benchmark: TF Java in process, ONNX Runtime Java and fmnist's ONNX backend on the same
# model's model.onnx, resident memory over 100,000 predictions; then side by side, in interleaved
# rounds, TF Java in process against fmnist serve over loopback (gRPC and REST, at batch 1 and --batch;
# at batch 1 also both with --enable-batching, and REST on the ONNX backend without and with
# --enable-batching) for each --clients count, after a JIT warm-up of every server path (not measured).
# Prints Markdown tables for the README. Run it alone on a quiet machine, e.g.
#   bench/serving/run.sh --model saved_models/fashion_cnn
# Options: --onnx FILE, --seconds S, --warmup S, --server-warmup S, --rounds N, --batch N, --clients 1,4,16,
# --batch-timeout-micros US, --memory-predictions N (bench/serving/run.sh --help lists them all).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
target="$root/bench/serving/target"

echo "bench: building the harness (./mvnw package)..." >&2
"$root/mvnw" -B -q -f "$root/pom.xml" -pl bench/serving -am package -DskipTests ${FMNIST_MAVEN_ARGS:-} >&2

export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"
# as fmnist serve runs: an intra-op pool per session, small batches on a one-thread session
# (TF_OVERRIDE_GLOBAL_THREADPOOL=0 bench/serving/run.sh ... measures the single shared pool)
export TF_OVERRIDE_GLOBAL_THREADPOOL="${TF_OVERRIDE_GLOBAL_THREADPOOL:-1}"
exec java ${FMNIST_JAVA_OPTS:-} -cp "$target/fmnist-bench-serving.jar:$target/lib/*" org.fmnist.bench.serving.ServingBenchmark "$@"
