// swift-tools-version:6.0
// Speed benchmarks, kept in their own package so nothing they need reaches Quarry's users.
// Run from the repository root:  swift run -c release --package-path Benchmarks quarry-bench help
import PackageDescription

let package = Package(
    name: "QuarryBenchmarks",
    dependencies: [
        .package(name: "Quarry", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "quarry-bench",
            dependencies: [.product(name: "Quarry", package: "Quarry")]
        ),
    ]
)
