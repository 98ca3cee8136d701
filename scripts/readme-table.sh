#!/usr/bin/env bash
# Regenerates the README's command table (between the commands:begin/end markers) from
# `crm -c 'help --markdown'`, the one source of that table. ReadmeTests fails when it drifts.
set -euo pipefail
cd "$(dirname "$0")/.."
crm="${CRM:-.build/debug/crm}"
table="$("$crm" -c 'help --markdown')"
python3 - "$table" <<'PY'
import sys, re
table = sys.argv[1].rstrip("\n")
text = open("README.md").read()
begin, end = "<!-- commands:begin -->", "<!-- commands:end -->"
i, j = text.index(begin) + len(begin), text.index(end)
open("README.md", "w").write(text[:i] + "\n" + table + "\n" + text[j:])
PY
