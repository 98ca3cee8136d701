#!/usr/bin/env bash
# `crm lsp` driven as an editor would: diagnostics latency on a 2,000-line script, completion
# latency, and memory over a long edit session (EDITS, default 10,000). CRM=path skips the
# release build (figures from a debug build are several times slower).
source "$(dirname "$0")/lib.sh"
[ -n "${CRM:-}" ] || bench_build
python3 "$ROOT/scripts/bench/lsp.py" "$CRM" "${EDITS:-10000}"
