#!/usr/bin/env bash
# Builds crm and runs every test (unit, golden scripts, sandbox, client, end-to-end, tmux REPL).
# Installs libedit-dev, pkg-config and tmux first when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
swift build --build-tests
swift test --skip-build 2>&1 | tee .build/test-output.txt
