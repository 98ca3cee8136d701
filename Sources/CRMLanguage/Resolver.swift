import CRMCore

/// Resolve once, evaluate many: binds every variable to a local or global slot, every command
/// word to a command or `def`, and loads `source` files, before anything runs. Unknown commands
/// (and other static mistakes) are collected so a script with one fails before running at all.
struct Resolver {
    let commands: any CommandLookup
    let globals: Globals
    var functions: [String: Function]
    let readSource: (String, String?) throws -> (text: String, name: String)
    var file: String
    var errors: [CRMError] = []

    var scopes: [[String: Int]] = []
    var nextSlot = 0
    var frameSize = 0
    var inFunction = false
    var loopDepth = 0
    var sourceDepth = 0
    var pendingFunctions: [Function] = []
    var definedHere: [String: SourceLocation] = [:]
    /// Whether the `def` being resolved reads `$in`.
    var readsInput = false

    init(
        commands: any CommandLookup, globals: Globals, functions: [String: Function], file: String,
        readSource: @escaping (String, String?) throws -> (text: String, name: String)
    ) {
        self.commands = commands
        self.globals = globals
        self.functions = functions
        self.file = file
        self.readSource = readSource
    }

    /// Resolves a top-level program; returns it with the frame size its top-level blocks need.
    mutating func resolveProgram(_ statements: [Stmt]) -> (statements: [Stmt], frameSize: Int) {
        let result = resolveTopLevel(statements)
        while let f = pendingFunctions.popLast() { resolveFunction(f) }
        return result
    }

    mutating func resolveTopLevel(_ statements: [Stmt]) -> (statements: [Stmt], frameSize: Int) {
        let saved = (scopes, nextSlot, frameSize, inFunction, loopDepth)
        scopes = []
        nextSlot = 0
        frameSize = 0
        inFunction = false
        loopDepth = 0
        hoist(statements)
        let out = statements.map { resolve($0) }
        let size = frameSize
        (scopes, nextSlot, frameSize, inFunction, loopDepth) = saved
        return (out, size)
    }

    mutating func hoist(_ statements: [Stmt]) {
        for s in statements {
            guard case .def(let f) = s else { continue }
            if let previous = definedHere[f.name] {
                errors.append(
                    CRMError(
                        "resolve.duplicate-function", "Function '\(f.name)' is already defined at \(previous).",
                        at: f.location, exit: .usage))
                continue
            }
            if commands.command(named: f.name) != nil {
                errors.append(
                    CRMError(
                        "resolve.shadowed-function",
                        "Function '\(f.name)' has the name of a command; choose another name.", at: f.location,
                        exit: .usage))
                continue
            }
            definedHere[f.name] = f.location
            functions[f.name] = f
            pendingFunctions.append(f)
        }
    }

    mutating func resolveFunction(_ f: Function) {
        let saved = (scopes, nextSlot, frameSize, inFunction, loopDepth)
        scopes = [[:]]
        nextSlot = 0
        frameSize = 0
        inFunction = true
        loopDepth = 0
        for p in f.parameters { _ = declare(p) }
        let inSlot = declare("in")
        let savedInput = readsInput
        readsInput = false
        f.body = Block(statements: f.body.statements.map { resolve($0) })
        f.inputSlot = readsInput ? inSlot : nil
        readsInput = savedInput
        f.frameSize = frameSize
        (scopes, nextSlot, frameSize, inFunction, loopDepth) = saved
    }

    // MARK: scopes

    mutating func declare(_ name: String) -> Int {
        let slot = nextSlot
        nextSlot += 1
        frameSize = max(frameSize, nextSlot)
        if scopes.isEmpty { scopes.append([:]) }
        scopes[scopes.count - 1][name] = slot  // SAFE: non-empty just above
        return slot
    }

    func lookupLocal(_ name: String) -> Int? {
        for scope in scopes.reversed() { if let s = scope[name] { return s } }
        return nil
    }

    mutating func withScope<T>(_ body: (inout Resolver) -> T) -> T {
        scopes.append([:])
        defer { scopes.removeLast() }
        return body(&self)
    }

    mutating func readVariable(_ ref: VarRef) -> VarRef {
        var r = ref
        if let n = Int(ref.name) {
            r.slot = .arg(n)
        } else if ref.name == "args" {
            r.slot = .args
        } else if ref.name == "env" {
            r.slot = .env
        } else if let s = lookupLocal(ref.name) {
            r.slot = .local(s)
            if ref.name == "in", inFunction { readsInput = true }
        } else {
            r.slot = .global(globals.slot(ref.name))
        }
        return r
    }

    mutating func assign(_ ref: VarRef, isLet: Bool) -> VarRef {
        var r = ref
        if scopes.isEmpty {
            globals.declared.insert(ref.name)
            r.slot = .global(globals.slot(ref.name))
        } else if isLet {
            r.slot = .local(declare(ref.name))
        } else if let s = lookupLocal(ref.name) {
            r.slot = .local(s)
        } else if globals.declared.contains(ref.name) {
            r.slot = .global(globals.slot(ref.name))
        } else {
            r.slot = .local(declare(ref.name))
        }
        return r
    }

    // MARK: statements

    mutating func resolve(_ s: Stmt) -> Stmt {
        switch s {
        case .pipeline(let p):
            return .pipeline(resolve(p))
        case .assign(let ref, let p, let isLet):
            let value = resolve(p)
            return .assign(assign(ref, isLet: isLet), value, isLet: isLet)
        case .assignInto(let ref, let steps, let p):
            let value = resolve(p)
            guard case .path(.variable(let r), let resolved) = resolve(.path(.variable(ref), steps)) else { return s }
            return .assignInto(r, resolved, value)
        case .ifElse(let arms, let elseBody):
            let arms = arms.map { IfArm(condition: resolve($0.condition), body: resolveBlock($0.body)) }
            return .ifElse(arms, elseBody: elseBody.map { resolveBlock($0) })
        case .forBlock(let ref, let source, let body):
            let src = resolve(source)
            loopDepth += 1
            defer { loopDepth -= 1 }
            return withScope { r in
                let v = VarRef(name: ref.name, location: ref.location, slot: .local(r.declare(ref.name)))
                return .forBlock(v, source: src, body: Block(statements: body.statements.map { r.resolve($0) }))
            }
        case .forCard(let ref, let source, let body):
            let src = resolve(source)
            return withScope { r in
                let v = VarRef(name: ref.name, location: ref.location, slot: .local(r.declare(ref.name)))
                let resolved = r.resolve(body)
                r.checkCardBody(resolved, loop: ref.name, source: src)
                return .forCard(v, source: src, body: resolved)
            }
        case .whileLoop(let cond, let body):
            let c = resolve(cond)
            loopDepth += 1
            defer { loopDepth -= 1 }
            return .whileLoop(c, resolveBlock(body))
        case .breakLoop(let loc), .continueLoop(let loc):
            if loopDepth == 0 {
                let word = if case .breakLoop = s { "break" } else { "continue" }
                errors.append(CRMError("resolve.outside-loop", "'\(word)' outside a loop.", at: loc, exit: .syntax))
            }
            return s
        case .def(let f):
            if !scopes.isEmpty || inFunction {
                if functions[f.name] !== f {
                    functions[f.name] = f
                    pendingFunctions.append(f)
                }
            }
            return s
        case .returnValue(let p, let loc):
            if !inFunction {
                errors.append(CRMError("resolve.outside-def", "'return' outside a 'def'.", at: loc, exit: .syntax))
            }
            return .returnValue(p.map { resolve($0) }, loc)
        case .source(let path, let loc, let program):
            program.arguments = program.arguments.map { $0.map { resolve($0) } }
            loadSource(path, at: loc, into: program)
            return s
        case .exit(let e, let loc):
            return .exit(e.map { resolve($0) }, loc)
        case .tryCatch(let body, let handler, let err, let loc):
            let b = resolveBlock(body)
            return withScope { r in
                let ref = VarRef(name: err.name, location: err.location, slot: .local(r.declare(err.name)))
                let h = handler.map { Block(statements: $0.statements.map { r.resolve($0) }) }
                return .tryCatch(b, catchBody: h, err: ref, loc)
            }
        }
    }

    mutating func resolveBlock(_ b: Block) -> Block {
        withScope { r in Block(statements: b.statements.map { r.resolve($0) }) }
    }

    mutating func loadSource(_ path: String, at loc: SourceLocation, into program: SourcedProgram) {
        guard sourceDepth < 16 else {
            errors.append(
                CRMError(
                    "resolve.source-depth", "'source' nested too deeply (more than 16 files) at '\(path)'.",
                    at: loc, exit: .usage))
            return
        }
        let text: String
        let name: String
        do {
            (text, name) = try readSource(path, file)
        } catch var e as CRMError {
            // Found before anything runs, like an unknown command: a usage error (exit 2) whatever
            // status the host's reader gives (the shipped one says runtime, a test host said usage).
            e.exitStatus = .usage
            errors.append(e.located(loc))
            return
        } catch {
            errors.append(CRMError("source.read", "Cannot read '\(path)': \(error).", at: loc, exit: .usage))
            return
        }
        let statements: [Stmt]
        do {
            statements = try Parser.parse(text, file: name)
        } catch let e as SyntaxErrors {
            errors += e.errors
            return
        } catch {
            return
        }
        let savedFile = file
        let savedDefined = definedHere
        file = name
        definedHere = [:]
        sourceDepth += 1
        let resolved = resolveTopLevel(statements)
        sourceDepth -= 1
        file = savedFile
        definedHere = savedDefined
        program.statements = resolved.statements
        program.frameSize = resolved.frameSize
    }
}

extension Resolver {
    /// Resolves a block handed to a command (or a `where` condition) in a new scope where `$it` is
    /// declared; `break`/`continue` cannot cross it.
    mutating func withItemScope<T>(_ it: VarRef, _ body: (inout Resolver, VarRef) -> T) -> T {
        let savedLoop = loopDepth
        loopDepth = 0
        defer { loopDepth = savedLoop }
        return withScope { r in
            let ref = VarRef(name: "it", location: it.location, slot: .local(r.declare("it")))
            return body(&r, ref)
        }
    }

    mutating func resolveStatementInBlock(_ s: Stmt) -> Stmt { resolve(s) }
}
