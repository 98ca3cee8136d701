#!/usr/bin/env bash
# Builds crm for release (Swift runtime linked statically, so the binary needs no Swift toolchain)
# and installs it, its man page, shell completions and editor files under PREFIX (default ~/.local).
# The layout is listed in scripts/release-lib.sh. A release build takes several minutes.
#   scripts/install.sh            # ~/.local/bin/crm, ~/.local/share/man/man1/crm.1, …
#   scripts/install.sh /usr/local
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
source scripts/release-lib.sh
prefix="${1:-$HOME/.local}"
bin="$(crm_release_build)"
crm_stage "$bin" "$prefix"
echo "installed crm $("$bin" --version | cut -d' ' -f2) under $prefix" >&2
case ":$PATH:" in *":$prefix/bin:"*) ;; *) echo "add $prefix/bin to PATH" >&2 ;; esac
