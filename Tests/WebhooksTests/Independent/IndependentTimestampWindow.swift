// A second, independently written solution to webhook/4, for the similarity tests: it must score
// full marks and must not be flagged as a copy of the reference.
import Foundation
import Webhooks

/// Works in 128-bit integers, where no difference of two `Int64`s can overflow, and compares
/// the timestamp's offset from now with the tolerance instead of computing the two bounds.
struct IndependentTimestampWindow: TimestampChecking {
    func check(timestamp: Int64, now: Date, tolerance: Duration) throws {
        let allowed = Int128(tolerance.components.seconds < 0 ? 0 : tolerance.components.seconds)
        let offset = Int128(timestamp) - Self.unixSeconds(now)
        switch offset {
        case ..<(-allowed): throw WebhookError.tooOld
        case (allowed + 1)...: throw WebhookError.inFuture
        default: break
        }
    }

    /// Whole seconds since 1970, kept within `Int64` as a timestamp is.
    static func unixSeconds(_ date: Date) -> Int128 {
        let floored = date.timeIntervalSince1970.rounded(.down)
        if floored.isNaN || floored >= 0x1p63 { return Int128(Int64.max) }
        if floored < -0x1p63 { return Int128(Int64.min) }
        return Int128(Int64(floored))
    }
}
