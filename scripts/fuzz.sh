#!/usr/bin/env bash
# Runs the language fuzz test with a million random inputs (release build) and prints its result
# line: every input must end in a value or a located error, never a crash or a hang.
# CRM_SCRATCH_PATH picks the build folder (default .build); CRM_FUZZ_COUNT the number of inputs.
set -euo pipefail
cd "$(dirname "$0")/.."
count="${CRM_FUZZ_COUNT:-1000000}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if CRM_FUZZ_COUNT="$count" swift test -c release --scratch-path "${CRM_SCRATCH_PATH:-.build}" --filter 'CRMLanguageTests.FuzzTests' >"$log" 2>&1; then
    grep -E '^fuzz:' "$log"
    echo "fuzz: passed"
else
    grep -E '^fuzz:|✘|error:|Fatal|fatal' "$log" | head -40
    echo "fuzz: FAILED (full log above)"
    exit 1
fi
