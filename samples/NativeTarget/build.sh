#!/usr/bin/env bash
# Builds both variants of target.c with AFL++'s compiler into the folder given as $1:
#   native-target             plain forkserver mode (stdin or @@ file argument)
#   native-target-persistent  persistent mode, deferred start, shared-memory test cases
# Needs afl-cc (Debian: apt-get install -y afl++).
set -euo pipefail
out=${1:?usage: build.sh <output folder>}
here=$(cd "$(dirname "$0")" && pwd)
command -v afl-cc >/dev/null || { echo "build.sh: afl-cc not found; install it with: apt-get install -y afl++" >&2; exit 127; }
mkdir -p "$out"
# AFL_QUIET: afl-cc prints a banner and instrumentation counts on stderr otherwise.
export AFL_QUIET=1
afl-cc -O2 -o "$out/native-target" "$here/target.c"
afl-cc -O2 -DPERSISTENT -o "$out/native-target-persistent" "$here/target.c"
