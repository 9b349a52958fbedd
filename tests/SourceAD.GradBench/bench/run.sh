#!/usr/bin/env bash
# The README's benchmark: each eval through GradBench's relay.py, SourceAD then manual, back to back.
#   dotnet publish tests/SourceAD.GradBench -c Release -o /tmp/gbrel
#   /work/shared/gradbench/setup.sh /tmp/gradbench
#   OUT=/tmp/gbruns/full tests/SourceAD.GradBench/bench/run.sh        (EVALS="gmm lstm" to pick; S="" for min_seconds 1)
#   python3 tests/SourceAD.GradBench/bench/summarize.py /tmp/gbruns/full
# The workloads below are what the loaded 2-core development machine finished (README, "Results"); GradBench's
# defaults are the evals' own (drop the arguments).
set -u
out=${OUT:-/tmp/gbruns/full}; mkdir -p $out
cd ${GRADBENCH:-/tmp/gradbench} && export PYTHONPATH=$PWD/python/gradbench:$PWD/.deps
E=python/gradbench/gradbench/evals
S=${S---min-seconds 0.2}
declare -A args=(
  [llsq]="-n 1024 4096 16392 $S" [det]="-l 7 9 10 $S" [ode]="-n 10000 -s 1 10 100 $S"
  [lstm]="-l 2 4 6 -c 1024 $S" [gmm]="-d 2 20 64 -k 10 $S" [ba]="--min 1 --max 3 $S"
  [ht_simple]="--min 9 --max 11 --variant simple $S" [ht_complicated]="--min 9 --max 11 --variant complicated $S"
)
for e in ${EVALS:-llsq det ode lstm gmm ba ht_simple ht_complicated}; do
  mod=${e%%_*}
  for tool in ${TOOLS:-sourcead manual}; do
    if [ $tool = sourcead ]; then T="dotnet /tmp/gbrel/SourceAD.GradBench.dll"; else T="python3 python/gradbench/gradbench/cpp.py manual"; fi
    echo "== $e $tool $(date +%T) ${args[$e]}"
    timeout ${LIMIT:-900} python3 relay.py "python3 $E/$mod/run.py ${args[$e]}" "$T" $out/$e.$tool.jsonl > $out/$e.$tool.txt 2>&1
    echo "rc=$? $(tail -1 $out/$e.$tool.txt)"
  done
done
echo ALLDONE
