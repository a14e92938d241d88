import Foundation
import Testing
@testable import Quarry

/// Renders each report kind in headless Chromium and checks the screenshot: the size asked
/// for, and not blank (many pixels off the background colour, several colours).
///
/// Skipped, with the reason printed, only when no Chromium is installed (`.ci/run` installs
/// Debian's `chromium`, so CI runs it). Inflating the PNG uses `python3`'s zlib (the toolchain
/// has no inflate); the unfiltering and the pixel counts are here.
@Suite(.serialized) struct ReportBrowserTests {
    static let width = 900, height = 1600

    /// The first of `chromium`, `chromium-browser`, `google-chrome` on PATH.
    static let browser: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
            for dir in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
                return "\(dir)/\(name)"
            }
        }
        return nil
    }()

    /// Runs `executable` with `arguments`, killing it after `timeout` seconds.
    /// - Returns: the exit status, or `nil` on timeout.
    static func run(_ executable: String, _ arguments: [String], timeout: Double, stdout: FileHandle? = nil) throws -> Int32? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = stdout ?? FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            return nil
        }
        return process.terminationStatus
    }

    /// The screenshot's width, height and RGB(A) pixels, inflated by python3 and unfiltered here.
    static func pixels(_ png: String) throws -> (width: Int, height: Int, channels: Int, data: [UInt8]) {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: png)))
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]), "not a PNG")
        func u32(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        let width = u32(16), height = u32(20)
        let colourType = bytes[25]
        #expect(bytes[24] == 8 && (colourType == 2 || colourType == 6), "8-bit RGB or RGBA expected")
        let channels = colourType == 6 ? 4 : 3
        let raw = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-report-\(UUID().uuidString).raw")
        defer { try? FileManager.default.removeItem(at: raw) }
        let script = """
        import struct, sys, zlib
        data = open(sys.argv[1], "rb").read(); pos = 8; idat = b""
        while pos < len(data):
            n, = struct.unpack(">I", data[pos:pos + 4]); kind = data[pos + 4:pos + 8]
            if kind == b"IDAT": idat += data[pos + 8:pos + 8 + n]
            pos += 12 + n
        open(sys.argv[2], "wb").write(zlib.decompress(idat))
        """
        let status = try run("/usr/bin/env", ["python3", "-c", script, png, raw.path], timeout: 60)
        try #require(status == 0, "python3 could not inflate \(png)")
        let filtered = [UInt8](try Data(contentsOf: raw))
        let stride = width * channels
        try #require(filtered.count == height * (stride + 1))
        var out = [UInt8](repeating: 0, count: height * stride)
        for y in 0..<height {
            let filter = filtered[y * (stride + 1)]
            let line = y * (stride + 1) + 1
            for i in 0..<stride {
                let x = Int(filtered[line + i])
                let a = i >= channels ? Int(out[y * stride + i - channels]) : 0
                let b = y > 0 ? Int(out[(y - 1) * stride + i]) : 0
                let c = i >= channels && y > 0 ? Int(out[(y - 1) * stride + i - channels]) : 0
                let predictor: Int
                switch filter {
                case 1: predictor = a
                case 2: predictor = b
                case 3: predictor = (a + b) / 2
                case 4:
                    let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    predictor = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
                default: predictor = 0
                }
                out[y * stride + i] = UInt8((x + predictor) & 0xFF)
            }
        }
        return (width, height, channels, out)
    }

    @Test func everyReportKindRendersInHeadlessChromium() throws {
        guard let browser = Self.browser else {
            print("ReportBrowserTests skipped: no chromium, chromium-browser or google-chrome on PATH (.ci/run installs Debian's chromium)")
            return
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-report-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, make) in ReportFixture.kinds {
            let html = folder.appendingPathComponent("\(name).html")
            let png = folder.appendingPathComponent("\(name).png")
            try make().html.write(to: html, atomically: true, encoding: .utf8)
            let status = try Self.run(browser, [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--hide-scrollbars",
                "--user-data-dir=\(folder.appendingPathComponent("profile").path)",
                "--screenshot=\(png.path)", "--window-size=\(Self.width),\(Self.height)", html.absoluteString,
            ], timeout: 60)
            try #require(status != nil, "\(name): Chromium did not finish within 60 s")
            try #require(FileManager.default.fileExists(atPath: png.path), "\(name): Chromium wrote no screenshot (exit \(status!))")
            let image = try Self.pixels(png.path)
            #expect(image.width == Self.width && image.height == Self.height, "\(name): \(image.width)×\(image.height)")
            // Count pixels off the most common colour, and distinct colours (quantized).
            var histogram: [UInt32: Int] = [:]
            for p in stride(from: 0, to: image.data.count, by: image.channels) {
                let key = UInt32(image.data[p]) << 16 | UInt32(image.data[p + 1]) << 8 | UInt32(image.data[p + 2])
                histogram[key, default: 0] += 1
            }
            let background = histogram.values.max() ?? 0
            let total = image.width * image.height
            let inked = Double(total - background) / Double(total)
            let colours = Set(histogram.keys.map { ($0 >> 20 & 0xF) << 8 | ($0 >> 12 & 0xF) << 4 | ($0 >> 4 & 0xF) }).count
            #expect(inked > 0.03, "\(name): only \(inked * 100)% of the pixels differ from the background")
            #expect(colours >= 12, "\(name): only \(colours) colours")
        }
    }
}
