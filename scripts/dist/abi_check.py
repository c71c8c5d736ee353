#!/usr/bin/env python3
"""The ABI gate for shipped Linux artifacts.

For each artifact given (a wheel, an npm tarball, or an ELF file: `.so`, `.node`), every ELF
shared object inside it is read with `readelf` (binutils; it reads any architecture):

- glibc artifacts: no versioned symbol above `--max-glibc` (default 2.17, manylinux2014) in
  `GLIBC_*`, and the only libraries they need are glibc's own;
- musl artifacts (`musllinux` wheels, `-musl` npm packages): no `GLIBC_*` symbol at all;
- the ELF machine matches the architecture the file name claims;
- wheels: the tags in `*.dist-info/WHEEL` and in the file name are abi3 and the platform tags
  `--wheel-tags` lists (default: manylinux2014 and manylinux_2_17 for x86_64).

Prints one line per ELF file (size, machine, highest GLIBC version) and exits 1 on any failure.
Standard library only.
"""

from __future__ import annotations

import argparse
import io
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

# What glibc ships as separate libraries; anything else is a dependency the user may not have.
GLIBC_LIBS = re.compile(r"^(libc|libm|libdl|libpthread|librt|libutil|ld-linux[-a-z0-9_]*|libgcc_s)\.so\.[0-9.]+$")
MUSL_LIBS = re.compile(r"^(libc\.musl-[a-z0-9_]+\.so\.1|libc\.so|libgcc_s\.so\.1)$")
MACHINES = {"x86_64": "Advanced Micro Devices X86-64", "aarch64": "AArch64", "wasm32": None}


def version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def elf_members(artifact: Path, scratch: Path) -> list[tuple[str, Path]]:
    """(name inside the artifact, extracted path) of every ELF file the artifact holds."""
    found: list[tuple[str, Path]] = []

    def keep(name: str, data: bytes) -> None:
        if data[:4] == b"\x7fELF":
            target = scratch / f"{len(found)}-{Path(name).name}"
            target.write_bytes(data)
            found.append((name, target))

    if artifact.suffix == ".whl":
        with zipfile.ZipFile(artifact) as wheel:
            for info in wheel.infolist():
                keep(info.filename, wheel.read(info))
    elif artifact.name.endswith((".tgz", ".tar.gz")):
        with tarfile.open(artifact) as tar:
            for member in tar.getmembers():
                extracted = tar.extractfile(member) if member.isfile() else None
                if extracted is not None:
                    keep(member.name, extracted.read())
    else:
        keep(artifact.name, artifact.read_bytes())
    return found


def readelf(flag: str, path: Path) -> str:
    return subprocess.run(["readelf", "-W", flag, str(path)], check=True, capture_output=True, text=True).stdout


def expected_arch(name: str) -> str:
    lowered = name.lower()
    if "aarch64" in lowered or "arm64" in lowered:
        return "aarch64"
    return "x86_64"


def check_wheel_tags(wheel: Path, wanted: list[str]) -> list[str]:
    problems = []
    with zipfile.ZipFile(wheel) as archive:
        (wheel_file,) = [n for n in archive.namelist() if n.endswith(".dist-info/WHEEL")]
        tags = re.findall(r"^Tag: (\S+)$", archive.read(wheel_file).decode(), flags=re.M)
    name_tags = wheel.name.removesuffix(".whl").split("-")
    python, abi, platforms = name_tags[-3], name_tags[-2], name_tags[-1].split(".")
    if abi != "abi3" or not python.startswith("cp3"):
        problems.append(f"{wheel.name}: not an abi3 CPython wheel ({python}-{abi})")
    for tag in wanted:
        if tag not in platforms:
            problems.append(f"{wheel.name}: the file name lacks the platform tag {tag} (has {platforms})")
        if f"{python}-abi3-{tag}" not in tags:
            problems.append(f"{wheel.name}: WHEEL lacks Tag: {python}-abi3-{tag} (has {tags})")
    extra = [p for p in platforms if p not in wanted]
    if extra:
        problems.append(f"{wheel.name}: unexpected platform tags {extra}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("artifacts", nargs="+", type=Path)
    parser.add_argument("--max-glibc", default="2.17")
    parser.add_argument("--wheel-tags", default="manylinux2014_x86_64,manylinux_2_17_x86_64",
                        help="comma-separated platform tags every x86_64 glibc wheel must carry")
    parser.add_argument("--aarch64-wheel-tags", default="manylinux2014_aarch64,manylinux_2_17_aarch64")
    parser.add_argument("--musl-wheel-tags", default="musllinux_1_2_x86_64")
    args = parser.parse_args()
    ceiling = version_tuple(args.max_glibc)
    problems: list[str] = []
    for artifact in args.artifacts:
        if not artifact.is_file():
            problems.append(f"{artifact}: missing")
            continue
        musl = "musl" in artifact.name
        if artifact.suffix == ".whl":
            arch = expected_arch(artifact.name)
            wanted = args.musl_wheel_tags if musl else args.aarch64_wheel_tags if arch == "aarch64" else args.wheel_tags
            problems += check_wheel_tags(artifact, wanted.split(","))
        with tempfile.TemporaryDirectory() as scratch:
            members = elf_members(artifact, Path(scratch))
            if not members:
                problems.append(f"{artifact.name}: holds no ELF shared object")
            for name, path in members:
                header = readelf("-h", path)
                machine = re.search(r"Machine:\s+(.*)", header)
                machine_name = machine.group(1).strip() if machine else "?"
                arch = expected_arch(artifact.name)
                if MACHINES.get(arch) and machine_name != MACHINES[arch]:
                    problems.append(f"{artifact.name}:{name}: machine {machine_name}, expected {arch}")
                symbols = readelf("--dyn-syms", path)
                versions = sorted({v for v in re.findall(r"@@?GLIBC_([0-9.]+)", symbols)}, key=version_tuple)
                highest = versions[-1] if versions else "none"
                needed = re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", readelf("-d", path))
                libs = MUSL_LIBS if musl else GLIBC_LIBS
                for lib in needed:
                    if not libs.match(lib):
                        problems.append(f"{artifact.name}:{name}: needs {lib}, which is not part of the "
                                        f"{'musl' if musl else 'glibc'} base system")
                if musl and versions:
                    problems.append(f"{artifact.name}:{name}: a musl artifact with GLIBC_{highest} symbols")
                if not musl:
                    too_new = [v for v in versions if version_tuple(v) > ceiling]
                    if too_new:
                        offenders = sorted({m.group(1) for m in re.finditer(r"(\S+)@@?GLIBC_([0-9.]+)", symbols)
                                            if version_tuple(m.group(2)) > ceiling})
                        problems.append(f"{artifact.name}:{name}: GLIBC_{too_new[-1]} > {args.max_glibc} "
                                        f"({', '.join(offenders)})")
                print(f"{artifact.name}:{name}: {path.stat().st_size / 1024:.0f} KiB, {machine_name}, "
                      f"highest GLIBC_{highest}, needs {', '.join(needed) or 'nothing'}")
    for problem in problems:
        print("ABI check FAILED:", problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
