import CRMCore

/// Where a variable lives once the resolver has looked at it.
enum Slot: Equatable {
    /// Not resolved yet (the parser's output).
    case unresolved
    /// A slot in the current frame (a `def` call, or the top level's block locals).
    case local(Int)
    /// A slot of the interpreter's globals.
    case global(Int)
    /// `$args`: the script arguments as a list.
    case args
    /// `$1` … `$9`: one script argument (null when not given).
    case arg(Int)
    /// `$env`: the environment as a record (read-only).
    case env
}

/// A variable reference: its name, where it was written and (after resolving) where it lives.
struct VarRef {
    var name: String
    var location: SourceLocation
    var slot: Slot = .unresolved
}

/// A binary operator.
enum BinaryOp: String {
    case add = "+"
    case sub = "-"
    case mul = "*"
    case div = "/"
    case mod = "%"
    case eq = "=="
    case ne = "!="
    case lt = "<"
    case le = "<="
    case gt = ">"
    case ge = ">="
}

/// One step of a field path: `.name`, `?.name` or `[index]`.
enum PathStep {
    case field(String, SourceLocation)
    /// `?.name`: when the value so far is null the whole path is null (`$it.match?.id`), as in
    /// nushell; `.name` on null is an error.
    case optional(String, SourceLocation)
    case index(Expr, SourceLocation)
}

/// A piece of an interpolated string.
enum InterpolationPart {
    case text(String)
    case expr(Expr)
}

/// An expression.
indirect enum Expr {
    case literal(Value)
    case interpolated([InterpolationPart])
    case variable(VarRef)
    /// A bare path inside a `where` condition: a field path of the item (`$it`).
    case itemField(ItemPath, it: VarRef)
    case path(Expr, [PathStep])
    case list([Expr])
    case record([(key: Expr, value: Expr)])
    case negate(Expr, SourceLocation)
    case not(Expr)
    case binary(BinaryOp, Expr, Expr, SourceLocation)
    case and(Expr, Expr)
    case or(Expr, Expr)
    /// `(a | b)`: a pipeline whose collected result is the value.
    case pipeline(Pipeline)
}

/// One argument of a command call, as written.
enum ArgumentExpr {
    case value(Expr, SourceLocation)
    case flag(String, inline: Expr?, SourceLocation)
    case block(Block, it: VarRef, SourceLocation)
    /// The condition of `where`: one expression, bare names are fields of `$it`.
    case predicate(Expr, it: VarRef, SourceLocation)
}

/// What a command word resolved to.
enum CallTarget {
    case unresolved
    case command(Command)
    case function(Function)
}

/// A command call: `people get 42 --include tags`, `greet Ann`, `where age > 3`.
struct Call {
    var name: String
    /// A bare second word that may make a two-word command name (`to json`).
    var secondWord: (text: String, location: SourceLocation)?
    var arguments: [ArgumentExpr]
    var location: SourceLocation
    var target: CallTarget = .unresolved
}

/// One element of a pipeline.
enum Element {
    case expr(Expr, SourceLocation)
    case call(Call)
}

/// `a | b | c`.
struct Pipeline {
    var elements: [Element]
    var location: SourceLocation

    /// The single expression of a pipeline that is just an expression, if it is one.
    var singleExpr: Expr? {
        if elements.count == 1, case .expr(let e, _) = elements[0] { return e }  // SAFE: count checked
        return nil
    }
}

/// `{ statements }`.
struct Block {
    var statements: [Stmt]
}

/// One `if`/`else if` arm.
struct IfArm {
    var condition: Expr
    var body: Block
}

/// A statement.
indirect enum Stmt {
    case pipeline(Pipeline)
    case assign(VarRef, Pipeline, isLet: Bool)
    /// `set p.name = …`, `set xs[0] = …`: changes part of the variable's value.
    case assignInto(VarRef, [PathStep], Pipeline)
    case ifElse([IfArm], elseBody: Block?)
    case forBlock(VarRef, source: Pipeline, body: Block)
    case forCard(VarRef, source: Pipeline, body: Pipeline)
    case whileLoop(Expr, Block)
    case breakLoop(SourceLocation)
    case continueLoop(SourceLocation)
    case def(Function)
    case returnValue(Pipeline?, SourceLocation)
    case source(String, SourceLocation, SourcedProgram)
    case exit(Expr?, SourceLocation)
    /// `try { … } catch { … }`: the catch block sees the error as `$err` (`err` is its slot).
    case tryCatch(Block, catchBody: Block?, err: VarRef, SourceLocation)
}

extension Stmt {
    /// The path of a `source` statement ("" for any other statement).
    var sourcePath: String { if case .source(let path, _, _) = self { path } else { "" } }
}

/// A program a `source` statement loads at resolve time.
final class SourcedProgram {
    var statements: [Stmt] = []
    var frameSize = 0
    /// `source FILE a b`: the values `$1`, `$2`, … (and `$args`) hold while the file runs; nil
    /// keeps the caller's arguments.
    var arguments: [Expr]?
}

/// A user function from `def name(params) { … }`.
final class Function {
    let name: String
    let parameters: [String]
    let location: SourceLocation
    var body: Block
    /// The number of local slots a call needs (parameters first).
    var frameSize = 0
    /// The declaration used to bind call arguments.
    let spec: CommandSpec
    /// The slot of `$in` (the call's pipeline input), when the body reads it.
    var inputSlot: Int?

    init(name: String, parameters: [String], body: Block, location: SourceLocation) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.location = location
        self.spec = CommandSpec(
            name, group: "functions", summary: "User function defined at \(location).",
            parameters: parameters.map { ParameterSpec($0, .any, "a value for parameter '\($0)'") }, acceptsInput: true)
    }
}
