#!/usr/bin/env bash
# Checks a package made by scripts/package.sh (default: the newest dist/crm-*.tar.gz): the binary
# needs no Swift runtime library (ldd), and runs from the unpacked tarball in an empty environment
# (env -i): `crm -c 'echo ok'` and `crm --demo -c 'people | count'`; the man page renders and the
# completion scripts load. Not part of scripts/test.sh: it needs a release build (minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
tarball="${1:-$(ls -t dist/crm-*.tar.gz 2>/dev/null | head -1)}"
[ -n "$tarball" ] && [ -f "$tarball" ] || { echo "check-package: no tarball; run scripts/package.sh" >&2; exit 2; }
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
tar -xzf "$tarball" -C "$dir" --strip-components=1
crm="$dir/bin/crm"
fail() { echo "check-package: FAIL: $*" >&2; exit 1; }

if ldd "$crm" | grep -Ei 'swift|foundation|dispatch|BlocksRuntime'; then fail "links a Swift runtime library"; fi
echo "ldd: $(ldd "$crm" | awk '{print $1}' | tr '\n' ' ')"
out="$(cd "$dir" && env -i "$crm" -c 'echo ok')"
[ "$out" = "ok" ] || fail "crm -c 'echo ok' printed '$out'"
n="$(cd "$dir" && env -i "$crm" --demo -c 'people | count')"
[[ "$n" =~ ^[0-9]+$ ]] && [ "$n" -gt 0 ] || fail "crm --demo -c 'people | count' printed '$n'"
[ "$(env -i "$crm" --version)" = "crm $(basename "$tarball" | sed -E 's/^crm-([^-]+)-.*/\1/')" ] || fail "version"
if command -v man >/dev/null; then
  MANPAGER=cat MANWIDTH=80 man "$dir/share/man/man1/crm.1" | grep -q 'EXIT STATUS' || fail "man page"
fi
bash -c "source '$dir/share/bash-completion/completions/crm' && complete -p crm" >/dev/null || fail "bash completion"
for f in share/zsh/site-functions/_crm share/fish/vendor_completions.d/crm.fish share/vim/vimfiles/syntax/crm.vim \
  share/crm/crm.tmLanguage.json; do
  [ -s "$dir/$f" ] || fail "missing $f"
done
echo "check-package: ok: $(basename "$tarball") ($(du -h "$tarball" | cut -f1)), people | count = $n"
