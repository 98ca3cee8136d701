#!/usr/bin/env bash
# The first command for a newcomer: builds crm and opens the REPL against the built-in sandbox
# (seeded demo data, no set-up), after playing the recorded demo examples/demo.crm (--no-play
# skips it). Without a terminal it runs examples/onboarding.crm instead.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
swift build --product crm >&2
bin="$(swift build --show-bin-path)/crm"
play=1
if [ "${1:-}" = "--no-play" ]; then play=0; shift; fi
if [ -t 0 ] && [ -t 1 ] && [ $# -eq 0 ]; then
  # The recorded demo, typed out as a screencast would show it; then the REPL is yours.
  [ $play -eq 1 ] && "$bin" --demo play examples/demo.crm --delay 25 || true
  exec "$bin" --demo
else
  exec "$bin" --demo "${@:-examples/onboarding.crm}"
fi
