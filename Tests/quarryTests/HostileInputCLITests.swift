import Foundation
import Testing

/// The hostile-input corpus (Tests/Fixtures/bad, made by make_bad_inputs.py): every case
/// exits with its documented code, prints exactly one stderr line naming the file and the
/// line/column or key, creates no output and changes no input.
@Suite struct HostileInputCLITests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var args: [String]
        var status: Int32
        var `where`: [String]
        var testDescription: String { name }
    }

    static let folder = CLI.packageRoot.appendingPathComponent("Tests/Fixtures/bad")

    static let cases: [Case] = {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent("cases.json").path),
              let list = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else { return [] }
        return list.map { c in
            Case(name: c["name"] as! String, args: c["args"] as! [String], status: Int32(c["status"] as! Int),
                 where: c["where"] as! [String])
        }
    }()

    @Test func corpusHasAtLeastOneHundredCases() {
        #expect(Self.cases.count >= 100)
    }

    @Test(arguments: cases)
    func hostileInput(_ c: Case) throws {
        let out = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        // The input is the case's file, except the 10 MB single line, generated here.
        var file = String(c.name.split(separator: "-")[0])
        var workDir = Self.folder
        if file == "ten_mb_line.csv" {
            workDir = out.appendingPathComponent("in")
            try FileManager.default.createDirectory(at: workDir, withIntermediateDirectories: true)
            for name in ["model.json"] {
                try FileManager.default.copyItem(at: Self.folder.appendingPathComponent(name), to: workDir.appendingPathComponent(name))
            }
            var line = "id,label,score,f1,f2\nr0,0,"
            line += String(repeating: "9", count: 10 << 20) + "x,1,2\n"
            try TrustFixture.write(line, file, in: workDir)
        }
        let outputs = out.appendingPathComponent("o")
        try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: true)
        let args = c.args.map { $0 == "FILE" ? file : $0.replacingOccurrences(of: "OUT", with: outputs.path + "/out") }
        file = workDir.appendingPathComponent(file).path
        let before = TrustFixture.snapshot(workDir)
        let result = try CLI.run(args, in: workDir)
        #expect(result.status == c.status, "\(c.name): \(result.stderr)")
        #expect(TrustFixture.snapshot(workDir) == before, "\(c.name) changed an input")
        #expect(TrustFixture.temporaries(in: workDir).isEmpty)
        guard c.status != 0 else { return }
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 1 && result.stderr.hasSuffix("\n"), "\(c.name): \(result.stderr.prefix(500))")
        #expect(result.stderr.utf8.count < 1000, "\(c.name): the message is \(result.stderr.utf8.count) bytes")
        for place in c.where {
            #expect(result.stderr.contains(place), "\(c.name): '\(place)' not in \(result.stderr.prefix(500))")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: outputs.path).isEmpty, "\(c.name) created an output")
    }
}
