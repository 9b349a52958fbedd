#!/usr/bin/env bash
# Makes the TorchSharp glue library in a build output folder load on Debian 12 (glibc 2.36, libstdc++ of GCC 12).
#
# Usage: fix-libtorchsharp.sh OUTPUT_DIR
#
# TorchSharp-cpu 0.107.0 ships libLibTorchSharp.so built with GCC 13. It requires the symbol version GLIBCXX_3.4.32,
# which Debian 12's libstdc++ lacks (it stops at 3.4.30), so dlopen fails. The only symbol of that version is
# std::ios_base_library_init(), GCC 13's iostream-init hook. For every libLibTorchSharp.so under OUTPUT_DIR (never the
# NuGet cache: the file is copied, patched, then moved over the output copy) this script
#   1. clears that symbol's version (patchelf --clear-symbol-version),
#   2. adds a DT_NEEDED on a no-op shim that defines the symbol (built from ios_base_library_init_shim.c, placed next
#      to the glue library, which finds it through its RUNPATH $ORIGIN),
#   3. sets VER_FLG_WEAK on the GLIBCXX_3.4.32 entry of .gnu.version_r (elf_weaken_version.py).
# It does nothing where the system libstdc++ already provides GLIBCXX_3.4.32, or outside Linux x86-64, and it is
# idempotent: a patched file is recognized by the SHA-256 recorded beside it. Missing tools (patchelf, gcc, python3)
# are installed with apt-get when running as root (or with passwordless sudo); otherwise it fails saying what to install.
set -euo pipefail

readonly OUT_DIR="${1:?usage: fix-libtorchsharp.sh OUTPUT_DIR}"
readonly HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly VERSION=GLIBCXX_3.4.32
readonly SYMBOL=_ZSt21ios_base_library_initv
readonly SHIM=libsourcead_ios_base_library_init.so
readonly STAMP_SUFFIX=.sourcead-patched
TEMP_FILES=()
trap 'rm -f "${TEMP_FILES[@]}"' EXIT
log() { echo "fix-libtorchsharp: $*"; }
fail() { echo "fix-libtorchsharp: error: $*" >&2; exit 1; }

[[ "$(uname -s)" == Linux && "$(uname -m)" == x86_64 ]] || exit 0
[[ -d "$OUT_DIR" ]] || exit 0

mapfile -t GLUE_LIBS < <(find "$OUT_DIR" -type f -name libLibTorchSharp.so 2>/dev/null | sort)
(( ${#GLUE_LIBS[@]} > 0 )) || exit 0

# The libstdc++ the dynamic loader would pick for a process started from this machine.
find_libstdcxx() {
    local ldconfig path
    for ldconfig in ldconfig /sbin/ldconfig /usr/sbin/ldconfig; do
        if command -v "$ldconfig" >/dev/null 2>&1; then
            path="$("$ldconfig" -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64/ { print $NF; exit }')"
            if [[ -n "$path" && -e "$path" ]]; then echo "$path"; return; fi
        fi
    done
    for path in /usr/lib/x86_64-linux-gnu/libstdc++.so.6 /lib/x86_64-linux-gnu/libstdc++.so.6 /usr/lib64/libstdc++.so.6; do
        if [[ -e "$path" ]]; then echo "$path"; return; fi
    done
}

# SOURCEAD_LIBSTDCXX overrides the lookup (to test the no-op path).
LIBSTDCXX="${SOURCEAD_LIBSTDCXX:-$(find_libstdcxx || true)}"
if [[ -n "$LIBSTDCXX" ]] && grep -qa "$VERSION" "$(readlink -f "$LIBSTDCXX")"; then
    exit 0   # libstdc++ of GCC 13 or newer: TorchSharp loads as shipped.
fi

is_patched() {
    local glue="$1"
    [[ -f "$glue$STAMP_SUFFIX" && -f "$(dirname "$glue")/$SHIM" ]] &&
        [[ "$(sha256sum "$glue" | cut -d' ' -f1)" == "$(cat "$glue$STAMP_SUFFIX")" ]]
}

ensure_tools() {
    local missing=()
    command -v patchelf >/dev/null 2>&1 || missing+=(patchelf)
    command -v gcc >/dev/null 2>&1 || missing+=(gcc)
    command -v python3 >/dev/null 2>&1 || missing+=(python3)
    (( ${#missing[@]} == 0 )) && return
    local sudo=()
    if (( EUID != 0 )); then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo=(sudo -n); else
            fail "TorchSharp needs a patch to load on this system (libstdc++ lacks $VERSION), and these tools are missing: ${missing[*]}. Install them (apt-get install -y ${missing[*]}) or run the build as root."
        fi
    fi
    command -v apt-get >/dev/null 2>&1 ||
        fail "missing tools: ${missing[*]}, and apt-get is not available to install them. Install them by hand."
    log "installing ${missing[*]} with apt-get"
    # Projects build in parallel; one apt-get at a time.
    (
        flock -w 600 9 || fail "timed out waiting for the apt lock file"
        export DEBIAN_FRONTEND=noninteractive
        local apt=("${sudo[@]}" apt-get -o DPkg::Lock::Timeout=300 -y -q --no-install-recommends)
        "${apt[@]}" install "${missing[@]}" >/dev/null 2>&1 ||
            { "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=300 -q update >/dev/null 2>&1 && "${apt[@]}" install "${missing[@]}" >/dev/null; } ||
            fail "apt-get could not install ${missing[*]}; install them by hand, or make libstdc++ with $VERSION (GCC 13+) available."
    ) 9>"${TMPDIR:-/tmp}/sourcead-fix-libtorchsharp.lock"
    for tool in patchelf gcc python3; do
        command -v "$tool" >/dev/null 2>&1 || fail "$tool is still missing after apt-get install."
    done
}

patch_one() {
    local glue="$1" dir tmp rc
    dir="$(dirname "$glue")"
    rc=0; python3 "$HERE/elf_weaken_version.py" "$glue" "$VERSION" --check || rc=$?
    case "$rc" in
        0|1) ;;
        2) return 0 ;;   # this build of the glue library does not need GLIBCXX_3.4.32
        *) fail "cannot read the ELF version tables of $glue" ;;
    esac
    TEMP_FILES+=("$dir/$SHIM.tmp$$")
    # -nostdlib: the no-op needs neither libc nor the C runtime start files (libc6-dev), only gcc and binutils.
    gcc -shared -fPIC -O2 -nostdlib -o "$dir/$SHIM.tmp$$" "$HERE/ios_base_library_init_shim.c" || fail "gcc could not build the shim"
    mv -f "$dir/$SHIM.tmp$$" "$dir/$SHIM"
    # Patch a private copy and move it into place: the output copy may be a hard link into the NuGet cache.
    tmp="$(mktemp "$dir/.libLibTorchSharp.so.XXXXXX")"
    TEMP_FILES+=("$tmp")
    cp "$glue" "$tmp"
    patchelf --clear-symbol-version "$SYMBOL" "$tmp" || fail "patchelf --clear-symbol-version failed on $glue"
    if ! patchelf --print-needed "$tmp" | grep -qx "$SHIM"; then
        patchelf --add-needed "$SHIM" "$tmp" || fail "patchelf --add-needed failed on $glue"
    fi
    python3 "$HERE/elf_weaken_version.py" "$tmp" "$VERSION" || fail "could not mark $VERSION weak in $glue"
    chmod 755 "$tmp"
    mv -f "$tmp" "$glue"
    sha256sum "$glue" | cut -d' ' -f1 >"$glue$STAMP_SUFFIX"
    log "patched $glue (libstdc++ ${LIBSTDCXX:-not found} lacks $VERSION)"
}

PENDING=()
for glue in "${GLUE_LIBS[@]}"; do
    is_patched "$glue" || PENDING+=("$glue")
done
(( ${#PENDING[@]} > 0 )) || exit 0
ensure_tools
for glue in "${PENDING[@]}"; do
    patch_one "$glue"
done
