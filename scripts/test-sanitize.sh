#!/usr/bin/env bash
# Builds the addon with AddressSanitizer + UndefinedBehaviorSanitizer, runs the capture tests
# (offline and, as root, live) against it, then restores the normal build.
# The ASan runtime must be loaded before node itself, hence LD_PRELOAD.
set -uo pipefail
cd "$(dirname "$0")/.."
node scripts/build.js --sanitize || exit 1
asan=$(g++ -print-file-name=libasan.so)
ubsan=$(g++ -print-file-name=libubsan.so)
# Node's own allocations are not ours to judge: leak checking off; everything else aborts the run.
# A small quarantine keeps the memory-growth assertions of the tests meaningful under ASan.
LD_PRELOAD="$asan:$ubsan" \
ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:halt_on_error=1:quarantine_size_mb=16:thread_local_quarantine_size_kb=64 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  npx mocha --no-config --timeout 120000 test/capture
status=$?
node scripts/build.js >/dev/null || exit 1
exit $status
