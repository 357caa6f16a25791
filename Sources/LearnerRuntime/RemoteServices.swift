import Foundation

// What every chapter's services and proxies share (see `Sources/Webhooks/Remote.swift`).

extension RemotePeer {
    /// A service's answer: decodes the arguments, runs `body`, encodes its result.
    public static func answer<Arguments: Decodable, Result: Encodable>(
        _ data: Data, _ type: Arguments.Type, _ body: (Arguments) throws -> Result
    ) throws -> Data {
        try encoder.encode(body(try decoder.decode(Arguments.self, from: data)))
    }

    /// Runs a call whose contract cannot throw: the starter's marker becomes `todo()`; any other
    /// error (which a non-throwing implementation cannot have thrown) ends the call as the other
    /// side's fault.
    public func proxied<T>(_ method: String, _ body: () throws -> T) -> T {
        do {
            return try body()
        } catch let marker as Unimplemented {
            todo(marker.what)
        } catch {
            fail(method, input: "", "a call that cannot throw threw: \(error)")
        }
    }
}

/// The arguments or result of a call that has none.
public struct RemoteNothing: Codable, Sendable {
    public init() {}
}

/// A method or object the service does not know.
public struct RemoteUnknownMethod: Error, Sendable, CustomStringConvertible {
    public var method: String
    public init(method: String) { self.method = method }
    public var description: String { "no remote method \(method)" }
}
