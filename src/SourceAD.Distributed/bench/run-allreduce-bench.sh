#!/usr/bin/env bash
# All-reduce bandwidth on this machine's loopback (shared memory between 2 local ranks): the C baseline
# (allreduce_baseline.c, compiled here with mpicc into a temporary folder) and SourceAD.Distributed measured with the
# same loop (tests/SourceAD.Distributed.Worker, scenario "bench": the library's MPI_Allreduce through the P/Invoke
# binding, and the deterministic reduce-scatter + all-gather of GradientAllReduce). Run from anywhere; builds the worker in Release.
#
# Usage: run-allreduce-bench.sh [RANKS=2] [ITERS=50]
set -euo pipefail
readonly HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly ROOT="$(cd "$HERE/../../.." && pwd)"
readonly RANKS="${1:-2}" ITERS="${2:-50}"
readonly LAUNCH="$ROOT/src/SourceAD.Distributed/buildTransitive/sourcead-mpirun.sh"
bash "$ROOT/src/SourceAD.Distributed/buildTransitive/ensure-openmpi.sh"
BIN="$(mktemp -d)"
trap 'rm -rf "$BIN"' EXIT
mpicc -O2 -o "$BIN/allreduce_baseline" "$HERE/allreduce_baseline.c"
dotnet build -c Release -v q --nologo "$ROOT/tests/SourceAD.Distributed.Worker" >/dev/null
"$LAUNCH" -np "$RANKS" "$BIN/allreduce_baseline" "$ITERS"
"$LAUNCH" -np "$RANKS" dotnet "$ROOT/tests/SourceAD.Distributed.Worker/bin/Release/net10.0/SourceAD.Distributed.Worker.dll" bench "$ITERS"
