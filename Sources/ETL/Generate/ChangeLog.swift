import Foundation
import LearnerRuntime
import SQLite

/// Reads and makes changes in the CRM source database (see ``CRMSource``).
public enum ChangeLog {
    /// Up to `limit` captured changes after `position` (from the start when `nil`), in order.
    /// - Throws: `SQLiteError`, or ``ChangeLogError`` for a row that is not a valid event (a
    ///   row image that is not JSON, an unknown operation, a create without an after image).
    /// - Complexity: O(`limit`) with the log's primary key.
    public static func read(from source: Connection, after position: Int64?, limit: Int) throws -> [ChangeEvent] {
        let query = try source.prepare(
            "SELECT position, op, key, before, after FROM _changes WHERE position > ? ORDER BY position LIMIT ?")
        try query.bind(position ?? 0, at: 1)
        try query.bind(Int64(max(0, limit)), at: 2)
        var events: [ChangeEvent] = []
        while try query.step() {
            let position = query.int64(at: 0)
            guard let op = query.string(at: 1), let operation = ChangeEvent.Operation(rawValue: op) else {
                throw ChangeLogError(
                    "invalid change log: position \(position): unknown operation \(query.string(at: 1) ?? "NULL")")
            }
            let before = try image(query.string(at: 3), position: position, side: "before")
            let after = try image(query.string(at: 4), position: position, side: "after")
            switch operation {
            case .create where after == nil, .update where after == nil:
                throw ChangeLogError("invalid change log: position \(position): \(op) without an after image")
            case .delete where before == nil:
                throw ChangeLogError("invalid change log: position \(position): d without a before image")
            default: break
            }
            events.append(
                ChangeEvent(
                    position: position, operation: operation, key: query.string(at: 2) ?? "", before: before,
                    after: after))
        }
        return events
    }

    /// The last position in the log (0 when empty).
    public static func lastPosition(in source: Connection) throws -> Int64 {
        try source.scalar("SELECT coalesce(max(position), 0) FROM _changes", as: Int64.self) ?? 0
    }

    private struct Image: Decodable {
        var email: String
        var country_code: String?
        var updated_at: String
    }

    private static func image(_ json: String?, position: Int64, side: String) throws -> ContactImage? {
        guard let json else { return nil }
        do {
            let image = try JSONDecoder().decode(Image.self, from: Data(json.utf8))
            return ContactImage(email: image.email, countryCode: image.country_code, updatedAt: image.updated_at)
        } catch {
            throw ChangeLogError("invalid change log: position \(position): the \(side) image is not a contact row")
        }
    }

    /// What ``mutate(source:changes:seed:)`` did.
    public struct Mutation: Sendable, Equatable {
        public var inserted = 0
        public var updated = 0
        public var deleted = 0
        /// The log's last position before and after.
        public var firstPosition: Int64 = 0
        public var lastPosition: Int64 = 0
    }

    /// Makes `changes` random inserts, updates and deletes in the CRM's `contacts` (about 25 %,
    /// 60 % and 15 %), in one transaction, each captured by the triggers. Updates change the
    /// email's case or domain or the country and move `updated_at` forward.
    /// - Parameters:
    ///   - source: The CRM database.
    ///   - changes: How many changes to make.
    ///   - seed: Equal seeds on equal databases make equal changes.
    /// - Returns: The counts and the log positions the changes took.
    public static func mutate(source: Connection, changes: Int, seed: UInt64) throws -> Mutation {
        var random = SeededGenerator(seed: seed)
        var mutation = Mutation()
        mutation.firstPosition = try lastPosition(in: source)
        try source.transaction {
            var ids = try source.rows("SELECT id FROM contacts ORDER BY id").compactMap { row -> String? in
                if case .text(let id) = row[0] { return id }
                return nil
            }
            let latest = try source.scalar("SELECT max(updated_at) FROM contacts", as: String.self)
            var clock = latest.flatMap(UTCTimestamp.seconds) ?? ContactWriter.firstSecond + ContactWriter.span
            let insert = try source.prepare(
                "INSERT INTO contacts (id, email, country_code, updated_at) VALUES (?, ?, ?, ?)")
            let update = try source.prepare(
                "UPDATE contacts SET email = coalesce(?2, email), country_code = ?3, updated_at = ?4 WHERE id = ?1")
            let delete = try source.prepare("DELETE FROM contacts WHERE id = ?")
            let countries = CountryTable.standard.countries.map(\.iso2)
            for _ in 0..<changes {
                clock += random.int(in: 1...7200)
                let now = SQLiteValue.text(UTCTimestamp.format(clock))
                let roll = random.below(100)
                if ids.isEmpty || roll < 25 {
                    let id = "C9" + random.digits(6)
                    guard !ids.contains(id) else { continue }
                    let email = "new.contact.\(random.digits(6))@\(random.pick(Person.domains))"
                    try insert.run([.text(id), .text(email), .text(random.pick(countries)), now])
                    ids.append(id)
                    mutation.inserted += 1
                } else if roll < 85 {
                    let id = random.pick(ids)
                    let email: SQLiteValue =
                        random.chance(0.5)
                        ? .null : .text("moved.\(random.digits(5))@\(random.pick(Person.domains))")
                    try update.run([.text(id), email, .text(random.pick(countries)), now])
                    mutation.updated += 1
                } else {
                    let index = random.below(ids.count)
                    try delete.run([.text(ids[index])])
                    ids.remove(at: index)
                    mutation.deleted += 1
                }
            }
        }
        mutation.lastPosition = try lastPosition(in: source)
        return mutation
    }
}
