#!/usr/bin/env bash
# Writes benches/startup_order.txt: the functions the release build runs to start, and so
# the ones `build.rs` places together at the front of the executable's code on Linux.
#
# The kernel maps an executable's code into memory as it is first run, 64 KiB around each
# page that is touched (fault-around), and unmaps all of it again at exit. Left where the
# compiler put them, the 40,000-odd instructions of `minipy -c pass` lie in about 70 such
# windows spread over 12 MB of code; placed together they fit in a few. See "Start-up" in
# docs/vm.md for the figures.
#
#   bash benches/startup_order.sh      profile target/release/minipy and rewrite the list
#
# Needs valgrind (callgrind) and nm. Each line of the list is a pattern for one function's
# name, with the parts that change with the compiler and the build's settings (the hash
# Rust appends to a name, a crate's disambiguator) left to a wildcard. A function renamed
# since the list was made is simply left where the compiler puts it; run this again after a
# change to what start-up does.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib.sh"
minipy="$(release_dir)/minipy"
if [[ ! -x "$minipy" ]]; then
    echo "startup_order.sh: no release build at $minipy (run \`cargo build --release\` first)" >&2
    exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# What start-up is: an empty program, and one that prints (the first write to stdout).
printf 'print("hello", 1 + 2)\n' > "$work/hello.py"
valgrind --tool=callgrind --dump-instr=yes --callgrind-out-file="$work/pass.cg" \
    "$minipy" -c pass > /dev/null 2>&1
valgrind --tool=callgrind --dump-instr=yes --callgrind-out-file="$work/hello.cg" \
    "$minipy" "$work/hello.py" > /dev/null 2>&1

"$python" - "$minipy" "$work/pass.cg" "$work/hello.cg" > "$here/startup_order.txt" <<'PY'
import bisect
import re
import subprocess
import sys

binary, profiles = sys.argv[1], sys.argv[2:]

# The executable's functions: start address, size, name.
functions = []
listing = subprocess.run(["nm", "-n", "-S", "--defined-only", binary],
                         capture_output=True, text=True, check=True).stdout
for line in listing.splitlines():
    fields = line.split()
    if len(fields) == 4 and fields[2] in "tTwW":
        functions.append((int(fields[0], 16), int(fields[1], 16), fields[3]))
functions.sort()
starts = [start for start, _, _ in functions]


def executed(profile):
    """The addresses of the instructions callgrind saw run. With --dump-instr=yes a cost
    line starts with its instruction's address: absolute (0x...), relative to the line
    before (+N, -N), or the same again (*)."""
    last = 0
    with open(profile) as f:
        for line in f:
            head = line.split(maxsplit=1)[0] if line.strip() else ""
            if head.startswith("0x"):
                last = int(head, 16)
            elif head[:1] in "+-" and head[1:].isdigit():
                last += int(head)
            elif head != "*":
                continue
            yield last


used = set()
for profile in profiles:
    for address in executed(profile):
        i = bisect.bisect_right(starts, address) - 1
        if i >= 0 and address < functions[i][0] + max(functions[i][1], 1):
            used.add(i)

# What build.rs matches a function's section by: a legacy-mangled Rust name with its hash
# left to a wildcard, a v0-mangled one (the standard library's) with each crate's
# disambiguator left to one, a C name as it is. Every name at a used function's address
# counts (functions the compiler merged share one).
legacy_hash = re.compile(r"17h[0-9a-f]{16}E(\.llvm\.[0-9]+)?$")
crate_disambiguator = re.compile(r"Cs[0-9A-Za-z]+_")
by_start = {}
for start, _, name in functions:
    by_start.setdefault(start, []).append(name)
seen = set()
for i in sorted(used):
    for name in by_start[functions[i][0]]:
        if name.startswith("_ZN"):
            pattern = legacy_hash.sub("17h*", name)
        elif name.startswith("_R"):
            pattern = crate_disambiguator.sub("Cs*_", name)
        else:
            pattern = name
        if pattern not in seen:
            seen.add(pattern)
            print(pattern)
PY
echo "startup_order.sh: $(wc -l < "$here/startup_order.txt") functions in $here/startup_order.txt" >&2
