#!/usr/bin/env bash
# The first command for a newcomer: builds crm and opens the REPL against the built-in sandbox
# (seeded demo data, no set-up). Without a terminal it runs examples/onboarding.crm instead.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
swift build --product crm >&2
bin="$(swift build --show-bin-path)/crm"
if [ -t 0 ] && [ -t 1 ] && [ $# -eq 0 ]; then
  exec "$bin" --demo
else
  exec "$bin" --demo "${@:-examples/onboarding.crm}"
fi
