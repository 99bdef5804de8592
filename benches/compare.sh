#!/usr/bin/env bash
# Times each workload in benches/ under minipy (release build) and under CPython, in the same
# run, and prints the ratio minipy/CPython next to its target. A second table times the
# countdown's 20M steps in one thread and split between two threads (threads_countdown.mp)
# under minipy's GIL, minipy --no-gil and CPython.
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

# Threads: the same 20M countdown steps in one thread (countdown.mp) or split between two
# threads (threads_countdown.mp), under minipy's GIL, minipy --no-gil, and CPython.
ONE_THREAD = ["countdown.mp"]
TWO_THREADS = ["threads_countdown.mp"]
RUNTIMES = [
    # (label, interpreter, flags, target for the ratio 2 threads / 1 thread)
    ("minipy (GIL)", minipy, [], 1.15),
    ("minipy --no-gil", minipy, ["--no-gil"], 0.56),
    ("CPython", python, [], None),
]
NO_GIL_SINGLE_TARGET = 1.15

thread_rows = []
thread_met = 0
thread_targets = 0
single = {}
for label, interpreter, flags, target in RUNTIMES:
    one, one_out = best_time(interpreter, flags + ONE_THREAD, runs)
    two, two_out = best_time(interpreter, flags + TWO_THREADS, runs)
    if target is not None:
        thread_targets += 1
    if one is None or two is None:
        problem = one_out if one is None else two_out
        thread_rows.append((label, "-", "-", "-", "-", f"FAILED ({problem})"))
        continue
    single[label] = one
    ratio = two / one
    if target is None:
        thread_rows.append((label, seconds(one), seconds(two), f"{ratio:.2f}", "-", "reference"))
        continue
    ok = ratio <= target
    thread_met += ok
    thread_rows.append(
        (label, seconds(one), seconds(two), f"{ratio:.2f}", f"<= {target:.2f}",
         "met" if ok else "MISSED")
    )

thread_header = ("countdown, 20M steps", "1 thread", "2 threads x 10M", "2/1", "target", "result")
widths = [max(len(str(r[i])) for r in thread_rows + [thread_header]) for i in range(6)]
print()
print(line(thread_header))
print(line(["-" * w for w in widths]))
for row in thread_rows:
    print(line(row))

thread_targets += 1
if "minipy (GIL)" in single and "minipy --no-gil" in single:
    ratio = single["minipy --no-gil"] / single["minipy (GIL)"]
    ok = ratio <= NO_GIL_SINGLE_TARGET
    thread_met += ok
    verdict = "met" if ok else "MISSED"
    print()
    print(
        f"1 thread, --no-gil / GIL: {ratio:.2f} (target <= {NO_GIL_SINGLE_TARGET:.2f}) {verdict}"
    )
print()
print(f"thread targets met: {thread_met} of {thread_targets}")

# Processes: the countdown's 20M steps in one process (countdown.mp) or split over a Pool of
# two worker processes, 2 x 10M (countdown_pool.mp), and the time to start a worker and get a
# trivial result back (measured inside the program, best of WORKER_START_RUNS). CPython uses
# the same "spawn" start method.
POOL_TARGET = 0.59
WORKER_START_TARGET = 0.020
WORKER_START_RUNS = 10
WORKER_START_CODE = (
    "import multiprocessing, time\n"
    "from multiprocessing import Pool\n"
    "if __name__ == '__main__':\n"
    "    multiprocessing.set_start_method('spawn')\n"
    "    start = time.perf_counter()\n"
    "    with Pool(1) as pool:\n"
    "        pool.apply(abs, (-1,))\n"
    "    print(time.perf_counter() - start)\n"
)


def best_printed(interpreter, args, count):
    """The smallest number the program printed over `count` runs (or None, and why)."""
    best = float("inf")
    for _ in range(count):
        done = subprocess.run(
            [interpreter, *args], cwd=benches, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        if done.returncode != 0:
            err = done.stderr.decode(errors="replace").strip().splitlines()
            return None, f"exit {done.returncode}: {err[-1] if err else ''}"
        best = min(best, float(done.stdout.decode().strip()))
    return best, ""


process_rows = []
process_met = 0
for label, interpreter, flags, target in [
    ("minipy (GIL)", minipy, [], True),
    ("minipy --no-gil", minipy, ["--no-gil"], False),
    ("CPython", python, [], False),
]:
    one, one_out = best_time(interpreter, flags + ["countdown.mp"], runs)
    pool, pool_out = best_time(interpreter, flags + ["countdown_pool.mp"], runs)
    start, why = best_printed(interpreter, flags + ["-c", WORKER_START_CODE], WORKER_START_RUNS)
    if one is None or pool is None or start is None:
        problem = one_out if one is None else pool_out if pool is None else why
        process_rows.append((label, "-", "-", "-", "-", "-", f"FAILED ({problem})"))
        continue
    ratio = pool / one
    if not target:
        process_rows.append(
            (label, seconds(one), seconds(pool), f"{ratio:.2f}", "-", seconds(start), "reference")
        )
        continue
    ok_ratio = ratio <= POOL_TARGET
    ok_start = start < WORKER_START_TARGET
    process_met += ok_ratio + ok_start
    verdict = ", ".join(
        ["ratio " + ("met" if ok_ratio else "MISSED"), "start " + ("met" if ok_start else "MISSED")]
    )
    process_rows.append(
        (label, seconds(one), seconds(pool), f"{ratio:.2f}", f"<= {POOL_TARGET:.2f}",
         seconds(start), verdict)
    )

process_header = ("countdown, 20M steps", "1 process", "Pool(2) 2 x 10M", "pool/1",
                  "target", "worker start", "result")
widths = [max(len(str(r[i])) for r in process_rows + [process_header]) for i in range(7)]
print()
print("  ".join(str(c).ljust(w) for c, w in zip(process_header, widths)).rstrip())
print("  ".join("-" * w for w in widths))
for row in process_rows:
    print("  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip())
print()
print(
    f"process targets met: {process_met} of 2 (Pool(2) <= {POOL_TARGET:.2f}x one process; "
    f"worker start < {WORKER_START_TARGET * 1000:.0f} ms)"
)
PY
