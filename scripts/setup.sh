#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks for building and testing crm: libedit-dev (the line
# editor), pkg-config (SwiftPM finds libedit through it), tmux (the real-terminal REPL test),
# zsh and fish (the outer completion tests; bash is there already) and man-db/groff-base (the
# test that renders the man page).
# Sourced by scripts/test.sh and scripts/demo.sh; safe to run again.
set -euo pipefail
crm_missing=()
command -v pkg-config >/dev/null 2>&1 || crm_missing+=(pkg-config)
if ! pkg-config --exists libedit 2>/dev/null && [ ! -f /usr/include/histedit.h ]; then crm_missing+=(libedit-dev); fi
command -v tmux >/dev/null 2>&1 || crm_missing+=(tmux)
command -v zsh >/dev/null 2>&1 || crm_missing+=(zsh)
command -v fish >/dev/null 2>&1 || crm_missing+=(fish)
command -v man >/dev/null 2>&1 || crm_missing+=(man-db)
command -v groff >/dev/null 2>&1 || crm_missing+=(groff-base)
if [ ${#crm_missing[@]} -gt 0 ]; then
  echo "setup: installing ${crm_missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${crm_missing[@]}" >/dev/null
fi
if ! command -v swift >/dev/null 2>&1; then
  for d in /opt/swift/usr/bin /usr/share/swift/usr/bin; do [ -x "$d/swift" ] && export PATH="$d:$PATH"; done
fi
