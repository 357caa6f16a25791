import Foundation

// The model travels between the trusted grader and the learner runner as JSON; a key carries its
// secret, not its keyed HMAC state.

extension WebhookKey: Codable {
    private enum CodingKeys: String, CodingKey { case id, secret, notBefore, notAfter }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(String.self, forKey: .id),
            secret: try container.decode([UInt8].self, forKey: .secret),
            notBefore: try container.decodeIfPresent(Date.self, forKey: .notBefore),
            notAfter: try container.decodeIfPresent(Date.self, forKey: .notAfter))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(secret, forKey: .secret)
        try container.encodeIfPresent(notBefore, forKey: .notBefore)
        try container.encodeIfPresent(notAfter, forKey: .notAfter)
    }
}
