// Exercise webhook/4: accept a timestamp only within the tolerance, in both directions.
//
// Accept `timestamp` when `now - tolerance <= timestamp <= now + tolerance`, counting `now` in whole
// seconds (drop its fraction). Throw `WebhookError.tooOld` or `WebhookError.inFuture` otherwise.
// Any Int64 timestamp must be handled without trapping.
import Foundation
import LearnerRuntime
import Webhooks

/// The window `[now - tolerance, now + tolerance]`.
public struct TimestampWindow: TimestampChecking {
    public init() {}

    public func check(timestamp: Int64, now: Date, tolerance: Duration) throws {
        // TODO: compare with both bounds, without arithmetic that can overflow.
        throw Unimplemented()
    }
}
