#!/usr/bin/env bash
# Front-end cost per line: generates programs of 10.5k, 21k, 42k and 84k lines that only
# define things (small functions, classes with methods, nested blocks, long expressions),
# times `minipy FILE` and `python3 FILE` on each (best of RUNS, whole process: read, lex,
# parse, compile, run the definitions), and prints both wall-clock times, minipy/CPython, and
# minipy's time over its time at the previous size (2.00 or less is linear). The CPU time
# (user + system) of the same best runs follows, which a busy machine disturbs less.
#
#   bash benches/frontend.sh           measure target/release/minipy (it builds nothing)
#   RUNS=5 bash benches/frontend.sh    best of 5 instead of best of 3
#   SIZES="10500 21000" bash benches/frontend.sh
#
# Build first with `cargo build --release`. CPython is called by its real path.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib.sh"
runs="${RUNS:-3}"
sizes="${SIZES:-10500 21000 42000 84000}"

minipy="$(release_dir)/minipy"
if [[ ! -x "$minipy" ]]; then
    echo "frontend.sh: no release build at $minipy (run \`cargo build --release\` first)" >&2
    exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "minipy:  $minipy" >&2
echo "CPython: $python ($("$python" -c 'import sys; print(sys.version.split()[0])'))" >&2
echo "best of $runs runs per size; programs in $work" >&2
echo >&2

"$python" - "$minipy" "$python" "$work" "$runs" $sizes <<'PY'
import resource
import subprocess
import sys
import time

minipy, python, work, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
sizes = [int(s) for s in sys.argv[5:]]

# One unit of definitions, 42 lines: a few small functions, a class with methods, nested
# blocks, a long expression. `{n}` makes every name unique.
UNIT = '''\
def add_{n}(a, b):
    total = a + b
    return total * 2


def pick_{n}(items, key=None):
    best = None
    for item in items:
        if key is not None and item == key:
            return item
        elif best is None or item > best:
            best = item
    return best


class Counter_{n}:
    """Counts things."""

    step = {n}

    def __init__(self, start=0):
        self.value = start
        self.seen = []

    def bump(self, by=1):
        while by > 0:
            try:
                self.value += self.step
            except OverflowError:
                break
            by -= 1
        self.seen.append(self.value)
        return self.value


def mix_{n}(x, y, z):
    values = [x * 3 + y // 2 - z % 7, (x + y) * (y - z), x ** 2 + y ** 2 + z ** 2]
    table = {{"first": x, "second": y, "third": z, "sum": x + y + z, "name": "mix_{n}"}}
    return sum(values) + len(table) + (x if x > y else y) - (1 if z else 0)


'''
UNIT_LINES = UNIT.count("\n")


def program(lines):
    units = (lines + UNIT_LINES - 1) // UNIT_LINES
    body = "".join(UNIT.format(n=n) for n in range(units))
    return body + "print(add_0(1, 2) + mix_0(1, 2, 3), Counter_0().bump(2))\n"


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def best_time(interpreter, path):
    """Best wall-clock time of `runs` runs, the best CPU time, and the last run's stdout (or
    None and why it failed)."""
    best = float("inf")
    best_cpu = float("inf")
    out = b""
    for _ in range(runs):
        cpu_before = children_cpu()
        start = time.perf_counter()
        done = subprocess.run(
            [interpreter, path], stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        elapsed = time.perf_counter() - start
        cpu = children_cpu() - cpu_before
        if done.returncode != 0:
            err = done.stderr.decode(errors="replace").strip().splitlines()
            return None, None, f"exit {done.returncode}: {err[-1] if err else ''}"
        best = min(best, elapsed)
        best_cpu = min(best_cpu, cpu)
        out = done.stdout
    return best, best_cpu, out


def seconds(t):
    return f"{t * 1000:.1f} ms" if t < 0.1 else f"{t:.3f} s"


rows = []
previous = None
for size in sizes:
    path = f"{work}/defs_{size}.py"
    text = program(size)
    with open(path, "w") as f:
        f.write(text)
    lines = text.count("\n")
    ours, our_cpu, our_out = best_time(minipy, path)
    theirs, their_cpu, their_out = best_time(python, path)
    if ours is None or theirs is None:
        problem = our_out if ours is None else their_out
        rows.append((f"{lines}", *["-"] * 8, f"FAILED ({problem})"))
        previous = None
        continue
    growth = f"{ours / previous[0]:.2f}" if previous else "-"
    cpu_growth = f"{our_cpu / previous[1]:.2f}" if previous and previous[1] > 0 else "-"
    cpu_ratio = f"{our_cpu / their_cpu:.2f}" if their_cpu > 0 else "-"
    note = "" if our_out == their_out else "OUTPUT DIFFERS"
    rows.append((
        f"{lines}", seconds(ours), seconds(theirs), f"{ours / theirs:.2f}", growth,
        seconds(our_cpu), seconds(their_cpu), cpu_ratio, cpu_growth, note,
    ))
    previous = (ours, our_cpu)

header = ("lines", "minipy", "CPython", "ratio", "growth",
          "minipy cpu", "CPython cpu", "cpu ratio", "cpu growth", "")
widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]


def line(cells):
    return "  ".join(
        str(c).rjust(w) if i < len(header) - 1 else str(c)
        for i, (c, w) in enumerate(zip(cells, widths))
    ).rstrip()


print(line(header))
print(line(["-" * w for w in widths]))
for row in rows:
    print(line(row))
print()
print("ratio = minipy / CPython (target <= 1.00 at every size); growth = minipy's time over its")
print("time at the previous size (target <= 2.00: linear). Times are wall clock, best of the runs;")
print("the cpu columns are user + system time of the same interpreters.")
PY
