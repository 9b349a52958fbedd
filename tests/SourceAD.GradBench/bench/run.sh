#!/usr/bin/env bash
# The README's benchmark: each eval through GradBench's relay.py, SourceAD then manual, back to back.
#   dotnet publish tests/SourceAD.GradBench -c Release -o /tmp/gbrel
#   /work/shared/gradbench/setup.sh /tmp/gradbench
#   OUT=/tmp/gbruns/default tests/SourceAD.GradBench/bench/run.sh     (EVALS="gmm lstm" to pick evals, GBREL=… another build)
#   python3 tests/SourceAD.GradBench/bench/summarize.py /tmp/gbruns/default
# The workloads below are subsets of GradBench's defaults that the loaded 2-core development machine finished
# (README, "Results"), each with the default's largest size; drop an eval's arguments for its full default list.
set -u
out=${OUT:-/tmp/gbruns/default}; mkdir -p $out
cd ${GRADBENCH:-/tmp/gradbench} && export PYTHONPATH=$PWD/python/gradbench:$PWD/.deps
E=python/gradbench/gradbench/evals
S="--min-seconds 0.2"
declare -A args=(
  [lse]="-n 2500 80000 1280000" [llsq]="" [det]="-l 5 7 9 11" [ode]="-n 1000 100000 -s 1 100" [lstm]="-l 2 6 -c 1024 8192"
  [gmm]="-d 2 64 -k 5 100" [ba]="--min 12 --max 14"
  [ht_simple]="--min 7 --max 11 --variant simple" [ht_complicated]="--min 7 --max 11 --variant complicated"
  [hello]="" [kmeans]="" [particle]="" [saddle]=""
)
for e in ${EVALS:-hello llsq lstm ht_complicated gmm ba det ode ht_simple lse kmeans particle saddle}; do
  mod=${e%%_*}
  a=${args[$e]}; v=ARGS_$e; [ -n "${!v+x}" ] && a=${!v}   # ARGS_gmm="-d 2 -k 5" overrides an eval's workloads
  for tool in ${TOOLS:-sourcead manual}; do
    # manual implements neither particle nor saddle (their run.py checks the evals' own expected outputs).
    if [ $tool = manual ] && { [ $mod = particle ] || [ $mod = saddle ]; }; then continue; fi
    if [ $tool = sourcead ]; then T="dotnet ${GBREL:-/tmp/gbrel}/SourceAD.GradBench.dll"; else T="python3 python/gradbench/gradbench/cpp.py manual"; fi
    echo "== $e $tool $(date +%T) $a"
    timeout ${LIMIT:-400} python3 relay.py "python3 $E/$mod/run.py $a" "$T" $out/$e.$tool.jsonl > $out/$e.$tool.txt 2>&1
    echo "rc=$? $(tail -1 $out/$e.$tool.txt)"
  done
done
echo ALLDONE
