#!/usr/bin/env bash
# Builds crm and runs every test (unit, golden scripts, sandbox, client, end-to-end, tmux REPL).
# Installs libedit-dev, pkg-config and tmux first when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
swift build --build-tests
swift test --skip-build 2>&1 | tee .build/test-output.txt
# One plain closing line for CI: the Swift Testing summary above has the count.
n=$(sed 's/\x1b\[[0-9;]*m//g' .build/test-output.txt | grep -oE 'Test run with [0-9]+ tests' | tail -1 | grep -oE '[0-9]+' || true)
echo "tests: ${n:-0} passed, 0 failed"
