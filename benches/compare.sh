#!/usr/bin/env bash
# Times the classic benchmark programs and today's workloads in benches/ under minipy
# (release build) and under CPython, in the same run, and prints the ratio minipy/CPython
# next to its target, then the geometric mean of the ratios over the classic suite. Further
# tables time the countdown's 20M steps in one thread and split between two threads
# (threads_countdown.mp), and in one process or a Pool of two; the last, concurrent.futures'
# costs: a ThreadPoolExecutor round trip and a ProcessPoolExecutor's 2 workers / 1 worker.
#
#   bash benches/compare.sh                  build with `cargo build --release`, then measure
#   SKIP_BUILD=1 bash benches/compare.sh     measure the existing release build
#   PGO=1 bash benches/compare.sh            measure the profile-guided build instead
#                                            (benches/pgo.sh makes it, unless SKIP_BUILD=1)
#   RUNS=3 bash benches/compare.sh           best of 3 instead of best of 5 (quicker)
#   ONLY="nbody fib" bash benches/compare.sh only these rows; add "threads",
#                                            "processes" and/or "executors" to ONLY for
#                                            those tables
#   NOGIL=1 bash benches/compare.sh          also the free-threading tables (below)
#   ONLY=nogil bash benches/compare.sh       only the free-threading tables; classic
#                                            names added to ONLY narrow its suite table
#   GC=1 bash benches/compare.sh             also the collector's cost table (below)
#   ONLY=gc bash benches/compare.sh          only that table; classic names added to ONLY
#                                            narrow it
#   GC_COUNT=callgrind ...                   that table in instructions (valgrind's
#                                            callgrind, one run each, at the sizes of
#                                            tests/benches/NAME.args) instead of time
#   TSUPPORT=1 bash benches/compare.sh       also what thread support costs one thread (below)
#   ONLY=tsupport bash benches/compare.sh    only that table; workload names added to ONLY
#                                            narrow it
#
# The free-threading tables (not in the default run: they take about as long again) compare
# minipy --no-gil with minipy's GIL runtime: for the shared-objects workload
# (shared_objects.mp: one shared class and global function, 400k iterations split between N
# threads) and for the countdown, the 1-thread cost --no-gil / GIL and the scaling 2 threads /
# 1 thread in both runtimes; then each classic program's --no-gil / GIL ratio and their
# geometric mean, each beside its target.
#
# The collector's cost table (not in the default run) times each classic program with the
# cycle collector and without it (MINIPY_NO_GC=1: no object is tracked, so no collection
# ever runs; cycles leak) and prints the cost, with / without - 1, beside its target. Wall
# times of a loaded machine jitter by more than the target: GC_COUNT=callgrind counts
# instructions instead, which do not depend on the load (about 50 times slower, so at the
# smaller sizes the tests run the programs at).
#
# The thread-support table (not in the default run) compares the release build with one
# built without thread support (`cargo build --release --features no-threads`, into
# target-nothreads/: its switch points keep only the collector's attention flag, see
# Cargo.toml) on fib, objects, countdown and the classic suite, all on one thread: the best
# time of RUNS runs and the instructions callgrind counts in one run (at the sizes in
# tests/benches/NAME.args where there are some, else the program's own), and the cost,
# with / without - 1, of each beside the 3% target. TSUPPORT_COUNT=time leaves the counts out.
#
# Each program's time is the best wall-clock time of RUNS runs (5 unless set: the targets
# are stated for the best of 5) of the whole process (start-up included), the two
# interpreters' runs taken in turn. Start-up itself is `-c pass`, best of 20 runs. CPython is
# called by its real path (sys.executable), never through a wrapper script such as a pyenv
# shim. A program must print the same stdout under both interpreters; one that fails under
# minipy or prints something else gets a row saying so (with the error's last line) and no
# ratio.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib.sh"
runs="${RUNS:-5}"

# The build measured: the release build, or with PGO=1 the profile-guided one.
if [[ "${PGO:-0}" == "1" ]]; then
    minipy="$(pgo_dir)/minipy"
    build=(bash benches/pgo.sh)
else
    minipy="$(release_dir)/minipy"
    build=(cargo build --release --quiet)
fi
if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
    echo "building: ${build[*]}" >&2
    (cd "$root" && "${build[@]}" >/dev/null)
fi

# The build without thread support, for the thread-support table.
nothreads="$root/target-nothreads/release/minipy"
if [[ "${TSUPPORT:-0}" == "1" || " ${ONLY:-} " == *" tsupport "* ]]; then
    if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
        echo "building: cargo build --release --features no-threads --target-dir target-nothreads" >&2
        (cd "$root" && cargo build --release --quiet --features no-threads --target-dir target-nothreads)
    fi
    if [[ ! -x "$nothreads" ]]; then
        echo "compare.sh: no build without thread support at $nothreads (run without SKIP_BUILD=1)" >&2
        exit 1
    fi
fi

if [[ ! -x "$minipy" ]]; then
    echo "compare.sh: no build at $minipy (run without SKIP_BUILD=1)" >&2
    exit 1
fi

echo "minipy:  $minipy" >&2
echo "CPython: $python ($("$python" -c 'import sys; print(sys.version.split()[0])'))" >&2
echo "best of $runs runs per workload" >&2
echo >&2

ONLY="${ONLY:-}" NOGIL="${NOGIL:-0}" GC="${GC:-0}" GC_COUNT="${GC_COUNT:-time}" \
    TSUPPORT="${TSUPPORT:-0}" TSUPPORT_COUNT="${TSUPPORT_COUNT:-callgrind}" NOTHREADS="$nothreads" \
    "$python" - "$minipy" "$python" "$here" "$runs" <<'PY'
import math
import os
import subprocess
import sys
import time

minipy, python, benches, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
only = set(os.environ.get("ONLY", "").split())

# The classic programs: each must come within MAX_CLASSIC_RATIO of CPython, and their
# geometric mean within GEOMEAN_TARGET.
CLASSIC = [
    "richards", "nbody", "spectral_norm", "fannkuch", "nqueens", "deltablue", "raytrace",
    "float", "chaos", "go", "hexiom", "generators", "unpack_sequence",
]
MAX_CLASSIC_RATIO = 1.2
GEOMEAN_TARGET = 0.85

# Today's workloads: (name, arguments after the interpreter, target ratio or None, absolute
# target in seconds).
WORKLOADS = [(name, [name + ".mp"], MAX_CLASSIC_RATIO, None) for name in CLASSIC] + [
    ("countdown", ["countdown.mp"], 0.4, None),
    ("fib", ["fib.mp"], 0.7, None),
    ("objects", ["objects.mp"], 0.9, None),
    ("list_strings", ["list_strings.mp"], 0.9, None),
    # Deleting from large dicts (a sliding window, popitem, LRU touches): O(1) removal.
    ("dict_delete", ["dict_delete.mp"], 1.0, None),
    # Item reads and writes and iteration over array.array (a grid sweep, sums, a histogram).
    ("array_ops", ["array_ops.mp"], 1.0, None),
    # asyncio: 10,000 tasks each yielding once, no slower than CPython; 100,000 awaits of a
    # finished future within a second (start-up included).
    ("asyncio_tasks", ["asyncio_tasks.mp"], 1.0, None),
    ("asyncio_awaits", ["asyncio_awaits.mp"], None, 1.0),
    ("startup", ["-c", "pass"], None, 0.002),
]
STARTUP_RUNS = 20
TIMEOUT = 300  # seconds for one run of one program

unknown = only - {name for name, *_ in WORKLOADS} - {
    "threads", "processes", "executors", "nogil", "gc", "tsupport"}
if unknown:
    sys.exit(f"compare.sh: ONLY names no known workload: {' '.join(sorted(unknown))}")
# The free-threading tables: with NOGIL=1 after the others; with "nogil" in ONLY alone (any
# classic names in ONLY then choose the programs of its suite table).
nogil_tables = "nogil" in only or os.environ.get("NOGIL", "0") == "1"
nogil_classic = [name for name in CLASSIC if name in only] or CLASSIC
gc_table = "gc" in only or os.environ.get("GC", "0") == "1"
gc_classic = [name for name in CLASSIC if name in only] or CLASSIC
# The thread-support table: with TSUPPORT=1 after the others; with "tsupport" in ONLY alone
# (other workload names in ONLY then choose its rows).
TSUPPORT_ROWS = ["fib", "objects", "countdown"] + CLASSIC
tsupport_table = "tsupport" in only or os.environ.get("TSUPPORT", "0") == "1"
tsupport_rows = [name for name in TSUPPORT_ROWS if name in only] or TSUPPORT_ROWS
if "tsupport" in only:
    only = {"tsupport"}
if "gc" in only:
    only = {"gc"} | ({"nogil"} if "nogil" in only else set())
if "nogil" in only:
    only = {"nogil"} | ({"gc"} if "gc" in only else set())


def selected(name):
    return not only or name in only


def count_instructions(interpreter, args, env=None):
    """Instructions callgrind counted for one run (and its stdout), or None and why."""
    out_file = os.path.join(benches, f".count-{os.getpid()}.cg")
    try:
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out_file}",
             interpreter, *args],
            cwd=benches, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, env=env,
        )
        if done.returncode != 0:
            err = done.stderr.decode(errors="replace").strip().splitlines()
            return None, f"exit {done.returncode}: {err[-1] if err else '(no stderr)'}"
        with open(out_file) as f:
            for text in f:
                if text.startswith("summary:") or text.startswith("totals:"):
                    return int(text.split()[1]), done.stdout
        return None, "no totals in the callgrind output"
    except FileNotFoundError:
        return None, "valgrind not found"
    finally:
        if os.path.exists(out_file):
            os.remove(out_file)


def test_size_args(name):
    """The program's arguments at the sizes the tests run it (tests/benches/NAME.args)."""
    path = os.path.join(benches, "..", "tests", "benches", name + ".args")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return f.read().split()


def best_time(interpreter, args, count, env=None):
    """Best wall-clock time of `count` runs and the stdout of the last one; or None and the
    reason the program failed (the last line of its stderr, which names the error)."""
    best = float("inf")
    out = b""
    for _ in range(count):
        start = time.perf_counter()
        try:
            done = subprocess.run(
                [interpreter, *args],
                cwd=benches,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                timeout=TIMEOUT,
                env=env,
            )
        except subprocess.TimeoutExpired:
            return None, f"timed out after {TIMEOUT} s"
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            err = done.stderr.decode(errors="replace").strip().splitlines()
            return None, f"exit {done.returncode}: {err[-1] if err else '(no stderr)'}"
        best = min(best, elapsed)
        out = done.stdout
    return best, out


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


def first_difference(ours, theirs):
    ours = ours.decode(errors="replace").splitlines()
    theirs = theirs.decode(errors="replace").splitlines()
    for number, (a, b) in enumerate(zip(ours, theirs), 1):
        if a != b:
            return f"line {number}: {a!r}, CPython {b!r}"
    return f"{len(ours)} lines, CPython {len(theirs)}"


def seconds(t):
    return f"{t * 1000:.1f} ms" if t < 0.1 else f"{t:.3f} s"


rows = []
met = 0
ratios = {}
for name, args, ratio_target, absolute_target in WORKLOADS:
    if not selected(name):
        continue
    count = STARTUP_RUNS if name == "startup" else runs
    # The two interpreters take turns, one run each, so that a change in the machine's load
    # during the measurement reaches both of them alike.
    theirs, their_out, ours, our_out, t = float("inf"), b"", float("inf"), b"", None
    for _ in range(count):
        t, their_out = best_time(python, args, 1)
        if t is None:
            break
        theirs = min(theirs, t)
        o, our_out = best_time(minipy, args, 1)
        if o is None:
            ours = None
            break
        ours = min(ours, o)
    if t is None:
        rows.append((name, "-", "-", "-", "-", f"CPYTHON FAILED ({their_out})"))
        continue
    if ratio_target is not None:
        target = f"<= {ratio_target:.1f}"
    else:
        target = f"<= {absolute_target * 1000:.0f} ms"
    if ours is None:
        rows.append((name, "-", seconds(theirs), "-", target, f"FAILS ({our_out})"))
        continue
    ratio = ours / theirs
    if our_out != their_out:
        rows.append((name, seconds(ours), seconds(theirs), "-", target,
                     f"OUTPUT DIFFERS ({first_difference(our_out, their_out)})"))
        continue
    if name in CLASSIC:
        ratios[name] = ratio
    ok = ratio <= ratio_target if ratio_target is not None else ours <= absolute_target
    met += ok
    rows.append((name, seconds(ours), seconds(theirs), f"{ratio:.2f}", target,
                 "met" if ok else "MISSED"))

header = ("workload", "minipy", "CPython", "ratio", "target", "result")
widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]


def line(cells):
    return "  ".join(
        str(c).ljust(w) if i in (0, 4, 5) else str(c).rjust(w)
        for i, (c, w) in enumerate(zip(cells, widths))
    ).rstrip()


# The process and executor tables' rows: label, interpreter, its flags, and whether the row
# is the one measured against the targets (the others are for reference).
pool_runs = [
    ("minipy (GIL)", minipy, [], True),
    ("minipy --no-gil", minipy, ["--no-gil"], False),
    ("CPython", python, [], False),
]


def print_table(header, table, left=(0, 4, 5)):
    """A blank line, then `table` under `header`, columns as wide as their widest cell; the
    columns in `left` are left-aligned, the others right-aligned."""
    w = [max(len(str(r[i])) for r in table + [header]) for i in range(len(header))]
    fmt = lambda cells: "  ".join(
        str(c).ljust(x) if i in left else str(c).rjust(x)
        for i, (c, x) in enumerate(zip(cells, w))
    ).rstrip()
    print()
    print(fmt(header))
    print(fmt(["-" * x for x in w]))
    for r in table:
        print(fmt(r))


if rows:
    print(line(header))
    print(line(["-" * w for w in widths]))
    for row in rows:
        print(line(row))
    print()
    print(f"targets met: {met} of {len(rows)} (ratio = minipy time / CPython time)")

classic_wanted = [name for name in CLASSIC if selected(name)]
if classic_wanted:
    ran = len(ratios)
    if ratios:
        geomean = math.exp(sum(math.log(r) for r in ratios.values()) / ran)
        worst = max(ratios, key=ratios.get)
        ok = ran == len(CLASSIC) and geomean <= GEOMEAN_TARGET
        ok = ok and ratios[worst] <= MAX_CLASSIC_RATIO
        print(
            f"classic suite: geometric mean {geomean:.2f} over {ran} of {len(CLASSIC)} "
            f"programs (worst {worst} {ratios[worst]:.2f}); target: all {len(CLASSIC)} run, "
            f"geometric mean <= {GEOMEAN_TARGET:.2f}, none above {MAX_CLASSIC_RATIO:.1f}: "
            + ("met" if ok else "MISSED")
        )
    else:
        print(f"classic suite: none of the {len(classic_wanted)} selected programs ran")

if not only or "threads" in only:
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
    print_table(thread_header, thread_rows)

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

if not only or "processes" in only:
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




    process_rows = []
    process_met = 0
    for label, interpreter, flags, target in pool_runs:
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
    print_table(process_header, process_rows, left=range(7))
    print()
    print(
        f"process targets met: {process_met} of 2 (Pool(2) <= {POOL_TARGET:.2f}x one process; "
        f"worker start < {WORKER_START_TARGET * 1000:.0f} ms)"
    )

if not only or "executors" in only:
    # concurrent.futures: a ThreadPoolExecutor's submit + result round trip, measured inside
    # the program (executor_roundtrip.mp prints the mean in microseconds; best of RUNS), and
    # a ProcessPoolExecutor's 2 workers against 1 on the same CPU-bound work
    # (process_pool_cpu.mp: 100M countdown steps in 8 tasks; whole-process times). The ratio
    # needs two idle cores: on a loaded machine it says more about the load than the pool.
    # Also how soon a new ProcessPoolExecutor gives the result of one trivial task
    # (executor_first_result.mp prints the milliseconds from making it; best of RUNS).
    ROUNDTRIP_TARGET_US = 20.0
    PPE_TARGET = 0.55
    FIRST_RESULT_TARGET_MS = 10.0


    executor_rows = []
    executor_met = 0
    for label, interpreter, flags, target in pool_runs:
        trip, trip_why = best_printed(interpreter, flags + ["executor_roundtrip.mp"], runs)
        first, first_why = best_printed(interpreter, flags + ["executor_first_result.mp"], runs)
        one, one_out = best_time(interpreter, flags + ["process_pool_cpu.mp", "1"], runs)
        two, two_out = best_time(interpreter, flags + ["process_pool_cpu.mp", "2"], runs)
        if trip is None or first is None or one is None or two is None:
            problem = (trip_why if trip is None else first_why if first is None
                       else one_out if one is None else two_out)
            executor_rows.append((label, "-", "-", "-", "-", "-", "-", f"FAILED ({problem})"))
            continue
        ratio = two / one
        if not target:
            executor_rows.append((label, f"{trip:.1f} us", f"{first:.1f} ms", seconds(one),
                                  seconds(two), f"{ratio:.2f}", "-", "reference"))
            continue
        ok_trip = trip <= ROUNDTRIP_TARGET_US
        ok_first = first <= FIRST_RESULT_TARGET_MS
        ok_ratio = ratio <= PPE_TARGET
        executor_met += ok_trip + ok_first + ok_ratio
        verdict = ", ".join(["round trip " + ("met" if ok_trip else "MISSED"),
                             "first result " + ("met" if ok_first else "MISSED"),
                             "ratio " + ("met" if ok_ratio else "MISSED")])
        executor_rows.append((label, f"{trip:.1f} us", f"{first:.1f} ms", seconds(one),
                              seconds(two), f"{ratio:.2f}",
                              f"<= {ROUNDTRIP_TARGET_US:.0f} us, <= "
                              f"{FIRST_RESULT_TARGET_MS:.0f} ms, <= {PPE_TARGET:.2f}",
                              verdict))

    executor_header = ("concurrent.futures", "TPE round trip", "PPE first result",
                       "PPE 1 worker", "PPE 2 workers", "2/1", "targets", "result")
    print_table(executor_header, executor_rows, left=range(8))
    print()
    print(
        f"executor targets met: {executor_met} of 3 (ThreadPoolExecutor submit + result <= "
        f"{ROUNDTRIP_TARGET_US:.0f} us; ProcessPoolExecutor first result <= "
        f"{FIRST_RESULT_TARGET_MS:.0f} ms after it is made, 2 workers <= {PPE_TARGET:.2f}x 1 worker)"
    )

if nogil_tables:
    # Free threading: minipy --no-gil against minipy's GIL runtime (CPython 3.11 as a reference
    # for the scaling). Targets from the free-threading issue.
    GIL, NO_GIL = "minipy (GIL)", "minipy --no-gil"
    SCALING = [
        # (workload, 1-thread arguments, 2-thread arguments,
        #  {runtime: (comparison, target) for the ratio 2 threads / 1 thread})
        ("shared objects, 400k", ["shared_objects.mp", "1"], ["shared_objects.mp", "2"],
         {GIL: (">=", 0.95), NO_GIL: ("<=", 0.60)}),
        ("countdown, 20M steps", ["countdown.mp"], ["threads_countdown.mp"],
         {GIL: ("<=", 1.15), NO_GIL: ("<=", 0.55)}),
    ]
    NOGIL_RUNTIMES = [(GIL, minipy, []), (NO_GIL, minipy, ["--no-gil"]), ("CPython", python, [])]
    SINGLE_TARGET = 1.20  # --no-gil / GIL on one thread, for any one program
    NOGIL_GEOMEAN_TARGET = 1.10

    def meets(value, comparison, target):
        return value <= target if comparison == "<=" else value >= target


    nogil_met = 0
    nogil_targets = 0
    for workload, one_args, two_args, targets in SCALING:
        table = []
        single = {}
        reference_out = None
        for label, interpreter, flags in NOGIL_RUNTIMES:
            target = targets.get(label)
            nogil_targets += target is not None
            one, one_out = best_time(interpreter, flags + one_args, runs)
            two, two_out = best_time(interpreter, flags + two_args, runs)
            if one is None or two is None:
                problem = one_out if one is None else two_out
                table.append((label, "-", "-", "-", "-", f"FAILED ({problem})"))
                continue
            if one_out != two_out or (reference_out is not None and one_out != reference_out):
                table.append((label, seconds(one), seconds(two), "-", "-",
                              "OUTPUT DIFFERS between runs or from the GIL runtime"))
                continue
            reference_out = one_out
            single[label] = one
            ratio = two / one
            if target is None:
                table.append((label, seconds(one), seconds(two), f"{ratio:.2f}", "-", "reference"))
                continue
            ok = meets(ratio, *target)
            nogil_met += ok
            table.append((label, seconds(one), seconds(two), f"{ratio:.2f}",
                          f"{target[0]} {target[1]:.2f}", "met" if ok else "MISSED"))
        print_table((workload, "1 thread", "2 threads", "2/1", "target", "result"), table)
        nogil_targets += 1
        if GIL in single and NO_GIL in single:
            ratio = single[NO_GIL] / single[GIL]
            ok = ratio <= SINGLE_TARGET
            nogil_met += ok
            print(f"1 thread, --no-gil / GIL: {ratio:.2f} (target <= {SINGLE_TARGET:.2f}) "
                  + ("met" if ok else "MISSED"))
        else:
            print("1 thread, --no-gil / GIL: - (a run failed)")

    # The classic suite, --no-gil against the GIL runtime on one thread.
    table = []
    suite = {}
    for name in nogil_classic:
        gil, gil_out = best_time(minipy, [name + ".mp"], runs)
        free, free_out = best_time(minipy, ["--no-gil", name + ".mp"], runs)
        target = f"<= {SINGLE_TARGET:.2f}"
        if gil is None or free is None:
            table.append((name, "-", "-", "-", target, f"FAILED ({gil_out if gil is None else free_out})"))
            continue
        if gil_out != free_out:
            table.append((name, seconds(gil), seconds(free), "-", target,
                          f"OUTPUT DIFFERS ({first_difference(free_out, gil_out)})"))
            continue
        ratio = free / gil
        suite[name] = ratio
        table.append((name, seconds(gil), seconds(free), f"{ratio:.2f}", target,
                      "met" if ratio <= SINGLE_TARGET else "MISSED"))
    print_table(("classic program", "GIL", "--no-gil", "ratio", "target", "result"), table)
    nogil_targets += 1
    if suite:
        geomean = math.exp(sum(math.log(r) for r in suite.values()) / len(suite))
        worst = max(suite, key=suite.get)
        ok = (len(suite) == len(CLASSIC) and geomean <= NOGIL_GEOMEAN_TARGET
              and suite[worst] <= SINGLE_TARGET)
        nogil_met += ok
        print(
            f"classic suite, --no-gil / GIL: geometric mean {geomean:.2f} over {len(suite)} of "
            f"{len(CLASSIC)} programs (worst {worst} {suite[worst]:.2f}); target: all "
            f"{len(CLASSIC)}, geometric mean <= {NOGIL_GEOMEAN_TARGET:.2f}, none above "
            f"{SINGLE_TARGET:.2f}: " + ("met" if ok else "MISSED")
        )
    else:
        print("classic suite, --no-gil / GIL: no program ran in both runtimes")
    print()
    print(f"free-threading targets met: {nogil_met} of {nogil_targets}")
if gc_table:
    # The cycle collector's cost: each classic program with the collector against the same
    # build with it turned off (MINIPY_NO_GC=1), in seconds (best of RUNS) or instructions.
    GC_COST_TARGET = 0.03
    by_instructions = os.environ.get("GC_COUNT", "time") == "callgrind"
    no_gc_env = dict(os.environ, MINIPY_NO_GC="1")
    gc_env = {k: v for k, v in os.environ.items() if k != "MINIPY_NO_GC"}

    def measure(args, env):
        if by_instructions:
            return count_instructions(minipy, args + test_size_args(args[0][:-3]), env)
        return best_time(minipy, args, runs, env=env)

    def amount(x):
        return f"{x / 1e9:.3f} G" if by_instructions else seconds(x)

    table = []
    costs = {}
    for name in gc_classic:
        with_gc, with_out = measure([name + ".mp"], gc_env)
        without, without_out = measure([name + ".mp"], no_gc_env)
        target = f"<= {GC_COST_TARGET * 100:.0f}%"
        if with_gc is None or without is None:
            table.append((name, "-", "-", "-", target,
                          f"FAILED ({with_out if with_gc is None else without_out})"))
            continue
        if with_out != without_out:
            table.append((name, amount(with_gc), amount(without), "-", target,
                          f"OUTPUT DIFFERS ({first_difference(with_out, without_out)})"))
            continue
        cost = with_gc / without - 1
        costs[name] = cost
        table.append((name, amount(with_gc), amount(without), f"{cost * 100:+.1f}%", target,
                      "met" if cost <= GC_COST_TARGET else "MISSED"))
    unit = "instructions" if by_instructions else "time"
    header = ("classic program", f"collector ({unit})", "MINIPY_NO_GC=1", "cost", "target",
              "result")
    print_table(header, table)
    met_all = len(costs) == len(gc_classic) and all(c <= GC_COST_TARGET for c in costs.values())
    worst = max(costs, key=costs.get) if costs else None
    print()
    print(
        f"collector cost: {len(costs)} of {len(gc_classic)} programs measured"
        + (f", worst {worst} {costs[worst] * 100:+.1f}%" if worst else "")
        + f"; target: each <= {GC_COST_TARGET * 100:.0f}%: " + ("met" if met_all else "MISSED")
    )
if tsupport_table:
    # What thread support costs a program that runs one thread: the release build against
    # the same sources built with `--features no-threads` (no budget, no eval breaker).
    TSUPPORT_TARGET = 0.03
    nothreads = os.environ["NOTHREADS"]
    counting = os.environ.get("TSUPPORT_COUNT", "callgrind") == "callgrind"

    def cost(a, b):
        return f"{(a / b - 1) * 100:+.1f}%"

    table = []
    worst = {}
    for name in tsupport_rows:
        args = [name + ".mp"]
        with_t, with_out = best_time(minipy, args, runs)
        without_t, without_out = best_time(nothreads, args, runs)
        target = f"<= {TSUPPORT_TARGET * 100:.0f}%"
        if with_t is None or without_t is None:
            table.append((name, "-", "-", "-", "-", "-", "-", target,
                          f"FAILED ({with_out if with_t is None else without_out})"))
            continue
        if with_out != without_out:
            table.append((name, seconds(with_t), seconds(without_t), "-", "-", "-", "-", target,
                          f"OUTPUT DIFFERS ({first_difference(with_out, without_out)})"))
            continue
        time_cost = with_t / without_t - 1
        cells = [name, seconds(with_t), seconds(without_t), cost(with_t, without_t)]
        measured = [time_cost]
        if counting:
            sized = args + test_size_args(name)
            with_i, _ = count_instructions(minipy, sized)
            without_i, _ = count_instructions(nothreads, sized) if with_i else (None, "")
            if with_i is None or without_i is None:
                cells += ["-", "-", "-"]
            else:
                cells += [f"{with_i / 1e6:.1f} M", f"{without_i / 1e6:.1f} M",
                          cost(with_i, without_i)]
                measured.append(with_i / without_i - 1)
        else:
            cells += ["-", "-", "-"]
        # Instructions decide where counted (times jitter by more than the target).
        decisive = measured[-1]
        worst[name] = decisive
        table.append(tuple(cells) + (target, "met" if decisive <= TSUPPORT_TARGET else "MISSED"))
    header = ("one thread", "threads", "no-threads", "time cost", "instructions",
              "no-threads", "instr. cost", "target", "result")
    print_table(header, table, left=(0, 7, 8))
    met_all = len(worst) == len(tsupport_rows) and all(
        c <= TSUPPORT_TARGET for c in worst.values())
    top = max(worst, key=worst.get) if worst else None
    print()
    print(
        f"thread support cost ({'instructions' if counting else 'time'}): {len(worst)} of "
        f"{len(tsupport_rows)} programs measured"
        + (f", worst {top} {worst[top] * 100:+.1f}%" if top else "")
        + f"; target: each <= {TSUPPORT_TARGET * 100:.0f}%: " + ("met" if met_all else "MISSED")
    )
PY
