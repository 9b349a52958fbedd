#!/usr/bin/env python3
"""Mark one version requirement of an ELF64 little-endian shared object as weak (VER_FLG_WEAK).

Usage: elf_weaken_version.py FILE VERSION [--check]

In .gnu.version_r every required version (Elf64_Vernaux) carries flags; with VER_FLG_WEAK set, the dynamic loader
no longer refuses to load the object when the library it names lacks that version. Standard library only, so it runs
on a bare Debian 12 with python3. Exit codes: 0 done (or, with --check, already weak), 1 not weak yet (--check),
2 the version is not required by FILE, 3 FILE is not an ELF64 little-endian object with .gnu.version_r.
"""
import struct
import sys

SHT_GNU_VERNEED = 0x6FFFFFFE
VER_FLG_WEAK = 0x2


def find_vernaux(data, version):
    """Return the file offset of the Elf64_Vernaux whose name is `version`, or None."""
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise ValueError("not an ELF64 little-endian file")
    e_shoff, = struct.unpack_from("<Q", data, 0x28)
    e_shentsize, e_shnum = struct.unpack_from("<HH", data, 0x3A)

    def section(i):
        # sh_name, sh_type, sh_flags, sh_addr, sh_offset, sh_size, sh_link, sh_info
        return struct.unpack_from("<IIQQQQII", data, e_shoff + i * e_shentsize)

    for i in range(e_shnum):
        _, sh_type, _, _, sh_offset, _, sh_link, sh_info = section(i)
        if sh_type != SHT_GNU_VERNEED:
            continue
        strtab = section(sh_link)[4]
        need = sh_offset
        for _ in range(sh_info):
            # Elf64_Verneed: vn_version, vn_cnt, vn_file, vn_aux, vn_next
            _, vn_cnt, _, vn_aux, vn_next = struct.unpack_from("<HHIII", data, need)
            aux = need + vn_aux
            for _ in range(vn_cnt):
                # Elf64_Vernaux: vna_hash, vna_flags, vna_other, vna_name, vna_next
                _, _, _, vna_name, vna_next = struct.unpack_from("<IHHII", data, aux)
                start = strtab + vna_name
                name = data[start:data.index(b"\0", start)].decode("ascii")
                if name == version:
                    return aux
                aux += vna_next
            need += vn_next
        return None
    raise ValueError("no .gnu.version_r section")


def main(argv):
    if len(argv) not in (3, 4) or (len(argv) == 4 and argv[3] != "--check"):
        print(__doc__, file=sys.stderr)
        return 64
    path, version, check = argv[1], argv[2], len(argv) == 4
    with open(path, "rb") as f:
        data = bytearray(f.read())
    try:
        aux = find_vernaux(data, version)
    except ValueError as e:
        print(f"elf_weaken_version: {path}: {e}", file=sys.stderr)
        return 3
    if aux is None:
        return 2
    flags_at = aux + 4
    flags, = struct.unpack_from("<H", data, flags_at)
    if flags & VER_FLG_WEAK:
        return 0
    if check:
        return 1
    struct.pack_into("<H", data, flags_at, flags | VER_FLG_WEAK)
    with open(path, "r+b") as f:
        f.seek(flags_at)
        f.write(data[flags_at:flags_at + 2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
