#!/usr/bin/env bash
# Makes dist/crm-VERSION-linux-ARCH.tar.gz: a release build (Swift runtime linked statically) with
# the man page, shell completions and editor files, in the layout scripts/install.sh installs
# (scripts/release-lib.sh lists it). Unpack it into a prefix:
#   tar -xzf crm-0.1.0-linux-x86_64.tar.gz -C ~/.local --strip-components=1
# scripts/check-package.sh checks the result. A release build takes several minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
source scripts/release-lib.sh
bin="$(crm_release_build)"
version="$("$bin" --version | cut -d' ' -f2)"
name="crm-$version-linux-$(uname -m)"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
crm_stage "$bin" "$stage/$name"
install -m 0644 README.md "$stage/$name/share/crm/README.md"
mkdir -p dist
tar -czf "dist/$name.tar.gz" -C "$stage" "$name"
echo "dist/$name.tar.gz"
