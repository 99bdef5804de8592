#!/usr/bin/env bash
# Regenerates the expected outputs of the conformance suite from CPython 3.11.
#
# For each tests/conformance/NAME.mp this runs CPython with the working directory
# tests/conformance (so tracebacks say File "NAME.mp"), stdin from NAME.in if it
# exists and /dev/null otherwise, and writes:
#   NAME.out  the program's stdout
#   NAME.err  only when the exit status is not 0: the status on the first line,
#             then the whole of stderr
#
# CPython 3.11 always reports the main script by its absolute path; that prefix
# is removed from stderr so the expected tracebacks say File "NAME.mp", which is
# what minipy prints for a script run as `minipy NAME.mp`.
#
# Tracebacks are produced with -X no_debug_ranges, so they carry no `~~~^^^`
# column markers: minipy is expected to print CPython's traceback lines, not its
# per-expression position markers.
#
# Usage: tests/regen_conformance.sh [SUBSTRING]   (only programs whose name contains it)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="$here/conformance"
filter="${1:-}"

# Resolve the real interpreter once, so shims and later PATH changes don't matter.
python="$(python3 -c 'import sys; print(sys.executable)')"
version="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
if [[ "$version" != "3.11" ]]; then
    echo "regen_conformance.sh: need CPython 3.11, but $python is $version" >&2
    exit 1
fi
echo "using $python ($("$python" -c 'import sys; print(sys.version.split()[0])'))"

cd "$dir"
count=0
for program in *.mp; do
    name="${program%.mp}"
    if [[ -n "$filter" && "$name" != *"$filter"* ]]; then
        continue
    fi
    input=/dev/null
    if [[ -f "$name.in" ]]; then
        input="$name.in"
    fi
    stderr_file="$(mktemp)"
    status=0
    PYTHONHASHSEED=0 PYTHONIOENCODING=utf-8 PYTHONDONTWRITEBYTECODE=1 \
        "$python" -X no_debug_ranges "$program" <"$input" >"$name.out" 2>"$stderr_file" || status=$?
    if [[ "$status" -ne 0 ]]; then
        {
            echo "$status"
            # (also at the start of a line: a warning's location, `NAME.mp:LINE: ...`)
            "$python" -c 'import sys; sys.stdout.write(("\n" + open(sys.argv[1], encoding="utf-8").read()).replace(sys.argv[2], sys.argv[3]).replace("\n" + sys.argv[4], "\n")[1:])' \
                "$stderr_file" "File \"$dir/" 'File "' "$dir/"
        } >"$name.err"
        echo "$name: exit status $status"
    else
        rm -f "$name.err"
    fi
    rm -f "$stderr_file"
    count=$((count + 1))
done
echo "regenerated $count programs"
