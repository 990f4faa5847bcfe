#!/usr/bin/env bash
# Fuzzes every Jazzer target (or the ones named) one after the other, each for SECONDS, and prints
# one summary line per target: executions, libFuzzer's coverage counters, corpus size, finding.
# Jazzer 0.24 takes the run time from @FuzzTest(maxDuration), an annotation constant (60 s here, so
# CI's regression mode and a plain JAZZER_FUZZ run stay short); a later -max_total_time, passed as a
# libFuzzer argument through the JUnit configuration parameters jazzer.internal.arg.N (argument 0 is
# argv[0]), overrides it without touching the code.
#   scripts/fuzz.sh                                    # every target, 600 s each
#   scripts/fuzz.sh 120 'CsvReaderFuzzTest#read'       # one target, 2 minutes
# Logs go to fuzz-results/<timestamp>/ (git-ignored); a crash input lands in the target's seed
# folder (src/test/resources/.../<TestClass>Inputs/<method>/), where it stays as a regression test.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
seconds="${1:-600}"
shift || true
all=(
  'data:IdxReaderFuzzTest#readSplit'
  'data:IdxReaderFuzzTest#readGzipBytes'
  'data:CsvReaderFuzzTest#read'
  'model:SpecParserFuzzTest#parse'
  'serving:PredictRequestFuzzTest#decode'
  'serving:TensorProtoDecoderFuzzTest#decode'
  'serving:ModelConfigFileFuzzTest#read'
)
targets=()
if (($#)); then
  for name in "$@"; do
    match=$(printf '%s\n' "${all[@]}" | grep -F ":$name" || true)
    [[ -n "$match" ]] || { echo "fuzz.sh: unknown target $name" >&2; exit 2; }
    targets+=($match)
  done
else
  targets=("${all[@]}")
fi
out="fuzz-results/$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$out"
summary="$out/summary.tsv"
printf 'target\tseconds\texecutions\tcov\tft\tcorpus\tfinding\tstarted_utc\tload_avg_1m\n' >"$summary"
for entry in "${targets[@]}"; do
  module="${entry%%:*}"
  test="${entry#*:}"
  log="$out/${test/\#/.}.log"
  started="$(date -u +%H:%M:%S)"
  load="$(cut -d' ' -f1 /proc/loadavg)"
  echo "fuzz.sh: $test for ${seconds}s, log $log" >&2
  status=0
  JAZZER_FUZZ=1 ./mvnw -B -pl "$module" -am test -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false \
    -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1="-max_total_time=$seconds" >"$log" 2>&1 || status=$?
  done_line="$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 || true)"
  execs="$(grep -oE '^Done [0-9]+ runs' "$log" | tail -1 | grep -oE '[0-9]+' || echo '?')"
  cov="$(grep -oE 'cov: [0-9]+' <<<"$done_line" | grep -oE '[0-9]+' || echo '?')"
  ft="$(grep -oE 'ft: [0-9]+' <<<"$done_line" | grep -oE '[0-9]+' || echo '?')"
  corp="$(grep -oE 'corp: [0-9]+/[0-9]+[a-zA-Z]*' <<<"$done_line" | cut -d' ' -f2 || echo '?')"
  finding='none'
  if ((status != 0)); then
    finding="$(grep -m1 -E '== Java Exception:|FuzzTestFindingException|ERROR\]' "$log" || echo "maven exit $status")"
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$test" "$seconds" "$execs" "$cov" "$ft" "$corp" "$finding" \
    "$started" "$load" | tee -a "$summary"
done
echo "fuzz.sh: summary in $summary" >&2
