import Foundation
import Grading

/// A 64-bit FNV-1a digest of named file contents: which files a build compiled, or whether a
/// save changed anything. Not a security digest: it keys caches and skips no-op saves.
struct ContentDigest {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    /// Mixes in `bytes`.
    mutating func mix(_ bytes: some Sequence<UInt8>) {
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x100_0000_01b3
        }
    }

    /// Mixes in a file's name, length and contents (so that moving bytes between files counts).
    mutating func mix(name: String, contents: Data) {
        mix(name.utf8)
        mix(String(contents.count).utf8)
        mix(contents)
    }

    /// The digest of `files` (name → location), in byte order of their names.
    static func of(_ files: [String: URL]) throws -> ContentDigest {
        var digest = ContentDigest()
        for name in files.keys.sortedByBytes() {
            digest.mix(name: name, contents: try Data(contentsOf: files[name]!))
        }
        return digest
    }

    /// The value in hexadecimal.
    var hex: String { String(value, radix: 16) }
}
