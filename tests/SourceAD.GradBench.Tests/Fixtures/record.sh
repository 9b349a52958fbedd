#!/usr/bin/env bash
# Records the fixtures: small workloads of every eval the tool implements, run by GradBench's golden `manual` tool
# through relay.py, stripped of timings and gzipped (one <eval>.jsonl.gz per run). Needs a GradBench work tree made
# by /work/shared/gradbench/setup.sh (default /tmp/gradbench).
#   record.sh [GRADBENCH_DIR] [TOOL_CMD]   TOOL_CMD defaults to manual; pass "dotnet …/SourceAD.GradBench.dll" to
#                                          record SourceAD's own session for comparison (written to /tmp, not here).
#   EVALS="kmeans particle" record.sh …      records only those evals.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
gb=${1:-/tmp/gradbench}
tool=${2:-python3 python/gradbench/gradbench/cpp.py manual}
logs=$(mktemp -d)
cd "$gb" && export PYTHONPATH=$PWD/python/gradbench:$PWD/.deps
E=python/gradbench/gradbench/evals
R="--min-runs 1 --min-seconds 0"
declare -A args=(
  [hello]=""
  [lse]="-n 8 100 $R"
  [llsq]="-n 16 40 -m 6 $R"
  [ode]="-n 40 100 -s 1 3 $R"
  [det]="-l 3 4 5 $R"
  [gmm]="-d 2 3 -k 2 3 -n 6 $R"
  [lstm]="-l 1 2 -c 4 $R"
  [ba]="--min 1 --max 2 $R"
  [ht_simple]="--max 1 --variant simple --model small $R"
  [ht_complicated]="--max 1 --variant complicated --model small $R"
  [kmeans]="-k 2 3 -n 10 20 -d 2 3 $R"
)
for e in hello lse llsq ode det gmm lstm ba ht_simple ht_complicated kmeans; do
  [[ " ${EVALS:-$e} " == *" $e "* ]] || continue
  mod=${e%%_*}
  python3 relay.py "python3 $E/$mod/run.py ${args[$e]}" "$tool" "$logs/$e.jsonl" | tail -1
  if [ "$tool" = "python3 python/gradbench/gradbench/cpp.py manual" ]; then
    python3 "$here/strip.py" "$logs/$e.jsonl" "$here/$e.jsonl.gz"
  fi
done
# particle and saddle: `manual` implements neither, and their evals validate against constants (expect() in run.py).
# The session is recorded with SourceAD's tool (SOURCEAD_TOOL, default: the Release build of tests/SourceAD.GradBench)
# and each evaluate response is replaced by the eval's expect() (strip_expected.py).
sourcead=${SOURCEAD_TOOL:-dotnet $here/../../SourceAD.GradBench/bin/Release/net10.0/SourceAD.GradBench.dll}
for e in particle saddle; do
  [[ " ${EVALS:-$e} " == *" $e "* ]] || continue
  python3 relay.py "python3 $E/$e/run.py $R" "$sourcead" "$logs/$e.jsonl" | tail -4
  if [ "$tool" = "python3 python/gradbench/gradbench/cpp.py manual" ]; then
    python3 "$here/strip_expected.py" "$e" "$logs/$e.jsonl" "$here/$e.jsonl.gz"
  fi
done
echo "logs in $logs"
