#!/usr/bin/env bash
# The one way this project starts an MPI job: mpirun with the flags it needs here, then your command.
#
# Usage: sourcead-mpirun.sh -np N [more mpirun options] dotnet App.dll [app options]
#
#   --oversubscribe       allow more ranks than cores (the 2-core development and CI machines run 2 ranks plus the
#                         test host; Open MPI otherwise refuses to start).
#   --allow-run-as-root   only when running as root (CI runs as root in a fresh container; Open MPI refuses root
#                         otherwise).
#   --bind-to none        leave thread placement to the OS: each rank runs a multi-threaded .NET runtime and CPU
#                         backend, and Open MPI's default (one core per rank) would pin all of a rank's threads to one.
#   OMPI_MCA_opal_signal= keep .NET's SIGSEGV handler (also set by MpiCommunicator itself).
#   OMPI_MCA_btl_vader_single_copy_mechanism=none (unless set): shared-memory messages by copy-in/copy-out instead of
#                         cross-memory attach (process_vm_readv). On the development VM CMA halved all-reduce bandwidth
#                         (4.0 vs 8.7 GB/s at 256 KiB) and stalled some sizes for milliseconds; containers often forbid it.
# It installs Open MPI first when it is missing (ensure-openmpi.sh, a no-op when present). Extra MPI options go after
# -np N (e.g. --tag-output to prefix every line with its rank).
set -euo pipefail
readonly HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$HERE/ensure-openmpi.sh" >&2
command -v mpirun >/dev/null 2>&1 || { echo "sourcead-mpirun: error: mpirun (Open MPI) is not installed: apt-get install -y openmpi-bin libopenmpi-dev" >&2; exit 127; }
flags=(--oversubscribe --bind-to none)
(( EUID == 0 )) && flags+=(--allow-run-as-root)
export OMPI_MCA_opal_signal=""
export OMPI_MCA_btl_vader_single_copy_mechanism="${OMPI_MCA_btl_vader_single_copy_mechanism:-none}"
exec mpirun "${flags[@]}" "$@"
