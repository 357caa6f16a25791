// Exercise webhook/4: accept a timestamp only within the tolerance, in both directions.
import Foundation
import Webhooks

/// The window `[now - tolerance, now + tolerance]`, in whole seconds, bounds included.
public struct TimestampWindow: TimestampChecking {
    public init() {}

    public func check(timestamp: Int64, now: Date, tolerance: Duration) throws {
        let nowSeconds = wholeSeconds(now)
        let slack = max(0, tolerance.components.seconds)
        // Compute the bounds with saturating arithmetic rather than `now - timestamp`, which a
        // hostile timestamp near Int64.min would overflow.
        let (oldest, underflow) = nowSeconds.subtractingReportingOverflow(slack)
        let (newest, overflow) = nowSeconds.addingReportingOverflow(slack)
        if timestamp < (underflow ? .min : oldest) { throw WebhookError.tooOld }
        if timestamp > (overflow ? .max : newest) { throw WebhookError.inFuture }
    }

    /// `date` floored to whole Unix seconds, clamped to `Int64`.
    func wholeSeconds(_ date: Date) -> Int64 {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        guard seconds.isFinite else { return seconds < 0 ? .min : .max }
        if seconds >= 9.223_372_036_854_775_807e18 { return .max }
        if seconds <= -9.223_372_036_854_775_808e18 { return .min }
        return Int64(seconds)
    }
}
