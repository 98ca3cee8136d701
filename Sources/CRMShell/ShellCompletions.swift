import Foundation

/// `crm completions bash|zsh|fish`: completion scripts for crm's own command line, generated from
/// `LaunchSpec` (options, modes and mode flags). Profile names and run ids are asked of the
/// installed crm at Tab time (`crm completions --list profiles|runs`), so they are always current.
///
/// Each script finds the mode the same way: the first word after crm that is not an option (or an
/// option's value) is the mode word, or a script file.
enum ShellCompletions {
    /// The script for `shell` (bash, zsh or fish; anything else gives an empty string).
    static func script(for shell: String) -> String {
        switch shell {
        case "bash": bash
        case "zsh": zsh
        case "fish": fish
        default: ""
        }
    }

    /// Every spelling of the options that take a value.
    static var valueOptions: [String] {
        LaunchSpec.options.filter { $0.value != nil }.flatMap { [$0.name] + ($0.short.map { [$0] } ?? []) }
    }

    /// The mode words (`run`, `play`, …, `-c`, `-`).
    static var modeWords: [String] { LaunchSpec.modes.map(\.word).filter { !$0.isEmpty } }

    /// Mode words offered at Tab (not `-c` and `-`, which are typed, not discovered).
    static var offeredModes: [String] { modeWords.filter { !$0.hasPrefix("-") } }

    static func words(_ list: [String]) -> String { list.joined(separator: " ") }

    /// The mode with its flags and argument kind, for the per-mode branches.
    static var modesWithWord: [LaunchMode] { LaunchSpec.modes.filter { !$0.word.isEmpty && !$0.word.hasPrefix("-") } }

    // MARK: bash

    static var bash: String {
        var lines = [
            "# crm completion for bash. Load it with: eval \"$(crm completions bash)\"",
            "# or save it as ~/.local/share/bash-completion/completions/crm",
            "_crm_values() { \"${COMP_WORDS[0]}\" completions --list \"$1\" 2>/dev/null; }",
            "_crm_scripts() {",
            "    compopt -o filenames 2>/dev/null",
            "    COMPREPLY+=($(compgen -d -- \"$cur\") $(compgen -f -X '!*.crm' -- \"$cur\"))",
            "}",
            "_crm() {",
            "    local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"${COMP_WORDS[COMP_CWORD-1]}\" mode='' i",
            "    COMPREPLY=()",
            "    for ((i = 1; i < COMP_CWORD; i++)); do",
            "        case \"${COMP_WORDS[i]}\" in",
            "            \(modeWords.joined(separator: "|"))) mode=\"${COMP_WORDS[i]}\"; break ;;",
            "            \(valueOptions.joined(separator: "|"))) ((i++)) ;;",
            "            -*) ;;",
            "            *) mode=FILE; break ;;",
            "        esac",
            "    done",
            "    if [[ -z $mode ]]; then",
            "        case \"$prev\" in",
        ]
        for o in LaunchSpec.options where o.value != nil {
            let spell = ([o.name] + (o.short.map { [$0] } ?? [])).joined(separator: "|")
            lines.append("            \(spell)) \(bashValues(o.completes)) return ;;")
        }
        lines += [
            "        esac",
            "        if [[ $cur == -* ]]; then",
            "            COMPREPLY=($(compgen -W '\(words(LaunchSpec.optionWords))' -- \"$cur\"))",
            "        else",
            "            COMPREPLY=($(compgen -W '\(words(offeredModes))' -- \"$cur\"))",
            "            _crm_scripts",
            "        fi",
            "        return",
            "    fi",
            "    case \"$mode\" in",
        ]
        for m in modesWithWord {
            var body: [String] = []
            if !m.flags.isEmpty {
                body.append(
                    "if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W '\(words(m.flags.map(\.name)))' -- \"$cur\")); "
                        + "return; fi;")
            }
            body.append(bashValues(m.argument))
            lines.append("        \(m.word)) \(body.joined(separator: " ")) ;;")
        }
        lines += ["        FILE) _crm_scripts ;;", "    esac", "}", "complete -F _crm crm", ""]
        return lines.joined(separator: "\n")
    }

    static func bashValues(_ c: LaunchCompletion) -> String {
        switch c {
        case .nothing: ":;"
        case .profiles: "COMPREPLY=($(compgen -W \"$(_crm_values profiles)\" -- \"$cur\"));"
        case .runs: "COMPREPLY=($(compgen -W \"$(_crm_values runs)\" -- \"$cur\"));"
        case .scripts: "_crm_scripts;"
        case .choices(let c): "COMPREPLY=($(compgen -W '\(words(c))' -- \"$cur\"));"
        }
    }

    // MARK: zsh

    static var zsh: String {
        var lines = [
            "#compdef crm",
            "# crm completion for zsh. Load it with: eval \"$(crm completions zsh)\" (after compinit),",
            "# or save it as _crm in a directory of $fpath.",
            "_crm() {",
            "    local cur=${words[CURRENT]} prev=${words[CURRENT-1]} mode='' i",
            "    for ((i = 2; i < CURRENT; i++)); do",
            "        case ${words[i]} in",
            "            (\(modeWords.joined(separator: "|")))) mode=${words[i]}; break ;;",
            "            (\(valueOptions.joined(separator: "|")))) ((i++)) ;;",
            "            (-*) ;;",
            "            (*) mode=FILE; break ;;",
            "        esac",
            "    done",
            "    if [[ -z $mode ]]; then",
            "        case $prev in",
        ]
        for o in LaunchSpec.options where o.value != nil {
            let spell = ([o.name] + (o.short.map { [$0] } ?? [])).joined(separator: "|")
            lines.append("            (\(spell)) \(zshValues(o.completes)) return ;;")
        }
        lines += [
            "        esac",
            "        if [[ $cur == -* ]]; then",
            "            compadd -- \(words(LaunchSpec.optionWords))",
            "        else",
            "            compadd -- \(words(offeredModes))",
            "            _files -g '*.crm'",
            "        fi",
            "        return",
            "    fi",
            "    case $mode in",
        ]
        for m in modesWithWord {
            var body: [String] = []
            if !m.flags.isEmpty {
                body.append("if [[ $cur == -* ]]; then compadd -- \(words(m.flags.map(\.name))); return; fi;")
            }
            body.append(zshValues(m.argument))
            lines.append("        (\(m.word)) \(body.joined(separator: " ")) ;;")
        }
        lines += [
            "        (FILE) _files ;;", "    esac", "}",
            "if [[ ${funcstack[1]} == _crm ]]; then _crm \"$@\"; else compdef _crm crm; fi", "",
        ]
        return lines.joined(separator: "\n")
    }

    static func zshValues(_ c: LaunchCompletion) -> String {
        switch c {
        case .nothing: ":;"
        case .profiles: "compadd -- ${(f)\"$(${words[1]} completions --list profiles 2>/dev/null)\"};"
        case .runs: "compadd -- ${(f)\"$(${words[1]} completions --list runs 2>/dev/null)\"};"
        case .scripts: "_files -g '*.crm';"
        case .choices(let c): "compadd -- \(words(c));"
        }
    }

    // MARK: fish

    static var fish: String {
        var lines = [
            "# crm completion for fish. Load it with: crm completions fish | source",
            "# or save it as ~/.config/fish/completions/crm.fish",
            "function __crm_mode",
            "    set -l skip 0",
            "    for w in (commandline -opc)[2..-1]",
            "        if test $skip = 1; set skip 0; continue; end",
            "        switch $w",
            "            case \(modeWords.map { "'\($0)'" }.joined(separator: " "))",
            "                echo $w; return",
            "            case \(valueOptions.joined(separator: " "))",
            "                set skip 1",
            "            case '-*'",
            "            case '*'",
            "                echo FILE; return",
            "        end",
            "    end",
            "    echo none",
            "end",
            "function __crm_in; test (__crm_mode) = $argv[1]; end",
            "function __crm_values; set -l c (commandline -opc)[1]; $c completions --list $argv[1] 2>/dev/null; end",
            "complete -c crm -f",
        ]
        for o in LaunchSpec.options {
            lines.append("complete -c crm -n '__crm_in none' \(fishFlag(o))")
        }
        for m in modesWithWord {
            lines.append("complete -c crm -n '__crm_in none' -a \(m.word) -d '\(fishText(m.summary))'")
        }
        lines.append("complete -c crm -n '__crm_in none' -a '(__fish_complete_suffix .crm)'")
        for m in modesWithWord {
            for f in m.flags { lines.append("complete -c crm -n '__crm_in \(m.word)' \(fishFlag(f))") }
            if let args = fishValues(m.argument) { lines.append("complete -c crm -n '__crm_in \(m.word)' \(args)") }
        }
        lines += ["complete -c crm -n '__crm_in FILE' -F", ""]
        return lines.joined(separator: "\n")
    }

    static func fishFlag(_ o: LaunchOption) -> String {
        var parts = ["-l", String(o.name.dropFirst(2))]
        if let s = o.short { parts += ["-s", String(s.dropFirst())] }
        if o.value != nil {
            parts.append("-r")
            if let v = fishValues(o.completes) { parts.append(v) }
        }
        parts.append("-d '\(fishText(o.summary))'")
        return parts.joined(separator: " ")
    }

    static func fishValues(_ c: LaunchCompletion) -> String? {
        switch c {
        case .nothing: nil
        case .profiles: "-x -a '(__crm_values profiles)'"
        case .runs: "-x -a '(__crm_values runs)'"
        case .scripts: "-a '(__fish_complete_suffix .crm)'"
        case .choices(let c): "-x -a '\(words(c))'"
        }
    }

    /// A description safe inside fish single quotes.
    static func fishText(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
    }
}
