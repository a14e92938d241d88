import Foundation
import Testing

/// One page of `Guides/`: its data, and its runnable blocks (see Guides/README.md for the format).
struct GuidePage: CustomStringConvertible, Sendable {
    /// A ```` ```console ```` block: commands, each with the output shown under it.
    struct Block: Sendable {
        /// Line index (0-based) of the opening fence and of the closing fence.
        var open: Int, close: Int
        /// The `mask=` regular expression, if any: its matches are compared as `…`.
        var mask: String?
        var steps: [Step]
    }

    /// `$ command` (with ` \` continuation lines) and the lines shown after it.
    struct Step: Sendable {
        var commandLines: [String]
        var output: [String]
        /// The command as the shell gets it (continuations joined).
        var command: String { commandLines.map { $0.hasSuffix(" \\") ? String($0.dropLast(2)) : $0 }.joined(separator: " ") }
    }

    let url: URL
    let lines: [String]
    /// Repository paths copied into the working folder (`<!-- guide-data: … -->`).
    let data: [String]
    let blocks: [Block]

    var description: String { url.lastPathComponent }

    static let folder = CLI.packageRoot.appendingPathComponent("Guides")

    /// Every guide page (every `.md` in `Guides/` but the README), sorted.
    static func all() -> [GuidePage] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".md") && $0 != "README.md" }.sorted().compactMap {
            try? GuidePage(url: folder.appendingPathComponent($0))
        }
    }

    init(url: URL) throws {
        self.url = url
        let text = try String(contentsOf: url, encoding: .utf8)
        lines = text.components(separatedBy: "\n")
        var data: [String] = []
        var blocks: [Block] = []
        var i = 0
        while i < lines.count {
            let line = lines[i]
            if line.hasPrefix("<!-- guide-data:") {
                data += line.dropFirst("<!-- guide-data:".count).replacingOccurrences(of: "-->", with: "")
                    .split(separator: " ").map(String.init)
            }
            guard line.hasPrefix("```console") else { i += 1; continue }
            let info = line.dropFirst("```console".count).trimmingCharacters(in: .whitespaces)
            let mask = info.hasPrefix("mask=") ? String(info.dropFirst("mask=".count)) : nil
            var steps: [Step] = []
            var j = i + 1
            var continuing = false
            while j < lines.count, lines[j] != "```" {
                let l = lines[j]
                if continuing {
                    steps[steps.count - 1].commandLines.append(l)
                    continuing = l.hasSuffix(" \\")
                } else if l.hasPrefix("$ ") {
                    steps.append(Step(commandLines: [String(l.dropFirst(2))], output: []))
                    continuing = l.hasSuffix(" \\")
                } else if !steps.isEmpty {
                    steps[steps.count - 1].output.append(l)
                }
                j += 1
            }
            blocks.append(Block(open: i, close: j, mask: mask, steps: steps))
            i = j + 1
        }
        self.data = data
        self.blocks = blocks
    }

    /// A fresh working folder holding copies of the page's data (a file by its name, a folder's contents).
    func workspace() throws -> URL {
        let directory = try CLI.temporaryDirectory()
        let fm = FileManager.default
        for path in data {
            let source = CLI.packageRoot.appendingPathComponent(path)
            var isFolder: ObjCBool = false
            guard fm.fileExists(atPath: source.path, isDirectory: &isFolder) else {
                throw GuideError("\(url.lastPathComponent): guide-data '\(path)' does not exist")
            }
            let items = isFolder.boolValue ? try fm.contentsOfDirectory(atPath: source.path).map { source.appendingPathComponent($0) } : [source]
            for item in items { try fm.copyItem(at: item, to: directory.appendingPathComponent(item.lastPathComponent)) }
        }
        return directory
    }

    /// Runs `command` with `/bin/sh` in `directory`, the built `quarry` first on PATH; stdout
    /// and stderr together, as a terminal would interleave them.
    static func run(_ command: String, in directory: URL) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exec 2>&1; " + command]
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = CLI.binary.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["LC_ALL"] = "C"
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// `text` with every match of `mask` replaced by `…`.
    static func masked(_ text: String, _ mask: String?) -> String {
        guard let mask else { return text }
        return text.replacingOccurrences(of: mask, with: "…", options: .regularExpression)
    }
}

struct GuideError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Every command in every guide runs against the built binary, and the output the guide shows
/// is the output produced. With `QUARRY_UPDATE_GUIDES=1` (Scripts/update-guides) the pages are
/// rewritten with the outputs produced instead.
@Suite struct GuideTests {
    static let updating = ProcessInfo.processInfo.environment["QUARRY_UPDATE_GUIDES"] == "1"

    @Test func everyGuideHasRunnableCommands() {
        let pages = GuidePage.all()
        #expect(pages.count >= 10)
        for page in pages {
            #expect(!page.data.isEmpty, "\(page): no <!-- guide-data: … --> line")
            #expect(page.blocks.contains { $0.steps.contains { $0.command.hasPrefix("quarry ") } }, "\(page): no quarry command")
        }
    }

    @Test(arguments: GuidePage.all())
    func outputsShownAreOutputsProduced(page: GuidePage) throws {
        let directory = try page.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        var lines = page.lines
        // Replace blocks from the last, so earlier line numbers stay valid.
        var replacements: [(range: Range<Int>, lines: [String])] = []
        for block in page.blocks {
            var produced: [String] = []
            for step in block.steps {
                let (status, output) = try GuidePage.run(step.command, in: directory)
                #expect(status == 0, "\(page): `\(step.command)` exited with \(status):\n\(output)")
                var outputLines = output.components(separatedBy: "\n")
                if outputLines.last == "" { outputLines.removeLast() }
                let shown = GuidePage.masked(step.output.joined(separator: "\n"), block.mask)
                let actual = GuidePage.masked(outputLines.joined(separator: "\n"), block.mask)
                // Updating keeps the page's text where only masked values (seconds) differ, so a
                // refresh's diff shows real changes only.
                produced += ["$ " + step.commandLines[0]] + step.commandLines.dropFirst() + (shown == actual ? step.output : outputLines)
                if !Self.updating {
                    #expect(shown == actual, "\(page): the output of `\(step.command)` differs from the guide (run Scripts/update-guides)")
                }
            }
            replacements.append(((block.open + 1)..<block.close, produced))
        }
        if Self.updating {
            for r in replacements.reversed() { lines.replaceSubrange(r.range, with: r.lines) }
            let text = lines.joined(separator: "\n")
            if text != page.lines.joined(separator: "\n") { try text.write(to: page.url, atomically: true, encoding: .utf8) }
        }
    }
}
