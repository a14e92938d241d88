import Foundation
import Testing
@testable import Quarry

/// `AtomicFile` destinations and `FileIdentity` (issue 12), in process.
@Suite struct AtomicFileTests {
    @Test func symbolicLinkChainIsFollowedAndModeKept() throws {
        let target = IOTestSupport.scratch("target.txt")
        let middle = IOTestSupport.scratch("middle.txt"), link = IOTestSupport.scratch("link.txt")
        defer { for p in [target, middle, link] { unlink(p) } }
        try AtomicFile.write(Array("old".utf8), to: target)
        chmod(target, 0o640)
        symlink(target, middle)
        symlink(middle, link)
        let file = try AtomicFile(path: link)
        #expect(file.resolvedPath == target)
        #expect(TemporaryFiles.registered.contains(file.temporaryPath!))
        try file.write("new")
        try file.commit()
        #expect(!TemporaryFiles.registered.contains(file.temporaryPath!))
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "new")
        var info = stat()
        #expect(lstat(link, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK)
        #expect(stat(target, &info) == 0 && info.st_mode & 0o777 == 0o640)
    }

    @Test func danglingLinkCreatesItsTarget() throws {
        let target = IOTestSupport.scratch("created.txt"), link = IOTestSupport.scratch("dangling.txt")
        defer { unlink(target); unlink(link) }
        symlink(target, link)
        try AtomicFile.write(Array("x".utf8), to: link)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "x")
    }

    @Test func linkLoopIsAnError() {
        let a = IOTestSupport.scratch("loop-a"), b = IOTestSupport.scratch("loop-b")
        defer { unlink(a); unlink(b) }
        symlink(a, b)
        symlink(b, a)
        #expect(throws: IOFailure.self) { try AtomicFile(path: a) }
    }

    @Test func devicesAndDashAreStreams() throws {
        #expect(AtomicFile.writesAsStream("-"))
        #expect(AtomicFile.writesAsStream("/dev/null"))
        #expect(!AtomicFile.writesAsStream(IOTestSupport.scratch("none.csv")))
        let file = try AtomicFile(path: "/dev/null")
        #expect(file.isStream)
        try file.write("discarded")
        try file.commit()
        let full = try AtomicFile(path: "/dev/full")
        try full.write("x")
        #expect(throws: IOFailure.self) { try full.commit() }
    }

    @Test func directoryIsRefused() {
        #expect(throws: IOFailure.self) { try AtomicFile(path: NSTemporaryDirectory()) }
    }

    @Test func sameFileThroughHardAndSymbolicLinks() throws {
        let input = try IOTestSupport.scratchFile("in.csv", "a\n1\n")
        let hard = IOTestSupport.scratch("hard.csv"), soft = IOTestSupport.scratch("soft.csv"), other = IOTestSupport.scratch("other.csv")
        defer { for p in [input, hard, soft, other] { unlink(p) } }
        link(input, hard)
        symlink(input, soft)
        for output in [input, hard, soft] {
            #expect(throws: IOFailure.self) { try FileIdentity.requireDistinct(outputs: [output], inputs: [input]) }
        }
        try FileIdentity.requireDistinct(outputs: [other, "-", "/dev/null"], inputs: [input, "-", "/dev/null"])
        try AtomicFile.write([1], to: other)
        #expect(throws: IOFailure.self) { try FileIdentity.requireDistinct(outputs: [other, other], inputs: [input]) }
    }
}
