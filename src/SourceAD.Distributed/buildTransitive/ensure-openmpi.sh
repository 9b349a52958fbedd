#!/usr/bin/env bash
# Makes sure Open MPI (the runtime library libmpi.so.40, mpirun, and mpicc for the C baseline benchmark) is installed.
#
# Usage: ensure-openmpi.sh
#
# It does nothing (and runs in milliseconds) when mpirun and libmpi.so.40 are present, or outside Linux. Otherwise it
# installs Debian's openmpi-bin and libopenmpi-dev with apt-get when running as root or with passwordless sudo (after
# `apt-get update` if the first try fails), one installer at a time (flock). Where it cannot install, it prints a
# warning naming the packages and exits 0: only distributed runs need MPI, and they fail with a message that says the
# same thing, so a build that never launches one is not stopped.
set -euo pipefail

readonly PACKAGES=(openmpi-bin libopenmpi-dev)
log() { echo "ensure-openmpi: $*"; }
warn() { echo "ensure-openmpi: warning: $*" >&2; exit 0; }

[[ "$(uname -s)" == Linux ]] || exit 0

have_openmpi() {
    command -v mpirun >/dev/null 2>&1 || return 1
    local ldconfig
    for ldconfig in ldconfig /sbin/ldconfig /usr/sbin/ldconfig; do
        if command -v "$ldconfig" >/dev/null 2>&1 && "$ldconfig" -p 2>/dev/null | grep -q 'libmpi\.so\.40 '; then return 0; fi
    done
    [[ -e /usr/lib/x86_64-linux-gnu/libmpi.so.40 || -e /usr/lib/aarch64-linux-gnu/libmpi.so.40 ]]
}

have_openmpi && exit 0

sudo=()
if (( EUID != 0 )); then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo=(sudo -n); else
        warn "Open MPI is missing and this user cannot install it. Distributed training needs it: apt-get install -y ${PACKAGES[*]}"
    fi
fi
command -v apt-get >/dev/null 2>&1 || warn "Open MPI is missing and apt-get is not available. Install Open MPI 4.x (mpirun, libmpi.so.40) by hand."
log "installing ${PACKAGES[*]} with apt-get"
# Projects build in parallel; one apt-get at a time, and the second one finds the packages installed.
(
    flock -w 900 9 || warn "timed out waiting for the install lock"
    have_openmpi && exit 0
    export DEBIAN_FRONTEND=noninteractive
    apt=("${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 -y -q --no-install-recommends)
    "${apt[@]}" install "${PACKAGES[@]}" >/dev/null 2>&1 ||
        { "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 -q update >/dev/null 2>&1 && "${apt[@]}" install "${PACKAGES[@]}" >/dev/null; } ||
        warn "apt-get could not install ${PACKAGES[*]}; install them by hand for distributed training."
) 9>"${TMPDIR:-/tmp}/sourcead-ensure-openmpi.lock"
have_openmpi && log "Open MPI installed ($(mpirun --version 2>/dev/null | head -n1))" ||
    warn "Open MPI is still missing after apt-get install."
