# Shared by scripts/install.sh and scripts/package.sh (sourced, not run): the release build and
# the one layout both install.
#
#   bin/crm                                      the program (Swift runtime linked in statically)
#   share/man/man1/crm.1                         crm help --man
#   share/bash-completion/completions/crm        crm completions bash
#   share/zsh/site-functions/_crm                crm completions zsh
#   share/fish/vendor_completions.d/crm.fish     crm completions fish
#   share/vim/vimfiles/{syntax,ftdetect}/crm.vim editors/vim
#   share/crm/crm.tmLanguage.json                editors/crm.tmLanguage.json (VS Code, Sublime…)

# Builds crm in release mode with the Swift standard library and Foundation linked statically,
# and prints the path of the binary.
crm_release_build() {
  swift build -c release --product crm --static-swift-stdlib >&2
  echo "$(swift build -c release --show-bin-path)/crm"
}

# Installs the binary $1 and everything generated from it under the prefix $2.
crm_stage() {
  local bin="$1" prefix="$2"
  mkdir -p "$prefix/bin" "$prefix/share/man/man1" "$prefix/share/bash-completion/completions" \
    "$prefix/share/zsh/site-functions" "$prefix/share/fish/vendor_completions.d" \
    "$prefix/share/vim/vimfiles/syntax" "$prefix/share/vim/vimfiles/ftdetect" "$prefix/share/crm"
  install -m 0755 "$bin" "$prefix/bin/crm"
  # Debug symbols are half the binary (158 MB → 81 MB); crash backtraces still name the frames.
  if command -v strip >/dev/null 2>&1; then strip "$prefix/bin/crm"; fi
  "$bin" help --man >"$prefix/share/man/man1/crm.1"
  "$bin" completions bash >"$prefix/share/bash-completion/completions/crm"
  "$bin" completions zsh >"$prefix/share/zsh/site-functions/_crm"
  "$bin" completions fish >"$prefix/share/fish/vendor_completions.d/crm.fish"
  install -m 0644 editors/vim/syntax/crm.vim "$prefix/share/vim/vimfiles/syntax/crm.vim"
  install -m 0644 editors/vim/ftdetect/crm.vim "$prefix/share/vim/vimfiles/ftdetect/crm.vim"
  install -m 0644 editors/crm.tmLanguage.json "$prefix/share/crm/crm.tmLanguage.json"
}
