#!/usr/bin/env bash
# Serving benchmark: TF Java in process, fmnist serve over loopback (4 and 16 clients), ONNX Runtime
# Java on the same model's model.onnx, resident memory over 100,000 predictions. Prints a Markdown
# table for the README. Run it alone on a quiet machine, e.g.
#   bench/serving/run.sh --model saved_models/fashion_cnn
# Options: --onnx FILE, --seconds S, --warmup S, --batch N, --clients 4,16, --batch-timeout-micros US, --memory-predictions N
# (bench/serving/run.sh --help lists them all).
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
