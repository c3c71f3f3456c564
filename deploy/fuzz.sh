#!/usr/bin/env bash
# Builds the libFuzzer targets (the `fuzz` preset: clang 14 with AddressSanitizer and
# UndefinedBehaviorSanitizer) and runs them from the seed corpus (docs/fuzzing.md).
#
#   deploy/fuzz.sh                        each target for 5,000 executions: what CI runs
#   deploy/fuzz.sh --runs N [SERVICE...]  each target (or those named) for N executions
#   deploy/fuzz.sh --seconds S [SERVICE...]
#                                         each for S seconds
# Targets run two at a time (the machine has two cores).
#
# SERVICE is entity, event, delegation, round_table, document, access, speaker or schedule. New
# inputs go to build/fuzz/corpus/{service} (not into the repository); a crash, leak, timeout or broken
# invariant leaves its input in build/fuzz/findings/{service}/ and fails the script. Each
# target's executions, executions per second, edges covered and peak memory are printed at the
# end and kept in build/fuzz/summary.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=5000
seconds=""
services=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; seconds=""; shift 2 ;;
    --seconds) seconds="$2"; runs=""; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) services+=("$1"); shift ;;
  esac
done
[ ${#services[@]} -gt 0 ] || services=(entity event delegation round_table document access speaker schedule)
for s in "${services[@]}"; do
  case "$s" in
    entity|event|delegation|round_table|document|access|speaker|schedule) ;;
    *) echo "fuzz: no service $s (entity, event, delegation, round_table, document, access," \
         "speaker, schedule)" >&2
       exit 2 ;;
  esac
done

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz

# Short allocation stacks: the fuzzer allocates on every call, and a report still names the site.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:malloc_context_size=8"
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

run_one() {
  local service="$1"
  local work="build/fuzz/corpus/$service" findings="build/fuzz/findings/$service"
  mkdir -p "$work" "$findings"
  local limit=(-runs="$runs")
  [ -z "$seconds" ] || limit=(-max_total_time="$seconds")
  local start=$SECONDS status=0
  "build/fuzz/tests/fuzz/${service}_fuzzer" "${limit[@]}" \
    -dict=tests/fuzz/forum.dict -max_len=8192 -timeout=30 -rss_limit_mb=4096 -entropic=0 \
    -print_final_stats=1 -artifact_prefix="$findings/" \
    "$work" "tests/fuzz/corpus/$service" "tests/fuzz/regressions/$service" \
    > "build/fuzz/$service.log" 2>&1 || status=$?
  echo $((SECONDS - start)) > "build/fuzz/$service.seconds"
  return $status
}

summarize() {
  local service="$1" log="build/fuzz/$1.log"
  local execs per_sec edges rss
  # A target that died before its first report has none of these lines.
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1 || true)
  per_sec=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1 || true)
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1 || true)
  edges=$( (grep -o 'cov: [0-9]*' "$log" || true) | tail -1 | cut -d' ' -f2)
  printf '%-12s %9s executions in %6s s %6s/s %7s edges %5s MB peak\n' "$service" \
    "${execs:-?}" "$(cat "build/fuzz/$service.seconds" 2>/dev/null || echo ?)" "${per_sec:-?}" \
    "${edges:-?}" "${rss:-?}"
}

mkdir -p build/fuzz
rm -f build/fuzz/*.failed
export -f run_one
export runs seconds
failed=()
# Two targets at a time: the machine has two cores.
printf '%s\n' "${services[@]}" |
  xargs -P 2 -I{} bash -c 'run_one "$1" || touch "build/fuzz/$1.failed"' _ {}

: > build/fuzz/summary.txt
for s in "${services[@]}"; do
  summarize "$s" | tee -a build/fuzz/summary.txt
  if [ -e "build/fuzz/$s.failed" ]; then
    rm -f "build/fuzz/$s.failed"
    failed+=("$s")
    echo "--- $s failed; the end of build/fuzz/$s.log:" >&2
    tail -40 "build/fuzz/$s.log" >&2
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: ${failed[*]} failed; inputs in build/fuzz/findings/" >&2
  exit 1
fi
echo "fuzz: ${#services[@]} targets ran clean"
