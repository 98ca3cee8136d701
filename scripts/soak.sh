#!/usr/bin/env bash
# Soak test: runs N (default 10,000) REPL commands in `crm --demo` on a real pty (tmux) against
# the built-in sandbox, and samples the crm process's RSS every 500 commands.
#
#   scripts/soak.sh [N]           CRM_BIN=path/to/crm to use another binary (default .build/debug/crm)
#
# Prints one line per sample (`commands rss_kb`) and a summary: first, peak and last RSS, and the
# growth per 1,000 commands after the warm-up. History and run journals go to a temporary
# directory, so the soak leaves the user's files alone. Needs tmux.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-10000}"
bin="${CRM_BIN:-.build/debug/crm}"
[ -x "$bin" ] || { echo "soak: no crm binary at $bin (build first, or set CRM_BIN)" >&2; exit 2; }
command -v tmux >/dev/null || { echo "soak: tmux is needed" >&2; exit 2; }

tmp="$(mktemp -d)"
session="crm-soak-$$"
cleanup() { tmux kill-session -t "$session" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT

tmux new-session -d -s "$session" -x 200 -y 50 \
  "env XDG_STATE_HOME=$tmp/state XDG_CONFIG_HOME=$tmp/config HOME=$tmp $bin --demo"

# Waits until the pane shows `text` (the REPL has caught up), at most 120 s.
wait_for() {
  for _ in $(seq 1 1200); do
    if tmux capture-pane -p -t "$session" -S -50 | grep -qF -- "$1"; then return 0; fi
    sleep 0.1
  done
  echo "soak: timed out waiting for '$1'" >&2
  tmux capture-pane -p -t "$session" -S -30 >&2
  exit 1
}

wait_for "crm:demo"
pid="$(pgrep -n -f -- "$bin --demo")"
commands=(
  'people | count'
  'people --tag vip | first 3'
  'tags | count'
  'set x = 41'
  'echo ($x + 1)'
  'people | first 5 | get name'
  'help people | lines | count'
  '[1, 2, 3] | count'
)
rss() { awk '/VmRSS/ {print $2}' "/proc/$pid/status"; }
echo "commands rss_kb"
first="$(rss)"
echo "0 $first"
peak="$first"
warm=""
for ((i = 1; i <= n; i++)); do
  tmux send-keys -t "$session" -l -- "${commands[$((i % ${#commands[@]}))]}"
  tmux send-keys -t "$session" Enter
  if ((i % 500 == 0)); then
    tmux send-keys -t "$session" -l -- "echo soak-mark-$i"
    tmux send-keys -t "$session" Enter
    wait_for "soak-mark-$i"
    tmux clear-history -t "$session"
    r="$(rss)"
    echo "$i $r"
    ((r > peak)) && peak="$r"
    ((i == 1000)) && warm="$r"
  fi
done
last="$(rss)"
tmux send-keys -t "$session" -l -- "exit"
tmux send-keys -t "$session" Enter
echo "first ${first} kB, peak ${peak} kB, last ${last} kB"
if [ -n "$warm" ] && ((n > 1000)); then
  echo "growth after warm-up: $(((last - warm) * 1000 / (n - 1000))) kB per 1,000 commands"
fi
