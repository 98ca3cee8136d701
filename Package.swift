// swift-tools-version: 6.0
// The manifest reads CRM_LIGHT: when set, only the targets without third-party dependencies are
// declared (core, language, builtins, commands, line editor, bulk engine). Module work uses it to build and
// test in seconds; CI and scripts/test.sh always build everything.
import Foundation
import PackageDescription

let light = ProcessInfo.processInfo.environment["CRM_LIGHT"] != nil

var targets: [Target] = [
    .systemLibrary(
        name: "CLibEdit",
        pkgConfig: "libedit",
        providers: [.apt(["libedit-dev"])]
    ),
    .target(name: "CRMCore"),
    .target(name: "CRMLanguage", dependencies: ["CRMCore"]),
    .target(name: "CRMBuiltins", dependencies: ["CRMCore"]),
    .target(name: "CRMCommands", dependencies: ["CRMCore", "CRMBuiltins"]),
    .target(name: "CRMLineEditor", dependencies: ["CRMCore", "CLibEdit"]),
    // The bulk engine: plans, guards, journals, sends and resumes runs; reaches the shell through
    // `BulkHost` only.
    .target(name: "CRMBulk", dependencies: ["CRMCore"]),
    // `crm lsp`: the language server; handed the shell's registry and help renderer by `crm`.
    .target(name: "CRMLSP", dependencies: ["CRMCore", "CRMLanguage", "CRMLineEditor"]),
    .testTarget(name: "CRMCoreTests", dependencies: ["CRMCore"]),
    .testTarget(
        name: "CRMLanguageTests",
        dependencies: ["CRMCore", "CRMLanguage", "CRMBuiltins"],
        resources: [.copy("Scripts")]
    ),
    .testTarget(name: "CRMBuiltinsTests", dependencies: ["CRMCore", "CRMBuiltins"]),
    .testTarget(name: "CRMCommandsTests", dependencies: ["CRMCore", "CRMCommands"]),
    .testTarget(name: "CRMLineEditorTests", dependencies: ["CRMCore", "CRMLineEditor"]),
    .testTarget(name: "CRMBulkTests", dependencies: ["CRMCore", "CRMBulk"]),
    .testTarget(name: "CRMLSPTests", dependencies: ["CRMCore", "CRMLanguage", "CRMLSP"]),
]

var dependencies: [Package.Dependency] = []

if !light {
    dependencies += [
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ]
    targets += [
        .target(
            name: "CRMClient",
            dependencies: [
                "CRMCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "CRMSandbox",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "CRMShell",
            dependencies: [
                "CRMCore", "CRMLanguage", "CRMBuiltins", "CRMCommands", "CRMLineEditor", "CRMBulk", "CRMClient",
                "CRMSandbox",
            ]
        ),
        .executableTarget(name: "crm", dependencies: ["CRMShell", "CRMLSP"]),
        .testTarget(name: "CRMClientTests", dependencies: ["CRMCore", "CRMClient", "CRMSandbox"]),
        .testTarget(
            name: "CRMSandboxTests",
            dependencies: ["CRMSandbox", .product(name: "AsyncHTTPClient", package: "async-http-client")]
        ),
        .testTarget(
            name: "CRMShellTests",
            dependencies: [
                "CRMCore", "CRMShell", "CRMSandbox", "CRMClient", "CRMCommands", "CRMLineEditor", "CRMBulk",
            ]
        ),
    ]
}

let package = Package(
    name: "crm",
    platforms: [.macOS(.v14)],
    products: light ? [] : [.executable(name: "crm", targets: ["crm"])],
    dependencies: dependencies,
    targets: targets,
    swiftLanguageModes: [.v6]
)
