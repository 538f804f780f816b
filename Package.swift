// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Loket",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "loket", targets: ["loket"]),
        .executable(name: "loket-bench", targets: ["loket-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // Layer 1: pure domain rules, no I/O.
        .target(name: "LoketDomain", swiftSettings: strict),
        // Layer 2: the store's API (backend-neutral) and its SQLite implementation.
        .target(name: "LoketStore", dependencies: ["LoketDomain"], swiftSettings: strict),
        // The media folder: attachments kept by content hash, written whole or not at all.
        .target(
            name: "LoketMedia",
            dependencies: ["LoketDomain", "LoketStore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        .target(
            name: "LoketSQLite",
            dependencies: ["LoketDomain", "LoketStore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        // The PostgreSQL backend for teams on several hosts (issue 16; in progress: not yet behind --store).
        .target(
            name: "LoketPostgres",
            dependencies: ["LoketDomain", "LoketStore", .product(name: "PostgresNIO", package: "postgres-nio"),
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // Configuration file (loket.toml) with line-accurate errors.
        .target(
            name: "LoketConfig",
            dependencies: ["LoketDomain", .product(name: "TOMLKit", package: "TOMLKit")],
            resources: [.copy("Resources/ratecards")],
            swiftSettings: strict
        ),
        // Layer 3: the WhatsApp Cloud API codec (webhooks in, requests out, template listings).
        .target(
            name: "LoketCloudAPI",
            dependencies: [
                "LoketDomain", "LoketStore", "LoketMedia",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // Layer 3: the gateway daemon (webhook receiver, outbox dispatcher) and the Cloud API simulator.
        .target(
            name: "LoketGateway",
            dependencies: [
                "LoketDomain", "LoketStore", "LoketCloudAPI", "LoketConfig", "LoketMedia",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The Cloud API simulator: Meta's messages endpoint and webhooks on 127.0.0.1, for tests and the demo.
        .target(
            name: "LoketSimulator",
            dependencies: [
                "LoketCloudAPI", "LoketDomain", "LoketStore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // The demo desk: seed data, simulated customers, and the gateway + simulator wired together (loket demo).
        .target(
            name: "LoketDemo",
            dependencies: [
                "LoketDomain", "LoketStore", "LoketGateway", "LoketSimulator", "LoketMedia",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Layer 4: the terminal. TermCore is pure (cells, widths, colours, keys, an in-memory screen);
        // TermCurses is the ncursesw backend; CNcurses the system library with a small C shim.
        .systemLibrary(name: "CNcurses", providers: [.apt(["libncurses-dev"])]),
        .target(name: "TermCore", swiftSettings: strict),
        .target(name: "TermCurses", dependencies: ["TermCore", "CNcurses"], swiftSettings: strict),
        // Layer 5: the console app (panes, keymap, themes, controllers); it sees a TerminalBackend, never ncurses.
        .target(
            name: "LoketConsole",
            dependencies: ["LoketDomain", "LoketStore", "LoketConfig", "LoketMedia", "TermCore"],
            resources: [.copy("Resources/themes"), .copy("Resources/lang")],
            swiftSettings: strict
        ),
        // The scripted command line (shared by the executable and tests).
        .target(
            name: "LoketCLI",
            dependencies: [
                "LoketDomain", "LoketStore", "LoketSQLite", "LoketConfig", "LoketCloudAPI", "LoketGateway",
                "LoketDemo", "LoketConsole", "LoketMedia", "LoketPostgres", "TermCore", "TermCurses",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "loket", dependencies: ["LoketCLI"], swiftSettings: strict),
        .executableTarget(
            name: "loket-bench",
            dependencies: [
                "LoketDomain", "LoketStore", "LoketSQLite", "LoketPostgres", "LoketConfig", "LoketGateway", "LoketCloudAPI", "LoketSimulator", "LoketConsole", "LoketMedia", "TermCore",
                "LoketTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Helpers shared by the test targets and loket-bench (finding and driving the built `loket`, child processes).
        .target(name: "LoketTestSupport", dependencies: ["LoketDomain", "LoketStore"], path: "Tests/LoketTestSupport", swiftSettings: strict),
        .testTarget(name: "LoketDomainTests", dependencies: ["LoketDomain"], swiftSettings: strict),
        // One conformance suite, every backend (fluent-kit's FluentBenchmark is the model): SQLite and a throwaway PostgreSQL.
        .testTarget(
            name: "LoketStoreConformanceTests",
            dependencies: ["LoketDomain", "LoketStore", "LoketSQLite", "LoketPostgres", "LoketTestSupport",
                           .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "LoketSQLiteTests",
            dependencies: ["LoketDomain", "LoketStore", "LoketSQLite", "LoketTestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "LoketCloudAPITests", dependencies: ["LoketCloudAPI", "LoketStore", "LoketDomain"],
            resources: [.copy("Fixtures")], swiftSettings: strict
        ),
        .testTarget(
            name: "LoketGatewayTests",
            dependencies: [
                "loket", "LoketTestSupport", "LoketGateway", "LoketSimulator", "LoketCloudAPI", "LoketSQLite", "LoketPostgres", "LoketStore", "LoketDomain",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "TermCoreTests", dependencies: ["TermCore"], swiftSettings: strict),
        .testTarget(
            name: "LoketConsoleTests",
            dependencies: ["LoketConsole", "TermCore", "LoketSQLite", "LoketStore", "LoketDomain", "LoketConfig", "LoketTestSupport",
                           .product(name: "GRDB", package: "GRDB.swift")],
            exclude: ["Snapshots"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "LoketTerminalTests",
            dependencies: ["loket", "LoketTestSupport", "LoketSQLite", "LoketPostgres", "LoketStore", "LoketDomain"],
            swiftSettings: strict
        ),
        .testTarget(name: "LoketConfigTests", dependencies: ["LoketConfig", "LoketDomain", "LoketTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "LoketCLITests", dependencies: ["loket", "LoketTestSupport", "LoketSQLite", "LoketPostgres", "LoketStore", "LoketDomain", "LoketDemo", "LoketSimulator"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
