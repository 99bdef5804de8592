#!/usr/bin/env bash
# Records the expected output of each benchmark program at its test size, from CPython 3.11.
#
# For each tests/benches/NAME.args (one line: the arguments that make benches/NAME.mp
# small), this runs `python3 NAME.mp ARGS` in benches/ and writes the stdout to
# tests/benches/NAME.out. tests/benches.rs runs minipy the same way and compares.
#
# Usage: tests/regen_benches.sh [SUBSTRING]   (only programs whose name contains it)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="$here/benches"
programs="$(cd "$here/../benches" && pwd)"
filter="${1:-}"

python="$(python3 -c 'import sys; print(sys.executable)')"
version="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
if [[ "$version" != "3.11" ]]; then
    echo "regen_benches.sh: need CPython 3.11, but $python is $version" >&2
    exit 1
fi
echo "using $python ($("$python" -c 'import sys; print(sys.version.split()[0])'))"

count=0
for args_file in "$dir"/*.args; do
    name="$(basename "$args_file" .args)"
    if [[ -n "$filter" && "$name" != *"$filter"* ]]; then
        continue
    fi
    read -r -a args <"$args_file"
    (cd "$programs" && PYTHONHASHSEED=0 "$python" "$name.mp" "${args[@]}" </dev/null) >"$dir/$name.out"
    count=$((count + 1))
done
echo "recorded $count programs"
