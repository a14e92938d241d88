// swift-tools-version:6.0
// libFuzzer harnesses for Quarry's parsers, kept in their own package so the sanitizer
// build never touches the main one. Build and run through `fuzz/run NAME SECONDS`
// (see RELIABILITY.md); each harness is an executable whose entry point is libFuzzer's.
import PackageDescription

let harnesses = ["csv", "json", "npy", "qrels", "model", "expression"]

let package = Package(
    name: "QuarryFuzz",
    dependencies: [
        .package(name: "Quarry", path: ".."),
    ],
    targets: [
        .target(name: "FuzzSupport", dependencies: [.product(name: "Quarry", package: "Quarry")]),
    ] + harnesses.map { name in
        .executableTarget(
            name: "fuzz-\(name)",
            dependencies: ["FuzzSupport", .product(name: "Quarry", package: "Quarry")]
        )
    }
)
