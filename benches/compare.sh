#!/usr/bin/env bash
# Times each workload in benches/ under minipy (release build) and under CPython, in the same
# run, and prints the ratio minipy/CPython next to its target.
#
#   bash benches/compare.sh            build with `cargo build --release`, then measure
#   SKIP_BUILD=1 bash benches/compare.sh   measure the existing release build
#   RUNS=5 bash benches/compare.sh     best of 5 instead of best of 3
#
# Each workload's time is the best wall-clock time of RUNS runs of the whole process
# (start-up included). Start-up itself is `-c pass`, best of 20 runs. CPython is called by its
# real path (sys.executable), never through a wrapper script such as a pyenv shim. Each
# workload's stdout must be the same under both interpreters, or its row says so.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
runs="${RUNS:-3}"

python="$(python3 -c 'import sys; print(sys.executable)')"

if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
    echo "building: cargo build --release" >&2
    (cd "$root" && cargo build --release --quiet)
fi

# Ask cargo where the build went (honours CARGO_TARGET_DIR and .cargo/config).
target_dir="$(cd "$root" && cargo metadata --format-version 1 --no-deps |
    "$python" -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
minipy="$target_dir/release/minipy"
if [[ ! -x "$minipy" ]]; then
    echo "compare.sh: no release build at $minipy (run without SKIP_BUILD=1)" >&2
    exit 1
fi

echo "minipy:  $minipy" >&2
echo "CPython: $python ($("$python" -c 'import sys; print(sys.version.split()[0])'))" >&2
echo "best of $runs runs per workload" >&2
echo >&2

"$python" - "$minipy" "$python" "$here" "$runs" <<'PY'
import os
import subprocess
import sys
import time

minipy, python, benches, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

# (name, arguments after the interpreter, target ratio or None, absolute target in seconds)
WORKLOADS = [
    ("countdown", ["countdown.mp"], 0.5, None),
    ("fib", ["fib.mp"], 0.7, None),
    ("objects", ["objects.mp"], 1.0, None),
    ("list_strings", ["list_strings.mp"], 1.0, None),
    ("startup", ["-c", "pass"], None, 0.005),
]
STARTUP_RUNS = 20


def best_time(interpreter, args, count):
    """Best wall-clock time of `count` runs, and the stdout of the last one."""
    best = float("inf")
    out = b""
    for _ in range(count):
        start = time.perf_counter()
        done = subprocess.run(
            [interpreter, *args],
            cwd=benches,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            name = os.path.basename(interpreter)
            err = done.stderr.decode(errors="replace").strip().splitlines()
            return None, f"{name} exit {done.returncode}: {err[-1] if err else ''}"
        best = min(best, elapsed)
        out = done.stdout
    return best, out


def seconds(t):
    return f"{t * 1000:.1f} ms" if t < 0.1 else f"{t:.3f} s"


rows = []
met = 0
for name, args, ratio_target, absolute_target in WORKLOADS:
    count = STARTUP_RUNS if name == "startup" else runs
    ours, our_out = best_time(minipy, args, count)
    theirs, their_out = best_time(python, args, count)
    if ours is None or theirs is None:
        problem = our_out if ours is None else their_out
        rows.append((name, "-", "-", "-", "-", f"FAILED ({problem})"))
        continue
    ratio = ours / theirs
    if ratio_target is not None:
        target = f"<= {ratio_target:.1f}"
        ok = ratio <= ratio_target
    else:
        target = f"< {absolute_target * 1000:.0f} ms"
        ok = ours < absolute_target
    verdict = "met" if ok else "MISSED"
    if our_out != their_out:
        verdict += " (OUTPUT DIFFERS)"
        ok = False
    met += ok
    rows.append((name, seconds(ours), seconds(theirs), f"{ratio:.2f}", target, verdict))

header = ("workload", "minipy", "CPython", "ratio", "target", "result")
widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]


def line(cells):
    return "  ".join(
        str(c).ljust(w) if i in (0, 4, 5) else str(c).rjust(w)
        for i, (c, w) in enumerate(zip(cells, widths))
    ).rstrip()


print(line(header))
print(line(["-" * w for w in widths]))
for row in rows:
    print(line(row))
print()
print(f"targets met: {met} of {len(WORKLOADS)} (ratio = minipy time / CPython time)")
PY
