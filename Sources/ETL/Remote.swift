import Foundation
import LearnerRuntime
import SQLite

// The chapter's contracts across the process boundary (the pattern of `Sources/Webhooks/Remote.swift`).
// A `Connection` travels as the path of its database file, which the learner runner opens for the
// call: both processes see one database, and the checks' databases live in the runner's scratch
// folder (the grader points TMPDIR there), the only place the runner may write.

/// The runner's well-known objects.
enum ETLObject {
    static let normalizer: UInt64 = 1
    static let sql: UInt64 = 2
    static let incremental: UInt64 = 3
    static let changes: UInt64 = 4
}

extension ETLImplementations {
    /// The learner runner's services over `implementations`, by well-known id.
    public static func services(_ implementations: ETLImplementations) -> [UInt64: any RemoteServing] {
        [
            ETLObject.normalizer: NormalizerService(implementation: implementations.normalizer),
            ETLObject.sql: SQLService(implementation: implementations.sql),
            ETLObject.incremental: IncrementalService(implementation: implementations.incremental),
            ETLObject.changes: ChangesService(implementation: implementations.changes),
        ]
    }

    /// Proxies for the implementations served at the other end of `peer`.
    public static func remote(_ peer: RemotePeer) -> ETLImplementations {
        ETLImplementations(
            normalizer: RemoteNormalizer(peer: peer), sql: RemoteSQL(peer: peer),
            incremental: RemoteIncremental(peer: peer), changes: RemoteChanges(peer: peer))
    }

    /// The chapter's errors, rebuilt by type on the other side.
    public static var remoteErrorTypes: [String: @Sendable (Data) throws -> any Error] {
        Dictionary(uniqueKeysWithValues: [RemotePeer.decoder(for: ContactRejection.self)])
    }
}

/// The database file of `connection`, which the runner opens.
private func databasePath(_ connection: Connection) -> String {
    guard let path = connection.filePath else {
        preconditionFailure("a connection handed to the learner runner must be a file (ETLScratch.database)")
    }
    return path
}

/// Opens the database the grader named, for one call.
private func open(_ path: String) throws -> Connection { try Connection(.file(path)) }

// MARK: exercise 1

struct NormalizerService: RemoteServing {
    let implementation: any ContactNormalizing

    func serve(method: String, arguments: Data, peer: RemotePeer) throws -> Data {
        try RemotePeer.answer(arguments, RawContact.self) { try implementation.normalize($0) }
    }
}

struct RemoteNormalizer: ContactNormalizing {
    let peer: RemotePeer

    func normalize(_ raw: RawContact) throws -> Contact {
        try peer.call(ETLObject.normalizer, "normalize", raw, input: "\(raw)")
    }
}

// MARK: exercises 2 and 3

struct SQLService: RemoteServing {
    let implementation: any SQLExercises

    func serve(method: String, arguments: Data, peer: RemotePeer) throws -> Data {
        switch method {
        case "normalizeContactsSQL": try RemotePeer.encoder.encode(try implementation.normalizeContactsSQL())
        case "dedupeContactsSQL": try RemotePeer.encoder.encode(try implementation.dedupeContactsSQL())
        default: throw RemoteUnknownMethod(method: method)
        }
    }
}

struct RemoteSQL: SQLExercises {
    let peer: RemotePeer

    func normalizeContactsSQL() throws -> String {
        try peer.call(ETLObject.sql, "normalizeContactsSQL", RemoteNothing(), input: "normalize_contacts.sql")
    }

    func dedupeContactsSQL() throws -> String {
        try peer.call(ETLObject.sql, "dedupeContactsSQL", RemoteNothing(), input: "dedupe_contacts.sql")
    }
}

// MARK: exercise 4

struct ExtractArguments: Codable {
    var source: String
    var after: Watermark?
}

struct LoadArguments: Codable {
    var rows: [SourceRow]
    var source: String
    var warehouse: String
}

struct WatermarkArguments: Codable {
    var source: String
    var warehouse: String
}

struct IncrementalService: RemoteServing {
    let implementation: any IncrementalLoading

    func serve(method: String, arguments: Data, peer: RemotePeer) throws -> Data {
        switch method {
        case "extract":
            try RemotePeer.answer(arguments, ExtractArguments.self) {
                try implementation.extract(from: try open($0.source), after: $0.after)
            }
        case "load":
            try RemotePeer.answer(arguments, LoadArguments.self) {
                try implementation.load($0.rows, source: $0.source, into: try open($0.warehouse))
                return RemoteNothing()
            }
        case "watermark":
            try RemotePeer.answer(arguments, WatermarkArguments.self) {
                try implementation.watermark(for: $0.source, in: try open($0.warehouse))
            }
        default: throw RemoteUnknownMethod(method: method)
        }
    }
}

struct RemoteIncremental: IncrementalLoading {
    let peer: RemotePeer

    func extract(from source: Connection, after watermark: Watermark?) throws -> [SourceRow] {
        try peer.call(
            ETLObject.incremental, "extract", ExtractArguments(source: databasePath(source), after: watermark),
            input: "after: \(watermark.map(\.description) ?? "none")")
    }

    func load(_ rows: [SourceRow], source: String, into warehouse: Connection) throws {
        _ = try peer.call(
            ETLObject.incremental, "load",
            LoadArguments(rows: rows, source: source, warehouse: databasePath(warehouse)),
            returning: RemoteNothing.self, input: "source: \(source), rows: \(rows.map(\.description))")
    }

    func watermark(for source: String, in warehouse: Connection) throws -> Watermark? {
        try peer.call(
            ETLObject.incremental, "watermark", WatermarkArguments(source: source, warehouse: databasePath(warehouse)),
            input: "source: \(source)")
    }
}

// MARK: exercise 5

struct ApplyArguments: Codable {
    var changes: [ChangeEvent]
    var consumer: String
    var warehouse: String
}

struct PositionArguments: Codable {
    var consumer: String
    var warehouse: String
}

struct ChangesService: RemoteServing {
    let implementation: any ChangeApplying

    func serve(method: String, arguments: Data, peer: RemotePeer) throws -> Data {
        switch method {
        case "apply":
            try RemotePeer.answer(arguments, ApplyArguments.self) {
                try implementation.apply($0.changes, consumer: $0.consumer, to: try open($0.warehouse))
                return RemoteNothing()
            }
        case "committedPosition":
            try RemotePeer.answer(arguments, PositionArguments.self) {
                try implementation.committedPosition(consumer: $0.consumer, in: try open($0.warehouse))
            }
        default: throw RemoteUnknownMethod(method: method)
        }
    }
}

struct RemoteChanges: ChangeApplying {
    let peer: RemotePeer

    func apply(_ changes: [ChangeEvent], consumer: String, to warehouse: Connection) throws {
        _ = try peer.call(
            ETLObject.changes, "apply",
            ApplyArguments(changes: changes, consumer: consumer, warehouse: databasePath(warehouse)),
            returning: RemoteNothing.self, input: "consumer: \(consumer), changes: \(changes.map(\.description))")
    }

    func committedPosition(consumer: String, in warehouse: Connection) throws -> Int64? {
        try peer.call(
            ETLObject.changes, "committedPosition",
            PositionArguments(consumer: consumer, warehouse: databasePath(warehouse)), input: "consumer: \(consumer)")
    }
}
