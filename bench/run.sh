#!/usr/bin/env bash
# Benchmarks and measurements of the rules judge on the shared data (../shared/data/raw, not in the repository).
#   bench/run.sh openi [test|train] [noerrors|errors] [uncertain-positive|uncertain-negative] [interval]
#                                       OpenI gold standard (NegBio), 14 ChestX-ray14 labels; interval: 95% bootstrap
#   bench/run.sh openi-cli [test|train] the same through the shipped command: ./spec-cxr label --labelset chestxray14
#   bench/run.sh metamorphic [N]        metamorphic suite on N real reports outside the OpenI test split
#   bench/run.sh identity               every IU report against itself and against a lower-case " . " copy
#   bench/run.sh real                   MoERad + MRG_RL pairs through ./spec-cxr evaluate (worked example)
#   bench/run.sh speed                  2,360 real pairs (MoERad x 4), whole ./spec-cxr command timed, 5 runs
#   bench/run.sh gold [examples] [--pairs P.csv --gold G.jsonl]
#                                       rules judge against the hand-annotated dev gold (../shared/data/gold), or another
#   bench/run.sh coverage [N]           share of the IU reports fully covered by the entity set (N: uncovered shown)
#   bench/run.sh coverage-cli           the same through the shipped command: ./spec-cxr coverage
#   bench/run.sh mesh [errors ENTITY]   rules extraction against the reports' MeSH coding, per entity (tuning split)
#   bench/run.sh synthetic [examples] [FILE]  rules extraction against 680 reports written for the project (MIMIC-CXR,
#                                       generator, British, ICU, dictation, oncology, trauma...), or against FILE
# Generated pair files go to bench-out/ (git-ignored): the report text's licence forbids committing copies.
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${SPEC_CXR_SHARED:-../shared}"
if [ ! -f "$shared/data/raw/iu_xray_kaggle/indiana_reports.csv" ]; then
  echo "bench: shared data not found at $shared/data/raw (set SPEC_CXR_SHARED)" >&2; exit 1
fi
export SPEC_CXR_SHARED="$shared"
# the benchmarks live in the core module's tests: the rules judge and scoring need nothing else
./mvnw -q -B -pl core test-compile >/dev/null
cpfile=core/target/bench-classpath.txt
[ -f "$cpfile" ] && [ "$cpfile" -nt core/pom.xml ] && [ "$cpfile" -nt pom.xml ] \
  || ./mvnw -q -B -pl core dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$(pwd)/$cpfile" >/dev/null
cp="core/target/test-classes:core/target/classes:$(cat "$cpfile")"
mkdir -p bench-out
case "${1:-}" in
  openi) shift; java -cp "$cp" org.speccxr.bench.OpenIGold "${@:-test}" ;;
  openi-cli)
    split="${2:-test}"
    java -cp "$cp" org.speccxr.bench.OpenIGold export "$split" "bench-out/openi-$split.csv"
    ./spec-cxr label --input "bench-out/openi-$split.csv" --out "bench-out/openi-$split-labels.csv" --labelset chestxray14
    java -cp "$cp" org.speccxr.bench.OpenIGold score "$split" "bench-out/openi-$split-labels.csv" ;;
  identity) java -cp "$cp" org.speccxr.bench.IdentityBench ;;
  metamorphic) java -cp "$cp" org.speccxr.bench.MetamorphicBench "${2:-500}" 7 ;;
  real)
    java -cp "$cp" org.speccxr.bench.RealPairs bench-out/real-pairs.csv both 1
    ./spec-cxr evaluate --input bench-out/real-pairs.csv --out bench-out/real ;;
  speed)
    java -cp "$cp" org.speccxr.bench.RealPairs bench-out/speed-pairs.csv moerad 4
    ./spec-cxr entities >/dev/null   # build the jar first, so its build is not timed
    TIMEFORMAT="%R s wall (%U s user)"
    for i in 1 2 3 4 5; do
      time ./spec-cxr evaluate --input bench-out/speed-pairs.csv --out bench-out/speed 2>/dev/null
    done ;;
  gold) shift; java -cp "$cp" org.speccxr.bench.GoldAgreement "$@" ;;
  coverage) java -cp "$cp" org.speccxr.bench.CoverageBench show "${2:-0}" ;;
  coverage-cli)
    java -cp "$cp" org.speccxr.bench.CoverageBench export bench-out/iu-reports.csv
    # the launcher's jar lookup fails under pipefail before the first build, so build the jar here when missing
    compgen -G "cli/target/spec-cxr-cli-*-all.jar" >/dev/null || ./mvnw -q -B -DskipTests package >/dev/null
    ./spec-cxr coverage --input bench-out/iu-reports.csv --entities spec-cxr --entities chexpert14 ;;
  mesh) shift; java -cp "$cp" org.speccxr.bench.MeshAgreement "$@" ;;
  synthetic) shift; java -cp "$cp" org.speccxr.bench.SyntheticReports "$@" ;;
  *) sed -n '2,16p' "$0"; exit 2 ;;
esac
