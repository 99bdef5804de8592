#!/usr/bin/env bash
# Counts the work of one program under both runtimes with callgrind, which a loaded machine
# cannot disturb: instructions executed, and how many of them were atomic read-modify-writes
# (x86 `lock`-prefixed: `lock inc/dec` are reference counts, `lock cmpxchg` object locks taking
# and releasing), by kind and by the function that ran them. Wall time does not show here: an
# atomic costs far more cycles than one instruction, more still when its cache line moves between
# cores, so read the counts as "how many", and benches/compare.sh for "how long".
#
#   bash benches/atomics.sh shared_objects.mp 1 40000    (program and arguments, in benches/)
#
# Needs valgrind and objdump (x86-64) and an existing release build (`cargo build --release`).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib.sh"
if [[ $# -lt 1 ]]; then
    echo "usage: bash benches/atomics.sh PROGRAM.mp [ARGS...]" >&2
    exit 2
fi
minipy="$(release_dir)/minipy"
if [[ ! -x "$minipy" ]]; then
    echo "atomics.sh: no release build at $minipy (run cargo build --release)" >&2
    exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
objdump -d --no-show-raw-insn "$minipy" >"$work/dis.txt"
for runtime in gil no-gil; do
    flags=()
    [[ "$runtime" == no-gil ]] && flags=(--no-gil)
    (cd "$here" && valgrind --tool=callgrind --dump-instr=yes --compress-pos=no \
        --callgrind-out-file="$work/cg.$runtime" "$minipy" "${flags[@]}" "$@" \
        >/dev/null 2>"$work/log.$runtime") || {
        echo "atomics.sh: minipy ${flags[*]} $* failed:" >&2
        tail -5 "$work/log.$runtime" >&2
        exit 1
    }
done

"$python" - "$work" <<'PY'
import collections
import re
import sys

work = sys.argv[1]
kinds = {}
for line in open(f"{work}/dis.txt"):
    m = re.match(r"\s+([0-9a-f]+):\s+lock\s+(\S+)", line)
    if m:
        kinds[int(m.group(1), 16)] = m.group(2)


def count(path):
    """Instructions executed, and the lock-prefixed ones by kind and by function."""
    names, fn, skip, positions = {}, None, False, 1
    total = 0
    by_kind, by_fn = collections.Counter(), collections.Counter()
    for line in open(path):
        if line.startswith("positions:"):
            positions = len(line.split()) - 1
        elif line.startswith(("fn=", "cfn=")):
            m = re.match(r"c?fn=\((\d+)\)(?: (.*))?", line.rstrip("\n"))
            if m and m.group(2):
                names[m.group(1)] = m.group(2)
            if line.startswith("fn="):
                fn = m.group(1) if m else line[3:].strip()
        elif line.startswith("calls="):
            skip = True  # the next cost line is the call's inclusive cost
        elif line.startswith("0x"):
            if skip:
                skip = False
                continue
            parts = line.split()
            ir = int(parts[positions]) if len(parts) > positions else 0
            total += ir
            kind = kinds.get(int(parts[0], 16))
            if kind:
                by_kind[kind] += ir
                by_fn[names.get(fn, fn)] += ir
    return total, by_kind, by_fn


results = {runtime: count(f"{work}/cg.{runtime}") for runtime in ("gil", "no-gil")}
for runtime, (total, by_kind, by_fn) in results.items():
    atomics = sum(by_kind.values())
    print(f"{runtime}: {total:,} instructions, {atomics:,} atomic ("
          + ", ".join(f"lock {k} {v:,}" for k, v in by_kind.most_common()) + ")")
    for name, n in by_fn.most_common(8 if runtime == "no-gil" else 0):
        print(f"  {n:>12,}  {re.sub(r'minipy::objects::runtime::', '', name)[:100]}")
gil, free = results["gil"][0], results["no-gil"][0]
print(f"instructions --no-gil / GIL: {free / gil:.2f}")
PY
