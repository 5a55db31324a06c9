#!/usr/bin/env bash
# Runner-overhead benchmark for the LLM judges (issue #4).
# Starts a local stand-in OpenAI-compatible server that answers every request after 250 ms, then times
#   ./spec-cxr evaluate --judge openai:stand-in --base-url http://127.0.0.1:PORT/v1 ... --concurrency 20
# end to end (JVM start, reading, 200 calls, scoring, writing every output file) over 200 distinct pairs.
# Ideal: 200 / 20 x 0.25 s = 2.5 s. Requirement: within 2x (5.0 s); goal 1.2x (3.0 s).
# Usage: bench/llm-runner.sh [PAIRS] [CONCURRENCY] [DELAY_MS] [REPEATS]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
pairs="${1:-200}"; conc="${2:-20}"; delay="${3:-250}"; repeats="${4:-3}"

# build the jar (the launcher does it when sources changed) and the stand-in server (test classes)
./spec-cxr --version >/dev/null
tc=llm/target/test-classes
if [ ! -f $tc/org/speccxr/judge/llm/StandInServer.class ] \
   || [ -n "$(find llm/src/test/java/org/speccxr/judge/llm/StandInServer.java -newer $tc/org/speccxr/judge/llm/StandInServer.class)" ]; then
  ./mvnw -q -o -B test-compile
fi
jar="$(ls cli/target/spec-cxr-cli-*-all.jar | head -1)"

work="$(mktemp -d)"
fifo="$work/stdin"; mkfifo "$fifo"
cleanup() { exec 9>&- 2>/dev/null || true; [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# 200 distinct pairs built from the example reports
{
  echo "id,model,reference,candidate"
  tail -n +2 examples/pairs.csv | awk -v n="$pairs" -F'"' '
    { refs[NR] = $2; cands[NR] = $4; m = NR }
    END { for (i = 1; i <= n; i++) { k = (i - 1) % m + 1;
          printf "b%04d,bench,\"%s Study %d.\",\"%s Study %d.\"\n", i, refs[k], i, cands[k], i } }'
} > "$work/pairs.csv"

java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$jar:$tc" org.speccxr.judge.llm.StandInServer --delay-ms "$delay" \
  <"$fifo" >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
exec 9>"$fifo"
for _ in $(seq 1 100); do grep -q '^PORT=' "$work/server.out" 2>/dev/null && break; sleep 0.1; done
port="$(sed -n 's/^PORT=//p' "$work/server.out")"
[ -n "$port" ] || { echo "stand-in server did not start" >&2; cat "$work/server.err" >&2; exit 1; }

ideal="$(awk -v p="$pairs" -v c="$conc" -v d="$delay" 'BEGIN { printf "%.2f", (p / c) * d / 1000 }')"
echo "benchmark: $pairs pairs, concurrency $conc, stand-in answers in $delay ms; ideal ${ideal} s; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
best=""
for r in $(seq 1 "$repeats"); do
  rm -rf "$work/out" "$work/cache.sqlite"*
  start=$(date +%s.%N)
  ./spec-cxr evaluate --judge openai:stand-in --base-url "http://127.0.0.1:$port/v1" --input "$work/pairs.csv" \
    --out "$work/out" --concurrency "$conc" --cache "$work/cache.sqlite" --no-progress 2>"$work/run.err"
  end=$(date +%s.%N)
  secs="$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')"
  records="$(wc -l < "$work/out/evaluations.jsonl")"
  judged="$(sed -n 's/.* in \([0-9.]*\) s;.*/\1/p' "$work/run.err" | head -1)"
  echo "run $r: ${secs} s end to end ($(awk -v s="$secs" -v i="$ideal" 'BEGIN { printf "%.2f", s / i }')x ideal; requests ${judged} s), $records records"
  if [ -z "$best" ] || awk -v s="$secs" -v b="$best" 'BEGIN { exit !(s < b) }'; then best="$secs"; fi
done
# a repeated run answers everything from the cache
start=$(date +%s.%N)
./spec-cxr evaluate --judge openai:stand-in --base-url "http://127.0.0.1:$port/v1" --input "$work/pairs.csv" \
  --out "$work/out2" --concurrency "$conc" --cache "$work/cache.sqlite" --no-progress 2>>"$work/run.err"
end=$(date +%s.%N)
cached="$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')"
# identical but for when the header was written
strip_created() { sed 's/"created":"[^"]*",//' "$1"; }
cmp -s <(strip_created "$work/out/evaluations.jsonl") <(strip_created "$work/out2/evaluations.jsonl") \
  && same=identical || same=DIFFERENT
echo "cached rerun: ${cached} s, evaluations.jsonl $same"
# the same work with the JVM already warm and no output files: the runner's own overhead
java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$jar:$tc" \
  org.speccxr.judge.llm.WarmRunnerBench "$pairs" "$conc" "$delay" 4
echo "best: ${best} s = $(awk -v s="$best" -v i="$ideal" 'BEGIN { printf "%.2f", s / i }')x ideal (requirement <= 2.0x, goal <= 1.2x)"
awk -v s="$best" -v i="$ideal" 'BEGIN { exit !(s <= 2 * i) }'
