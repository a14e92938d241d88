// swift-tools-version:6.0
import PackageDescription
import Foundation

// MARK: - Reaching the right vector instructions
//
// A plain release build targets baseline x86-64 (SSE2). There, SIMD8<Float>.addingProduct
// lowers to scalar libm calls and the search, metric and tree kernels run ~100× slower.
// Swift has no per-function target attributes, so the choice is made once per build:
// when the machine that builds Quarry has the Haswell feature set (AVX2, FMA, BMI1/2,
// F16C, MOVBE, LZCNT) the library is compiled for it; otherwise it is compiled portable
// and stays correct everywhere. Quarry builds from source, so "the building machine"
// is the running machine for `swift run`, CI and benchmarks.
//
// Override with QUARRY_TARGET_CPU: `portable` (never add the flag, e.g. for a binary
// shipped to older CPUs) or a CPU name that swiftc accepts (e.g. `haswell`, `znver3`).
// arm64 needs nothing: NEON is part of its baseline.
func hostTargetCPU() -> String? {
    let override = ProcessInfo.processInfo.environment["QUARRY_TARGET_CPU"]
    if let override, !override.isEmpty { return override == "portable" ? nil : override }
    #if arch(x86_64) && os(Linux)
    guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
          let flagsLine = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
    else { return nil }
    let flags = Set(flagsLine.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ":" }).map(String.init))
    let haswell: Set<String> = ["avx2", "fma", "bmi1", "bmi2", "f16c", "movbe", "abm"]
    return haswell.isSubset(of: flags) ? "haswell" : nil
    #else
    return nil
    #endif
}

var librarySettings: [SwiftSetting] = []
var cpuCheckSettings: [CSetting] = []
if let cpu = hostTargetCPU() {
    librarySettings.append(.unsafeFlags(["-target-cpu", cpu]))
    librarySettings.append(.define("QUARRY_REQUIRES_HASWELL"))
    // The CLI checks at start that the running CPU has these features (QuarryCPUCheck.c).
    cpuCheckSettings.append(.define("QUARRY_REQUIRES_HASWELL"))
}

let package = Package(
    name: "Quarry",
    products: [
        .library(name: "Quarry", targets: ["Quarry"]),
        .executable(name: "quarry", targets: ["quarry"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .target(
            name: "Quarry",
            swiftSettings: librarySettings
        ),
        // Compiled for baseline x86-64 (no -target-cpu), so its check runs on any CPU.
        .target(
            name: "QuarryCPUCheck",
            cSettings: cpuCheckSettings
        ),
        .executableTarget(
            name: "quarry",
            dependencies: [
                "Quarry",
                "QuarryCPUCheck",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: librarySettings
        ),
        .testTarget(
            name: "QuarryTests",
            dependencies: ["Quarry"],
            swiftSettings: librarySettings
        ),
        .testTarget(
            name: "quarryTests",
            dependencies: ["quarry"],
            swiftSettings: librarySettings
        ),
    ]
)
